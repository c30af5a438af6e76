// Issue 12, "Done when": from an EMPTY database without demo data, accounts made with
// `npm run user:create`, a few institutions imported, and then through the admin UI alone every
// credit state a citizen can see is created, changed and ended, publishing after each step; after
// each publish the public page, the poster and the open data show exactly the current state.
import { test, expect, type Page } from '@playwright/test';
import { importSheet, publishFromAdmin, signedIn, startEmptySite, type Account, type EmptySite } from './empty-site';

const PORT = Number(process.env['E2E_PORT'] ?? 4399) + 7;
const ACCOUNTS = {
  admin: { username: 'lc.admin', role: 'admin', displayName: '委管理员甲', password: 'Lifecycle-Admin-2026!' },
  admin2: { username: 'lc.admin2', role: 'admin', displayName: '委管理员乙', password: 'Lifecycle-Admin2-2026!' },
  district: { username: 'lc.district', role: 'district', displayName: '监督员丙', regions: '419801', password: 'Lifecycle-District-2026!' },
} satisfies Record<string, Account>;

const REGIONS = ['行政区划代码,名称,上级代码', '419801,青禾县,', '419801001,城关镇,419801', '419801002,东岭乡,419801'].join('\n');
const INSTITUTIONS = [
  '登记号,机构名称,机构类别,地址,行政区划,执业状态',
  'LC-0001,青禾县城关镇甲诊所,诊所,城关镇人民路1号,419801001,执业',
  'LC-0002,青禾县城关镇乙诊所,诊所,城关镇人民路2号,419801001,执业',
  'LC-0003,青禾县东岭乡卫生院,卫生院,东岭乡政府街3号,419801002,执业',
  // Ten in the county in all: the 10 % cap on 优秀 (floor(N / 10)) gives one 优秀 place.
  'LC-0004,青禾县城关镇丁诊所,诊所,城关镇人民路4号,419801001,执业',
  'LC-0005,青禾县城关镇戊诊所,诊所,城关镇人民路5号,419801001,执业',
  'LC-0006,青禾县城关镇己诊所,诊所,城关镇人民路6号,419801001,执业',
  'LC-0007,青禾县东岭乡庚诊所,诊所,东岭乡政府街7号,419801002,执业',
  'LC-0008,青禾县东岭乡辛诊所,诊所,东岭乡政府街8号,419801002,执业',
  'LC-0009,青禾县东岭乡壬诊所,诊所,东岭乡政府街9号,419801002,执业',
  'LC-0010,青禾县东岭乡癸诊所,诊所,东岭乡政府街10号,419801002,执业',
].join('\n');

let site: EmptySite;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run: it starts its own server');
  test.setTimeout(600_000);
  site = await startEmptySite('lifecycle', PORT, [ACCOUNTS.admin, ACCOUNTS.admin2]);
});

test.afterAll(async () => {
  await site?.stop();
});

async function codeOf(registrationNo: string): Promise<string> {
  const [row] = await site.db<{ code: string }[]>`SELECT code FROM institutions WHERE registration_no = ${registrationNo}`;
  if (!row) throw new Error(`no institution ${registrationNo}`);
  return row.code;
}

async function publicPage(page: Page, code: string): Promise<string> {
  const r = await page.request.get(`${site.base}/i/${code}/`);
  expect(r.status()).toBe(200);
  return r.text();
}

test('empty deployment: accounts from user:create, institutions imported and published, no level shown', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(900_000);
  const { ctx, page } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await importSheet(page, 'regions', '行政区划.csv', REGIONS);
  site.createAccount(ACCOUNTS.district);
  await importSheet(page, 'institutions', '机构名册.csv', INSTITUTIONS);
  await publishFromAdmin(page, '导入机构名册');
  const html = await publicPage(page, await codeOf('LC-0001'));
  expect(html).toContain('青禾县城关镇甲诊所');
  expect(html).not.toMatch(/信用等级[^<]*(优秀|合格|差)/);
  await ctx.close();
});

