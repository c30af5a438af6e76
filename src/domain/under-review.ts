/**
 * 复核中: an appeal or review of an evaluation, a downgrade or a point (issue 12 item 5).
 *
 * Seed 000 二 gives the only review procedure in the seeds: "被记分的单位或个人对记分有异议的，在
 * 收到《记分通知书》之日起3日内可向区卫生计生委进行申诉，受理后10个工作日内须做出决定。" The same
 * periods are used for a 评价结果告知书 and a 降级通知书, whose seed (001) gives no review period of
 * its own — one procedure for every notice the commission sends, counted from receipt of the notice.
 * "3日内" is calendar days the statutory way, "10个工作日" working days with holidays and 调休
 * (points.ts appealDeadline / appealDecisionDueDate, working-days.ts).
 *
 * States: 申请 → 受理 → 维持 / 撤销 / 变更 (or 不予受理, or withdrawn by the applicant). A late
 * application is recorded but can only be 不予受理. A point can be 维持 or 撤销 only: "不得消除记分"
 * keeps the record, and points.ts has no changed value (a different value is a new record).
 *
 * While pending: an evaluation shows 复核中 instead of its level (disclosure-board.ts levelDisplay);
 * a point still counts, marked 申诉处理中 (points.ts); a downgrade stays in force, marked 复核中 —
 * the 降级通知书 took effect when issued and seed 001 gives no suspension.
 */
import type { EvaluationRecord } from './disclosure-board';
import { defineTransitions, type ActionOf, type StateOf } from './lifecycle-transitions';
import { APPEAL_WITHIN_DAYS, appealDeadline, appealDecisionDueDate, DECISION_WITHIN_WORKING_DAYS, isAppealInTime, type AppealOutcome } from './points';
import { calendarDaysBetween, workingDaysBetween, type IsoDate } from './working-days';

export { APPEAL_WITHIN_DAYS, DECISION_WITHIN_WORKING_DAYS };

export const REVIEW_ITEMS = ['evaluation', 'downgrade', 'point'] as const;
export type ReviewItem = (typeof REVIEW_ITEMS)[number];

/**
 * Supervisors record the application (it reaches them on paper); the commission (administrator)
 * accepts and decides — seed 000: "向区卫生计生委进行申诉".
 */
export const REVIEW_TRANSITIONS = defineTransitions({
  kind: '复核申请',
  stateLabels: {
    applied: '已申请，待受理',
    accepted: '已受理，复核中',
    'not-accepted': '不予受理',
    maintained: '复核决定：维持',
    revoked: '复核决定：撤销',
    changed: '复核决定：变更',
    withdrawn: '申请人已撤回',
  },
  actionLabels: {
    accept: '受理',
    refuse: '不予受理',
    maintain: '决定维持',
    revoke: '决定撤销',
    change: '决定变更',
    withdraw: '登记撤回申请',
  },
  rules: [
    { from: ['applied'], action: 'accept', to: 'accepted', roles: ['admin'] },
    { from: ['applied'], action: 'refuse', to: 'not-accepted', roles: ['admin'] },
    { from: ['accepted'], action: 'maintain', to: 'maintained', roles: ['admin'] },
    { from: ['accepted'], action: 'revoke', to: 'revoked', roles: ['admin'] },
    { from: ['accepted'], action: 'change', to: 'changed', roles: ['admin'] },
    { from: ['applied', 'accepted'], action: 'withdraw', to: 'withdrawn', roles: ['admin', 'district'] },
  ],
});
export type ReviewState = StateOf<typeof REVIEW_TRANSITIONS>;
export type ReviewAction = ActionOf<typeof REVIEW_TRANSITIONS>;

export const ITEM_LABELS: Record<ReviewItem, string> = {
  evaluation: '信用评价结果',
  downgrade: '降级决定',
  point: '不良执业行为记分',
};

/** The notice whose receipt starts the period. */
export const ITEM_NOTICES: Record<ReviewItem, string> = {
  evaluation: '《信用评价结果告知书》',
  downgrade: '《信用评价等级降级通知书》',
  point: '《记分通知书》',
};

export interface ReviewRecord {
  item: ReviewItem;
  state: ReviewState;
  /** Date the applicant received the notice. */
  noticeReceivedOn: IsoDate;
  filedOn: IsoDate;
  acceptedOn: IsoDate | null;
  decidedOn: IsoDate | null;
  /** For 变更: what it was changed to, in words (e.g. "信用级别变更为合格"). */
  decisionNote: string | null;
}

/** Last day to apply: 3 days from receipt of the notice. */
export function applicationDeadline(noticeReceivedOn: IsoDate): IsoDate {
  return appealDeadline(noticeReceivedOn);
}

