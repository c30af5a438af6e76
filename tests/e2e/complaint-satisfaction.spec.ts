// 好差评 end to end: a complaint is filed, closed by the district's supervisor, rated 不满意 by the
// complainant, followed up with its deadline, answered; the complainant reads the answer, and
// after publishing the public page counts the review. First, the published figures of the demo
// data are recomputed here from the database rows, independently of the application's code.
import { test, expect, type Page } from '@playwright/test';
import { contextAs, complaintId, desktopOnly, e2eDb } from './admin-support';
import { DEMO_AS_OF } from '../../src/demo/factory';
import { followUpDueDate } from '../../src/domain/complaint-satisfaction';
import { chinaDate } from '../../src/domain/working-days';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'one run is enough: the flow crosses the public and supervisor areas');
});

interface Counts {
  closed: number;
  onTime: number;
  reviews: number;
  satisfied: number;
  bad: number;
  followUps: number;
  followUpsClosed: number;
}

/** The figures per month and district, from the rows, with nothing from src/ but the table names. */
async function recompute(): Promise<Map<string, Counts & { month: string; code: string | null; name: string }>> {
  const db = e2eDb();
  const regions = new Map(
    (await db<{ code: string; name: string; level: number; parent: string | null }[]>`SELECT code, name, level, parent_code AS parent FROM regions`).map(
      (r) => [r.code, r],
    ),
  );
  const complaints = await db<{ id: number; status: string; closedAt: Date; acceptDue: string; closeDue: string; region: string | null }[]>`
    SELECT c.id::int AS id, c.status, c.closed_at AS "closedAt", c.accept_due::text AS "acceptDue", c.close_due::text AS "closeDue",
           coalesce(c.region_code, i.region_code) AS region
      FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id WHERE c.closed_at IS NOT NULL`;
  const reviews = await db<{ complaintId: number; version: number; level: string }[]>`
    SELECT complaint_id::int AS "complaintId", version, level FROM complaint_satisfaction_reviews`;
  const followUps = await db<{ complaintId: number; closed: boolean }[]>`
    SELECT complaint_id::int AS "complaintId", closed_at IS NOT NULL AS closed FROM complaint_satisfaction_follow_ups`;
  const latest = new Map<number, { version: number; level: string }>();
  for (const r of reviews) if ((latest.get(r.complaintId)?.version ?? 0) < r.version) latest.set(r.complaintId, r);
  const out = new Map<string, Counts & { month: string; code: string | null; name: string }>();
  for (const c of complaints) {
    if (c.status !== '已办结' && c.status !== '不予受理') continue;
    const closedOn = new Date(c.closedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    let r = c.region ? regions.get(c.region) : undefined;
    while (r && r.level > 4 && r.parent) r = regions.get(r.parent);
    const key = `${closedOn.slice(0, 7)}|${r?.code ?? ''}`;
    const e = out.get(key) ?? {
      month: closedOn.slice(0, 7),
      code: r?.code ?? null,
      name: r?.name ?? '辖区未明',
      closed: 0,
      onTime: 0,
      reviews: 0,
      satisfied: 0,
      bad: 0,
      followUps: 0,
      followUpsClosed: 0,
    };
    e.closed += 1;
    if (closedOn <= (c.status === '不予受理' ? c.acceptDue : c.closeDue)) e.onTime += 1;
    const level = latest.get(c.id)?.level;
    if (level) e.reviews += 1;
    if (level === '满意' || level === '非常满意') e.satisfied += 1;
    if (level === '不满意' || level === '非常不满意') e.bad += 1;
    for (const f of followUps.filter((x) => x.complaintId === c.id)) {
      e.followUps += 1;
      if (f.closed) e.followUpsClosed += 1;
    }
    out.set(key, e);
  }
  return out;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);
function shown(part: number, whole: number, of: string, what: string): string {
  if (whole === 0) return '无';
  const counts = `${whole} ${of}中 ${part} ${what}`;
  return whole < 20 ? counts : `${rate(part, whole)!.toFixed(1)}%（${counts}）`;
}
const cells = (e: Counts) => [
  shown(e.onTime, e.closed, '件办结', '件按期'),
  shown(e.satisfied, e.reviews, '条评价', '条满意'),
  e.bad === 0 ? '无差评' : `${e.bad} 条差评；${shown(e.followUpsClosed, e.followUps, '件差评核实', '件已办结')}`,
];

test('the published satisfaction figures of the demo data match a recomputation from the database rows', async ({ page, request }) => {
  const expected = [...(await recompute()).values()].filter((e) => e.month <= DEMO_AS_OF.slice(0, 7));
  // The demo shows the whole loop: reviews, bad ones, a follow-up done and one still open.
  const sum = (k: keyof Counts) => expected.reduce((a, e) => a + e[k], 0);
  expect(sum('reviews')).toBeGreaterThan(3);
  expect(sum('bad')).toBeGreaterThanOrEqual(1);
  expect(sum('followUpsClosed')).toBeGreaterThanOrEqual(1);
  expect(sum('followUps') - sum('followUpsClosed')).toBeGreaterThanOrEqual(1);

  const json = (await (await request.get('/data/satisfaction.json')).json()) as { demo: boolean; rows: Record<string, unknown>[] };
  expect(json.demo).toBe(true);
  const published = json.rows.filter((r) => String(r['month']) <= DEMO_AS_OF.slice(0, 7));
  expect(published).toHaveLength(expected.length);
  const csv = (await (await request.get('/data/satisfaction.csv')).text())
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('月份,辖区代码,辖区,办结投诉数,按期办结数,按期办结率,评价数,满意数,满意率,差评数,差评核实数,差评核实办结数');
  await page.goto('/complaints/satisfaction/');
  for (const e of expected) {
    const row = published.find((r) => r['month'] === e.month && r['district_code'] === e.code);
    expect(row, `${e.month} ${e.name}`).toEqual({
      month: e.month,
      district_code: e.code,
      district: e.name,
      complaints_closed: e.closed,
      closed_on_time: e.onTime,
      on_time_rate: rate(e.onTime, e.closed),
      reviews: e.reviews,
      satisfied: e.satisfied,
      satisfaction_rate: rate(e.satisfied, e.reviews),
      bad_reviews: e.bad,
      follow_ups: e.followUps,
      follow_ups_closed: e.followUpsClosed,
    });
    const line = [
      e.month,
      e.code ?? '',
      e.name,
      e.closed,
      e.onTime,
      rate(e.onTime, e.closed) ?? '',
      e.reviews,
      e.satisfied,
      rate(e.satisfied, e.reviews) ?? '',
      e.bad,
      e.followUps,
      e.followUpsClosed,
    ].join(',');
    expect(csv).toContain(line);
    const tr = page.locator(`table[data-month="${e.month}"] tr[data-district="${e.code ?? ''}"]`);
    await expect(tr.locator('th')).toHaveText(e.name);
    await expect(tr.locator('td')).toHaveText(cells(e));
  }
});

async function lookUp(page: Page, no: string, code: string) {
  await page.goto('/complaints/status');
  await page.getByLabel('受理编号（12位数字）').fill(no);
  await page.getByLabel('查询码（8位字母和数字）').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(no) })).toBeVisible();
}

