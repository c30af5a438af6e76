// Issue 13 items 3–5 in the browser: an administrator plans a 双随机 draw, publishes its seed hash
// (the public page shows the hash BEFORE the draw), draws, records results for some institutions,
// publishes them and the site → /inspections/{id}/ shows plan, list and results, the drawn
// institutions' pages link to it, and `npm run draw:verify` recomputes the published draw.json
// exactly — and refuses a tampered seed and a tampered list.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';
import { publishFromAdmin } from './empty-site';
import { axeViolations } from '../support/axe';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

function verify(source: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/draw-verify.ts', source], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('双随机: plan → publish hash → publish site → draw → results → publish → verify', async ({ browser, baseURL, request }) => {
  test.setTimeout(900_000);
  const db = e2eDb();
  const [region] = await db<{ code: string }[]>`
    SELECT sr.region_code AS code FROM supervisor_regions sr JOIN supervisors s ON s.id = sr.supervisor_id WHERE s.username = 'district' LIMIT 1`;
  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });

  // 1. Plan.
  await page.goto('/admin/draws');
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('admin-draws.png'), fullPage: true });
  await page.getByLabel(/^标题/).fill('端到端双随机抽查');
  await page.getByLabel(/^抽取范围/).selectOption(region!.code);
  await page.getByLabel(/^抽取规则/).fill('差|*|* 100%\n* 10%');
  await page.getByRole('button', { name: '保存抽取计划' }).click();
  await expect(page.getByRole('status')).toContainText('抽取计划已保存');
  const id = Number(/\/admin\/draws\/(\d+)/.exec(page.url())?.[1]);
  expect(id).toBeGreaterThan(0);

  // 2. Publish the hash, then the site: the hash is public before the draw.
  await page.getByRole('button', { name: '公布种子哈希' }).click();
  await expect(page.getByRole('status')).toContainText('种子哈希已公布');
  const hash = (await page.locator('dd code').first().textContent())?.trim() ?? '';
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await publishFromAdmin(page, '公布双随机抽取的种子哈希（端到端测试）');
  const before = await request.get('/inspections/');
  expect(await before.text()).toContain(hash);
  const beforeDraw = await (await request.get(`/inspections/${id}/`)).text();
  expect(beforeDraw).toContain(hash);
  expect(beforeDraw).toContain('抽取结果公开时公布');
  expect((await request.get(`/inspections/${id}/draw.json`)).status()).toBe(404);

  // 3. Draw; 4. record results for two institutions.
  await page.goto(`/admin/draws/${id}`);
  await page.getByRole('button', { name: '抽取', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('已抽取');
  const rows = page.locator('tr[id^="item-"]');
  expect(await rows.count()).toBeGreaterThan(1);
  const drawn = await db<{ code: string; name: string }[]>`
    SELECT i.code, i.name FROM draw_items x JOIN institutions i ON i.id = x.institution_id WHERE x.draw_id = ${id} ORDER BY x.position`;
  for (const [n, result] of (['责令改正', '未发现问题'] as const).entries()) {
    const row = page.locator(`#item-${n + 1}`);
    await row.getByText('登记结果').click();
    await row.getByLabel('检查结果').selectOption(result);
    if (result === '责令改正') {
      await row.getByLabel('第 12 项').check();
      await row.getByLabel('问题描述').fill('门诊病历书写不规范（端到端测试）');
    }
    await row.getByRole('button', { name: '保存结果' }).click();
    await expect(page.getByRole('status')).toContainText('检查结果已登记');
  }
  await expect(page.locator('#item-1')).toContainText('责令改正');
  await page.screenshot({ path: test.info().outputPath('admin-draw.png'), fullPage: true });
  expect(await axeViolations(page)).toEqual([]);

  // 5. Publish the results and the site.
  await page.getByRole('button', { name: '公开结果' }).click();
  await expect(page.getByRole('status')).toContainText('结果已公开');
  await publishFromAdmin(page, '公开双随机抽查结果（端到端测试）');

  const pub = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await pub.goto(`${baseURL}/inspections/${id}/`);
  await expect(pub.getByRole('heading', { level: 1 })).toHaveText('端到端双随机抽查');
  await expect(pub.getByText('差|*|* 100%')).toBeVisible();
  await expect(pub.getByText(hash, { exact: true })).toBeVisible();
  // The verify command shows the same hash, so a citizen can copy it whole.
  await expect(pub.getByText(`--hash ${hash}`)).toBeVisible();
  await expect(pub.locator('.draw-items li').first()).toContainText('责令改正');
  await expect(pub.locator('.draw-items li')).toHaveCount(drawn.length);
  await expect(pub.getByRole('link', { name: drawn[0]!.name }).first()).toHaveAttribute('href', `/i/${drawn[0]!.code}/`);
  await pub.screenshot({ path: test.info().outputPath('public-draw-390.png'), fullPage: true });
  await pub.goto(`${baseURL}/i/${drawn[0]!.code}/`);
  await expect(pub.locator(`a[href="/inspections/${id}/"]`)).toHaveText('端到端双随机抽查');
  await expect(pub.getByText(/结果：责令改正/)).toBeVisible();

  // 6. draw:verify on the published record: identical; a tampered seed and list are refused.
  const url = `${baseURL}/inspections/${id}/draw.json`;
  const ok = verify(url);
  expect(ok.out).toContain('一致 / identical');
  expect(ok.status).toBe(0);
  const record = (await (await request.get(url)).json()) as { seed: string; result: { code: string }[] };
  const dir = test.info().outputPath('tampered');
  fs.mkdirSync(dir, { recursive: true });
  const seedFile = path.join(dir, 'seed.json');
  fs.writeFileSync(seedFile, JSON.stringify({ ...record, seed: `${record.seed.slice(0, -1)}${record.seed.endsWith('0') ? '1' : '0'}` }));
  const badSeed = verify(seedFile);
  expect(badSeed.status).toBe(1);
  expect(badSeed.out).toContain('种子与抽取前公布的哈希不符');
  const listFile = path.join(dir, 'list.json');
  const [first, second, ...rest] = record.result;
  fs.writeFileSync(listFile, JSON.stringify({ ...record, result: [{ ...first!, code: second!.code }, { ...second!, code: first!.code }, ...rest] }));
  const badList = verify(listFile);
  expect(badList.status).toBe(1);
  expect(badList.out).toContain('不一致 / different: 第 1 项');
});
