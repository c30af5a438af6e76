import { test, expect, type Page } from '@playwright/test';
import { CASES, fixtureDates, realInstitutions } from '../support/fixtures/public-site';

// The citizen's walk through the public site, in a real browser against the real server
// (npm start, fixture database), with JavaScript on and off: home → red/black list →
// institution page → poster → search.

const { year } = fixtureDates();
const real = realInstitutions();
/** A real name with 路 or 街: Chinese segmentation must still find it by its full name. */
const streetName = real.find((r) => r.name.includes('街道'))!;

async function walk(page: Page) {
  await page.goto('/');
  await expect(page.getByRole('note')).toContainText('演示数据');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('医疗机构依法执业信用公示');
  await page.getByRole('link', { name: `查看${year}年度红黑榜` }).click();

  await expect(page).toHaveURL(`/lists/${year}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${year}年度医疗机构依法执业信用红黑榜`);
  await expect(page.getByText('公布日期')).toBeVisible();
  // Static filter links, no JavaScript needed.
  await page.getByRole('navigation', { name: '筛选' }).getByRole('link', { name: '样例县' }).click();
  await expect(page).toHaveURL(`/lists/${year}/419021/all/`);
  const red = page.locator('h2#red + div table');
  await expect(red.getByRole('link', { name: CASES.big.name })).toBeVisible();
  await expect(page.locator('h2#black + div table').getByRole('link', { name: CASES.doubleStar.name })).toBeVisible();
  await red.getByRole('link', { name: CASES.big.name }).click();

  await expect(page).toHaveURL(`/i/${CASES.big.code}/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(CASES.big.name);
  for (const part of ['一、执业许可', '二、信用等级', '三、依法执业承诺', '四、机构二维码', '五、医护人员执业信息', '六、监管单位与投诉电话', '行政处罚']) {
    await expect(page.getByRole('heading', { name: part })).toBeVisible();
  }
  await expect(page.getByRole('img', { name: `${CASES.big.name}信用公示二维码` })).toBeVisible();
  await expect(page.getByRole('link', { name: '投诉举报 / 评价' }).first()).toHaveAttribute('href', `/complaints/new?i=${CASES.big.code}`);
  await expect(page.getByRole('link', { name: '我要评价' })).toHaveAttribute('href', `/i/${CASES.big.code}/rate`);
  await expect(page.locator('#rating')).toContainText('群众评价');
  await page.getByRole('link', { name: '打印公示栏（A4）' }).click();

  await expect(page).toHaveURL(`/i/${CASES.big.code}/poster/`);
  await expect(page.getByText('公示栏第 1 版')).toBeVisible();
  await expect(page.getByRole('img', { name: /信用公示二维码（第1版）/ })).toBeVisible();

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '机构查询' }).click();
  await page.getByLabel('机构名称或地址').fill(streetName.name);
  await page.getByRole('button', { name: '查询' }).click();
  const hit = page.getByRole('link', { name: streetName.name, exact: true }).first();
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page).toHaveURL(`/i/${streetName.code}/`);
  // A real institution: no invented level, ever.
  await expect(page.locator('.level-box')).toContainText('暂无信用评价结果');
}

test.describe('with JavaScript', () => {
  test('home → list → institution → poster → search', async ({ page }) => {
    await walk(page);
  });

  test('search runs in the browser (Pagefind, Chinese) with filters', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/search/');
    // Real names with 路 or 街, found by their full name (Chinese segmentation).
    for (const r of real.filter((x) => /[路街]/.test(x.name)).filter((_, i) => i % 16 === 0)) {
      await page.getByLabel('机构名称或地址').fill(r.name);
      await expect(page.locator('#search-results').getByRole('link', { name: r.name, exact: true }), r.name).toBeVisible();
    }
    await expect(page).toHaveURL(/\/search\/\?q=/); // answered here, not by the server fallback
    await page.getByLabel('机构名称或地址').fill('样例县');
    await page.getByLabel('信用等级').selectOption('差');
    await expect(page.locator('#search-results li')).toHaveCount(1);
    await expect(page.locator('#search-results')).toContainText(CASES.doubleStar.name);
    expect(errors).toEqual([]);
  });

  test('a scanned poster says whether it is current', async ({ page }) => {
    await page.goto(`/i/${CASES.downgraded.code}/?v=1`);
    await expect(page.locator('#poster-check')).toContainText('已不是现行版本');
    await expect(page.locator('#poster-check')).toContainText('由优秀降级');
    await page.goto(`/i/${CASES.downgraded.code}/?v=2`);
    await expect(page.locator('#poster-check')).toContainText('现行第2版');
    await page.goto(`/i/${CASES.downgraded.code}/?v=%3Cb%3E9`);
    await expect(page.locator('#poster-check')).toContainText('无法识别');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(CASES.downgraded.name);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('home → list → institution → poster → search', async ({ page }) => {
    await walk(page);
  });

  test('search answers from the server, with filters and Chinese errors', async ({ page }) => {
    await page.goto('/search/');
    await page.getByLabel('机构名称或地址').fill('样例县');
    await page.getByLabel('类别').selectOption({ label: '医院' });
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page).toHaveURL(/\/search\/results\?/);
    await expect(page.locator('ol.results li')).toHaveCount(3);
    const bad = await page.goto('/search/results?q=%E5%8C%BB%E9%99%A2&level=A%2B');
    expect(bad?.status()).toBe(400);
    await expect(page.getByRole('alert')).toContainText('信用等级：信用等级不正确');
  });

  test('every state is put in words', async ({ page }) => {
    const cases: [string, string][] = [
      [CASES.veto.code, '单星（★）否决项不符合要求1项，不能评为优秀等级'],
      [CASES.cut.code, '优秀比例不超过10%'],
      [CASES.downgraded.code, '已降级'],
      [CASES.review.code, '复核中'],
      [CASES.closed.code, '该机构已歇业，按规定停止使用信用级别标识，不再公示信用级别。'],
      [CASES.revoked.code, '该机构已被列入严重失信名单'],
      [CASES.none.code, '暂无信用评价结果'],
    ];
    for (const [code, words] of cases) {
      await page.goto(`/i/${code}/`);
      await expect(page.locator('main'), code).toContainText(words);
    }
    await page.goto(`/i/${CASES.veto.code}/`);
    await expect(page.locator('.level-box')).toContainText('按标化得分应为优秀，因下列情形评为合格');
    for (const code of [CASES.closed.code, CASES.revoked.code]) {
      await page.goto(`/i/${code}/`);
      await expect(page.locator('.level-box .lv')).toHaveText('不公示');
    }
  });

  test('penalties leave the page when their time is up; voided points are not shown', async ({ page }) => {
    await page.goto(`/i/${CASES.penalties.code}/`);
    const penalties = page.locator('#penalties');
    await expect(penalties).toContainText('未按规定公示执业信息和收费标准');
    await expect(penalties).toContainText('公示期至');
    await expect(penalties).not.toContainText('已过公示期');
    await expect(page.locator('main')).not.toContainText('不应公示');
    await expect(page.locator('main')).toContainText('申诉处理中');
  });

  test('the other lists', async ({ page }) => {
    await page.goto('/lists/');
    await page.getByRole('link', { name: '严重失信名单' }).click();
    await expect(page.getByRole('link', { name: CASES.revoked.name })).toBeVisible();
    await page.goto('/lists/downgrades/');
    await expect(page.getByRole('link', { name: CASES.downgraded.name })).toBeVisible();
    await expect(page.locator('main')).toContainText(`样卫降〔${year}〕1号`);
    await page.goto('/lists/points/');
    await page.locator('main ul.links a').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('不良执业行为记分公示');
  });

  test('an unknown code, a malformed address or a garbage version gets a helpful page', async ({ page }) => {
    for (const path of ['/i/ZZZZ9999/', '/i/zzzz9999/', '/i/%E5%8C%BB/', '/i/ZZZZ9999/poster/', '/lists/1999/']) {
      const r = await page.goto(path);
      expect(r?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }), path).toHaveText('未找到该页面');
      await expect(page.getByRole('search'), path).toBeVisible();
    }
    // A code typed in lower case reaches the page (issue 17 item 18).
    const lower = await page.goto(`/i/${CASES.big.code.toLowerCase()}/`);
    expect(lower?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/i/${CASES.big.code}/`);
    const r = await page.goto(`/i/${CASES.big.code}/?v=abc`);
    expect(r?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(CASES.big.name);
  });
});
