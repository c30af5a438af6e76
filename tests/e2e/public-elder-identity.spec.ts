import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { CASES } from '../support/fixtures/public-site';
import { INTAKE_FIXTURE } from '../support/fixtures/intake';
import { axeViolations } from '../support/axe';
import { SITE_IDENTITY_ENV } from '../support/site-identity-env';

// Issue 18, items 3 and 4: elder mode (长辈模式) without JavaScript, persisting across pages, at
// axe 0 and without sideways scrolling in both modes; the site identity in every public footer
// (the e2e server runs with SITE_IDENTITY_ENV, tests/e2e/global-setup.ts).

const { institution } = INTAKE_FIXTURE;

/** The main public pages: static ones and the on-demand forms and status page. */
const MAIN_PAGES = [
  '/',
  `/i/${CASES.big.code}/`,
  `/i/${CASES.penalties.code}/`,
  '/lists/',
  '/lists/dishonesty/',
  '/lists/points/',
  '/search/',
  `/search/results?q=${encodeURIComponent('样例县')}`,
  '/complaints/new',
  `/i/${institution.code}/rate`,
  '/complaints/status',
  '/sitemap/',
  '/contact/',
];

async function elderOn(context: BrowserContext, baseURL: string | undefined): Promise<void> {
  await context.addCookies([{ name: 'elder', value: '1', url: baseURL ?? '' }]);
}

/** Elder mode shows: the switch back is visible and the base font is 20 px (MIIT ≥ 18). */
async function expectElder(page: Page, on: boolean): Promise<void> {
  await expect(page.getByRole('link', { name: '关闭长辈模式' })).toBeVisible({ visible: on });
  await expect(page.getByRole('link', { name: '长辈模式', exact: true })).toBeVisible({ visible: !on });
  const { size, lineHeight } = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { size: parseFloat(getComputedStyle(document.documentElement).fontSize), lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize) };
  });
  expect(size).toBe(on ? 20 : 16);
  if (on) expect(lineHeight).toBeGreaterThanOrEqual(1.5);
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('elder mode switches on with a plain link, stays on over three links, and switches off', async ({ page }) => {
    await page.goto(`/i/${CASES.big.code}/`);
    await expectElder(page, false);
    await page.getByRole('link', { name: '长辈模式', exact: true }).click();
    // Back on the same page, now in elder mode.
    await expect(page).toHaveURL(new RegExp(`/i/${CASES.big.code}/$`));
    await expectElder(page, true);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '红黑榜' }).click();
    await expect(page).toHaveURL(/\/lists\/$/);
    await expectElder(page, true);
    await page.locator('main ul.links a').first().click();
    await expectElder(page, true);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉举报' }).click();
    await expect(page).toHaveURL(/\/complaints\/new$/);
    await expectElder(page, true);
    // The on-demand forms keep the way back to the form they are on, query included.
    await page.goto(`/complaints/new?i=${CASES.big.code}`);
    await page.getByRole('link', { name: '关闭长辈模式' }).click();
    await expect(page).toHaveURL(new RegExp(`/complaints/new\\?i=${CASES.big.code}$`));
    await expectElder(page, false);
  });
});

test('the switch only sends back to a page of this site', async ({ request }) => {
  for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const r = await request.get(`/elder-mode?on=1&back=${encodeURIComponent(back)}`, { maxRedirects: 0 });
    expect(r.status()).toBe(303);
    expect(r.headers()['location']).toBe('/');
  }
  const bad = await request.get('/elder-mode?on=yes', { maxRedirects: 0 });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('长辈模式开关');
});

test('/mode.css depends on the cookie and is never kept by a shared cache', async ({ request, baseURL }) => {
  const normal = await request.get('/mode.css');
  expect(normal.headers()['vary']).toBe('Cookie');
  expect(normal.headers()['cache-control']).toBe('private, no-cache');
  expect(await normal.text()).not.toContain('font-size');
  const elder = await request.get('/mode.css', { headers: { Cookie: 'elder=1' } });
  expect(await elder.text()).toContain('font-size: 125%');
  expect(elder.headers()['etag']).not.toBe(normal.headers()['etag']);
  const again = await request.get('/mode.css', { headers: { Cookie: 'elder=1', 'If-None-Match': elder.headers()['etag']! } });
  expect(again.status()).toBe(304);
  // The pages themselves stay the same for everyone (cached as before).
  const page = await request.get('/', { headers: { Cookie: 'elder=1' } });
  expect(page.headers()['cache-control']).toBe('public, no-cache');
  expect(await page.text()).toContain(`href="/mode.css"`);
  expect(baseURL).toBeTruthy();
});

