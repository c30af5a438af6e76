/**
 * 好差评 for complaints: the complainant rates how a finished complaint was handled, a bad rating
 * is verified and followed up by the district's supervisors, and the satisfaction figures are
 * published per district and month. The model is the national 政务服务"好差评" system
 * (国务院办公厅关于建立政务服务"好差评"制度 提高政务服务水平的意见, 国办发〔2019〕51号): five levels,
 * every 差评 verified and answered (整改 where it was justified, 说明 where it was not) within a
 * set time, the result reported back to the person, and the figures made public.
 *
 * Decisions where the issue is silent:
 * - "Closed" is either final status: 已办结 and 不予受理 (a person turned away may well be the one
 *   with the most to say about the handling). The 30 days run in calendar days from the day
 *   (China time) the complaint was closed; that day and the 30 after it are in time.
 * - One review per complaint; within the 30 days it can be changed, each change is kept as a new
 *   version (nothing is edited or deleted) and the latest counts in the figures.
 * - A bad review opens one follow-up, due in 15 working days (the holiday calendar of
 *   working-days.ts). While one is open, a later bad version joins it; a bad review after the
 *   follow-up was closed opens a new one (the answer did not satisfy).
 * - The verification decides the kind of answer: 属实 / 部分属实 → 整改 (put right), 不属实 → 说明
 *   (explain the handling to the person).
 * - Small numbers are never shown as a bare percentage: below SMALL_COUNT only the counts are
 *   shown ("3 条评价中 2 条满意"), from it on the percentage with its counts.
 */
import { csvDocument } from './csv';
import { DomainError } from './errors';
import { FINAL_STATUSES, isComplaintStatus } from './complaint-workflow';
import { addCalendarDays, addWorkingDays, isOnOrBefore, type IsoDate } from './working-days';

export const SATISFACTION_LEVELS = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/** 满意率 counts "满意 or better". */
export const SATISFIED_LEVELS: readonly SatisfactionLevel[] = ['非常满意', '满意'];
/** 差评: these open a follow-up. */
export const BAD_LEVELS: readonly SatisfactionLevel[] = ['不满意', '非常不满意'];

/** The fixed list of reasons a complainant may tick (any level; most useful with a bad one). */
export const SATISFACTION_REASONS = ['处理不及时', '未解决问题', '态度不好', '结果未反馈', '处理结果不公正', '解释说明不清楚', '其他'] as const;
export type SatisfactionReason = (typeof SATISFACTION_REASONS)[number];

export const REVIEW_WINDOW_DAYS = 30;
export const FOLLOW_UP_WORKING_DAYS = 15;

export const FOLLOW_UP_VERIFICATIONS = ['属实', '部分属实', '不属实'] as const;
export type FollowUpVerification = (typeof FOLLOW_UP_VERIFICATIONS)[number];
export type FollowUpResolution = '整改' | '说明';

export function isSatisfactionLevel(v: unknown): v is SatisfactionLevel {
  return typeof v === 'string' && (SATISFACTION_LEVELS as readonly string[]).includes(v);
}

export function isBadLevel(level: SatisfactionLevel): boolean {
  return BAD_LEVELS.includes(level);
}

/** The last day a complaint closed on `closedOn` can be rated (or its rating changed). */
export function reviewDeadline(closedOn: IsoDate): IsoDate {
  return addCalendarDays(closedOn, REVIEW_WINDOW_DAYS);
}

/** What the status page shows about rating the handling (satisfactionView in src/handlers/intake/satisfaction.ts). */
export interface SatisfactionView {
  levels: readonly string[];
  reasons: readonly string[];
  /** The review form is offered (closed, within the 30 days). */
  canReview: boolean;
  /** Why not, when the complaint is closed but the period is over (null while open: nothing to say yet). */
  closedNote: string | null;
  /** The last day to rate or change the rating. */
  deadline: string | null;
  current: { level: string; reasons: string[]; comment: string | null; submittedAt: string; versions: number } | null;
  followUp: { dueOn: string; closedAt: string | null; resolution: string | null; result: string | null } | null;
}

export interface ReviewableComplaint {
  status: string;
  /** The day (China time) it was closed; null while it is open. */
  closedOn: IsoDate | null;
}

/** Whether a review can be given (or changed) today; the Chinese reason when not. */
export function reviewRefusal(c: ReviewableComplaint, today: IsoDate): string | null {
  if (!isComplaintStatus(c.status) || !FINAL_STATUSES.includes(c.status) || c.closedOn === null) {
    return `这件投诉目前“${c.status}”，办结后才能评价办理情况。`;
  }
  const last = reviewDeadline(c.closedOn);
  if (!isOnOrBefore(today, last)) {
    return `评价期限已过：投诉于 ${c.closedOn} 办结，办结后 ${REVIEW_WINDOW_DAYS} 天内（${last} 前）可以评价，现已不能评价或修改。`;
  }
  return null;
}

