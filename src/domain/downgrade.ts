/**
 * A downgrade during the year (seed 001 附件1 二(二) 动态管理 and 七(二) 信用级别变动).
 *
 * 二(二): "医疗机构信用级别随着依法执业水平的变化而升降，同时根据医疗机构调整后的信用级别，调整
 * 日常监督的频次。"
 * 七(二): "在日常监督过程中发现已评价医疗机构存在违法违规行为需要降级的，应在5日内使用《舞钢市
 * 医疗机构依法执业信用评价现场评价表》进行评分，并上报市医疗机构依法执业信用评价小组，经审查后
 * 出具《舞钢市医疗机构依法执业信用评价等级降级通知书》予以降级。降级情况及时进行公示。"
 *
 * So: a finding of a violation (违法违规行为) at an already evaluated institution → a re-score on
 * the same on-site sheet within 5 days → the evaluation group reviews it → the 降级通知书 takes
 * effect. The re-score's level follows the same rules as the annual one (credit-level.ts); it is a
 * downgrade only when that level is below the level in force. The 10 % cut cannot matter: a
 * downgrade never gives 优秀.
 *
 * "5日内" is counted in calendar days the statutory way (start day not counted; a period ending on
 * a weekend or holiday runs to the next working day, 调休 Saturdays count as working days) —
 * supervision.ts rescoreDueDate via working-days.ts calendarDayDeadline. Why not working days: the
 * seeds write "工作日" where they mean working days (seed 000 "受理后10个工作日内"), and points.ts
 * reads the plain "N日" the same way, so all the platform's deadlines count alike.
 *
 * After the notice, the basis of the level in force is the re-score and the downgrade reason; the
 * annual evaluation's score and reasons belong to the history only (issue 12 item 3).
 */
import { evaluateCreditLevel, formatHundredths, levelForScoreHundredths, levelRank, type CreditEvaluationInput, type CreditLevel } from './credit-level';
import { decidingReasons } from './level-reason';
import { defineTransitions, type ActionOf, type StateOf } from './lifecycle-transitions';
import { rescoreDueDate, RESCORE_WITHIN_DAYS } from './supervision';
import { calendarDaysBetween, isIsoDate, type IsoDate } from './working-days';

export { rescoreDueDate, RESCORE_WITHIN_DAYS };

/**
 * Where the violation was found. 七(二) names 日常监督; 三(三) 综合管理 joins the evaluation with
 * "年度校验、投诉查处、专项监督检查和日常监督", and 六、3 信用综合评定 with "现场评价、年度校验、投诉
 * 查处、专项检查、日常监督"; a 行政处罚 is the outcome of such a check and is linked the same way.
 */
export const DOWNGRADE_FINDING_SOURCES = ['日常监督', '专项检查', '投诉查处', '年度校验', '行政处罚'] as const;
export type DowngradeFindingSource = (typeof DOWNGRADE_FINDING_SOURCES)[number];

/** The record the finding links to (issue 12 item 3: inspection / penalty / complaint). */
export type FindingLink = { kind: 'inspection' | 'penalty' | 'complaint'; ref: string } | null;

export interface DowngradeFinding {
  foundOn: IsoDate;
  source: DowngradeFindingSource;
  /** What was found, in the supervisor's words (it becomes the public downgrade reason). */
  description: string;
  link: FindingLink;
}

export interface EvaluatedLevel {
  year: number;
  evaluatedOn: IsoDate;
  /** Level in force today (after earlier downgrades). */
  currentLevel: CreditLevel;
}

/**
 * Problems with a finding as the start of a downgrade (Chinese, empty when fine).
 * A finding dated before the evaluation cannot be the reason: under 痕迹管理 ("评价年度内发现有
 * 违反相应内容的，无论是否已改正，均不得分") it belongs in that evaluation, which is corrected instead.
 */
export function checkFinding(evaluation: EvaluatedLevel, f: DowngradeFinding, asOf: IsoDate): string[] {
  const issues: string[] = [];
  if (!isIsoDate(f.foundOn)) return ['发现日期格式不正确（应为 YYYY-MM-DD）'];
  if (f.foundOn < evaluation.evaluatedOn) {
    issues.push(`发现日期早于${evaluation.year}年度评价日期（${evaluation.evaluatedOn}）：评价前的情形应计入年度评价，不能作为降级理由`);
  }
  if (f.foundOn > asOf) issues.push('发现日期不能晚于今天');
  if (evaluation.currentLevel === '差') issues.push('当前信用级别已为“差”，不能再降级');
  if (!(DOWNGRADE_FINDING_SOURCES as readonly string[]).includes(f.source)) issues.push('发现来源不正确');
  if (f.description.trim() === '') issues.push('请填写发现的违法违规行为');
  return issues;
}

export type RescoreTimeliness =
  | { status: 'pending'; due: IsoDate }
  | { status: 'overdue'; due: IsoDate; daysLate: number }
  | { status: 'on-time'; due: IsoDate }
  | { status: 'late'; due: IsoDate; daysLate: number };

