import zlib from 'node:zlib';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CASES, fixtureDates, realInstitutions } from '../support/fixtures/public-site';

// The quality bar of every public page template: WCAG 2.2 AA (axe: 0 violations), weight of the
// disclosure page, caching suited to WeChat, share tags, system fonts only, no inline script or
// style the CSP would block.

const { year } = fixtureDates();

const TEMPLATES = [
  '/',
  '/lists/',
  `/lists/${year}/`,
  `/lists/${year}/419021/all/`,
  `/lists/${year}/419021/hospital/`,
  '/lists/downgrades/',
  '/lists/dishonesty/',
  '/lists/points/',
  '/cases/',
  '/inspections/',
  '/inspections/1/', // the demo's published 双随机 draw (src/demo/draws.ts), the first draw of the fixture
  `/i/${CASES.big.code}/`,
  `/i/${CASES.veto.code}/`,
  `/i/${CASES.penalties.code}/`,
  `/i/${CASES.revoked.code}/`,
  `/i/${CASES.downgraded.code}/?v=1`,
  `/i/${realInstitutions()[0]!.code}/`,
  `/i/${CASES.big.code}/poster/`,
  '/search/',
  '/search/results?q=%E6%A0%B7%E4%BE%8B%E5%8E%BF',
  '/data/',
  '/about/rules/',
  '/about/data/',
  '/about/licence/',
  '/i/ZZZZ9999/',
];

for (const url of TEMPLATES) {
  test(`axe: no WCAG 2.2 AA violation on ${url}`, async ({ page }) => {
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text()) && !/WebAssembly/.test(m.text())) csp.push(m.text());
    });
    await page.goto(url);
    // @axe-core/playwright is typed against its own copy of playwright-core: same object, other type.
    const axePage = page as unknown as ConstructorParameters<typeof AxeBuilder>[0]['page'];
    const { violations } = await new AxeBuilder({ page: axePage }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(csp).toEqual([]);
  });
}

test('the disclosure page with its CSS is at most 20 KB gzipped, even for a hospital with 120 staff', async ({ request }) => {
  for (const code of [CASES.big.code, CASES.penalties.code]) {
    const html = await (await request.get(`/i/${code}/`)).text();
    let bytes = zlib.gzipSync(html, { level: 9 }).length;
    for (const [, href] of html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)) {
      bytes += zlib.gzipSync(await (await request.get(href!)).body(), { level: 9 }).length;
    }
    expect(bytes, code).toBeLessThanOrEqual(20_480);
  }
});

test('caching suits WeChat: HTML revalidates, hashed assets are immutable', async ({ request }) => {
  const page = await request.get(`/i/${CASES.big.code}/`);
  expect(page.headers()['cache-control']).toBe('public, no-cache');
  expect(page.headers()['etag']).toBeTruthy();
  const html = await page.text();
  const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+)"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThan(0);
  for (const a of assets) {
    expect(a).toMatch(/\.[A-Za-z0-9_-]{8}\.(css|js)$/);
    expect((await request.get(a)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
});

test('share tags, canonical URL, system fonts only, no inline script or style', async ({ request, baseURL }) => {
  const html = await (await request.get(`/i/${CASES.big.code}/`)).text();
  expect(html).toContain(`<meta property="og:title" content="${CASES.big.name}">`);
  expect(html).toMatch(/<meta property="og:description" content="[^"]*信用级别：优秀/);
  expect(html).toContain(`<link rel="canonical" href="${baseURL}/i/${CASES.big.code}/">`);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style[\s>]|\sstyle="/);
  const css = await Promise.all([...html.matchAll(/href="(\/_astro\/[^"]+\.css)"/g)].map(async (m) => (await request.get(m[1]!)).text()));
  expect(css.join('\n')).not.toMatch(/@font-face|url\(/);
});

test('open data: JSON and CSV, nothing personal', async ({ request }) => {
  const json = (await (await request.get('/data/institutions.json')).json()) as { count: number; licence: string; institutions: Record<string, unknown>[] };
  expect(json.count).toBe(json.institutions.length);
  expect(json.licence).toContain('须注明来源');
  const big = json.institutions.find((i) => i['code'] === CASES.big.code)!;
  expect(big).toMatchObject({ level: '优秀', level_year: year, penalties_shown: 0 });
  const csvResponse = await request.get('/data/institutions.csv');
  expect(csvResponse.headers()['content-type']).toContain('text/csv');
  const csv = await csvResponse.text();
  expect(csv.split('\r\n')[0]).toContain('机构代码,公示页地址,机构名称');
  for (const text of [JSON.stringify(json), csv]) expect(text).not.toContain('王建国');
  expect((await request.get('/search/records.json')).status()).toBe(404);
});