/** Throws a conflict DomainError when the complaint cannot be rated today. */
export function checkReviewAllowed(c: ReviewableComplaint, today: IsoDate): void {
  const refusal = reviewRefusal(c, today);
  if (refusal) throw new DomainError(refusal, 'conflict');
}

/** What a new review version does to follow-ups: open one, or nothing (good level, or one is open). */
export function followUpAfterReview(level: SatisfactionLevel, hasOpenFollowUp: boolean): 'open' | 'none' {
  return isBadLevel(level) && !hasOpenFollowUp ? 'open' : 'none';
}

/** The follow-up's deadline: 15 working days after the day of the bad review. */
export function followUpDueDate(reviewedOn: IsoDate): IsoDate {
  return addWorkingDays(reviewedOn, FOLLOW_UP_WORKING_DAYS);
}

export function isFollowUpOverdue(f: { dueOn: IsoDate; closed: boolean }, today: IsoDate): boolean {
  return !f.closed && !isOnOrBefore(today, f.dueOn);
}

/** 属实 / 部分属实 → 整改; 不属实 → 说明. */
export function resolutionOf(verification: FollowUpVerification): FollowUpResolution {
  return verification === '不属实' ? '说明' : '整改';
}

export const RESOLUTION_LABELS: Record<FollowUpResolution, string> = { 整改: '已整改', 说明: '已解释说明' };

// ---------------------------------------------------------------------------------------------
// Figures

/**
 * Counts of one district in one month (by the month the complaints were closed): everything is
 * about the complaints closed in that month, so the numbers of a month add up.
 */
export interface SatisfactionCounts {
  /** Complaints closed (已办结 or 不予受理). */
  closed: number;
  /** …of them closed by their deadline. */
  closedOnTime: number;
  /** Complaints rated (latest version counts). */
  reviews: number;
  /** …rated 满意 or 非常满意. */
  satisfied: number;
  /** …rated 不满意 or 非常不满意. */
  bad: number;
  /** Follow-ups opened for them. */
  followUps: number;
  /** …of them closed. */
  followUpsClosed: number;
}

export const EMPTY_COUNTS: SatisfactionCounts = { closed: 0, closedOnTime: 0, reviews: 0, satisfied: 0, bad: 0, followUps: 0, followUpsClosed: 0 };

export function addCounts(a: SatisfactionCounts, b: SatisfactionCounts): SatisfactionCounts {
  return {
    closed: a.closed + b.closed,
    closedOnTime: a.closedOnTime + b.closedOnTime,
    reviews: a.reviews + b.reviews,
    satisfied: a.satisfied + b.satisfied,
    bad: a.bad + b.bad,
    followUps: a.followUps + b.followUps,
    followUpsClosed: a.followUpsClosed + b.followUpsClosed,
  };
}

/** Below this many, a share is shown as counts only. */
export const SMALL_COUNT = 20;

export interface Share {
  part: number;
  whole: number;
  /** Percent with one decimal; null when there is nothing to divide by. */
  percent: number | null;
  /** As shown: "无" / "3 条评价中 2 条满意" / "85.0%（40 条评价中 34 条满意）". */
  text: string;
}

export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

/** A share with its counts; `counted` says what the whole and the part are ("条评价", "条满意"). */
export function share(part: number, whole: number, wholeWords: string, partWords: string): Share {
  const p = percent(part, whole);
  const counts = `${whole} ${wholeWords}中 ${part} ${partWords}`;
  const text = p === null ? '无' : whole < SMALL_COUNT ? counts : `${p.toFixed(1)}%（${counts}）`;
  return { part, whole, percent: p, text };
}

export function satisfactionShare(c: SatisfactionCounts): Share {
  return share(c.satisfied, c.reviews, '条评价', '条满意');
}

export function onTimeShare(c: SatisfactionCounts): Share {
  return share(c.closedOnTime, c.closed, '件办结', '件按期');
}

export function followUpShare(c: SatisfactionCounts): Share {
  return share(c.followUpsClosed, c.followUps, '件差评核实', '件已办结');
}

/**
 * Closed by its deadline: a 不予受理 decision is due by the acceptance deadline, a closure by
 * the closing deadline; the due day itself is in time.
 */
export function closedOnTime(c: { status: string; closedOn: IsoDate; acceptDue: IsoDate; closeDue: IsoDate }): boolean {
  return isOnOrBefore(c.closedOn, c.status === '不予受理' ? c.acceptDue : c.closeDue);
}

export interface DistrictMonthCounts {
  /** 'YYYY-MM', China time. */
  month: string;
  /** Region code of the district; null for complaints whose district is unknown. */
  districtCode: string | null;
  districtName: string;
  counts: SatisfactionCounts;
}

export interface FigureRow {
  districtCode: string | null;
  districtName: string;
  counts: SatisfactionCounts;
  satisfaction: Share;
  onTime: Share;
  followUps: Share;
}

