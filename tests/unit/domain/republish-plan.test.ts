// Issue 16 item 1: "a publish re-renders only the pages whose inputs changed (the institution's
// own page and poster, and the list pages, open-data files and search shards that contain it),
// and reuses everything else from the current release".
import { describe, expect, it } from 'vitest';
import {
  institutionKeys,
  matchRoute,
  normalizePathname,
  planRepublish,
  type InstitutionKey,
  type PageRef,
  type RepublishInput,
} from '../../../src/domain/republish-plan';

const COUNTY = '419901';
const TOWN_A = '419901001';
const TOWN_B = '419901002';

const A: InstitutionKey = { code: 'QH0001', areaCodes: [COUNTY, TOWN_A], typeSlug: 'clinic' };
const B: InstitutionKey = { code: 'QH0002', areaCodes: [COUNTY, TOWN_B], typeSlug: 'hospital' };

/** The real routes of src/pages (static ones), as Astro names them. */
const SITE: PageRef[] = [
  { pathname: '/', route: '/' },
  { pathname: '/lists/', route: '/lists' },
  { pathname: '/lists/downgrades/', route: '/lists/downgrades' },
  { pathname: '/data/institutions.json', route: '/data/institutions.json' },
  { pathname: '/search/records.json', route: '/search/records.json' },
  { pathname: '/sitemap/', route: '/sitemap' },
  { pathname: '/i/QH0001/', route: '/i/[code]' },
  { pathname: '/i/QH0001/poster/', route: '/i/[code]/poster' },
  { pathname: '/i/QH0001/labels/', route: '/i/[code]/labels' },
  { pathname: '/i/QH0001/ratings/2/', route: '/i/[code]/ratings/[n]' },
  { pathname: '/i/QH0002/', route: '/i/[code]' },
  { pathname: '/i/QH0002/poster/', route: '/i/[code]/poster' },
  { pathname: '/lists/2025/', route: '/lists/[year]' },
  { pathname: '/lists/2025/all/clinic/', route: '/lists/[year]/[area]/[type]' },
  { pathname: '/lists/2025/all/hospital/', route: '/lists/[year]/[area]/[type]' },
  { pathname: `/lists/2025/${TOWN_A}/all/`, route: '/lists/[year]/[area]/[type]' },
  { pathname: `/lists/2025/${TOWN_A}/clinic/`, route: '/lists/[year]/[area]/[type]' },
  { pathname: `/lists/2025/${TOWN_B}/all/`, route: '/lists/[year]/[area]/[type]' },
  { pathname: `/lists/2025/${TOWN_B}/hospital/`, route: '/lists/[year]/[area]/[type]' },
  { pathname: '/lists/points/2026q1/', route: '/lists/points/[quarter]' },
  { pathname: '/lists/points/2026q1/419901/', route: '/lists/points/[quarter]/[area]' },
  { pathname: '/lists/points/2026q1/419902/', route: '/lists/points/[quarter]/[area]' },
  { pathname: '/inspections/3/', route: '/inspections/[id]' },
  { pathname: '/inspections/3/draw.json', route: '/inspections/[id]/draw.json' },
];

const ALWAYS = [
  '/',
  '/lists/',
  '/lists/downgrades/',
  '/data/institutions.json',
  '/search/records.json',
  '/sitemap/',
  '/lists/2025/',
  '/lists/points/2026q1/',
  '/inspections/3/',
  '/inspections/3/draw.json',
];
const POINTS_COUNTIES = ['/lists/points/2026q1/419901/', '/lists/points/2026q1/419902/'];

function keys(...ks: InstitutionKey[]): Map<string, InstitutionKey> {
  return new Map(ks.map((k) => [k.code, k]));
}

function plan(over: Partial<RepublishInput> = {}) {
  return planRepublish({
    basePaths: SITE.map((p) => p.pathname),
    paths: SITE,
    before: keys(A, B),
    after: keys(A, B),
    changed: [],
    global: [],
    ...over,
  });
}

describe('planRepublish: full builds', () => {
  it('a global table touched (regions, site settings) ⇒ full build, naming the tables once each', () => {
    const p = plan({ changed: ['QH0001'], global: ['site_settings', 'regions', 'site_settings'] });
    expect(p).toEqual({ render: [], full: '全站共用的数据已变更（regions、site_settings），需要完整构建' });
  });

  it('an institution deleted (its pages gone) ⇒ full build, naming the pages', () => {
    const paths = SITE.filter((p) => !p.pathname.startsWith('/i/QH0002/'));
    const p = plan({ paths, after: keys(A), changed: ['QH0002'] });
    expect(p.render).toEqual([]);
    expect(p.full).toBe('上次发布的页面已不存在（/i/QH0002/、/i/QH0002/poster/；机构被删除或列表组合消失），需要完整构建');
  });

  it('more than three pages gone are counted, not all listed', () => {
    const paths = SITE.filter((p) => !p.pathname.startsWith('/lists/2025/'));
    expect(plan({ paths }).full).toBe(
      `上次发布的页面已不存在（/lists/2025/、/lists/2025/all/clinic/、/lists/2025/all/hospital/ 等 7 个；机构被删除或列表组合消失），需要完整构建`,
    );
  });
});

