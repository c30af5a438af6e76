import { describe, expect, it } from 'vitest';
import type { CreditEvaluationInput } from '../../../src/domain/credit-level';
import {
  annualLevelBasis,
  approvalBlocker,
  checkFinding,
  downgradedLevelBasis,
  isDowngradeProposer,
  levelInForce,
  nextPosterVersion,
  rescoreDueDate,
  rescoreOutcome,
  rescoreTimeliness,
  RESCORE_WITHIN_DAYS,
  timelinessText,
  type AnnualBasis,
  type DowngradeBasis,
  type DowngradeFinding,
} from '../../../src/domain/downgrade';

const clean: CreditEvaluationInput = {
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
};

const evaluated = { year: 2026, evaluatedOn: '2026-09-15', currentLevel: '合格' as const };
const finding: DowngradeFinding = {
  foundOn: '2026-11-02',
  source: '日常监督',
  description: '使用非卫生技术人员从事医疗卫生技术工作',
  link: { kind: 'inspection', ref: 'JC-2026-0101' },
};

describe('checkFinding — "在日常监督过程中发现已评价医疗机构存在违法违规行为需要降级的"', () => {
  it('a finding after the evaluation at an evaluated institution is accepted', () => {
    expect(checkFinding(evaluated, finding, '2026-11-03')).toEqual([]);
    expect(checkFinding(evaluated, { ...finding, foundOn: '2026-09-15' }, '2026-11-03')).toEqual([]);
  });

  it('痕迹管理: a finding dated before the evaluation belongs in that evaluation', () => {
    expect(checkFinding(evaluated, { ...finding, foundOn: '2026-09-14' }, '2026-11-03')[0]).toContain('评价前的情形应计入年度评价');
  });

  it('a level already 差 cannot be lowered; future dates, unknown sources and empty descriptions are refused', () => {
    expect(checkFinding({ ...evaluated, currentLevel: '差' }, finding, '2026-11-03')).toEqual(['当前信用级别已为“差”，不能再降级']);
    expect(checkFinding(evaluated, finding, '2026-11-01')).toEqual(['发现日期不能晚于今天']);
    expect(checkFinding(evaluated, { ...finding, source: '随便' as never }, '2026-11-03')).toEqual(['发现来源不正确']);
    expect(checkFinding(evaluated, { ...finding, description: '  ' }, '2026-11-03')).toEqual(['请填写发现的违法违规行为']);
    expect(checkFinding(evaluated, { ...finding, foundOn: '2026-11-31' }, '2026-12-03')).toEqual(['发现日期格式不正确（应为 YYYY-MM-DD）']);
  });
});

describe('re-score due date — "应在5日内使用…现场评价表进行评分" (calendar days, statutory counting)', () => {
  it('5 days, the finding day not counted', () => {
    expect(RESCORE_WITHIN_DAYS).toBe(5);
    expect(rescoreDueDate('2026-11-04')).toBe('2026-11-09');
  });

  it('a period ending on a Saturday runs to Monday', () => {
    expect(rescoreDueDate('2026-11-02')).toBe('2026-11-09');
  });

  it('国庆: found 2026-09-29, the 5th day (10-04) is a holiday → 10-08', () => {
    expect(rescoreDueDate('2026-09-29')).toBe('2026-10-08');
  });

  it('春节: found 2026-02-23 (holiday) → 5th day 02-28 is a 调休 working Saturday, so the period ends that day', () => {
    expect(rescoreDueDate('2026-02-23')).toBe('2026-02-28');
  });
});

