import { describe, expect, it } from 'vitest';
import type { CreditLevel } from '../../../src/domain/credit-level';
import { applyExcellentCut, applyExcellentCutByGroup, EXCELLENT_CUT_RULE, excellentQuota, type CutCandidate } from '../../../src/domain/excellent-cut';

/** n institutions: the given 优秀 scores first, the rest 合格 at 70.00. */
function population(n: number, excellentScores: number[]): CutCandidate[] {
  const items: CutCandidate[] = excellentScores.map((s, i) => ({
    id: `E${i + 1}`,
    level: '优秀' as CreditLevel,
    standardizedScoreHundredths: Math.round(s * 100),
  }));
  for (let i = items.length; i < n; i += 1) items.push({ id: `Q${i + 1}`, level: '合格', standardizedScoreHundredths: 7000 });
  return items;
}

describe('excellentQuota', () => {
  it('is floor(10 %)', () => {
    expect(excellentQuota(0)).toBe(0);
    expect(excellentQuota(9)).toBe(0);
    expect(excellentQuota(10)).toBe(1);
    expect(excellentQuota(19)).toBe(1);
    expect(excellentQuota(20)).toBe(2);
    expect(excellentQuota(40)).toBe(4);
    expect(excellentQuota(100_000)).toBe(10_000);
  });

  it('rejects non-integers and negatives', () => {
    expect(() => excellentQuota(-1)).toThrow(RangeError);
    expect(() => excellentQuota(1.5)).toThrow(RangeError);
  });
});

describe('applyExcellentCut', () => {
  it('exactly 10 %: everyone stays 优秀', () => {
    const r = applyExcellentCut(population(40, [98, 96, 95, 91]));
    expect(r.summary).toMatchObject({ evaluatedCount: 40, quota: 4, candidateCount: 4, excellentCount: 4, heldBackCount: 0 });
    expect(r.summary.cutLineHundredths).toBeNull();
    expect(r.outcomes.filter((o) => o.level === '优秀')).toHaveLength(4);
    expect(r.outcomes.every((o) => o.reason === null)).toBe(true);
  });

  it('one more than 10 %: the lowest is held back with a reason', () => {
    const r = applyExcellentCut(population(40, [98, 96, 95, 91, 90.5]));
    expect(r.summary).toMatchObject({ quota: 4, candidateCount: 5, excellentCount: 4, heldBackCount: 1, cutLineHundredths: 9050 });
    const held = r.outcomes.find((o) => o.id === 'E5');
    expect(held).toMatchObject({ levelBefore: '优秀', level: '合格', heldBack: true, candidateRank: 5 });
    expect(held?.reason).toBe('优秀比例不超过10%：本年度本辖区40家参评，优秀名额4个，标化得分90.50排名第5，未进入名额，评为合格');
  });

  it('ties at the cut line are all held back, so the cap is never exceeded', () => {
    // quota 4; ranks 1,2,3 clear; two tied at 93.50 for the 4th place.
    const r = applyExcellentCut(population(40, [98, 96, 95, 93.5, 93.5]));
    expect(r.summary).toMatchObject({ quota: 4, excellentCount: 3, heldBackCount: 2, cutLineHundredths: 9350 });
    const tied = r.outcomes.filter((o) => o.heldBack);
    expect(tied.map((o) => o.id)).toEqual(['E4', 'E5']);
    for (const o of tied) {
      expect(o.candidateRank).toBe(4);
      expect(o.reason).toContain('与名额外机构同分（分界线93.50）');
    }
  });

  it('a tie entirely inside the quota is kept', () => {
    const r = applyExcellentCut(population(40, [98, 96, 96, 95, 91]));
    expect(r.outcomes.filter((o) => o.level === '优秀').map((o) => o.id)).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(r.summary.cutLineHundredths).toBe(9100);
  });

  it('all candidates tied above the quota → none is 优秀', () => {
    const r = applyExcellentCut(population(20, [95, 95, 95]));
    expect(r.summary).toMatchObject({ quota: 2, excellentCount: 0, heldBackCount: 3 });
  });

  it('fewer than 10 institutions → quota 0 → nobody is 优秀', () => {
    const r = applyExcellentCut(population(9, [99]));
    expect(r.summary).toMatchObject({ quota: 0, excellentCount: 0, heldBackCount: 1, cutLineHundredths: 9900 });
    expect(r.outcomes[0]?.reason).toBe('优秀比例不超过10%：本年度本辖区9家参评，优秀名额0个，标化得分99.00，不评为优秀，评为合格');
  });

  it('does not depend on input order', () => {
    const items = population(30, [97, 95, 95, 92, 91]);
    const a = applyExcellentCut(items);
    const b = applyExcellentCut([...items].reverse());
    const levels = (r: typeof a) => Object.fromEntries(r.outcomes.map((o) => [o.id, o.level]));
    expect(levels(a)).toEqual(levels(b));
  });

  it('leaves 合格 and 差 untouched and keeps input order', () => {
    const items: CutCandidate[] = [
      { id: 'A', level: '差', standardizedScoreHundredths: 9500 },
      { id: 'B', level: '合格', standardizedScoreHundredths: 9800 },
      { id: 'C', level: '优秀', standardizedScoreHundredths: 9100 },
    ];
    const r = applyExcellentCut(items);
    expect(r.outcomes.map((o) => [o.id, o.level, o.candidateRank])).toEqual([
      ['A', '差', null],
      ['B', '合格', null],
      ['C', '合格', 1],
    ]);
  });

  it('never exceeds the quota (exhaustive small cases)', () => {
    for (let n = 0; n <= 30; n += 1) {
      for (let k = 0; k <= n; k += 1) {
        const scores = Array.from({ length: k }, (_, i) => 90 + ((i * 7) % 5));
        const r = applyExcellentCut(population(n, scores));
        expect(r.summary.excellentCount).toBeLessThanOrEqual(excellentQuota(n));
        expect(r.summary.excellentCount + r.summary.heldBackCount).toBe(k);
      }
    }
  });

  it('rejects duplicate ids', () => {
    expect(() =>
      applyExcellentCut([
        { id: 'X', level: '优秀', standardizedScoreHundredths: 9500 },
        { id: 'X', level: '合格', standardizedScoreHundredths: 7000 },
      ]),
    ).toThrow('重复');
  });

  it('states the tie rule for supervisors', () => {
    expect(EXCELLENT_CUT_RULE).toContain('10%');
    expect(EXCELLENT_CUT_RULE).toContain('同分');
    expect(EXCELLENT_CUT_RULE).toContain('绝不超过名额');
  });
});

describe('applyExcellentCutByGroup', () => {
  it('applies the cut per group and returns outcomes in input order', () => {
    const y2024 = population(10, [95, 94]).map((c) => ({ ...c, year: 2024 }));
    const y2025 = population(10, [95]).map((c) => ({ ...c, year: 2025 }));
    const mixed = y2024.flatMap((c, i) => [c, y2025[i] as (typeof y2025)[number]]);
    const { outcomes, summaries } = applyExcellentCutByGroup(mixed, (c) => String(c.year));
    expect(outcomes).toHaveLength(20);
    expect(outcomes.map((o) => o.id)).toEqual(mixed.map((c) => c.id));
    expect(summaries.get('2024')).toMatchObject({ quota: 1, excellentCount: 1, heldBackCount: 1 });
    expect(summaries.get('2025')).toMatchObject({ quota: 1, excellentCount: 1, heldBackCount: 0 });
    // same id in two groups is fine
    expect(outcomes.filter((o) => o.id === 'E1')).toHaveLength(2);
  });
});
