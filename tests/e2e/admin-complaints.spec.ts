// Working complaints in the browser: jurisdiction by URL and by API, the whole workflow, a
// forbidden transition, personal data behind a reason, export, moderation, the audit log.
import { test, expect } from '@playwright/test';
import { ADMIN_FIXTURE, complaintId, contextAs, csrfOf, desktopOnly, e2eDb } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('a district supervisor cannot open another district’s complaint, by URL or by API', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  const page = await ctx.newPage();
  const theirs = await complaintId(ADMIN_FIXTURE.theirs.trackingNo);
  const mine = await complaintId(ADMIN_FIXTURE.mine.trackingNo);

  const res = await page.goto(`/admin/complaints/${theirs}`);
  expect(res?.status()).toBe(404);
  await expect(page.locator('body')).not.toContainText(ADMIN_FIXTURE.theirs.description);
  expect((await page.goto(`/admin/complaints/${mine}`))?.status()).toBe(200);
  await expect(page.getByText(ADMIN_FIXTURE.mine.description)).toBeVisible();

  const api = await page.request.get(`/api/admin/complaints/${theirs}`);
  expect(api.status()).toBe(404);
  // Outside the jurisdiction is told apart from "does not exist" (issue 17 item 15), still without content.
  expect(await api.json()).toEqual({ error: `编号 ${theirs} 的投诉不在您的辖区内，您不能查看或引用它。` });
  const token = await csrfOf(page);
  const post = await page.request.post(`/api/admin/complaints/${theirs}`, { data: { action: 'accept' }, headers: { 'X-CSRF-Token': token, Origin: baseURL! } });
  expect(post.status()).toBe(404);
  const list = await (await page.request.get('/api/admin/complaints?institution=' + ADMIN_FIXTURE.theirs.trackingNo)).json();
  expect(list.total).toBe(0);
  const search = await page.goto('/admin/complaints?institution=' + ADMIN_FIXTURE.theirs.trackingNo);
  expect(search?.status()).toBe(200);
  await expect(page.locator('tbody tr')).toHaveCount(0);
  // The supervisor of the other district does see it.
  const other = await contextAs(browser, 'other', baseURL!);
  expect((await (await other.newPage()).goto(`/admin/complaints/${theirs}`))?.status()).toBe(200);
  await other.close();
  const [row] = await e2eDb()<{ status: string }[]>`SELECT status FROM complaints WHERE id = ${theirs}`;
  expect(row!.status).toBe('待受理');
  await ctx.close();
});