describe('rescoreTimeliness (lateness is flagged, the record stays valid)', () => {
  it('pending until the due date, inclusive', () => {
    expect(rescoreTimeliness('2026-11-02', null, '2026-11-09')).toEqual({ status: 'pending', due: '2026-11-09' });
  });
  it('overdue the day after, counting calendar days late', () => {
    expect(rescoreTimeliness('2026-11-02', null, '2026-11-11')).toEqual({ status: 'overdue', due: '2026-11-09', daysLate: 2 });
  });
  it('on time on the due day; late after it', () => {
    expect(rescoreTimeliness('2026-11-02', '2026-11-09', '2026-11-20')).toEqual({ status: 'on-time', due: '2026-11-09' });
    expect(rescoreTimeliness('2026-11-02', '2026-11-10', '2026-11-20')).toEqual({ status: 'late', due: '2026-11-09', daysLate: 1 });
  });
  it('words for the worklist', () => {
    expect(timelinessText({ status: 'pending', due: '2026-11-09' })).toBe('应于2026-11-09前（含当日）重新评分');
    expect(timelinessText({ status: 'overdue', due: '2026-11-09', daysLate: 2 })).toBe('应于2026-11-09前重新评分，已逾期2天');
    expect(timelinessText({ status: 'on-time', due: '2026-11-09' })).toBe('已在期限内（2026-11-09前）重新评分');
    expect(timelinessText({ status: 'late', due: '2026-11-09', daysLate: 1 })).toBe('重新评分晚于期限（2026-11-09）1天');
  });
});

describe("rescoreOutcome — the re-score's level by the same credit-level rules", () => {
  it('score below 60 → 差, named as such', () => {
    const o = rescoreOutcome('合格', { ...clean, actualScore: 58 });
    expect(o).toEqual({ downgrade: true, fromLevel: '合格', newLevel: '差', scoreHundredths: 5800, scoreText: '58.00', reasons: ['标化得分58.00，低于60分'] });
    expect(approvalBlocker(o)).toBeNull();
  });

  it('"双星项不符合要求，不能评为合格以上等级": 差 by the ★★ veto, and a ★ veto is not given as its reason', () => {
    const o = rescoreOutcome('优秀', { ...clean, actualScore: 92.5, doubleStarNotMet: 1, singleStarNotMet: 2 });
    expect(o.downgrade && o.reasons).toEqual(['双星（★★）否决项不符合要求1项，不能评为合格以上等级']);
  });

  it('"单星项不符合要求的不能评为优秀等级": 优秀 → 合格', () => {
    const o = rescoreOutcome('优秀', { ...clean, actualScore: 95, singleStarNotMet: 1 });
    expect(o.downgrade && [o.newLevel, o.reasons]).toEqual(['合格', ['单星（★）否决项不符合要求1项，不能评为优秀等级']]);
  });

  it('a re-score not below the level in force is not a downgrade', () => {
    const o = rescoreOutcome('合格', { ...clean, actualScore: 75 });
    expect(o).toMatchObject({ downgrade: false, rescoreLevel: '合格', message: '重新评分后的级别（合格）不低于当前级别（合格），不予降级' });
    expect(approvalBlocker(o)).toBe('重新评分后的级别（合格）不低于当前级别（合格），不予降级');
  });
});

const annual: AnnualBasis = {
  year: 2026,
  level: '合格',
  standardizedScore: 92.5,
  evaluatedOn: '2026-09-15',
  reasons: ['单星（★）否决项不符合要求1项，不能评为优秀等级'],
};
const basis: DowngradeBasis = {
  noticeNo: '青禾卫健降〔2026〕1号',
  noticeDate: '2026-11-12',
  fromLevel: '合格',
  toLevel: '差',
  rescoredOn: '2026-11-06',
  rescoreScore: 58,
  rescoreReasons: ['标化得分58.00，低于60分'],
  reason: '使用非卫生技术人员从事医疗卫生技术工作',
};

