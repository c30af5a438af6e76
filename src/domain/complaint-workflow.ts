import { DomainError } from './errors';

/**
 * The complaint workflow (投诉举报办理), as a state machine. Seeds 001/003: every report is
 * checked and gets an outcome (有报必查、查必有果), real-name reporters get feedback.
 *
 *   待受理 ──accept──► 已受理 ──start──► 调查中 ──close(outcome)──► 已办结
 *      └──reject(reason)──► 不予受理
 *
 * Assignment (承办人) changes no status and is possible until the complaint is finished.
 * Findings (调查情况) are recorded during the investigation; feedback (反馈, what the real-name
 * complainant reads on the tracking page) can be written once the complaint has been decided
 * on. The database repeats the status rules in a trigger (db/migrations/0002), so a bug in
 * application code cannot skip a step.
 *
 * Deadlines are counted in working days (State Council holidays and 调休 make-up days, from
 * working-days.ts), per complaint category.
 */
import { addCalendarDays, addWorkingDays, isOnOrBefore, toDayNumber, type IsoDate } from './working-days';

export const COMPLAINT_STATUSES = ['待受理', '不予受理', '已受理', '调查中', '已办结'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses from which nothing but feedback can change. */
export const FINAL_STATUSES: readonly ComplaintStatus[] = ['不予受理', '已办结'];

export const OUTCOMES = ['查实', '部分查实', '不属实', '非本辖区', '重复'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes that say what the investigation found, so they need written findings. */
const OUTCOMES_NEEDING_FINDINGS: readonly Outcome[] = ['查实', '部分查实', '不属实'];

export const ACTIONS = ['accept', 'reject', 'assign', 'start', 'findings', 'close', 'feedback'] as const;
export type ComplaintAction = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<ComplaintAction, string> = {
  accept: '受理',
  reject: '不予受理',
  assign: '指派承办人',
  start: '开始调查',
  findings: '记录调查情况',
  close: '办结',
  feedback: '填写反馈',
};

/** The whole machine: for each status, the actions allowed and the status they lead to. */
export const TRANSITIONS: Readonly<Record<ComplaintStatus, Partial<Record<ComplaintAction, ComplaintStatus>>>> = {
  待受理: { accept: '已受理', reject: '不予受理', assign: '待受理' },
  已受理: { start: '调查中', assign: '已受理', feedback: '已受理' },
  调查中: { findings: '调查中', close: '已办结', assign: '调查中', feedback: '调查中' },
  已办结: { feedback: '已办结' },
  不予受理: { feedback: '不予受理' },
};

/** The status changes the database accepts (the trigger in 0002 lists the same pairs). */
export const STATUS_CHANGES: readonly (readonly [ComplaintStatus, ComplaintStatus])[] = COMPLAINT_STATUSES.flatMap((from) =>
  Object.values(TRANSITIONS[from])
    .filter((to) => to !== from)
    .map((to) => [from, to] as const),
);

export function isComplaintStatus(value: unknown): value is ComplaintStatus {
  return typeof value === 'string' && (COMPLAINT_STATUSES as readonly string[]).includes(value);
}

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

export function allowedActions(status: ComplaintStatus): ComplaintAction[] {
  return ACTIONS.filter((a) => TRANSITIONS[status][a] !== undefined);
}

export function nextStatus(status: ComplaintStatus, action: ComplaintAction): ComplaintStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

/** What a supervisor submits for one action (already parsed by src/schemas/admin-complaint.ts). */
export type ActionInput =
  | { action: 'accept'; note?: string | undefined }
  | { action: 'reject'; reason: string }
  | { action: 'assign'; assigneeId: number }
  | { action: 'start'; note?: string | undefined }
  | { action: 'findings'; findings: string }
  | { action: 'close'; outcome: Outcome; findings?: string | undefined; duplicateOf?: number | undefined; feedback?: string | undefined }
  | { action: 'feedback'; feedback: string };

export interface ComplaintState {
  id: number;
  status: ComplaintStatus;
  findings: string | null;
  /** Real-name (false) complaints must have feedback before they are closed (seed 003). Default: anonymous. */
  anonymous?: boolean;
  feedback?: string | null;
}

/** The columns an action sets; the db layer writes exactly these (plus timestamps). */
export interface TransitionPlan {
  from: ComplaintStatus;
  to: ComplaintStatus;
  set: {
    assignedTo?: number;
    rejectReason?: string;
    findings?: string;
    outcome?: Outcome;
    duplicateOf?: number | null;
    feedback?: string;
  };
  /** Text kept in the complaint's history. */
  note: string;
}

export class WorkflowError extends DomainError {
  /** 'transition': not possible in the current status (a conflict); 'input': something is missing or wrong. */
  readonly step: 'transition' | 'input';
  constructor(message: string, step: 'transition' | 'input' = 'input') {
    super(message, step === 'transition' ? 'conflict' : 'invalid');
    this.name = 'WorkflowError';
    this.step = step;
  }
}

const blank = (s: string | null | undefined) => s === undefined || s === null || s.trim() === '';

/**
 * Checks an action against the current state and says what to write. Throws WorkflowError
 * (Chinese message naming the field) when the action is not allowed now or misses something.
 */
export function planTransition(current: ComplaintState, input: ActionInput): TransitionPlan {
  const to = nextStatus(current.status, input.action);
  if (to === null) {
    throw new WorkflowError(`当前状态为“${current.status}”，不能执行“${ACTION_LABELS[input.action]}”`, 'transition');
  }
  const base = { from: current.status, to };
  switch (input.action) {
    case 'accept':
      return { ...base, set: {}, note: input.note?.trim() || '予以受理' };
    case 'reject':
      if (blank(input.reason)) throw new WorkflowError('不予受理理由：必填');
      return { ...base, set: { rejectReason: input.reason.trim() }, note: input.reason.trim() };
    case 'assign':
      if (!Number.isInteger(input.assigneeId) || input.assigneeId <= 0) throw new WorkflowError('承办人：请选择承办人');
      return { ...base, set: { assignedTo: input.assigneeId }, note: '' };
    case 'start':
      return { ...base, set: {}, note: input.note?.trim() || '开始调查核实' };
    case 'findings':
      if (blank(input.findings)) throw new WorkflowError('调查情况：必填');
      return { ...base, set: { findings: input.findings.trim() }, note: input.findings.trim() };
    case 'close': {
      const given = input.findings?.trim() ?? '';
      const findings = given === '' ? current.findings : given;
      if (OUTCOMES_NEEDING_FINDINGS.includes(input.outcome) && blank(findings)) {
        throw new WorkflowError(`调查情况：办结结果为“${input.outcome}”时必须写明调查情况`);
      }
      let duplicateOf: number | null = null;
      if (input.outcome === '重复') {
        if (input.duplicateOf === undefined || !Number.isInteger(input.duplicateOf) || input.duplicateOf <= 0) {
          throw new WorkflowError('原投诉编号：办结结果为“重复”时必须填写原投诉');
        }
        if (input.duplicateOf === current.id) throw new WorkflowError('原投诉编号：不能指向本投诉自身');
        duplicateOf = input.duplicateOf;
      }
      // Seed 003 (投诉举报处理): 实名举报必须反馈 — a real-name complainant is told the result, so a
      // real-name complaint is closed only with feedback (written before, or given with the close).
      const feedback = input.feedback?.trim() ?? '';
      if (current.anonymous === false && feedback === '' && blank(current.feedback)) {
        throw new WorkflowError('反馈内容：实名举报必须反馈，办结前请填写给举报人的反馈');
      }
      const set: TransitionPlan['set'] = { outcome: input.outcome, duplicateOf };
      if (given !== '') set.findings = given;
      if (feedback !== '') set.feedback = feedback;
      return { ...base, set, note: `办结：${input.outcome}` };
    }
    case 'feedback':
      if (blank(input.feedback)) throw new WorkflowError('反馈内容：必填');
      return { ...base, set: { feedback: input.feedback.trim() }, note: input.feedback.trim() };
  }
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/** Time limits of one complaint category, in working days from the day the complaint arrived. */
export interface DeadlineRule {
  acceptWithinWorkingDays: number;
  closeWithinWorkingDays: number;
}

/** Used when a category has no rule of its own: accept within 3, close within 15 working days. */
export const DEFAULT_DEADLINE_RULE: DeadlineRule = { acceptWithinWorkingDays: 3, closeWithinWorkingDays: 15 };

/**
 * Due dates of a complaint received on `receivedOn` (its date in China). The day of receipt is
 * not counted; holidays are skipped and 调休 Saturdays/Sundays count as working days.
 */
export function complaintDueDates(receivedOn: IsoDate, rule: DeadlineRule = DEFAULT_DEADLINE_RULE): { acceptDue: IsoDate; closeDue: IsoDate } {
  return {
    acceptDue: addWorkingDays(receivedOn, rule.acceptWithinWorkingDays),
    closeDue: addWorkingDays(receivedOn, rule.closeWithinWorkingDays),
  };
}

export interface DeadlineFacts {
  status: ComplaintStatus;
  acceptDue: IsoDate;
  closeDue: IsoDate;
}

/** The deadline the complaint is working towards now, or null when it is finished. */
export function currentDeadline(c: DeadlineFacts): { kind: 'accept' | 'close'; due: IsoDate } | null {
  if (c.status === '待受理') return { kind: 'accept', due: c.acceptDue };
  if (c.status === '已受理' || c.status === '调查中') return { kind: 'close', due: c.closeDue };
  return null;
}

/** Overdue (超期) on `today`: the current deadline is past (the due day itself is still in time). */
export function isOverdue(c: DeadlineFacts, today: IsoDate): boolean {
  const d = currentDeadline(c);
  return d !== null && !isOnOrBefore(today, d.due);
}

/** How a complaint arrived, in Chinese (the stored codes are web, api, 12345, 政务App, 信访, other). */
export const CHANNEL_LABELS: Record<string, string> = { web: '网站', api: '接口', '12345': '12345热线', 政务App: '政务App', 信访: '信访', other: '其他渠道' };

/** A history entry's note with stored codes in it ("来源：web", written by the intake) in Chinese. */
export function eventNoteText(note: string | null): string | null {
  if (note === null) return null;
  return note.replace(/^来源：(web|api|12345|other)$/, (_, ch: string) => `来源：${CHANNEL_LABELS[ch] ?? ch}`);
}

/** Days in the 到期提醒 window (today included): see dueWindow. */
export const DUE_WINDOW_DAYS = 7;

/**
 * The "due soon" window of 工作台 and /admin/due: today and the 6 days after it. It used to be
 * "today to Sunday", which on a Sunday covered one day and on a Saturday two — exactly when a
 * supervisor plans the coming week. Seven days ahead is the same length every day, and it always
 * reaches the next Monday's and Friday's deadlines.
 */
export function dueWindow(today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: today, to: addCalendarDays(today, DUE_WINDOW_DAYS - 1) };
}

/** Due within the window and not yet overdue: the current deadline falls between today and today + 6. */
export function isDueSoon(c: DeadlineFacts, today: IsoDate): boolean {
  const d = currentDeadline(c);
  if (!d) return false;
  const due = toDayNumber(d.due);
  return due >= toDayNumber(today) && due <= toDayNumber(dueWindow(today).to);
}

/** Working days left until the current deadline (negative when overdue), for the table. */
export function daysLeftLabel(c: DeadlineFacts, today: IsoDate): string {
  const d = currentDeadline(c);
  if (!d) return '';
  const diff = toDayNumber(d.due) - toDayNumber(today);
  if (diff < 0) return `已超期 ${-diff} 天`;
  if (diff === 0) return '今日到期';
  return `剩 ${diff} 天`;
}
