import { describe, expect, it } from 'vitest';
import {
  isPastDue,
  levelRequiresRectification,
  OVERDUE_CONSEQUENCE_TEXT,
  rectificationDateBlocker,
  rectificationDueDate,
  rectificationPublicText,
  reviewAction,
  type RectificationRecord,
} from '../../../src/domain/rectification';

const base: RectificationRecord = {
  state: 'rectifying',
  orderedOn: '2026-11-05',
  dueOn: '2026-12-07',
  reportSubmittedOn: null,
  rectifiedOn: null,
  suspendedOn: null,
  suspensionEndsOn: null,
};

describe('opening — 监督频次表 "差 重点监督 限期整改"; 七(一) "对信用级别“差”的医疗机构…同时责令整改"', () => {
  it('only 差 opens a rectification by its level', () => {
    expect(levelRequiresRectification('差')).toBe(true);
    expect(levelRequiresRectification('合格')).toBe(false);
    expect(levelRequiresRectification('优秀')).toBe(false);
  });
});

describe('rectificationDueDate — the period stated in the order, in calendar days', () => {
  it('30 days from 2026-11-05: 12-05 is a Saturday → Monday 12-07', () => {
    expect(rectificationDueDate('2026-11-05', 30)).toBe('2026-12-07');
  });
  it('国庆: ordered 2026-09-26, 7 days → 10-03 holiday → 10-08', () => {
    expect(rectificationDueDate('2026-09-26', 7)).toBe('2026-10-08');
  });
  it('调休: ordered 2026-10-07, 3 days → Saturday 10-10 is a working day and ends the period', () => {
    expect(rectificationDueDate('2026-10-07', 3)).toBe('2026-10-10');
  });
  it('bounds: 1 to 365 whole days', () => {
    expect(rectificationDueDate('2026-11-04', 1)).toBe('2026-11-05');
    expect(rectificationDueDate('2026-01-05', 365)).toBe('2027-01-05');
    expect(() => rectificationDueDate('2026-11-04', 0)).toThrow(RangeError);
    expect(() => rectificationDueDate('2026-11-04', 366)).toThrow('整改期限天数必须是1至365之间的整数');
    expect(() => rectificationDueDate('2026-11-04', 1.5)).toThrow(RangeError);
  });
});

describe('rectificationDateBlocker — "未能按时整改合格"', () => {
  it('a report is registered up to and including the deadline, not after', () => {
    expect(rectificationDateBlocker('submit-report', base, '2026-12-07')).toBeNull();
    expect(rectificationDateBlocker('submit-report', base, '2026-12-08')).toBe('整改期限（2026-12-07）已过，未能按时整改，应认定逾期未整改');
  });
  it('逾期 only after the deadline', () => {
    expect(rectificationDateBlocker('mark-overdue', base, '2026-12-07')).toBe('整改期限至2026-12-07，期限届满前不能认定逾期');
    expect(rectificationDateBlocker('mark-overdue', base, '2026-12-08')).toBeNull();
  });
  it('"暂缓校验期满后仍不能达到要求的": decided only after the suspension ends', () => {
    const s = { ...base, state: 'validation-suspended' as const, suspendedOn: '2027-01-04', suspensionEndsOn: '2027-04-03' };
    for (const action of ['suspension-passed', 'recommend-cancellation'] as const) {
      expect(rectificationDateBlocker(action, { ...s, suspensionEndsOn: null }, '2027-05-01')).toBe('请先登记暂缓校验期限');
      expect(rectificationDateBlocker(action, s, '2027-04-03')).toBe('暂缓校验期至2027-04-03，期满后才能认定');
      expect(rectificationDateBlocker(action, s, '2027-04-04')).toBeNull();
    }
  });
  it('other actions have no date rule', () => {
    expect(rectificationDateBlocker('review-pass', base, '2030-01-01')).toBeNull();
  });
});

describe('review outcome and worklist', () => {
  it('整改合格 / 整改不合格', () => {
    expect(reviewAction('整改合格')).toBe('review-pass');
    expect(reviewAction('整改不合格')).toBe('review-fail');
  });
  it('past due only while still 整改中 after the deadline', () => {
    expect(isPastDue(base, '2026-12-07')).toBe(false);
    expect(isPastDue(base, '2026-12-08')).toBe(true);
    expect(isPastDue({ ...base, state: 'report-submitted' }, '2026-12-08')).toBe(false);
  });
  it("the consequence is the seed's sentence", () => {
    expect(OVERDUE_CONSEQUENCE_TEXT).toBe(
      '对拒不整改或未能按时整改合格的医疗机构，暂缓校验，暂缓校验期满后仍不能达到要求的，依法注销其《医疗机构执业许可证》。',
    );
  });
});

describe('rectificationPublicText — 整改中 / 已整改 with dates', () => {
  it('each state', () => {
    expect(rectificationPublicText(base)).toBe('整改中：2026-11-05责令限期整改，整改期限至2026-12-07');
    expect(rectificationPublicText({ ...base, state: 'report-submitted', reportSubmittedOn: '2026-11-30' })).toBe(
      '整改中：2026-11-05责令限期整改，已于2026-11-30提交整改报告，待复查',
    );
    expect(rectificationPublicText({ ...base, state: 'report-submitted' })).toContain('已于2026-11-05提交');
    expect(rectificationPublicText({ ...base, state: 'rectified', rectifiedOn: '2026-12-03' })).toBe(
      '已整改：2026-11-05责令限期整改，2026-12-03经复查整改合格',
    );
    expect(rectificationPublicText({ ...base, state: 'rectified' })).toContain('2026-12-07经复查整改合格');
    const overdue = '逾期未整改：2026-11-05责令限期整改，整改期限2026-12-07届满未整改合格';
    expect(rectificationPublicText({ ...base, state: 'overdue' })).toBe(overdue);
    expect(rectificationPublicText({ ...base, state: 'suspension-recommended' })).toBe(overdue);
    expect(rectificationPublicText({ ...base, state: 'validation-suspended' })).toBe('逾期未整改，暂缓校验');
    expect(rectificationPublicText({ ...base, state: 'validation-suspended', suspendedOn: '2027-01-04' })).toBe('逾期未整改，暂缓校验（2027-01-04起）');
    expect(rectificationPublicText({ ...base, state: 'validation-suspended', suspendedOn: '2027-01-04', suspensionEndsOn: '2027-04-03' })).toBe(
      '逾期未整改，暂缓校验（2027-01-04起至2027-04-03）',
    );
    expect(rectificationPublicText({ ...base, state: 'cancellation-recommended' })).toBe('暂缓校验期满后仍未达到要求');
    expect(rectificationPublicText({ ...base, state: 'withdrawn' })).toBeNull();
  });
});