for (const mode of ['normal', 'elder'] as const) {
  test.describe(`${mode} mode`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      if (mode === 'elder') await elderOn(context, baseURL);
    });

    for (const url of MAIN_PAGES) {
      test(`axe finds no WCAG 2.2 AA violation on ${url}`, async ({ page }) => {
        await page.goto(url);
        await expectElder(page, mode === 'elder');
        expect(await axeViolations(page)).toEqual([]);
      });
    }

    for (const width of [390, 195]) {
      // 195 CSS px is a 390 px phone at 200 % zoom (WCAG 1.4.4 / 1.4.10).
      test(`no main public page scrolls sideways at ${width} px${width === 195 ? ' (200 % zoom)' : ''}`, async ({ page }, info) => {
        await page.setViewportSize({ width, height: 844 });
        const wide: string[] = [];
        for (const url of MAIN_PAGES) {
          await page.goto(url);
          const { scroll, client } = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          if (scroll > client) wide.push(`${url}: ${scroll} > ${client}`);
          if (info.project.name === 'mobile' && (url === '/' || url === `/i/${CASES.big.code}/`)) {
            await page.screenshot({ path: info.outputPath(`${mode}-${width}-${url === '/' ? 'home' : 'institution'}.png`), fullPage: true });
          }
        }
        expect(wide).toEqual([]);
      });
    }
  });
}

test('every main public page shows the configured site identity in its footer, with the filing links', async ({ page }) => {
  for (const url of MAIN_PAGES) {
    await page.goto(url);
    const footer = page.locator('footer.site-footer');
    await expect(footer, url).toContainText(`网站标识码：${SITE_IDENTITY_ENV.SITE_GOV_ID}`);
    await expect(footer, url).toContainText(`主办单位：${SITE_IDENTITY_ENV.SITE_SPONSOR}`);
    await expect(footer, url).toContainText(`承办单位：${SITE_IDENTITY_ENV.SITE_OPERATOR}`);
    await expect(footer.getByRole('link', { name: SITE_IDENTITY_ENV.SITE_ICP })).toHaveAttribute('href', 'https://beian.miit.gov.cn/');
    await expect(footer.getByRole('link', { name: SITE_IDENTITY_ENV.SITE_PSB })).toHaveAttribute(
      'href',
      'http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=41000002000001',
    );
    await expect(footer.getByRole('link', { name: '网站地图' })).toHaveAttribute('href', '/sitemap/');
    await expect(footer.getByRole('link', { name: '联系我们' })).toHaveAttribute('href', '/contact/');
  }
});

test('网站地图 links every section and 联系我们 shows the configured contacts', async ({ page }, info) => {
  await page.goto('/sitemap/');
  for (const name of ['红黑榜（历年信用评价结果）', '严重失信名单', '医疗机构查询', '在线投诉举报', '开放数据下载', '联系我们']) {
    await expect(page.getByRole('main').getByRole('link', { name })).toBeVisible();
  }
  for (const href of await page
    .getByRole('main')
    .locator('ul.links a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
    expect((await page.request.get(href)).status(), href).toBe(200);
  }
  await page.goto('/contact/');
  const main = page.getByRole('main');
  await expect(main).toContainText(SITE_IDENTITY_ENV.SITE_SPONSOR);
  await expect(main).toContainText(SITE_IDENTITY_ENV.SITE_CONTACT_ADDRESS);
  await expect(main.getByRole('link', { name: SITE_IDENTITY_ENV.SITE_CONTACT_PHONE })).toHaveAttribute('href', 'tel:000000000000');
  await expect(main.getByRole('link', { name: SITE_IDENTITY_ENV.SITE_CONTACT_EMAIL })).toHaveAttribute(
    'href',
    `mailto:${SITE_IDENTITY_ENV.SITE_CONTACT_EMAIL}`,
  );
  if (info.project.name === 'mobile') {
    await page.locator('footer.site-footer').screenshot({ path: info.outputPath('footer-identity.png') });
  }
});
