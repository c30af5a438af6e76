/**
 * Page models of the public site: what each route renders, from the database snapshot and the
 * pure rules in src/domain. Routes call one of these and render the result.
 *
 * Static pages (astro build) use `siteContext()`, read once per build; the on-demand poster and
 * search fallback read fresh rows per request.
 */
import { config } from '../config';
import { inspectionsByInstitution } from './public-inspections';
import { loadDetails, loadInstitutionByCode, loadInstitutionsByIds, loadRegions, publicSnapshot, type InstitutionDetails } from '../db/public-read';
import { searchAreas, searchInstitutionIds, searchTypes } from '../db/public-search';
import { getDataset, type Dataset } from '../db/site-settings';
import { buildMemo, isWarmRenderer, onBuildReset } from '../db/build-memo';
import { joinLines, type LinesLayout } from '../domain/csv';
import { fieldErrors, type FieldError } from '../schemas/zod-errors';
import { SEARCH_FIELD_LABELS, searchParamsSchema, type SearchParams } from '../schemas/public-search';
import { institutionCodeParamSchema, listFilterParamsSchema, quarterParamsSchema, yearParamSchema } from '../schemas/public-routes';
import {
  institutionCsvLine,
  openDataJsonLayout,
  OPEN_DATA_CSV_LAYOUT,
  openInstitution,
  openRegion,
  OPEN_DATA_LICENCE,
  type OpenInstitution,
  type OpenPenalty,
  type OpenRadiology,
} from '../domain/open-data';
import { queryTerms, type SearchRecord } from '../domain/search';
import {
  disclosureBoard,
  indexRegions,
  levelSummary,
  regionChain,
  type DisclosureBoard,
  type InstitutionRecord,
  type RegionIndex,
} from '../domain/disclosure-board';
import type { RadiologyRecord } from '../domain/clinic-board';
import { institutionPath, labelsPath, posterPath, posterQrUrl } from '../domain/poster';
import {
  ALL,
  dishonestyEntries,
  downgradeEntries,
  evaluationYears,
  filterOptions,
  filterPages,
  levelCounts,
  LIST_PAGE_MAX,
  listPath,
  quarterPublications,
  redBlack,
  typeFromSlug,
  typeSlug,
  TYPE_SLUGS,
  yearItem,
  yearList,
  type DishonestyEntry,
  type DowngradeEntry,
  type Filter,
  type FilterOptions,
  type LevelCounts,
  type QuarterPublication,
  type RedBlack,
  type YearItem,
  type YearList,
} from '../domain/public-lists';
import { chinaDate, type IsoDate } from '../domain/working-days';
import { levelHiddenNotice, posterAvailable, ratingLinkAvailable } from '../domain/institution-status';
import { casePath } from '../domain/typical-cases';
import { publishedCases } from '../db/typical-cases';
import type { SiteIdentity } from '../domain/site-identity';
import { loadClinicDetails, loadRadiology } from '../db/clinic-board';

export interface SiteContext {
  asOf: IsoDate;
  dataset: Dataset;
  regions: RegionIndex;
  institutions: InstitutionRecord[];
  publicUrl: string;
  years: number[];
  /** Year lists, computed once per year and shared by the hundreds of filter pages. */
  yearLists: Map<number, { list: YearList; options: FilterOptions }>;
  quarters: QuarterPublication[] | null;
  rows: PublicRow[] | null;
  /** Details of the institutions whose pages are being rendered, a chunk at a time. */
  details: Map<number, Promise<Map<number, InstitutionDetails>>>;
}

/** The build's one snapshot, with the region index built once (not per page). */
export const siteContext = buildMemo(() =>
  Promise.all([publicSnapshot(), loadRadiology(null)]).then(([s, radiology]): SiteContext => ({
    asOf: s.asOf,
    dataset: s.dataset,
    regions: indexRegions(s.regions),
    institutions: withRadiology(s.institutions, radiology),
    publicUrl: config.publicUrl,
    years: evaluationYears(s.institutions, s.asOf),
    yearLists: new Map(),
    quarters: null,
    rows: null,
    details: new Map(),
  })),
);

/** Radiology (few rows) goes with the snapshot: the pages and the open data both show it. */
function withRadiology<T extends InstitutionRecord>(institutions: T[], radiology: Map<number, RadiologyRecord>): T[] {
  for (const inst of institutions) inst.radiology = radiology.get(inst.id) ?? null;
  return institutions;
}