// ---------------------------------------------------------------------------------------------
// The rest of the chain: each step through the admin UI, then a publication, then the public side.

const FORBIDDEN = '推送至公共信用信息平台';
const SCORES: Record<string, { score: string; level: '优秀' | '合格' | '差' }> = {
  'LC-0001': { score: '95', level: '优秀' },
  'LC-0002': { score: '80', level: '合格' },
  'LC-0003': { score: '55', level: '差' },
  'LC-0004': { score: '70', level: '合格' },
  'LC-0005': { score: '71', level: '合格' },
  'LC-0006': { score: '72.5', level: '合格' },
  'LC-0007': { score: '74', level: '合格' },
  'LC-0008': { score: '76', level: '合格' },
  'LC-0009': { score: '78', level: '合格' },
  'LC-0010': { score: '82', level: '合格' },
};
const DOWNGRADED = 'LC-0001';
const RECTIFIED = 'LC-0003';
const POINTED = 'LC-0002';
const LISTED = 'LC-0004';
let posterVersionBefore = 0;
const DOWNGRADE_REASON = '使用非卫生技术人员从事医疗卫生技术工作（全流程测试）';
const POINT_BEHAVIOUR = '未按规定填写处方（全流程测试）';

type OpenRow = Record<string, unknown>;

async function idOf(registrationNo: string): Promise<number> {
  const [row] = await site.db<{ id: number }[]>`SELECT id::int AS id FROM institutions WHERE registration_no = ${registrationNo}`;
  if (!row) throw new Error(`no institution ${registrationNo}`);
  return row.id;
}

async function nameOf(registrationNo: string): Promise<string> {
  const [row] = await site.db<{ name: string }[]>`SELECT name FROM institutions WHERE registration_no = ${registrationNo}`;
  return row!.name;
}

async function todayInChina(): Promise<string> {
  const [row] = await site.db<{ today: string }[]>`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS today`;
  return row!.today;
}

/** A public HTML page (never with the forbidden wording). */
async function publicHtml(page: Page, path: string): Promise<string> {
  const r = await page.request.get(`${site.base}${path}`);
  expect(r.status(), path).toBe(200);
  const html = await r.text();
  expect(html, `${path} must not promise a push to the credit platform`).not.toContain(FORBIDDEN);
  return html;
}

/** The open-data row of one institution. */
async function openRow(page: Page, code: string): Promise<OpenRow> {
  const r = await page.request.get(`${site.base}/data/institutions.json`);
  expect(r.status()).toBe(200);
  const data = (await r.json()) as { institutions: OpenRow[] };
  const row = data.institutions.find((x) => x['code'] === code);
  expect(row, `open data row ${code}`).toBeTruthy();
  return row!;
}

/** The poster link printed on the public page (with its ?v=N), fetched and rendered. */
async function posterLevel(pub: Page, code: string): Promise<string> {
  const html = await publicHtml(pub, `/i/${code}/`);
  const m = /href="([^"]*\/poster\/?[^"]*)"/.exec(html);
  expect(m, `poster link on /i/${code}/`).toBeTruthy();
  const href = m![1]!.replace(/&amp;/g, '&');
  await pub.goto(new URL(href, site.base).toString());
  const body = await pub.content();
  expect(body).not.toContain(FORBIDDEN);
  return pub.locator('.p-level').innerText();
}

async function levelBox(pub: Page, code: string): Promise<string> {
  await publicHtml(pub, `/i/${code}/`);
  await pub.goto(`${site.base}/i/${code}/`);
  return pub.locator('.level-box').innerText();
}

