import { test, expect } from '@playwright/test';
import crypto from 'node:crypto';
import http from 'node:http';
import { contextAs } from './admin-support';

/**
 * Issue 14 in the browser against the real server (workers inside it): an administrator creates
 * a 12345 client with a callback; the client posts a complaint with its key; the complaint shows
 * in the admin table with channel 12345 (filter); a supervisor accepts, starts and closes it with
 * feedback; the signed callback reaches a local receiver that is down at first and arrives once
 * it is back. (The Open311 variant is added at merge.)
 */
test('a 12345 client’s complaint: channel in the table, closed with feedback, signed callback after the receiver comes back', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  let up = false;
  const received: { raw: string; headers: http.IncomingHttpHeaders }[] = [];
  const receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (!up) {
        res.writeHead(503).end();
        return;
      }
      received.push({ raw, headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;

  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  await page.goto('/admin/clients');
  const form = page.locator('form', { has: page.getByRole('button', { name: '创建并生成密钥' }) });
  const name = `e2e 12345热线 ${Date.now()}`;
  await form.getByLabel(/^名称/).fill(name);
  await form.locator('select[name="channel"]').selectOption('12345');
  await form.getByLabel(/^回调地址/).fill(`http://127.0.0.1:${port}/callback`);
  await form.getByRole('button', { name: '创建并生成密钥' }).click();
  const issued = page.getByTestId('issued-key');
  await expect(issued).toContainText(name);
  const key = (await issued.locator('code').nth(0).textContent())!.trim();
  const secret = (await issued.locator('code').nth(1).textContent())!.trim();
  expect(key).toMatch(/^cdp_/);

  const requestId = `GD-E2E-${Date.now()}`;
  const r = await page.request.post('/api/complaints', {
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    data: {
      unlistedName: '幸福路无牌诊所（e2e）',
      unlistedAddress: '幸福路12号',
      category: '执业资质',
      description: '居民楼一楼无证行医、给人输液。（e2e 测试）',
      anonymous: false,
      name: '王五',
      phone: '13900000003',
      clientRequestId: requestId,
    },
  });
  expect(r.status()).toBe(201);
  const trackingNo = ((await r.json()) as { trackingNo: string }).trackingNo;
  const wrongKey = await page.request.post('/api/complaints', { headers: { Authorization: 'Bearer cdp_nope', 'Content-Type': 'application/json' }, data: {} });
  expect(wrongKey.status()).toBe(401);

  await page.goto('/admin/complaints');
  await page.getByLabel('来源渠道').selectOption('12345');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/channel=12345/);
  const row = page.getByRole('row', { name: new RegExp(trackingNo) });
  await expect(row).toContainText('12345热线');
  await row.getByRole('link', { name: trackingNo }).click();

  await page.getByRole('button', { name: '受理', exact: true }).click();
  await page.getByRole('button', { name: '开始调查', exact: true }).click();
  const close = page.locator('form', { has: page.getByRole('button', { name: '办结', exact: true }) });
  await close.locator('select[name="outcome"]').selectOption('查实');
  await close.locator('textarea[name="findings"]').fill('经查属实，已立案。');
  await close.getByLabel(/^给举报人的反馈/).fill('经查属实，已依法处理，感谢您的监督。');
  await close.getByRole('button', { name: '办结', exact: true }).click();
  await expect(page.getByText('已办结').first()).toBeVisible();

  // The receiver was down for every first attempt; it comes back and the callbacks arrive.
  await page.waitForTimeout(2_000);
  expect(received).toHaveLength(0);
  up = true;
  await expect.poll(() => received.map((c) => (JSON.parse(c.raw) as { status: string }).status).includes('已办结'), { timeout: 150_000 }).toBe(true);
  const closed = received.find((c) => (JSON.parse(c.raw) as { status: string }).status === '已办结')!;
  expect(JSON.parse(closed.raw)).toMatchObject({ client_request_id: requestId, outcome: '查实', status: '已办结' });
  expect(closed.headers['x-signature']).toBe(`sha256=${crypto.createHmac('sha256', secret).update(closed.raw).digest('hex')}`);
  expect(closed.headers['idempotency-key']).toMatch(/^client\.callback:\d+$/);
  receiver.close();
  await admin.close();
});
