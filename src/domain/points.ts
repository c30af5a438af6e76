import { DomainError } from './errors';
/**
 * Bad-practice point records (不良执业行为记分), seed 000 (XX区…记分管理实施方案).
 *
 * Who: "谁检查、谁记分，谁发现、谁记分，谁处置、谁记分" — the department that inspected, found
 * or handled it records the points, against a medical institution or a member of its staff.
 *
 * Deadlines (seed 000 二、职责分工):
 * - the 记分通知书 goes to the scored party "3日内" after the department head approves it
 *   (审批后) — we count from the approval date, or from the finding date if no approval date is
 *   recorded (stricter, never later). Note: DESIGN.md says "within 3 days" without a start; the
 *   seed's "报分管领导审批后，3日内送被记分单位" wins;
 * - the department reports to the office "10日内" after approval; the office records it on the
 *   provincial platform "于3日内";
 * - the scored party may appeal "在收到《记分通知书》之日起3日内";
 * - the decision is due "受理后10个工作日内".
 * The seed writes 工作日 explicitly where it means working days (the decision), so the plain
 * "N日" periods are calendar days, computed the statutory way (民法典 第二百零一条/第二百零三条:
 * start day not counted; a period ending on a weekend/holiday ends on the next working day).
 *
 * Records are never deleted ("不得消除记分"): an upheld appeal voids a record, which stays with
 * status 'voided'. Publication: "每季度开始的首月10日前" for the previous quarter. Monthly
 * reporting: every department reports "每月10日前", and "没有记分的，实行零报制度".
 */
import { addWorkingDays, calendarDayDeadline, isOnOrBefore, parseIsoDate, toDayNumber, type IsoDate } from './working-days';

/**
 * Note: DESIGN.md summarises the sources as "inspections, validation, quality control,
 * complaints and penalties"; the seed's fuller list wins.
 *
 * Where the bad practice was found — the checks and management activities the seed lists
 * (审批校验、日常管理、综合监督、运行评价、医院评审、质控督查、投诉举报, plus 专项检查 and
 * 行政处罚 from 四(三)), and 其他 for anything else.
 */
export const POINT_SOURCES = ['审批校验', '日常管理', '综合监督', '运行评价', '医院评审', '质控督查', '投诉举报', '专项检查', '行政处罚', '其他'] as const;
export type PointSource = (typeof POINT_SOURCES)[number];

/** Departments that record points (seed 000 二), plus the supervision institute. */
export const SEED_DEPARTMENTS = [
  '医疗机构行政审批（综合监督）',
  '医政医管',
  '基层卫生（中医药管理）',
  '家庭发展',
  '疾病控制',
  '规划财务',
  '卫生监督所',
] as const;

export type PointTarget = { kind: 'institution'; institutionId: string } | { kind: 'staff'; staffId: string; institutionId: string | null };

export type AppealOutcome = 'upheld' | 'rejected';

export interface Appeal {
  filedOn: IsoDate;
  /** Date the commission accepted (受理) the appeal; null while not (yet) accepted. */
  acceptedOn: IsoDate | null;
  decision: { decidedOn: IsoDate; outcome: AppealOutcome; note: string } | null;
}

export interface PointRecord {
  id: string;
  target: PointTarget;
  source: PointSource;
  /** Recording department (记分科室). */
  department: string;
  /** Date the bad practice was found; it decides the year, quarter and month of the record. */
  foundOn: IsoDate;
  /** Date the department head approved the points (分管领导审批), if recorded. */
  approvedOn: IsoDate | null;
  points: number;
  description: string;
  noticeSentOn: IsoDate | null;
  noticeReceivedOn: IsoDate | null;
  appeal: Appeal | null;
}

export type PointStatus = 'effective' | 'under-appeal' | 'voided';

export const POINT_STATUS_LABELS: Record<PointStatus, string> = {
  effective: '有效',
  'under-appeal': '申诉处理中',
  voided: '申诉成立，记分撤销（记录保留）',
};

export const NOTICE_WITHIN_DAYS = 3;
export const OFFICE_REPORT_WITHIN_DAYS = 10;
export const PLATFORM_ENTRY_WITHIN_DAYS = 3;
export const APPEAL_WITHIN_DAYS = 3;
export const DECISION_WITHIN_WORKING_DAYS = 10;
/** Quarterly publication and monthly reports are due "10日前" — read as on or before the 10th. */
export const REPORT_DAY_OF_MONTH = 10;