test('complaint → closed → rated 不满意 → follow-up with its deadline → answered → seen by the complainant → counted after publishing', async ({
  browser,
  baseURL,
  page,
}) => {
  test.setTimeout(600_000);
  const db = e2eDb();
  const [inst] = await db<{ code: string; name: string; region: string; regionName: string }[]>`
    SELECT i.code, i.name, i.region_code AS region, r.name AS "regionName"
      FROM institutions i JOIN regions r ON r.code = i.region_code
     WHERE i.status = '执业' AND i.region_code IN (SELECT sr.region_code FROM supervisor_regions sr JOIN supervisors s ON s.id = sr.supervisor_id WHERE s.username = 'district')
     ORDER BY i.id LIMIT 1`;
  expect(inst).toBeDefined();

  // 1. The citizen files a real-name complaint (phone size).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/complaints/new?i=${inst!.code}`);
  await page.locator('#f-description').fill('诊所没有公示收费价格，收费也不给明细，多收了挂号费。');
  await page.getByRole('radio', { name: /信息公示/ }).check();
  await page.getByRole('radio', { name: /^实名举报/ }).check();
  await page.locator('#f-name').fill('吴好差评');
  await page.locator('#f-phone').fill('13800139000');
  await page.waitForTimeout(3_200);
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByRole('heading', { name: '投诉已提交，并已登记' })).toBeVisible();
  const no = (await page.locator('#tracking-no').textContent())!.trim();
  const code = (await page.locator('#query-code').textContent())!.trim();

  // Before it is closed there is nothing to rate.
  await lookUp(page, no, code);
  await expect(page.locator('#satisfaction')).toContainText('投诉办结后，可以在这里评价办理情况');
  await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);

  // 2. The district's supervisor closes it.
  const supervisor = await contextAs(browser, 'district', baseURL!);
  const admin = await supervisor.newPage();
  const id = await complaintId(no.replace(/-/g, ''));
  await admin.goto(`/admin/complaints/${id}`);
  await admin.getByRole('button', { name: '受理', exact: true }).click();
  await admin.getByRole('button', { name: '开始调查' }).click();
  await admin.locator('fieldset', { hasText: '记录调查情况' }).getByLabel('调查情况').fill('现场检查：未公示价格，已责令整改。');
  await admin.getByRole('button', { name: '保存调查情况' }).click();
  await admin.locator('select[name="outcome"]').selectOption('查实');
  // Real-name: closed only with feedback (seed 003, issue 14).
  await admin.getByLabel(/^给举报人的反馈/).fill('经查属实，已责令整改。');
  await admin.getByRole('button', { name: '办结', exact: true }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('已办结');

  // 3. The complainant rates it 不满意 with a reason.
  await lookUp(page, no, code);
  await page.getByRole('radio', { name: '不满意', exact: true }).check();
  await page.getByRole('checkbox', { name: '处理不及时' }).check();
  await page.getByLabel(/意见和建议/).fill('办结了但收费明细还是没有。');
  await page.getByRole('button', { name: '提交评价' }).click();
  const due = followUpDueDate(chinaDate(new Date()));
  await expect(page.getByRole('status')).toContainText(`15 个工作日内（${due} 前）整改或作出说明`);
  await expect(page.locator('#satisfaction')).toContainText('您的评价：不满意（处理不及时）');
  await page.screenshot({ path: 'test-results/satisfaction-status-390.png', fullPage: true });

  // 4. The follow-up appears for the district with its deadline: on the dashboard and in the filters
  //    (the due list shows it once it is due within 7 days: tests/integration/db/complaint-satisfaction.test.ts).
  await admin.goto('/admin/');
  const dueRow = admin.locator('tr', { hasText: no });
  await expect(dueRow).toContainText(due);
  await expect(dueRow).toContainText('不满意');
  await expect(dueRow).toContainText('待核实');
  await admin.goto('/admin/complaints?followup=open');
  await expect(admin.locator('table')).toContainText(no);
  await admin.goto('/admin/complaints?review=bad');
  await expect(admin.locator('table')).toContainText(no);

  // 5. The supervisor records the follow-up.
  await admin.goto(`/admin/complaints/${id}`);
  const panel = admin.locator('#satisfaction');
  await expect(panel).toContainText('不满意');
  await expect(panel).toContainText('处理不及时');
  await expect(panel).toContainText(`${due} 前`);
  await expect(panel).not.toContainText('吴好差评');
  await admin.getByLabel('核实结论').selectOption('属实');
  await admin.getByLabel(/核实情况/).fill('回访投诉人，诊所确未提供收费明细。');
  await admin.getByLabel(/整改情况或解释说明/).fill('已督促诊所公示价格并提供收费明细，多收的挂号费已退还。');
  await admin.getByRole('button', { name: '记录核实结果' }).click();
  await expect(admin.getByRole('status')).toContainText('已记录差评核实结果');
  await admin.setViewportSize({ width: 1366, height: 900 });
  await admin.screenshot({ path: 'test-results/satisfaction-admin-1366.png', fullPage: true });
  await supervisor.close();

  // 6. The complainant sees the result.
  await lookUp(page, no, code);
  await expect(page.locator('#satisfaction')).toContainText('差评核实结果：已整改');
  await expect(page.locator('#satisfaction')).toContainText('多收的挂号费已退还');

  // 7. After publishing, the public page counts the review.
  const month = chinaDate(new Date()).slice(0, 7);
  const adminCtx = await contextAs(browser, 'admin', baseURL!);
  const pub = await adminCtx.newPage();
  await pub.goto('/admin/publish');
  await pub.getByRole('button', { name: '生成新版本' }).click();
  await expect(pub.getByRole('heading', { name: /^待发布版本/ })).toBeVisible({ timeout: 300_000 });
  await pub.getByLabel(/发布说明/).fill('好差评测试发布');
  await pub.getByRole('button', { name: '确认发布' }).click();
  await expect(pub.getByRole('status')).toContainText('新版本已发布');
  await adminCtx.close();

  const now = [...(await recompute()).values()].find((e) => e.month === month && e.code === inst!.region)!;
  expect(now.reviews).toBeGreaterThanOrEqual(1);
  await page.goto('/complaints/satisfaction/');
  const tr = page.locator(`table[data-month="${month}"] tr[data-district="${inst!.region}"]`);
  await expect(tr.locator('th')).toHaveText(inst!.regionName);
  await expect(tr.locator('td')).toHaveText(cells(now));
  await page.screenshot({ path: 'test-results/satisfaction-public-390.png', fullPage: true });
});
