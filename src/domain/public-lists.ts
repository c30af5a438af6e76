/**
 * The public lists built from all institutions: the yearly red/black list (红黑榜, seed 001 五、5
 * 信用挂牌公示), downgrades (七(二): "降级情况及时进行公示"), the serious-dishonesty list (seed 004),
 * the quarterly publication of bad-practice points (seed 000: "每季度开始的首月10日前…公示") and
 * level counts for the home page. Pure; the pages render what these return.
 *
 * Who is on which list:
 * - 红榜: level in force today (after downgrades) is 优秀; 黑榜: level in force is 差.
 * - Institutions whose level may not be shown (歇业/注销/吊销) and evaluations under review
 *   (复核中) are on neither list; the page states how many there are.
 */
import type { CreditLevel } from './credit-level';
import { dishonestyHistoryLine } from './dishonesty';
import { levelVisible } from './institution-status';
import {
  areaLabel,
  dishonestyActive,
  quarterLabel,
  ratedView,
  regionChain,
  type DowngradeView,
  type InstitutionRecord,
  type RegionIndex,
} from './disclosure-board';
import { downgradeDecidingText, listReason } from './level-reason';
import { maskName } from './masking';
import { publicationDueDate, quarterOf, type Quarter } from './points';
import type { IsoDate } from './working-days';

/** ASCII URL slugs of the institution types (the database's CHECK list), in display order. */
export const TYPE_SLUGS: readonly (readonly [type: string, slug: string])[] = [
  ['医院', 'hospital'],
  ['中医医院', 'tcm-hospital'],
  ['妇幼保健院', 'maternal-child'],
  ['卫生院', 'health-centre'],
  ['社区卫生服务中心', 'community-centre'],
  ['社区卫生服务站', 'community-station'],
  ['门诊部', 'outpatient'],
  ['诊所', 'clinic'],
  ['中医诊所', 'tcm-clinic'],
  ['村卫生室', 'village-clinic'],
  ['医务室', 'infirmary'],
  ['专科疾病防治机构', 'disease-control'],
  ['急救中心', 'emergency'],
  ['其他', 'other'],
];

export function typeSlug(type: string): string {
  return TYPE_SLUGS.find(([t]) => t === type)?.[1] ?? 'other';
}

export function typeFromSlug(slug: string): string | null {
  return TYPE_SLUGS.find(([, s]) => s === slug)?.[0] ?? null;
}

/** 'all' stands for "no filter" in list URLs. */
export const ALL = 'all';

/** Rows per list on one page; larger lists ask the reader to pick an area (pages stay light). */
export const LIST_PAGE_MAX = 500;

export function listPath(year: number, area: string = ALL, type: string = ALL): string {
  return area === ALL && type === ALL ? `/lists/${year}/` : `/lists/${year}/${area}/${type}/`;
}

export interface ListEntry {
  code: string;
  name: string;
  type: string;
  typeSlug: string;
  /** Region codes of the institution's county and township (for filtering). */
  areaCodes: string[];
  area: string;
  level: CreditLevel;
  annualLevel: CreditLevel;
  standardizedScore: number;
  evaluatedOn: IsoDate;
  downgrade: DowngradeView | null;
  reasons: string[];
  /**
   * What decided the level in force, for the list's note (level-reason.ts listReason): a score
   * below 60 is named as such and a ★ veto is never given for a 差 — the first stored reason
   * used to be shown, which could be a ★ veto.
   */
  listReason: string;
}

export interface YearList {
  year: number;
  /** Institutions evaluated that year (every level, also those not listed below). */
  evaluatedCount: number;
  entries: ListEntry[];
  underReviewCount: number;
  /** Evaluated, but now 歇业/注销/吊销: level no longer shown. */
  hiddenCount: number;
  /** Latest evaluation date of the year: when the results became final. */
  lastEvaluatedOn: IsoDate | null;
}

/** Years with evaluations, newest first. */
export function evaluationYears(institutions: readonly InstitutionRecord[], asOf: IsoDate): number[] {
  const years = new Set<number>();
  for (const i of institutions) for (const e of i.evaluations) if (e.evaluatedOn <= asOf) years.add(e.year);
  return [...years].sort((a, b) => b - a);
}

/** Every shown level of one year, with the level in force on `asOf`. */
/** What one institution contributes to a year's list: nothing (not evaluated that year), a count only, or an entry. */
export type YearItem = null | { evaluatedOn: IsoDate; entry: ListEntry | 'hidden' | 'under-review' };

