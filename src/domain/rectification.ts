/**
 * 限期整改 (rectification within a time limit), seed 001.
 *
 * Opening: 附件1 五 监督频次表 "低于60分 差 重点监督 限期整改"; 七(一) "对信用级别“差”的医疗机构，
 * 纳入医疗机构整改单位和重点监管范围，对发现的违法行为依法进行处理，同时责令整改。" — so a 差 level
 * opens one, and so does any finding for which the supervisor orders rectification (责令整改).
 *
 * Consequence: 实施方案 六(三) "对信用评价等级低的医疗机构，进行重点监督，限期整改。对拒不整改或
 * 未能按时整改合格的医疗机构，暂缓校验，暂缓校验期满后仍不能达到要求的，依法注销其《医疗机构执业
 * 许可证》。" and 附件1 七(一) "对符合暂缓校验条件的实施暂缓校验，暂缓校验期满后仍不能达到要求的，
 * 依法注销其《医疗机构执业许可证》。" So: not 整改合格 by the deadline → 逾期未整改 → 暂缓校验
 * (recommended by the supervisor, decided by the commission: 行政审批股 "提供被暂缓校验的医疗机构
 * 名单") → after the suspension, either the requirements are met or 注销 is recommended (the licence
 * status change itself is recorded on the institution, institution-status.ts). Being 暂缓校验 is
 * also a 差 veto in the next evaluation (附件1 四 "被暂缓校验的…不能评为合格等级").
 *
 * Where the seeds are silent: the length of the period (the 限期整改通知书 states it; counted in
 * calendar days the statutory way like every "N日" here) and the length of the 暂缓校验 (an input).
 * A report handed in after the deadline does not count as "按时": the record must go to 逾期未整改.
 */
import type { CreditLevel } from './credit-level';
import { defineTransitions, type ActionOf, type StateOf } from './lifecycle-transitions';
import { supervisionPlan } from './supervision';
import { calendarDayDeadline, type IsoDate } from './working-days';

export const OVERDUE_CONSEQUENCE_TEXT = '对拒不整改或未能按时整改合格的医疗机构，暂缓校验，暂缓校验期满后仍不能达到要求的，依法注销其《医疗机构执业许可证》。';

/** Whether a level opens a rectification (差: "重点监督 限期整改"). */
export function levelRequiresRectification(level: CreditLevel): boolean {
  return supervisionPlan(level).rectificationRequired;
}

/** Longest period accepted for one order (a typing error guard, not a seed rule). */
export const MAX_RECTIFICATION_DAYS = 365;

/** Deadline "N日内" from the order date (start day not counted; a holiday end runs to the next working day). */
export function rectificationDueDate(orderedOn: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RECTIFICATION_DAYS) {
    throw new RangeError(`整改期限天数必须是1至${MAX_RECTIFICATION_DAYS}之间的整数：${days}`);
  }
  return calendarDayDeadline(orderedOn, days);
}

/**
 * District supervisors (in their districts) and administrators run the rectification and review
 * reports; the 暂缓校验 decision, the end of the suspension and the 注销 recommendation are the
 * commission's (administrator), the 暂缓校验 by a second person after the recommendation.
 */
