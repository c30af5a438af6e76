/**
 * Several counties on one deployment (issue 16 item 3, docs/scale.md): the home page's list of
 * counties, one landing page per county (/r/{code}/) and the county's own open data
 * (/data/{code}/institutions.csv|json, the same format as /data/institutions.*). With one county
 * nothing here produces a page: no paths, no county list on the home page.
 */
import { listCounties, type CountySettings } from '../db/counties';
import { openDataJsonLayout, openRegion, OPEN_DATA_CSV_LAYOUT, OPEN_DATA_LICENCE } from '../domain/open-data';
import { ALL, listPath, redBlack } from '../domain/public-lists';
import { countyCodeSchema } from '../schemas/admin-counties';
import { homePage, linesFile, rowOf, siteContext, siteFrame, yearListOf, type HomePage, type PublicRow, type SiteContext } from './public';

export interface CountyLink {
  code: string;
  name: string;
  href: string;
  institutionCount: number;
}

/**
 * The counties of the deployment that have institutions, with their number; empty unless there are
 * two or more (a county deployment whose regions sheet also names a neighbouring county stays one).
 */
function countiesOf(ctx: SiteContext): Promise<{ counties: CountySettings[]; counts: Map<string, number> }> {
  // Once per build: the home page, every county page and both data files of every county ask.
  let c = countyGroups.get(ctx);
  if (!c) {
    c = groupCounties(ctx);
    countyGroups.set(ctx, c);
  }
  return c;
}
const countyGroups = new WeakMap<SiteContext, Promise<{ counties: CountySettings[]; counts: Map<string, number> }>>();

async function groupCounties(ctx: SiteContext): Promise<{ counties: CountySettings[]; counts: Map<string, number> }> {
  const counts = new Map<string, number>();
  for (const inst of ctx.institutions) {
    const code = openRegion(ctx.regions, inst.regionCode).county_code;
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (counts.size < 2) return { counties: [], counts };
  return { counties: (await listCounties()).filter((c) => counts.has(c.code)), counts };
}

export function countyPath(code: string): string {
  return `/r/${code}/`;
}

/** The home page; with several counties also the prefecture's name and its counties. */
export async function provinceHomePage(): Promise<HomePage & { counties: CountyLink[]; province: string | null }> {
  const [home, ctx] = await Promise.all([homePage(), siteContext()]);
  const { counties, counts } = await countiesOf(ctx);
  const parents = new Set(counties.map((c) => c.parentName));
  return {
    ...home,
    counties: counties.map((c) => ({ code: c.code, name: c.name, href: countyPath(c.code), institutionCount: counts.get(c.code) ?? 0 })),
    province: counties.length > 0 ? (parents.size === 1 ? ([...parents][0] ?? null) : null) : null,
  };
}

export async function countyPaths(): Promise<{ params: { county: string } }[]> {
  const { counties } = await countiesOf(await siteContext());
  return counties.map((c) => ({ params: { county: c.code } }));
}

async function countyOf(param: string | undefined): Promise<{ ctx: SiteContext; county: CountySettings; count: number }> {
  const code = countyCodeSchema.parse(param);
  const ctx = await siteContext();
  const { counties, counts } = await countiesOf(ctx);
  const county = counties.find((c) => c.code === code);
  if (!county) throw new Error(`没有区划代码为 ${code} 的县`);
  return { ctx, county, count: counts.get(code) ?? 0 };
}

/** /r/{code}/: a county's landing page. */
export async function countyPage(param: string | undefined) {
  const { ctx, county, count } = await countyOf(param);
  const year = ctx.years[0];
  const latest = year === undefined ? null : { year, ...redBlack(yearListOf(ctx, year).list.entries, { area: county.code, type: ALL }) };
  return {
    site: await siteFrame(true),
    county,
    commission: county.commissionName ?? ctx.dataset.authority,
    asOf: ctx.asOf,
    institutionCount: count,
    latest: latest ? { year: latest.year, counts: latest.counts, listHref: listPath(latest.year, county.code) } : null,
    years: ctx.years.map((y) => ({ year: y, href: listPath(y, county.code) })),
    data: { csv: `/data/${county.code}/institutions.csv`, json: `/data/${county.code}/institutions.json` },
  };
}

/**
 * The open-data rows of one county (the same rows as /data/institutions.*, filtered), computed once
 * for its two files (JSON and CSV) and dropped after the second.
 */
async function countyRows(param: string | undefined) {
  const { ctx, county } = await countyOf(param);
  const cache = rowCache.get(ctx) ?? new Map<string, { rows: PublicRow[]; uses: number }>();
  rowCache.set(ctx, cache);
  let entry = cache.get(county.code);
  if (!entry) {
    // The county of each region once (a province has a few hundred regions and 100,000 institutions).
    const countyOfRegion = new Map<string | null, string | null>();
    const countyOf = (code: string | null) => {
      if (!countyOfRegion.has(code)) countyOfRegion.set(code, openRegion(ctx.regions, code).county_code);
      return countyOfRegion.get(code);
    };
    const rows = ctx.institutions.flatMap((inst) => (countyOf(inst.regionCode) === county.code ? [rowOf(ctx, inst)] : []));
    entry = { rows, uses: 0 };
    cache.set(county.code, entry);
  }
  entry.uses += 1;
  if (entry.uses >= 2) cache.delete(county.code);
  return { ctx, county, rows: entry.rows };
}
const rowCache = new WeakMap<SiteContext, Map<string, { rows: PublicRow[]; uses: number }>>();

/** /data/{code}/institutions.json: the header of /data/institutions.json, for one county. */
export async function countyOpenDataJson(param: string | undefined): Promise<string | ReadableStream<Uint8Array>> {
  const { ctx, county, rows } = await countyRows(param);
  const head = {
    title: `${county.name}医疗机构依法执业信用公示数据`,
    publisher: county.commissionName ?? ctx.dataset.authority,
    demo: ctx.dataset.demo,
    generated_on: ctx.asOf,
    licence: OPEN_DATA_LICENCE,
    dictionary: `${ctx.publicUrl}/about/data/`,
    county_code: county.code,
    count: rows.length,
  };
  return linesFile(openDataJsonLayout(head), rows, 'json');
}

export async function countyOpenDataCsv(param: string | undefined): Promise<string | ReadableStream<Uint8Array>> {
  return linesFile(OPEN_DATA_CSV_LAYOUT, (await countyRows(param)).rows, 'csv');
}