test('the whole workflow in the browser, then a forbidden transition is refused', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  const page = await ctx.newPage();
  const id = await complaintId(ADMIN_FIXTURE.mine.trackingNo);
  await page.goto(`/admin/complaints/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('待受理');

  await page.locator('select[name="assigneeId"]').selectOption({ label: '演示辖区监督员（卫生监督所）' });
  await page.getByRole('button', { name: '指派', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('已指派承办人。');

  await page.getByRole('button', { name: '受理', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已受理');
  await page.getByRole('button', { name: '开始调查' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('调查中');

  // Closing as 查实 without findings is refused with the field named.
  await page.locator('select[name="outcome"]').selectOption('查实');
  await page.getByRole('button', { name: '办结', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('调查情况');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('调查中');

  await page.locator('fieldset', { hasText: '记录调查情况' }).getByLabel('调查情况').fill('现场检查：诊所未公示药品价格，已责令整改。');
  await page.getByRole('button', { name: '保存调查情况' }).click();
  await expect(page.getByRole('status')).toHaveText('已记录调查情况。');
  await page.locator('select[name="outcome"]').selectOption('查实');
  await page.getByRole('button', { name: '办结', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('已办结');
  await page.getByLabel(/反馈内容/).fill('经查属实，已责令整改。感谢监督。');
  await page.getByRole('button', { name: '保存反馈' }).click();
  await expect(page.getByText('经查属实，已责令整改。感谢监督。').first()).toBeVisible();
  for (const step of ['指派承办人', '受理', '开始调查', '记录调查情况', '办结', '填写反馈']) {
    await expect(page.locator('.history')).toContainText(step);
  }
  // Only feedback is left; accepting again through the API is refused.
  await expect(page.getByRole('button', { name: '受理', exact: true })).toHaveCount(0);
  const token = await csrfOf(page);
  const again = await page.request.post(`/api/admin/complaints/${id}`, { data: { action: 'accept' }, headers: { 'X-CSRF-Token': token, Origin: baseURL! } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error).toContain('当前状态为“已办结”');
  const [row] = await e2eDb()<{ status: string; outcome: string }[]>`SELECT status, outcome FROM complaints WHERE id = ${id}`;
  expect(row).toEqual({ status: '已办结', outcome: '查实' });
  await ctx.close();
});

test('a real-name complainant’s details are shown only after a reason is given, and the view is logged', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  const page = await ctx.newPage();
  const id = await complaintId(ADMIN_FIXTURE.mineRealName.trackingNo);
  await page.goto(`/admin/complaints/${id}`);
  await expect(page.locator('body')).not.toContainText(ADMIN_FIXTURE.mineRealName.phone);
  await page.getByLabel(/查看原因/).fill('电话回访核实情况');
  await page.getByRole('button', { name: '查看举报人姓名和电话' }).click();
  await expect(page.getByLabel('举报人信息')).toContainText(ADMIN_FIXTURE.mineRealName.phone);
  await page.goto(`/admin/complaints/${id}`); // not kept anywhere: gone on the next view
  await expect(page.locator('body')).not.toContainText(ADMIN_FIXTURE.mineRealName.phone);
  const [row] = await e2eDb()<{ reason: string; actor_name: string }[]>`
    SELECT reason, actor_name FROM audit_log WHERE action = 'complaint.view_pii' AND target_id = ${String(id)} ORDER BY id DESC LIMIT 1`;
  expect(row).toEqual({ reason: '电话回访核实情况', actor_name: 'district' });
  await ctx.close();
});

test('the table filters and exports the current filter as CSV and Excel, with a reason', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  const page = await ctx.newPage();
  await page.goto('/admin/complaints');
  await page.locator('select[name="category"]').selectOption('信息公示');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/category=/);
  const rows = await page.locator('tbody tr').count();
  expect(rows).toBeGreaterThan(0);
  await page.getByLabel(/导出原因/).fill('月度线索台账');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
  const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so that Excel reads UTF-8
  const csv = bytes.toString('utf8').slice(1);
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^受理编号,收到时间,被投诉机构/);
  expect(lines.length - 1).toBe(Math.min(rows, 10_000));
  expect(lines.slice(1).every((l) => l.includes('信息公示'))).toBe(true);
  expect(csv).not.toContain(ADMIN_FIXTURE.mineRealName.phone);
  expect(csv).not.toContain(ADMIN_FIXTURE.theirs.trackingNo);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const logged = await e2eDb()<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM audit_log WHERE action = 'complaint.export' AND actor_name = 'district' AND reason = '月度线索台账'`;
  expect(logged[0]!.n).toBe(2);
  await ctx.close();
});

test('moderation publishes only the redacted comment and keeps the original', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  const page = await ctx.newPage();
  await page.goto('/admin/moderation');
  const card = page.locator('fieldset.box', { hasText: '服务很差' }).first();
  await expect(card).toBeVisible();
  await expect(card.getByLabel('公开文字')).not.toHaveValue(/13698765432/);
  await expect(card).toContainText('已自动隐去');
  await expect(page.getByRole('button', { name: '查看原文' })).toHaveCount(0); // administrators only
  await card.getByRole('button', { name: '审核通过并公开' }).click();
  await expect(page.getByRole('status')).toContainText('留言已公开');
  const [row] = await e2eDb()<{ comment: string; comment_public: string; comment_status: string }[]>`
    SELECT comment, comment_public, comment_status FROM ratings WHERE device_hash = 'e2e-admin-fixture'`;
  expect(row!.comment_status).toBe('已公开');
  expect(row!.comment_public).not.toContain('13698765432');
  expect(row!.comment_public).not.toContain('赵六');
  expect(row!.comment).toBe(ADMIN_FIXTURE.comment);
  await ctx.close();
});

test('administrators read the audit log, filtered; others cannot', async ({ browser, baseURL }) => {
  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  await page.goto('/admin/audit');
  await page.locator('select[name="action"]').selectOption({ label: '导出投诉台账' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.locator('tbody tr').first()).toContainText('月度线索台账');
  await expect(page.locator('tbody tr').first()).toContainText('district');
  await admin.close();
  const district = await contextAs(browser, 'district', baseURL!);
  expect((await (await district.newPage()).goto('/admin/audit'))?.status()).toBe(403);
  await district.close();
});
