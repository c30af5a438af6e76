import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { INTAKE_FIXTURE, trackingNo } from '../support/fixtures/intake';

// The public intake in a real browser against the real server (npm start), with JavaScript on
// and off. Submissions come from one address: the tests stay under the per-address limits.

const { institution } = INTAKE_FIXTURE;
/** The form refuses submissions faster than a person can fill it in (3 s). */
const humanPause = (page: Page) => page.waitForTimeout(3_200);

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(e.message));
  return violations;
}

async function readReceipt(page: Page): Promise<{ no: string; code: string }> {
  await expect(page.getByRole('heading', { name: '投诉已提交，并已登记' })).toBeVisible();
  const no = (await page.locator('#tracking-no').textContent())!.trim();
  const code = (await page.locator('#query-code').textContent())!.trim();
  expect(no).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  return { no, code };
}

async function lookUp(page: Page, no: string, code: string) {
  await page.goto('/complaints/status');
  await page.getByLabel('受理编号（12位数字）').fill(no);
  await page.getByLabel('查询码（8位字母和数字）').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a complaint: errors in Chinese with the form refilled, then accepted, then tracked', async ({ page }) => {
    await page.goto(`/complaints/new?i=${institution.code}`);
    await expect(page.locator('.chosen')).toContainText(institution.name);
    await page.locator('#f-description').fill('太贵');
    await page.getByRole('radio', { name: /^实名举报/ }).check();
    await page.locator('#f-phone').fill('1234');
    await humanPause(page);
    const bad = page.waitForResponse((r) => r.url().endsWith('/complaints/new') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '提交投诉' }).click();
    expect((await bad).status()).toBe(400);
    await expect(page.getByRole('alert')).toContainText('提交的内容有误');
    await expect(page.locator('#f-description-error')).toHaveText('问题描述：至少5个字符');
    await expect(page.locator('#f-category-error')).toContainText('问题类别：请选择问题类别');
    await expect(page.locator('#f-name-error')).toHaveText('姓名：实名举报请填写姓名');
    await expect(page.locator('#f-phone-error')).toContainText('联系电话：请填写有效的大陆手机号');
    // refilled
    await expect(page.locator('#f-description')).toHaveValue('太贵');
    await expect(page.getByRole('radio', { name: /^实名举报/ })).toBeChecked();
    await expect(page.locator('#f-phone')).toHaveValue('1234');
    await expect(page.locator('.chosen')).toContainText(institution.name);

    await page.locator('#f-description').fill('诊所墙上没有公示药品和诊疗价格，收费时也不给明细。');
    await page.getByRole('radio', { name: /信息公示/ }).check();
    await page.locator('#f-subcategory').selectOption({ label: '未按规定公示药品、医用材料、医疗服务价格' });
    await page.locator('#f-name').fill('周无脚本');
    await page.locator('#f-phone').fill('13800138000');
    await page.getByRole('button', { name: '提交投诉' }).click();
    const { no, code } = await readReceipt(page);

    // Shown once: reloading the acknowledgement does not show the numbers again.
    await page.reload();
    await expect(page.getByRole('heading', { name: '回执只显示一次' })).toBeVisible();

    await lookUp(page, no, code.toLowerCase());
    await expect(page.getByRole('heading', { name: new RegExp(no) })).toBeVisible();
    await expect(page.locator('.form-note')).toContainText('待受理');
    await expect(page.locator('main')).toContainText(institution.name);
    await expect(page.locator('main')).not.toContainText('周无脚本');
  });

  test('an unlisted place can be reported anonymously', async ({ page }) => {
    await page.goto('/complaints/new?q=不存在的机构名称');
    await expect(page.locator('.institution-search')).toContainText('没有找到');
    await page.getByLabel('机构名称或行医者称呼').fill('菜市场旁无牌牙科');
    await page.getByLabel('地址或行医地点').fill('示范县城关镇菜市场东侧');
    await page.getByLabel(/所在乡镇（街道）/).selectOption('419021001');
    await page.getByRole('radio', { name: /执业资质/ }).check();
    await page.locator('#f-description').fill('没有任何执业证件，在民房里给人拔牙、镶牙。');
    await page.getByRole('radio', { name: /^匿名举报/ }).check();
    await humanPause(page);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await readReceipt(page);
    await expect(page.locator('.form-ok')).not.toContainText('处理结果和反馈');
  });

  test('rating an institution: once per browser', async ({ page }) => {
    await page.goto(`/i/${institution.code}/rate`);
    await expect(page.getByRole('heading', { name: `评价：${institution.name}` })).toBeVisible();
    await page.waitForTimeout(1_600);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByRole('alert')).toContainText('星级：请选择1到5颗星');
    await page.getByLabel('4星 满意').check();
    await page.getByLabel(/评价内容/).fill('医生解释得很清楚。');
    await page.waitForTimeout(1_600);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByRole('status')).toContainText('评价内容经工作人员审核、隐去个人信息后才会公开');
    // Issue 15: told before filling the form again (no form), not after submitting it.
    await page.goto(`/i/${institution.code}/rate`);
    await expect(page.getByRole('status')).toContainText('30 天内已经评价过该机构');
    await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);
  });
});

