// Issue 18, item 4: without the SITE_* variables no identity label appears — not "网站标识码："
// with nothing after it. An empty deployment of its own (tests/e2e/empty-site.ts), started without
// them (the main e2e server has them, tests/e2e/global-setup.ts).
import { test, expect } from '@playwright/test';
import { startEmptySite, type EmptySite } from './empty-site';

const PORT = Number(process.env['E2E_PORT'] ?? 4399) + 13;
let site: EmptySite;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run: it starts its own server');
  test.setTimeout(600_000);
  // Even when the shell running the tests has them (the acceptance check exports them).
  for (const k of Object.keys(process.env)) if (k.startsWith('SITE_')) delete process.env[k];
  site = await startEmptySite('identityunset', PORT, []);
});

test.afterAll(async () => {
  await site?.stop();
});

test('without the site-identity variables the footers show no identity label, only the publisher line', async ({ request }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  for (const path of ['/', '/sitemap/', '/contact/', '/about/licence/', '/complaints/new', '/complaints/status']) {
    const html = await (await request.get(`${site.base}${path}`)).text();
    const footer = /<footer class="site-footer">([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? '';
    expect(footer, path).toContain('网站地图');
    for (const label of ['网站标识码', 'ICP备案', '公安备案', '主办单位', '承办单位']) expect(footer, `${path}: ${label}`).not.toContain(label);
    expect(footer, path).toMatch(/主办 · 依据/);
  }
  // 联系我们 says there is no contact yet instead of empty lines.
  const contact = await (await request.get(`${site.base}/contact/`)).text();
  expect(contact).toContain('网站联系方式尚未公布');
  expect(contact).not.toContain('联系电话');
});
