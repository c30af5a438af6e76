/**
 * Pure builders for fictional demo rows: regions, institutions, staff, commitments, evaluations,
 * penalties, points, self-inspections, ratings, complaints. No I/O: the loader (src/demo/load.ts)
 * streams these rows into PostgreSQL, and tests build fixtures with the same functions.
 *
 * Determinism: every institution draws from its own streams, `Rng.of(seed, STREAM, index)`, so
 * institution #k is the same whatever the chunk size and can be rebuilt alone. The only state
 * carried across institutions is in `BundleContext` (next ids, the per-county numbering of
 * decision documents, public codes already given), advanced in index order by `demoStream`.
 * Real-name complaints need server secrets, which are injected (`ComplaintSecrets`).
 *
 * Credit levels are never decided here: inputs are generated, then `evaluateCreditLevel`
 * (src/domain/credit-level.ts) and `applyExcellentCut` (src/domain/excellent-cut.ts) decide.
 *
 * Rows use the database column names, so `sql\`INSERT INTO t ${sql(rows)}\`` takes them as they
 * are. Dates are 'YYYY-MM-DD'; timestamps carry +08.
 */
import { createHash } from 'node:crypto';
import { CLEAN_FINDINGS, evaluateCreditLevel, type CreditEvaluationInput, type CreditLevel } from '../domain/credit-level';
import { applyExcellentCut } from '../domain/excellent-cut';
import { deadlineRuleFor } from '../domain/complaint-categories';
import { complaintDueDates } from '../domain/complaint-workflow';
import { newQueryCode, newTrackingNumber } from '../domain/tracking-number';
import { completeUscc } from '../domain/identifiers';
import { institutionCodeCandidate } from '../domain/institution-code';
import { SEED_DEPARTMENTS } from '../domain/points';
import { addCalendarDays, addWorkingDays, calendarDayDeadline, fromDayNumber, toDayNumber, type IsoDate } from '../domain/working-days';
import type { Dataset } from '../db/site-settings';
import type { CountySettingsInput } from '../schemas/admin-counties';
import {
  BEHAVIOURS,
  CLINIC_SPECIALTIES,
  COMMUNITY_NAMES,
  COMPLAINT_TOPICS,
  COUNTY_FIRST,
  COUNTY_SECOND,
  INFIRMARY_HOSTS,
  PREFECTURE_NAMES,
  PRIVATE_HOSPITAL_KINDS,
  RATING_COMMENTS,
  REAL_PLACE_NAMES,
  REVOCATION,
  ROADS,
  SELF_INSPECTION_FINDINGS,
  SHOP_NAMES,
  STREET_NAMES,
  TCM_SPECIALTIES,
  TOWN_NAMES,
  UNLISTED_PLACES,
  UNLISTED_TOPIC,
  VILLAGE_NAME_COUNT,
  VIOLATIONS,
  commitmentBody,
  personName,
  villageName,
  type ViolationText,
} from './names';
import { Rng, hashString, permute } from './random';
import type {
  CommitmentRow,
  ComplaintEventRow,
  ComplaintOutcome,
  ComplaintRow,
  EvaluationRow,
  IdCounters,
  InstitutionRow,
  InstitutionStatus,
  PenaltyRow,
  PointAppealRow,
  PointRecordRow,
  Profession,
  RatingRow,
  RegionRow,
  SelfInspectionRow,
  SeriousDishonestyRow,
  StaffRow,
} from '../db/demo-rows';
import { INSTITUTION_TYPES, type InstitutionType } from '../schemas/import-institutions';

// The rows are declared with the tables they fill (src/db/demo-rows.ts); re-exported for callers.
export type * from '../db/demo-rows';

// ---------------------------------------------------------------------------------------------
// Time frame. Fixed, not the clock: the same seed gives the same rows on any day.

/** The current evaluation year of the demo. */
export const DEMO_YEAR = 2026;
/** Years with evaluations: the current one and the two before. */
export const DEMO_YEARS = [2024, 2025, 2026] as const;
/** "Today" inside the demo: after the autumn evaluation (seed 001: 9月16日–10月31日). */
export const DEMO_AS_OF: IsoDate = '2026-11-20';

/** Up to this many institutions the demo is one county; above it, a province-like set. */
export const SINGLE_COUNTY_MAX = 20_000;
/** Institutions per county in the province-like set. */
export const INSTITUTIONS_PER_COUNTY = 4_000;

// Stream keys for `Rng.of(seed, STREAM, index)`: one per aspect of an institution.
const S = {
  regions: 1,
  plan: 2,
  institution: 3,
  staff: 4,
  commitment: 5,
  penalty: 6,
  evaluation: 7,
  point: 8,
  selfInspection: 9,
  rating: 10,
  complaint: 11,
  extra: 14,
} as const;

// ---------------------------------------------------------------------------------------------
// Regions

export type TownshipKind = '街道' | '镇' | '乡';

export interface Township {
  code: string;
  /** Full name, e.g. 城关镇, 城东街道. */
  name: string;
  kind: TownshipKind;
  /** Part of the county seat (街道 and 城关镇): hospitals and most clinics are there. */
  seat: boolean;
  /** 监督执法大队 squad (中队) in charge, 1-based. */
  squad: number;
}

export interface County {
  index: number;
  code: string;
  /** e.g. 青禾县 */
  name: string;
  /** Two characters, unique in the demo, e.g. 青禾: used in names and document numbers. */
  short: string;
  prefectureCode: string;
  townships: Township[];
  /** Number of institutions in this county and the global index of its first one. */
  size: number;
  offset: number;
  /** Complaint phone of the county's supervision brigade (fictional area code 0399). */
  complaintPhone: string;
}

export interface DemoRegions {
  rows: RegionRow[];
  counties: County[];
  dataset: Dataset;
}

const CN_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/** "第二中队" etc. */
export function supervisingUnit(county: County, township: Township): string {
  return `${county.name}卫生健康综合监督执法大队 第${CN_NUMERALS[township.squad] ?? township.squad}中队`;
}

/**
 * Fictional regions for `institutions` institutions. Prefecture codes 4191–4199 are not assigned
 * in GB/T 2260, so no demo code is a real place; the province part (41) keeps them valid in shape.
 * No province row is written: the prefectures are the roots. One county (青禾县) up to
 * SINGLE_COUNTY_MAX institutions; above that, one county per INSTITUTIONS_PER_COUNTY institutions
 * under up to nine prefectures.
 */
export function makeRegions(seed: number, institutions: number, countiesWanted?: number): DemoRegions {
  const rng = Rng.of(seed, S.regions);
  // Beyond the available names (about a million institutions) counties simply grow larger.
  const maxCounties = COUNTY_FIRST.length * COUNTY_SECOND.length - REAL_PLACE_NAMES.size;
  // `counties` (npm run demo:data -- --counties N, DEMO_COUNTIES): a small province of exactly N
  // counties under one fictional prefecture; unset, the size decides as before.
  const automatic = institutions <= SINGLE_COUNTY_MAX ? 1 : Math.ceil(institutions / INSTITUTIONS_PER_COUNTY);
  const countyCount = Math.min(maxCounties, Math.max(1, countiesWanted ?? automatic));
  const prefectureCount = Math.min(9, Math.ceil(countyCount / 12));
  const perPrefecture = Math.ceil(countyCount / prefectureCount);

  // County names: 青禾 first, then a seeded order of the other combinations (unique by construction).
  const combos: string[] = [];
  for (const a of COUNTY_FIRST) for (const b of COUNTY_SECOND) if (a + b !== '青禾' && !REAL_PLACE_NAMES.has(a + b)) combos.push(a + b);
  rng.shuffle(combos);
  const shorts = ['青禾', ...combos];

  const rows: RegionRow[] = [];
  const counties: County[] = [];
  let offset = 0;
  for (let p = 0; p < prefectureCount; p += 1) {
    const prefectureCode = `41${99 - p}00`;
    rows.push({ code: prefectureCode, name: `${PREFECTURE_NAMES[p] ?? `第${p + 1}`}市`, level: 2, parent_code: null });
    for (let j = 0; j < perPrefecture && counties.length < countyCount; j += 1) {
      const index = counties.length;
      const short = shorts[index] as string;
      const code = `41${99 - p}${21 + j}`;
      const size = Math.floor(institutions / countyCount) + (index < institutions % countyCount ? 1 : 0);
      const county: County = {
        index,
        code,
        name: `${short}县`,
        short,
        prefectureCode,
        townships: makeTownships(Rng.of(seed, S.regions, index + 1), code, countyCount === 1),
        size,
        offset,
        complaintPhone: `0399-6${String(index).padStart(3, '0')}${String(1234 + p).padStart(4, '0')}`,
      };
      offset += size;
      counties.push(county);
      rows.push({ code, name: county.name, level: 3, parent_code: prefectureCode });
      for (const t of county.townships) rows.push({ code: t.code, name: t.name, level: 4, parent_code: code });
    }
  }

  const first = counties[0] as County;
  const dataset: Dataset =
    countyCount === 1
      ? { demo: true, label: '演示数据', authority: `${first.name}卫生健康委员会`, county: first.name }
      : {
          demo: true,
          label: '演示数据',
          authority: `${PREFECTURE_NAMES[0]}市卫生健康委员会`,
          county: prefectureCount === 1 ? `${PREFECTURE_NAMES[0]}市` : `${PREFECTURE_NAMES[0]}市等${prefectureCount}个市`,
        };
  return { rows, counties, dataset };
}

/**
 * A county's own settings in a demo of several counties (migration 0018, written through
 * saveCountySettings like the admin screen): its commission, the brigade as supervising unit, the
 * complaint phone, a fictional address and its document-number prefix (青禾卫健 …).
 */
export function demoCountySettings(county: County): CountySettingsInput {
  return {
    commissionName: `${county.name}卫生健康委员会`,
    supervisingUnit: `${county.name}卫生健康综合监督执法大队`,
    complaintPhone: county.complaintPhone,
    contactPhone: county.complaintPhone.replace(/-6/, '-5'),
    contactAddress: `${county.name}人民路${String(county.index + 1)}号（虚构）`,
    documentAbbr: `${county.short}卫健`,
  };
}

/**
 * Townships of one county (GB/T 2260 practice: 街道 001–099, 镇 100–199, 乡 200–399).
 * The small demo always has 12: three 街道, 城关镇, six 镇 and two 乡.
 */