export function applicationInTime(r: Pick<ReviewRecord, 'noticeReceivedOn' | 'filedOn'>): boolean {
  return isAppealInTime(r.noticeReceivedOn, r.filedOn);
}

/** Decision due 10 working days after acceptance. */
export function decisionDueDate(acceptedOn: IsoDate): IsoDate {
  return appealDecisionDueDate(acceptedOn);
}

/**
 * Item- and date-rules of an action (null when fine); the transition table says who and from
 * which state.
 */
export function reviewActionBlocker(r: ReviewRecord, action: ReviewAction, on: IsoDate): string | null {
  if (action === 'accept' && !applicationInTime(r)) {
    return `申请日期${r.filedOn}已超过期限（收到${ITEM_NOTICES[r.item]}之日起${APPEAL_WITHIN_DAYS}日内，最迟${applicationDeadline(r.noticeReceivedOn)}），只能不予受理`;
  }
  if (action === 'change' && r.item === 'point') return '记分不得消除：对记分的申诉只能决定维持或撤销（撤销后记录保留）';
  if ((action === 'maintain' || action === 'revoke' || action === 'change') && r.acceptedOn !== null && on < r.acceptedOn) {
    return '决定日期不能早于受理日期';
  }
  if (action === 'accept' && on < r.filedOn) return '受理日期不能早于申请日期';
  return null;
}

export type DecisionTimeliness =
  | { status: 'not-accepted' }
  | { status: 'pending'; due: IsoDate; workingDaysLeft: number }
  | { status: 'overdue'; due: IsoDate; daysLate: number }
  | { status: 'on-time'; due: IsoDate }
  | { status: 'late'; due: IsoDate; daysLate: number };

/** Whether the decision is (or was) within 10 working days of acceptance. */
export function decisionTimeliness(r: Pick<ReviewRecord, 'acceptedOn' | 'decidedOn'>, asOf: IsoDate): DecisionTimeliness {
  if (r.acceptedOn === null) return { status: 'not-accepted' };
  const due = decisionDueDate(r.acceptedOn);
  if (r.decidedOn === null) {
    return asOf <= due
      ? { status: 'pending', due, workingDaysLeft: workingDaysBetween(asOf, due) }
      : { status: 'overdue', due, daysLate: calendarDaysBetween(due, asOf) };
  }
  return r.decidedOn <= due ? { status: 'on-time', due } : { status: 'late', due, daysLate: calendarDaysBetween(due, r.decidedOn) };
}

/** A point under appeal on the public page: the seed's word (申诉) with the platform's state (复核中). */
export const POINT_UNDER_REVIEW_TEXT = '复核中（申诉处理中）';

export function isPending(state: ReviewState): boolean {
  return state === 'applied' || state === 'accepted';
}

/**
 * The words next to the item on the public page (null: say nothing — the item stands as it was,
 * e.g. after 不予受理 or a withdrawal).
 */
export function reviewPublicText(r: ReviewRecord, itemLabel: string = ITEM_LABELS[r.item]): string | null {
  const when = r.decidedOn ? `（${r.decidedOn}决定）` : '';
  switch (r.state) {
    case 'applied':
      return `复核中：已于${r.filedOn}对${itemLabel}提出异议，待受理`;
    case 'accepted':
      return `复核中：已于${r.acceptedOn ?? r.filedOn}受理对${itemLabel}的异议，应于${decisionDueDate(r.acceptedOn ?? r.filedOn)}前作出决定`;
    case 'maintained':
      return `经复核，维持原${itemLabel}${when}`;
    case 'revoked':
      return `经复核，撤销原${itemLabel}${when}，原记录保留备查`;
    case 'changed':
      return `经复核，变更原${itemLabel}${r.decisionNote ? `：${r.decisionNote}` : ''}${when}`;
    case 'not-accepted':
    case 'withdrawn':
      return null;
  }
}

/** The evaluation's stored review status (disclosure-board.ts EvaluationRecord.reviewStatus). */
export function evaluationReviewStatus(state: ReviewState): EvaluationRecord['reviewStatus'] {
  if (isPending(state)) return '复核中';
  if (state === 'maintained' || state === 'revoked' || state === 'changed') return '已复核';
  return '无';
}

/**
 * A point's appeal outcome in points.ts terms: there "upheld" means the APPEAL was upheld (the
 * points are voided) — i.e. 撤销 here; 维持 (the points stand) is the appeal "rejected".
 */
export function pointAppealOutcome(state: ReviewState): AppealOutcome | null {
  if (state === 'revoked') return 'upheld';
  if (state === 'maintained') return 'rejected';
  return null;
}
