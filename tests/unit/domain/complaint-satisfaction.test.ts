import { describe, expect, it } from 'vitest';
import {
  addCounts,
  checkReviewAllowed,
  closedOnTime,
  EMPTY_COUNTS,
  followUpAfterReview,
  followUpDueDate,
  isBadLevel,
  isFollowUpOverdue,
  isSatisfactionLevel,
  monthLabel,
  openSatisfactionRows,
  resolutionOf,
  reviewDeadline,
  reviewRefusal,
  satisfactionCsv,
  satisfactionFigures,
  share,
  type SatisfactionCounts,
} from '../../../src/domain/complaint-satisfaction';
import { DomainError } from '../../../src/domain/errors';

const counts = (c: Partial<SatisfactionCounts>): SatisfactionCounts => ({ ...EMPTY_COUNTS, ...c });

describe('who may rate, and until when (国办发〔2019〕51号: rate the finished matter)', () => {
  it('allows a closed or rejected complaint on the day of closing and the 30 days after it', () => {
    expect(reviewDeadline('2026-11-20')).toBe('2026-12-20');
    expect(reviewRefusal({ status: '已办结', closedOn: '2026-11-20' }, '2026-11-20')).toBeNull();
    expect(reviewRefusal({ status: '不予受理', closedOn: '2026-11-20' }, '2026-12-20')).toBeNull();
  });

  it('refuses the 31st day, naming the closing day and the last day', () => {
    expect(reviewRefusal({ status: '已办结', closedOn: '2026-11-20' }, '2026-12-21')).toBe(
      '评价期限已过：投诉于 2026-11-20 办结，办结后 30 天内（2026-12-20 前）可以评价，现已不能评价或修改。',
    );
  });

  it('refuses an open complaint, whatever its status', () => {
    for (const status of ['待受理', '已受理', '调查中']) {
      expect(reviewRefusal({ status, closedOn: null }, '2026-12-01')).toBe(`这件投诉目前“${status}”，办结后才能评价办理情况。`);
    }
    expect(reviewRefusal({ status: '已办结', closedOn: null }, '2026-12-01')).toMatch(/办结后才能评价/);
    expect(() => checkReviewAllowed({ status: '调查中', closedOn: null }, '2026-12-01')).toThrow(DomainError);
    expect(() => checkReviewAllowed({ status: '已办结', closedOn: '2026-12-01' }, '2026-12-01')).not.toThrow();
  });
});

describe('bad reviews and their follow-up', () => {
  it('counts 不满意 and 非常不满意 as bad, the rest not', () => {
    expect(['非常满意', '满意', '基本满意', '不满意', '非常不满意'].map((l) => isBadLevel(l as never))).toEqual([false, false, false, true, true]);
    expect(isSatisfactionLevel('满意')).toBe(true);
    expect(isSatisfactionLevel('一般')).toBe(false);
  });

  it('opens a follow-up for a bad review unless one is open', () => {
    expect(followUpAfterReview('不满意', false)).toBe('open');
    expect(followUpAfterReview('非常不满意', true)).toBe('none');
    expect(followUpAfterReview('基本满意', false)).toBe('none');
  });

  it('gives 15 working days, skipping the National Day holiday and counting the 调休 Saturday', () => {
    // 2025: 10-01..10-08 holiday, 09-28 (Sunday) and 10-11 (Saturday) working days.
    expect(followUpDueDate('2025-09-30')).toBe('2025-10-28');
    expect(followUpDueDate('2026-12-04')).toBe('2026-12-25');
  });

  it('is overdue the day after its deadline, and never once closed', () => {
    expect(isFollowUpOverdue({ dueOn: '2026-12-25', closed: false }, '2026-12-25')).toBe(false);
    expect(isFollowUpOverdue({ dueOn: '2026-12-25', closed: false }, '2026-12-26')).toBe(true);
    expect(isFollowUpOverdue({ dueOn: '2026-12-25', closed: true }, '2027-01-26')).toBe(false);
  });

  it('answers a justified complaint with 整改 and an unjustified one with 说明', () => {
    expect(resolutionOf('属实')).toBe('整改');
    expect(resolutionOf('部分属实')).toBe('整改');
    expect(resolutionOf('不属实')).toBe('说明');
  });
});

