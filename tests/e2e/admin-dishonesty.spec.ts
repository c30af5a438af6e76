// Issue 12 items 6, 8 and 10 through the supervisor area and the public site: a district
// supervisor proposes a 严重失信名单 entry, an administrator approves it, a typical case is
// published and an institution is closed; after publishing the public list, the banner, the
// closed institution's page and /cases/ show exactly that; the entry is then repaired and, after
// the next publication, gone from the list and the page.
import { test, expect, type Page } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

async function publish(page: Page, note: string): Promise<void> {
  await page.goto('/admin/publish');
  await page.getByRole('button', { name: '生成新版本' }).click();
  await expect(page.getByRole('heading', { name: /^待发布版本/ })).toBeVisible({ timeout: 300_000 });
  await page.getByLabel(/发布说明/).fill(note);
  await page.getByRole('button', { name: '确认发布' }).click();
  await expect(page.getByRole('status')).toContainText('新版本已发布');
}

test('严重失信名单: propose → approve → publish → repair → publish; a closed institution; a typical case', async ({ browser, baseURL, request }) => {
  test.setTimeout(900_000);
  const db = e2eDb();
  const [listed] = await db<{ id: number; code: string; name: string }[]>`
    SELECT i.id::int, i.code, i.name FROM institutions i
     WHERE i.status = '执业' AND i.region_code IN (SELECT code FROM supervisor_region_scope((SELECT id FROM supervisors WHERE username = 'district')))
       AND NOT EXISTS (SELECT 1 FROM serious_dishonesty d WHERE d.institution_id = i.id)
     ORDER BY i.id DESC LIMIT 1`;
  const [closing] = await db<{ code: string; name: string }[]>`
    SELECT code, name FROM institutions WHERE status = '执业' AND id <> ${listed!.id} ORDER BY id DESC LIMIT 1`;
  const [penalty] = await db<{ decisionNo: string; code: string }[]>`
    SELECT p.decision_no AS "decisionNo", i.code FROM penalties p JOIN institutions i ON i.id = p.institution_id ORDER BY p.id LIMIT 1`;

  // 1. The district supervisor proposes; they cannot approve their proposal.
  const district = await contextAs(browser, 'district', baseURL!);
  const dp = await district.newPage();
  await dp.goto(`/admin/dishonesty/new?q=${listed!.code}`);
  await dp.getByRole('link', { name: listed!.name }).click();
  await dp.getByLabel('既往监督检查').check();
  await dp.getByLabel('不良记分').check();
  await dp.getByLabel(/列入原因/).fill('一年内两次使用非卫生技术人员从事医疗卫生技术工作，经责令改正仍未改正（端到端测试）');
  await dp.getByLabel(/法律依据/).fill('《医疗机构管理条例》第四十七条');
  await dp.getByRole('button', { name: '提交提议' }).click();
  await expect(dp.getByRole('status')).toContainText('须由另一名委机关管理员审批');
  await expect(dp.getByRole('heading', { level: 1 })).toContainText('已提议，待审批');
  await expect(dp.getByRole('button', { name: '批准列入', exact: true })).toHaveCount(0);
  await dp.screenshot({ path: test.info().outputPath('admin-dishonesty-proposed.png'), fullPage: true });
  const entryUrl = new URL(dp.url()).pathname;

  // 2. An administrator approves; writes and publishes a case; closes another institution.
  const admin = await contextAs(browser, 'admin', baseURL!);
  const ap = await admin.newPage();
  await ap.goto(entryUrl);
  const approve = ap.locator('form', { has: ap.getByRole('button', { name: '批准列入', exact: true }) });
  await approve.getByLabel(/列入决定文号/).fill('端到端卫健失信〔2026〕1号');
  await approve.getByLabel(/审批意见/).fill('事实清楚，同意列入');
  await approve.getByRole('button', { name: '批准列入', exact: true }).click();
  await expect(ap.getByRole('heading', { level: 1 })).toContainText('公示中');

  await ap.goto('/admin/cases');
  await ap.getByLabel(/标题/).fill('端到端典型案例：违法执业被处罚');
  await ap.getByLabel(/处罚决定书文号/).fill(penalty!.decisionNo);
  await ap.getByLabel(/案例正文/).fill('执法人员检查发现该机构违法执业，依法作出行政处罚。');
  await ap.getByRole('button', { name: '保存草稿' }).click();
  await expect(ap.getByRole('status')).toContainText('草稿');
  const row = ap.getByRole('row', { name: /端到端典型案例/ });
  await row.getByLabel('理由').fill('经审核公开');
  await row.getByRole('button', { name: '公开' }).click();
  await expect(ap.getByRole('status')).toContainText('案例已公开');
  await ap.setViewportSize({ width: 1366, height: 900 });
  await ap.screenshot({ path: test.info().outputPath('admin-cases.png'), fullPage: true });

  await ap.goto(`/admin/institutions/${closing!.code}`);
  await ap.getByLabel('新的执业状态').selectOption('歇业');
  await ap.getByLabel(/变更原因/).fill('机构申请歇业（端到端测试）');
  await ap.getByRole('button', { name: '变更' }).click();
  await expect(ap.getByRole('status')).toContainText('执业状态已变更');
  await ap.screenshot({ path: test.info().outputPath('admin-institution.png'), fullPage: true });

  // 3. Publish: the list, the banner, the closed page, /cases/.
  await publish(ap, '严重失信名单端到端测试');
  const list = await request.get('/lists/dishonesty/');
  const listHtml = await list.text();
  expect(listHtml).not.toContain('推送至公共信用信息平台');
  const page = await (await browser.newContext({ baseURL: baseURL!, viewport: { width: 390, height: 844 } })).newPage();
  await page.goto('/lists/dishonesty/');
  await expect(page.getByRole('table').getByRole('link', { name: listed!.name })).toBeVisible();
  await page.goto(`/i/${listed!.code}/`);
  await expect(page.locator('.alert')).toContainText('该机构已列入严重失信名单（端到端卫健失信〔2026〕1号');
  await page.screenshot({ path: test.info().outputPath('public-banner.png') });

  const closedHtml = await (await request.get(`/i/${closing!.code}/`)).text();
  expect(closedHtml).toContain('该机构已歇业，按规定停止使用信用级别标识，不再公示信用级别。');
  expect(closedHtml).not.toMatch(new RegExp(`href="/i/${closing!.code}/(poster|rate)`));
  const poster = await request.get(`/i/${closing!.code}/poster`);
  expect(poster.status()).toBe(410);
  expect(await poster.text()).toContain('不提供公示栏打印');
  const rate = await request.get(`/i/${closing!.code}/rate`);
  expect(rate.status()).toBe(410);
  expect(await rate.text()).toContain('不接受评价');

  await page.goto('/lists/');
  await page.getByRole('link', { name: '典型案例曝光' }).click();
  await expect(page.getByRole('heading', { name: '端到端典型案例：违法执业被处罚' })).toBeVisible();
  await expect(page.locator('main')).toContainText(penalty!.decisionNo);
  await page.goto(`/i/${penalty!.code}/`);
  await page.getByRole('link', { name: '端到端典型案例：违法执业被处罚' }).click();
  await expect(page).toHaveURL(/\/cases\/#case-\d+$/);
  await page.screenshot({ path: test.info().outputPath('public-cases.png'), fullPage: true });
  await page.goto(`/i/${closing!.code}/`);
  await page.screenshot({ path: test.info().outputPath('public-closed.png'), fullPage: true });

  // 4. 信用修复: the district registers the application, the administrator grants it; publish.
  await dp.goto(entryUrl);
  const apply = dp.locator('form', { has: dp.getByRole('button', { name: '登记信用修复申请' }) });
  await apply.getByLabel(/修复申请内容/).fill('已清退非卫生技术人员，完成整改并作出信用承诺');
  await apply.getByRole('button', { name: '登记信用修复申请' }).click();
  await expect(dp.getByRole('heading', { level: 1 })).toContainText('信用修复申请审核中');
  await ap.goto(entryUrl);
  const grant = ap.locator('form', { has: ap.getByRole('button', { name: '准予信用修复' }) });
  await grant.getByLabel(/修复决定/).fill('经核查整改到位，准予信用修复');
  await grant.getByRole('button', { name: '准予信用修复' }).click();
  await expect(ap.getByRole('heading', { level: 1 })).toContainText('已信用修复，移出名单');
  await publish(ap, '信用修复端到端测试');

  await page.goto('/lists/dishonesty/');
  await expect(page.getByRole('table').getByRole('link', { name: listed!.name })).toHaveCount(0);
  await expect(page.locator('main')).toContainText(`经信用修复移出`);
  await page.screenshot({ path: test.info().outputPath('public-list-after-repair.png'), fullPage: true });
  await page.goto(`/i/${listed!.code}/`);
  await expect(page.locator('.alert')).toHaveCount(0);
  const audit = await db<{ action: string }[]>`
    SELECT action FROM audit_log WHERE target_kind = 'dishonesty' AND target_id = ${entryUrl.split('/').pop()!} ORDER BY id`;
  expect(audit.map((a) => a.action)).toEqual(['dishonesty.propose', 'dishonesty.approve', 'dishonesty.apply-repair', 'dishonesty.grant-repair']);
  await district.close();
  await admin.close();
});