describe('planRepublish: what is re-rendered', () => {
  it('nothing changed ⇒ only the routes without parameters and the few other parameter routes', () => {
    expect(plan()).toEqual({ render: ALWAYS, full: null });
  });

  it('a new penalty of QH0001 (clinic in township A) ⇒ its own pages, the lists that contain it, all county points pages', () => {
    const p = plan({ changed: ['QH0001'] });
    expect(p.full).toBeNull();
    expect(new Set(p.render)).toEqual(
      new Set([
        ...ALWAYS,
        '/i/QH0001/',
        '/i/QH0001/poster/',
        '/i/QH0001/labels/',
        '/i/QH0001/ratings/2/',
        '/lists/2025/all/clinic/',
        `/lists/2025/${TOWN_A}/all/`,
        `/lists/2025/${TOWN_A}/clinic/`,
        ...POINTS_COUNTIES,
      ]),
    );
    // Not QH0002's pages nor the hospital or township B lists.
    expect(p.render).not.toContain('/i/QH0002/');
    expect(p.render).not.toContain('/lists/2025/all/hospital/');
    expect(p.render).not.toContain(`/lists/2025/${TOWN_B}/all/`);
  });

  it('a province: only the changed county pages (/r/[county]/, /data/[county]/…), not those of other counties', () => {
    const OTHER = '419902';
    const counties: PageRef[] = [COUNTY, OTHER].flatMap((c) => [
      { pathname: `/r/${c}/`, route: '/r/[county]' },
      { pathname: `/data/${c}/institutions.json`, route: '/data/[county]/institutions.json' },
      { pathname: `/data/${c}/institutions.csv`, route: '/data/[county]/institutions.csv' },
    ]);
    const paths = [...SITE, ...counties];
    const p = plan({ paths, basePaths: paths.map((x) => x.pathname), changed: ['QH0001'] });
    expect(p.render).toEqual(expect.arrayContaining([`/r/${COUNTY}/`, `/data/${COUNTY}/institutions.json`, `/data/${COUNTY}/institutions.csv`]));
    expect(p.render.filter((x) => x.includes(OTHER) && !x.startsWith('/lists/points/'))).toEqual([]);
    // Nothing changed: no county page at all.
    expect(plan({ paths, basePaths: paths.map((x) => x.pathname) }).render).toEqual(ALWAYS);
  });

  it('the order of `paths` is kept', () => {
    const p = plan({ changed: ['QH0002'] });
    const order = SITE.map((x) => x.pathname).filter((x) => p.render.includes(x));
    expect(p.render).toEqual(order);
  });

  it('an institution that moved from township A to B ⇒ the lists of both townships (before and after)', () => {
    const moved: InstitutionKey = { ...A, areaCodes: [COUNTY, TOWN_B] };
    const p = plan({ after: keys(moved, B), changed: ['QH0001'] });
    expect(p.render).toEqual(expect.arrayContaining([`/lists/2025/${TOWN_A}/all/`, `/lists/2025/${TOWN_A}/clinic/`, `/lists/2025/${TOWN_B}/all/`]));
    // Township B's hospital list does not show a clinic.
    expect(p.render).not.toContain(`/lists/2025/${TOWN_B}/hospital/`);
  });

  it('a type changed (clinic → hospital) ⇒ the lists of both types', () => {
    const retyped: InstitutionKey = { ...A, typeSlug: 'hospital' };
    const p = plan({ after: keys(retyped, B), changed: ['QH0001'] });
    expect(p.render).toEqual(expect.arrayContaining(['/lists/2025/all/clinic/', '/lists/2025/all/hospital/']));
    expect(p.render).not.toContain(`/lists/2025/${TOWN_B}/hospital/`);
  });

  it('a new institution ⇒ its new pages; a list route that gains a page renders every page of it (the link bars)', () => {
    const C: InstitutionKey = { code: 'QH0003', areaCodes: [COUNTY, TOWN_B], typeSlug: 'clinic' };
    const added: PageRef[] = [
      { pathname: '/i/QH0003/', route: '/i/[code]' },
      { pathname: `/lists/2025/${TOWN_B}/clinic/`, route: '/lists/[year]/[area]/[type]' },
    ];
    const p = plan({ paths: [...SITE, ...added], after: keys(A, B, C), changed: ['QH0003'] });
    expect(p.render).toEqual(
      expect.arrayContaining(['/i/QH0003/', `/lists/2025/${TOWN_B}/clinic/`, `/lists/2025/${TOWN_A}/clinic/`, '/lists/2025/all/hospital/']),
    );
    expect(p.render).not.toContain('/i/QH0001/');
  });

  it('a new institution in an existing list combination ⇒ only the lists that contain it', () => {
    const C: InstitutionKey = { code: 'QH0003', areaCodes: [COUNTY, TOWN_B], typeSlug: 'hospital' };
    const p = plan({ paths: [...SITE, { pathname: '/i/QH0003/', route: '/i/[code]' }], after: keys(A, B, C), changed: ['QH0003'] });
    expect(p.render).toEqual(expect.arrayContaining(['/i/QH0003/', `/lists/2025/${TOWN_B}/hospital/`, '/lists/2025/all/hospital/']));
    expect(p.render).not.toContain(`/lists/2025/${TOWN_A}/all/`);
  });

  it('a changed code unknown before and after (no key) renders its own pages only', () => {
    const p = plan({ before: keys(B), after: keys(B), changed: ['QH0001'] });
    expect(p.render).toContain('/i/QH0001/');
    expect(p.render).not.toContain('/lists/2025/all/clinic/');
  });

  it('base paths written as index.html or without the trailing slash are the same pages', () => {
    const basePaths = SITE.map((p) => (p.pathname.endsWith('/') ? p.pathname + 'index.html' : p.pathname));
    expect(plan({ basePaths })).toEqual({ render: ALWAYS, full: null });
  });

  it('a page that does not match its own route is rendered rather than guessed', () => {
    const odd: PageRef[] = [
      { pathname: '/i/', route: '/i/[code]' },
      { pathname: '/lists/x/', route: '/lists/[year]/[area]/[type]' },
    ];
    const p = plan({ basePaths: [...SITE, ...odd].map((x) => x.pathname), paths: [...SITE, ...odd] });
    expect(p.render).toEqual(expect.arrayContaining(['/i/', '/lists/x/']));
  });

  it('a list with only a type parameter, and a rest parameter, are understood', () => {
    const pages: PageRef[] = [
      { pathname: '/lists/type/clinic/', route: '/lists/type/[type]' },
      { pathname: '/lists/type/hospital/', route: '/lists/type/[type]' },
      { pathname: '/lists/area/419901002/', route: '/lists/area/[area]' },
      { pathname: '/lists/area/419901001/', route: '/lists/area/[area]' },
      { pathname: '/docs/a/b/', route: '/docs/[...slug]' },
    ];
    const p = plan({ basePaths: pages.map((x) => x.pathname), paths: pages, changed: ['QH0001'] });
    expect(p.render).toEqual(['/lists/type/clinic/', '/lists/area/419901001/', '/docs/a/b/']);
    expect(matchRoute('/docs/[...slug]', '/docs/a/b/')).toEqual({ slug: 'a/b' });
  });

  it('a page listed twice is rendered once', () => {
    const p = plan({ paths: [...SITE, SITE[0]!] });
    expect(p.render).toEqual(ALWAYS);
  });
});

