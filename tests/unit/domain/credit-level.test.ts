import { describe, expect, it } from 'vitest';
import {
  CreditInputError,
  evaluateCreditLevel,
  formatHundredths,
  isCreditLevel,
  levelForScoreHundredths,
  minLevel,
  safeEvaluateCreditLevel,
  standardizedScoreHundredths,
  toHundredths,
  validateCreditInput,
  type CreditEvaluationInput,
} from '../../../src/domain/credit-level';

function input(overrides: Partial<CreditEvaluationInput> = {}): CreditEvaluationInput {
  return {
    actualScore: 80,
    reasonableMissingPoints: 0,
    doubleStarNotMet: 0,
    singleStarNotMet: 0,
    penaltiesThisYear: 0,
    conductViolation: false,
    seriousViolationOrImpact: false,
    establishmentNonCompliant: false,
    validationSuspended: false,
    majorAccidentFullResponsibility: false,
    safetyOrFireAccident: false,
    publicHealthScore: null,
    ...overrides,
  };
}

describe('standardized score', () => {
  it('is actual ÷ (100 − missing) × 100', () => {
    const r = evaluateCreditLevel(input({ actualScore: 86.4, reasonableMissingPoints: 10 }));
    expect(r.standardizedScore).toBe(96);
    expect(r.standardizedScoreText).toBe('96.00');
    expect(r.standardizedScoreHundredths).toBe(9600);
  });

  it('equals the actual score when nothing is missing', () => {
    expect(evaluateCreditLevel(input({ actualScore: 73.25 })).standardizedScore).toBe(73.25);
  });

  it('rounds half up to 2 decimals, exactly (57.52 / 64 = 89.875 → 89.88)', () => {
    const r = evaluateCreditLevel(input({ actualScore: 57.52, reasonableMissingPoints: 36 }));
    expect(r.standardizedScoreText).toBe('89.88');
    expect(r.levelByScore).toBe('合格');
  });

  it('rounds half up where float arithmetic would round down (50.76 / 96 = 52.875)', () => {
    // (50.76 / 96) * 100 is 52.87499999999999 in floating point.
    expect((50.76 / (100 - 4)) * 100).toBeLessThan(52.875);
    expect(evaluateCreditLevel(input({ actualScore: 50.76, reasonableMissingPoints: 4 })).standardizedScoreText).toBe('52.88');
  });

  it('rounds 89.9888… to 89.99 (合格) and 59.9888… to 59.99 (差)', () => {
    expect(evaluateCreditLevel(input({ actualScore: 80.99, reasonableMissingPoints: 10 }))).toMatchObject({
      standardizedScoreText: '89.99',
      level: '合格',
    });
    expect(evaluateCreditLevel(input({ actualScore: 53.99, reasonableMissingPoints: 10 }))).toMatchObject({
      standardizedScoreText: '59.99',
      level: '差',
    });
  });

  it('keeps an exact 90.00 at 90 where floats give 89.99999999999999 (89.1 / 99)', () => {
    expect((89.1 / (100 - 1)) * 100).toBeLessThan(90);
    const r = evaluateCreditLevel(input({ actualScore: 89.1, reasonableMissingPoints: 1 }));
    expect(r.standardizedScoreText).toBe('90.00');
    expect(r.level).toBe('优秀');
  });

  it('keeps an exact 60.00 at 60 where floats give 59.999999999999986 (43.44 / 72.4)', () => {
    expect((43.44 / (100 - 27.6)) * 100).toBeLessThan(60);
    const r = evaluateCreditLevel(input({ actualScore: 43.44, reasonableMissingPoints: 27.6 }));
    expect(r.standardizedScoreText).toBe('60.00');
    expect(r.level).toBe('合格');
  });

  it('decides the level on the rounded score: 89.99599… → 90.00 → 优秀', () => {
    // exact value 89.995998…, below 90 — but the published score is 90.00.
    const r = evaluateCreditLevel(input({ actualScore: 89.96, reasonableMissingPoints: 0.04 }));
    expect(r.standardizedScoreText).toBe('90.00');
    expect(r.levelByScore).toBe('优秀');
  });

  it('decides the level on the rounded score: 89.99499… → 89.99 → 合格', () => {
    const r = evaluateCreditLevel(input({ actualScore: 89.95, reasonableMissingPoints: 0.05 }));
    expect(r.standardizedScoreText).toBe('89.99');
    expect(r.levelByScore).toBe('合格');
  });

  it('59.99599… → 60.00 → 合格', () => {
    const r = evaluateCreditLevel(input({ actualScore: 59.99, reasonableMissingPoints: 0.01 }));
    expect(r.standardizedScoreText).toBe('60.00');
    expect(r.level).toBe('合格');
  });

  it('computes hundredths with integer arithmetic', () => {
    expect(standardizedScoreHundredths(8999, 0)).toBe(8999);
    expect(standardizedScoreHundredths(5752, 3600)).toBe(8988);
    expect(standardizedScoreHundredths(0, 0)).toBe(0);
    expect(standardizedScoreHundredths(1, 9999)).toBe(10000);
  });

  it('handles actual = full − missing (100 %) and a score of 0', () => {
    expect(evaluateCreditLevel(input({ actualScore: 70, reasonableMissingPoints: 30 })).standardizedScoreText).toBe('100.00');
    expect(evaluateCreditLevel(input({ actualScore: 0 })).level).toBe('差');
  });
});

