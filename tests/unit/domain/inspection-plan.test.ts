import { describe, expect, it } from 'vitest';
import {
  institutionPlan,
  LEVEL_SOURCE,
  PLAN_CSV_HEADER,
  planAsOf,
  planCsvRow,
  planTable,
  planTotals,
  visitsPerYear,
  type RiskGrade,
} from '../../../src/domain/inspection-plan';
import type { CreditLevel } from '../../../src/domain/credit-level';

// Seed 001 监督频次表: "优秀 简化监督 1次/年"; "合格 常规监督 1-2次/年"; "差 重点监督 限期整改 不少于4次/年".
// Seed 002: "划分为高、中、低3个风险等级 … 开展有针对性的执法监督措施" (高 +1, our decision).
// Seed 000: "频次每年不少于1次，对问题突出的医疗机构应增加监督检查频次".
const TABLE: [CreditLevel | null, RiskGrade | null, number][] = [
  ['优秀', null, 1],
  ['优秀', '低', 1],
  ['优秀', '中', 1],
  ['优秀', '高', 2],
  ['合格', null, 1],
  ['合格', '低', 1],
  ['合格', '中', 1],
  ['合格', '高', 2],
  ['差', null, 4],
  ['差', '低', 4],
  ['差', '中', 4],
  ['差', '高', 5],
  [null, null, 1],
  [null, '低', 1],
  [null, '中', 1],
  [null, '高', 2],
];

describe('visitsPerYear: every level × risk grade', () => {
  for (const [level, risk, n] of TABLE) {
    it(`${level ?? '未评价'} × ${risk ?? '无风险等级'} → ${n} 次/年`, () => {
      expect(visitsPerYear(level, risk)).toBe(n);
      // The whole year at one level gives the same number as required.
      const plan = institutionPlan(2026, { changes: level ? [{ from: '2025-03-01', level }] : [], risk, done: 0 }, '2026-12-31');
      expect(plan.required).toBe(n);
      expect(plan.level).toBe(level);
    });
  }
  it('every level is at least the seed-000 floor of once a year, 差 at least four times', () => {
    for (const [level, risk, n] of TABLE) {
      expect(n).toBeGreaterThanOrEqual(1);
      if (level === '差') expect(n).toBeGreaterThanOrEqual(4);
      if (level === '合格') expect(n).toBeLessThanOrEqual(2); // 1-2次/年
      if (level === '优秀' && risk !== '高') expect(n).toBe(1); // 1次/年
    }
  });
  it('quotes its seeds', () => {
    expect(LEVEL_SOURCE.差).toContain('不少于4次/年');
    expect(LEVEL_SOURCE.未评价).toContain('不少于1次');
  });
});

describe('institutionPlan: a level change during the year (pro rata by days, rounded up)', () => {
  const downgradedJuly = [
    { from: '2026-01-15' as const, level: '合格' as const },
    { from: '2026-07-01' as const, level: '差' as const },
  ];
  it('合格 until 30 June, 差 from 1 July: 1×(14+167)/365… rounded up', () => {
    // Before 15 January: no level (1/yr); 合格 from 15 Jan (1/yr); 差 from 1 July (4/yr, 184 days).
    // 1×181/365 + 4×184/365 = 0.496 + 2.016 = 2.51 → 3.
    const p = institutionPlan(2026, { changes: downgradedJuly, risk: null, done: 1 }, '2026-12-31');
    expect(p.required).toBe(3);
    expect(p.due).toBe(2);
    expect(p.overdue).toBe(2);
    expect(p.level).toBe('差');
  });
  it('seen in September the 差 level is in force and one more visit is owed by then', () => {
    const p = institutionPlan(2026, { changes: downgradedJuly, risk: null, done: 1 }, '2026-09-30');
    expect(p.level).toBe('差');
    // Owed by 30 Sep: 181/365 + 4×92/365 = 0.496 + 1.008 = 1.50 → 1 visit owed, 1 done.
    expect(p.overdue).toBe(0);
    // The second visit: 181/365 + 4×d/365 ≥ 2 → d = 138 days from 1 July → 15 November.
    expect(p.nextBy).toBe('2026-11-15');
  });
  it('a change after the year does not count; one before it gives the level on 1 January', () => {
    const p = institutionPlan(
      2026,
      {
        changes: [
          { from: '2027-02-01', level: '差' },
          { from: '2024-05-01', level: '优秀' },
        ],
        risk: '低',
        done: 0,
      },
      '2026-06-01',
    );
    expect(p.required).toBe(1);
    expect(p.level).toBe('优秀');
  });
  it('an upgrade mid-year lowers the requirement from that date', () => {
    const p = institutionPlan(
      2026,
      {
        changes: [
          { from: '2025-01-10', level: '差' },
          { from: '2026-04-01', level: '优秀' },
        ],
        risk: null,
        done: 0,
      },
      '2026-12-31',
    );
    // 4×90/365 + 1×275/365 = 0.986 + 0.753 = 1.74 → 2.
    expect(p.required).toBe(2);
  });
});

