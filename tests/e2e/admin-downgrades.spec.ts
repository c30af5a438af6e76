// A downgrade recorded through the supervisor area (issue 12 item 3): the district supervisor
// records the finding, re-scores and reports; the administrator approves (second person); after
// publishing, the public page and the poster rest the level on the re-score, with the downgrade
// reason, and never show the annual score or "按标化得分应为…" as its basis.
import { test, expect } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('record, re-score, report, approve, publish: the public page and poster show the re-score', async ({ browser, baseURL, request }) => {
  test.setTimeout(600_000);
  // A practising institution in the demo district's region with a current level above 差, not yet downgraded.
  const [inst] = await e2eDb()<{ id: number; code: string; name: string; score: string }[]>`
    SELECT i.id, i.code, i.name, e.standardized_score::text AS score
      FROM institutions i JOIN evaluations e ON e.institution_id = i.id
     WHERE i.status = '执业' AND e.year = (SELECT max(year) FROM evaluations) AND e.level <> '差' AND e.review_status = '无'
       AND i.region_code IN (SELECT code FROM supervisor_region_scope((SELECT id FROM supervisors WHERE username = 'district')))
       AND NOT EXISTS (SELECT 1 FROM downgrades d WHERE d.evaluation_id = e.id)
     ORDER BY (e.level <> e.score_level) DESC, i.id LIMIT 1`;
  expect(inst, 'an institution the demo district supervisor may downgrade').toBeTruthy();
  const annualScore = Number(inst!.score).toFixed(2);
  const [{ today }] = (await e2eDb()`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS today`) as unknown as [{ today: string }];

  // The district supervisor: finding, re-score, report.
  const district = await contextAs(browser, 'district', baseURL!);
  const page = await district.newPage();
  await page.goto(`/admin/downgrades/new?institution=${inst!.id}`);
  await page.getByLabel(/发现日期/).fill(today);
  await page.getByLabel(/发现的违法违规行为/).fill('E2E：使用非卫生技术人员从事医疗卫生技术工作');
  await page.getByLabel('关联记录类型').selectOption({ label: '监督检查记录' });
  await page.getByLabel(/关联记录编号/).fill('E2E检查001号');
  await page.getByRole('button', { name: '记录' }).click();
  await expect(page.getByRole('status')).toContainText('已记录');
  await expect(page.getByText(/重新评分期限（发现之日起 5 日内）：应于\d{4}-\d{2}-\d{2}前（含当日）重新评分/)).toBeVisible();
  const recordUrl = page.url().replace(/\?.*$/, '');

  // The re-score form starts from the current evaluation; 50 on the sheet gives 差.
  await page.getByLabel('合理缺项分值').fill('0');
  await page.getByLabel('实际得分').fill('50');
  await page.getByRole('button', { name: '保存重新评分' }).click();
  await expect(page.getByRole('status')).toContainText('重新评分已保存');
  await expect(page.getByText('标化得分 50.00，应评为“差”')).toBeVisible();
  await expect(page.getByRole('button', { name: '审查通过并出具降级通知书' })).toHaveCount(0);
  const submit = page.locator('fieldset', { hasText: '上报评价小组审查' });
  await submit.getByLabel(/理由/).fill('重新评分低于60分，上报评价小组');
  await submit.getByRole('button').click();
  await expect(page.getByRole('status')).toContainText('已上报评价小组');
  await district.close();

  // The administrator (not the proposer) approves; the notice number is kept.
  const admin = await contextAs(browser, 'admin', baseURL!);
  const ap = await admin.newPage();
  await ap.goto(recordUrl);
  const approve = ap.locator('fieldset', { hasText: '审查通过并出具降级通知书' });
  await approve.getByLabel(/理由/).fill('经信用评价小组审查，同意降级');
  await approve.getByRole('button').click();
  await expect(ap.getByRole('status')).toContainText('已审查通过');
  const noticeNo = (
    await e2eDb()<{ notice_no: string }[]>`
    SELECT d.notice_no FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id WHERE e.institution_id = ${inst!.id}`
  )[0]!.notice_no;
  expect(noticeNo).toMatch(/降〔\d{4}〕\d+号/);
  // The record links the archived notice (one A4 PDF).
  const pdfHref = await ap.getByRole('link', { name: `${noticeNo}（PDF）` }).getAttribute('href');
  const pdf = await ap.request.get(pdfHref!);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  await ap.setViewportSize({ width: 1366, height: 900 });
  await ap.screenshot({ path: 'test-results/admin-downgrades-record.png', fullPage: true });
  await ap.goto('/admin/downgrades');
  await expect(ap.getByRole('row', { name: new RegExp(inst!.name) })).toContainText('已降级');
  await ap.screenshot({ path: 'test-results/admin-downgrades-list.png', fullPage: true });

  // Publish from the supervisor area.
  await ap.goto('/admin/publish');
  await ap.getByRole('button', { name: '生成新版本' }).click();
  await expect(ap.getByRole('heading', { name: /^待发布版本/ })).toBeVisible({ timeout: 300_000 });
  await ap.getByLabel(/发布说明/).fill('降级后发布');
  await ap.getByRole('button', { name: '确认发布' }).click();
  await expect(ap.getByRole('status')).toContainText('新版本已发布');
  await admin.close();

  // The public page: the re-score and the reason are the basis; no contradictory text.
  const pub = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await pub.goto(`/i/${inst!.code}/`);
  const box = pub.locator('.level-box');
  await expect(box).toContainText('差');
  await expect(box).toContainText('重新评分标化得分 50.00');
  await expect(box).toContainText('降级原因：E2E：使用非卫生技术人员从事医疗卫生技术工作');
  await expect(box).toContainText(noticeNo);
  await expect(box).not.toContainText(annualScore);
  const html = await (await request.get(`/i/${inst!.code}/`)).text();
  expect(html).not.toContain('按标化得分应为');
  await pub.screenshot({ path: 'test-results/admin-downgrades-public.png', fullPage: true });

  // The poster prints the re-score, never the annual score beside 差.
  await pub.goto(`/i/${inst!.code}/poster/`);
  await expect(pub.locator('.p-level')).toContainText('差 · 重新评分标化得分50.00');
  await expect(pub.locator('.p-level')).not.toContainText(annualScore);
  await pub.screenshot({ path: 'test-results/admin-downgrades-poster.png', fullPage: true });

  // Open data carries the re-score and the reason.
  const data = (await (await request.get('/data/institutions.json')).json()) as { institutions: Record<string, unknown>[] };
  expect(data.institutions.find((r) => r['code'] === inst!.code)).toMatchObject({
    level: '差',
    standardized_score: 50,
    score_basis: '降级重新评分',
    downgrade_notice_no: noticeNo,
  });
  await pub.close();
});
