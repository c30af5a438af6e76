/**
 * Why an institution has its level — the one reason a list entry or a notice names — and whether
 * the evaluation's penalty count agrees with the penalty records (issue 12 items 2 and 9).
 *
 * Seed 001 附件1 四 and 五: the level follows the 标化得分 band (90(含90)分以上 优秀, 60(含60)-90分
 * 合格, 低于60分 差), lowered by the veto rules: "双星项不符合要求，不能评为合格以上等级，单星项不
 * 符合要求的不能评为优秀等级 … 不能评为优秀等级；… 不能评为合格等级". So:
 * - a 差 is decided by a score below 60 or by a rule that "不能评为合格等级" (★★ and the 差 vetoes);
 *   a ★ item only forbids 优秀 and can never be the reason for a 差;
 * - a 合格 with a score of 90 or more is decided by a rule that "不能评为优秀等级" (★, penalty,
 *   行风) or by the 10 % cut; otherwise by the score band;
 * - an 优秀 by the score.
 * The veto sentences themselves are credit-level.ts's (reused, never reworded here).
 */
import {
  evaluateCreditLevel,
  formatHundredths,
  safeEvaluateCreditLevel,
  EXCELLENT_MIN_H,
  QUALIFIED_MIN_H,
  type CreditCap,
  type CreditEvaluationInput,
  type CreditLevel,
} from './credit-level';
import type { IsoDate } from './working-days';

/** The score band in words: "标化得分58.00，低于60分". */
export function scoreBandReason(scoreH: number): string {
  const s = formatHundredths(scoreH);
  if (scoreH < QUALIFIED_MIN_H) return `标化得分${s}，低于60分`;
  if (scoreH < EXCELLENT_MIN_H) return `标化得分${s}，在60分（含）至90分之间`;
  return `标化得分${s}，90分（含）以上`;
}

/** Prefix of the 10 % cut's reason (excellent-cut.ts heldBackReason). */
export const CUT_REASON_PREFIX = '优秀比例不超过10%';

export interface DecidingInput {
  level: CreditLevel;
  standardizedScoreHundredths: number;
  caps: readonly Pick<CreditCap, 'maxLevel' | 'reason'>[];
  /** The 10 % cut's reason when the cut held this institution back. */
  cutReason?: string | null;
}

/**
 * What decided the level, strongest first. Empty only for inconsistent data (a 差 with a score
 * of 60 or more and no 差 rule), which the caller must not paper over with an invented reason.
 */
export function decidingReasons(d: DecidingInput): string[] {
  const score = d.standardizedScoreHundredths;
  switch (d.level) {
    case '差': {
      const out = score < QUALIFIED_MIN_H ? [scoreBandReason(score)] : [];
      for (const c of d.caps) if (c.maxLevel === '差') out.push(c.reason);
      return out;
    }
    case '合格': {
      if (score < EXCELLENT_MIN_H) return [scoreBandReason(score)];
      const out = d.caps.filter((c) => c.maxLevel === '合格').map((c) => c.reason);
      if (d.cutReason) out.push(d.cutReason);
      return out;
    }
    case '优秀':
      return [scoreBandReason(score)];
  }
}

/** Deciding reasons of a freshly computed evaluation (e.g. a re-score). */
export function decidingReasonsFor(input: CreditEvaluationInput, cutReason: string | null = null): string[] {
  const r = evaluateCreditLevel(input);
  const level = cutReason && r.level === '优秀' ? '合格' : r.level;
  return decidingReasons({ level, standardizedScoreHundredths: r.standardizedScoreHundredths, caps: r.caps, cutReason });
}

export interface StoredEvaluationForReason extends CreditEvaluationInput {
  level: CreditLevel;
  standardizedScore: number;
  /** Stored reasons (caps and the cut's sentence). */
  reasons: readonly string[];
}

/**
 * Deciding reasons of a stored evaluation: the caps are recomputed from its facts (the stored
 * reasons list every cap, including those that did not decide anything), the cut's sentence is
 * taken from the stored reasons.
 */
export function storedDecidingReasons(e: StoredEvaluationForReason): string[] {
  const computed = safeEvaluateCreditLevel(e);
  const base = {
    level: e.level,
    standardizedScoreHundredths: Math.round(e.standardizedScore * 100),
    cutReason: e.reasons.find((r) => r.startsWith(CUT_REASON_PREFIX)) ?? null,
  };
  const fromFacts = decidingReasons({ ...base, caps: computed.ok ? computed.value.caps : [] });
  if (fromFacts.length > 0) return fromFacts;
  // Facts that do not explain the stored level (older or hand-entered rows): read the stored
  // sentences by the seed's wording, which says which level each rule forbids.
  return decidingReasons({ ...base, caps: e.reasons.map(capFromSentence).filter((c) => c !== null) });
}

