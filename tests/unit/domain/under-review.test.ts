import { describe, expect, it } from 'vitest';
import {
  REVIEW_TRANSITIONS,
  applicationDeadline,
  applicationInTime,
  decisionDueDate,
  decisionTimeliness,
  evaluationReviewStatus,
  isPending,
  pointAppealOutcome,
  reviewActionBlocker,
  reviewPublicText,
  type ReviewRecord,
} from '../../../src/domain/under-review';

const r: ReviewRecord = {
  item: 'evaluation',
  state: 'applied',
  noticeReceivedOn: '2026-11-02',
  filedOn: '2026-11-04',
  acceptedOn: null,
  decidedOn: null,
  decisionNote: null,
};

describe('"在收到《记分通知书》之日起3日内可…申诉" — calendar days, statutory counting', () => {
  it('3 days from receipt', () => {
    expect(applicationDeadline('2026-11-02')).toBe('2026-11-05');
  });
  it('ending on a Sunday runs to Monday', () => {
    expect(applicationDeadline('2026-11-05')).toBe('2026-11-09');
  });
  it('国庆 2026: received 09-28 → 10-01 holiday → 10-08', () => {
    expect(applicationDeadline('2026-09-28')).toBe('2026-10-08');
  });
  it('调休: received 10-07 → Saturday 10-10 is a make-up working day and ends the period', () => {
    expect(applicationDeadline('2026-10-07')).toBe('2026-10-10');
  });
  it('in time from the receipt day to the deadline, inclusive', () => {
    expect(applicationInTime({ noticeReceivedOn: '2026-11-02', filedOn: '2026-11-02' })).toBe(true);
    expect(applicationInTime({ noticeReceivedOn: '2026-11-02', filedOn: '2026-11-05' })).toBe(true);
    expect(applicationInTime({ noticeReceivedOn: '2026-11-02', filedOn: '2026-11-06' })).toBe(false);
    expect(applicationInTime({ noticeReceivedOn: '2026-11-02', filedOn: '2026-11-01' })).toBe(false);
  });
});

describe('"受理后10个工作日内须做出决定" — working days with holidays and 调休', () => {
  it('accepted Monday 2026-11-02 → 11-16', () => {
    expect(decisionDueDate('2026-11-02')).toBe('2026-11-16');
  });
  it('accepted 2026-09-30, across 国庆 with the 10-10 调休 Saturday → 10-20', () => {
    expect(decisionDueDate('2026-09-30')).toBe('2026-10-20');
  });
  it('accepted 2026-02-14 (调休 Saturday) across 春节 → 03-06', () => {
    expect(decisionDueDate('2026-02-14')).toBe('2026-03-06');
  });
});

describe('decisionTimeliness', () => {
  it('not accepted / pending / overdue / on time / late', () => {
    expect(decisionTimeliness({ acceptedOn: null, decidedOn: null }, '2026-11-20')).toEqual({ status: 'not-accepted' });
    expect(decisionTimeliness({ acceptedOn: '2026-11-02', decidedOn: null }, '2026-11-13')).toEqual({
      status: 'pending',
      due: '2026-11-16',
      workingDaysLeft: 1,
    });
    expect(decisionTimeliness({ acceptedOn: '2026-11-02', decidedOn: null }, '2026-11-16')).toEqual({
      status: 'pending',
      due: '2026-11-16',
      workingDaysLeft: 0,
    });
    expect(decisionTimeliness({ acceptedOn: '2026-11-02', decidedOn: null }, '2026-11-18')).toEqual({ status: 'overdue', due: '2026-11-16', daysLate: 2 });
    expect(decisionTimeliness({ acceptedOn: '2026-11-02', decidedOn: '2026-11-16' }, '2026-12-01')).toEqual({ status: 'on-time', due: '2026-11-16' });
    expect(decisionTimeliness({ acceptedOn: '2026-11-02', decidedOn: '2026-11-17' }, '2026-12-01')).toEqual({ status: 'late', due: '2026-11-16', daysLate: 1 });
  });
});