/** A warm renderer's year items, kept per institution record (a changed institution has a new record). */
const yearItems = new WeakMap<InstitutionRecord, Map<string, YearItem>>();

const keptYearItem: typeof yearItem = (inst, regions, year, asOf) => {
  let byYear = yearItems.get(inst);
  if (!byYear) yearItems.set(inst, (byYear = new Map<string, YearItem>()));
  const key = `${year}|${asOf}`;
  let it = byYear.get(key);
  if (it === undefined) byYear.set(key, (it = yearItem(inst, regions, year, asOf)));
  return it;
};

export function yearListOf(ctx: SiteContext, year: number): { list: YearList; options: FilterOptions } {
  let cached = ctx.yearLists.get(year);
  if (!cached) {
    const list = yearList(ctx.institutions, ctx.regions, year, ctx.asOf, isWarmRenderer() ? keptYearItem : yearItem);
    cached = { list, options: filterOptions(list.entries, ctx.regions) };
    ctx.yearLists.set(year, cached);
  }
  return cached;
}

function quartersOf(ctx: SiteContext): QuarterPublication[] {
  ctx.quarters ??= quarterPublications(ctx.institutions, ctx.regions, ctx.asOf);
  return ctx.quarters;
}

const buildDataset = buildMemo(getDataset);

/**
 * The dataset notice of a page: read once per build for static pages (100,000 pages must not mean
 * 100,000 queries), per request for on-demand ones (a change shows at once).
 */
export function datasetForPage(prerendered: boolean): Promise<Dataset> {
  if (!prerendered) return getDataset();
  return buildDataset();
}

/** What the frame of every page (BaseLayout) shows: the publisher, the demo notice, the address, the site identity. */
export interface Site {
  dataset: Dataset;
  publicUrl: string;
  identity: SiteIdentity;
}

/** The site identity of the footer and 联系我们 (SITE_* in src/config.ts). */
export function siteIdentity(): SiteIdentity {
  return {
    govId: config.SITE_GOV_ID,
    icp: config.SITE_ICP,
    psb: config.SITE_PSB,
    sponsor: config.SITE_SPONSOR,
    operator: config.SITE_OPERATOR,
    contactPhone: config.SITE_CONTACT_PHONE,
    contactAddress: config.SITE_CONTACT_ADDRESS,
    contactEmail: config.SITE_CONTACT_EMAIL,
  };
}

/** The frame of a page: static pages share the build's dataset, on-demand ones read it fresh. */
export async function siteFrame(prerendered: boolean): Promise<Site> {
  return { dataset: await datasetForPage(prerendered), publicUrl: config.publicUrl, identity: siteIdentity() };
}

/** Static pages that show nothing from the database but the frame (404, about/*). */
export async function staticPage(): Promise<{ site: Site }> {
  return { site: await siteFrame(true) };
}

export function complaintHref(code: string): string {
  return `/complaints/new?i=${encodeURIComponent(code)}`;
}

export interface InstitutionPage {
  site: Site;
  board: DisclosureBoard;
  /** What the QR code encodes: the page with the current poster version. */
  qrText: string;
  canonicalPath: string;
  /** Null for a closed institution (歇业/注销/吊销: no poster, seed 001 七(三), posterAvailable). */
  posterHref: string | null;
  /** The room and device QR labels (null when the institution no longer practises, like the poster). */
  labelsHref: string | null;
  complaintHref: string;
  /** The rating form (on demand, src/pages/i/[code]/rate.astro); null for a closed institution. */
  rateHref: string | null;
  /** Published typical cases about this institution (典型案例, /cases/). */
  cases: { title: string; href: string }[];
  /** Published 双随机 draws that drew this institution (/inspections/{id}/), with the result if recorded. */
  inspections?: { title: string; href: string; result: string | null }[];
  title: string;
  description: string;
  /** Demo data: the poster says so in print too. */
  demo: boolean;
  county: string;
}

