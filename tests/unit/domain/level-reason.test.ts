import { describe, expect, it } from 'vitest';
import type { CreditEvaluationInput } from '../../../src/domain/credit-level';
import {
  capFromSentence,
  decidingReasons,
  decidingReasonsFor,
  downgradeDecidingText,
  listReason,
  penaltyAgreement,
  penaltyReasonWithNote,
  scoreBandReason,
  storedDecidingReasons,
  type PenaltyFact,
  type StoredEvaluationForReason,
} from '../../../src/domain/level-reason';
import { rescoreOutcome } from '../../../src/domain/downgrade';

const facts: CreditEvaluationInput = {
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
const stored = (over: Partial<StoredEvaluationForReason>): StoredEvaluationForReason => ({
  ...facts,
  level: '合格',
  standardizedScore: 80,
  reasons: [],
  ...over,
});

describe('scoreBandReason — 90(含90)分以上 / 60(含60)-90分 / 低于60分', () => {
  it('names each band at its bounds', () => {
    expect(scoreBandReason(5999)).toBe('标化得分59.99，低于60分');
    expect(scoreBandReason(6000)).toBe('标化得分60.00，在60分（含）至90分之间');
    expect(scoreBandReason(8999)).toBe('标化得分89.99，在60分（含）至90分之间');
    expect(scoreBandReason(9000)).toBe('标化得分90.00，90分（含）以上');
  });
});

describe('decidingReasons — issue 12 item 9', () => {
  const star = { maxLevel: '合格' as const, reason: '单星（★）否决项不符合要求1项，不能评为优秀等级' };
  const dstar = { maxLevel: '差' as const, reason: '双星（★★）否决项不符合要求1项，不能评为合格以上等级' };

  it('差 below 60: the score is named as such, and a ★ veto is never the reason', () => {
    expect(decidingReasons({ level: '差', standardizedScoreHundredths: 5550, caps: [star] })).toEqual(['标化得分55.50，低于60分']);
  });
  it('差 by ★★ veto with a score of 60 or more', () => {
    expect(decidingReasons({ level: '差', standardizedScoreHundredths: 8500, caps: [star, dstar] })).toEqual([dstar.reason]);
  });
  it('差 below 60 and by a veto: both decide', () => {
    expect(decidingReasons({ level: '差', standardizedScoreHundredths: 5000, caps: [dstar] })).toEqual(['标化得分50.00，低于60分', dstar.reason]);
  });
  it('合格 in the band: the band; 合格 with 90 or more: the rules that forbid 优秀 and the 10 % cut', () => {
    expect(decidingReasons({ level: '合格', standardizedScoreHundredths: 8000, caps: [star] })).toEqual(['标化得分80.00，在60分（含）至90分之间']);
    expect(decidingReasons({ level: '合格', standardizedScoreHundredths: 9250, caps: [star], cutReason: '优秀比例不超过10%：…' })).toEqual([
      star.reason,
      '优秀比例不超过10%：…',
    ]);
  });
  it('优秀: the score', () => {
    expect(decidingReasons({ level: '优秀', standardizedScoreHundredths: 9500, caps: [] })).toEqual(['标化得分95.00，90分（含）以上']);
  });
  it('inconsistent data (差 at 85 with no 差 rule) gives no invented reason', () => {
    expect(decidingReasons({ level: '差', standardizedScoreHundredths: 8500, caps: [star] })).toEqual([]);
  });
});

describe('decidingReasonsFor — computed by credit-level.ts', () => {
  it('"受到2次以上行政处罚的…不能评为合格等级"', () => {
    expect(decidingReasonsFor({ ...facts, actualScore: 95, penaltiesThisYear: 2 })).toEqual(['当年受到2次行政处罚（2次以上），不能评为合格等级']);
  });
  it('the cut moves an 优秀 to 合格 and is its reason', () => {
    expect(decidingReasonsFor({ ...facts, actualScore: 95 }, '优秀比例不超过10%：甲')).toEqual(['优秀比例不超过10%：甲']);
    expect(decidingReasonsFor({ ...facts, actualScore: 80 }, '优秀比例不超过10%：甲')).toEqual(['标化得分80.00，在60分（含）至90分之间']);
  });
});

describe('storedDecidingReasons and listReason (the 红黑榜 note)', () => {
  it('recomputes the caps from the facts: a 差 at 55 with a ★ item is "低于60分"', () => {
    const e = stored({ actualScore: 55, singleStarNotMet: 1, level: '差', standardizedScore: 55, reasons: ['单星（★）否决项不符合要求1项，不能评为优秀等级'] });
    expect(listReason(e, null)).toBe('标化得分55.00，低于60分');
  });
  it('a 差 at 85 by "当年有严重违法行为或造成严重社会影响"', () => {
    const e = stored({ actualScore: 85, seriousViolationOrImpact: true, singleStarNotMet: 1, level: '差', standardizedScore: 85 });
    expect(listReason(e, null)).toBe('当年有严重违法行为或造成严重社会影响，不能评为合格等级');
  });
  it("takes the cut's sentence from the stored reasons", () => {
    const e = stored({
      actualScore: 93,
      level: '合格',
      standardizedScore: 93,
      reasons: ['优秀比例不超过10%：本年度本辖区9家参评，优秀名额0个，标化得分93.00，不评为优秀，评为合格'],
    });
    expect(storedDecidingReasons(e)).toEqual(['优秀比例不超过10%：本年度本辖区9家参评，优秀名额0个，标化得分93.00，不评为优秀，评为合格']);
  });
  it("facts that do not explain the level: the stored sentences by the seed's wording", () => {
    const e = stored({ actualScore: 85, level: '差', standardizedScore: 85, reasons: ['单星（★）…不能评为优秀等级', '被暂缓校验，不能评为合格等级', '其他'] });
    expect(storedDecidingReasons(e)).toEqual(['被暂缓校验，不能评为合格等级']);
  });
  it('invalid stored facts fall back the same way', () => {
    const e = stored({ actualScore: -1, level: '差', standardizedScore: 85, reasons: ['被暂缓校验，不能评为合格等级'] });
    expect(storedDecidingReasons(e)).toEqual(['被暂缓校验，不能评为合格等级']);
  });
  it('after a downgrade the note names the finding and what decided the re-score: a score below 60, never a ★ veto', () => {
    const d = { from: '合格', to: '差', noticeDate: '2026-11-12', reason: '超范围执业。', rescoreReasons: ['标化得分55.00，低于60分'] } as const;
    expect(listReason(stored({}), d)).toBe('2026-11-12由合格降为差：超范围执业；重新评分：标化得分55.00，低于60分');
    expect(downgradeDecidingText(d)).toBe('超范围执业；重新评分：标化得分55.00，低于60分');
    const veto = rescoreOutcome('合格', { ...stored({}), actualScore: 55, singleStarNotMet: 2 });
    if (!veto.downgrade) throw new Error('downgrade');
    expect(listReason(stored({}), { ...d, rescoreReasons: veto.reasons })).not.toMatch(/单星|★）/);
  });
  it('after a downgrade the note is the downgrade', () => {
    expect(listReason(stored({}), { from: '合格', to: '差', noticeDate: '2026-11-12', reason: '超范围执业', rescoreReasons: [] })).toBe(
      '2026-11-12由合格降为差：超范围执业',
    );
  });
  it('capFromSentence', () => {
    expect(capFromSentence('双星（★★）否决项不符合要求1项，不能评为合格以上等级')?.maxLevel).toBe('差');
    expect(capFromSentence('有违反行业作风（行风）行为，不能评为优秀等级')?.maxLevel).toBe('合格');
    expect(capFromSentence('备注')).toBeNull();
  });
});

describe('penaltyAgreement — issue 12 item 2', () => {
  const p1: PenaltyFact = { decisionNo: '青禾卫医罚〔2026〕3号', decidedOn: '2026-03-10', shownUntil: '2026-06-10' };
  const p2: PenaltyFact = { decisionNo: '青禾卫医罚〔2026〕8号', decidedOn: '2026-08-01', shownUntil: '2027-08-01' };
  const old: PenaltyFact = { decisionNo: '青禾卫医罚〔2025〕9号', decidedOn: '2025-12-30', shownUntil: '2026-12-30' };

  it('agreement, with "另有1件行政处罚已过公示期" when one is no longer shown', () => {
    const a = penaltyAgreement(2026, 2, [p1, p2, old], '2026-10-01');
    expect(a).toEqual({ agree: true, count: 2, shownCount: 1, expiredCount: 1, publicNote: '另有1件行政处罚已过公示期' });
    expect(penaltyReasonWithNote('当年受到2次行政处罚（2次以上），不能评为合格等级', a)).toBe(
      '当年受到2次行政处罚（2次以上），不能评为合格等级（本页公示1件，另有1件行政处罚已过公示期）',
    );
  });
  it('all shown: no note', () => {
    const a = penaltyAgreement(2026, 1, [p1], '2026-05-01');
    expect(a).toMatchObject({ agree: true, shownCount: 1, publicNote: null });
    expect(penaltyReasonWithNote('r', a)).toBe('r');
  });
  it('shown up to and including the shown-until date', () => {
    expect(penaltyAgreement(2026, 1, [p1], '2026-06-10')).toMatchObject({ expiredCount: 0 });
    expect(penaltyAgreement(2026, 1, [p1], '2026-06-11')).toMatchObject({ expiredCount: 1 });
  });
  it('a difference is flagged with the records found', () => {
    const a = penaltyAgreement(2026, 2, [p1, old], '2026-10-01');
    expect(a).toEqual({
      agree: false,
      declared: 2,
      recorded: 1,
      recordedNos: ['青禾卫医罚〔2026〕3号'],
      message: '评价填报2026年受到行政处罚2次，行政处罚记录中2026年有1件（青禾卫医罚〔2026〕3号），两者不一致，请核对后再保存。',
    });
    expect(penaltyReasonWithNote('r', a)).toBe('r');
    expect(penaltyAgreement(2026, 1, [], '2026-10-01')).toMatchObject({
      agree: false,
      message: '评价填报2026年受到行政处罚1次，行政处罚记录中2026年有0件，两者不一致，请核对后再保存。',
    });
  });
  it('penalties decided after asOf are not counted yet', () => {
    expect(penaltyAgreement(2026, 1, [p1, p2], '2026-07-01')).toMatchObject({ agree: true, count: 1 });
  });
});

describe('红黑榜 entries carry the deciding reason (public-lists.ts yearList)', () => {
  it('a 差 at 55 with a ★ item and a ★★ item: the note names the score and the ★★ veto, never the ★', async () => {
    const { yearList } = await import('../../../src/domain/public-lists');
    const { indexRegions } = await import('../../../src/domain/disclosure-board');
    const { evaluation, institution, REGIONS } = await import('./builders');
    const e = evaluation({
      actualScore: 55,
      standardizedScore: 55,
      singleStarNotMet: 1,
      doubleStarNotMet: 1,
      scoreLevel: '差',
      level: '差',
      reasons: ['双星（★★）否决项不符合要求1项，不能评为合格以上等级', '单星（★）否决项不符合要求1项，不能评为优秀等级'],
    });
    const list = yearList([institution({ evaluations: [e] })], indexRegions(REGIONS), 2026, '2026-12-31');
    expect(list.entries[0]?.listReason).toBe('标化得分55.00，低于60分；双星（★★）否决项不符合要求1项，不能评为合格以上等级');
  });
});