test('evaluations entered by the district supervisor, approved by an administrator, published: one 优秀, one 差, the rest 合格', async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const today = await todayInChina();
  const year = Number(today.slice(0, 4));
  const { ctx: dctx, page: dp } = await signedIn(browser, site.base, ACCOUNTS.district);
  const { ctx: actx, page: ap } = await signedIn(browser, site.base, ACCOUNTS.admin);
  // The 优秀 one last, so that its preview already counts ten evaluated institutions.
  const order = Object.keys(SCORES).sort((a, b) => (a === DOWNGRADED ? 1 : b === DOWNGRADED ? -1 : a.localeCompare(b)));
  for (const reg of order) {
    const { score, level } = SCORES[reg]!;
    await dp.goto(`/admin/evaluations/new?institution=${await idOf(reg)}&year=${year}`);
    await expect(dp.getByText(`被评价机构：${await nameOf(reg)}`)).toBeVisible();
    await dp.getByLabel('评价日期').fill(today);
    await dp.getByLabel(/^实际得分/).fill(score);
    await dp.getByLabel(/^合理缺项分值/).fill('0');
    await dp.getByLabel(/^行政处罚次数/).fill('0');
    await dp.getByLabel(/^单星项不符合数/).fill('0');
    await dp.getByRole('button', { name: '预览' }).click();
    await expect(dp.getByTestId('preview-level')).toHaveText(level);
    await dp.getByRole('button', { name: '提交审批' }).click();
    await expect(dp).toHaveURL(/\/admin\/evaluations\/\d+\?done=submitted/);
    const id = Number(/evaluations\/(\d+)/.exec(dp.url())![1]);
    await expect(dp.getByRole('button', { name: '批准' })).toHaveCount(0);

    await ap.goto(`/admin/evaluations/${id}`);
    await ap.getByRole('button', { name: '批准', exact: true }).click();
    await expect(ap.getByText('已批准：评价结果已写入')).toBeVisible();
  }
  const stored = await site.db<{ reg: string; level: string }[]>`
    SELECT i.registration_no AS reg, e.level FROM evaluations e JOIN institutions i ON i.id = e.institution_id WHERE e.year = ${year}`;
  expect(Object.fromEntries(stored.map((r) => [r.reg, r.level]))).toEqual(Object.fromEntries(Object.entries(SCORES).map(([k, v]) => [k, v.level])));
  await dctx.close();

  await publishFromAdmin(ap, '年度评价结果');
  await actx.close();

  const pub = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  for (const [reg, { score, level }] of Object.entries(SCORES)) {
    const code = await codeOf(reg);
    const html = await publicHtml(pub, `/i/${code}/`);
    expect(html).not.toContain('复核中');
    expect(html).not.toContain('按标化得分应为');
    expect(await levelBox(pub, code)).toContain(level);
    expect(await openRow(pub, code)).toMatchObject({
      level,
      level_status: level,
      level_year: year,
      standardized_score: Number(score),
      downgraded_on: null,
      serious_dishonesty: false,
    });
  }
  for (const reg of [DOWNGRADED, RECTIFIED, POINTED, LISTED]) {
    const { score, level } = SCORES[reg]!;
    expect(await posterLevel(pub, await codeOf(reg))).toContain(`${level} · 标化得分${Number(score).toFixed(2)}`);
  }
  posterVersionBefore = Number((await openRow(pub, await codeOf(DOWNGRADED)))['poster_version']);
  await pub.close();
});