describe('level by score bands (90 含, 60 含)', () => {
  it.each([
    [100, '优秀'],
    [90, '优秀'],
    [89.99, '合格'],
    [60, '合格'],
    [59.99, '差'],
    [0, '差'],
  ] as const)('%s → %s', (score, level) => {
    const r = evaluateCreditLevel(input({ actualScore: score }));
    expect(r.levelByScore).toBe(level);
    expect(r.level).toBe(level);
    expect(r.reasons).toEqual([]);
  });

  it('levelForScoreHundredths matches', () => {
    expect(levelForScoreHundredths(9000)).toBe('优秀');
    expect(levelForScoreHundredths(8999)).toBe('合格');
    expect(levelForScoreHundredths(6000)).toBe('合格');
    expect(levelForScoreHundredths(5999)).toBe('差');
  });
});

describe('caps', () => {
  it('double-star not met → 差 (cannot be 合格 or above)', () => {
    const r = evaluateCreditLevel(input({ actualScore: 98, doubleStarNotMet: 1 }));
    expect(r.levelByScore).toBe('优秀');
    expect(r.level).toBe('差');
    expect(r.caps).toEqual([expect.objectContaining({ rule: 'double-star', maxLevel: '差', lowered: true })]);
    expect(r.reasons).toEqual(['双星（★★）否决项不符合要求1项，不能评为合格以上等级']);
  });

  it('single-star not met → not 优秀', () => {
    const r = evaluateCreditLevel(input({ actualScore: 97, singleStarNotMet: 2 }));
    expect(r.level).toBe('合格');
    expect(r.reasons).toEqual(['单星（★）否决项不符合要求2项，不能评为优秀等级']);
  });

  it('single-star on a 合格 score: listed but did not lower the level', () => {
    const r = evaluateCreditLevel(input({ actualScore: 75, singleStarNotMet: 1 }));
    expect(r.level).toBe('合格');
    expect(r.caps[0]?.lowered).toBe(false);
    expect(r.reasons).toHaveLength(1);
  });

  it('1 penalty → not 优秀; 2 penalties → 差 (2次以上 includes 2)', () => {
    const one = evaluateCreditLevel(input({ actualScore: 95, penaltiesThisYear: 1 }));
    expect(one.level).toBe('合格');
    expect(one.caps.map((c) => c.rule)).toEqual(['penalty']);
    expect(one.reasons).toEqual(['当年受到卫生健康行政部门行政处罚，不能评为优秀等级']);

    const two = evaluateCreditLevel(input({ actualScore: 95, penaltiesThisYear: 2 }));
    expect(two.level).toBe('差');
    expect(two.caps.map((c) => c.rule)).toEqual(['multiple-penalties']);
    expect(two.reasons).toEqual(['当年受到2次行政处罚（2次以上），不能评为合格等级']);

    expect(evaluateCreditLevel(input({ actualScore: 95, penaltiesThisYear: 3 })).level).toBe('差');
  });

  it('1 penalty on a 合格 score stays 合格', () => {
    expect(evaluateCreditLevel(input({ actualScore: 70, penaltiesThisYear: 1 })).level).toBe('合格');
  });

  it('行风 violation → not 优秀', () => {
    const r = evaluateCreditLevel(input({ actualScore: 92, conductViolation: true }));
    expect(r.level).toBe('合格');
    expect(r.reasons).toEqual(['有违反行业作风（行风）行为，不能评为优秀等级']);
  });

  it.each([
    ['seriousViolationOrImpact', 'serious-violation', '当年有严重违法行为或造成严重社会影响，不能评为合格等级'],
    ['establishmentNonCompliant', 'establishment', '有不符合医疗机构设置相关规定的情形，不能评为合格等级'],
    ['validationSuspended', 'validation-suspended', '被暂缓校验，不能评为合格等级'],
    ['majorAccidentFullResponsibility', 'major-accident', '发生重大医疗事故且医疗机构负完全责任，不能评为合格等级'],
    ['safetyOrFireAccident', 'safety-fire', '发生安全生产、消防事故，不能评为合格等级'],
  ] as const)('%s → 差', (field, rule, reason) => {
    const r = evaluateCreditLevel(input({ actualScore: 95, [field]: true }));
    expect(r.level).toBe('差');
    expect(r.caps).toEqual([{ rule, maxLevel: '差', reason, lowered: true }]);
    expect(r.reasons).toEqual([reason]);
  });

  it('public-health score 59 → 差, 60 → no cap, not assessed → no cap', () => {
    const r59 = evaluateCreditLevel(input({ actualScore: 95, publicHealthScore: 59 }));
    expect(r59.level).toBe('差');
    expect(r59.reasons).toEqual(['基本公共卫生服务项目绩效考核59分，低于60分，不能评为合格等级']);
    expect(evaluateCreditLevel(input({ actualScore: 95, publicHealthScore: 60 })).level).toBe('优秀');
    expect(evaluateCreditLevel(input({ actualScore: 95, publicHealthScore: null })).level).toBe('优秀');
  });

  it('public-health 59.99 → 差 with the exact score in the reason', () => {
    const r = evaluateCreditLevel(input({ actualScore: 95, publicHealthScore: 59.99 }));
    expect(r.level).toBe('差');
    expect(r.reasons[0]).toContain('59.99分');
  });

  it('lists every applicable cap in the seed order, even those that did not lower the level', () => {
    const r = evaluateCreditLevel(
      input({
        actualScore: 50,
        doubleStarNotMet: 1,
        singleStarNotMet: 1,
        penaltiesThisYear: 1,
        conductViolation: true,
        seriousViolationOrImpact: true,
        establishmentNonCompliant: true,
        validationSuspended: true,
        majorAccidentFullResponsibility: true,
        safetyOrFireAccident: true,
        publicHealthScore: 10,
      }),
    );
    expect(r.level).toBe('差');
    expect(r.caps.map((c) => c.rule)).toEqual([
      'double-star',
      'single-star',
      'penalty',
      'conduct',
      'serious-violation',
      'establishment',
      'validation-suspended',
      'major-accident',
      'safety-fire',
      'public-health',
    ]);
    expect(r.caps.every((c) => !c.lowered)).toBe(true);
    expect(r.reasons).toHaveLength(10);
  });

  it('the strongest cap wins when several apply', () => {
    const r = evaluateCreditLevel(input({ actualScore: 95, singleStarNotMet: 1, validationSuspended: true }));
    expect(r.level).toBe('差');
    expect(r.caps.map((c) => [c.rule, c.lowered])).toEqual([
      ['single-star', true],
      ['validation-suspended', true],
    ]);
  });
});

