import { describe, expect, it } from 'vitest';
import {
  lastTwelveMonths,
  monthEnd,
  monthStart,
  previousMonth,
  rate,
  reportDueDate,
  reportTables,
  type MonthlyReport,
} from '../../../src/domain/monthly-report';

// Seed 003 三(三): "于每月 15 日前将本月进展情况及工作成效 … 报送".
describe('months', () => {
  it('starts and ends a month, February of a leap year included', () => {
    expect(monthStart('2026-02')).toBe('2026-02-01');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
  });
  it('reports the month before today, due on the 15th of the next month', () => {
    expect(previousMonth('2026-01-10')).toBe('2025-12');
    expect(reportDueDate('2026-10')).toBe('2026-11-15');
    expect(reportDueDate('2026-12')).toBe('2027-01-15');
  });
  it('lists the twelve months ending with the month, across a year', () => {
    expect(lastTwelveMonths('2026-03')).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });
  it('rates with one decimal, and says nothing (null) when nothing was counted', () => {
    expect(rate(2, 3)).toBe(66.7);
    expect(rate(0, 0)).toBeNull();
  });
});

const report: MonthlyReport = {
  county: '示范县',
  month: '2026-10',
  dueBy: '2026-11-15',
  complaints: {
    received: 5,
    byCategory: [
      { label: '收费', value: 3 },
      { label: '服务态度', value: 2 },
    ],
    byChannel: [{ label: '网站', value: 5 }],
    byDistrict: [{ label: '城关镇', value: 5 }],
    byOutcome: [],
  },
  onTime: { acceptOnTime: 4, acceptTotal: 5, closeOnTime: 0, closeTotal: 0 },
  inspections: {
    inMonth: 2,
    byKind: [{ label: '日常', value: 2 }],
    byResult: [{ label: '责令改正', value: 2 }],
    byTownship: [{ label: '城关镇', required: 8, done: 6 }],
  },
  rectifications: { opened: 1, closed: 2, openOverdue: 3 },
  pointsByQuarter: [{ quarter: '2026年第1季度', records: 2, points: 6 }],
  trend: [{ month: '2026-10', complaints: 5, inspections: 2, rectifications: 1 }],
};

describe('reportTables', () => {
  const tables = reportTables(report);
  it('has one table per section with sheet names Excel accepts', () => {
    expect(tables.map((t) => t.sheet)).toEqual([
      '投诉-类别',
      '投诉-渠道',
      '投诉-辖区',
      '投诉-办结结果',
      '按时办理率',
      '检查计划完成',
      '检查-类型',
      '检查-结果',
      '限期整改',
      '记分-季度',
      '近12个月趋势',
    ]);
    for (const t of tables) expect(t.sheet.length).toBeLessThanOrEqual(31);
  });
  it('totals the counts and computes the rates from the same figures', () => {
    expect(tables[0]!.rows).toEqual([
      ['收费', 3],
      ['服务态度', 2],
      ['合计', 5],
    ]);
    expect(tables[3]!.rows).toEqual([['合计', 0]]);
    expect(tables[4]!.rows).toEqual([
      ['受理', 4, 5, 80],
      ['办结', 0, 0, null],
    ]);
    expect(tables[5]!.rows).toEqual([['城关镇', 8, 6, 75]]);
    expect(tables[8]!.rows).toEqual([
      ['本月责令整改', 1],
      ['本月整改合格', 2],
      ['月末逾期未整改', 3],
    ]);
    expect(tables[9]!.rows).toEqual([['2026年第1季度', 2, 6]]);
    expect(tables[10]!.rows).toEqual([['2026-10', 5, 2, 1]]);
  });
});