/** Whether the re-score is (or was) within "5日内" of the finding; daysLate in calendar days. */
export function rescoreTimeliness(foundOn: IsoDate, rescoredOn: IsoDate | null, asOf: IsoDate): RescoreTimeliness {
  const due = rescoreDueDate(foundOn);
  if (rescoredOn === null) {
    return asOf <= due ? { status: 'pending', due } : { status: 'overdue', due, daysLate: calendarDaysBetween(due, asOf) };
  }
  return rescoredOn <= due ? { status: 'on-time', due } : { status: 'late', due, daysLate: calendarDaysBetween(due, rescoredOn) };
}

/** Words for the worklist: "应于2026-10-08前重新评分（已逾期2天）". */
export function timelinessText(t: RescoreTimeliness): string {
  switch (t.status) {
    case 'pending':
      return `应于${t.due}前（含当日）重新评分`;
    case 'overdue':
      return `应于${t.due}前重新评分，已逾期${t.daysLate}天`;
    case 'on-time':
      return `已在期限内（${t.due}前）重新评分`;
    case 'late':
      return `重新评分晚于期限（${t.due}）${t.daysLate}天`;
  }
}

export type RescoreOutcome =
  | { downgrade: true; fromLevel: CreditLevel; newLevel: CreditLevel; scoreHundredths: number; scoreText: string; reasons: string[] }
  | { downgrade: false; fromLevel: CreditLevel; rescoreLevel: CreditLevel; scoreHundredths: number; scoreText: string; message: string };

/**
 * The re-score on the on-site sheet, by the annual rules. Throws CreditInputError on bad input
 * (as evaluateCreditLevel does).
 */
export function rescoreOutcome(currentLevel: CreditLevel, input: CreditEvaluationInput): RescoreOutcome {
  const r = evaluateCreditLevel(input);
  const base = { fromLevel: currentLevel, scoreHundredths: r.standardizedScoreHundredths, scoreText: r.standardizedScoreText };
  if (levelRank(r.level) >= levelRank(currentLevel)) {
    return {
      ...base,
      downgrade: false,
      rescoreLevel: r.level,
      message: `重新评分后的级别（${r.level}）不低于当前级别（${currentLevel}），不予降级`,
    };
  }
  return {
    ...base,
    downgrade: true,
    newLevel: r.level,
    reasons: decidingReasons({ level: r.level, standardizedScoreHundredths: r.standardizedScoreHundredths, caps: r.caps }),
  };
}

// ---------------------------------------------------------------------------------------------
// States and who may move them

/**
 * District supervisors find, re-score and report (七(二) "进行评分，并上报…评价小组"); the commission
 * (administrator) reviews and issues the notice ("经审查后出具…降级通知书") or declines; a review
 * decision of 撤销 (under-review.ts) ends a downgrade as revoked, the record stays.
 */
export const DOWNGRADE_TRANSITIONS = defineTransitions({
  kind: '降级记录',
  stateLabels: {
    found: '已记录违法违规行为，待重新评分',
    rescored: '已重新评分，待上报',
    submitted: '已上报评价小组，待审查',
    downgraded: '已降级',
    'not-downgraded': '不予降级',
    withdrawn: '已撤回',
    revoked: '经复核撤销降级',
  },
  actionLabels: {
    rescore: '录入重新评分',
    submit: '上报评价小组审查',
    return: '退回补正',
    approve: '审查通过并出具降级通知书',
    dismiss: '决定不予降级',
    withdraw: '撤回',
    revoke: '按复核决定撤销降级',
  },
  rules: [
    { from: ['found', 'rescored'], action: 'rescore', to: 'rescored', roles: ['admin', 'district'] },
    { from: ['rescored'], action: 'submit', to: 'submitted', roles: ['admin', 'district'] },
    { from: ['submitted'], action: 'return', to: 'rescored', roles: ['admin'] },
    { from: ['submitted'], action: 'approve', to: 'downgraded', roles: ['admin'], secondPerson: true },
    { from: ['found', 'rescored', 'submitted'], action: 'dismiss', to: 'not-downgraded', roles: ['admin'] },
    { from: ['found', 'rescored'], action: 'withdraw', to: 'withdrawn', roles: ['admin', 'district'] },
    { from: ['downgraded'], action: 'revoke', to: 'revoked', roles: ['admin'] },
  ],
});
export type DowngradeState = StateOf<typeof DOWNGRADE_TRANSITIONS>;
export type DowngradeAction = ActionOf<typeof DOWNGRADE_TRANSITIONS>;

/** A notice can only be issued for a re-score that actually lowers the level. */
export function approvalBlocker(outcome: RescoreOutcome): string | null {
  return outcome.downgrade ? null : outcome.message;
}

// ---------------------------------------------------------------------------------------------
// What the public page, the poster and open data say