export function pointStatus(record: PointRecord): PointStatus {
  const decision = record.appeal?.decision ?? null;
  if (decision?.outcome === 'upheld') return 'voided';
  if (record.appeal && decision === null) return 'under-appeal';
  return 'effective';
}

/** Whether the record counts towards totals (everything except voided records). */
export function countsTowardsTotals(record: PointRecord): boolean {
  return pointStatus(record) !== 'voided';
}

export function noticeDueDate(record: Pick<PointRecord, 'foundOn' | 'approvedOn'>): IsoDate {
  return calendarDayDeadline(record.approvedOn ?? record.foundOn, NOTICE_WITHIN_DAYS);
}

export function officeReportDueDate(record: Pick<PointRecord, 'foundOn' | 'approvedOn'>): IsoDate {
  return calendarDayDeadline(record.approvedOn ?? record.foundOn, OFFICE_REPORT_WITHIN_DAYS);
}

/** The office enters the points on the provincial platform within 3 days of receiving them. */
export function platformEntryDueDate(receivedByOfficeOn: IsoDate): IsoDate {
  return calendarDayDeadline(receivedByOfficeOn, PLATFORM_ENTRY_WITHIN_DAYS);
}

/**
 * Last day to enter a point on the provincial platform ("录入省平台"). This platform is the office's
 * own record of the points, so an approved point has reached the office: the seed's 3 days
 * ("办公室于3日内在XX省医疗服务综合监管平台进行记分", calendar days — the seed says 工作日 where it
 * means them) count from the approval, or from the finding when no approval date is recorded
 * (earlier, never later).
 */
export function provincialEntryDueDate(record: Pick<PointRecord, 'foundOn' | 'approvedOn'>): IsoDate {
  return platformEntryDueDate(record.approvedOn ?? record.foundOn);
}

/** Last day to appeal: 3 days from receipt of the 记分通知书. */
export function appealDeadline(noticeReceivedOn: IsoDate): IsoDate {
  return calendarDayDeadline(noticeReceivedOn, APPEAL_WITHIN_DAYS);
}

export function isAppealInTime(noticeReceivedOn: IsoDate, filedOn: IsoDate): boolean {
  return toDayNumber(filedOn) >= toDayNumber(noticeReceivedOn) && isOnOrBefore(filedOn, appealDeadline(noticeReceivedOn));
}

/** Decision due 10 working days after acceptance (受理后10个工作日内). */
export function appealDecisionDueDate(acceptedOn: IsoDate): IsoDate {
  return addWorkingDays(acceptedOn, DECISION_WITHIN_WORKING_DAYS);
}

export interface PointDeadlines {
  noticeDue: IsoDate;
  officeReportDue: IsoDate;
  appealDue: IsoDate | null;
  decisionDue: IsoDate | null;
}

export function pointDeadlines(record: PointRecord): PointDeadlines {
  return {
    noticeDue: noticeDueDate(record),
    officeReportDue: officeReportDueDate(record),
    appealDue: record.noticeReceivedOn ? appealDeadline(record.noticeReceivedOn) : null,
    decisionDue: record.appeal?.acceptedOn ? appealDecisionDueDate(record.appeal.acceptedOn) : null,
  };
}

export type OverdueItem = 'notice' | 'decision';

/** Deadlines missed as of `asOf` (for the supervisors' worklist). */
export function overdueItems(record: PointRecord, asOf: IsoDate): OverdueItem[] {
  const out: OverdueItem[] = [];
  const noticeDue = noticeDueDate(record);
  const noticeDoneOn = record.noticeSentOn;
  if (noticeDoneOn ? !isOnOrBefore(noticeDoneOn, noticeDue) : !isOnOrBefore(asOf, noticeDue)) out.push('notice');
  const acceptedOn = record.appeal?.acceptedOn ?? null;
  if (acceptedOn) {
    const due = appealDecisionDueDate(acceptedOn);
    const decidedOn = record.appeal?.decision?.decidedOn ?? null;
    if (decidedOn ? !isOnOrBefore(decidedOn, due) : !isOnOrBefore(asOf, due)) out.push('decision');
  }
  return out;
}

