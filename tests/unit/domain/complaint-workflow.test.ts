import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  COMPLAINT_STATUSES,
  STATUS_CHANGES,
  TRANSITIONS,
  allowedActions,
  complaintDueDates,
  currentDeadline,
  daysLeftLabel,
  isComplaintStatus,
  dueWindow,
  isDueSoon,
  isOutcome,
  isOverdue,
  nextStatus,
  planTransition,
  WorkflowError,
  type ComplaintState,
} from '../../../src/domain/complaint-workflow';

const state = (status: ComplaintState['status'], findings: string | null = null): ComplaintState => ({ id: 7, status, findings });

describe('the state machine', () => {
  it('allows exactly the documented status changes', () => {
    expect([...STATUS_CHANGES].map(([a, b]) => `${a}→${b}`).sort()).toEqual(['待受理→已受理', '待受理→不予受理', '已受理→调查中', '调查中→已办结'].sort());
  });

  it('finished complaints only take feedback', () => {
    expect(allowedActions('已办结')).toEqual(['feedback']);
    expect(allowedActions('不予受理')).toEqual(['feedback']);
    expect(allowedActions('待受理')).toEqual(['accept', 'reject', 'assign']);
  });

  it('refuses every action not in the table, naming the status and the action', () => {
    let refused = 0;
    for (const status of COMPLAINT_STATUSES) {
      for (const action of ACTIONS) {
        if (TRANSITIONS[status][action]) continue;
        refused++;
        expect(nextStatus(status, action)).toBeNull();
        const input = { action, reason: 'r', assigneeId: 1, findings: 'f', outcome: '查实', feedback: 'f' } as never;
        expect(() => planTransition(state(status), input)).toThrow(new RegExp(`当前状态为“${status}”`));
      }
    }
    expect(refused).toBe(COMPLAINT_STATUSES.length * ACTIONS.length - Object.values(TRANSITIONS).reduce((n, t) => n + Object.keys(t).length, 0));
  });

  it('transition refusals are of kind transition, missing fields of kind input', () => {
    try {
      planTransition(state('已办结'), { action: 'accept' });
    } catch (e) {
      expect((e as WorkflowError).step).toBe('transition');
    }
    try {
      planTransition(state('待受理'), { action: 'reject', reason: '  ' });
    } catch (e) {
      expect((e as WorkflowError).step).toBe('input');
      expect((e as Error).message).toMatch(/不予受理理由/);
    }
  });

  it('plans each allowed action', () => {
    expect(planTransition(state('待受理'), { action: 'accept' })).toMatchObject({ from: '待受理', to: '已受理', note: '予以受理' });
    expect(planTransition(state('待受理'), { action: 'accept', note: ' 已电话核实 ' }).note).toBe('已电话核实');
    expect(planTransition(state('待受理'), { action: 'reject', reason: ' 不属于职责 ' }).set).toEqual({ rejectReason: '不属于职责' });
    expect(planTransition(state('调查中'), { action: 'assign', assigneeId: 3 })).toMatchObject({ to: '调查中', set: { assignedTo: 3 } });
    expect(planTransition(state('已受理'), { action: 'start' })).toMatchObject({ to: '调查中', note: '开始调查核实' });
    expect(planTransition(state('已受理'), { action: 'start', note: '现场' }).note).toBe('现场');
    expect(planTransition(state('调查中'), { action: 'findings', findings: '属实' }).set).toEqual({ findings: '属实' });
    expect(planTransition(state('不予受理'), { action: 'feedback', feedback: '已告知' }).set).toEqual({ feedback: '已告知' });
  });

  it('refuses empty inputs', () => {
    expect(() => planTransition(state('待受理'), { action: 'assign', assigneeId: 0 })).toThrow(/承办人/);
    expect(() => planTransition(state('调查中'), { action: 'findings', findings: '' })).toThrow(/调查情况/);
    expect(() => planTransition(state('已办结'), { action: 'feedback', feedback: ' ' })).toThrow(/反馈内容/);
  });

  it('closing: findings needed for 查实/部分查实/不属实 unless already recorded; 重复 needs another complaint', () => {
    expect(() => planTransition(state('调查中'), { action: 'close', outcome: '查实' })).toThrow(/调查情况/);
    expect(planTransition(state('调查中', '已记录'), { action: 'close', outcome: '不属实' }).set).toEqual({ outcome: '不属实', duplicateOf: null });
    expect(planTransition(state('调查中'), { action: 'close', outcome: '部分查实', findings: ' 部分属实 ' }).set).toEqual({
      outcome: '部分查实',
      duplicateOf: null,
      findings: '部分属实',
    });
    expect(planTransition(state('调查中'), { action: 'close', outcome: '非本辖区' }).to).toBe('已办结');
    expect(() => planTransition(state('调查中'), { action: 'close', outcome: '重复' })).toThrow(/原投诉编号/);
    expect(() => planTransition(state('调查中'), { action: 'close', outcome: '重复', duplicateOf: 7 })).toThrow(/自身/);
    expect(planTransition(state('调查中'), { action: 'close', outcome: '重复', duplicateOf: 3 }).set.duplicateOf).toBe(3);
  });

  it('seed 003 “实名举报必须反馈”: a real-name complaint closes only with feedback, written before or with the close', () => {
    const realName = (feedback: string | null): ComplaintState => ({ id: 7, status: '调查中', findings: '经查属实', anonymous: false, feedback });
    expect(() => planTransition(realName(null), { action: 'close', outcome: '查实' })).toThrow(/实名举报必须反馈/);
    expect(() => planTransition(realName('  '), { action: 'close', outcome: '查实', feedback: ' ' })).toThrow(/反馈内容/);
    expect(planTransition(realName('已告知处理结果'), { action: 'close', outcome: '查实' }).set).toEqual({ outcome: '查实', duplicateOf: null });
    expect(planTransition(realName(null), { action: 'close', outcome: '查实', feedback: ' 已责令整改 ' }).set).toEqual({
      outcome: '查实',
      duplicateOf: null,
      feedback: '已责令整改',
    });
    // Anonymous complaints have nobody to tell: no feedback needed.
    expect(planTransition({ ...realName(null), anonymous: true }, { action: 'close', outcome: '查实' }).to).toBe('已办结');
  });

  it('type guards', () => {
    expect(isComplaintStatus('调查中')).toBe(true);
    expect(isComplaintStatus('处理中')).toBe(false);
    expect(isOutcome('重复')).toBe(true);
    expect(isOutcome(3)).toBe(false);
  });
});