export function yearItem(inst: InstitutionRecord, regions: RegionIndex, year: number, asOf: IsoDate): YearItem {
  const e = inst.evaluations.find((x) => x.year === year);
  if (!e || e.evaluatedOn > asOf) return null;
  // Closed institutions (歇业/注销/吊销) are counted, never listed with a level (seed 001 七(三)).
  if (!levelVisible(inst.status)) return { evaluatedOn: e.evaluatedOn, entry: 'hidden' };
  if (e.reviewStatus === '复核中') return { evaluatedOn: e.evaluatedOn, entry: 'under-review' };
  const view = ratedView(e, asOf);
  return {
    evaluatedOn: e.evaluatedOn,
    entry: {
      code: inst.code,
      name: inst.name,
      type: inst.type,
      typeSlug: typeSlug(inst.type),
      areaCodes: regionChain(regions, inst.regionCode)
        .filter((r) => r.level >= 3)
        .map((r) => r.code),
      area: areaLabel(regions, inst.regionCode),
      level: view.level,
      annualLevel: view.annualLevel,
      // The score the level in force rests on: the re-score after a downgrade (a 差 on the 黑榜
      // must not stand beside the annual 92.50).
      standardizedScore: view.basis.score ?? view.standardizedScore,
      evaluatedOn: view.evaluatedOn,
      downgrade: view.downgrade,
      reasons: view.reasons,
      listReason: listReason(e, view.downgrade),
    },
  };
}

/**
 * A year's list from each institution's item. `item` is yearItem, or a kept copy of its results
 * (a warm renderer computes the items of the changed institutions only, src/handlers/public.ts).
 */
export function yearList(
  institutions: readonly InstitutionRecord[],
  regions: RegionIndex,
  year: number,
  asOf: IsoDate,
  item: typeof yearItem = yearItem,
): YearList {
  const entries: ListEntry[] = [];
  let evaluatedCount = 0;
  let underReviewCount = 0;
  let hiddenCount = 0;
  let last: IsoDate | null = null;
  for (const inst of institutions) {
    const it = item(inst, regions, year, asOf);
    if (!it) continue;
    evaluatedCount += 1;
    if (last === null || it.evaluatedOn > last) last = it.evaluatedOn;
    if (it.entry === 'hidden') hiddenCount += 1;
    else if (it.entry === 'under-review') underReviewCount += 1;
    else entries.push(it.entry);
  }
  return { year, evaluatedCount, entries, underReviewCount, hiddenCount, lastEvaluatedOn: last };
}

export interface Filter {
  area: string;
  type: string;
}

export function matches(entry: ListEntry, f: Filter): boolean {
  return (f.area === ALL || entry.areaCodes.includes(f.area)) && (f.type === ALL || entry.typeSlug === f.type);
}

/** Chinese names in pinyin order, as readers expect (plain string order would be by code point). */
const zh = new Intl.Collator('zh-CN');
const byName = (a: ListEntry, b: ListEntry) => zh.compare(a.name, b.name) || (a.code < b.code ? -1 : 1);

export interface RedBlack {
  red: ListEntry[];
  black: ListEntry[];
  /** Shown levels in the filter, for the counts line. */
  counts: Record<CreditLevel, number>;
}

/** 红榜 by score (highest first), 黑榜 by score (lowest first); ties by name. */
export function redBlack(entries: readonly ListEntry[], f: Filter): RedBlack {
  const counts: Record<CreditLevel, number> = { 优秀: 0, 合格: 0, 差: 0 };
  const red: ListEntry[] = [];
  const black: ListEntry[] = [];
  for (const e of entries) {
    if (!matches(e, f)) continue;
    counts[e.level] += 1;
    if (e.level === '优秀') red.push(e);
    else if (e.level === '差') black.push(e);
  }
  red.sort((a, b) => b.standardizedScore - a.standardizedScore || byName(a, b));
  black.sort((a, b) => a.standardizedScore - b.standardizedScore || byName(a, b));
  return { red, black, counts };
}

