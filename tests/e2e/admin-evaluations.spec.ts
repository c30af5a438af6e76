// Entering an evaluation and having it approved by a second person (issue 12 item 1), in the
// browser: the district supervisor enters → 预览 (level, reasons, the 10 % cut) → 提交审批; the
// administrator approves; only then does the evaluation exist for the public pages.
import { test, expect } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';
import { axeViolations } from '../support/axe';
import { chinaDate } from '../../src/domain/working-days';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('district enters → preview → submit; the administrator approves', async ({ browser, baseURL }) => {
  const db = e2eDb();
  // An institution of the district account's township not entered yet this year (by an earlier run).
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  const [inst] = await db<{ id: number; name: string }[]>`
    SELECT i.id, i.name FROM institutions i
     WHERE i.region_code IN (SELECT code FROM supervisor_region_scope((SELECT id FROM supervisors WHERE username = 'district')))
       AND NOT EXISTS (SELECT 1 FROM evaluation_submissions s WHERE s.institution_id = i.id AND s.year = ${year})
     ORDER BY i.id LIMIT 1`;
  expect(inst).toBeDefined();
  const storedScore = async () =>
    (await db<{ s: number }[]>`SELECT actual_score::float AS s FROM evaluations WHERE institution_id = ${inst!.id} AND year = ${year}`)[0]?.s ?? null;
  const before = await storedScore();
  expect(before).not.toBe(88);

  const district = await contextAs(browser, 'district', baseURL!);
  const page = await district.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/admin/evaluations');
  await page.getByRole('link', { name: '录入评价' }).click();
  await expect(page).toHaveURL(/\/admin\/evaluations\/new/);
  await page.goto(`/admin/evaluations/new?institution=${inst!.id}&year=${year}`);
  await expect(page.getByText(`被评价机构：${inst!.name}`)).toBeVisible();
  await page.getByLabel('评价日期').fill(today);
  await page.getByLabel(/^实际得分/).fill('88');
  await page.getByLabel(/^合理缺项分值/).fill('0');
  await page.getByLabel(/^行政处罚次数/).fill('0');
  await page.getByLabel(/^单星项不符合数/).fill('1');
  // No submit before a preview.
  await expect(page.getByRole('button', { name: '提交审批' })).toHaveCount(0);
  await page.getByRole('button', { name: '预览' }).click();
  await expect(page.getByTestId('preview-level')).toHaveText('合格');
  await expect(page.getByText('评定依据：标化得分88.00，在60分（含）至90分之间')).toBeVisible();
  await expect(page.getByText(/优秀名额\d+个/).first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('evaluation-preview.png'), fullPage: true });
  await page.getByRole('button', { name: '提交审批' }).click();
  await expect(page).toHaveURL(/\/admin\/evaluations\/\d+\?done=submitted/);
  await expect(page.getByText('已提交审批')).toBeVisible();
  const id = Number(/evaluations\/(\d+)/.exec(page.url())![1]);
  // The enterer has no approve button; nothing is stored yet.
  await expect(page.getByRole('button', { name: '批准' })).toHaveCount(0);
  expect(await storedScore()).toBe(before);
  await district.close();

  const admin = await contextAs(browser, 'admin', baseURL!);
  const ap = await admin.newPage();
  await ap.setViewportSize({ width: 1366, height: 900 });
  await ap.goto(`/admin/evaluations?state=待审批&year=${year}`);
  expect(await axeViolations(ap)).toEqual([]);
  await ap.getByRole('link', { name: String(id), exact: true }).click();
  await expect(ap.getByRole('heading', { name: '批准后的结果' })).toBeVisible();
  await ap.screenshot({ path: test.info().outputPath('evaluation-approve.png'), fullPage: true });
  expect(await axeViolations(ap)).toEqual([]);
  await ap.getByRole('button', { name: '批准', exact: true }).click();
  await expect(ap.getByText('已批准：评价结果已写入')).toBeVisible();
  // The 评价结果告知书, issued after the approval, is linked from the evaluation's page.
  const notice = ap.getByRole('link', { name: /〔\d{4}〕\d+号（PDF）/ });
  await expect(notice).toBeVisible();
  const pdf = await ap.request.get((await notice.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  const [stored] = await db<{ level: string; s: number }[]>`
    SELECT level, actual_score::float AS s FROM evaluations WHERE institution_id = ${inst!.id} AND year = ${year}`;
  expect(stored).toMatchObject({ level: '合格', s: 88 });
  const [audit] = await db`SELECT actor_name FROM audit_log WHERE action = 'evaluation.approve' AND target_id = ${String(id)}`;
  expect(audit!['actor_name']).toBe('admin');
  await admin.close();
});
