import { test, expect } from '@playwright/test';

// Behind a reverse proxy that terminates HTTPS (src/server/forwarded.ts, astro.config.mjs): the
// end-to-end server runs with TRUSTED_PROXIES=127.0.0.1, and these requests play the proxy's part
// by sending the headers nginx would add.

const complaint = (n: number) => ({
  unlistedName: '代理测试无牌诊所',
  unlistedAddress: '示范县代理路1号',
  category: '执业资质',
  description: `经反向代理提交的测试投诉（第${n}件）。`,
  anonymous: true,
});

test('per-address limits count the client named by the proxy, not the proxy', async ({ request }, testInfo) => {
  // Fresh addresses for each run, in a range of each project's own (the limits last a minute).
  const octet = (testInfo.project.name === 'mobile' ? 10 : 130) + Math.floor(Math.random() * 100);
  const [first, second] = [`203.0.113.${octet}`, `203.0.113.${octet + 1}`];
  const post = (client: string, n: number) =>
    request.post('/api/complaints', { data: complaint(n), headers: { 'X-Forwarded-For': `198.51.100.200, ${client}` } });
  // The default limit is 20 a minute per address; the leftmost address is the client's own claim and is ignored.
  for (let i = 0; i < 20; i++) expect((await post(first, i)).status()).toBe(201);
  const over = await post(first, 20);
  expect(over.status()).toBe(429);
  expect(((await over.json()) as { error: string }).error).toContain('提交过于频繁');
  // Another citizen behind the same proxy is not affected.
  expect((await post(second, 21)).status()).toBe(201);
});

test('a form posted from the HTTPS site passes the origin checks through a plain-HTTP proxy hop', async ({ request, baseURL }) => {
  const proxied = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.63' };
  const form = await request.get('/complaints/new', { headers: proxied });
  expect(form.status()).toBe(200);
  const token = /name="_token" value="([^"]+)"/.exec(await form.text())?.[1];
  expect(token).toBeTruthy();
  // An unlisted place is routed by its township (issue 17 item 14): take the first one offered.
  const regionCode = /name="regionCode"[\s\S]*?<option value="(\d+)"/.exec(await form.text())?.[1];
  expect(regionCode).toBeTruthy();
  await new Promise((r) => setTimeout(r, 3_200)); // the minimum fill time
  const host = new URL(baseURL!).host;
  const r = await request.post('/complaints/new', {
    headers: { ...proxied, Origin: `https://${host}` },
    form: { _token: token!, website: '', ...complaint(99), anonymous: '1', regionCode: regionCode! },
    maxRedirects: 0,
  });
  expect(await r.text()).not.toContain('Cross-site');
  expect(r.status()).toBe(303);
  expect(r.headers()['location']).toContain('/complaints/submitted');
});