test('downgrade: the district re-scores, an administrator approves and the 降级通知书 is archived; after publishing the re-score is the basis', async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const today = await todayInChina();
  const code = await codeOf(DOWNGRADED);
  const { ctx: dctx, page } = await signedIn(browser, site.base, ACCOUNTS.district);
  await page.goto(`/admin/downgrades/new?institution=${await idOf(DOWNGRADED)}`);
  await page.getByLabel(/发现日期/).fill(today);
  await page.getByLabel(/发现的违法违规行为/).fill(DOWNGRADE_REASON);
  await page.getByLabel('关联记录类型').selectOption({ label: '监督检查记录' });
  await page.getByLabel(/关联记录编号/).fill('青禾卫监检〔2026〕7号');
  await page.getByRole('button', { name: '记录' }).click();
  await expect(page.getByRole('status')).toContainText('已记录');
  const recordUrl = page.url().replace(/\?.*$/, '');
  await page.getByLabel('合理缺项分值').fill('0');
  await page.getByLabel('实际得分').fill('72');
  await page.getByRole('button', { name: '保存重新评分' }).click();
  await expect(page.getByRole('status')).toContainText('重新评分已保存');
  await expect(page.getByText('标化得分 72.00，应评为“合格”')).toBeVisible();
  const submit = page.locator('fieldset', { hasText: '上报评价小组审查' });
  await submit.getByLabel(/理由/).fill('重新评分低于原级别，上报评价小组');
  await submit.getByRole('button').click();
  await expect(page.getByRole('status')).toContainText('已上报评价小组');
  await expect(page.getByRole('button', { name: '审查通过并出具降级通知书' })).toHaveCount(0);
  await dctx.close();

  const { ctx: actx, page: ap } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await ap.goto(recordUrl);
  const approve = ap.locator('fieldset', { hasText: '审查通过并出具降级通知书' });
  await approve.getByLabel(/理由/).fill('经信用评价小组审查，同意降级');
  await approve.getByRole('button').click();
  await expect(ap.getByRole('status')).toContainText('已审查通过');
  const [{ noticeNo }] = (await site.db`
    SELECT d.notice_no AS "noticeNo" FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id
     WHERE e.institution_id = ${await idOf(DOWNGRADED)}`) as unknown as [{ noticeNo: string }];
  expect(noticeNo).toMatch(/降〔\d{4}〕\d+号/);
  const pdfHref = (await ap.getByRole('link', { name: `${noticeNo}（PDF）` }).getAttribute('href'))!;
  const first = await ap.request.get(pdfHref);
  expect(first.status()).toBe(200);
  expect(first.headers()['content-type']).toContain('application/pdf');
  const bytes = await first.body();
  expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
  const again = await (await ap.request.get(pdfHref)).body();
  expect(Buffer.compare(bytes, again), 'the archived notice is served byte-identical').toBe(0);

  await publishFromAdmin(ap, '降级后发布');
  await actx.close();

  const pub = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const html = await publicHtml(pub, `/i/${code}/`);
  expect(html).not.toContain('按标化得分应为');
  const box = await levelBox(pub, code);
  expect(box).toContain('合格');
  // The old level appears only in the history sentence "由优秀降为合格", never as the level.
  expect(box).toMatch(/信用级别\s*合格/);
  expect(box).not.toMatch(/信用级别\s*优秀/);
  expect(box).toContain('由优秀降为合格');
  expect(box).toContain('重新评分标化得分 72.00');
  expect(box).toContain(`降级原因：${DOWNGRADE_REASON}`);
  expect(box).toContain(noticeNo);
  expect(box).not.toContain('95.00');
  await pub.screenshot({ path: 'test-results/lifecycle-downgraded-390.png', fullPage: true });
  const poster = await posterLevel(pub, code);
  expect(poster).toContain('合格 · 重新评分标化得分72.00');
  expect(poster).not.toContain('95');
  // 优秀 only in the history line "由优秀降为合格", never as the level printed.
  expect(poster.replace('由优秀降为合格', '')).not.toContain('优秀');
  expect(await openRow(pub, code)).toMatchObject({
    level: '合格',
    level_status: '合格',
    standardized_score: 72,
    score_basis: '降级重新评分',
    downgraded_on: today,
    downgrade_notice_no: noticeNo,
  });
  // The level changed, so the printed poster's version moved on (an old poster's QR code says so).
  expect(Number((await openRow(pub, code))['poster_version'])).toBeGreaterThan(posterVersionBefore);
  await pub.close();
});

let orderedDay = '';