export interface MonthFigures {
  month: string;
  /** '2026年11月'. */
  label: string;
  districts: FigureRow[];
  total: FigureRow;
}

export interface SatisfactionFigures {
  months: MonthFigures[];
  total: FigureRow;
}

export function figureRow(districtCode: string | null, districtName: string, counts: SatisfactionCounts): FigureRow {
  return { districtCode, districtName, counts, satisfaction: satisfactionShare(counts), onTime: onTimeShare(counts), followUps: followUpShare(counts) };
}

export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** The published figures: months newest first, districts by code (unknown last), totals. */
export function satisfactionFigures(rows: readonly DistrictMonthCounts[]): SatisfactionFigures {
  const byMonth = new Map<string, DistrictMonthCounts[]>();
  for (const r of rows) byMonth.set(r.month, [...(byMonth.get(r.month) ?? []), r]);
  let total = EMPTY_COUNTS;
  const months = [...byMonth.keys()]
    .sort((a, b) => b.localeCompare(a))
    .map((month) => {
      const list = [...(byMonth.get(month) ?? [])].sort((a, b) => (a.districtCode ?? '\uffff').localeCompare(b.districtCode ?? '\uffff'));
      const sum = list.reduce((acc, r) => addCounts(acc, r.counts), EMPTY_COUNTS);
      total = addCounts(total, sum);
      return {
        month,
        label: monthLabel(month),
        districts: list.map((r) => figureRow(r.districtCode, r.districtName, r.counts)),
        total: figureRow(null, '合计', sum),
      };
    });
  return { months, total: figureRow(null, '合计', total) };
}

// ---------------------------------------------------------------------------------------------
// Open data (/data/satisfaction.csv and .json): one row per district and month

export interface OpenSatisfactionRow {
  month: string;
  district_code: string | null;
  district: string;
  complaints_closed: number;
  closed_on_time: number;
  on_time_rate: number | null;
  reviews: number;
  satisfied: number;
  satisfaction_rate: number | null;
  bad_reviews: number;
  follow_ups: number;
  follow_ups_closed: number;
}

export const OPEN_SATISFACTION_FIELDS: readonly { key: keyof OpenSatisfactionRow; column: string; description: string }[] = [
  { key: 'month', column: '月份', description: '投诉办结的月份（YYYY-MM，北京时间）；该行各数均针对当月办结的投诉。' },
  { key: 'district_code', column: '辖区代码', description: '辖区（乡镇、街道）行政区划代码；辖区未明的为空。' },
  { key: 'district', column: '辖区', description: '辖区名称。' },
  { key: 'complaints_closed', column: '办结投诉数', description: '当月办结（含不予受理）的投诉件数。' },
  { key: 'closed_on_time', column: '按期办结数', description: '其中在期限内办结的件数（不予受理以受理期限计，办结以办结期限计）。' },
  { key: 'on_time_rate', column: '按期办结率', description: '按期办结数 ÷ 办结投诉数 × 100，保留一位小数；无办结时为空。件数少时请结合件数理解。' },
  { key: 'reviews', column: '评价数', description: '投诉人对办理情况作出评价的件数（修改过的以最后一次为准）。' },
  { key: 'satisfied', column: '满意数', description: '评价为“满意”或“非常满意”的件数。' },
  { key: 'satisfaction_rate', column: '满意率', description: '满意数 ÷ 评价数 × 100，保留一位小数；无评价时为空。件数少时请结合件数理解。' },
  { key: 'bad_reviews', column: '差评数', description: '评价为“不满意”或“非常不满意”的件数。' },
  { key: 'follow_ups', column: '差评核实数', description: '因差评启动核实整改的件数。' },
  { key: 'follow_ups_closed', column: '差评核实办结数', description: '其中已核实并整改或说明、反馈投诉人的件数。' },
];

export function openSatisfactionRows(figures: SatisfactionFigures): OpenSatisfactionRow[] {
  return figures.months.flatMap((m) =>
    m.districts.map((d) => ({
      month: m.month,
      district_code: d.districtCode,
      district: d.districtName,
      complaints_closed: d.counts.closed,
      closed_on_time: d.counts.closedOnTime,
      on_time_rate: d.onTime.percent,
      reviews: d.counts.reviews,
      satisfied: d.counts.satisfied,
      satisfaction_rate: d.satisfaction.percent,
      bad_reviews: d.counts.bad,
      follow_ups: d.counts.followUps,
      follow_ups_closed: d.counts.followUpsClosed,
    })),
  );
}

export function satisfactionCsv(rows: readonly OpenSatisfactionRow[]): string {
  return csvDocument([OPEN_SATISFACTION_FIELDS.map((f) => f.column), ...rows.map((r) => OPEN_SATISFACTION_FIELDS.map((f) => r[f.key]))]);
}
