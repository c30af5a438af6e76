import { describe, expect, it } from 'vitest';
import {
  appealDeadline,
  appealDecisionDueDate,
  countsTowardsTotals,
  decideAppeal,
  isAppealInTime,
  monthlyReports,
  noticeDueDate,
  officeReportDueDate,
  overdueItems,
  platformEntryDueDate,
  POINT_SOURCES,
  POINT_STATUS_LABELS,
  pointDeadlines,
  PointRecordError,
  pointStatus,
  publicationDueDate,
  quarterlyPublication,
  quarterOf,
  quarterToPublish,
  SEED_DEPARTMENTS,
  targetKey,
  validatePointRecord,
  yearlyTotals,
  type PointRecord,
} from '../../../src/domain/points';

let seq = 0;
function record(overrides: Partial<PointRecord> = {}): PointRecord {
  seq += 1;
  return {
    id: `R${String(seq).padStart(3, '0')}`,
    target: { kind: 'institution', institutionId: 'I1' },
    source: '综合监督',
    department: '医政医管',
    foundOn: '2025-09-15',
    approvedOn: null,
    points: 2,
    description: '未按规定公示',
    noticeSentOn: null,
    noticeReceivedOn: null,
    appeal: null,
    ...overrides,
  };
}

const upheld = (acceptedOn = '2025-09-20') => ({
  filedOn: '2025-09-19',
  acceptedOn,
  decision: { decidedOn: '2025-09-25', outcome: 'upheld' as const, note: '证据不足' },
});

describe('sources and departments', () => {
  it('lists the seed sources with 其他', () => {
    expect(POINT_SOURCES).toContain('投诉举报');
    expect(POINT_SOURCES).toContain('行政处罚');
    expect(POINT_SOURCES).toContain('审批校验');
    expect(POINT_SOURCES).toContain('质控督查');
    expect(POINT_SOURCES.at(-1)).toBe('其他');
    expect(SEED_DEPARTMENTS).toContain('医政医管');
  });
});

describe('deadlines', () => {
  it('notice within 3 calendar days of approval, else of the finding', () => {
    expect(noticeDueDate({ foundOn: '2025-09-15', approvedOn: null })).toBe('2025-09-18');
    expect(noticeDueDate({ foundOn: '2025-09-15', approvedOn: '2025-09-22' })).toBe('2025-09-25');
  });

  it('notice deadline falling in the National Day holiday moves to 10-09', () => {
    expect(noticeDueDate({ foundOn: '2025-09-30', approvedOn: null })).toBe('2025-10-09');
  });

  it('office report within 10 days, platform entry within 3 days', () => {
    expect(officeReportDueDate({ foundOn: '2025-09-01', approvedOn: null })).toBe('2025-09-11');
    // 2025-09-20 + 10 = 09-30 (Tue, working day)
    expect(officeReportDueDate({ foundOn: '2025-09-18', approvedOn: '2025-09-20' })).toBe('2025-09-30');
    expect(platformEntryDueDate('2025-10-08')).toBe('2025-10-11'); // Saturday make-up working day
  });

  it('appeal: 3 days from receipt; the start day is not counted', () => {
    expect(appealDeadline('2025-09-22')).toBe('2025-09-25');
    expect(isAppealInTime('2025-09-22', '2025-09-25')).toBe(true);
    expect(isAppealInTime('2025-09-22', '2025-09-26')).toBe(false);
    expect(isAppealInTime('2025-09-22', '2025-09-21')).toBe(false);
  });

  it('appeal across the 2025 National Day holiday', () => {
    // received Mon 09-29 → 3rd day is 10-02 (holiday) → first working day after: 10-09
    expect(appealDeadline('2025-09-29')).toBe('2025-10-09');
    expect(isAppealInTime('2025-09-29', '2025-10-08')).toBe(true);
    expect(isAppealInTime('2025-09-29', '2025-10-09')).toBe(true);
    expect(isAppealInTime('2025-09-29', '2025-10-10')).toBe(false);
    // received Thu 09-25 → 09-28 is a make-up working Sunday → deadline stays 09-28
    expect(appealDeadline('2025-09-25')).toBe('2025-09-28');
  });

  it('appeal across 2026 春节', () => {
    expect(appealDeadline('2026-02-12')).toBe('2026-02-24');
    expect(appealDeadline('2026-02-11')).toBe('2026-02-14');
  });

  it('decision within 10 working days of acceptance, skipping holidays', () => {
    expect(appealDecisionDueDate('2025-09-30')).toBe('2025-10-21');
    expect(appealDecisionDueDate('2026-02-12')).toBe('2026-03-04');
    expect(appealDecisionDueDate('2025-11-03')).toBe('2025-11-17');
  });

  it('pointDeadlines collects the applicable deadlines', () => {
    expect(pointDeadlines(record({ foundOn: '2025-09-15' }))).toEqual({
      noticeDue: '2025-09-18',
      officeReportDue: '2025-09-25',
      appealDue: null,
      decisionDue: null,
    });
    expect(
      pointDeadlines(
        record({
          foundOn: '2025-09-15',
          noticeReceivedOn: '2025-09-29',
          appeal: { filedOn: '2025-10-09', acceptedOn: '2025-10-09', decision: null },
        }),
      ),
    ).toMatchObject({ appealDue: '2025-10-09', decisionDue: '2025-10-22' }); // 10-11 (Sat) is a make-up working day;
  });
});