describe('institutionKeys', () => {
  it('reads code, areas and type from the search records a release keeps; a record of another page is skipped', () => {
    const rec = { name: '甲', address: null, area: '青禾县 城关镇', type: '诊所', level: '合格' };
    const keys = institutionKeys([
      { ...rec, url: '/i/QH0001/', areaCodes: [COUNTY, TOWN_A], typeSlug: 'clinic' },
      { ...rec, url: '/about/rules/', areaCodes: [], typeSlug: 'clinic' },
    ]);
    expect([...keys.values()]).toEqual([A]);
  });
});

describe('matchRoute, normalizePathname', () => {
  it('reads the parameters of a path under its route', () => {
    expect(matchRoute('/lists/[year]/[area]/[type]', '/lists/2025/419901001/all/')).toEqual({ year: '2025', area: '419901001', type: 'all' });
    expect(matchRoute('/inspections/[id]/draw.json', '/inspections/7/draw.json')).toEqual({ id: '7' });
    expect(matchRoute('/inspections/[id]/draw.json', '/inspections/7/drawxjson')).toBeNull();
    expect(matchRoute('/i/[code]', '/i/%E9%9D%92/')).toEqual({ code: '青' });
    expect(matchRoute('/i/[code]', '/lists/')).toBeNull();
  });

  it('one page has one name', () => {
    expect(normalizePathname('/')).toBe('/');
    expect(normalizePathname('/index.html')).toBe('/');
    expect(normalizePathname('/i/X/index.html')).toBe('/i/X');
    expect(normalizePathname('/i/X/')).toBe('/i/X');
    expect(normalizePathname('/data/a.json')).toBe('/data/a.json');
  });
});