export class PointRecordError extends DomainError {
  constructor(message: string) {
    super(message, 'conflict');
    this.name = 'PointRecordError';
  }
}

/**
 * Records the decision on an appeal. Returns a new record (the input is not mutated); an
 * upheld appeal voids the record but keeps it, with its decision, for the history.
 */
export function decideAppeal(record: PointRecord, decision: { decidedOn: IsoDate; outcome: AppealOutcome; note: string }): PointRecord {
  const appeal = record.appeal;
  if (!appeal) throw new PointRecordError('该记分没有申诉，不能作出申诉决定');
  if (!appeal.acceptedOn) throw new PointRecordError('申诉尚未受理，不能作出决定');
  if (appeal.decision) throw new PointRecordError('该申诉已作出决定，不能重复决定');
  if (toDayNumber(decision.decidedOn) < toDayNumber(appeal.acceptedOn)) {
    throw new PointRecordError('决定日期不能早于受理日期');
  }
  return { ...record, appeal: { ...appeal, decision: { ...decision } } };
}

/** Validates a new record's own fields. Returns Chinese messages (empty when valid). */
export function validatePointRecord(record: PointRecord): string[] {
  const errors: string[] = [];
  const pointsH = Math.round(record.points * 100);
  if (!Number.isFinite(record.points) || record.points <= 0 || Math.abs(record.points * 100 - pointsH) > 1e-6) {
    errors.push('记分分值必须是大于0、最多两位小数的数字');
  }
  if (!(POINT_SOURCES as readonly string[]).includes(record.source)) errors.push('记分来源不正确');
  if (record.department.trim() === '') errors.push('请填写记分科室');
  const dates: [string, IsoDate | null][] = [
    ['发现日期', record.foundOn],
    ['审批日期', record.approvedOn],
    ['通知书送达日期', record.noticeSentOn],
    ['通知书签收日期', record.noticeReceivedOn],
  ];
  for (const [label, d] of dates) {
    if (d === null) continue;
    try {
      parseIsoDate(d);
    } catch {
      errors.push(`${label}格式不正确（应为 YYYY-MM-DD）`);
    }
  }
  return errors;
}

function pointsHundredths(points: number): number {
  return Math.round(points * 100);
}

export function targetKey(target: PointTarget): string {
  return target.kind === 'institution' ? `institution:${target.institutionId}` : `staff:${target.staffId}`;
}

export interface YearlyTotal {
  target: PointTarget;
  year: number;
  /** Sum of non-voided records' points. */
  points: number;
  recordCount: number;
  voidedCount: number;
  underAppealCount: number;
}

/**
 * Yearly totals per target, by the year of `foundOn`. Voided records are excluded from the sum
 * (but counted in voidedCount); records under appeal still count until decided.
 * Sorted by points descending, then target key.
 */
export function yearlyTotals(records: readonly PointRecord[], year: number): YearlyTotal[] {
  const byTarget = new Map<string, YearlyTotal & { pointsH: number }>();
  for (const r of records) {
    if (parseIsoDate(r.foundOn).year !== year) continue;
    const key = targetKey(r.target);
    let t = byTarget.get(key);
    if (!t) {
      t = { target: r.target, year, points: 0, pointsH: 0, recordCount: 0, voidedCount: 0, underAppealCount: 0 };
      byTarget.set(key, t);
    }
    const status = pointStatus(r);
    t.recordCount += 1;
    if (status === 'voided') {
      t.voidedCount += 1;
      continue;
    }
    if (status === 'under-appeal') t.underAppealCount += 1;
    t.pointsH += pointsHundredths(r.points);
  }
  return [...byTarget.entries()]
    .map(([key, t]) => ({ key, total: t }))
    .sort((a, b) => b.total.pointsH - a.total.pointsH || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ total }) => {
      const { pointsH, ...rest } = total;
      return { ...rest, points: pointsH / 100 };
    });
}

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

export function quarterOf(date: IsoDate): Quarter {
  const { year, month } = parseIsoDate(date);
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as Quarter['quarter'] };
}

