// Inspection records, the plan and the monthly report through the admin UI (issue 13 items 1, 2, 6): record an
// inspection with two inspectors and findings → it is in the list and counts on the plan (done + 1) → the
// monthly report shows server-rendered SVG charts and its XLSX downloads.
import ExcelJS from 'exceljs';
import { test, expect, type Page } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';
import { axeViolations } from '../support/axe';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

const SHOTS = process.env['B13_SHOTS'];

async function doneOnPlan(page: Page, code: string): Promise<number> {
  await page.goto('/admin/plan?sort=name');
  const row = page.locator('tr', { hasText: `（${code}）` }).last();
  return Number(await row.locator('td').nth(5).innerText());
}

test('an inspection with two inspectors and findings shows in the list, on the plan and in the report', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const db = e2eDb();
  const [inst] = await db<{ id: number; code: string; name: string }[]>`
    SELECT i.id, i.code, i.name FROM institutions i WHERE i.status = '执业' ORDER BY i.id LIMIT 1`;
  expect(inst).toBeTruthy();
  const ctx = await contextAs(browser, 'admin', baseURL!);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  const before = await doneOnPlan(page, inst!.code);
  expect(await axeViolations(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/plan.png`, fullPage: false });

  await page.goto('/admin/inspections/new');
  await page.getByLabel('机构名称或编码').fill(inst!.code);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('link', { name: inst!.name }).first().click();
  expect(await axeViolations(page)).toEqual([]);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await page.getByLabel('检查日期（必填）').fill(today);
  await page.getByLabel('检查类型').selectOption('专项');
  await page.getByLabel('检查人员 1（必填）').selectOption({ index: 1 });
  await page.getByLabel('检查人员 2（必填）').selectOption({ index: 2 });
  await page.getByLabel(/（7）超出登记的诊疗科目/).check();
  await page.getByLabel(/（12）未按规定填写、保管病历资料/).check();
  await page.getByLabel('问题描述（其他问题、具体情况）').fill('门诊开展未登记的医疗美容项目（演示）');
  await page.getByLabel('检查结果').selectOption('责令改正');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/new.png`, fullPage: true });
  await page.getByRole('button', { name: '登记检查' }).click();
  await expect(page.getByText('检查记录已登记。')).toBeVisible();
  await expect(page.getByText('超范围、超地点执业')).toBeVisible();
  await expect(page.locator('dd ul li')).toHaveCount(2);
  const number = (await page.locator('h1').innerText()).replace('检查记录 ', '').trim();
  expect(await axeViolations(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/inspection.png`, fullPage: true });

  await page.goto(`/admin/inspections?institution=${inst!.code}`);
  await expect(page.getByRole('link', { name: number })).toBeVisible();
  expect(await doneOnPlan(page, inst!.code)).toBe(before + 1);

  await page.goto('/admin/reports');
  expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('svg.chart title').first()).toHaveText(/近 12 个月/);
  expect(await axeViolations(page)).toEqual([]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/reports.png`, fullPage: false });
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '下载 XLSX' }).click();
  const file = await (await download).path();
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  expect(book.worksheets.length).toBeGreaterThan(5);
  expect(String(book.worksheets[0]!.getCell('A1').value)).toContain('月度报告');
  await ctx.close();
});