export interface AreaOption {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

export interface FilterOptions {
  /** The areas offered for filtering: townships for one county, counties for several. */
  areas: AreaOption[];
  /** Townships shown under a selected county (several counties only). */
  subAreas: Map<string, AreaOption[]>;
  types: { type: string; slug: string }[];
  /** Several counties in the data (a city or province-wide site). */
  multiCounty: boolean;
}

/** Areas and types present among the entries, in code / display order. */
export function filterOptions(entries: readonly ListEntry[], regions: RegionIndex): FilterOptions {
  const counties = new Map<string, AreaOption>();
  const townships = new Map<string, AreaOption>();
  const types = new Set<string>();
  for (const e of entries) {
    types.add(e.typeSlug);
    for (const code of e.areaCodes) {
      const r = regions.get(code);
      if (!r) continue;
      const opt = { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode };
      (r.level === 3 ? counties : townships).set(r.code, opt);
    }
  }
  const sortCode = (a: AreaOption, b: AreaOption) => (a.code < b.code ? -1 : 1);
  const multiCounty = counties.size > 1;
  const subAreas = new Map<string, AreaOption[]>();
  if (multiCounty) {
    for (const t of [...townships.values()].sort(sortCode)) {
      const list = subAreas.get(t.parentCode ?? '') ?? [];
      if (list.length === 0) subAreas.set(t.parentCode ?? '', list);
      list.push(t);
    }
  }
  return {
    areas: (multiCounty ? [...counties.values()] : [...townships.values()]).sort(sortCode),
    subAreas,
    types: TYPE_SLUGS.filter(([, s]) => types.has(s)).map(([type, slug]) => ({ type, slug })),
    multiCounty,
  };
}

/**
 * The filter pages to generate for a year: every offered area × (all types + each type present
 * there), plus every type over all areas; with several counties, townships get an all-types page
 * only (so the number of pages stays proportional to the number of areas).
 */
export function filterPages(entries: readonly ListEntry[], options: FilterOptions): Filter[] {
  const pages: Filter[] = [];
  // The types present in each area, in one pass (a province has 100,000 entries and hundreds of areas).
  const present = new Map<string, Set<string>>();
  const add = (area: string, slug: string) => {
    let set = present.get(area);
    if (!set) present.set(area, (set = new Set()));
    set.add(slug);
  };
  for (const e of entries) {
    add(ALL, e.typeSlug);
    for (const a of e.areaCodes) add(a, e.typeSlug);
  }
  const typesIn = (area: string) => options.types.filter((t) => present.get(area)?.has(t.slug) === true);
  for (const t of typesIn(ALL)) pages.push({ area: ALL, type: t.slug });
  for (const a of options.areas) {
    pages.push({ area: a.code, type: ALL });
    for (const t of typesIn(a.code)) pages.push({ area: a.code, type: t.slug });
  }
  for (const subs of options.subAreas.values()) for (const s of subs) pages.push({ area: s.code, type: ALL });
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Level counts (home page)

export interface LevelCounts {
  year: number;
  counts: Record<CreditLevel, number>;
  underReview: number;
  hidden: number;
  evaluated: number;
}

export function levelCounts(list: YearList): LevelCounts {
  const counts: Record<CreditLevel, number> = { 优秀: 0, 合格: 0, 差: 0 };
  for (const e of list.entries) counts[e.level] += 1;
  return { year: list.year, counts, underReview: list.underReviewCount, hidden: list.hiddenCount, evaluated: list.evaluatedCount };
}

// ---------------------------------------------------------------------------------------------
// Downgrades and the serious-dishonesty list

/** How the downgrade and serious-dishonesty lists name an institution: its code, its name and its area. */
export interface ListedInstitution {
  code: string;
  name: string;
  area: string;
}

function listedInstitution(inst: InstitutionRecord, regions: RegionIndex): ListedInstitution {
  return { code: inst.code, name: inst.name, area: areaLabel(regions, inst.regionCode) };
}

export interface DowngradeEntry extends ListedInstitution {
  year: number;
  from: CreditLevel;
  to: CreditLevel;
  noticeNo: string;
  noticeDate: IsoDate;
  /** The finding and the re-score's deciding reasons, as the red/black list gives them (downgradeDecidingText). */
  reason: string;
  /** The institution no longer practises: its level is not shown any more. */
  closed: boolean;
}

/** Every downgrade decided on or before `asOf`, newest first. */
export function downgradeEntries(institutions: readonly InstitutionRecord[], regions: RegionIndex, asOf: IsoDate): DowngradeEntry[] {
  const out: DowngradeEntry[] = [];
  for (const inst of institutions) {
    for (const e of inst.evaluations) {
      for (const d of e.downgrades) {
        if (d.decidedOn > asOf) continue;
        out.push({
          ...listedInstitution(inst, regions),
          year: e.year,
          from: d.fromLevel,
          to: d.toLevel,
          noticeNo: d.noticeNo,
          noticeDate: d.decidedOn,
          reason: downgradeDecidingText(d),
          closed: inst.status !== '执业',
        });
      }
    }
  }
  return out.sort((a, b) => (a.noticeDate < b.noticeDate ? 1 : a.noticeDate > b.noticeDate ? -1 : a.noticeNo < b.noticeNo ? -1 : 1));
}

export interface DishonestyEntry extends ListedInstitution {
  status: string;
  listedOn: IsoDate;
  decisionNo: string;
  reason: string;
  removedOn: IsoDate | null;
  active: boolean;
  /** How it ended ("…经信用修复移出"), for entries no longer shown; null otherwise or for older records. */
  historyLine: string | null;
}

/** Current listings first (newest first), then removed ones (history stays visible). */
export function dishonestyEntries(institutions: readonly InstitutionRecord[], regions: RegionIndex, asOf: IsoDate): DishonestyEntry[] {
  const out: DishonestyEntry[] = [];
  for (const inst of institutions) {
    for (const d of inst.dishonesty) {
      if (d.listedOn > asOf) continue;
      out.push({
        ...listedInstitution(inst, regions),
        status: inst.status,
        listedOn: d.listedOn,
        decisionNo: d.decisionNo,
        reason: d.reason,
        removedOn: d.removedOn,
        active: dishonestyActive(d, asOf),
        historyLine: d.entry ? dishonestyHistoryLine(d.entry, asOf) : null,
      });
    }
  }
  return out.sort((a, b) => Number(b.active) - Number(a.active) || (a.listedOn < b.listedOn ? 1 : a.listedOn > b.listedOn ? -1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Quarterly points publication (seed 000)

export interface QuarterPublicationLine {
  code: string;
  name: string;
  /** County (several counties) for splitting large publications. */
  countyCode: string | null;
  foundOn: IsoDate;
  target: string;
  behaviour: string;
  points: number;
  source: string;
  department: string | null;
  status: string;
}

export interface QuarterPublication {
  quarter: Quarter;
  slug: string;
  label: string;
  /** 每季度开始的首月10日前: the date by which this quarter must be published. */
  dueDate: IsoDate;
  lines: QuarterPublicationLine[];
  total: number;
  institutionCount: number;
}

export function quarterSlug(q: Quarter): string {
  return `${q.year}-q${q.quarter}`;
}

function quarterEnded(q: Quarter, asOf: IsoDate): boolean {
  const endMonth = q.quarter * 3;
  const nextStart = endMonth === 12 ? `${q.year + 1}-01-01` : `${q.year}-${String(endMonth + 1).padStart(2, '0')}-01`;
  return nextStart <= asOf;
}

/**
 * Publications of every quarter that has ended by `asOf`, newest first. Voided records (appeal
 * upheld) are left out; records under appeal are listed with that status. Staff names masked.
 */
export function quarterPublications(institutions: readonly InstitutionRecord[], regions: RegionIndex, asOf: IsoDate): QuarterPublication[] {
  const byQuarter = new Map<string, QuarterPublication & { totalH: number; codes: Set<string> }>();
  for (const inst of institutions) {
    const county = regionChain(regions, inst.regionCode).find((r) => r.level === 3)?.code ?? null;
    for (const p of inst.points) {
      if (p.status === '已撤销') continue;
      const q = quarterOf(p.foundOn);
      if (!quarterEnded(q, asOf)) continue;
      const slug = quarterSlug(q);
      let pub = byQuarter.get(slug);
      if (!pub) {
        pub = {
          quarter: q,
          slug,
          label: quarterLabel(q.year, q.quarter),
          dueDate: publicationDueDate(q),
          lines: [],
          total: 0,
          totalH: 0,
          institutionCount: 0,
          codes: new Set(),
        };
        byQuarter.set(slug, pub);
      }
      pub.totalH += Math.round(p.points * 100);
      pub.codes.add(inst.code);
      pub.lines.push({
        code: inst.code,
        name: inst.name,
        countyCode: county,
        foundOn: p.foundOn,
        target: p.staffName ? `医务人员 ${maskName(p.staffName)}` : '机构',
        behaviour: p.behaviour,
        points: p.points,
        source: p.source,
        department: p.department,
        status: p.status === '申诉中' ? '申诉处理中' : '有效',
      });
    }
  }
  return [...byQuarter.values()]
    .sort((a, b) => b.quarter.year - a.quarter.year || b.quarter.quarter - a.quarter.quarter)
    .map(({ totalH, codes, ...pub }) => ({
      ...pub,
      total: totalH / 100,
      institutionCount: codes.size,
      lines: pub.lines.sort((a, b) => (a.foundOn < b.foundOn ? -1 : a.foundOn > b.foundOn ? 1 : zh.compare(a.name, b.name))),
    }));
}