describe('invalid input', () => {
  it('rejects negative scores and counts with typed errors', () => {
    expect(() => evaluateCreditLevel(input({ actualScore: -1 }))).toThrow(CreditInputError);
    try {
      evaluateCreditLevel(input({ actualScore: -1, penaltiesThisYear: -1, doubleStarNotMet: 1.5 }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CreditInputError);
      expect((e as CreditInputError).issues).toEqual([
        { field: 'actualScore', message: '不能为负数' },
        { field: 'doubleStarNotMet', message: '必须是非负整数' },
        { field: 'penaltiesThisYear', message: '必须是非负整数' },
      ]);
    }
  });

  it('rejects actual > full − missing', () => {
    expect(validateCreditInput(input({ actualScore: 95.01, reasonableMissingPoints: 5 }))).toEqual([
      { field: 'actualScore', message: '不能超过满分减合理缺项（100 − 5.00 = 95.00）' },
    ]);
    expect(validateCreditInput(input({ actualScore: 100.01 }))).toHaveLength(1);
    expect(validateCreditInput(input({ actualScore: 95, reasonableMissingPoints: 5 }))).toEqual([]);
  });

  it('rejects missing ≥ 100 and negative missing', () => {
    expect(validateCreditInput(input({ actualScore: 0, reasonableMissingPoints: 100 }))).toEqual([
      { field: 'reasonableMissingPoints', message: '必须小于满分100分' },
    ]);
    expect(validateCreditInput(input({ reasonableMissingPoints: -0.5 }))).toEqual([{ field: 'reasonableMissingPoints', message: '不能为负数' }]);
  });

  it('rejects NaN, Infinity and more than 2 decimals', () => {
    expect(validateCreditInput(input({ actualScore: Number.NaN }))[0]?.message).toBe('必须是最多两位小数的数字');
    expect(validateCreditInput(input({ reasonableMissingPoints: Number.POSITIVE_INFINITY }))[0]?.field).toBe('reasonableMissingPoints');
    expect(validateCreditInput(input({ actualScore: 89.995 }))[0]?.field).toBe('actualScore');
  });

  it('rejects non-boolean flags and out-of-range public-health scores', () => {
    const bad = { ...input(), conductViolation: 'yes' } as unknown as CreditEvaluationInput;
    expect(validateCreditInput(bad)).toEqual([{ field: 'conductViolation', message: '必须是“是”或“否”' }]);
    expect(validateCreditInput(input({ publicHealthScore: 100.5 }))[0]?.message).toBe('必须在0到100之间');
    expect(validateCreditInput(input({ publicHealthScore: -1 }))[0]?.message).toBe('必须在0到100之间');
    expect(validateCreditInput(input({ publicHealthScore: 1.234 }))[0]?.message).toBe('必须是最多两位小数的数字');
  });

  it('safeEvaluateCreditLevel returns issues instead of throwing', () => {
    expect(safeEvaluateCreditLevel(input({ actualScore: -1 }))).toEqual({
      ok: false,
      issues: [{ field: 'actualScore', message: '不能为负数' }],
    });
    const ok = safeEvaluateCreditLevel(input({ actualScore: 91 }));
    expect(ok.ok && ok.value.level).toBe('优秀');
  });

  it('the error message lists the issues', () => {
    expect(new CreditInputError([{ field: 'actualScore', message: '不能为负数' }]).message).toContain('actualScore: 不能为负数');
  });
});

describe('helpers', () => {
  it('toHundredths tolerates float representation but not extra decimals', () => {
    expect(toHundredths(85.5)).toBe(8550);
    expect(toHundredths(0.29)).toBe(29);
    expect(toHundredths(89.99)).toBe(8999);
    expect(toHundredths(1.005)).toBeNull();
  });

  it('formatHundredths', () => {
    expect(formatHundredths(8999)).toBe('89.99');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(-150)).toBe('-1.50');
  });

  it('minLevel and isCreditLevel', () => {
    expect(minLevel('优秀', '合格')).toBe('合格');
    expect(minLevel('差', '优秀')).toBe('差');
    expect(isCreditLevel('合格')).toBe(true);
    expect(isCreditLevel('良好')).toBe(false);
    expect(isCreditLevel(1)).toBe(false);
  });
});