describe('reviewActionBlocker', () => {
  it('a late application can only be 不予受理', () => {
    const late = { ...r, filedOn: '2026-11-06' };
    expect(reviewActionBlocker(late, 'accept', '2026-11-06')).toBe(
      '申请日期2026-11-06已超过期限（收到《信用评价结果告知书》之日起3日内，最迟2026-11-05），只能不予受理',
    );
    expect(reviewActionBlocker(late, 'refuse', '2026-11-06')).toBeNull();
  });
  it('acceptance not before the application; decisions not before acceptance', () => {
    expect(reviewActionBlocker(r, 'accept', '2026-11-03')).toBe('受理日期不能早于申请日期');
    expect(reviewActionBlocker(r, 'accept', '2026-11-04')).toBeNull();
    const acc = { ...r, state: 'accepted' as const, acceptedOn: '2026-11-05' };
    for (const a of ['maintain', 'revoke', 'change'] as const) {
      expect(reviewActionBlocker(acc, a, '2026-11-04')).toBe('决定日期不能早于受理日期');
      expect(reviewActionBlocker(acc, a, '2026-11-05')).toBeNull();
    }
  });
  it('"不得消除记分": a point can be 维持 or 撤销, not 变更', () => {
    const p = { ...r, item: 'point' as const, state: 'accepted' as const, acceptedOn: '2026-11-05' };
    expect(reviewActionBlocker(p, 'change', '2026-11-06')).toBe('记分不得消除：对记分的申诉只能决定维持或撤销（撤销后记录保留）');
    expect(reviewActionBlocker(p, 'revoke', '2026-11-06')).toBeNull();
  });
});

describe('public wording next to the item', () => {
  it('while pending and after each decision', () => {
    expect(reviewPublicText(r)).toBe('复核中：已于2026-11-04对信用评价结果提出异议，待受理');
    expect(reviewPublicText({ ...r, state: 'accepted', acceptedOn: '2026-11-05' })).toBe(
      '复核中：已于2026-11-05受理对信用评价结果的异议，应于2026-11-19前作出决定',
    );
    expect(reviewPublicText({ ...r, state: 'accepted' })).toContain('已于2026-11-04受理');
    expect(reviewPublicText({ ...r, item: 'point', state: 'maintained', decidedOn: '2026-11-12' })).toBe('经复核，维持原不良执业行为记分（2026-11-12决定）');
    expect(reviewPublicText({ ...r, item: 'downgrade', state: 'revoked', decidedOn: '2026-11-12' })).toBe(
      '经复核，撤销原降级决定（2026-11-12决定），原记录保留备查',
    );
    expect(reviewPublicText({ ...r, state: 'changed', decidedOn: '2026-11-12', decisionNote: '信用级别变更为合格' })).toBe(
      '经复核，变更原信用评价结果：信用级别变更为合格（2026-11-12决定）',
    );
    expect(reviewPublicText({ ...r, state: 'changed' })).toBe('经复核，变更原信用评价结果');
    expect(reviewPublicText({ ...r, state: 'maintained' })).toBe('经复核，维持原信用评价结果');
    expect(reviewPublicText({ ...r, state: 'revoked' })).toContain('撤销原信用评价结果');
    expect(reviewPublicText({ ...r, state: 'not-accepted' })).toBeNull();
    expect(reviewPublicText({ ...r, state: 'withdrawn' })).toBeNull();
    expect(reviewPublicText(r, '2026年度信用评价结果')).toBe('复核中：已于2026-11-04对2026年度信用评价结果提出异议，待受理');
  });
});

describe('mapping to the stored states', () => {
  it('evaluation reviewStatus: 复核中 while pending, 已复核 after a decision, 无 otherwise', () => {
    const m = Object.fromEntries(REVIEW_TRANSITIONS.states.map((s) => [s, evaluationReviewStatus(s)]));
    expect(m).toEqual({
      applied: '复核中',
      accepted: '复核中',
      'not-accepted': '无',
      maintained: '已复核',
      revoked: '已复核',
      changed: '已复核',
      withdrawn: '无',
    });
    expect(REVIEW_TRANSITIONS.states.filter(isPending)).toEqual(['applied', 'accepted']);
  });
  it('points.ts: 撤销 = appeal upheld (voided), 维持 = appeal rejected', () => {
    expect(pointAppealOutcome('revoked')).toBe('upheld');
    expect(pointAppealOutcome('maintained')).toBe('rejected');
    expect(pointAppealOutcome('accepted')).toBeNull();
  });
});