describe('overdue items', () => {
  it('notice not sent after the deadline is overdue; sent in time is not', () => {
    const r = record({ foundOn: '2025-09-15' });
    expect(overdueItems(r, '2025-09-18')).toEqual([]);
    expect(overdueItems(r, '2025-09-19')).toEqual(['notice']);
    expect(overdueItems({ ...r, noticeSentOn: '2025-09-17' }, '2025-12-01')).toEqual([]);
    expect(overdueItems({ ...r, noticeSentOn: '2025-09-19' }, '2025-12-01')).toEqual(['notice']);
  });

  it('decision overdue after 10 working days', () => {
    const base = record({ foundOn: '2025-09-15', noticeSentOn: '2025-09-16' });
    const pending = { ...base, appeal: { filedOn: '2025-09-18', acceptedOn: '2025-09-30', decision: null } };
    expect(overdueItems(pending, '2025-10-21')).toEqual([]);
    expect(overdueItems(pending, '2025-10-22')).toEqual(['decision']);
    const late = {
      ...base,
      appeal: {
        filedOn: '2025-09-18',
        acceptedOn: '2025-09-30',
        decision: { decidedOn: '2025-10-22', outcome: 'rejected' as const, note: '' },
      },
    };
    expect(overdueItems(late, '2025-12-01')).toEqual(['decision']);
    const notAccepted = { ...base, appeal: { filedOn: '2025-09-18', acceptedOn: null, decision: null } };
    expect(overdueItems(notAccepted, '2025-12-01')).toEqual([]);
  });
});

describe('status and appeals', () => {
  it('effective, under appeal, voided', () => {
    expect(pointStatus(record())).toBe('effective');
    expect(pointStatus(record({ appeal: { filedOn: '2025-09-19', acceptedOn: null, decision: null } }))).toBe('under-appeal');
    expect(pointStatus(record({ appeal: upheld() }))).toBe('voided');
    const rejected = { ...upheld(), decision: { decidedOn: '2025-09-25', outcome: 'rejected' as const, note: '' } };
    expect(pointStatus(record({ appeal: rejected }))).toBe('effective');
    expect(POINT_STATUS_LABELS.voided).toContain('记录保留');
  });

  it('decideAppeal voids without deleting and does not mutate the input', () => {
    const r = record({ appeal: { filedOn: '2025-09-19', acceptedOn: '2025-09-20', decision: null } });
    const decided = decideAppeal(r, { decidedOn: '2025-09-26', outcome: 'upheld', note: '记分依据不足' });
    expect(pointStatus(decided)).toBe('voided');
    expect(countsTowardsTotals(decided)).toBe(false);
    expect(decided.points).toBe(2);
    expect(decided.description).toBe(r.description);
    expect(r.appeal?.decision).toBeNull();
  });

  it('decideAppeal refuses impossible transitions', () => {
    expect(() => decideAppeal(record(), { decidedOn: '2025-09-26', outcome: 'upheld', note: '' })).toThrow(PointRecordError);
    const notAccepted = record({ appeal: { filedOn: '2025-09-19', acceptedOn: null, decision: null } });
    expect(() => decideAppeal(notAccepted, { decidedOn: '2025-09-26', outcome: 'upheld', note: '' })).toThrow('尚未受理');
    expect(() => decideAppeal(record({ appeal: upheld() }), { decidedOn: '2025-09-26', outcome: 'rejected', note: '' })).toThrow('已作出决定');
    const accepted = record({ appeal: { filedOn: '2025-09-19', acceptedOn: '2025-09-20', decision: null } });
    expect(() => decideAppeal(accepted, { decidedOn: '2025-09-19', outcome: 'rejected', note: '' })).toThrow('早于受理日期');
  });
});