function pageModel(
  site: Site,
  inst: InstitutionRecord,
  regions: RegionIndex,
  asOf: IsoDate,
  dataset: Dataset,
  cases: readonly { title: string; href: string }[] = [],
): InstitutionPage {
  const { publicUrl } = site;
  const board = disclosureBoard(inst, regions, asOf);
  const summary = levelSummary(board.level);
  const penalties = board.penalties.length > 0 ? `公示中的行政处罚${board.penalties.length}项` : '无公示中的行政处罚';
  return {
    site,
    board,
    qrText: posterQrUrl(publicUrl, inst.code, inst.posterVersion),
    canonicalPath: institutionPath(inst.code),
    posterHref: posterAvailable(inst.status) ? posterPath(inst.code) : null,
    labelsHref: posterAvailable(inst.status) ? labelsPath(inst.code) : null,
    complaintHref: complaintHref(inst.code),
    rateHref: ratingLinkAvailable(inst.status) ? `${institutionPath(inst.code)}rate` : null,
    cases: [...cases],
    title: inst.name,
    description: `${inst.name}（${board.license.state}）：${summary}；${penalties}。依法执业信息公示、投诉举报与评价。`,
    demo: dataset.demo,
    county: dataset.county,
  };
}

/** getStaticPaths of /i/{code}/: every institution, its record passed as props (no query per page). */
export async function institutionPaths(): Promise<{ params: { code: string }; props: { inst: InstitutionRecord; position: number } }[]> {
  const ctx = await siteContext();
  return ctx.institutions.map((inst, position) => ({ params: { code: inst.code }, props: { inst, position } }));
}

/** Institutions whose details are read together (3 queries per chunk, not per page). */
export const DETAIL_CHUNK = 2000;

/** loadDetails plus the clinic page's hours, prices, staff extras and comments (issue 15). */
async function detailsWithClinic(ids: number[]): Promise<Map<number, InstitutionDetails>> {
  const [details, clinic] = await Promise.all([loadDetails(ids), loadClinicDetails(ids)]);
  for (const [id, d] of details) {
    const c = clinic.get(id);
    if (c) d.clinic = c;
  }
  return details;
}

/**
 * Details of the institution at `position` in the snapshot. Astro renders the pages in the order
 * of getStaticPaths, so chunks are read in turn, the next one half-way through the current one
 * (the query runs while pages render), and chunks left behind are dropped.
 */
function detailsAt(ctx: SiteContext, position: number): Promise<Map<number, InstitutionDetails>> {
  // A warm renderer renders a few institutions' pages per publish: their own details only.
  if (isWarmRenderer()) {
    const id = ctx.institutions[position]?.id;
    return id === undefined ? Promise.resolve(new Map<number, InstitutionDetails>()) : detailsWithClinic([id]);
  }
  const chunk = Math.floor(position / DETAIL_CHUNK);
  const load = (c: number) => {
    let p = ctx.details.get(c);
    if (!p) {
      p = detailsWithClinic(ctx.institutions.slice(c * DETAIL_CHUNK, (c + 1) * DETAIL_CHUNK).map((i) => i.id));
      ctx.details.set(c, p);
    }
    return p;
  };
  const current = load(chunk);
  if (position % DETAIL_CHUNK >= DETAIL_CHUNK / 2 && (chunk + 1) * DETAIL_CHUNK < ctx.institutions.length) void load(chunk + 1);
  for (const c of ctx.details.keys()) if (c < chunk - 1) ctx.details.delete(c);
  return current;
}

export async function institutionPage(inst: InstitutionRecord, position: number): Promise<InstitutionPage> {
  const ctx = await siteContext();
  const details = (await detailsAt(ctx, position)).get(inst.id);
  const inspections = (await inspectionsByInstitution()).get(inst.code) ?? [];
  const page = pageModel(
    await siteFrame(true),
    details ? { ...inst, ...details } : inst,
    ctx.regions,
    ctx.asOf,
    ctx.dataset,
    (await casesByInstitution()).get(inst.code),
  );
  return { ...page, inspections };
}

// ---------------------------------------------------------------------------------------------
// Typical cases (典型案例曝光, issue 12 item 10)

export interface PublicCase {
  id: number;
  anchor: string;
  href: string;
  title: string;
  body: string;
  caseDate: IsoDate;
  publishedOn: IsoDate | null;
  institutionName: string;
  institutionCode: string;
  institutionHref: string;
  penaltyDecisionNo: string;
  penalty: string;
}