describe('downgradedLevelBasis — issue 12 item 3: never three levels at once', () => {
  it('the level box shows the re-score and the downgrade reason; the annual score only in history', () => {
    const b = downgradedLevelBasis(annual, basis);
    expect(b.level).toBe('差');
    expect(b.heading).toBe('2026年度信用级别：差（2026-11-12降级，降级通知书青禾卫健降〔2026〕1号）');
    expect(b.scoreLabel).toBe('重新评分标化得分');
    expect(b.scoreText).toBe('58.00');
    expect(b.basis).toEqual([
      '降级原因：使用非卫生技术人员从事医疗卫生技术工作',
      '2026-11-06按现场评价表重新评分，标化得分58.00。',
      '评为“差”的依据：标化得分58.00，低于60分',
    ]);
    const shown = [b.heading, b.scoreText, ...b.basis, b.posterLine].join('\n');
    expect(shown).not.toContain('92.50');
    expect(shown).not.toContain('优秀');
    expect(shown).not.toContain('合格');
    expect(b.history).toEqual([
      '2026年度评价（2026-09-15）：合格，标化得分92.50',
      '单星（★）否决项不符合要求1项，不能评为优秀等级',
      '2026-11-12由合格降为差（降级通知书青禾卫健降〔2026〕1号）',
    ]);
  });

  it('the poster prints the re-score, never "差 · 标化得分 92.50"', () => {
    expect(downgradedLevelBasis(annual, basis).posterLine).toBe('差 · 重新评分标化得分58.00');
  });

  it('a 差 by veto with a score of 60 or more prints the deciding rule on the poster', () => {
    const b = downgradedLevelBasis(annual, { ...basis, rescoreScore: 72, rescoreReasons: ['双星（★★）否决项不符合要求1项，不能评为合格以上等级'] });
    expect(b.posterLine).toBe('差 · 双星（★★）否决项不符合要求1项，不能评为合格以上等级');
  });

  it('without deciding reasons the poster falls back to the re-score', () => {
    expect(downgradedLevelBasis(annual, { ...basis, rescoreScore: 72, rescoreReasons: [] }).posterLine).toBe('差 · 重新评分标化得分72.00');
  });
});

describe('annualLevelBasis', () => {
  it('without a downgrade the annual evaluation is the basis and the history is empty', () => {
    const b = annualLevelBasis(annual, ['单星（★）否决项不符合要求1项，不能评为优秀等级']);
    expect(b.heading).toBe('2026年度信用级别：合格（评价日期2026-09-15）');
    expect(b.scoreText).toBe('92.50');
    expect(b.posterLine).toBe('合格 · 单星（★）否决项不符合要求1项，不能评为优秀等级');
    expect(b.history).toEqual([]);
    expect(annualLevelBasis({ ...annual, standardizedScore: 80, reasons: [] }, []).posterLine).toBe('合格 · 标化得分80.00');
  });
});

describe('nextPosterVersion — "信用级别发生变化时，应及时更新信用级别标识"', () => {
  it('increases only when the printed level changes', () => {
    expect(nextPosterVersion(3, true)).toBe(4);
    expect(nextPosterVersion(3, false)).toBe(3);
  });
});

describe('levelInForce — the annual level lowered by the approved downgrades', () => {
  it('takes the lowest level, never raises it', () => {
    expect(levelInForce('优秀', [])).toBe('优秀');
    expect(levelInForce('优秀', ['合格'])).toBe('合格');
    expect(levelInForce('优秀', ['差', '合格'])).toBe('差');
    expect(levelInForce('合格', ['合格'])).toBe('合格');
  });
});

describe('isDowngradeProposer — "不能审批本人提出或录入的事项"', () => {
  const people = { foundBy: 1, rescoredBy: 2, proposedBy: 3 };
  it('whoever found, re-scored or reported it is a proposer', () => {
    for (const id of [1, 2, 3]) expect(isDowngradeProposer(id, people)).toBe(true);
    expect(isDowngradeProposer(4, people)).toBe(false);
    expect(isDowngradeProposer(4, { foundBy: null, rescoredBy: null, proposedBy: null })).toBe(false);
  });
});

describe('downgradedLevelBasis without a stored re-score score (rows from before 0006)', () => {
  it('shows no score rather than the annual one', () => {
    const b = downgradedLevelBasis(annual, { ...basis, rescoreScore: null, rescoreReasons: [] });
    expect(b.scoreText).toBe('—');
    expect(b.score).toBeNull();
    expect(b.basis).toEqual(['降级原因：使用非卫生技术人员从事医疗卫生技术工作']);
    expect(b.posterLine).toBe('差 · 2026-11-12降级');
    expect([b.scoreText, ...b.basis, b.posterLine].join('')).not.toContain('92.50');
  });
});