export const RECTIFICATION_TRANSITIONS = defineTransitions({
  kind: '限期整改',
  stateLabels: {
    rectifying: '整改中',
    'report-submitted': '已提交整改报告，待复查',
    rectified: '已整改',
    overdue: '逾期未整改',
    'suspension-recommended': '逾期未整改，已建议暂缓校验',
    'validation-suspended': '暂缓校验中',
    'cancellation-recommended': '暂缓校验期满仍未达到要求，已建议依法注销许可证',
    withdrawn: '已撤销',
  },
  actionLabels: {
    'submit-report': '登记整改报告',
    'review-pass': '复查认定整改合格',
    'review-fail': '复查认定整改不合格',
    'mark-overdue': '认定逾期未整改',
    'recommend-suspension': '建议暂缓校验',
    'suspend-validation': '登记暂缓校验决定',
    'suspension-passed': '认定暂缓校验期满达到要求',
    'recommend-cancellation': '建议依法注销《医疗机构执业许可证》',
    withdraw: '撤销整改通知',
  },
  rules: [
    { from: ['rectifying'], action: 'submit-report', to: 'report-submitted', roles: ['admin', 'district'] },
    { from: ['report-submitted'], action: 'review-pass', to: 'rectified', roles: ['admin', 'district'] },
    { from: ['report-submitted'], action: 'review-fail', to: 'rectifying', roles: ['admin', 'district'] },
    { from: ['rectifying'], action: 'mark-overdue', to: 'overdue', roles: ['admin', 'district'] },
    { from: ['overdue'], action: 'recommend-suspension', to: 'suspension-recommended', roles: ['admin', 'district'] },
    { from: ['suspension-recommended'], action: 'suspend-validation', to: 'validation-suspended', roles: ['admin'], secondPerson: true },
    { from: ['validation-suspended'], action: 'suspension-passed', to: 'rectified', roles: ['admin'] },
    { from: ['validation-suspended'], action: 'recommend-cancellation', to: 'cancellation-recommended', roles: ['admin'] },
    { from: ['rectifying', 'report-submitted'], action: 'withdraw', to: 'withdrawn', roles: ['admin'] },
  ],
});
export type RectificationState = StateOf<typeof RECTIFICATION_TRANSITIONS>;
export type RectificationAction = ActionOf<typeof RECTIFICATION_TRANSITIONS>;

export interface RectificationRecord {
  state: RectificationState;
  orderedOn: IsoDate;
  dueOn: IsoDate;
  reportSubmittedOn: IsoDate | null;
  /** Date of the review that found it 整改合格 (or of the end of the suspension). */
  rectifiedOn: IsoDate | null;
  suspendedOn: IsoDate | null;
  /** Last day of the 暂缓校验 (from the commission's decision). */
  suspensionEndsOn: IsoDate | null;
}

/**
 * The date rules of an action taken on `on` (null when fine). The transition table says who and
 * from which state; this says when.
 */
export function rectificationDateBlocker(action: RectificationAction, r: RectificationRecord, on: IsoDate): string | null {
  switch (action) {
    case 'submit-report':
      return on > r.dueOn ? `整改期限（${r.dueOn}）已过，未能按时整改，应认定逾期未整改` : null;
    case 'mark-overdue':
      return on <= r.dueOn ? `整改期限至${r.dueOn}，期限届满前不能认定逾期` : null;
    case 'suspension-passed':
    case 'recommend-cancellation':
      if (r.suspensionEndsOn === null) return '请先登记暂缓校验期限';
      return on <= r.suspensionEndsOn ? `暂缓校验期至${r.suspensionEndsOn}，期满后才能认定` : null;
    default:
      return null;
  }
}

/** What the rectification does with a review outcome (整改合格 / 不合格). */
export function reviewAction(outcome: '整改合格' | '整改不合格'): RectificationAction {
  return outcome === '整改合格' ? 'review-pass' : 'review-fail';
}

/** The worklist's flag: still open and past the deadline. */
export function isPastDue(r: Pick<RectificationRecord, 'state' | 'dueOn'>, asOf: IsoDate): boolean {
  return r.state === 'rectifying' && asOf > r.dueOn;
}

/**
 * The public page's line next to the level (null: nothing to show). Internal steps (a
 * recommendation not yet decided) are shown as the public fact they follow from.
 */
export function rectificationPublicText(r: RectificationRecord): string | null {
  switch (r.state) {
    case 'rectifying':
      return `整改中：${r.orderedOn}责令限期整改，整改期限至${r.dueOn}`;
    case 'report-submitted':
      return `整改中：${r.orderedOn}责令限期整改，已于${r.reportSubmittedOn ?? r.orderedOn}提交整改报告，待复查`;
    case 'rectified':
      return `已整改：${r.orderedOn}责令限期整改，${r.rectifiedOn ?? r.dueOn}经复查整改合格`;
    case 'overdue':
    case 'suspension-recommended':
      return `逾期未整改：${r.orderedOn}责令限期整改，整改期限${r.dueOn}届满未整改合格`;
    case 'validation-suspended':
      return `逾期未整改，暂缓校验${r.suspendedOn ? `（${r.suspendedOn}起${r.suspensionEndsOn ? `至${r.suspensionEndsOn}` : ''}）` : ''}`;
    case 'cancellation-recommended':
      return '暂缓校验期满后仍未达到要求';
    case 'withdrawn':
      return null;
  }
}