/** The published cases, read once per build like the snapshot. */
const casesOnce = buildMemo(() =>
  publishedCases().then((rows) =>
    rows.map((c) => ({
      id: c.id,
      anchor: `case-${c.id}`,
      href: casePath(c.id),
      title: c.title,
      body: c.body,
      caseDate: c.caseDate,
      publishedOn: c.publishedOn,
      institutionName: c.institutionName,
      institutionCode: c.institutionCode,
      institutionHref: institutionPath(c.institutionCode),
      penaltyDecisionNo: c.penaltyDecisionNo,
      penalty: c.penalty,
    })),
  ),
);

/** Each institution's published cases, grouped once per build (not filtered again on every page). */
const casesByInstitution = buildMemo(() =>
  casesOnce().then((all) => {
    const map = new Map<string, { title: string; href: string }[]>();
    for (const c of all) map.set(c.institutionCode, [...(map.get(c.institutionCode) ?? []), { title: c.title, href: c.href }]);
    return map;
  }),
);

/** /cases/: every published case, newest first. */
export async function casesListPage(): Promise<{ site: Site; cases: PublicCase[]; asOf: IsoDate }> {
  const ctx = await siteContext();
  return { site: await siteFrame(true), cases: await casesOnce(), asOf: ctx.asOf };
}

export interface PosterPage {
  site: Site;
  /** Null for an unknown or malformed code (answered 404), or a closed institution (see closed). */
  page: InstitutionPage | null;
  printedOn: IsoDate;
  /** A closed institution (歇业/注销/吊销) has no poster: why, and its page (answered 410). */
  closed: { notice: string; name: string; href: string } | null;
}

/** The on-demand poster: fresh from the database. */
export async function posterPage(codeParam: string | undefined): Promise<PosterPage> {
  const code = institutionCodeParamSchema.safeParse(codeParam);
  const [inst, dataset] = await Promise.all([code.success ? loadInstitutionByCode(code.data) : null, getDataset()]);
  const site = { dataset, publicUrl: config.publicUrl, identity: siteIdentity() };
  const printedOn = chinaDate(new Date());
  if (!inst) return { site, page: null, printedOn, closed: null };
  if (!posterAvailable(inst.status)) {
    const notice = `${levelHiddenNotice(inst.status) ?? ''}不提供公示栏打印。`;
    return { site, page: null, printedOn, closed: { notice, name: inst.name, href: institutionPath(inst.code) } };
  }
  const regions = await loadRegions();
  return { site, page: pageModel(site, inst, indexRegions(regions), printedOn, dataset), printedOn, closed: null };
}

// ---------------------------------------------------------------------------------------------
// Home

export interface HomePage {
  site: Site;
  dataset: Dataset;
  asOf: IsoDate;
  institutionCount: number;
  latest: (LevelCounts & { listHref: string; lastEvaluatedOn: IsoDate | null }) | null;
  years: { year: number; href: string }[];
  latestQuarter: { label: string; href: string } | null;
  downgradeCount: number;
  dishonestyCount: number;
  /** Institutions never evaluated (暂无评价), among those practising. */
  unevaluated: number;
}

