/**
 * Entering an institution's yearly evaluation and having it approved by a second person (issue 12
 * item 1). Seed 001 五、工作步骤: the 监督所 scores on site and "评价结果上报市卫生健康委", which
 * "认定和公布" the level — so what a supervisor enters (or imports) is a submission (待审批), and
 * only an administrator other than the one who entered it makes it the evaluation the public
 * pages read (已批准). A returned submission (已退回) carries the reason; the enterer may withdraw
 * one still waiting (已撤回), and a newer submission for the same institution and year replaces
 * the waiting one (also 已撤回, "被新的录入取代").
 */
import type { CreditEvaluationInput } from './credit-level';
import { defineTransitions, type ActionOf, type StateOf } from './lifecycle-transitions';

export const SUBMISSION_SOURCES = ['录入', '导入'] as const;
export type SubmissionSource = (typeof SUBMISSION_SOURCES)[number];

export const EVALUATION_SUBMISSION_TRANSITIONS = defineTransitions({
  kind: '评价录入',
  stateLabels: { 待审批: '待审批', 已批准: '已批准', 已退回: '已退回', 已撤回: '已撤回' },
  actionLabels: { approve: '批准', return: '退回', withdraw: '撤回' },
  rules: [
    { from: ['待审批'], action: 'approve', to: '已批准', roles: ['admin'], secondPerson: true },
    // Returning is the approver's other answer: the enterer cannot return their own entry either.
    { from: ['待审批'], action: 'return', to: '已退回', roles: ['admin'], secondPerson: true },
    { from: ['待审批'], action: 'withdraw', to: '已撤回', roles: ['admin', 'district'] },
  ],
});
export type SubmissionState = StateOf<typeof EVALUATION_SUBMISSION_TRANSITIONS>;
export type SubmissionAction = ActionOf<typeof EVALUATION_SUBMISSION_TRANSITIONS>;

/** Reason written when a newer submission replaces a waiting one. */
export const SUPERSEDED_REASON = '被新的录入取代';

/**
 * The seed's content areas (seed 001 附件1 三: "评价内容主要涵盖医疗执业管理、母婴保健、专项技术
 * 管理、传染病防治、综合管理等方面"). The sheet has no per-area columns; the form lets the
 * supervisor break 实际得分 down by them (optional), stored as item_scores.
 */
export const CONTENT_AREAS = ['医疗执业管理', '母婴保健', '专项技术管理', '传染病防治', '综合管理'] as const;

export interface AreaScore {
  item: string;
  score: number;
}

/** Problems with a per-area breakdown: when given, it must add up to 实际得分. */
export function areaScoreIssues(actualScore: number, areas: readonly AreaScore[]): string[] {
  if (areas.length === 0) return [];
  const sumH = areas.reduce((s, a) => s + Math.round(a.score * 100), 0);
  const actualH = Math.round(actualScore * 100);
  if (sumH === actualH) return [];
  return [`各评价内容得分之和（${(sumH / 100).toFixed(2)}）与实际得分（${(actualH / 100).toFixed(2)}）不一致`];
}

/**
 * The department inputs of seed 001 附件4 (二、职责分工): which 股室 provides which fact of the
 * evaluation. The form groups the veto conditions by them so each can be checked against its
 * source.
 */
export const DEPARTMENT_INPUTS: readonly { department: string; fields: readonly (keyof CreditEvaluationInput)[] }[] = [
  { department: '医政药政股、中医管理股（医疗事故）', fields: ['majorAccidentFullResponsibility'] },
  { department: '行政审批股（暂缓校验名单）', fields: ['validationSuspended', 'establishmentNonCompliant'] },
  { department: '基层卫生与计划生育指导股（基本公共卫生服务项目）', fields: ['publicHealthScore'] },
  { department: '监察室（行风建设）', fields: ['conductViolation'] },
  { department: '综合监督股、卫生监督所（现场评价与执法）', fields: ['penaltiesThisYear', 'seriousViolationOrImpact', 'safetyOrFireAccident'] },
];
