// Publishing swaps the public site atomically: pages requested in a loop while `npm run publish`
// rebuilds never fail, and afterwards `current` points at the new release.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

const dataDir = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e');
const currentLink = path.join('.releases', crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 10), 'current');

test('only administrators can open the publish page', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  expect((await (await ctx.newPage()).goto('/admin/publish'))?.status()).toBe(403);
  await ctx.close();
  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  expect((await page.goto('/admin/publish'))?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: /与当前公众网站相比/ })).toBeVisible();
  await admin.close();
});

test('npm run publish switches atomically while pages are requested in a loop', async ({ request, baseURL }) => {
  test.setTimeout(600_000);
  const before = fs.readlinkSync(currentLink);
  const [inst] = await e2eDb()<{ code: string }[]>`SELECT code FROM institutions ORDER BY id LIMIT 1`;
  const paths = ['/', `/i/${inst!.code}/`, '/favicon.svg'];
  const failures: string[] = [];
  let requests = 0;
  let running = true;
  const loop = async (p: string) => {
    while (running) {
      try {
        const r = await request.get(p, { maxRedirects: 0, timeout: 20_000 });
        requests++;
        if (r.status() !== 200) failures.push(`${p} → ${r.status()}`);
        else await r.body();
      } catch (e) {
        failures.push(`${p} → ${(e as Error).message}`);
      }
    }
  };
  const loops = paths.flatMap((p) => [loop(p), loop(p)]);

  const env = {
    ...process.env,
    PATH: `${path.resolve('node_modules/.bin')}:${process.env['PATH']}`,
    DATABASE_URL: process.env['E2E_DATABASE_URL']!,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: new URL(baseURL!).port,
    PUBLIC_URL: baseURL!,
  };
  const output: string[] = [];
  const t0 = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn('node_modules/.bin/tsx', ['scripts/publish.ts', '--as', 'admin', '--reason', '端到端测试发布'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr.on('data', (b: Buffer) => output.push(b.toString()));
    child.on('close', (c) => resolve(c ?? 1));
  });
  await new Promise((r) => setTimeout(r, 1500)); // keep requesting a little after the switch
  running = false;
  await Promise.all(loops);

  console.log(`publish: ${((Date.now() - t0) / 1000).toFixed(1)} s, ${requests} requests during it, ${failures.length} failed`);
  expect(code, output.join('')).toBe(0);
  expect(output.join('')).toContain('已发布');
  const after = fs.readlinkSync(currentLink);
  expect(after).not.toBe(before);
  const [pub] = await e2eDb()<{ release_id: string; status: string }[]>`SELECT release_id, status FROM publications ORDER BY id DESC LIMIT 1`;
  expect(pub).toEqual({ release_id: after, status: '已发布' });
  expect(failures).toEqual([]);
  expect(requests).toBeGreaterThan(30);
  const [audit] = await e2eDb()<
    { actor_name: string; reason: string }[]
  >`SELECT actor_name, reason FROM audit_log WHERE action = 'publish.switch' ORDER BY id DESC LIMIT 1`;
  expect(audit).toEqual({ actor_name: 'admin', reason: '端到端测试发布' });
  // The on-demand routes still work after the switch (the server's own release folder is kept).
  expect((await request.get('/admin/login')).status()).toBe(200);
});

test('an administrator builds, previews and publishes from the supervisor area', async ({ browser, baseURL, request }) => {
  test.setTimeout(600_000);
  const before = fs.readlinkSync(currentLink);
  const ctx = await contextAs(browser, 'admin', baseURL!);
  const page = await ctx.newPage();
  await page.goto('/admin/publish');
  // Issue 17: the baseline is what the current release was built from (start-up build included),
  // so unchanged levels are not announced; the version's time is Beijing time, not raw UTC.
  await expect(page.locator('.publish-summary')).not.toContainText('等级变化');
  await expect(page.getByText(/当前公众网站版本：.*生成于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}）/)).toBeVisible();
  await page.getByRole('button', { name: '生成新版本' }).click();
  await expect(page.getByRole('status').first()).toContainText('已开始生成新版本');
  // The page refreshes itself every 5 s while building; the public site keeps answering meanwhile.
  await expect(page.getByRole('heading', { name: /^待发布版本/ })).toBeVisible({ timeout: 300_000 });
  // The status follows the build, and the change list is shown once.
  await expect(page.getByRole('status').first()).toContainText('新版本已生成');
  await expect(page.getByText('已开始生成新版本')).toHaveCount(0);
  await expect(page.locator('.publish-summary')).toHaveCount(1);
  expect((await request.get('/')).status()).toBe(200);
  expect(fs.readlinkSync(currentLink)).toBe(before);
  const previewHref = await page.getByRole('link', { name: '预览新版本首页' }).getAttribute('href');
  const preview = await page.request.get(previewHref!);
  expect(preview.status()).toBe(200);
  expect(await preview.text()).toContain(`href="${previewHref}`);
  await page.getByLabel(/发布说明/).fill('界面发布测试');
  await page.getByRole('button', { name: '确认发布' }).click();
  await expect(page.getByRole('status')).toContainText('新版本已发布');
  const staged = previewHref!.split('/')[4]!;
  expect(fs.readlinkSync(currentLink)).toBe(staged);
  expect((await request.get('/')).status()).toBe(200);
  const [audit] = await e2eDb()<
    { actor_name: string; reason: string }[]
  >`SELECT actor_name, reason FROM audit_log WHERE action = 'publish.switch' ORDER BY id DESC LIMIT 1`;
  expect(audit).toEqual({ actor_name: 'admin', reason: '界面发布测试' });
  await ctx.close();
});
