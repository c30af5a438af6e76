// 限期整改 and 复核中 through the admin UI (issue 12 items 4 and 5): order a rectification → upload
// the report → review 整改合格; file a point appeal from /admin/reviews → publish → the public page
// shows 已整改 and 复核中 → decide the appeal → publish → the 复核中 mark is gone.
import { test, expect } from '@playwright/test';
import { contextAs, desktopOnly, e2eDb, publish } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('rectification ordered, reported with a file, found 整改合格; a point under review and decided; the public page follows', async ({ browser, baseURL }) => {
  test.setTimeout(900_000);
  const db = e2eDb();
  const [inst] = await db<{ id: number; code: string; name: string }[]>`
    SELECT i.id, i.code, i.name FROM institutions i
     WHERE i.status = '执业' AND EXISTS (SELECT 1 FROM evaluations e WHERE e.institution_id = i.id AND e.review_status = '无')
       AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.institution_id = i.id AND e.review_status = '复核中')
       AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.institution_id = i.id)
     ORDER BY i.id LIMIT 1`;
  const [point] = await db<{ id: number; code: string; name: string; institutionId: number; receivedOn: string; foundOn: string; behaviour: string }[]>`
    SELECT p.id, i.code, i.name, i.id AS "institutionId", p.notice_received_on::text AS "receivedOn", p.found_on::text AS "foundOn", p.behaviour
      FROM point_records p JOIN institutions i ON i.id = p.institution_id
     WHERE p.status = '有效' AND p.notice_received_on IS NOT NULL AND i.status = '执业'
       AND NOT EXISTS (SELECT 1 FROM point_appeals a WHERE a.point_record_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.institution_id = i.id AND e.review_status = '复核中')
     ORDER BY p.found_on DESC, p.id LIMIT 1`;
  expect(inst && point).toBeTruthy();
  const ctx = await contextAs(browser, 'admin', baseURL!);
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  await page.setViewportSize({ width: 1366, height: 900 });

  // 1. Order: from the list, find the institution, the cause, the items, the period.
  await page.goto('/admin/rectifications');
  await page.getByRole('link', { name: '责令限期整改' }).first().click();
  await page.getByLabel('机构名称或编码').fill(inst!.code);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('link', { name: inst!.name }).click();
  await page.getByLabel('监督中发现的问题').check();
  await page.getByLabel(/发现的问题（/).fill('医疗废物暂存点未按规定设置警示标识');
  await page.getByLabel(/整改事项/).fill('设置医疗废物警示标识\n完善交接登记');
  await page.getByLabel(/整改期限/).fill('15');
  await page.getByRole('button', { name: '责令限期整改' }).click();
  await expect(page.getByText(/已责令限期整改，《限期整改通知书》已生成/)).toBeVisible();
  // The 限期整改通知书: numbered, one A4 PDF.
  const notice = page.getByRole('link', { name: /改〔\d{4}〕\d+号（PDF）/ });
  const pdf = await page.request.get((await notice.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expect(page.getByRole('heading', { name: /限期整改 \d+/ })).toContainText('整改中');
  const orderedOn = await page.locator('dt:text("责令日期") + dd').innerText();
  const day = orderedOn.slice(0, 10);

  // 2. The institution's report, with a PDF.
  const report = page.locator('form', { has: page.locator('input[name="action"][value="submit-report"]') });
  await report.getByLabel('整改情况').fill('已设置警示标识，交接登记已完善。');
  await report
    .getByLabel(/整改报告文件/)
    .setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n整改报告\n%%EOF') });
  await report.getByLabel(/理由/).fill('机构提交书面整改报告');
  await report.getByRole('button', { name: '登记整改报告' }).click();
  await expect(page.getByText('整改报告已登记，请复查。')).toBeVisible();
  await expect(page.getByRole('link', { name: '整改报告.pdf' })).toBeVisible();

  // 3. The supervisor's review: 整改合格.
  const pass = page.locator('form', { has: page.locator('input[name="action"][value="review-pass"]') });
  await pass.getByLabel(/理由/).fill('现场复查，整改到位');
  await pass.getByRole('button', { name: '复查认定整改合格' }).click();
  await expect(page.getByRole('heading', { name: /限期整改 \d+/ })).toContainText('已整改');
  await page.screenshot({ path: test.info().outputPath('rectification-admin.png'), fullPage: true });

  // 4. A point under review, recorded from /admin/reviews and routed to the point's own page.
  await page.goto('/admin/reviews');
  await page.getByRole('link', { name: '登记复核申请' }).click();
  await page.getByLabel('机构名称或编码').fill(point!.code);
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('link', { name: point!.name }).click();
  await page.getByLabel('复核事项').selectOption(`point:${point!.id}`);
  await page.getByLabel('申请事由').fill('对记分事实有异议');
  await page.getByLabel('申请日期').fill(point!.receivedOn);
  await page.getByRole('button', { name: '登记申请' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/points/${point!.id}\\?done=appeal`));
  await page.goto('/admin/reviews');
  await expect(page.getByRole('row', { name: new RegExp(`记分 ${point!.id}`) })).toContainText('已申请，待受理');
  await page.screenshot({ path: test.info().outputPath('reviews-admin.png'), fullPage: true });

  await publish(page, '限期整改与复核演示');
  const pub = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await pub.goto(`${baseURL}/i/${inst!.code}/`);
  await expect(pub.locator('.level-box')).toContainText(`已整改：${day}责令限期整改，${day}经复查整改合格`);
  await pub.locator('.level-box').screenshot({ path: test.info().outputPath('rectification-public.png') });
  await pub.goto(`${baseURL}/i/${point!.code}/`);
  const line = pub.locator('li', { hasText: point!.foundOn }).filter({ hasText: point!.behaviour }).first();
  await expect(line).toContainText('复核中');

  // 5. Decide on the point's page (the existing appeal workflow), publish: the mark is gone.
  await page.goto(`/admin/points/${point!.id}`);
  await page.getByLabel('受理日期').fill(point!.receivedOn);
  await page.getByRole('button', { name: '受理' }).click();
  await page.locator('select[name="decision"]').selectOption('维持');
  await page.getByLabel('决定日期').fill(point!.receivedOn);
  await page.getByLabel(/决定理由/).fill('事实清楚，维持记分');
  await page.getByRole('button', { name: '登记决定' }).click();
  await expect(page.getByText('申诉决定已登记。')).toBeVisible();
  await publish(page, '复核决定');
  await pub.goto(`${baseURL}/i/${point!.code}/`);
  await expect(pub.locator('li', { hasText: point!.foundOn }).filter({ hasText: point!.behaviour }).first()).not.toContainText('复核中');
  await pub.close();
  await ctx.close();
});