test('限期整改 ordered for the 差 institution, published: 整改中', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const code = await codeOf(RECTIFIED);
  const name = await nameOf(RECTIFIED);
  const { ctx, page } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await page.goto('/admin/rectifications');
  await page.getByRole('link', { name: '责令限期整改' }).first().click();
  await page.getByLabel('机构名称或编码').fill(code);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('link', { name }).click();
  await page.getByLabel('监督中发现的问题').check();
  await page.getByLabel(/发现的问题（/).fill('医疗废物暂存点未按规定设置警示标识');
  await page.getByLabel(/整改事项/).fill('设置医疗废物警示标识\n完善交接登记');
  await page.getByLabel(/整改期限/).fill('15');
  await page.getByRole('button', { name: '责令限期整改' }).click();
  await expect(page.getByText(/已责令限期整改，《限期整改通知书》已生成/)).toBeVisible();
  await expect(page.getByRole('heading', { name: /限期整改 \d+/ })).toContainText('整改中');
  orderedDay = (await page.locator('dt:text("责令日期") + dd').innerText()).slice(0, 10);
  await publishFromAdmin(page, '责令限期整改');
  await ctx.close();

  const pub = await browser.newPage();
  const box = await levelBox(pub, code);
  expect(box).toContain('差');
  expect(box).toContain(`整改中：${orderedDay}责令限期整改`);
  expect(box).not.toContain('已整改');
  const row = await openRow(pub, code);
  expect(row).toMatchObject({ level: '差' });
  expect(String(row['level_notes'])).toContain('整改中');
  expect(await posterLevel(pub, code)).toContain('差 · 标化得分55.00');
  await pub.close();
});

test('the report is registered and the review finds 整改合格, published: 已整改', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const code = await codeOf(RECTIFIED);
  const [{ id }] = (await site.db`SELECT id::int AS id FROM rectifications WHERE institution_id = ${await idOf(RECTIFIED)}`) as unknown as [{ id: number }];
  const { ctx, page } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await page.goto(`/admin/rectifications/${id}`);
  const report = page.locator('form', { has: page.locator('input[name="action"][value="submit-report"]') });
  await report.getByLabel('整改情况').fill('已设置警示标识，交接登记已完善。');
  await report
    .getByLabel(/整改报告文件/)
    .setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n整改报告\n%%EOF') });
  await report.getByLabel(/理由/).fill('机构提交书面整改报告');
  await report.getByRole('button', { name: '登记整改报告' }).click();
  await expect(page.getByText('整改报告已登记，请复查。')).toBeVisible();
  const pass = page.locator('form', { has: page.locator('input[name="action"][value="review-pass"]') });
  await pass.getByLabel(/理由/).fill('现场复查，整改到位');
  await pass.getByRole('button', { name: '复查认定整改合格' }).click();
  await expect(page.getByRole('heading', { name: /限期整改 \d+/ })).toContainText('已整改');
  await publishFromAdmin(page, '整改合格');
  await ctx.close();

  const pub = await browser.newPage();
  const box = await levelBox(pub, code);
  expect(box).toContain(`已整改：${orderedDay}责令限期整改，`);
  expect(box).toContain('经复查整改合格');
  expect(box).not.toContain('整改中');
  const notes = String((await openRow(pub, code))['level_notes']);
  expect(notes).toContain('已整改');
  expect(notes).not.toContain('整改中');
  const poster = await posterLevel(pub, code);
  expect(poster).toContain('差 · 标化得分55.00');
  expect(poster).not.toContain('整改中');
  await pub.close();
});

let pointId = 0;

