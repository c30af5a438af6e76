/**
 * Required inspections per year from the credit level and the risk grade (issue 13, the plan at
 * /admin/plan). Pure: the db reads every institution's level history and inspections in one
 * query, this module does the arithmetic. The table and the decisions are in docs/inspections.md
 * (## 检查计划).
 *
 * Seed 001 附件1 五、卫生监督频率 (医疗机构监督频次表): "优秀 简化监督 1次/年"; "合格 常规监督
 * 1-2次/年"; "差 重点监督 限期整改 不少于4次/年" — and "根据医疗机构调整后的信用级别，调整日常监督的
 * 频次" (the level in force decides, also after a change during the year).
 * Seed 002 三(二): "将医疗机构划分为高、中、低3个风险等级 … 开展有针对性的执法监督措施" — no number.
 * Seed 000 三(二) (and seed 004): "做到各级各类医疗机构监督检查全覆盖，频次每年不少于1次，对问题
 * 突出的医疗机构应增加监督检查频次".
 *
 * Decisions where the seeds give no number: 合格 takes the low end (1) of "1-2次/年" and the
 * high end (2) when the risk grade is 高; 高 risk adds one visit to 优秀 and 差 as well (seed 000
 * "应增加监督检查频次"); 中 and 低 add none; no level (not yet evaluated) counts as 合格 at the
 * low end — the seeds' floor of once a year.
 */
import type { CreditLevel } from './credit-level';
import { fromDayNumber, toDayNumber, type IsoDate } from './working-days';

export type RiskGrade = '高' | '中' | '低';

/** "每年不少于1次" (seeds 000, 004): nobody is planned below this. */
export const ANNUAL_FLOOR = 1;

const LEVEL_VISITS: Record<CreditLevel, number> = { 优秀: 1, 合格: 1, 差: 4 };
const RISK_EXTRA: Record<RiskGrade, number> = { 高: 1, 中: 0, 低: 0 };

export const LEVEL_SOURCE: Record<CreditLevel | '未评价', string> = {
  优秀: '种子001：优秀 简化监督 1次/年',
  合格: '种子001：合格 常规监督 1-2次/年',
  差: '种子001：差 重点监督 限期整改 不少于4次/年',
  未评价: '种子000：频次每年不少于1次',
};

/** Visits a year for a level and risk grade held the whole year. */
export function visitsPerYear(level: CreditLevel | null, risk: RiskGrade | null): number {
  const base = level ? LEVEL_VISITS[level] : ANNUAL_FLOOR;
  return Math.max(ANNUAL_FLOOR, base + (risk ? RISK_EXTRA[risk] : 0));
}

/** A level in force from a date (an annual evaluation, an approved downgrade). */
export interface LevelChange {
  from: IsoDate;
  level: CreditLevel;
}

function daysInYear(year: number): number {
  return toDayNumber(`${year + 1}-01-01`) - toDayNumber(`${year}-01-01`);
}

/** A level change with its date as a day number (converted once: string dates are slow to compare 7,000 times). */
interface DayChange {
  day: number;
  level: CreditLevel;
}

/** A year's levels as day numbers: from each segment's first day, its visits per year (computed once per institution). */
interface YearSegments {
  start: number;
  days: number;
  segments: { from: number; perYear: number }[];
}

/**
 * Changes before the year give the level on 1 January; before the first change the institution has
 * no level; changes after the year do not count.
 */
function yearSegments(year: number, changes: readonly DayChange[], risk: RiskGrade | null): YearSegments {
  const start = toDayNumber(`${year}-01-01`);
  const days = daysInYear(year);
  const segments = [{ from: start, perYear: visitsPerYear(null, risk) }];
  for (const c of changes) {
    const at = Math.max(start, c.day);
    if (at >= start + days) break;
    if (at === start) segments.length = 0;
    segments.push({ from: at, perYear: visitsPerYear(c.level, risk) });
  }
  return { start, days, segments };
}

/** The visits owed by the end of day number `upTo` (inclusive): each level at its yearly rate for the days it was in force. */
function owedUpTo(y: YearSegments, upTo: number): number {
  const end = Math.min(upTo + 1, y.start + y.days);
  let owed = 0;
  y.segments.forEach((seg, i) => {
    const segEnd = Math.min(end, y.segments[i + 1]?.from ?? end);
    if (segEnd > seg.from) owed += (seg.perYear * (segEnd - seg.from)) / y.days;
  });
  return owed;
}

/** Floating sums of fractions land a hair above a whole number (2.0000000001): round that away. */
function ceilClean(x: number): number {
  return Math.ceil(Math.round(x * 1e9) / 1e9);
}
function floorClean(x: number): number {
  return Math.floor(Math.round(x * 1e9) / 1e9);
}

export interface InstitutionPlanInput {
  changes: readonly LevelChange[];
  risk: RiskGrade | null;
  /** Inspections recorded in the year (all kinds count: a visit is a visit). */
  done: number;
}

export interface InstitutionPlan {
  /** Level in force on `asOf` (or at the end of a past year); null: not evaluated. */
  level: CreditLevel | null;
  required: number;
  done: number;
  /** required − done, never below 0. */
  due: number;
  /** Visits that should have happened by `asOf` (pro rata) and did not. */
  overdue: number;
  /** The next visit's pro-rata date, when one is still due. */
  nextBy: IsoDate | null;
  /** True when nothing was recorded this year (the coverage check). */
  notInspected: boolean;
}

