/**
 * 典型案例曝光 (typical cases), issue 12 item 10. Seed 004 asks the districts to "曝光典型案例"
 * of illegal practice; seed 000/003 make the public page and the complaint channel the places a
 * citizen reads them. A case is a write-up of one administrative penalty (linked by its decision
 * number), written and published by an administrator (roles.ts 'case.publish'), and can be
 * withdrawn again. The public list shows published cases only.
 *
 * Privacy: a case names the institution and the penalty, never a complainant or a patient —
 * the text is refused when it carries personal details (redaction.ts finds phone numbers, ID
 * numbers, addresses and "投诉人/患者姓名…" cues).
 */
import { containsPersonalDetails } from './redaction';
import { defineTransitions, type ActionOf, type StateOf } from './lifecycle-transitions';
import { isIsoDate, type IsoDate } from './working-days';

export const CASE_TRANSITIONS = defineTransitions({
  kind: '典型案例',
  stateLabels: { draft: '草稿（未公开）', published: '已公开', withdrawn: '已撤回' },
  actionLabels: { publish: '公开', withdraw: '撤回' },
  rules: [
    // A withdrawn case may be published again (e.g. after correcting its text).
    { from: ['draft', 'withdrawn'], action: 'publish', to: 'published', roles: ['admin'] },
    { from: ['published'], action: 'withdraw', to: 'withdrawn', roles: ['admin'] },
  ],
});
export type CaseState = StateOf<typeof CASE_TRANSITIONS>;
export type CaseAction = ActionOf<typeof CASE_TRANSITIONS>;

export interface CaseDraft {
  title: string;
  body: string;
  caseDate: IsoDate;
}

/** Problems with a case write-up (Chinese, empty when fine). */
export function caseProblems(c: CaseDraft, today: IsoDate): string[] {
  const issues: string[] = [];
  if (c.title.trim() === '') issues.push('请填写案例标题');
  if (c.body.trim() === '') issues.push('请填写案例正文');
  if (containsPersonalDetails(`${c.title}\n${c.body}`)) {
    issues.push('案例中含有个人信息（电话、证件号、住址或投诉人、患者姓名等），公开前请删去');
  }
  if (!isIsoDate(c.caseDate)) issues.push('日期格式不正确（应为 YYYY-MM-DD）');
  else if (c.caseDate > today) issues.push('案例日期不能晚于今天');
  return issues;
}

/** The anchor of a case on the public list /cases/. */
export function casePath(id: number): string {
  return `/cases/#case-${id}`;
}