export async function homePage(): Promise<HomePage> {
  const ctx = await siteContext();
  const year = ctx.years[0];
  const latest = year === undefined ? null : yearListOf(ctx, year).list;
  const quarter = quartersOf(ctx)[0];
  return {
    site: await siteFrame(true),
    dataset: ctx.dataset,
    asOf: ctx.asOf,
    institutionCount: ctx.institutions.length,
    latest: latest ? { ...levelCounts(latest), listHref: listPath(latest.year), lastEvaluatedOn: latest.lastEvaluatedOn } : null,
    years: ctx.years.map((y) => ({ year: y, href: listPath(y) })),
    latestQuarter: quarter ? { label: quarter.label, href: `/lists/points/${quarter.slug}/` } : null,
    downgradeCount: downgradeEntries(ctx.institutions, ctx.regions, ctx.asOf).length,
    dishonestyCount: dishonestyEntries(ctx.institutions, ctx.regions, ctx.asOf).filter((d) => d.active).length,
    unevaluated: ctx.institutions.filter((i) => i.status === '执业' && i.evaluations.length === 0).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Red/black list

export interface ListPage {
  site: Site;
  year: number;
  filter: Filter;
  /** "城关镇 · 诊所" or "全部辖区 · 全部类别". */
  filterLabel: string;
  asOf: IsoDate;
  list: YearList;
  result: RedBlack;
  options: FilterOptions;
  areaLinks: { label: string; href: string; current: boolean }[];
  subAreaLinks: { label: string; href: string; current: boolean }[];
  typeLinks: { label: string; href: string; current: boolean }[];
  yearLinks: { label: string; href: string; current: boolean }[];
  canonicalPath: string;
  truncated: boolean;
}

export async function yearPaths(): Promise<{ params: { year: string } }[]> {
  const ctx = await siteContext();
  return ctx.years.map((y) => ({ params: { year: String(y) } }));
}

export async function filterPaths(): Promise<{ params: { year: string; area: string; type: string } }[]> {
  const ctx = await siteContext();
  return ctx.years.flatMap((year) => {
    const { list, options } = yearListOf(ctx, year);
    return filterPages(list.entries, options).map((f) => ({ params: { year: String(year), area: f.area, type: f.type } }));
  });
}

/** /lists/{year}/: the whole year. */
export function listPage(yearParam: string | undefined): Promise<ListPage> {
  return buildListPage(yearParamSchema.parse(yearParam), { area: ALL, type: ALL });
}

/** /lists/{year}/{area}/{type}/: one area, one type, or both. */
export function filteredListPage(params: Record<string, string | undefined>): Promise<ListPage> {
  const { year, area, type } = listFilterParamsSchema.parse(params);
  return buildListPage(year, { area, type });
}

async function buildListPage(year: number, filter: Filter): Promise<ListPage> {
  const ctx = await siteContext();
  const { list, options } = yearListOf(ctx, year);
  const result = redBlack(list.entries, filter);
  const region = filter.area === ALL ? undefined : ctx.regions.get(filter.area);
  const typeName = filter.type === ALL ? null : typeFromSlug(filter.type);
  // With several counties, a township belongs under its county: its chips show that county's townships.
  const county = region && options.multiCounty ? (region.level === 3 ? region.code : region.parentCode) : null;
  const link = (label: string, f: Filter) => ({ label, href: listPath(year, f.area, f.type), current: f.area === filter.area && f.type === filter.type });
  const areaFilterType = options.multiCounty && region?.level === 4 ? ALL : filter.type;
  return {
    site: await siteFrame(true),
    year,
    filter,
    filterLabel: `${region ? region.name : '全部辖区'} · ${typeName ?? '全部类别'}`,
    asOf: ctx.asOf,
    list,
    result,
    options,
    areaLinks: [link('全部辖区', { area: ALL, type: areaFilterType }), ...options.areas.map((a) => link(a.name, { area: a.code, type: areaFilterType }))],
    subAreaLinks: county ? (options.subAreas.get(county) ?? []).map((t) => link(t.name, { area: t.code, type: ALL })) : [],
    typeLinks:
      options.multiCounty && region?.level === 4
        ? []
        : [
            link('全部类别', { area: filter.area, type: ALL }),
            ...options.types
              .filter((t) => list.entries.some((e) => e.typeSlug === t.slug && (filter.area === ALL || e.areaCodes.includes(filter.area))))
              .map((t) => link(t.type, { area: filter.area, type: t.slug })),
          ],
    yearLinks: ctx.years.map((y) => ({ label: `${y}年度`, href: listPath(y, filter.area, filter.type), current: y === year })),
    canonicalPath: listPath(year, filter.area, filter.type),
    truncated: result.red.length > LIST_PAGE_MAX || result.black.length > LIST_PAGE_MAX,
  };
}

export interface ListsIndexPage {
  site: Site;
  years: { year: number; href: string; counts: LevelCounts; lastEvaluatedOn: IsoDate | null }[];
  downgradeCount: number;
  dishonestyCount: number;
  quarters: { label: string; href: string; total: number; lines: number }[];
  asOf: IsoDate;
}

export async function listsIndexPage(): Promise<ListsIndexPage> {
  const ctx = await siteContext();
  return {
    site: await siteFrame(true),
    years: ctx.years.map((y) => {
      const { list } = yearListOf(ctx, y);
      return { year: y, href: listPath(y), counts: levelCounts(list), lastEvaluatedOn: list.lastEvaluatedOn };
    }),
    downgradeCount: downgradeEntries(ctx.institutions, ctx.regions, ctx.asOf).length,
    dishonestyCount: dishonestyEntries(ctx.institutions, ctx.regions, ctx.asOf).filter((d) => d.active).length,
    quarters: quartersOf(ctx).map((q) => ({ label: q.label, href: `/lists/points/${q.slug}/`, total: q.total, lines: q.lines.length })),
    asOf: ctx.asOf,
  };
}

export async function downgradesPage(): Promise<{ site: Site; entries: DowngradeEntry[]; asOf: IsoDate }> {
  const ctx = await siteContext();
  return { site: await siteFrame(true), entries: downgradeEntries(ctx.institutions, ctx.regions, ctx.asOf), asOf: ctx.asOf };
}

export async function dishonestyPage(): Promise<{ site: Site; active: DishonestyEntry[]; removed: DishonestyEntry[]; asOf: IsoDate }> {
  const ctx = await siteContext();
  const all = dishonestyEntries(ctx.institutions, ctx.regions, ctx.asOf);
  return { site: await siteFrame(true), active: all.filter((d) => d.active), removed: all.filter((d) => !d.active), asOf: ctx.asOf };
}

// ---------------------------------------------------------------------------------------------
// Quarterly points

/** Lines per quarter page before it is split by county. */
export const POINTS_PAGE_MAX = 2000;

function countyLinks(ctx: SiteContext, pub: QuarterPublication): { label: string; href: string; count: number; code: string }[] {
  const counts = new Map<string, number>();
  for (const l of pub.lines) if (l.countyCode) counts.set(l.countyCode, (counts.get(l.countyCode) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, count]) => ({ code, count, label: ctx.regions.get(code)?.name ?? code, href: `/lists/points/${pub.slug}/${code}/` }));
}

export async function quarterPaths(): Promise<{ params: { quarter: string } }[]> {
  const ctx = await siteContext();
  return quartersOf(ctx).map((q) => ({ params: { quarter: q.slug } }));
}

export async function quarterAreaPaths(): Promise<{ params: { quarter: string; area: string } }[]> {
  const ctx = await siteContext();
  return quartersOf(ctx).flatMap((q) => {
    const links = countyLinks(ctx, q);
    return links.length > 1 ? links.map((l) => ({ params: { quarter: q.slug, area: l.code } })) : [];
  });
}

/** A quarter's page (the shape QuarterPoints.astro declares), whole or for one county. */
export async function quarterPage(params: Record<string, string | undefined>) {
  const { quarter: slug, area: areaParam } = quarterParamsSchema.parse(params);
  const area = areaParam ?? null;
  const ctx = await siteContext();
  const publication = quartersOf(ctx).find((q) => q.slug === slug);
  if (!publication) throw new Error(`没有该季度的记分公示：${slug}`);
  const links = countyLinks(ctx, publication);
  const split = links.length > 1;
  const lines = area ? publication.lines.filter((l) => l.countyCode === area) : publication.lines;
  return {
    site: await siteFrame(true),
    publication,
    lines,
    area: area ? { code: area, name: ctx.regions.get(area)?.name ?? area } : null,
    areaLinks: split ? links : [],
    showLines: area !== null || !split || lines.length <= POINTS_PAGE_MAX,
    canonicalPath: area ? `/lists/points/${publication.slug}/${area}/` : `/lists/points/${publication.slug}/`,
    asOf: ctx.asOf,
  };
}

// ---------------------------------------------------------------------------------------------
// Open data and search records

export interface PublicRow {
  open: OpenInstitution & { penalties: OpenPenalty[]; radiology: OpenRadiology | null };
  search: SearchRecord;
  /** The row's lines in the three files as UTF-8, kept only by a warm renderer (linesFile). */
  lines?: { json?: Uint8Array; csv?: Uint8Array; search?: Uint8Array };
}

/** The files built from publicRows: institutions.json, institutions.csv and the search records. */
const ROW_CONSUMERS = 3;
let rowUses = 0;
onBuildReset(() => {
  rowUses = 0;
});

/**
 * One pass over all institutions for the open data files and the search index, computed once and
 * dropped when the three files have been written (a few hundred MB at 100,000 institutions).
 */
function publicRows(ctx: SiteContext): PublicRow[] {
  ctx.rows ??= ctx.institutions.map((inst) => rowOf(ctx, inst));
  const rows = ctx.rows;
  rowUses += 1;
  if (rowUses >= ROW_CONSUMERS) ctx.rows = null;
  return rows;
}

/**
 * A warm renderer (src/db/build-memo.ts) keeps each institution's row and its serialised lines
 * between publishes: the snapshot replaces the record of a changed institution, so a record seen
 * before has the same row. A full build computes them once and lets them go (memory).
 */
const warmRows = new WeakMap<InstitutionRecord, PublicRow>();

export function rowOf(ctx: SiteContext, inst: InstitutionRecord): PublicRow {
  const known = isWarmRenderer() ? warmRows.get(inst) : undefined;
  if (known) return known;
  const board = disclosureBoard(inst, ctx.regions, ctx.asOf);
  const path = institutionPath(inst.code);
  const row: PublicRow = {
    open: openInstitution(board, `${ctx.publicUrl}${path}`, openRegion(ctx.regions, inst.regionCode)),
    search: {
      url: path,
      name: inst.name,
      address: inst.address,
      area: board.area,
      areaCodes: regionChain(ctx.regions, inst.regionCode)
        .filter((r) => r.level >= 3)
        .map((r) => r.code),
      type: inst.type,
      typeSlug: typeSlug(inst.type),
      level: board.levelWord,
    },
  };
  if (isWarmRenderer()) warmRows.set(inst, row);
  return row;
}

const SERIALISE = {
  json: (row: PublicRow) => JSON.stringify(row.open),
  csv: (row: PublicRow) => institutionCsvLine(row.open),
  search: (row: PublicRow) => JSON.stringify(row.search),
} as const;

/**
 * A file of one line per row (src/domain/csv.ts LinesLayout). A full build joins strings; a
 * warm renderer keeps each row's line as UTF-8 bytes and copies them (the province's JSON is
 * ≈ 100 MB: joining and encoding it again on every publish took seconds). The bytes are the same.
 */
export function linesFile(layout: LinesLayout, rows: readonly PublicRow[], kind: keyof typeof SERIALISE): string | ReadableStream<Uint8Array> {
  if (!isWarmRenderer()) return joinLines(layout, rows.map(SERIALISE[kind]));
  const utf8 = new TextEncoder();
  const separator = utf8.encode(layout.separator);
  const parts: Uint8Array[] = [utf8.encode(layout.prefix)];
  const lines = [...layout.head.map((h) => utf8.encode(h)), ...rows.map((row) => ((row.lines ??= {})[kind] ??= utf8.encode(SERIALISE[kind](row))))];
  lines.forEach((line, i) => {
    if (i > 0) parts.push(separator);
    parts.push(line);
  });
  parts.push(utf8.encode(layout.suffix));
  // Streamed in blocks: one 100 MB buffer (and the copies a Response makes of it) would cost a
  // full garbage collection of the whole snapshot; blocks die young.
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= parts.length) {
        controller.close();
        return;
      }
      let size = 0;
      let end = next;
      while (end < parts.length && size < STREAM_BLOCK) size += parts[end++]?.length ?? 0;
      const block = new Uint8Array(size);
      let at = 0;
      for (; next < end; next += 1) {
        const p = parts[next] ?? new Uint8Array(0);
        block.set(p, at);
        at += p.length;
      }
      controller.enqueue(block);
    },
  });
}