describe('validatePointRecord', () => {
  it('accepts a good record', () => {
    expect(validatePointRecord(record())).toEqual([]);
    expect(validatePointRecord(record({ points: 0.5 }))).toEqual([]);
  });

  it('reports every problem', () => {
    const bad = {
      ...record({ points: 0, department: ' ', approvedOn: '2025-02-30', noticeReceivedOn: 'x' }),
      source: '随便' as never,
    };
    expect(validatePointRecord(bad)).toEqual([
      '记分分值必须是大于0、最多两位小数的数字',
      '记分来源不正确',
      '请填写记分科室',
      '审批日期格式不正确（应为 YYYY-MM-DD）',
      '通知书签收日期格式不正确（应为 YYYY-MM-DD）',
    ]);
    expect(validatePointRecord(record({ points: 1.234 }))).toHaveLength(1);
    expect(validatePointRecord(record({ points: Number.NaN }))).toHaveLength(1);
  });
});

describe('yearly totals', () => {
  it('sums non-voided points per target for the year of the finding', () => {
    const staff = { kind: 'staff' as const, staffId: 'S1', institutionId: 'I1' };
    const records = [
      record({ points: 2 }),
      record({ points: 3.5, foundOn: '2025-01-02' }),
      record({ points: 6, appeal: upheld() }),
      record({ points: 1, appeal: { filedOn: '2025-09-19', acceptedOn: null, decision: null } }),
      record({ points: 4, foundOn: '2024-12-31' }),
      record({ points: 1, target: staff }),
      record({ points: 12, target: { kind: 'institution', institutionId: 'I2' }, appeal: upheld() }),
    ];
    const totals = yearlyTotals(records, 2025);
    expect(totals.map((t) => [targetKey(t.target), t.points, t.recordCount, t.voidedCount, t.underAppealCount])).toEqual([
      ['institution:I1', 6.5, 4, 1, 1],
      ['staff:S1', 1, 1, 0, 0],
      ['institution:I2', 0, 1, 1, 0],
    ]);
    expect(yearlyTotals(records, 2024)).toEqual([expect.objectContaining({ points: 4, year: 2024 })]);
  });

  it('sums decimals exactly', () => {
    const totals = yearlyTotals([record({ points: 0.1 }), record({ points: 0.2 })], 2025);
    expect(totals[0]?.points).toBe(0.3);
  });

  it('orders ties by target key', () => {
    const totals = yearlyTotals(
      [
        record({ points: 1, target: { kind: 'institution', institutionId: 'B' } }),
        record({ points: 1, target: { kind: 'institution', institutionId: 'A' } }),
        record({ points: 1, target: { kind: 'institution', institutionId: 'A' } }),
        record({ points: 2, target: { kind: 'institution', institutionId: 'C' } }),
      ],
      2025,
    );
    expect(totals.map((t) => targetKey(t.target))).toEqual(['institution:A', 'institution:C', 'institution:B']);
  });
});