/**
 * Publication deadline for a quarter's points: the 10th of the first month of the next quarter
 * ("每季度开始的首月10日前" publishes the quarter just ended). "10日前" is read as "on or before
 * the 10th", the usual reading of such reporting dates in administrative documents (DESIGN.md's
 * "before the 10th" translates the same words; the seed wording is what we follow). Change
 * REPORT_DAY_OF_MONTH to 9 if the commission reads it as strictly before.
 */
export function publicationDueDate(q: Quarter): IsoDate {
  const nextYear = q.quarter === 4 ? q.year + 1 : q.year;
  const firstMonth = q.quarter === 4 ? 1 : q.quarter * 3 + 1;
  return `${nextYear}-${String(firstMonth).padStart(2, '0')}-${String(REPORT_DAY_OF_MONTH).padStart(2, '0')}`;
}

/** The quarter whose publication falls due in the quarter containing `date`. */
export function quarterToPublish(date: IsoDate): Quarter {
  const q = quarterOf(date);
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as Quarter['quarter'] };
}

export interface PublicationEntry {
  record: PointRecord;
  status: Exclude<PointStatus, 'voided'>;
}

/**
 * Records to publish for a quarter: those found in it, except voided ones (an upheld appeal
 * means the points do not stand). Records still under appeal are listed with their status.
 * Sorted by foundOn, then id.
 */
export function quarterlyPublication(records: readonly PointRecord[], q: Quarter): { quarter: Quarter; dueDate: IsoDate; entries: PublicationEntry[] } {
  const entries: PublicationEntry[] = [];
  for (const record of records) {
    const rq = quarterOf(record.foundOn);
    if (rq.year !== q.year || rq.quarter !== q.quarter) continue;
    const status = pointStatus(record);
    if (status === 'voided') continue;
    entries.push({ record, status });
  }
  entries.sort((a, b) => toDayNumber(a.record.foundOn) - toDayNumber(b.record.foundOn) || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  return { quarter: q, dueDate: publicationDueDate(q), entries };
}

export interface MonthlyDepartmentReport {
  department: string;
  year: number;
  month: number;
  /** Due date of this report: the 10th of the following month. */
  dueDate: IsoDate;
  /** True when the department recorded nothing this month (零报告). */
  zeroReport: boolean;
  recordCount: number;
  institutionRecordCount: number;
  staffRecordCount: number;
  /** Points of records that stand (voided excluded). */
  points: number;
  voidedCount: number;
  records: PointRecord[];
}

/**
 * Monthly report per department for the month of `foundOn`. Every department in
 * `departments` gets a row, with zeroReport = true when it has no record (零报制度); records of
 * departments not in the list get rows too (appended, sorted by name), so nothing is lost.
 */
export function monthlyReports(records: readonly PointRecord[], departments: readonly string[], year: number, month: number): MonthlyDepartmentReport[] {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`月份不正确：${month}`);
  const dueYear = month === 12 ? year + 1 : year;
  const dueMonth = month === 12 ? 1 : month + 1;
  const dueDate = `${dueYear}-${String(dueMonth).padStart(2, '0')}-${String(REPORT_DAY_OF_MONTH).padStart(2, '0')}`;

  const byDept = new Map<string, PointRecord[]>();
  for (const d of departments) byDept.set(d, []);
  const extra: string[] = [];
  for (const r of records) {
    const { year: y, month: m } = parseIsoDate(r.foundOn);
    if (y !== year || m !== month) continue;
    let list = byDept.get(r.department);
    if (!list) {
      list = [];
      byDept.set(r.department, list);
      extra.push(r.department);
    }
    list.push(r);
  }
  const order = [...new Set(departments), ...extra.sort()];
  return order.map((department) => {
    const list = byDept.get(department) ?? [];
    let pointsH = 0;
    let voided = 0;
    for (const r of list) {
      if (pointStatus(r) === 'voided') voided += 1;
      else pointsH += pointsHundredths(r.points);
    }
    return {
      department,
      year,
      month,
      dueDate,
      zeroReport: list.length === 0,
      recordCount: list.length,
      institutionRecordCount: list.filter((r) => r.target.kind === 'institution').length,
      staffRecordCount: list.filter((r) => r.target.kind === 'staff').length,
      points: pointsH / 100,
      voidedCount: voided,
      records: list,
    };
  });
}
