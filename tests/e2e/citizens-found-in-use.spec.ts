import fs from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { CASES } from '../support/fixtures/public-site';
import { INTAKE_FIXTURE } from '../support/fixtures/intake';

// Issue 17, what citizens hit (items 14, 17, 18, 19): pages fit a phone, the header leads to the
// complaint form, the phone button dials, the form asks where an unlisted place is (with and
// without JavaScript), says when the institution search is cut short, the receipt repeats what
// the complaint is about, and a scanned old poster is flagged without JavaScript.

const { institution } = INTAKE_FIXTURE;
const humanPause = (page: Page) => page.waitForTimeout(3_200);

/** One of every kind of public page. */
const PUBLIC_PAGES = [
  '/',
  '/lists/',
  '/lists/dishonesty/',
  '/lists/downgrades/',
  '/lists/points/',
  `/i/${CASES.big.code}/`,
  `/i/${CASES.downgraded.code}/?v=1`,
  `/i/${CASES.big.code}/poster/`,
  '/search/',
  `/search/results?q=${encodeURIComponent('样例县')}`,
  '/complaints/new',
  `/complaints/new?q=${encodeURIComponent('诊所')}`,
  `/i/${institution.code}/rate`,
  '/complaints/status',
  '/about/rules/',
  '/about/data/',
  '/about/licence/',
  '/data/',
  '/no-such-page/',
];