describe('quarterly publication', () => {
  it('quarterOf', () => {
    expect(quarterOf('2025-01-01')).toEqual({ year: 2025, quarter: 1 });
    expect(quarterOf('2025-03-31')).toEqual({ year: 2025, quarter: 1 });
    expect(quarterOf('2025-04-01')).toEqual({ year: 2025, quarter: 2 });
    expect(quarterOf('2025-09-30')).toEqual({ year: 2025, quarter: 3 });
    expect(quarterOf('2025-12-31')).toEqual({ year: 2025, quarter: 4 });
  });

  it('publication is due by the 10th of the first month of the next quarter', () => {
    expect(publicationDueDate({ year: 2025, quarter: 1 })).toBe('2025-04-10');
    expect(publicationDueDate({ year: 2025, quarter: 2 })).toBe('2025-07-10');
    expect(publicationDueDate({ year: 2025, quarter: 3 })).toBe('2025-10-10');
    expect(publicationDueDate({ year: 2025, quarter: 4 })).toBe('2026-01-10');
  });

  it('quarterToPublish is the previous quarter', () => {
    expect(quarterToPublish('2026-01-05')).toEqual({ year: 2025, quarter: 4 });
    expect(quarterToPublish('2025-10-09')).toEqual({ year: 2025, quarter: 3 });
    expect(quarterToPublish('2025-05-20')).toEqual({ year: 2025, quarter: 1 });
  });

  it('lists the quarter’s records except voided ones, sorted by date then id', () => {
    const a = record({ id: 'B', foundOn: '2025-08-01' });
    const b = record({ id: 'A', foundOn: '2025-08-01' });
    const c = record({ id: 'C', foundOn: '2025-07-01', appeal: { filedOn: '2025-07-03', acceptedOn: null, decision: null } });
    const voided = record({ foundOn: '2025-07-02', appeal: upheld() });
    const otherQuarter = record({ foundOn: '2025-10-01' });
    const pub = quarterlyPublication([a, b, c, voided, otherQuarter], { year: 2025, quarter: 3 });
    expect(pub.dueDate).toBe('2025-10-10');
    expect(pub.entries.map((e) => [e.record.id, e.status])).toEqual([
      ['C', 'under-appeal'],
      ['A', 'effective'],
      ['B', 'effective'],
    ]);
    expect(quarterlyPublication([a], { year: 2024, quarter: 3 }).entries).toEqual([]);
  });
});

describe('monthly reports with zero reports', () => {
  it('gives every department a row, zero reports included', () => {
    const records = [
      record({ department: '医政医管', foundOn: '2025-09-03', points: 2 }),
      record({ department: '医政医管', foundOn: '2025-09-30', points: 3, target: { kind: 'staff', staffId: 'S', institutionId: null } }),
      record({ department: '医政医管', foundOn: '2025-09-10', points: 6, appeal: upheld() }),
      record({ department: '疾病控制', foundOn: '2025-10-01', points: 1 }),
      record({ department: '卫生监督所', foundOn: '2025-09-05', points: 1 }),
      record({ department: '外来科室', foundOn: '2025-09-05', points: 1 }),
    ];
    const reports = monthlyReports(records, ['医政医管', '疾病控制', '卫生监督所'], 2025, 9);
    expect(reports.map((r) => [r.department, r.zeroReport, r.recordCount, r.points, r.voidedCount])).toEqual([
      ['医政医管', false, 3, 5, 1],
      ['疾病控制', true, 0, 0, 0],
      ['卫生监督所', false, 1, 1, 0],
      ['外来科室', false, 1, 1, 0],
    ]);
    expect(reports[0]).toMatchObject({ dueDate: '2025-10-10', institutionRecordCount: 2, staffRecordCount: 1 });
  });

  it('all zero when nothing was recorded; December is due in January', () => {
    const reports = monthlyReports([], SEED_DEPARTMENTS, 2025, 12);
    expect(reports).toHaveLength(SEED_DEPARTMENTS.length);
    expect(reports.every((r) => r.zeroReport && r.dueDate === '2026-01-10')).toBe(true);
  });

  it('rejects an invalid month', () => {
    expect(() => monthlyReports([], [], 2025, 13)).toThrow(RangeError);
    expect(() => monthlyReports([], [], 2025, 0)).toThrow(RangeError);
  });
});