test.describe('with JavaScript', () => {
  test('checks fields as they are typed, keeps a draft, submits, and tracks the complaint', async ({ page }) => {
    const csp = watchCsp(page);
    await page.goto(`/complaints/new?i=${institution.code}`);
    const description = page.locator('#f-description');
    await description.fill('短');
    await description.blur();
    await expect(page.locator('#f-description-error')).toHaveText('问题描述：至少5个字符');
    await description.fill('候诊区的医疗废物桶没有盖子，针头露在外面。');
    await expect(page.locator('#f-description-error')).toHaveCount(0);
    await page.getByRole('radio', { name: /院感防控/ }).check();
    // Only the chosen category's problems are offered.
    await expect(page.locator('#f-subcategory optgroup')).toHaveCount(1);
    await page.locator('#f-subcategory').selectOption({ label: '医疗废物暂存不规范（无专用容器、设施不封闭等）' });

    // Reloading loses nothing.
    await page.reload();
    await expect(page.locator('.form-note')).toContainText('已恢复');
    await expect(page.locator('#f-description')).toHaveValue('候诊区的医疗废物桶没有盖子，针头露在外面。');
    await expect(page.getByRole('radio', { name: /院感防控/ })).toBeChecked();

    await page.getByRole('radio', { name: /^实名举报/ }).check();
    await page.locator('#f-name').fill('吴脚本');
    await page.locator('#f-phone').fill('138 0013 8001');
    await humanPause(page);
    await page.getByRole('button', { name: '提交投诉' }).click();
    const { no, code } = await readReceipt(page);
    // The acknowledgement cleared the draft.
    expect(await page.evaluate(() => localStorage.getItem('complaint-draft-v1'))).toBeNull();
    await lookUp(page, no.replace(/-/g, ' '), code);
    await expect(page.locator('.form-note')).toContainText('待受理');
    // Infection control: accepted within 1 working day.
    await expect(page.locator('dl.facts')).toContainText('应受理日期');
    expect(csp).toEqual([]);
  });

  test('a failed submission leaves everything on the page', async ({ page }) => {
    await page.goto(`/complaints/new?i=${institution.code}`);
    await page.locator('#f-description').fill('收费单上的药品数量和实际拿到的不一样。');
    await page.getByRole('radio', { name: /违规诊疗/ }).check();
    await page.getByRole('radio', { name: /^匿名举报/ }).check();
    // The database is fine here, so make the network fail instead.
    await page.route('**/complaints/new', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await humanPause(page);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await expect(page.getByRole('alert')).toContainText('网络连接失败');
    await expect(page.locator('#f-description')).toHaveValue('收费单上的药品数量和实际拿到的不一样。');
    const draft = await page.evaluate(() => localStorage.getItem('complaint-draft-v1'));
    expect(draft).toContain('收费单上的药品数量');
    await page.unroute('**/complaints/new');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await readReceipt(page);
  });
});

test.describe('status page', () => {
  test('shows the outcome and the feedback to a real-name complainant only', async ({ page }) => {
    const csp = watchCsp(page);
    const { realName, anonymous } = INTAKE_FIXTURE;
    await lookUp(page, trackingNo(realName.trackingBody), realName.queryCode);
    await expect(page.locator('.form-note')).toContainText('已办结');
    await expect(page.locator('main')).toContainText('查实');
    await expect(page.locator('.feedback')).toHaveText(realName.feedback);

    await lookUp(page, trackingNo(anonymous.trackingBody), anonymous.queryCode);
    await expect(page.locator('.form-note')).toContainText('已办结');
    await expect(page.locator('main')).toContainText('匿名举报不反馈处理结果');
    await expect(page.locator('main')).not.toContainText(anonymous.feedback);

    await lookUp(page, trackingNo(realName.trackingBody), 'WXYZ-2345');
    await expect(page.getByRole('alert')).toContainText('受理编号或查询码不正确');
    expect(csp).toEqual([]);
  });
});

test('intake pages carry the security headers and need no inline script', async ({ page, request }) => {
  for (const path of ['/complaints/new', '/complaints/status', `/i/${institution.code}/rate`, '/complaints/submitted']) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(200);
    const h = r.headers();
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).not.toContain('unsafe-inline');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['cache-control']).toBe('no-store');
    const html = await r.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
  }
  const api = await request.post('/api/complaints', { data: {}, headers: { 'content-type': 'application/json' } });
  expect(api.status()).toBe(400);
  expect(api.headers()['content-security-policy']).toBeTruthy();
  await page.goto('/complaints/new');
});

// @axe-core/playwright is typed against its own copy of playwright-core; the page is the same object.
const axe = (page: Page) => new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'] });

test('intake pages have no accessibility violations (WCAG 2 AA)', async ({ page }) => {
  const pages = [
    '/complaints/',
    '/complaints/new',
    `/complaints/new?i=${institution.code}`,
    '/complaints/new?q=诊所',
    '/complaints/status',
    `/i/${institution.code}/rate`,
    '/complaints/submitted',
  ];
  for (const path of pages) {
    await page.goto(path);
    const result = await axe(page).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(result.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  // With the errors shown, too.
  await page.goto(`/complaints/new?i=${institution.code}`);
  await humanPause(page);
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  const result = await axe(page).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(result.violations.map((v) => v.id)).toEqual([]);
});
