// The institution portal (issue 15 item 5): a supervisor creates an account → the institution
// activates it through the one-time link, logs in, submits a quarterly self-inspection, a
// rectification report and a reply → a supervisor approves two and rejects one with a reason →
// after publishing, the public page shows the reply and the self-inspection; the institution sees
// the rejection reason; another institution's account can neither read nor change them (by URL,
// and by form posts carrying its own valid CSRF token).
import { test, expect, type Browser, type Page } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb, publish } from './admin-support';
import { DEMO_PORTAL_ACCOUNT } from '../../src/demo/demo-portal';
import { axeViolations } from '../support/axe';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the portal flow is tested once, on the desktop project (screenshots at 390 px inside)');
});

async function portalLogin(browser: Browser, baseURL: string, username: string, password: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL, locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/portal/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/portal\/$/);
  return page;
}

const csrfOf = async (page: Page) => (await page.locator('input[name="_csrf"]').first().getAttribute('value')) ?? '';

test('an institution activates, submits three things; two approved and one rejected; the page shows the approved; another institution sees and changes nothing', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(900_000);
  const db = e2eDb();
  const [inst] = await db<{ id: number; code: string; name: string; evaluationId: number; year: number }[]>`
    SELECT i.id::int, i.code, i.name, e.id::int AS "evaluationId", e.year FROM institutions i
      JOIN LATERAL (SELECT id, year FROM evaluations e WHERE e.institution_id = i.id ORDER BY year DESC LIMIT 1) e ON true
     WHERE i.status = '执业' AND e.year IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM portal_accounts a WHERE a.institution_id = i.id)
       AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.institution_id = i.id)
       AND NOT EXISTS (SELECT 1 FROM evaluations x WHERE x.institution_id = i.id AND x.review_status <> '无')
     ORDER BY i.id LIMIT 1`;
  expect(inst).toBeTruthy();
  const [today] = await db<{ d: string }[]>`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS d`;
  const day = today!.d;
  const [adminRow] = await db<{ id: number }[]>`SELECT id::int FROM supervisors WHERE username = 'admin'`;
  // An open rectification to report on (ordering one through the UI is covered by admin-rectifications-reviews).
  const [rect] = await db<{ id: number }[]>`
    INSERT INTO rectifications (institution_id, trigger_kind, finding, items, ordered_on, period_days, due_on, ordered_by)
    VALUES (${inst!.id}, 'finding', '医疗废物暂存点未设警示标识', '设置警示标识', ${day}, 30, ${day}::date + 30, ${adminRow!.id}) RETURNING id::int`;

  // 1. The supervisor creates the account; the link is shown once.
  const adminCtx = await contextAs(browser, 'admin', baseURL!);
  const admin = await adminCtx.newPage();
  admin.setDefaultTimeout(20_000);
  await admin.setViewportSize({ width: 1366, height: 900 });
  await admin.goto(`/admin/portal/accounts?institution=${inst!.id}`);
  await admin.getByLabel('用户名').fill('e2e.clinic');
  await admin.getByLabel(/账户名称/).fill('E2E 负责人');
  await admin.getByRole('button', { name: '新建并生成激活链接' }).click();
  const link = (await admin.locator('#activation-link').textContent())!.trim();
  expect(link).toMatch(/\/portal\/activate\?token=[A-Za-z0-9_-]{43}$/);
  const [stored] = await db<{ hash: string }[]>`SELECT activation_token_hash AS hash FROM portal_accounts WHERE username = 'e2e.clinic'`;
  expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(link).not.toContain(stored!.hash);

  // 2. The institution activates (password rules as for supervisors), then logs in.
  const actx = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN', viewport: { width: 390, height: 844 } });
  const act = await actx.newPage();
  await act.goto(new URL(link).pathname + new URL(link).search);
  await act.getByLabel(/设置密码/).fill('password1234');
  await act.getByLabel('再输入一次').fill('password1234');
  await act.getByRole('button', { name: '激活并设置密码' }).click();
  await expect(act.getByText(/过于常见或过于简单/)).toBeVisible();
  const password = 'Zhensuo-Baosong-E2E-2026';
  await act.getByLabel(/设置密码/).fill(password);
  await act.getByLabel('再输入一次').fill(password);
  await act.getByRole('button', { name: '激活并设置密码' }).click();
  await expect(act.getByText('账户已激活，请用刚设置的密码登录。')).toBeVisible();
  await act.goto(new URL(link).pathname + new URL(link).search);
  await expect(act.getByText(/激活链接无效、已使用或已过期/)).toBeVisible();
  await actx.close();

  const portal = await portalLogin(browser, baseURL!, 'e2e.clinic', password);
  await expect(portal.getByRole('heading', { name: inst!.name })).toBeVisible();
  expect((await portal.request.get('/portal/')).headers()['cache-control']).toContain('no-store');
  await portal.screenshot({ path: 'test-results/portal-home-390.png', fullPage: true });
  expect(await axeViolations(portal)).toEqual([]);

  // 3. Three submissions: a quarterly self-inspection, a rectification report with a PDF, a reply.
  await portal.getByRole('link', { name: '自查结果' }).click();
  await portal.getByLabel('季度常规自查').check();
  await portal.getByLabel('自查日期').fill(day);
  await portal.getByLabel('合格', { exact: true }).check();
  await portal.screenshot({ path: 'test-results/portal-form-390.png', fullPage: true });
  expect(await axeViolations(portal)).toEqual([]);
  await portal.getByRole('button', { name: '提交' }).click();
  await expect(portal.getByText(/已提交，等待监督员审核/)).toBeVisible();

  await portal.getByRole('link', { name: '整改报告' }).click();
  await portal.getByLabel('整改情况').fill('已在医疗废物暂存点设置警示标识（E2E）');
  await portal.getByLabel(/整改报告文件/).setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 E2E 整改报告') });
  await portal.getByRole('button', { name: '提交整改报告' }).click();
  await expect(portal.getByText(/已提交，等待监督员审核/)).toBeVisible();

  const replyText = `本院已完成全部整改，欢迎监督（E2E ${Date.now()}）`;
  await portal.getByRole('link', { name: '机构回应' }).click();
  await portal.getByLabel('回应对象').selectOption(`evaluation:${inst!.evaluationId}`);
  await portal.getByLabel(/回应内容/).fill(replyText);
  await portal.getByRole('button', { name: '提交回应' }).click();
  await expect(portal.getByText(/已提交，等待监督员审核/)).toBeVisible();
  const subs = await db<{ id: number; kind: string }[]>`
    SELECT s.id::int, s.kind FROM portal_submissions s JOIN portal_accounts a ON a.id = s.account_id WHERE a.username = 'e2e.clinic' ORDER BY s.id`;
  expect(subs.map((s) => s.kind)).toEqual(['self-inspection', 'rectification-report', 'reply']);
  const byKind = (k: string) => subs.find((s) => s.kind === k)!.id;

  // 4. Another institution (the demo account) cannot read or change them: by URL, by form posts
  //    with its own valid CSRF token (withdraw, a report on this rectification, a reply to this level).
  const other = await portalLogin(browser, baseURL!, DEMO_PORTAL_ACCOUNT.username, DEMO_PORTAL_ACCOUNT.password);
  await expect(other.getByText(replyText)).toHaveCount(0);
  expect((await other.request.get(`/portal/submissions/${byKind('reply')}`)).status()).toBe(404);
  expect((await portal.request.get(`/portal/submissions/${byKind('reply')}`)).status()).toBe(200);
  expect((await other.request.get(`/admin/portal/files/${byKind('rectification-report')}/1`, { maxRedirects: 0 })).status()).toBe(303);
  const token = await csrfOf(other);
  const post = (path: string, form: Record<string, string>, csrf = token) =>
    other.request.post(path, { form: { _csrf: csrf, ...form }, headers: { Origin: baseURL! }, maxRedirects: 0 });
  expect((await post('/portal/', { id: String(byKind('self-inspection')) })).status()).toBe(404);
  expect((await post('/portal/submit/rectification-report', { rectificationId: String(rect!.id), reportText: '冒充' })).status()).toBe(404);
  expect((await post('/portal/submit/reply', { subject: `evaluation:${inst!.evaluationId}`, body: '冒充' })).status()).toBe(404);
  // With the other session's token (or none) the post is refused before anything runs.
  const refused = await post('/portal/', { id: String(byKind('self-inspection')) }, await csrfOf(portal));
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('安全令牌');
  const [pending] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM portal_submissions WHERE institution_id = ${inst!.id} AND state = 'pending'`;
  expect(pending!.n).toBe(3);
  await other.context().close();

  // 5. The supervisor approves two and rejects the report with a reason.
  await admin.goto('/admin/portal');
  await expect(admin.locator(`#submission-${byKind('reply')}`)).toContainText(replyText);
  await expect(admin.locator(`#submission-${byKind('rectification-report')}`)).toContainText('整改报告.pdf');
  await admin.screenshot({ path: 'test-results/admin-portal-1366.png', fullPage: true });
  expect(await axeViolations(admin)).toEqual([]);
  await admin
    .locator(`#submission-${byKind('self-inspection')}`)
    .getByRole('button', { name: '通过' })
    .click();
  await expect(admin.getByText(/已审核通过/)).toBeVisible();
  await admin
    .locator(`#submission-${byKind('reply')}`)
    .getByRole('button', { name: '通过' })
    .click();
  await expect(admin.getByText(/已审核通过/)).toBeVisible();
  const reason = '整改报告未附整改后的现场照片，请补充后重新提交。';
  await admin
    .locator(`#submission-${byKind('rectification-report')}`)
    .getByPlaceholder(/退回理由/)
    .fill(reason);
  await admin
    .locator(`#submission-${byKind('rectification-report')}`)
    .getByRole('button', { name: '退回' })
    .click();
  await expect(admin.getByText(/已退回/)).toBeVisible();
  const [si] = await db`SELECT kind, result FROM self_inspections WHERE institution_id = ${inst!.id} AND inspected_on = ${day}`;
  expect(si).toMatchObject({ kind: '季度常规', result: '合格' });
  const [r] = await db`SELECT state FROM rectifications WHERE id = ${rect!.id}`;
  expect(r?.['state']).toBe('rectifying'); // the rejected report changed nothing

  // 6. The institution sees the rejection reason.
  await portal.goto('/portal/');
  await expect(portal.locator(`#submission-${byKind('rectification-report')}`)).toContainText(`退回理由：${reason}`);
  await expect(portal.locator(`#submission-${byKind('reply')}`)).toContainText('已通过');
  expect(await axeViolations(portal)).toEqual([]);

  // 7. After publishing, the public page shows the reply beside the level, and the self-inspection.
  await publish(admin, 'E2E：机构报送审核通过后发布');
  const pub = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN', javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const board = await pub.newPage();
  await board.goto(`/i/${inst!.code}/`);
  await expect(board.getByText(`机构回应（${day}）：${replyText}`)).toBeVisible();
  await expect(board.getByText(`${day} 季度日常自查：合格`)).toBeVisible();
  await pub.close();
  await adminCtx.close();
  await portal.context().close();
});
