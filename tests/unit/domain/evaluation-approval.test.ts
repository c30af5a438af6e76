// The approval rules of entered evaluations (issue 12 item 1): who may approve, return and withdraw.
import { describe, expect, it } from 'vitest';
import { availableActions, decideTransition, JURISDICTION_REFUSAL, SECOND_PERSON_REFUSAL, VIEWER_REFUSAL } from '../../../src/domain/lifecycle-transitions';
import { areaScoreIssues, EVALUATION_SUBMISSION_TRANSITIONS as T } from '../../../src/domain/evaluation-approval';

describe('evaluation submission transitions', () => {
  it('an administrator other than the enterer approves or returns; the enterer may only withdraw', () => {
    expect(decideTransition(T, '待审批', 'approve', { role: 'admin', inJurisdiction: true })).toEqual({ ok: true, next: '已批准' });
    expect(decideTransition(T, '待审批', 'approve', { role: 'admin', inJurisdiction: true, isProposer: true })).toEqual({
      ok: false,
      message: SECOND_PERSON_REFUSAL,
    });
    expect(decideTransition(T, '待审批', 'return', { role: 'admin', inJurisdiction: true, isProposer: true })).toEqual({
      ok: false,
      message: SECOND_PERSON_REFUSAL,
    });
    expect(availableActions(T, '待审批', { role: 'admin', inJurisdiction: true, isProposer: true })).toEqual(['withdraw']);
    expect(availableActions(T, '待审批', { role: 'district', inJurisdiction: true, isProposer: true })).toEqual(['withdraw']);
  });

  it('a district supervisor never approves; outside the jurisdiction nothing; a viewer nothing; decided ones are final', () => {
    expect(decideTransition(T, '待审批', 'approve', { role: 'district', inJurisdiction: true })).toEqual({ ok: false, message: '批准须由委机关管理员办理。' });
    expect(decideTransition(T, '待审批', 'withdraw', { role: 'district', inJurisdiction: false })).toEqual({ ok: false, message: JURISDICTION_REFUSAL });
    expect(decideTransition(T, '待审批', 'withdraw', { role: 'viewer', inJurisdiction: true })).toEqual({ ok: false, message: VIEWER_REFUSAL });
    for (const s of ['已批准', '已退回', '已撤回'] as const) expect(availableActions(T, s, { role: 'admin', inJurisdiction: true })).toEqual([]);
  });
});

describe('scores by content area', () => {
  it('must add up to 实际得分 when given', () => {
    expect(areaScoreIssues(85, [])).toEqual([]);
    expect(
      areaScoreIssues(85.5, [
        { item: '医疗执业管理', score: 40.25 },
        { item: '综合管理', score: 45.25 },
      ]),
    ).toEqual([]);
    expect(areaScoreIssues(85, [{ item: '医疗执业管理', score: 40 }])).toEqual(['各评价内容得分之和（40.00）与实际得分（85.00）不一致']);
  });
});