const STREAM_BLOCK = 256 * 1024;

/** /data/institutions.json: a header object, then one institution per line (readable, diffable). */
export async function openDataJson(): Promise<string | ReadableStream<Uint8Array>> {
  const ctx = await siteContext();
  const rows = publicRows(ctx);
  const head = {
    title: `${ctx.dataset.county}医疗机构依法执业信用公示数据`,
    publisher: ctx.dataset.authority,
    demo: ctx.dataset.demo,
    generated_on: ctx.asOf,
    licence: OPEN_DATA_LICENCE,
    dictionary: `${ctx.publicUrl}/about/data/`,
    count: rows.length,
  };
  return linesFile(openDataJsonLayout(head), rows, 'json');
}

export async function openDataCsv(): Promise<string | ReadableStream<Uint8Array>> {
  const ctx = await siteContext();
  return linesFile(OPEN_DATA_CSV_LAYOUT, publicRows(ctx), 'csv');
}

/** Records for the Pagefind indexer (read and removed by src/release/search-index.ts): JSON.stringify of the array. */
export async function searchRecordsJson(): Promise<string | ReadableStream<Uint8Array>> {
  const ctx = await siteContext();
  return linesFile({ prefix: '[', head: [], separator: ',', suffix: ']' }, publicRows(ctx), 'search');
}