test('a point recorded with its 记分通知书, then an appeal registered, published: 复核中 beside the point', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const today = await todayInChina();
  const code = await codeOf(POINTED);
  const name = await nameOf(POINTED);
  const { ctx, page } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await page.goto(`/admin/points/new?institution=${await idOf(POINTED)}`);
  await page.getByLabel(/记分行为/).fill(POINT_BEHAVIOUR);
  await page.getByLabel(/记分分值/).fill('2');
  await page.getByLabel('记分来源').selectOption('日常管理');
  await page.getByLabel(/发现日期/).fill(today);
  await page.getByLabel(/分管领导审批日期/).fill(today);
  await page.getByLabel(/送达日期/).fill(today);
  await page.getByLabel(/被记分方签收日期/).fill(today);
  await page.getByRole('button', { name: '登记记分' }).click();
  await expect(page).toHaveURL(/\/admin\/points\/\d+\?done=created/);
  pointId = Number(/points\/(\d+)/.exec(page.url())![1]);
  await page.getByRole('button', { name: /生成通知书/ }).click();
  const notice = page.getByRole('link', { name: /（PDF）$/ }).first();
  await expect(notice).toBeVisible();
  const pdf = await page.request.get((await notice.getAttribute('href'))!);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

  await page.goto('/admin/reviews');
  await page.getByRole('link', { name: '登记复核申请' }).click();
  await page.getByLabel('机构名称或编码').fill(code);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('link', { name }).click();
  await page.getByLabel('复核事项').selectOption(`point:${pointId}`);
  await page.getByLabel('申请事由').fill('对记分事实有异议');
  await page.getByLabel('申请日期').fill(today);
  await page.getByRole('button', { name: '登记申请' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/points/${pointId}\\?done=appeal`));
  await publishFromAdmin(page, '记分复核申请');
  await ctx.close();

  const pub = await browser.newPage();
  await publicHtml(pub, `/i/${code}/`);
  await pub.goto(`${site.base}/i/${code}/`);
  const line = pub.locator('li', { hasText: today }).filter({ hasText: POINT_BEHAVIOUR }).first();
  await expect(line).toContainText('复核中');
  // The level itself is not under review.
  expect(await levelBox(pub, code)).toContain('合格');
  expect(await openRow(pub, code)).toMatchObject({ level: '合格', level_status: '合格' });
  const poster = await posterLevel(pub, code);
  expect(poster).toContain('合格 · 标化得分80.00');
  expect(poster).not.toContain('复核中');
  await pub.close();
});

test('the appeal is accepted and decided, published: the 复核中 mark is gone', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const today = await todayInChina();
  const code = await codeOf(POINTED);
  const { ctx, page } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await page.goto(`/admin/points/${pointId}`);
  await page.getByLabel('受理日期').fill(today);
  await page.getByRole('button', { name: '受理' }).click();
  await page.locator('select[name="decision"]').selectOption('维持');
  await page.getByLabel('决定日期').fill(today);
  await page.getByLabel(/决定理由/).fill('事实清楚，维持记分');
  await page.getByRole('button', { name: '登记决定' }).click();
  await expect(page.getByText('申诉决定已登记。')).toBeVisible();
  await publishFromAdmin(page, '复核决定');
  await ctx.close();

  const pub = await browser.newPage();
  const html = await publicHtml(pub, `/i/${code}/`);
  expect(html).not.toContain('复核中');
  await pub.goto(`${site.base}/i/${code}/`);
  await expect(pub.locator('li', { hasText: today }).filter({ hasText: POINT_BEHAVIOUR }).first()).toBeVisible();
  expect(await posterLevel(pub, code)).not.toContain('复核中');
  await pub.close();
});

let entryPath = '';

test('严重失信名单: the district proposes, an administrator approves, published: on the list and the banner', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const code = await codeOf(LISTED);
  const name = await nameOf(LISTED);
  const { ctx: dctx, page: dp } = await signedIn(browser, site.base, ACCOUNTS.district);
  await dp.goto(`/admin/dishonesty/new?q=${code}`);
  await dp.getByRole('link', { name }).click();
  await dp.getByLabel('既往监督检查').check();
  await dp.getByLabel(/列入原因/).fill('一年内两次使用非卫生技术人员从事医疗卫生技术工作，经责令改正仍未改正（全流程测试）');
  await dp.getByLabel(/法律依据/).fill('《医疗机构管理条例》第四十七条');
  const until = dp.getByLabel(/公示截止日期/);
  if ((await until.inputValue()) === '') {
    const today = await todayInChina();
    await until.fill(`${Number(today.slice(0, 4)) + 1}${today.slice(4)}`);
  }
  await dp.getByRole('button', { name: '提交提议' }).click();
  await expect(dp.getByRole('status')).toContainText('须由另一名委机关管理员审批');
  await expect(dp.getByRole('button', { name: '批准列入', exact: true })).toHaveCount(0);
  entryPath = new URL(dp.url()).pathname;
  await dctx.close();

  const { ctx: actx, page: ap } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await ap.goto(entryPath);
  const approve = ap.locator('form', { has: ap.getByRole('button', { name: '批准列入', exact: true }) });
  await approve.getByLabel(/列入决定文号/).fill('青禾卫失信〔2026〕1号');
  await approve.getByLabel(/审批意见/).fill('事实清楚，同意列入');
  await approve.getByRole('button', { name: '批准列入', exact: true }).click();
  await expect(ap.getByRole('heading', { level: 1 })).toContainText('公示中');
  await publishFromAdmin(ap, '列入严重失信名单');
  await actx.close();

  const pub = await browser.newPage();
  await publicHtml(pub, '/lists/dishonesty/');
  await pub.goto(`${site.base}/lists/dishonesty/`);
  await expect(pub.getByRole('table').getByRole('link', { name })).toBeVisible();
  await publicHtml(pub, `/i/${code}/`);
  await pub.goto(`${site.base}/i/${code}/`);
  await expect(pub.locator('.alert')).toContainText('该机构已列入严重失信名单（青禾卫失信〔2026〕1号');
  expect(await openRow(pub, code)).toMatchObject({ serious_dishonesty: true });
  // Nobody else is listed.
  for (const other of ['LC-0001', 'LC-0002', 'LC-0003']) expect(await openRow(pub, await codeOf(other))).toMatchObject({ serious_dishonesty: false });
  // The poster's six parts (seed 001 附件1 六) carry no dishonesty mark; its level line is unchanged.
  expect(await posterLevel(pub, code)).toContain('合格 · 标化得分70.00');
  await pub.close();
});

test('信用修复: the district registers the application, an administrator grants it, published: off the list, no banner', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(600_000);
  const code = await codeOf(LISTED);
  const name = await nameOf(LISTED);
  const { ctx: dctx, page: dp } = await signedIn(browser, site.base, ACCOUNTS.district);
  await dp.goto(entryPath);
  const apply = dp.locator('form', { has: dp.getByRole('button', { name: '登记信用修复申请' }) });
  await apply.getByLabel(/修复申请内容/).fill('已清退非卫生技术人员，完成整改并作出信用承诺');
  await apply.getByRole('button', { name: '登记信用修复申请' }).click();
  await expect(dp.getByRole('heading', { level: 1 })).toContainText('信用修复申请审核中');
  await dctx.close();

  const { ctx: actx, page: ap } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await ap.goto(entryPath);
  const grant = ap.locator('form', { has: ap.getByRole('button', { name: '准予信用修复' }) });
  await grant.getByLabel(/修复决定/).fill('经核查整改到位，准予信用修复');
  await grant.getByRole('button', { name: '准予信用修复' }).click();
  await expect(ap.getByRole('heading', { level: 1 })).toContainText('已信用修复，移出名单');
  await publishFromAdmin(ap, '信用修复');

  const pub = await browser.newPage();
  await publicHtml(pub, '/lists/dishonesty/');
  await pub.goto(`${site.base}/lists/dishonesty/`);
  await expect(pub.getByRole('table').getByRole('link', { name })).toHaveCount(0);
  const html = await publicHtml(pub, `/i/${code}/`);
  expect(html).not.toContain('该机构已列入严重失信名单');
  await pub.goto(`${site.base}/i/${code}/`);
  await expect(pub.locator('.alert')).toHaveCount(0);
  expect(await openRow(pub, code)).toMatchObject({ serious_dishonesty: false, level: '合格' });
  expect(await posterLevel(pub, code)).toContain('合格 · 标化得分70.00');
  // The whole chain, as it stands at the end.
  expect(await openRow(pub, await codeOf(DOWNGRADED))).toMatchObject({ level: '合格', standardized_score: 72, score_basis: '降级重新评分' });
  expect(await openRow(pub, await codeOf(RECTIFIED))).toMatchObject({ level: '差' });
  await pub.close();

  await ap.setViewportSize({ width: 1366, height: 900 });
  await ap.goto('/admin/documents');
  await ap.screenshot({ path: 'test-results/lifecycle-admin-documents-1366.png', fullPage: true });
  await actx.close();
});
