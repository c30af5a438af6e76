import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { CASES } from '../support/fixtures/public-site';
import { contextAs, desktopOnly, e2eDb } from './admin-support';

// Issue 15 (part A), end to end: a rating with a comment → approved in /admin/moderation →
// published at /admin/publish → on the page; a radiology sheet imported → after the same
// publication the page shows the licence and the devices, and every label of the label sheet
// decodes (zbarimg) to the page with the poster version (rooms) or the device's section.

const big = CASES.big;
const COMMENT = `候诊区干净，护士很耐心（端到端 ${Date.now() % 100000}）`;

function decode(png: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'label-')), 'qr.png');
  fs.writeFileSync(file, png);
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8' }).trim();
}

test.describe.configure({ mode: 'serial' });

test('rating with a comment → moderation → publish → the comment and the radiology are on the page; labels decode', async ({
  browser,
  baseURL,
  page,
}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'one publication is enough');
  test.setTimeout(900_000);

  // The rating form is in the page's top actions (the first screen), not six screens down.
  await page.goto(`/i/${big.code}/`);
  const top = (await (await page.request.get(`/i/${big.code}/`)).text()).slice(0, 20_000);
  expect(top).toContain(`/i/${big.code}/rate`);
  await page
    .locator('.cta')
    .getByRole('link', { name: /打分评价/ })
    .click();
  await page.getByLabel('5星 很满意').check();
  await page.getByLabel(/评价内容/).fill(COMMENT);
  await page.waitForTimeout(1_600);
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('status')).toContainText('审核通过后在下次发布时公开');
  // Coming back: told before filling the form, server-side.
  await page.goto(`/i/${big.code}/rate`);
  await expect(page.locator('#already-rated')).toContainText('30 天内已经评价过该机构');
  await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);

  // A radiology sheet, imported as a supervisor imports it (the CLI; the admin upload runs the same pipeline).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rad-'));
  const csv = path.join(dir, 'radiology.csv');
  fs.writeFileSync(
    csv,
    '\uFEFF登记号,放射诊疗许可证号,许可证有效期起,许可证有效期至,许可项目,设备编号,设备类型,型号,机房,最近状态检测日期,检测结果,设备状态\r\n' +
      `PUB-${big.code},样放证字〔2025〕第0099号,2025-01-01,2030-01-01,X射线影像诊断、介入放射学,R01,DR,演示型号 A-1,放射科1室,2026-09-01,合格,\r\n` +
      `PUB-${big.code},样放证字〔2025〕第0099号,2025-01-01,2030-01-01,X射线影像诊断、介入放射学,CT1,CT,演示型号 B-2,CT室,2024-05-01,合格,在用\r\n`,
  );
  execFileSync('node_modules/.bin/node', ['--import', 'tsx', 'scripts/import.ts', 'radiology', csv], {
    env: { ...process.env, DATABASE_URL: process.env['E2E_DATABASE_URL'] ?? '' },
    encoding: 'utf8',
  });

  const admin = await contextAs(browser, 'admin', baseURL!);
  const a = await admin.newPage();
  await a.goto(`/admin/moderation?institution=${big.code}`);
  const card = a.locator('fieldset.box', { hasText: '候诊区干净' }).first();
  await card.getByRole('button', { name: '审核通过并公开' }).click();
  await expect(a.getByRole('status')).toContainText('留言已公开');

  // Not on the page before publication.
  expect(await (await page.request.get(`/i/${big.code}/`)).text()).not.toContain(COMMENT);
  await a.goto('/admin/publish');
  await a.getByRole('button', { name: '生成新版本' }).click();
  await expect(a.getByRole('heading', { name: /^待发布版本/ })).toBeVisible({ timeout: 600_000 });
  await a.getByLabel(/发布说明/).fill('评价留言与放射诊疗公示');
  await a.getByRole('button', { name: '确认发布' }).click();
  await expect(a.getByRole('status')).toContainText('新版本已发布');
  await admin.close();

  await page.goto(`/i/${big.code}/`);
  await expect(page.locator('#ratings')).toContainText(COMMENT);
  // Newest first; the fixture's 12 older approved comments overflow to the static page 2 ("更多评价").
  await expect(page.locator('#ratings li').first()).toContainText(COMMENT);
  await expect(page.locator('#ratings li')).toHaveCount(10);
  await page.locator('#ratings').getByRole('link', { name: '第2页' }).click();
  await expect(page).toHaveURL(new RegExp(`/i/${big.code}/ratings/2/$`));
  await expect(page.locator('main li')).toHaveCount(3);
  await page.goto(`/i/${big.code}/`);
  const rad = page.locator('#radiology');
  await expect(rad).toContainText('样放证字〔2025〕第0099号');
  await expect(page.locator('#device-R01')).toContainText('检测合格');
  await expect(page.locator('#device-CT1')).toContainText('状态检测已逾期');

  // Every label decodes to the page with the poster version: rooms by ?r=, devices at their section.
  const [inst] = await e2eDb()<{ poster_version: number }[]>`SELECT poster_version FROM institutions WHERE code = ${big.code}`;
  const v = inst!.poster_version;
  // The page offers the label sheet next to the poster.
  await page.goto(`/i/${big.code}/`);
  await expect(page.getByRole('link', { name: '打印科室与设备二维码标签' })).toHaveAttribute('href', `/i/${big.code}/labels/`);
  await page.goto(`/i/${big.code}/labels/`);
  const labels = page.locator('.label');
  const texts: string[] = [];
  for (let i = 0; i < (await labels.count()); i += 1) texts.push(decode(await labels.nth(i).locator('svg.qr').screenshot()));
  const pageUrl = `${baseURL}/i/${big.code}/?v=${v}`;
  expect(texts.slice(0, 4)).toEqual(['zhenshi', 'shoufei', 'yaofang', 'bingfang'].map((r) => `${pageUrl}&r=${r}`));
  const rooms = texts.filter((t) => t.includes('&r='));
  expect(rooms).toHaveLength(8);
  for (const t of rooms) expect(t).toMatch(new RegExp(`^${pageUrl.replace(/[.?]/g, '\\$&')}&r=[a-z]+$`));
  expect(texts).toHaveLength(14);
  // The fixture's five devices (R01–R05) and the imported CT1: one label each, none other.
  const devices = texts.filter((t) => t.includes('#device-'));
  expect(devices.sort()).toEqual(['CT1', 'R01', 'R02', 'R03', 'R04', 'R05'].map((c) => `${pageUrl}#device-${c}`));
  // A device label opens its section.
  await page.goto(texts.find((t) => t.endsWith('#device-CT1'))!);
  await expect(page.locator('#device-CT1')).toBeInViewport();
  // The label sheet is one A4 sheet per group when printed.
  const pdf = await page.goto(`/i/${big.code}/labels/`).then(() => page.pdf({ format: 'A4', preferCSSPageSize: true }));
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
});

test('a closed institution has no label sheet (410, like the poster)', async ({ page }) => {
  const r = await page.goto(`/i/${CASES.closed.code}/labels/`);
  expect(r?.status()).toBe(410);
  await expect(page.locator('svg.qr')).toHaveCount(0);
  expect((await page.goto('/i/NOSUCH99/labels/'))?.status()).toBe(404);
});