function levelOn(changes: readonly DayChange[], on: number): CreditLevel | null {
  let level: CreditLevel | null = null;
  for (const c of changes) if (c.day <= on) level = c.level;
  return level;
}

/**
 * One institution's plan for `year` seen on `asOf`.
 * - required = the pro-rata sum over the year of each level's rate, rounded up, at least once.
 * - overdue: the k-th visit is owed once the pro-rata sum up to `asOf` reaches k (so a once-a-year
 *   institution is overdue only after 31 December; a 差 one every quarter); after the year all
 *   required visits are owed.
 */
export function institutionPlan(year: number, input: InstitutionPlanInput, asOf: IsoDate): InstitutionPlan {
  const asOfDay = toDayNumber(asOf);
  const changes = input.changes.map((c) => ({ day: toDayNumber(c.from), level: c.level })).sort((a, b) => a.day - b.day);
  const y = yearSegments(year, changes, input.risk);
  const lastDay = y.start + y.days - 1;
  const required = Math.max(ANNUAL_FLOOR, ceilClean(owedUpTo(y, lastDay)));
  const owedNow = asOfDay >= lastDay ? required : Math.min(required, floorClean(owedUpTo(y, asOfDay)));
  const due = Math.max(0, required - input.done);
  return {
    level: levelOn(changes, Math.min(Math.max(asOfDay, y.start), lastDay)),
    required,
    done: input.done,
    due,
    overdue: Math.max(0, owedNow - input.done),
    nextBy: due > 0 ? nextVisitBy(y, input.done + 1) : null,
    notInspected: input.done === 0,
  };
}

/** The day on which the pro-rata sum reaches `k` visits (the year's last day at the latest). */
function nextVisitBy(y: YearSegments, k: number): IsoDate {
  // Binary search on the day: owedUpTo is non-decreasing in the date.
  let lo = 0;
  let hi = y.days - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (floorClean(owedUpTo(y, y.start + mid)) >= k) hi = mid;
    else lo = mid + 1;
  }
  return fromDayNumber(y.start + lo);
}

export interface PlanTotals {
  institutions: number;
  required: number;
  done: number;
  due: number;
  overdue: number;
  notInspected: number;
}

export function planTotals(plans: readonly Pick<InstitutionPlan, 'required' | 'done' | 'due' | 'overdue' | 'notInspected'>[]): PlanTotals {
  const t: PlanTotals = { institutions: plans.length, required: 0, done: 0, due: 0, overdue: 0, notInspected: 0 };
  for (const p of plans) {
    t.required += p.required;
    t.done += Math.min(p.done, p.required);
    t.due += p.due;
    t.overdue += p.overdue;
    if (p.notInspected) t.notInspected += 1;
  }
  return t;
}

/** The date a year's plan is seen on: today during the year, its last day after it, its first before it. */
export function planAsOf(year: number, today: IsoDate): IsoDate {
  const y = Number(today.slice(0, 4));
  if (y > year) return `${year}-12-31`;
  if (y < year) return `${year}-01-01`;
  return today;
}

export type PlanSort = 'township' | 'overdue' | 'due' | 'name';

export interface PlanSubject extends InstitutionPlanInput {
  code: string;
  name: string;
  townshipName: string | null;
}

/** Every institution's plan, sorted: by township (county-level first), most overdue, most due, or name. */
export function planTable<T extends PlanSubject>(subjects: readonly T[], year: number, asOf: IsoDate, sort: PlanSort): (T & { plan: InstitutionPlan })[] {
  const rows = subjects.map((s) => ({ ...s, plan: institutionPlan(year, s, asOf) }));
  // One collator for the whole sort: localeCompare with a locale builds one per call (seconds at 7,000 rows).
  const zh = new Intl.Collator('zh-CN');
  const byName = (a: T, b: T) => zh.compare(a.name, b.name) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const byTownship = (a: T, b: T) => zh.compare(a.townshipName ?? '', b.townshipName ?? '');
  const order: Record<PlanSort, (a: T & { plan: InstitutionPlan }, b: T & { plan: InstitutionPlan }) => number> = {
    township: (a, b) => byTownship(a, b) || byName(a, b),
    overdue: (a, b) => b.plan.overdue - a.plan.overdue || b.plan.due - a.plan.due || byTownship(a, b) || byName(a, b),
    due: (a, b) => b.plan.due - a.plan.due || byTownship(a, b) || byName(a, b),
    name: byName,
  };
  return rows.sort(order[sort]);
}

export const PLAN_CSV_HEADER = [
  '乡镇街道',
  '机构编码',
  '机构名称',
  '信用级别',
  '风险等级',
  '应检次数',
  '已检次数',
  '待检次数',
  '逾期次数',
  '下次检查最迟',
] as const;

export function planCsvRow(r: PlanSubject & { plan: InstitutionPlan }): (string | number)[] {
  return [
    r.townshipName ?? '县直',
    r.code,
    r.name,
    r.plan.level ?? '未评价',
    r.risk ?? '未定',
    r.plan.required,
    r.plan.done,
    r.plan.due,
    r.plan.overdue,
    r.plan.nextBy ?? '',
  ];
}