for (const width of [360, 390]) {
  test.describe(`at ${width} px wide`, () => {
    test.use({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true });

    test('no public page is wider than the screen', async ({ page }, info) => {
      const wide: string[] = [];
      for (const path of PUBLIC_PAGES) {
        await page.goto(path);
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (scroll > inner) wide.push(`${path}: ${scroll} > ${inner}`);
        if (width === 390 && info.project.name === 'mobile') {
          await page.screenshot({ path: info.outputPath(`${path.replace(/[^a-z0-9]+/gi, '_') || 'home'}.png`), fullPage: true });
        }
      }
      expect(wide).toEqual([]);
    });

    test('the site’s CSS keeps a fieldset with a filled date and a chosen file inside the screen', async ({ page }) => {
      // The overflow reported (415 px on a 390 px screen) depends on the browser's intrinsic
      // widths of date and file inputs; rendered here with the site's own CSS, it is reproducible
      // in any Chromium, whatever the rest of the page looks like.
      const css = ['src/styles/global.css', 'src/components/intake/intake.css'].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      await page.setContent(
        `<html><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>${css}</style></head><body><main class="intake"><form><fieldset>` +
          `<legend>三、问题描述</legend><label for="d">发生日期（可不填）</label><input type="date" id="d" value="2025-05-01" min="2000-01-01">` +
          `<label for="f">证据照片（可不传，最多 3 张，每张不超过 5 MB）</label><input type="file" id="f" multiple accept="image/jpeg"></fieldset></form></main></body></html>`,
      );
      await page.setInputFiles('#f', [{ name: 'IMG_20250501_093012_from_the_phone_camera.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('x') }]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    });

    test('the complaint form stays inside the screen while typing, and dates in list tables stay on one line', async ({ page }) => {
      await page.goto('/complaints/new');
      await page.locator('#f-occurredOn').fill('2025-05-01');
      await page.locator('#f-description').fill('在民房里给人输液，没有任何证件。'.repeat(5));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      for (const path of ['/lists/downgrades/', '/lists/dishonesty/']) {
        await page.goto(path);
        const cells = page.locator('td.date');
        expect(await cells.count()).toBeGreaterThan(0);
        const lines = await cells.first().evaluate((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect(lines, `${path}: a date broken over lines`).toBe(1);
      }
    });
  });
}

test('every public page’s header links to the complaint form', async ({ request, page }) => {
  const home = await (await request.get('/')).text();
  const header = /<header[\s\S]*?<\/header>/.exec(home)?.[0] ?? '';
  expect(header).toContain('href="/complaints/new"');
  for (const path of [`/i/${CASES.big.code}/`, '/complaints/status', '/no-such-page/', '/search/']) {
    await page.goto(path);
    await expect(page.locator('header.site-header').getByRole('link', { name: '投诉举报' })).toHaveAttribute('href', '/complaints/new');
  }
});

test('the 监督投诉电话 button on a disclosure page dials the number', async ({ page }) => {
  await page.goto(`/i/${CASES.big.code}/`);
  const button = page.locator('.cta').getByRole('link', { name: /监督投诉电话/ });
  await expect(button).toHaveAttribute('href', /^tel:[+\d]{7,}$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an old poster’s ?v= shows the outdated warning at the top, the plain page shows nothing', async ({ page }) => {
    await page.goto(`/i/${CASES.downgraded.code}/?v=1`);
    const box = page.locator('#poster-check');
    await expect(box).toBeVisible();
    await expect(box).toContainText('您扫描的公示栏为第1版，已不是现行版本（现行第2版）');
    await page.goto(`/i/${CASES.downgraded.code}/?v=2`);
    await expect(page.locator('#poster-check')).toContainText('现行第2版');
    await page.goto(`/i/${CASES.downgraded.code}/`);
    await expect(page.locator('#poster-check')).toBeHidden();
  });

  test('an unlisted place: the township is asked for, the input kept after the error, the receipt names it', async ({ page }) => {
    await page.goto(`/complaints/new?q=${encodeURIComponent('诊所')}`);
    await expect(page.locator('#search-more')).toContainText('只显示前 12 条');
    await expect(page.locator('#search-more').getByRole('link', { name: /未列出的机构/ })).toBeVisible();
    await page.getByLabel('机构名称或行医者称呼').fill('桥头无牌诊所');
    await page.getByLabel('地址或行医地点').fill('城关镇桥头东侧');
    await page.getByRole('radio', { name: /执业资质/ }).check();
    await page.locator('#f-description').fill('没有任何执业证件，在民房里给人输液。');
    await page.getByRole('radio', { name: /^匿名举报/ }).check();
    await humanPause(page);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await expect(page.locator('#f-regionCode-error')).toContainText('请选择该机构或行医地点所在的乡镇（街道）');
    await expect(page.getByLabel('机构名称或行医者称呼')).toHaveValue('桥头无牌诊所');
    await expect(page.getByLabel('地址或行医地点')).toHaveValue('城关镇桥头东侧');
    await expect(page.locator('#f-description')).toHaveValue('没有任何执业证件，在民房里给人输液。');
    await page.getByLabel(/所在乡镇（街道）/).selectOption('419021001'); // 样例县 城关镇 (the demo county has one too)
    await page.getByRole('button', { name: '提交投诉' }).click();
    await expect(page.getByRole('heading', { name: '投诉已提交，并已登记' })).toBeVisible();
    await expect(page.locator('#receipt-subject')).toContainText('桥头无牌诊所');
    await expect(page.locator('#receipt-subject')).toContainText('样例县 城关镇');
    await expect(page.locator('#receipt-photos')).toHaveText('未上传');
  });
});

test.describe('with JavaScript', () => {
  test('an unlisted place: the form asks for the township before sending, then the receipt names it', async ({ page }) => {
    await page.goto('/complaints/new');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByLabel('机构名称或行医者称呼').fill('河边无证牙科');
    await page.getByLabel('地址或行医地点').fill('东城街道河边路5号');
    await page.getByRole('radio', { name: /执业资质/ }).check();
    await page.locator('#f-description').fill('没有任何执业证件，在民房里给人拔牙。');
    await page.getByRole('radio', { name: /^匿名举报/ }).check();
    await humanPause(page);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await expect(page.locator('#f-regionCode-error')).toContainText('请选择该机构或行医地点所在的乡镇（街道）');
    await expect(page.getByLabel('机构名称或行医者称呼')).toHaveValue('河边无证牙科');
    await page.getByLabel(/所在乡镇（街道）/).selectOption('419021002');
    await page.getByRole('button', { name: '提交投诉' }).click();
    await expect(page.getByRole('heading', { name: '投诉已提交，并已登记' })).toBeVisible();
    await expect(page.locator('#receipt-subject')).toContainText('河边无证牙科');
    await expect(page.locator('#receipt-subject')).toContainText('样例县 东城街道');
  });

  test('the receipt names a listed institution with its code', async ({ page }) => {
    await page.goto(`/complaints/new?i=${institution.code}`);
    await page.getByRole('radio', { name: /信息公示/ }).check();
    await page.locator('#f-description').fill('诊所墙上没有公示药品和诊疗价格。');
    await page.getByRole('radio', { name: /^匿名举报/ }).check();
    await humanPause(page);
    await page.getByRole('button', { name: '提交投诉' }).click();
    await expect(page.getByRole('heading', { name: '投诉已提交，并已登记' })).toBeVisible();
    await expect(page.locator('#receipt-subject')).toContainText(institution.name);
    await expect(page.locator('#receipt-subject')).toContainText(institution.code);
    await expect(page.locator('#receipt-photos')).toHaveText('未上传');
  });
});