function makeTownships(rng: Rng, countyCode: string, fixed: boolean): Township[] {
  const streets = fixed ? 3 : rng.int(2, 4);
  const towns = fixed ? 6 : rng.int(5, 9);
  const xiang = fixed ? 2 : rng.int(1, 3);
  const streetNames = rng.shuffle([...STREET_NAMES]);
  const townNames = rng.shuffle([...TOWN_NAMES]);
  const list: Township[] = [];
  for (let i = 0; i < streets; i += 1) {
    list.push({ code: `${countyCode}${String(i + 1).padStart(3, '0')}`, name: `${streetNames[i]}街道`, kind: '街道', seat: true, squad: 1 });
  }
  list.push({ code: `${countyCode}100`, name: '城关镇', kind: '镇', seat: true, squad: 1 });
  const rural = towns + xiang;
  for (let i = 0; i < rural; i += 1) {
    const isTown = i < towns;
    list.push({
      code: `${countyCode}${isTown ? 101 + i : 200 + (i - towns) + 1}`,
      name: `${townNames[i]}${isTown ? '镇' : '乡'}`,
      kind: isTown ? '镇' : '乡',
      seat: false,
      // Rural townships are shared by squads 2–4 in order, a few each.
      squad: 2 + Math.floor((i * 3) / rural),
    });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Institution plan: which type sits in which township, decided per county by quotas so that
// proportions hold even for small counties, and so that names can be numbered without clashes.

// The types as the database check lists them (one list, in src/schemas/import-institutions.ts).
export { INSTITUTION_TYPES, type InstitutionType };

/** What kind of institution within its type (the county's own hospitals vs private ones). */
export type Variant = 'county' | 'private' | 'standard';

export interface InstitutionSlot {
  seed: number;
  /** Global 0-based index: the loader gives ids in this order. */
  index: number;
  county: County;
  township: Township;
  type: InstitutionType;
  variant: Variant;
  /** 1-based position in the county (登记号 sequence). */
  countySeq: number;
  /** 0-based among the same type and variant in the county. */
  typeOrdinal: number;
  /** 0-based among the same type in the township (villages, communities). */
  townshipOrdinal: number;
  /** Set for the two institutions per county whose licence is revoked and that are blacklisted. */
  forcedRevoked: boolean;
}

/** Shares of the institutions that are not one-per-county or one-per-township. */
const SHARES: readonly (readonly [InstitutionType, Variant, number])[] = [
  ['村卫生室', 'standard', 0.46],
  ['中医诊所', 'standard', 0.07],
  ['门诊部', 'standard', 0.07],
  ['社区卫生服务站', 'standard', 0.05],
  ['医务室', 'standard', 0.045],
  ['医院', 'private', 0.015],
];

/**
 * Slots of one county in index order. The county's own institutions come first (so id 1 is
 * 青禾县人民医院), then the others in a seeded order.
 */
export function planCounty(seed: number, county: County): InstitutionSlot[] {
  const rng = Rng.of(seed, S.plan, county.index);
  const m = county.size;
  const seat = county.townships.filter((t) => t.seat);
  const streets = county.townships.filter((t) => t.kind === '街道');
  const rural = county.townships.filter((t) => !t.seat);
  const healthCentreTownships = county.townships.filter((t) => t.kind !== '街道');

  // One per county, one 卫生院 per 镇/乡, one 社区卫生服务中心 per 街道 — in this priority.
  const fixed: [InstitutionType, Variant, Township][] = [
    ['医院', 'county', seat[0] as Township],
    ['中医医院', 'county', (seat[1] ?? seat[0]) as Township],
    ['妇幼保健院', 'county', (seat[2] ?? seat[0]) as Township],
    ...healthCentreTownships.map((t): [InstitutionType, Variant, Township] => ['卫生院', 'county', t]),
    ...streets.map((t): [InstitutionType, Variant, Township] => ['社区卫生服务中心', 'county', t]),
    ['急救中心', 'county', seat[0] as Township],
    ['专科疾病防治机构', 'county', (seat[1] ?? seat[0]) as Township],
  ];
  const head = fixed.slice(0, m);
  const rest = m - head.length;

  const others: [InstitutionType, Variant][] = [];
  let assigned = 0;
  for (const [type, variant, share] of SHARES) {
    const n = Math.min(rest - assigned, Math.round(m * share));
    for (let i = 0; i < n; i += 1) others.push([type, variant]);
    assigned += n;
  }
  // The remainder are 诊所 (about 28 %; with 中医诊所 about a third).
  while (others.length < rest) others.push(['诊所', 'standard']);
  rng.shuffle(others);

  const pickTownship = (type: InstitutionType): Township => {
    switch (type) {
      case '村卫生室':
        return rng.pick(rural.length > 0 ? rural : county.townships);
      case '社区卫生服务站':
        return rng.pick(streets.length > 0 ? streets : seat);
      case '医院':
        return rng.pick(seat);
      case '医务室':
        return rng.pick(county.townships);
      default:
        // Clinics and 门诊部 cluster in the county seat.
        return rng.chance(0.6) || rural.length === 0 ? rng.pick(seat) : rng.pick(rural);
    }
  };

  const typeCount = new Map<string, number>();
  const townshipCount = new Map<string, number>();
  const slots: InstitutionSlot[] = [];
  const add = (type: InstitutionType, variant: Variant, township: Township): void => {
    const tk = `${type}|${variant}`;
    const wk = `${type}|${township.code}`;
    const typeOrdinal = typeCount.get(tk) ?? 0;
    const townshipOrdinal = townshipCount.get(wk) ?? 0;
    typeCount.set(tk, typeOrdinal + 1);
    townshipCount.set(wk, townshipOrdinal + 1);
    slots.push({
      seed,
      index: county.offset + slots.length,
      county,
      township,
      type,
      variant,
      countySeq: slots.length + 1,
      typeOrdinal,
      townshipOrdinal,
      forcedRevoked: false,
    });
  };
  for (const [type, variant, township] of head) add(type, variant, township);
  for (const [type, variant] of others) add(type, variant, pickTownship(type));

  // Two private clinics per county lose their licence and land on the 严重失信名单.
  const clinics = slots.filter((s) => s.type === '诊所' || s.type === '门诊部');
  for (const k of rng.sample(clinics.length, 2)) (clinics[k] as InstitutionSlot).forcedRevoked = true;
  return slots;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/**
 * The public code (/i/{code}/), derived from the 登记号 exactly as the importer does
 * (src/domain/institution-code.ts); a collision with a code already taken moves to the next
 * attempt. `taken` is the set of codes given so far (the loader passes one for the whole run).
 */
export function institutionCode(registrationNo: string, taken?: Set<string>): string {
  for (let attempt = 0; ; attempt += 1) {
    const code = institutionCodeCandidate(registrationNo, attempt);
    if (!taken?.has(code)) {
      taken?.add(code);
      return code;
    }
  }
}

/** GB 11714 organisation code: 8 characters + check character (weights 3,7,9,10,5,8,4,2; mod 11). */
export function organizationCode(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += parseInt(body8.charAt(i), 36) * (weights[i] ?? 0);
  const c = 11 - (sum % 11);
  return body8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/**
 * A valid 统一社会信用代码: registration authority + kind (12 事业单位, 52 民办非企业单位,
 * 91 企业, 92 个体工商户), the county code, a GB 11714 organisation code derived from a seeded
 * bijection of the index (so unique), and the GB 32100 check character.
 */
export function makeUscc(seed: number, index: number, kind: '12' | '52' | '91' | '92', countyCode: string): string {
  const org = String(permute(index, 26, seed ^ 0x0c0de)).padStart(8, '0');
  return completeUscc(`${kind}${countyCode}${organizationCode(org)}`);
}

const CATEGORY_CODES: Record<InstitutionType, string> = {
  医院: 'A1',
  中医医院: 'A2',
  妇幼保健院: 'G1',
  卫生院: 'C1',
  社区卫生服务中心: 'B1',
  社区卫生服务站: 'B2',
  门诊部: 'D1',
  诊所: 'D2',
  中医诊所: 'D4',
  村卫生室: 'D6',
  医务室: 'D3',
  专科疾病防治机构: 'F1',
  急救中心: 'E1',
  其他: 'Z9',
};

/** 登记号: PDY + county code + category code + 5-digit sequence, e.g. PDY419921D200123. */
export function registrationNo(slot: Pick<InstitutionSlot, 'county' | 'type' | 'countySeq'>): string {
  return `PDY${slot.county.code}${CATEGORY_CODES[slot.type]}${String(slot.countySeq).padStart(5, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Dates

// Day numbers of the dates seen so far: generation asks for the same few thousand dates a
// million times, and parsing them dominated the profile.
const dayNumbers = new Map<IsoDate, number>();
function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = toDayNumber(date);
    if (dayNumbers.size < 200_000) dayNumbers.set(date, n);
  }
  return n;
}

/** A uniformly random date in [from, to]; `from` after `to` gives `to`. */
export function randomDate(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return fromDayNumber(a > b ? b : rng.int(a, b));
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** A timestamp during office hours of `date`, China time. */
function officeTime(rng: Rng, date: IsoDate): string {
  return `${date} ${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}+08`;
}

function anyTime(rng: Rng, date: IsoDate): string {
  return `${date} ${String(rng.int(7, 22)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}+08`;
}

// ---------------------------------------------------------------------------------------------
// Institutions

/** An institution row plus the facts that drive the rest of its history. */
export interface InstitutionProfile {
  slot: InstitutionSlot;
  row: InstitutionRow;
  /** Opening date (first licence). */
  established: IsoDate;
  /** Date the institution stopped practising (歇业/注销/吊销), else null. */
  closedOn: IsoDate | null;
  /** Latent compliance, about 0.45–1: drives scores, penalties and ratings. */
  quality: number;
  /** Clinic specialty label (口腔, 中医…), used for staff categories. */
  specialty: string;
}

const DEPARTMENTS: Partial<Record<InstitutionType, readonly string[]>> = {
  中医医院: ['中医科', '中西医结合科', '内科', '外科', '妇产科', '儿科', '针灸科', '推拿科', '康复医学科', '急诊医学科', '麻醉科', '医学检验科', '医学影像科'],
  妇幼保健院: ['妇女保健科', '儿童保健科', '妇产科', '儿科', '计划生育专业', '医学检验科', '医学影像科'],
  卫生院: ['预防保健科', '全科医疗科', '内科', '外科', '妇产科', '儿科', '中医科', '医学检验科', '医学影像科'],
  社区卫生服务中心: ['预防保健科', '全科医疗科', '中医科', '康复医学科', '医学检验科', '医学影像科', '口腔科'],
  社区卫生服务站: ['预防保健科', '全科医疗科'],
  村卫生室: ['预防保健科', '全科医疗科'],
  急救中心: ['急诊医学科'],
  专科疾病防治机构: ['结核病科', '内科', '医学检验科', '医学影像科'],
  医务室: ['全科医疗科'],
};
const COUNTY_HOSPITAL_DEPARTMENTS = [
  '预防保健科',
  '内科',
  '外科',
  '妇产科',
  '儿科',
  '眼科',
  '耳鼻咽喉科',
  '口腔科',
  '皮肤科',
  '精神科',
  '传染科',
  '肿瘤科',
  '急诊医学科',
  '康复医学科',
  '重症医学科',
  '麻醉科',
  '医学检验科',
  '病理科',
  '医学影像科',
  '中医科',
];
const OUTPATIENT_DEPARTMENTS = ['内科', '外科', '妇产科', '儿科', '口腔科', '中医科', '医学检验科', '医学影像科', '康复医学科', '皮肤科'];
const PRIVATE_HOSPITAL_DEPARTMENTS: Record<string, readonly string[]> = {
  骨科医院: ['外科', '骨科专业', '麻醉科', '医学检验科', '医学影像科', '康复医学科'],
  眼科医院: ['眼科', '麻醉科', '医学检验科', '医学影像科'],
  妇产医院: ['妇产科', '妇科专业', '产科专业', '麻醉科', '医学检验科', '医学影像科'],
  口腔医院: ['口腔科', '医学影像科'],
  中西医结合医院: ['中西医结合科', '内科', '外科', '中医科', '医学检验科', '医学影像科'],
  康复医院: ['康复医学科', '内科', '中医科', '医学检验科', '医学影像科'],
};
const TOWN_STREETS = ['建设街', '中心街', '政府街', '新街', '老街', '东街', '西街', '南街', '北街', '文化街'];

function pickSome<T>(rng: Rng, items: readonly T[], min: number, max: number): T[] {
  const n = Math.min(items.length, rng.int(min, max));
  return rng.sample(items.length, n).map((i) => items[i] as T);
}

function address(rng: Rng, slot: InstitutionSlot, village: string | null): string {
  const base = `${slot.county.name}${slot.township.name}`;
  if (village) return rng.chance(0.5) ? `${base}${village}村村委会旁` : `${base}${village}村${rng.int(1, 9)}组${rng.int(1, 60)}号`;
  if (slot.township.seat) return `${base}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
  return `${base}${rng.pick(TOWN_STREETS)}${rng.int(1, 120)}号`;
}

/** A bijection of [0, n) for n = 600 etc.: (k·P + offset) mod n with P prime to n. */
function spread(k: number, n: number, key: number): number {
  const primes = [7919, 7927, 7933, 7937];
  const p = primes.find((q) => n % q !== 0 && gcd(q, n) === 1) ?? 1;
  return (k * p + (key % n)) % n;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The county's own institutions of one kind each: the name after the county's, the grade where graded. */
const COUNTY_RUN: Record<'中医医院' | '妇幼保健院' | '急救中心' | '专科疾病防治机构', { suffix: string; grade: string | null }> = {
  中医医院: { suffix: '中医院', grade: '二级甲等' },
  妇幼保健院: { suffix: '妇幼保健院', grade: '二级乙等' },
  急救中心: { suffix: '急救中心', grade: null },
  专科疾病防治机构: { suffix: '结核病防治所', grade: null },
};

/**
 * The institution itself: name, address, identifiers, people, licence, status, risk grade.
 * `rng` should be `Rng.of(slot.seed, 3, slot.index)` for the demo; tests may pass any stream.
 */
export function makeInstitution(rng: Rng, slot: InstitutionSlot, takenCodes?: Set<string>): InstitutionProfile {
  const { county, township, type, variant } = slot;
  const head = personName(rng);
  const key = hashString(township.code);
  const countyKey = hashString(county.code);
  let name: string;
  let departments: string[];
  let specialty = '';
  let village: string | null = null;
  let hospitalGrade: string | null = null;
  let ownership: string;
  let usccKind: '12' | '52' | '91' | '92' | null;

  switch (type) {
    case '医院':
      if (variant === 'county') {
        name = `${county.name}人民医院`;
        departments = [...COUNTY_HOSPITAL_DEPARTMENTS];
        hospitalGrade = '二级甲等';
        ownership = '全民（非营利性）';
        usccKind = '12';
      } else {
        const k = spread(slot.typeOrdinal, SHOP_NAMES.length * PRIVATE_HOSPITAL_KINDS.length, countyKey);
        const kind = PRIVATE_HOSPITAL_KINDS[k % PRIVATE_HOSPITAL_KINDS.length] as string;
        name = `${county.short}${SHOP_NAMES[Math.floor(k / PRIVATE_HOSPITAL_KINDS.length)] as string}${kind}`;
        departments = [...(PRIVATE_HOSPITAL_DEPARTMENTS[kind] ?? pickSome(rng, OUTPATIENT_DEPARTMENTS, 4, 8))];
        hospitalGrade = rng.weighted([
          ['一级甲等', 2],
          ['一级', 3],
          ['未定级', 5],
        ] as const);
        const nonProfit = rng.chance(0.3);
        ownership = nonProfit ? '私人（非营利性）' : '股份制（营利性）';
        usccKind = nonProfit ? '52' : '91';
      }
      break;
    case '中医医院':
    case '妇幼保健院':
    case '急救中心':
    case '专科疾病防治机构': {
      const own = COUNTY_RUN[type];
      name = `${county.name}${own.suffix}`;
      departments = [...(DEPARTMENTS[type] ?? [])];
      hospitalGrade = own.grade;
      ownership = '全民（非营利性）';
      usccKind = '12';
      break;
    }
    case '卫生院': {
      const central = township.name === '城关镇' || slot.typeOrdinal % 4 === 1;
      name = `${county.name}${township.name}${central ? '中心' : ''}卫生院`;
      departments = [...(DEPARTMENTS[type] ?? []), ...(central ? ['口腔科', '康复医学科'] : [])];
      ownership = '全民（非营利性）';
      usccKind = '12';
      break;
    }
    case '社区卫生服务中心':
      name = `${county.name}${township.name}社区卫生服务中心`;
      departments = [...(DEPARTMENTS[type] ?? [])];
      ownership = '全民（非营利性）';
      usccKind = '12';
      break;
    case '社区卫生服务站': {
      const k = slot.townshipOrdinal;
      const community = COMMUNITY_NAMES[k % COMMUNITY_NAMES.length] as string;
      const round = Math.floor(k / COMMUNITY_NAMES.length);
      name = `${county.name}${township.name.replace(/街道$/, '')}${community}社区${round > 0 ? `第${round + 1}` : ''}卫生服务站`;
      departments = [...(DEPARTMENTS[type] ?? []), ...(rng.chance(0.4) ? ['中医科'] : [])];
      ownership = '全民（非营利性）';
      // Many stations are run by their centre and have no code of their own.
      usccKind = rng.chance(0.5) ? '12' : null;
      break;
    }
    case '村卫生室': {
      const k = slot.townshipOrdinal;
      village = villageName(spread(k % VILLAGE_NAME_COUNT, VILLAGE_NAME_COUNT, key));
      const round = Math.floor(k / VILLAGE_NAME_COUNT);
      name = `${county.name}${township.name}${village}村卫生室${round > 0 ? `（${round + 1}）` : ''}`;
      departments = [...(DEPARTMENTS[type] ?? []), ...(rng.chance(0.35) ? ['中医科'] : [])];
      const collective = rng.chance(0.6);
      ownership = collective ? '集体（非营利性）' : '私人（非营利性）';
      usccKind = rng.chance(0.75) ? '52' : null;
      break;
    }
    case '诊所': {
      const combos = SHOP_NAMES.length * CLINIC_SPECIALTIES.length;
      // Shop-named clinics use each 字号 × specialty once per county; the rest carry the doctor's name.
      const shopNamed = rng.chance(0.55) && slot.typeOrdinal < combos;
      const k = spread(slot.typeOrdinal % combos, combos, countyKey);
      const spec = shopNamed ? (CLINIC_SPECIALTIES[k % CLINIC_SPECIALTIES.length] as (typeof CLINIC_SPECIALTIES)[number]) : rng.pick(CLINIC_SPECIALTIES);
      const label = spec.label === '普通' ? '' : spec.label;
      specialty = spec.label;
      departments = [...spec.departments];
      name = shopNamed ? `${county.short}${SHOP_NAMES[Math.floor(k / CLINIC_SPECIALTIES.length)] as string}${label}诊所` : `${county.name}${head}${label}诊所`;
      const nonProfit = rng.chance(0.12);
      ownership = nonProfit ? '私人（非营利性）' : '私人（营利性）';
      usccKind = nonProfit ? '52' : '92';
      break;
    }
    case '中医诊所': {
      const label = rng.pick(TCM_SPECIALTIES);
      specialty = '中医';
      const combos = SHOP_NAMES.length;
      if (rng.chance(0.5) && slot.typeOrdinal < combos) {
        name = `${county.short}${SHOP_NAMES[spread(slot.typeOrdinal, combos, countyKey)] as string}${label === '中医' ? '中医' : label}诊所`;
      } else {
        name = `${county.name}${head}${label}诊所`;
      }
      departments = label === '针灸推拿' ? ['中医科', '针灸科', '推拿科'] : label === '中医骨伤' ? ['中医科', '骨伤科'] : ['中医科'];
      ownership = '私人（营利性）';
      usccKind = '92';
      break;
    }
    case '门诊部': {
      const kinds = ['', '中医', '口腔', '综合', '中西医结合'] as const;
      const combos = SHOP_NAMES.length * kinds.length;
      const k = spread(slot.typeOrdinal % combos, combos, countyKey);
      const kind = kinds[k % kinds.length] as string;
      const round = Math.floor(slot.typeOrdinal / combos);
      name = `${county.short}${SHOP_NAMES[Math.floor(k / kinds.length)] as string}${kind}门诊部${round > 0 ? `（${township.name}）` : ''}`;
      specialty = kind === '口腔' ? '口腔' : kind === '中医' ? '中医' : '';
      departments = kind === '口腔' ? ['口腔科', '医学影像科'] : kind === '中医' ? ['中医科', '针灸科', '推拿科'] : pickSome(rng, OUTPATIENT_DEPARTMENTS, 3, 6);
      ownership = rng.chance(0.5) ? '股份制（营利性）' : '私人（营利性）';
      usccKind = '91';
      break;
    }
    case '医务室': {
      const hostIndex = slot.typeOrdinal % INFIRMARY_HOSTS.length;
      const round = Math.floor(slot.typeOrdinal / INFIRMARY_HOSTS.length);
      name = `${county.name}${round > 0 ? township.name : ''}${INFIRMARY_HOSTS[hostIndex] as string}医务室${round > 1 ? `（${round}）` : ''}`;
      departments = [...(DEPARTMENTS[type] ?? [])];
      ownership = '其他（非营利性）';
      usccKind = null;
      break;
    }
    default:
      name = `${county.name}${township.name}医疗点`;
      departments = ['全科医疗科'];
      ownership = '其他（非营利性）';
      usccKind = null;
  }

  const isPublicBig = slot.variant === 'county';
  // Public institutions are old; about one private institution in seven opened in 2024–2026.
  const established = isPublicBig
    ? randomDate(rng, '1952-01-01', '2008-12-31')
    : slot.forcedRevoked
      ? randomDate(rng, '2005-01-01', '2022-12-31')
      : rng.chance(0.14)
        ? randomDate(rng, '2024-01-01', '2026-10-31')
        : randomDate(rng, '1998-01-01', '2023-12-31');
  // Licences run 5 years (15 for the county hospitals); the current one is the last renewal.
  const years = type === '医院' && variant === 'county' ? 15 : 5;
  const estYear = Number(established.slice(0, 4));
  const asOfYear = Number(DEMO_AS_OF.slice(0, 4));
  let fromYear = estYear + Math.floor((asOfYear - estYear) / years) * years;
  let validFrom = `${fromYear}${established.slice(4)}`.replace(/-02-29$/, '-02-28');
  if (validFrom > DEMO_AS_OF) {
    fromYear -= years;
    validFrom = `${fromYear}${established.slice(4)}`.replace(/-02-29$/, '-02-28');
  }
  const validTo = addCalendarDays(`${fromYear + years}${validFrom.slice(4)}`.replace(/-02-29$/, '-02-28'), -1);

  let status: InstitutionStatus = '执业';
  let closedOn: IsoDate | null = null;
  const small = !isPublicBig && type !== '医院' && type !== '卫生院' && type !== '社区卫生服务中心';
  if (slot.forcedRevoked) status = '吊销';
  else if (small && established < '2025-01-01') {
    status = rng.weighted([
      ['执业', 955],
      ['歇业', 22],
      ['注销', 18],
      ['吊销', 5],
    ] as const);
  }
  if (status !== '执业') closedOn = randomDate(rng, maxDate('2025-03-01', addCalendarDays(established, 200)), '2026-10-31');

  // Quality: most institutions comply fairly well; a few are poor.
  const poor = rng.chance(status === '吊销' ? 0.8 : 0.04);
  const quality = poor ? rng.normal(0.56, 0.06, 0.4, 0.7) : rng.normal(0.86, 0.055, 0.62, 1);

  const riskWeights: Record<string, readonly (readonly ['高' | '中' | '低', number])[]> = {
    big: [
      ['高', 8],
      ['中', 2],
      ['低', 0],
    ],
    mid: [
      ['高', 3],
      ['中', 6],
      ['低', 1],
    ],
    clinic: [
      ['高', 2],
      ['中', 5],
      ['低', 3],
    ],
    small: [
      ['高', 0.5],
      ['中', 3],
      ['低', 6.5],
    ],
  };
  const riskClass =
    type === '医院' || type === '中医医院' || type === '妇幼保健院' || type === '急救中心'
      ? 'big'
      : type === '卫生院' || type === '社区卫生服务中心' || type === '门诊部' || type === '专科疾病防治机构'
        ? 'mid'
        : type === '诊所' || type === '中医诊所'
          ? 'clinic'
          : 'small';
  let risk = rng.weighted(riskWeights[riskClass] ?? []);
  if (specialty === '口腔' || poor) risk = risk === '低' ? '中' : '高';

  const principal = head;
  const legal = isPublicBig || type === '社区卫生服务站' ? (rng.chance(0.85) ? head : personName(rng)) : head;

  const row: InstitutionRow = {
    code: institutionCode(registrationNo(slot), takenCodes),
    registration_no: registrationNo(slot),
    uscc: usccKind ? makeUscc(slot.seed, slot.index, usccKind, county.code) : null,
    name,
    type,
    hospital_grade: hospitalGrade,
    ownership,
    address: address(rng, slot, village),
    region_code: township.code,
    legal_representative: legal,
    principal,
    departments,
    license_valid_from: validFrom,
    license_valid_to: validTo,
    status,
    risk_grade: risk,
    supervising_unit: supervisingUnit(county, township),
    complaint_phone: county.complaintPhone,
    poster_version: 1,
  };
  return { slot, row, established, closedOn, quality, specialty };
}

/** Whether the institution was practising on `date`. */
export function practisingOn(p: Pick<InstitutionProfile, 'established' | 'closedOn'>, date: IsoDate): boolean {
  return p.established <= date && (p.closedOn === null || p.closedOn > date);
}

// ---------------------------------------------------------------------------------------------
// Staff

const STAFF_RANGE: Record<InstitutionType, readonly [number, number]> = {
  医院: [30, 80],
  中医医院: [60, 80],
  妇幼保健院: [35, 50],
  卫生院: [15, 60],
  社区卫生服务中心: [20, 50],
  社区卫生服务站: [3, 8],
  门诊部: [10, 30],
  诊所: [1, 5],
  中医诊所: [1, 3],
  村卫生室: [1, 3],
  医务室: [1, 2],
  专科疾病防治机构: [10, 20],
  急救中心: [15, 25],
  其他: [1, 3],
};
/** The county people's hospital is capped: a realistic 800 staff would dominate the demo. */
const COUNTY_HOSPITAL_STAFF = 120;

const CLINICAL_SCOPES = [
  '内科专业',
  '外科专业',
  '妇产科专业',
  '儿科专业',
  '全科医学专业',
  '急救医学专业',
  '医学影像和放射治疗专业',
  '医学检验、病理专业',
  '眼耳鼻咽喉科专业',
  '皮肤病与性病专业',
  '精神卫生专业',
];
const PROF_DIGIT: Record<Profession, string> = { 医师: '1', 助理医师: '2', 乡村医生: '3', 护士: '4', 药师: '5', 技师: '6', 其他: '7' };

function staffSize(rng: Rng, p: InstitutionProfile): number {
  if (p.slot.type === '医院' && p.slot.variant === 'county') return COUNTY_HOSPITAL_STAFF;
  const [lo, hi] = STAFF_RANGE[p.slot.type];
  return rng.int(lo, hi);
}

function doctorCategory(rng: Rng, p: InstitutionProfile): [string, string] {
  if (p.specialty === '口腔') return ['口腔', '口腔专业'];
  if (p.specialty === '中医' || p.slot.type === '中医诊所') return ['中医', rng.chance(0.7) ? '中医专业' : '中西医结合专业'];
  if (p.slot.type === '中医医院' && rng.chance(0.6)) return ['中医', rng.chance(0.7) ? '中医专业' : '中西医结合专业'];
  const r = rng.next();
  if (r < 0.06) return ['口腔', '口腔专业'];
  if (r < 0.14) return ['中医', '中医专业'];
  if (r < 0.17 && (p.slot.type === '卫生院' || p.slot.type === '社区卫生服务中心')) return ['公共卫生', '公共卫生类别专业'];
  return ['临床', rng.pick(CLINICAL_SCOPES)];
}

function titleFor(rng: Rng, profession: Profession): string | null {
  switch (profession) {
    case '医师':
      return rng.weighted([
        ['主任医师', 4],
        ['副主任医师', 12],
        ['主治医师', 40],
        ['医师', 44],
      ] as const);
    case '助理医师':
      return rng.chance(0.6) ? '医士' : null;
    case '护士':
      return rng.weighted([
        ['副主任护师', 3],
        ['主管护师', 30],
        ['护师', 42],
        ['护士', 25],
      ] as const);
    case '药师':
      return rng.weighted([
        ['主管药师', 25],
        ['药师', 55],
        ['药士', 20],
      ] as const);
    case '技师':
      return rng.weighted([
        ['主管技师', 25],
        ['技师', 55],
        ['技士', 20],
      ] as const);
    default:
      return null;
  }
}

/**
 * The people practising at an institution; the principal (负责人) comes first and is a doctor
 * (or 乡村医生 in a village clinic). Certificate numbers are fictional 15-digit numbers:
 * profession digit + county code + 5-digit county sequence + 3-digit position, hence unique.
 */
export function makeStaff(rng: Rng, p: InstitutionProfile, institutionId: number, firstId: number): StaffRow[] {
  const n = staffSize(rng, p);
  const type = p.slot.type;
  const rows: StaffRow[] = [];
  for (let k = 0; k < n; k += 1) {
    let profession: Profession;
    if (k === 0) {
      profession =
        type === '村卫生室'
          ? rng.weighted([
              ['乡村医生', 7],
              ['助理医师', 2],
              ['医师', 1],
            ] as const)
          : '医师';
    } else if (type === '村卫生室') {
      profession = rng.weighted([
        ['乡村医生', 6],
        ['护士', 3],
        ['助理医师', 1],
      ] as const);
    } else if (type === '诊所' || type === '中医诊所' || type === '医务室') {
      profession = rng.weighted([
        ['医师', 3],
        ['助理医师', 1],
        ['护士', 5],
        ['药师', 1],
      ] as const);
    } else {
      profession = rng.weighted([
        ['医师', 35],
        ['助理医师', 5],
        ['护士', 45],
        ['药师', 6],
        ['技师', 8],
        ['其他', 1],
      ] as const);
    }
    let category: string | null = null;
    let scope: string | null = null;
    if (profession === '医师' || profession === '助理医师') [category, scope] = doctorCategory(rng, p);
    const certificate =
      profession === '其他' ? null : `${PROF_DIGIT[profession]}${p.slot.county.code}${String(p.slot.countySeq).padStart(5, '0')}${String(k).padStart(3, '0')}`;
    rows.push({
      id: firstId + k,
      institution_id: institutionId,
      name: k === 0 && p.row.principal ? p.row.principal : personName(rng, profession === '护士' ? rng.chance(0.95) : undefined),
      profession,
      practice_category: category,
      practice_scope: scope,
      certificate_no: certificate,
      title: titleFor(rng, profession),
      active: k === 0 || rng.chance(0.97),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Commitments (依法执业承诺)

/** The current year's commitment, for most practising institutions (about 92 %). */
export function makeCommitment(rng: Rng, p: InstitutionProfile, institutionId: number, id: number): CommitmentRow | null {
  const yearStart = `${DEMO_YEAR}-01-05`;
  if (!practisingOn(p, DEMO_AS_OF) || !rng.chance(0.92)) return null;
  const from = maxDate(yearStart, p.established);
  const to = minDate(addCalendarDays(from, 80), DEMO_AS_OF);
  return {
    id,
    institution_id: institutionId,
    year: DEMO_YEAR,
    signed_on: randomDate(rng, from, to),
    signatory: p.row.principal,
    body: commitmentBody(p.row.name, DEMO_YEAR),
  };
}

// ---------------------------------------------------------------------------------------------
// Penalties (行政处罚)

/** Numbering of decision documents per county and year (…〔2026〕12号). */
export class DocumentNumbers {
  private readonly next = new Map<string, number>();

  take(kind: string, countyShort: string, year: number): string {
    const key = `${kind}|${countyShort}|${year}`;
    const n = (this.next.get(key) ?? 0) + 1;
    this.next.set(key, n);
    return `${countyShort}${kind}〔${year}〕${n}号`;
  }
}

/** Penalties are shown for 3 years, warnings for 6 months. */
export function penaltyShownUntil(decidedOn: IsoDate, penalty: string): IsoDate {
  const warningOnly = penalty === '警告';
  const { 0: y, 1: m, 2: d } = decidedOn.split('-').map(Number) as [number, number, number];
  const months = warningOnly ? 6 : 36;
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

const PENALTY_RATE: Partial<Record<InstitutionType, number>> = {
  医院: 0.12,
  中医医院: 0.1,
  妇幼保健院: 0.08,
  门诊部: 0.08,
  诊所: 0.06,
  中医诊所: 0.05,
  卫生院: 0.05,
  社区卫生服务中心: 0.03,
  社区卫生服务站: 0.03,
  村卫生室: 0.025,
  医务室: 0.01,
};

function violationsFor(type: InstitutionType): readonly ViolationText[] {
  return VIOLATIONS.filter((v) => {
    if (v.violation.startsWith('中医诊所') || v.violation.includes('中医（专长）')) return type === '中医诊所';
    if (v.violation.includes('抗菌药物')) return type === '村卫生室' || type === '诊所' || type === '社区卫生服务站';
    return true;
  });
}

export interface PenaltyDraft extends Omit<PenaltyRow, 'id' | 'decision_no'> {
  /** The finding in short form (for point records). */
  short: string;
}

/**
 * Penalties of one year, decided before that year's evaluation (January to early September), so
 * the evaluation counts them. Staff-related findings name a doctor of the institution.
 */
export function makePenalties(rng: Rng, p: InstitutionProfile, year: number, institutionId: number, staff: readonly StaffRow[]): PenaltyDraft[] {
  const rate = (PENALTY_RATE[p.slot.type] ?? 0.03) * (p.quality < 0.7 ? 4 : p.quality > 0.92 ? 0.3 : 1);
  if (!rng.chance(rate)) return [];
  const count = rng.weighted([
    [1, 85],
    [2, 13],
    [3, 2],
  ] as const);
  const from = maxDate(`${year}-01-10`, p.established);
  const to = minDate(`${year}-09-10`, p.closedOn ?? '9999-12-31');
  if (from > to) return [];
  const doctors = staff.filter((s) => s.profession === '医师' || s.profession === '助理医师');
  const out: PenaltyDraft[] = [];
  for (let i = 0; i < count; i += 1) {
    const v = rng.pick(violationsFor(p.slot.type));
    const [penalty, fine] = rng.pick(v.penalties);
    const decided = randomDate(rng, from, to);
    out.push({
      institution_id: institutionId,
      staff_id: v.staff && doctors.length > 0 ? rng.pick(doctors).id : null,
      decided_on: decided,
      violation: `经查，${p.row.name}${v.violation}。`,
      basis: v.basis,
      penalty,
      fine_yuan: fine,
      shown_until: penaltyShownUntil(decided, penalty),
      short: v.short,
    });
  }
  return out.sort((a, b) => (a.decided_on < b.decided_on ? -1 : 1));
}

/** The penalty that revoked a licence. */
export function revocationPenalty(p: InstitutionProfile, institutionId: number): PenaltyDraft {
  const decided = p.closedOn ?? DEMO_AS_OF;
  return {
    institution_id: institutionId,
    staff_id: null,
    decided_on: decided,
    violation: `经查，${p.row.name}${REVOCATION.violation}。`,
    basis: REVOCATION.basis,
    penalty: REVOCATION.penalty,
    fine_yuan: REVOCATION.fine,
    shown_until: penaltyShownUntil(decided, REVOCATION.penalty),
    short: '出租、出借医疗机构执业许可证',
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluations

/** An evaluation before the 10 % cut, with its exact score for ranking. */
export interface EvaluationDraft {
  row: EvaluationRow;
  scoreHundredths: number;
}

const MISSING: Partial<Record<InstitutionType, readonly [number, number, number, number]>> = {
  // mean, sd, min, max of 合理缺项分值 (items that do not apply to small places)
  村卫生室: [30, 6, 12, 45],
  诊所: [25, 6, 10, 40],
  中医诊所: [28, 6, 10, 42],
  门诊部: [15, 5, 5, 30],
  社区卫生服务站: [25, 5, 12, 38],
  医务室: [35, 5, 20, 45],
  卫生院: [6, 3, 0, 15],
  社区卫生服务中心: [8, 3, 0, 18],
};

function halfPoints(x: number): number {
  return Math.round(x * 2) / 2;
}

/** Whether the institution is evaluated in `year` (open before September, not closed before November). */
export function evaluatedIn(p: InstitutionProfile, year: number): boolean {
  return p.established < `${year}-09-01` && (p.closedOn === null || p.closedOn > `${year}-10-31`);
}

/**
 * Plausible evaluation-sheet inputs for one year; the credit engine computes the score and level.
 * Inputs drift a little from year to year around the institution's quality.
 */
export function makeEvaluationInput(rng: Rng, p: InstitutionProfile, year: number, penaltiesThisYear: number): CreditEvaluationInput {
  const [mean, sd, lo, hi] = MISSING[p.slot.type] ?? [3, 2, 0, 10];
  const missing = Math.round(rng.normal(mean, sd, lo, hi));
  // Compliance improves a little each year (the point of the scheme), plus noise.
  const ratio = Math.min(1, Math.max(0.3, p.quality + (year - DEMO_YEAR) * 0.006 + rng.normal(0, 0.025)));
  const actual = Math.min(100 - missing, halfPoints((100 - missing) * ratio));
  const risky = p.quality < 0.7 ? 5 : 1;
  const hasPublicHealth = p.slot.type === '卫生院' || p.slot.type === '社区卫生服务中心';
  return {
    actualScore: actual,
    reasonableMissingPoints: missing,
    doubleStarNotMet: rng.chance(0.012 * risky) ? 1 : 0,
    singleStarNotMet: rng.chance(0.08 * risky)
      ? rng.weighted([
          [1, 8],
          [2, 2],
        ] as const)
      : 0,
    penaltiesThisYear,
    conductViolation: rng.chance(0.01 * risky),
    seriousViolationOrImpact: rng.chance(0.002 * risky),
    establishmentNonCompliant: rng.chance(0.003 * risky),
    validationSuspended: rng.chance(0.004 * risky),
    majorAccidentFullResponsibility: p.slot.variant === 'county' && rng.chance(0.01),
    safetyOrFireAccident: rng.chance(0.002),
    publicHealthScore: hasPublicHealth ? halfPoints(rng.chance(0.03) ? rng.normal(56, 4, 40, 70) : rng.normal(85, 6, 60, 100)) : null,
  };
}

/** A clean evaluation-sheet input (nothing missing, no finding, no penalty) with `over` on top. */
export function evaluationInput(over: Partial<CreditEvaluationInput> & Pick<CreditEvaluationInput, 'actualScore'>): CreditEvaluationInput {
  return { reasonableMissingPoints: 0, ...CLEAN_FINDINGS, ...over };
}

/** The evaluations columns that come from the sheet input and the credit engine. */
export type EvaluationColumns = Omit<EvaluationRow, 'id' | 'institution_id' | 'year' | 'jurisdiction_code' | 'evaluated_on' | 'review_status'>;

/** The input's columns with the credit engine's score, level and reasons (before the cut). */
export function evaluationColumns(input: CreditEvaluationInput): { columns: EvaluationColumns; scoreHundredths: number } {
  const result = evaluateCreditLevel(input);
  return {
    scoreHundredths: result.standardizedScoreHundredths,
    columns: {
      actual_score: input.actualScore,
      reasonable_missing: input.reasonableMissingPoints,
      double_star_not_met: input.doubleStarNotMet,
      single_star_not_met: input.singleStarNotMet,
      penalties_count: input.penaltiesThisYear,
      conduct_violation: input.conductViolation,
      serious_violation: input.seriousViolationOrImpact,
      establishment_noncompliant: input.establishmentNonCompliant,
      validation_suspended: input.validationSuspended,
      major_accident: input.majorAccidentFullResponsibility,
      safety_accident: input.safetyOrFireAccident,
      public_health_score: input.publicHealthScore,
      standardized_score: result.standardizedScore,
      score_level: result.levelByScore,
      level: result.level,
      reasons: result.reasons,
    },
  };
}

/** One year's evaluation with the credit engine's score, level and reasons (before the cut). */
export function makeEvaluation(rng: Rng, p: InstitutionProfile, year: number, penaltiesThisYear: number, institutionId: number, id: number): EvaluationDraft {
  const input = makeEvaluationInput(rng, p, year, penaltiesThisYear);
  const { columns, scoreHundredths } = evaluationColumns(input);
  const evaluatedOn = randomDate(rng, `${year}-09-16`, `${year}-10-31`);
  const review: EvaluationRow['review_status'] = year === DEMO_YEAR ? (rng.chance(0.006) ? '复核中' : '无') : rng.chance(0.004) ? '已复核' : '无';
  return {
    scoreHundredths,
    row: {
      id,
      institution_id: institutionId,
      year,
      jurisdiction_code: p.slot.county.code,
      ...columns,
      evaluated_on: evaluatedOn,
      review_status: review,
    },
  };
}

/**
 * Applies the 10 % cut to every year of one jurisdiction (all drafts must share it), in place:
 * held-back institutions become 合格 and get the engine's reason.
 */
export function applyCutInPlace(drafts: readonly EvaluationDraft[]): void {
  const byYear = new Map<number, EvaluationDraft[]>();
  for (const d of drafts) {
    const list = byYear.get(d.row.year) ?? [];
    if (list.length === 0) byYear.set(d.row.year, list);
    list.push(d);
  }
  for (const list of byYear.values()) {
    const { outcomes } = applyExcellentCut(list.map((d) => ({ id: String(d.row.id), level: d.row.level, standardizedScoreHundredths: d.scoreHundredths })));
    outcomes.forEach((o, i) => {
      const d = list[i] as EvaluationDraft;
      d.row.level = o.level;
      if (o.reason) d.row.reasons = [...d.row.reasons, o.reason];
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Downgrades (降级)

/** A current-year evaluation that may be downgraded (read from the database after the load). */
export interface DowngradeCandidate {
  institutionId: number;
  level: CreditLevel;
  evaluatedOn: IsoDate;
  input: CreditEvaluationInput;
}

/** A downgrade as the demo supervisors work it through the admin functions (src/demo/demo-downgrades.ts). */
export interface DowngradePlan {
  institutionId: number;
  foundOn: IsoDate;
  finding: string;
  linkRef: string;
  rescoredOn: IsoDate;
  /** The re-score: the evaluation's facts with the sheet's score lowered into the new band. */
  input: CreditEvaluationInput;
  decidedOn: IsoDate;
}

/**
 * Downgrades of the current year: about 2 % of the candidates, at least two, found in daily
 * supervision after the evaluation, re-scored within the 5 days (one in five on the last day or
 * a day late, so the worklist shows lateness) and approved a few days later. The re-score keeps
 * the evaluation's other facts and lowers the sheet score into the band below the level in force.
 */
export function planDowngrades(seed: number, candidates: readonly DowngradeCandidate[]): DowngradePlan[] {
  const rng = Rng.of(seed, S.extra, 0);
  const eligible = candidates.filter((c) => c.level !== '差');
  const count = Math.min(eligible.length, Math.max(2, Math.round(eligible.length * 0.02)));
  return rng.sample(eligible.length, count).map((k, n) => {
    const c = eligible[k] as DowngradeCandidate;
    const v = rng.pick(VIOLATIONS);
    const score = c.level === '优秀' ? halfPoints(rng.normal(80, 4, 70, 88)) : halfPoints(rng.normal(54, 3, 40, 59.5));
    const foundOn = randomDate(rng, addCalendarDays(c.evaluatedOn, 10), addCalendarDays(DEMO_AS_OF, -14));
    const rescoredOn = addCalendarDays(foundOn, rng.chance(0.2) ? 6 : rng.int(1, 4));
    const actual = Math.round(score * (100 - c.input.reasonableMissingPoints)) / 100;
    return {
      institutionId: c.institutionId,
      foundOn,
      finding: `日常监督发现${v.short}`,
      linkRef: `${DEMO_YEAR}监督检查${String(n + 1).padStart(3, '0')}号`,
      rescoredOn,
      input: { ...c.input, actualScore: actual },
      decidedOn: addCalendarDays(rescoredOn, rng.int(1, 5)),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Points (不良执业行为记分) and appeals

/**
 * One point record with its notice dates and, sometimes, an appeal: notice served within 3 days,
 * appeal within 3 days of receipt, decision due 10 working days after acceptance (seed 000).
 * An upheld appeal voids the record (status 已撤销, voided_on) — it is never deleted.
 */
export function makePointRecord(
  rng: Rng,
  institutionId: number,
  staff: readonly StaffRow[],
  foundOn: IsoDate,
  ids: { point: number; appeal: number },
  fromPenalty: PenaltyDraft | null,
): { record: PointRecordRow; appeal: PointAppealRow | null } {
  const [behaviour, points, target] = fromPenalty
    ? [fromPenalty.short, rng.pick([3, 6] as const), fromPenalty.staff_id ? 'staff' : 'institution']
    : rng.pick(BEHAVIOURS);
  const staffId = target === 'staff' ? (fromPenalty?.staff_id ?? (staff.length > 0 ? rng.pick(staff).id : null)) : null;
  const approved = addWorkingDays(foundOn, rng.int(0, 2));
  const served = calendarDayDeadline(approved, rng.int(1, 3));
  const received = addCalendarDays(served, rng.int(0, 2));
  const record: PointRecordRow = {
    id: ids.point,
    institution_id: institutionId,
    staff_id: staffId,
    behaviour,
    points,
    source: fromPenalty
      ? '行政处罚'
      : rng.weighted([
          ['监督检查', 60],
          ['校验', 10],
          ['质控', 12],
          ['投诉举报', 12],
          ['其他', 6],
        ] as const),
    source_complaint_id: null,
    department: fromPenalty ? '卫生监督所' : rng.pick(SEED_DEPARTMENTS),
    recorded_by: null,
    found_on: foundOn,
    approved_on: approved <= DEMO_AS_OF ? approved : null,
    notice_served_on: served <= DEMO_AS_OF ? served : null,
    notice_received_on: received <= DEMO_AS_OF ? received : null,
    status: '有效',
    voided_on: null,
    void_reason: null,
  };
  if (!record.notice_received_on || !rng.chance(0.12)) return { record, appeal: null };

  const filed = addCalendarDays(record.notice_received_on, rng.int(1, 3));
  if (filed > DEMO_AS_OF) return { record, appeal: null };
  const accepted = addWorkingDays(filed, rng.int(0, 1));
  const due = addWorkingDays(accepted, 10);
  const decided = addWorkingDays(accepted, rng.int(3, 10));
  const appeal: PointAppealRow = {
    id: ids.appeal,
    point_record_id: record.id,
    received_on: filed,
    accepted_on: accepted <= DEMO_AS_OF ? accepted : null,
    decision_due: accepted <= DEMO_AS_OF ? due : null,
    decided_on: null,
    decision: null,
    reason: null,
  };
  if (decided <= DEMO_AS_OF && appeal.accepted_on) {
    const upheld = rng.chance(0.3);
    appeal.decided_on = decided;
    appeal.decision = upheld ? '撤销' : '维持';
    appeal.reason = upheld ? '经复核，现场检查记录不能充分证明该行为，申诉成立，撤销本次记分（记录保留）。' : '经复核，记分事实清楚、依据充分，维持原记分。';
    if (upheld) {
      record.status = '已撤销';
      record.voided_on = decided;
      record.void_reason = '申诉成立';
    }
  } else {
    record.status = '申诉中';
  }
  return { record, appeal };
}

// ---------------------------------------------------------------------------------------------
// Self-inspections (seed 004), ratings

/** The yearly full self-inspection (seed 002: May–June), for 2025 and 2026. */
export function makeSelfInspections(rng: Rng, p: InstitutionProfile, institutionId: number, firstId: number): SelfInspectionRow[] {
  const rows: SelfInspectionRow[] = [];
  for (const year of [DEMO_YEAR - 1, DEMO_YEAR]) {
    const on = randomDate(rng, `${year}-05-06`, `${year}-06-28`);
    if (!practisingOn(p, on) || !rng.chance(year === DEMO_YEAR ? 0.8 : 0.7)) continue;
    const bad = p.quality < 0.7;
    const result = rng.weighted(
      bad
        ? ([
            ['合格', 3],
            ['基本合格', 4],
            ['不合格', 3],
          ] as const)
        : ([
            ['合格', 80],
            ['基本合格', 16],
            ['不合格', 4],
          ] as const),
    );
    const findings = result === '合格' ? (rng.chance(0.5) ? '未发现问题' : null) : pickSome(rng, SELF_INSPECTION_FINDINGS, 1, 3).join('；');
    rows.push({
      id: firstId + rows.length,
      institution_id: institutionId,
      inspected_on: on,
      result,
      findings,
      rectified: result === '合格' ? null : rng.chance(result === '基本合格' ? 0.9 : 0.6),
    });
  }
  return rows;
}

function hex(rng: Rng, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i += 1) s += rng.int(0, 255).toString(16).padStart(2, '0');
  return s;
}

/** Ratings from the QR page: 0–6 per practising institution, stars leaning on quality. */
export function makeRatings(rng: Rng, p: InstitutionProfile, institutionId: number, firstId: number): RatingRow[] {
  if (!practisingOn(p, DEMO_AS_OF)) return [];
  const n = rng.weighted([
    [0, 40],
    [1, 20],
    [2, 15],
    [3, 10],
    [4, 7],
    [5, 5],
    [6, 3],
  ] as const);
  const from = maxDate('2025-01-01', p.established);
  const rows: RatingRow[] = [];
  for (let i = 0; i < n; i += 1) {
    const stars = Math.round(rng.normal(1 + 4 * Math.min(1, (p.quality - 0.5) / 0.45), 0.8, 1, 5));
    let comment: string | null = null;
    let status: RatingRow['comment_status'] = '无';
    let moderation: string | null = null;
    if (rng.chance(0.3)) {
      const candidates = RATING_COMMENTS.filter(([, s]) => Math.abs(s - stars) <= 1);
      comment = rng.pick(candidates.length > 0 ? candidates : RATING_COMMENTS)[0];
      status = rng.weighted([
        ['已公开', 60],
        ['待审核', 25],
        ['已隐藏', 15],
      ] as const);
      if (status === '已隐藏') moderation = rng.pick(['含有他人个人信息', '与机构执业无关', '重复提交']);
    }
    const createdOn = randomDate(rng, from, DEMO_AS_OF);
    rows.push({
      id: firstId + i,
      institution_id: institutionId,
      stars,
      comment,
      comment_public: status === '已公开' ? comment : null,
      comment_status: status,
      moderation_reason: moderation,
      moderated_by: null,
      moderated_at: status === '已公开' || status === '已隐藏' ? officeTime(rng, minDate(addCalendarDays(createdOn, rng.int(1, 5)), DEMO_AS_OF)) : null,
      device_hash: hex(rng, 16),
      created_at: anyTime(rng, createdOn),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Serious-dishonesty list (严重失信名单, seed 004)

export function makeSeriousDishonesty(p: InstitutionProfile, institutionId: number, id: number, decisionNo: string): SeriousDishonestyRow {
  const listed = addCalendarDays(p.closedOn ?? DEMO_AS_OF, 15);
  return {
    id,
    institution_id: institutionId,
    listed_on: minDate(listed, DEMO_AS_OF),
    decision_no: decisionNo,
    reason: `${REVOCATION.violation}，被吊销《医疗机构执业许可证》，列入严重失信名单。`,
    removed_on: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Complaints

/** A practising institution a complaint may name. */
export interface ComplaintTarget {
  institutionId: number;
  regionCode: string;
}

/**
 * The server-side secrets a realistic complaint needs, injected so that this module stays pure:
 * `seal` encrypts the complainant_*_enc columns (src/server/pii-crypto.ts encrypt) and
 * `queryCodeHash` hashes the query code as the status page checks it
 * (src/handlers/intake/complaint.ts queryCodeHash).
 */
export interface ComplaintSecrets {
  seal: (plain: string, field: 'complainant_name' | 'complainant_phone') => Uint8Array;
  queryCodeHash: (trackingNo: string, queryCode: string) => string;
}

/** Bytes from the seeded stream, for the tracking-number and query-code generators. */
function rngBytes(rng: Rng): (n: number) => Uint8Array {
  return (n) => Uint8Array.from({ length: n }, () => rng.int(0, 255));
}

/**
 * One complaint with its event history, as the intake and the supervisor area would have
 * written it: categories and deadlines from src/domain/complaint-categories.ts, tracking numbers
 * from src/domain/tracking-number.ts, status changes in the order of complaint-workflow.ts.
 * With `secrets`, about 40 % are real-name (fictional name and phone, encrypted) and the query
 * code works on the public status page; without them all are anonymous and the query code
 * hash matches nothing, so pure callers (tests) need no key.
 */
export function makeComplaint(
  rng: Rng,
  target: ComplaintTarget | null,
  unlistedRegion: string,
  earlierId: number | null,
  id: number,
  firstEventId: number,
  takenTrackingNos: Set<string>,
  secrets?: ComplaintSecrets,
): { complaint: ComplaintRow; events: ComplaintEventRow[]; queryCode: string } {
  const [category, subcategory, description] = target === null ? UNLISTED_TOPIC : rng.pick(COMPLAINT_TOPICS);
  const status = rng.weighted([
    ['待受理', 12],
    ['不予受理', 8],
    ['已受理', 12],
    ['调查中', 20],
    ['已办结', 48],
  ] as const);
  // 待受理 ones are recent (a couple may be past their acceptance deadline, as in real life).
  const age = status === '待受理' ? rng.int(0, 6) : status === '已受理' || status === '调查中' ? rng.int(3, 30) : rng.int(15, 300);
  const receivedOn = addCalendarDays(DEMO_AS_OF, -age);
  const receivedAt = anyTime(rng, receivedOn);
  const { acceptDue, closeDue } = complaintDueDates(receivedOn, deadlineRuleFor(category));
  const unlisted = target === null ? rng.pick(UNLISTED_PLACES) : null;
  const acceptedOn = minDate(addWorkingDays(receivedOn, rng.int(1, 3)), DEMO_AS_OF);
  const startedOn = minDate(addWorkingDays(acceptedOn, rng.int(0, 2)), DEMO_AS_OF);
  const closedOn = minDate(addWorkingDays(startedOn, rng.int(2, 12)), DEMO_AS_OF);
  let outcome: ComplaintOutcome | null = null;
  if (status === '已办结') {
    outcome = rng.weighted([
      ['查实', 35],
      ['部分查实', 20],
      ['不属实', 35],
      ['非本辖区', 5],
      ['重复', 5],
    ] as const);
    if (outcome === '重复' && earlierId === null) outcome = '不属实';
  }
  const findings =
    outcome === '查实'
      ? `经现场检查，反映的“${subcategory}”问题属实，已依法责令整改并立案调查。`
      : outcome === '部分查实'
        ? '经现场检查，反映的问题部分属实，已责令限期整改。'
        : outcome === '不属实'
          ? '经现场检查和调阅资料，未发现反映的问题。'
          : outcome === '非本辖区'
            ? '经核实，被反映机构不在本辖区，已转交属地卫生健康行政部门。'
            : outcome === '重复'
              ? '与此前已受理的投诉反映同一问题，并案处理。'
              : status === '调查中' && rng.chance(0.5)
                ? '已到现场检查，正在调阅相关资料。'
                : null;
  const realName = secrets !== undefined && rng.chance(0.4);
  const name = realName ? personName(rng) : null;
  const phone = realName ? `170${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : null;
  const rejectReason =
    status === '不予受理' ? rng.pick(['反映内容不属于卫生健康监督职责范围，已告知向市场监管部门反映。', '反映内容过于笼统，无法核查具体机构和事实。']) : null;
  const feedback =
    realName && (status === '已办结' || status === '不予受理')
      ? status === '已办结'
        ? `您好，您反映的问题已调查处理完毕。处理结果：${outcome}。感谢您对医疗机构依法执业的监督。`
        : `您好，您反映的问题不予受理：${rejectReason ?? ''}`
      : null;

  let trackingNo = newTrackingNumber(Number(receivedOn.slice(0, 4)), rngBytes(rng));
  while (takenTrackingNos.has(trackingNo)) trackingNo = newTrackingNumber(Number(receivedOn.slice(0, 4)), rngBytes(rng));
  takenTrackingNos.add(trackingNo);
  const queryCode = newQueryCode(rngBytes(rng));

  const complaint: ComplaintRow = {
    id,
    tracking_no: trackingNo,
    query_code_hash: secrets ? secrets.queryCodeHash(trackingNo, queryCode) : createHash('sha256').update(`demo:${trackingNo}|${queryCode}`).digest('hex'),
    channel: rng.weighted([
      ['web', 70],
      ['12345', 20],
      ['api', 5],
      ['other', 5],
    ] as const),
    institution_id: target?.institutionId ?? null,
    unlisted_name: unlisted?.[0] ?? null,
    unlisted_address: unlisted?.[1] ?? null,
    region_code: target?.regionCode ?? unlistedRegion,
    category,
    subcategory,
    description,
    occurred_on: addCalendarDays(receivedOn, -rng.int(0, 10)),
    anonymous: !realName,
    complainant_name_enc: name !== null && secrets ? secrets.seal(name, 'complainant_name') : null,
    complainant_phone_enc: phone !== null && secrets ? secrets.seal(phone, 'complainant_phone') : null,
    status,
    assigned_to: null,
    outcome,
    duplicate_of: outcome === '重复' ? earlierId : null,
    findings,
    feedback,
    reject_reason: rejectReason,
    received_at: receivedAt,
    accept_due: acceptDue,
    close_due: closeDue,
    accepted_at: status === '已受理' || status === '调查中' || status === '已办结' ? officeTime(rng, acceptedOn) : null,
    closed_at: status === '已办结' || status === '不予受理' ? officeTime(rng, status === '已办结' ? closedOn : acceptedOn) : null,
    pii_purged_at: null,
  };

  // History in the order the workflow allows; times never run backwards.
  const steps: [string, string | null, string, string | null][] = [['提交', null, '待受理', `来源：${complaint.channel}`]];
  const stamps: string[] = [receivedAt];
  if (status === '不予受理') {
    steps.push(['reject', '待受理', '不予受理', rejectReason]);
    stamps.push(complaint.closed_at ?? receivedAt);
  }
  if (complaint.accepted_at) {
    steps.push(['accept', '待受理', '已受理', '予以受理']);
    stamps.push(complaint.accepted_at);
  }
  if (status === '调查中' || status === '已办结') {
    steps.push(['start', '已受理', '调查中', '开始调查核实']);
    stamps.push(officeTime(rng, startedOn));
  }
  if (findings && (status === '调查中' || status === '已办结')) {
    steps.push(['findings', '调查中', '调查中', findings]);
    stamps.push(officeTime(rng, status === '已办结' ? closedOn : startedOn));
  }
  if (status === '已办结') {
    steps.push(['close', '调查中', '已办结', `办结：${outcome ?? ''}`]);
    stamps.push(complaint.closed_at ?? receivedAt);
  }
  if (feedback) {
    steps.push(['feedback', status, status, feedback]);
    stamps.push(complaint.closed_at ?? receivedAt);
  }
  let last = '';
  const events = steps.map(([action, from, to, note], i): ComplaintEventRow => {
    const at = (stamps[i] as string) < last ? last : (stamps[i] as string);
    last = at;
    return { id: firstEventId + i, complaint_id: id, at, actor_id: null, action, from_status: from, to_status: to, note };
  });
  return { complaint, events, queryCode };
}

// ---------------------------------------------------------------------------------------------
// Everything about one institution

export function startIds(): IdCounters {
  return {
    institution: 1,
    staff: 1,
    commitment: 1,
    evaluation: 1,
    penalty: 1,
    point: 1,
    appeal: 1,
    selfInspection: 1,
    rating: 1,
    downgrade: 1,
    dishonesty: 1,
    complaint: 1,
    event: 1,
  };
}

export interface BundleContext {
  ids: IdCounters;
  numbers: DocumentNumbers;
  /** Public codes given so far (collisions move to the next attempt). */
  takenCodes: Set<string>;
}

export function newBundleContext(): BundleContext {
  return { ids: startIds(), numbers: new DocumentNumbers(), takenCodes: new Set() };
}

export interface InstitutionBundle {
  profile: InstitutionProfile;
  id: number;
  staff: StaffRow[];
  commitment: CommitmentRow | null;
  penalties: PenaltyRow[];
  evaluations: EvaluationDraft[];
  points: PointRecordRow[];
  appeals: PointAppealRow[];
  selfInspections: SelfInspectionRow[];
  ratings: RatingRow[];
  dishonesty: SeriousDishonestyRow | null;
}

/**
 * The whole history of one institution. Ids and document numbers come from `ctx`, advanced in
 * index order by the caller; everything else depends only on (seed, slot).
 */
export function buildInstitution(slot: InstitutionSlot, ctx: BundleContext): InstitutionBundle {
  const { seed, index } = slot;
  const profile = makeInstitution(Rng.of(seed, S.institution, index), slot, ctx.takenCodes);
  const id = ctx.ids.institution++;
  const staff = makeStaff(Rng.of(seed, S.staff, index), profile, id, ctx.ids.staff);
  ctx.ids.staff += staff.length;

  const commitment = makeCommitment(Rng.of(seed, S.commitment, index), profile, id, ctx.ids.commitment);
  if (commitment) ctx.ids.commitment += 1;

  const penaltyRng = Rng.of(seed, S.penalty, index);
  const evaluationRng = Rng.of(seed, S.evaluation, index);
  const pointRng = Rng.of(seed, S.point, index);
  const penalties: PenaltyRow[] = [];
  const evaluations: EvaluationDraft[] = [];
  const points: PointRecordRow[] = [];
  const appeals: PointAppealRow[] = [];
  const county = slot.county;

  const addPoint = (foundOn: IsoDate, fromPenalty: PenaltyDraft | null): void => {
    const { record, appeal } = makePointRecord(pointRng, id, staff, foundOn, { point: ctx.ids.point, appeal: ctx.ids.appeal }, fromPenalty);
    ctx.ids.point += 1;
    points.push(record);
    if (appeal) {
      ctx.ids.appeal += 1;
      appeals.push(appeal);
    }
  };
  const addPenalty = (d: PenaltyDraft, year: number): void => {
    // The draft's short form of the finding is for point records, not a column.
    penalties.push({
      id: ctx.ids.penalty++,
      institution_id: d.institution_id,
      staff_id: d.staff_id,
      decision_no: ctx.numbers.take('卫医罚', county.short, year),
      decided_on: d.decided_on,
      violation: d.violation,
      basis: d.basis,
      penalty: d.penalty,
      fine_yuan: d.fine_yuan,
      shown_until: d.shown_until,
    });
  };

  for (const year of DEMO_YEARS) {
    if (!practisingOn(profile, `${year}-12-31`) && !practisingOn(profile, `${year}-01-01`)) continue;
    const yearPenalties = makePenalties(penaltyRng, profile, year, id, staff);
    for (const d of yearPenalties) {
      addPenalty(d, year);
      if (pointRng.chance(0.5)) addPoint(d.decided_on, d);
    }
    // Points from inspections, spread over the year (up to "today" in the current year).
    const pointRate = (slot.variant === 'county' ? 0.25 : 0.05) * (profile.quality < 0.7 ? 3 : 1);
    if (pointRng.chance(pointRate)) {
      const from = maxDate(`${year}-01-05`, profile.established);
      const to = minDate(minDate(`${year}-12-20`, DEMO_AS_OF), profile.closedOn ?? '9999-12-31');
      if (from <= to) addPoint(randomDate(pointRng, from, to), null);
    }
    if (evaluatedIn(profile, year)) {
      evaluations.push(makeEvaluation(evaluationRng, profile, year, yearPenalties.length, id, ctx.ids.evaluation++));
    }
  }

  let dishonesty: SeriousDishonestyRow | null = null;
  if (profile.row.status === '吊销') {
    addPenalty(revocationPenalty(profile, id), Number((profile.closedOn ?? DEMO_AS_OF).slice(0, 4)));
    if (slot.forcedRevoked) {
      const listedYear = Number(minDate(addCalendarDays(profile.closedOn ?? DEMO_AS_OF, 15), DEMO_AS_OF).slice(0, 4));
      dishonesty = makeSeriousDishonesty(profile, id, ctx.ids.dishonesty++, ctx.numbers.take('卫健失信', county.short, listedYear));
    }
  }

  const selfInspections = makeSelfInspections(Rng.of(seed, S.selfInspection, index), profile, id, ctx.ids.selfInspection);
  ctx.ids.selfInspection += selfInspections.length;
  const ratings = makeRatings(Rng.of(seed, S.rating, index), profile, id, ctx.ids.rating);
  ctx.ids.rating += ratings.length;

  return { profile, id, staff, commitment, penalties, evaluations, points, appeals, selfInspections, ratings, dishonesty };
}

/** Complaints per demo: a few dozen for a county, about 1 % of institutions beyond. */
export function complaintCount(institutions: number): number {
  return institutions === 0 ? 0 : 30 + Math.floor(institutions / 100);
}

/** Whether institution `index` is named in a complaint (decided per institution, in index order). */
export function isComplaintTarget(seed: number, index: number, institutions: number): boolean {
  return Rng.of(seed, S.complaint, index).chance(Math.min(1, complaintCount(institutions) / Math.max(1, institutions)));
}

/**
 * Complaints over the collected targets plus about 10 % about unlisted (unlicensed) places.
 * `sample` is the first complaint's tracking number and query code, to try the status page.
 */
export function makeComplaints(
  seed: number,
  institutions: number,
  targets: readonly ComplaintTarget[],
  unlistedRegion: string,
  ids: IdCounters,
  secrets?: ComplaintSecrets,
): { complaints: ComplaintRow[]; events: ComplaintEventRow[]; sample: { trackingNo: string; queryCode: string } | null } {
  const rng = Rng.of(seed, S.complaint, -1);
  const total = complaintCount(institutions);
  const complaints: ComplaintRow[] = [];
  const events: ComplaintEventRow[] = [];
  const taken = new Set<string>();
  let sample: { trackingNo: string; queryCode: string } | null = null;
  for (let i = 0; i < total; i += 1) {
    const target = targets.length === 0 || rng.chance(0.1) ? null : (targets[i % targets.length] as ComplaintTarget);
    // A duplicate points to an earlier complaint (smaller id).
    const earlier = complaints.length > 0 ? rng.pick(complaints).id : null;
    const made = makeComplaint(rng, target, unlistedRegion, earlier, ids.complaint++, ids.event, taken, secrets);
    ids.event += made.events.length;
    complaints.push(made.complaint);
    events.push(...made.events);
    sample ??= { trackingNo: made.complaint.tracking_no, queryCode: made.queryCode };
  }
  return { complaints, events, sample };
}

// ---------------------------------------------------------------------------------------------
// The whole demo as a stream (the loader writes it; tests collect it)

export type DemoEvent =
  | { kind: 'institution'; slot: InstitutionSlot; bundle: InstitutionBundle }
  /** A county is complete: its evaluations after the 10 % cut. */
  | { kind: 'county'; county: County; evaluations: EvaluationRow[] }
  | { kind: 'complaints'; complaints: ComplaintRow[]; events: ComplaintEventRow[]; sample: { trackingNo: string; queryCode: string } | null };

/**
 * Every row of the demo in loading order (parents before children), one institution at a time,
 * so the caller can stream it with bounded memory: only the current county's evaluations wait
 * (the cut needs all of them). Ids start at 1, or at `ctx`'s counters.
 */
export function* demoStream(seed: number, regions: DemoRegions, secrets?: ComplaintSecrets, ctx: BundleContext = newBundleContext()): Generator<DemoEvent> {
  const total = regions.counties.reduce((n, c) => n + c.size, 0);
  const targets: ComplaintTarget[] = [];
  for (const county of regions.counties) {
    const drafts: EvaluationDraft[] = [];
    for (const slot of planCounty(seed, county)) {
      const bundle = buildInstitution(slot, ctx);
      drafts.push(...bundle.evaluations);
      if (bundle.profile.row.status === '执业' && isComplaintTarget(seed, slot.index, total)) {
        targets.push({ institutionId: bundle.id, regionCode: slot.township.code });
      }
      yield { kind: 'institution', slot, bundle };
    }
    applyCutInPlace(drafts);
    // Downgrades are not rows of the stream: the demo supervisors record them afterwards through
    // the admin functions (src/demo/demo-downgrades.ts, planDowngrades).
    yield { kind: 'county', county, evaluations: drafts.map((d) => d.row) };
  }
  const seat = regions.counties[0]?.townships[0]?.code;
  if (seat) yield { kind: 'complaints', ...makeComplaints(seed, total, targets, seat, ctx.ids, secrets) };
}

/** All rows of a small demo in memory, by table (fixtures and tests). */
export interface DemoRows {
  regions: DemoRegions;
  institutions: (InstitutionRow & { id: number })[];
  slots: InstitutionSlot[];
  staff: StaffRow[];
  commitments: CommitmentRow[];
  evaluations: EvaluationRow[];
  penalties: PenaltyRow[];
  point_records: PointRecordRow[];
  point_appeals: PointAppealRow[];
  self_inspections: SelfInspectionRow[];
  ratings: RatingRow[];
  serious_dishonesty: SeriousDishonestyRow[];
  complaints: ComplaintRow[];
  complaint_events: ComplaintEventRow[];
}

export function collectDemo(seed: number, institutions: number, secrets?: ComplaintSecrets): DemoRows {
  const regions = makeRegions(seed, institutions);
  const out: DemoRows = {
    regions,
    institutions: [],
    slots: [],
    staff: [],
    commitments: [],
    evaluations: [],
    penalties: [],
    point_records: [],
    point_appeals: [],
    self_inspections: [],
    ratings: [],
    serious_dishonesty: [],
    complaints: [],
    complaint_events: [],
  };
  for (const e of demoStream(seed, regions, secrets)) {
    if (e.kind === 'institution') {
      const b = e.bundle;
      out.slots.push(e.slot);
      out.institutions.push({ id: b.id, ...b.profile.row });
      out.staff.push(...b.staff);
      if (b.commitment) out.commitments.push(b.commitment);
      out.penalties.push(...b.penalties);
      out.point_records.push(...b.points);
      out.point_appeals.push(...b.appeals);
      out.self_inspections.push(...b.selfInspections);
      out.ratings.push(...b.ratings);
      if (b.dishonesty) out.serious_dishonesty.push(b.dishonesty);
    } else if (e.kind === 'county') {
      out.evaluations.push(...e.evaluations);
    } else {
      out.complaints.push(...e.complaints);
      out.complaint_events.push(...e.events);
    }
  }
  return out;
}
