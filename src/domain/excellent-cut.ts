/**
 * The 10 % cap on 优秀 (seed 001 附件1 二(一): "每年优秀率不超过 10%").
 *
 * Applied over all evaluations of one year in one jurisdiction (属地管理: "谁监管、谁评定、谁公布").
 * Quota = floor(10 % × number of evaluated institutions), computed as floor(N / 10) in integers.
 * Every evaluated institution counts in N, whatever its level.
 *
 * Tie rule (EXCELLENT_CUT_RULE): candidates (level 优秀 after all caps) are ranked by standardized
 * score, highest first. If there are more candidates than places, the score of the first
 * candidate outside the quota is the cut line; every candidate scoring at or below it is held
 * back — including those tied with it inside the quota. The cap is therefore never exceeded, and
 * the outcome depends only on scores, never on input order, registration number or name.
 * Held-back institutions become 合格 (the highest level their score and caps still allow).
 */
import { formatHundredths, type CreditLevel } from './credit-level';

export const EXCELLENT_RATE_PERCENT = 10;

export const EXCELLENT_CUT_RULE =
  '优秀名额为本年度本辖区参评机构数的10%（向下取整）。符合优秀条件的机构按标化得分从高到低排序；' +
  '超出名额时，以名额外第一家机构的得分为分界线，得分等于或低于分界线的机构（包括与之同分、排在名额内的机构）' +
  '一律不评为优秀、评为合格，因此优秀机构数绝不超过名额；同分机构待遇相同，结果与录入顺序、登记号无关。';

export interface CutCandidate {
  /** Any stable key (e.g. registration number) to match results back. */
  id: string;
  level: CreditLevel;
  standardizedScoreHundredths: number;
}

export interface CutOutcome {
  id: string;
  levelBefore: CreditLevel;
  level: CreditLevel;
  heldBack: boolean;
  /** 1-based rank among 优秀 candidates (equal scores share a rank); null if not a candidate. */
  candidateRank: number | null;
  /** Chinese reason when held back, else null. */
  reason: string | null;
}

export interface CutSummary {
  evaluatedCount: number;
  quota: number;
  candidateCount: number;
  excellentCount: number;
  heldBackCount: number;
  /** Cut line in hundredths (candidates at or below it were held back); null when no cut. */
  cutLineHundredths: number | null;
  rule: string;
}

export interface CutResult {
  outcomes: CutOutcome[];
  summary: CutSummary;
}

/** floor(10 % × evaluatedCount). */
export function excellentQuota(evaluatedCount: number): number {
  if (!Number.isInteger(evaluatedCount) || evaluatedCount < 0) {
    throw new RangeError(`参评机构数必须是非负整数：${evaluatedCount}`);
  }
  return Math.floor((evaluatedCount * EXCELLENT_RATE_PERCENT) / 100);
}

/**
 * Applies the cut to every evaluation of ONE year in ONE jurisdiction. Outcomes are returned
 * in input order.
 */
export function applyExcellentCut(items: readonly CutCandidate[]): CutResult {
  const ids = new Set<string>();
  for (const it of items) {
    if (ids.has(it.id)) throw new Error(`同一年度同一辖区内机构重复：${it.id}`);
    ids.add(it.id);
  }
  const n = items.length;
  const quota = excellentQuota(n);
  const candidates = items
    .filter((it) => it.level === '优秀')
    .map((it) => it.standardizedScoreHundredths)
    .sort((a, b) => b - a);

  // Competition ranking ("1224"): equal scores share the rank of the first of them.
  const rankByScore = new Map<number, number>();
  candidates.forEach((score, i) => {
    if (!rankByScore.has(score)) rankByScore.set(score, i + 1);
  });

  let cutLine: number | null = null;
  if (candidates.length > quota) {
    // candidates[quota] is the first candidate outside the quota (0-based index = quota).
    cutLine = candidates[quota] ?? null;
  }

  const outcomes = items.map((it): CutOutcome => {
    if (it.level !== '优秀') {
      return { id: it.id, levelBefore: it.level, level: it.level, heldBack: false, candidateRank: null, reason: null };
    }
    const rank = rankByScore.get(it.standardizedScoreHundredths) ?? 0;
    const heldBack = cutLine !== null && it.standardizedScoreHundredths <= cutLine;
    return {
      id: it.id,
      levelBefore: '优秀',
      level: heldBack ? '合格' : '优秀',
      heldBack,
      candidateRank: rank,
      reason: heldBack ? heldBackReason(n, quota, it.standardizedScoreHundredths, rank, cutLine ?? 0) : null,
    };
  });

  const excellentCount = outcomes.filter((o) => o.level === '优秀').length;
  return {
    outcomes,
    summary: {
      evaluatedCount: n,
      quota,
      candidateCount: candidates.length,
      excellentCount,
      heldBackCount: candidates.length - excellentCount,
      cutLineHundredths: cutLine,
      rule: EXCELLENT_CUT_RULE,
    },
  };
}

function heldBackReason(n: number, quota: number, scoreH: number, rank: number, cutLine: number): string {
  const head = `优秀比例不超过10%：本年度本辖区${n}家参评，优秀名额${quota}个`;
  const score = formatHundredths(scoreH);
  if (quota === 0) return `${head}，标化得分${score}，不评为优秀，评为合格`;
  if (rank <= quota) {
    // Inside the quota by rank but tied with the first one outside it.
    return `${head}，标化得分${score}排名第${rank}，与名额外机构同分（分界线${formatHundredths(cutLine)}），按同分一并不评为优秀的规则评为合格`;
  }
  return `${head}，标化得分${score}排名第${rank}，未进入名额，评为合格`;
}

/**
 * Groups items by a key (e.g. `${jurisdiction}|${year}`) and applies the cut in each group.
 * Returns outcomes in input order and one summary per group.
 */
export function applyExcellentCutByGroup<T extends CutCandidate>(
  items: readonly T[],
  groupKey: (item: T) => string,
): { outcomes: CutOutcome[]; summaries: Map<string, CutSummary> } {
  const groups = new Map<string, number[]>();
  items.forEach((it, index) => {
    const key = groupKey(it);
    const list = groups.get(key) ?? [];
    if (list.length === 0) groups.set(key, list);
    list.push(index);
  });
  const outcomes: CutOutcome[] = new Array<CutOutcome>(items.length);
  const summaries = new Map<string, CutSummary>();
  for (const [key, indices] of groups) {
    const result = applyExcellentCut(indices.map((i) => items[i] as T));
    summaries.set(key, result.summary);
    // applyExcellentCut returns outcomes in input order, so position j ↔ indices[j].
    indices.forEach((i, j) => {
      outcomes[i] = result.outcomes[j] as CutOutcome;
    });
  }
  return { outcomes, summaries };
}