export interface AnnualBasis {
  year: number;
  level: CreditLevel;
  standardizedScore: number;
  evaluatedOn: IsoDate;
  /** The stored reasons of the annual evaluation (caps and cut). */
  reasons: readonly string[];
}

export interface DowngradeBasis {
  noticeNo: string;
  noticeDate: IsoDate;
  fromLevel: CreditLevel;
  toLevel: CreditLevel;
  rescoredOn: IsoDate;
  /** Re-score's standardized score (2 decimals); null only for rows recorded without one (old imports). */
  rescoreScore: number | null;
  /** What decided the re-score's level (RescoreOutcome.reasons), stored with the downgrade. */
  rescoreReasons: readonly string[];
  /** The finding, as the public downgrade reason. */
  reason: string;
}

export interface LevelBasis {
  level: CreditLevel;
  /** The level box's heading. */
  heading: string;
  /** Score shown beside the level: the re-score after a downgrade. */
  scoreLabel: string;
  scoreText: string;
  /** The same score as a number (the list pages sort by it); null when none was recorded. */
  score: number | null;
  /** Sentences explaining the level in force. */
  basis: string[];
  /** One line for the poster: level and what decided it. */
  posterLine: string;
  /** What moves to the history (never beside the level in force). */
  history: string[];
}

function two(n: number): string {
  return formatHundredths(Math.round(n * 100));
}

/**
 * The poster's short line: the score when its band gives the level, else the first deciding rule
 * (a 差 with 72.00 must not print "差 · 72.00" alone, which reads as a contradiction).
 */
function posterLine(level: CreditLevel, scoreLabel: string, score: number, deciding: readonly string[]): string {
  const bandMatches = levelForScoreHundredths(Math.round(score * 100)) === level;
  return bandMatches || deciding.length === 0 ? `${level} · ${scoreLabel}${two(score)}` : `${level} · ${deciding[0]}`;
}

/**
 * The credit block after a downgrade. The annual score and its "按标化得分应为…" explanation go
 * to `history`; the level box shows the re-score and the downgrade reason only, so a page never
 * shows the annual score beside the downgraded level (issue 12 item 3).
 */
export function downgradedLevelBasis(annual: AnnualBasis, d: DowngradeBasis): LevelBasis {
  const score = d.rescoreScore;
  return {
    level: d.toLevel,
    heading: `${annual.year}年度信用级别：${d.toLevel}（${d.noticeDate}降级，降级通知书${d.noticeNo}）`,
    scoreLabel: '重新评分标化得分',
    scoreText: score === null ? '—' : two(score),
    score,
    basis: [
      `降级原因：${d.reason}`,
      ...(score === null ? [] : [`${d.rescoredOn}按现场评价表重新评分，标化得分${two(score)}。`]),
      ...d.rescoreReasons.map((r) => `评为“${d.toLevel}”的依据：${r}`),
    ],
    posterLine: score === null ? `${d.toLevel} · ${d.noticeDate}降级` : posterLine(d.toLevel, '重新评分标化得分', score, d.rescoreReasons),
    history: [
      `${annual.year}年度评价（${annual.evaluatedOn}）：${annual.level}，标化得分${two(annual.standardizedScore)}`,
      ...annual.reasons,
      `${d.noticeDate}由${d.fromLevel}降为${d.toLevel}（降级通知书${d.noticeNo}）`,
    ],
  };
}

/** The credit block without a downgrade: the annual evaluation is the basis (`deciding`: level-reason.ts). */
export function annualLevelBasis(annual: AnnualBasis, deciding: readonly string[]): LevelBasis {
  return {
    level: annual.level,
    heading: `${annual.year}年度信用级别：${annual.level}（评价日期${annual.evaluatedOn}）`,
    scoreLabel: '标化得分',
    scoreText: two(annual.standardizedScore),
    score: annual.standardizedScore,
    basis: [...annual.reasons],
    posterLine: posterLine(annual.level, '标化得分', annual.standardizedScore, deciding),
    history: [],
  };
}

/** The poster's version after publishing: it increases whenever the printed level changes (七(三)). */
export function nextPosterVersion(current: number, printedLevelChanged: boolean): number {
  return printedLevelChanged ? current + 1 : current;
}

/** The level in force: the annual level lowered by every approved downgrade of that year. */
export function levelInForce(annual: CreditLevel, approved: readonly CreditLevel[]): CreditLevel {
  return approved.reduce<CreditLevel>((cur, l) => (levelRank(l) < levelRank(cur) ? l : cur), annual);
}

/** Who took part in proposing a downgrade (finding, re-score, report). */
export interface DowngradeProposers {
  foundBy: number | null;
  rescoredBy: number | null;
  proposedBy: number | null;
}

/**
 * The second person (SECOND_PERSON_REFUSAL): whoever recorded the finding, entered the re-score
 * or reported it has "提出或录入" the downgrade and may not approve it.
 */
export function isDowngradeProposer(actorId: number, p: DowngradeProposers): boolean {
  return p.foundBy === actorId || p.rescoredBy === actorId || p.proposedBy === actorId;
}