describe('figures', () => {
  it('shows small numbers as counts only, larger ones as a percentage with counts', () => {
    expect(share(2, 3, '条评价', '条满意')).toEqual({ part: 2, whole: 3, percent: 66.7, text: '3 条评价中 2 条满意' });
    expect(share(0, 0, '条评价', '条满意')).toEqual({ part: 0, whole: 0, percent: null, text: '无' });
    expect(share(17, 19, '条评价', '条满意').text).toBe('19 条评价中 17 条满意');
    expect(share(17, 20, '条评价', '条满意').text).toBe('85.0%（20 条评价中 17 条满意）');
  });

  it('is on time when closed by the closing deadline, or rejected by the acceptance deadline', () => {
    const c = { acceptDue: '2026-11-05', closeDue: '2026-11-20' };
    expect(closedOnTime({ ...c, status: '已办结', closedOn: '2026-11-20' })).toBe(true);
    expect(closedOnTime({ ...c, status: '已办结', closedOn: '2026-11-21' })).toBe(false);
    expect(closedOnTime({ ...c, status: '不予受理', closedOn: '2026-11-06' })).toBe(false);
    expect(closedOnTime({ ...c, status: '不予受理', closedOn: '2026-11-05' })).toBe(true);
  });

  it('groups by month (newest first) and district (unknown last), with totals that add up', () => {
    const f = satisfactionFigures([
      { month: '2026-10', districtCode: '419921100', districtName: '城关镇', counts: counts({ closed: 2, closedOnTime: 2, reviews: 1, satisfied: 1 }) },
      { month: '2026-11', districtCode: null, districtName: '辖区未明', counts: counts({ closed: 1 }) },
      {
        month: '2026-11',
        districtCode: '419921101',
        districtName: '河西镇',
        counts: counts({ closed: 3, closedOnTime: 2, reviews: 3, satisfied: 1, bad: 1, followUps: 1 }),
      },
    ]);
    expect(f.months.map((m) => m.label)).toEqual(['2026年11月', '2026年10月']);
    expect(f.months[0]!.districts.map((d) => d.districtName)).toEqual(['河西镇', '辖区未明']);
    expect(f.months[0]!.total.counts).toEqual(counts({ closed: 4, closedOnTime: 2, reviews: 3, satisfied: 1, bad: 1, followUps: 1 }));
    expect(f.months[0]!.total.followUps.text).toBe('1 件差评核实中 0 件已办结');
    expect(f.total.counts.closed).toBe(6);
    expect(f.total.satisfaction.text).toBe('4 条评价中 2 条满意');
    expect(f.total.onTime.text).toBe('6 件办结中 4 件按期');
    expect(addCounts(EMPTY_COUNTS, EMPTY_COUNTS)).toEqual(EMPTY_COUNTS);
    expect(monthLabel('2026-01')).toBe('2026年1月');
  });

  it('publishes the same figures as open data rows and CSV (formula guard included)', () => {
    const f = satisfactionFigures([
      {
        month: '2026-11',
        districtCode: '419921100',
        districtName: '=城关镇',
        counts: counts({ closed: 4, closedOnTime: 3, reviews: 3, satisfied: 2, bad: 1, followUps: 1, followUpsClosed: 1 }),
      },
    ]);
    const rows = openSatisfactionRows(f);
    expect(rows).toEqual([
      {
        month: '2026-11',
        district_code: '419921100',
        district: '=城关镇',
        complaints_closed: 4,
        closed_on_time: 3,
        on_time_rate: 75,
        reviews: 3,
        satisfied: 2,
        satisfaction_rate: 66.7,
        bad_reviews: 1,
        follow_ups: 1,
        follow_ups_closed: 1,
      },
    ]);
    const csv = satisfactionCsv(rows);
    expect(csv.startsWith('\ufeff月份,辖区代码,辖区,办结投诉数')).toBe(true);
    expect(csv).toContain("\r\n2026-11,419921100,'=城关镇,4,3,75,3,2,66.7,1,1,1\r\n");
  });
});