/** A stored cap sentence's level: "不能评为合格…" forbids 合格 (→ 差), "不能评为优秀…" forbids 优秀. */
export function capFromSentence(reason: string): Pick<CreditCap, 'maxLevel' | 'reason'> | null {
  if (reason.includes('不能评为合格')) return { maxLevel: '差', reason };
  if (reason.includes('不能评为优秀')) return { maxLevel: '合格', reason };
  return null;
}

export interface ListDowngrade {
  from: CreditLevel;
  to: CreditLevel;
  noticeDate: IsoDate;
  /** The finding (what was found). */
  reason: string;
  /** What decided the re-score's level (decidingReasons of the re-score); empty for old rows. */
  rescoreReasons: readonly string[];
}

/**
 * What decided a downgraded level: the finding, then the re-score's deciding reasons — the one
 * text the red/black list and the downgrade list both give (seed 001 附件1 七(二)).
 */
export function downgradeDecidingText(d: Pick<ListDowngrade, 'reason' | 'rescoreReasons'>): string {
  const finding = d.reason.trim().replace(/[。；;.\s]+$/u, '');
  return d.rescoreReasons.length > 0 ? `${finding}；重新评分：${d.rescoreReasons.join('；')}` : finding;
}

/**
 * The one-line reason on the 红黑榜 (issue 12 item 9). After a downgrade the level is decided by
 * the downgrade and its re-score (seed 001 附件1 七(二)), not by the annual evaluation.
 */
export function listReason(e: StoredEvaluationForReason, downgrade: ListDowngrade | null): string {
  if (downgrade) return `${downgrade.noticeDate}由${downgrade.from}降为${downgrade.to}：${downgradeDecidingText(downgrade)}`;
  return storedDecidingReasons(e).join('；');
}

// ---------------------------------------------------------------------------------------------
// Penalties and the evaluation agree (issue 12 item 2)

export interface PenaltyFact {
  decisionNo: string;
  /** 处罚决定日期: "当年受到…行政处罚" counts a penalty in the year of its decision. */
  decidedOn: IsoDate;
  /** Last day it is shown on the public page. */
  shownUntil: IsoDate;
}

export type PenaltyAgreement =
  | {
      agree: true;
      count: number;
      /** Of those, still shown on the public page on `asOf`. */
      shownCount: number;
      expiredCount: number;
      /** "另有1件行政处罚已过公示期", or null when all are shown. */
      publicNote: string | null;
    }
  | {
      agree: false;
      declared: number;
      recorded: number;
      recordedNos: string[];
      /** For the preview and the import report. */
      message: string;
    };

/** The year's penalty records compared with the count the evaluation declares. */
export function penaltyAgreement(year: number, declared: number, penalties: readonly PenaltyFact[], asOf: IsoDate): PenaltyAgreement {
  const ofYear = penalties.filter((p) => p.decidedOn.startsWith(`${year}-`) && p.decidedOn <= asOf);
  if (ofYear.length !== declared) {
    const nos = ofYear.map((p) => p.decisionNo).sort();
    return {
      agree: false,
      declared,
      recorded: ofYear.length,
      recordedNos: nos,
      message:
        `评价填报${year}年受到行政处罚${declared}次，行政处罚记录中${year}年有${ofYear.length}件` +
        `${nos.length > 0 ? `（${nos.join('、')}）` : ''}，两者不一致，请核对后再保存。`,
    };
  }
  const shownCount = ofYear.filter((p) => asOf <= p.shownUntil).length;
  const expiredCount = ofYear.length - shownCount;
  return {
    agree: true,
    count: ofYear.length,
    shownCount,
    expiredCount,
    publicNote: expiredCount > 0 ? `另有${expiredCount}件行政处罚已过公示期` : null,
  };
}

/**
 * A penalty reason as it stands beside the page's penalty list: when some of the counted
 * penalties are no longer shown, the sentence says so, so "2次" never stands beside one listed.
 */
export function penaltyReasonWithNote(reason: string, agreement: PenaltyAgreement): string {
  const note = penaltyPublicNote(agreement);
  return note === null ? reason : `${reason}（${note}）`;
}

/** The note itself ("本页公示1件，另有1件行政处罚已过公示期"), or null when every counted penalty is shown. */
export function penaltyPublicNote(agreement: PenaltyAgreement): string | null {
  if (!agreement.agree || agreement.publicNote === null) return null;
  // None left on the page: "本页公示0件" would read like a contradiction.
  if (agreement.shownCount === 0) {
    return `${agreement.expiredCount === 1 ? '该行政处罚' : `${agreement.expiredCount}件行政处罚均`}已过公示期，本页不再列出`;
  }
  return `本页公示${agreement.shownCount}件，${agreement.publicNote}`;
}
