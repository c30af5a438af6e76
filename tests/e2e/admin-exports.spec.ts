// Issue 14 items 5 and 6 in the browser: the administrator runs an export on 数据报送, downloads
// it, sees it in the ledger, and records the provincial entry of a points batch; the page passes axe.
import { test, expect } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';
import { axeViolations } from '../support/axe';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('数据报送: export penalties as CSV, download it, ledger entry; provincial points entered for the batch', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'admin', baseURL!);
  const page = await ctx.newPage();
  await page.goto('/admin/exports');
  await expect(page.getByRole('heading', { name: '数据报送', level: 1 })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByLabel('导出内容').selectOption('penalties');
  await page.getByLabel('文件格式').selectOption('csv');
  await page.getByLabel('范围').selectOption('full');
  await page.getByRole('button', { name: '导出', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(/已导出（台账编号 \d+/);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: '下载本次导出文件' }).click();
  const file = await (await download).path();
  const text = (await import('node:fs')).readFileSync(file, 'utf8');
  expect(text.startsWith('\ufeff行政相对人名称,行政相对人类别,统一社会信用代码')).toBe(true);
  const [count] = await e2eDb()<{ n: number }[]>`SELECT count(*)::int AS n FROM penalties`;
  expect(text.trim().split('\r\n')).toHaveLength(count!.n + 1);
  await expect(page.locator('table.grid tbody tr').first()).toContainText('行政处罚（双公示）');
  await expect(page.locator('table.grid tbody tr').first()).toContainText('全部');

  // A provincial-points export, then its batch is marked as entered on the provincial platform.
  await page.getByLabel('导出内容').selectOption('provincial-points');
  await page.getByLabel('文件格式').selectOption('xlsx');
  await page.getByLabel('范围').selectOption('full');
  await page.getByRole('button', { name: '导出', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('已导出');
  const row = page.locator('table.grid tbody tr').first();
  await expect(row).toContainText('省平台记分录入');
  const pending = row.getByRole('button', { name: '登记已录入' });
  if (await pending.count()) {
    await pending.click();
    await expect(page.getByRole('status')).toContainText('已登记录入省平台日期');
  }
  await expect(page.locator('table.grid tbody tr').first()).toContainText('已全部登记');
  await ctx.close();
});