export interface OpenDataPage {
  site: Site;
  count: number;
  asOf: IsoDate;
  demo: boolean;
  publisher: string;
}

export async function openDataPage(): Promise<OpenDataPage> {
  const ctx = await siteContext();
  return { site: await siteFrame(true), count: ctx.institutions.length, asOf: ctx.asOf, demo: ctx.dataset.demo, publisher: ctx.dataset.authority };
}

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchFilters {
  areas: { code: string; label: string }[];
  types: { slug: string; type: string }[];
}

function areaOptions(areas: { code: string; name: string; level: number; parentName: string | null }[]): SearchFilters['areas'] {
  const multiCounty = areas.filter((a) => a.level === 3).length > 1;
  return areas.map((a) => ({ code: a.code, label: a.level === 4 && multiCounty && a.parentName ? `${a.parentName} ${a.name}` : a.name }));
}

function typeOptions(types: Iterable<string>): SearchFilters['types'] {
  const present = new Set(types);
  return TYPE_SLUGS.filter(([t]) => present.has(t)).map(([type, slug]) => ({ type, slug }));
}

/** The static search page: the filter options present in this build. */
export async function searchPage(): Promise<{ site: Site; filters: SearchFilters }> {
  const ctx = await siteContext();
  const areas = new Map<string, { code: string; name: string; level: number; parentName: string | null }>();
  for (const inst of ctx.institutions) {
    for (const r of regionChain(ctx.regions, inst.regionCode)) {
      if (r.level < 3 || areas.has(r.code)) continue;
      areas.set(r.code, { code: r.code, name: r.name, level: r.level, parentName: (r.parentCode && ctx.regions.get(r.parentCode)?.name) || null });
    }
  }
  const sorted = [...areas.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  return { site: await siteFrame(true), filters: { areas: areaOptions(sorted), types: typeOptions(ctx.institutions.map((i) => i.type)) } };
}

export interface SearchHit {
  href: string;
  name: string;
  type: string;
  area: string;
  address: string | null;
  level: string;
}

export interface SearchResultsPage {
  site: Site;
  values: SearchParams;
  errors: FieldError[];
  filters: SearchFilters;
  /** Null when nothing was asked (no query, no filter). */
  hits: SearchHit[] | null;
  /** More matches exist than are shown. */
  more: boolean;
}

/** Results shown by the server fallback; candidates read before the level filter is applied. */
export const SEARCH_RESULTS_MAX = 50;
const SEARCH_CANDIDATES = 500;

/** /search/results (on demand, JavaScript off): validate, query the database, decide levels with the domain rules. */
export async function searchResultsPage(params: URLSearchParams): Promise<SearchResultsPage> {
  const raw = Object.fromEntries(['q', 'area', 'type', 'level'].map((k) => [k, params.get(k) ?? undefined]));
  const parsed = searchParamsSchema.safeParse(raw);
  const [areas, types, site] = await Promise.all([searchAreas(), searchTypes(), siteFrame(false)]);
  const filters = { areas: areaOptions(areas), types: typeOptions(types) };
  if (!parsed.success) {
    const values = { q: (raw['q'] ?? '').slice(0, 50), area: '', type: '', level: '' } as SearchParams;
    return { site, values, errors: fieldErrors(parsed.error.issues, SEARCH_FIELD_LABELS), filters, hits: null, more: false };
  }
  const values = parsed.data;
  const terms = queryTerms(values.q);
  if (terms.length === 0 && !values.area && !values.type && !values.level) return { site, values, errors: [], filters, hits: null, more: false };
  const ids = await searchInstitutionIds({
    terms,
    area: values.area || null,
    type: values.type ? typeFromSlug(values.type) : null,
    limit: SEARCH_CANDIDATES,
  });
  const [institutions, regions] = await Promise.all([loadInstitutionsByIds(ids), loadRegions()]);
  const index = indexRegions(regions);
  const asOf = chinaDate(new Date());
  const byId = new Map(institutions.map((i) => [i.id, i]));
  const hits: SearchHit[] = [];
  for (const id of ids) {
    const inst = byId.get(id);
    if (!inst) continue;
    const board = disclosureBoard(inst, index, asOf);
    if (values.level && board.levelWord !== values.level) continue;
    hits.push({ href: institutionPath(inst.code), name: inst.name, type: inst.type, area: board.area, address: inst.address, level: board.levelWord });
  }
  return { site, values, errors: [], filters, hits: hits.slice(0, SEARCH_RESULTS_MAX), more: hits.length > SEARCH_RESULTS_MAX };
}