describe('deadlines in working days', () => {
  it('skip the National Day holiday and count the 调休 Saturday (2025-10-11) as a working day', () => {
    // Received Tue 30 Sep 2025: 1–8 Oct are holidays, Thu 9, Fri 10, Sat 11 (调休) are working days.
    expect(complaintDueDates('2025-09-30')).toEqual({ acceptDue: '2025-10-11', closeDue: '2025-10-28' });
  });

  it('count the 调休 Sunday 2025-09-28 as the first working day after a Friday', () => {
    expect(complaintDueDates('2025-09-26', { acceptWithinWorkingDays: 1, closeWithinWorkingDays: 2 })).toEqual({
      acceptDue: '2025-09-28',
      closeDue: '2025-09-29',
    });
  });

  it('cross the Spring Festival 2026 holiday, with the 调休 Saturday 2026-02-14', () => {
    // Fri 13 Feb 2026 → Sat 14 Feb (调休) is the first working day; 15–23 Feb are holidays.
    expect(complaintDueDates('2026-02-13', { acceptWithinWorkingDays: 1, closeWithinWorkingDays: 3 })).toEqual({
      acceptDue: '2026-02-14',
      closeDue: '2026-02-25',
    });
  });

  const open = { status: '待受理' as const, acceptDue: '2025-10-11', closeDue: '2025-10-28' };

  it('the due day itself is in time; the next day is overdue', () => {
    expect(isOverdue(open, '2025-10-11')).toBe(false);
    expect(isOverdue(open, '2025-10-12')).toBe(true);
    expect(isOverdue({ ...open, status: '已受理' }, '2025-10-12')).toBe(false);
    expect(isOverdue({ ...open, status: '调查中' }, '2025-10-29')).toBe(true);
    expect(isOverdue({ ...open, status: '已办结' }, '2030-01-01')).toBe(false);
    expect(currentDeadline({ ...open, status: '不予受理' })).toBeNull();
  });

  it('"due soon" is today and the next 6 days, also on a Sunday and a Monday (issue 17)', () => {
    // Sunday 2025-10-12: the old "today to Sunday" window was this one day.
    expect(dueWindow('2025-10-12')).toEqual({ from: '2025-10-12', to: '2025-10-18' });
    // Monday 2025-10-06: the whole working week and the weekend.
    expect(dueWindow('2025-10-06')).toEqual({ from: '2025-10-06', to: '2025-10-12' });
    // Across a month end.
    expect(dueWindow('2025-09-28')).toEqual({ from: '2025-09-28', to: '2025-10-04' });
    const dueMonday = { ...open, acceptDue: '2025-10-13' as const }; // 待受理, due the next Monday
    expect(isDueSoon(dueMonday, '2025-10-12')).toBe(true); // seen on the Sunday before
    expect(isDueSoon(dueMonday, '2025-10-07')).toBe(true); // last day of the window
    expect(isDueSoon(dueMonday, '2025-10-06')).toBe(false); // 7 days ahead: outside
    expect(isDueSoon(dueMonday, '2025-10-14')).toBe(false); // overdue, not "due soon"
    expect(isDueSoon(open, '2025-10-09')).toBe(true);
    expect(isDueSoon({ ...open, status: '已受理' }, '2025-10-09')).toBe(false);
    expect(isDueSoon({ ...open, status: '已办结' }, '2025-10-09')).toBe(false);
  });

  it('labels the days left', () => {
    expect(daysLeftLabel(open, '2025-10-09')).toBe('剩 2 天');
    expect(daysLeftLabel(open, '2025-10-11')).toBe('今日到期');
    expect(daysLeftLabel(open, '2025-10-14')).toBe('已超期 3 天');
    expect(daysLeftLabel({ ...open, status: '已办结' }, '2025-10-14')).toBe('');
  });
});