describe('institutionPlan: due and overdue', () => {
  it('once a year: not overdue during the year, overdue after it, flagged as not inspected', () => {
    const during = institutionPlan(2026, { changes: [], risk: null, done: 0 }, '2026-12-30');
    expect(during).toMatchObject({ required: 1, due: 1, overdue: 0, notInspected: true, nextBy: '2026-12-31' });
    const after = institutionPlan(2026, { changes: [], risk: null, done: 0 }, '2027-01-05');
    expect(after.overdue).toBe(1);
  });
  it('差: a visit per quarter, so by 1 July two are owed', () => {
    const p = institutionPlan(2026, { changes: [{ from: '2025-12-01', level: '差' }], risk: null, done: 1 }, '2026-07-02');
    expect(p.required).toBe(4);
    expect(p.overdue).toBe(1);
    expect(p.due).toBe(3);
  });
  it('more visits than required: nothing due, nothing overdue', () => {
    const p = institutionPlan(2026, { changes: [], risk: null, done: 3 }, '2026-12-31');
    expect(p).toMatchObject({ due: 0, overdue: 0, nextBy: null, notInspected: false });
  });
  it('seen before the year starts: nothing owed yet, the level at 1 January', () => {
    const p = institutionPlan(2026, { changes: [{ from: '2025-12-01', level: '差' }], risk: null, done: 0 }, '2025-12-15');
    expect(p.overdue).toBe(0);
    expect(p.level).toBe('差');
  });
  it('rejects an invalid date', () => {
    expect(() => institutionPlan(2026, { changes: [], risk: null, done: 0 }, '2026-13-01')).toThrow();
  });
  it('a leap year counts 366 days', () => {
    const p = institutionPlan(2028, { changes: [{ from: '2028-07-01', level: '差' }], risk: null, done: 0 }, '2028-12-31');
    // 1×182/366 + 4×184/366 = 2.508 → 3
    expect(p.required).toBe(3);
  });
});

describe('planTotals', () => {
  it('adds up, counting extra visits only up to the requirement', () => {
    const t = planTotals([
      { required: 1, done: 3, due: 0, overdue: 0, notInspected: false },
      { required: 4, done: 0, due: 4, overdue: 2, notInspected: true },
    ]);
    expect(t).toEqual({ institutions: 2, required: 5, done: 1, due: 4, overdue: 2, notInspected: 1 });
  });
});

describe('planAsOf, planTable and the CSV row', () => {
  it('sees the current year today, a past year at its end, a future year at its start', () => {
    expect(planAsOf(2026, '2026-05-01')).toBe('2026-05-01');
    expect(planAsOf(2025, '2026-05-01')).toBe('2025-12-31');
    expect(planAsOf(2027, '2026-05-01')).toBe('2027-01-01');
  });
  const subjects = [
    { code: 'B1', name: '乙诊所', townshipName: '乙镇', changes: [], risk: null, done: 1 },
    { code: 'A1', name: '甲卫生院', townshipName: '甲镇', changes: [{ from: '2025-12-01' as const, level: '差' as const }], risk: '高' as const, done: 0 },
    { code: 'C1', name: '丙门诊部', townshipName: null, changes: [], risk: '低' as const, done: 0 },
  ];
  it('sorts by township, overdue, due and name', () => {
    const codes = (s: 'township' | 'overdue' | 'due' | 'name') => planTable(subjects, 2026, '2026-12-31', s).map((r) => r.code);
    expect(codes('township')).toEqual(['C1', 'A1', 'B1']);
    expect(codes('overdue')).toEqual(['A1', 'C1', 'B1']);
    expect(codes('due')).toEqual(['A1', 'C1', 'B1']);
    expect(codes('name')).toEqual(['C1', 'A1', 'B1']);
  });
  it('writes a CSV row with words for a missing level and risk', () => {
    const [c] = planTable([subjects[2]!], 2026, '2026-06-01', 'name');
    expect(planCsvRow(c!)).toEqual(['县直', 'C1', '丙门诊部', '未评价', '低', 1, 0, 1, 0, '2026-12-31']);
    const [a] = planTable([subjects[1]!], 2026, '2026-06-01', 'name');
    expect(planCsvRow(a!).slice(3, 9)).toEqual(['差', '高', 5, 0, 5, 2]);
    expect(PLAN_CSV_HEADER).toHaveLength(10);
  });
});

describe('planTable: ties', () => {
  const same = (code: string, name: string, townshipName: string | null, done = 0) => ({ code, name, townshipName, changes: [], risk: null, done });
  it('breaks ties by township, then name, then code', () => {
    const rows = [same('B2', '乙', '乙镇'), same('B1', '乙', '乙镇'), same('A1', '甲', '甲镇'), same('C1', '丙', null, 1)];
    for (const sort of ['township', 'overdue', 'due'] as const) {
      const codes = planTable(rows, 2026, '2026-06-01', sort).map((r) => r.code);
      expect(codes.indexOf('B1')).toBeLessThan(codes.indexOf('B2'));
    }
    expect(planTable(rows, 2026, '2027-01-02', 'overdue').map((r) => r.code)).toEqual(['A1', 'B1', 'B2', 'C1']); // 甲 (jia) before 乙 (yi) in pinyin order
    expect(planTable(rows, 2026, '2026-06-01', 'due').map((r) => r.code)).toEqual(['A1', 'B1', 'B2', 'C1']); // 甲 (jia) before 乙 (yi) in pinyin order
    const [done] = planTable([same('C1', '丙', '丙镇', 1)], 2026, '2026-06-01', 'name');
    expect(planCsvRow(done!)).toEqual(['丙镇', 'C1', '丙', '未评价', '未定', 1, 1, 0, 0, '']);
  });
});
