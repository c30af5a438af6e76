/**
 * Credit level of one institution for one year (seed 001, 附件1《信用评价指南》 四、五).
 *
 * Scores are handled as integer hundredths (89.99 → 8999) so that no float error can move a
 * score across the 60 / 90 bounds. The standardized score is
 *   标化得分 = 实际得分 ÷ (100 − 合理缺项分值) × 100
 * rounded half up to 2 decimals, computed exactly with integer arithmetic.
 *
 * Rounding decision: the level is decided on the ROUNDED (published) standardized score.
 * The seed's table (五、卫生监督频率) states the bands as "90(含90)分以上 / 60(含60)-90分 / 低于60分"
 * on the 标化得分 that is written on the 综合评定表 and shown publicly, which has 2 decimals.
 * Deciding on the exact value could publish "90.00 — 合格", which nobody could check by hand.
 * So an exact 89.995 (never reachable with 2-decimal inputs, but e.g. 89.9950…) → 90.00 → 优秀,
 * and 89.99499… → 89.99 → 合格.
 *
 * Caps ("一票否决" and the 不能评为… rules) can only lower the level. `reasons` lists EVERY cap
 * whose condition holds, even when the score alone already gives that level or lower: each is
 * a standing limit that would bind if the score were re-checked, and the 综合评定表 records
 * every 否决 finding. `caps[i].lowered` tells which ones actually lowered the level.
 * The 1-penalty and ≥2-penalty rules concern the same fact, so only the stronger is reported.
 */

export const LEVELS = ['差', '合格', '优秀'] as const;
export type CreditLevel = (typeof LEVELS)[number];

/** Full score of the on-site evaluation sheet (DESIGN.md: "Full score is 100"). */
export const FULL_SCORE = 100;
const FULL_H = FULL_SCORE * 100;
/** 90(含90)分以上 优秀 — in hundredths. */
export const EXCELLENT_MIN_H = 9000;
/** 60(含60)分以上 合格 — in hundredths. */
export const QUALIFIED_MIN_H = 6000;
/** 基本公共卫生服务项目绩效考核低于60分 → 差. */
export const PUBLIC_HEALTH_MIN_H = 6000;
/** "受到2次以上行政处罚": 以上 includes the number itself (民法典 第一千二百五十九条), so ≥ 2. */
export const PENALTIES_FOR_POOR = 2;

export interface CreditEvaluationInput {
  /** 实际得分, at most 2 decimals. */
  actualScore: number;
  /** 合理缺项分值 (points of items that do not apply), at most 2 decimals, < 100. */
  reasonableMissingPoints: number;
  /** 双星（★★）项不符合数. */
  doubleStarNotMet: number;
  /** 单星（★）项不符合数. */
  singleStarNotMet: number;
  /** 当年受到卫生健康行政部门行政处罚次数. */
  penaltiesThisYear: number;
  /** 违反行业作风（行风）行为. */
  conductViolation: boolean;
  /** 严重违法行为或造成严重社会影响. */
  seriousViolationOrImpact: boolean;
  /** 不符合医疗机构设置相关规定. */
  establishmentNonCompliant: boolean;
  /** 被暂缓校验. */
  validationSuspended: boolean;
  /** 发生重大医疗事故且医疗机构负完全责任. */
  majorAccidentFullResponsibility: boolean;
  /** 发生安全生产、消防事故. */
  safetyOrFireAccident: boolean;
  /** 基本公共卫生服务项目绩效考核得分; null = not assessed (rule does not apply). */
  publicHealthScore: number | null;
}

export type CreditInputField = keyof CreditEvaluationInput;

/** The yes/no veto conditions, in the seed's order. */
export const VETO_FLAGS = [
  'conductViolation',
  'seriousViolationOrImpact',
  'establishmentNonCompliant',
  'validationSuspended',
  'majorAccidentFullResponsibility',
  'safetyOrFireAccident',
] as const;

export interface CreditInputIssue {
  field: CreditInputField;
  /** Chinese, suitable for display next to the field. */
  message: string;
}

export class CreditInputError extends Error {
  readonly issues: readonly CreditInputIssue[];
  constructor(issues: readonly CreditInputIssue[]) {
    super(`信用评价数据不正确：${issues.map((i) => `${i.field}: ${i.message}`).join('；')}`);
    this.name = 'CreditInputError';
    this.issues = issues;
  }
}

export type CapRule =
  | 'double-star'
  | 'single-star'
  | 'penalty'
  | 'multiple-penalties'
  | 'conduct'
  | 'serious-violation'
  | 'establishment'
  | 'validation-suspended'
  | 'major-accident'
  | 'safety-fire'
  | 'public-health';

export interface CreditCap {
  rule: CapRule;
  /** The highest level this rule allows. */
  maxLevel: Exclude<CreditLevel, '优秀'>;
  /** Chinese sentence for the 综合评定表 and the public page. */
  reason: string;
  /** True when this cap is below the score band (it actually lowered the level). */
  lowered: boolean;
}

export interface CreditLevelResult {
  /** Standardized score in hundredths (exact integer). */
  standardizedScoreHundredths: number;
  /** Standardized score as a number with at most 2 decimals (e.g. 89.99). */
  standardizedScore: number;
  /** Standardized score formatted with exactly 2 decimals (e.g. "90.00"). */
  standardizedScoreText: string;
  levelByScore: CreditLevel;
  caps: CreditCap[];
  level: CreditLevel;
  /** One Chinese sentence per applicable cap, in the seed's order. */
  reasons: string[];
}

export function levelRank(level: CreditLevel): number {
  return LEVELS.indexOf(level);
}

export function minLevel(a: CreditLevel, b: CreditLevel): CreditLevel {
  return levelRank(a) <= levelRank(b) ? a : b;
}

export function isCreditLevel(value: unknown): value is CreditLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** Level band of a standardized score given in hundredths. */
export function levelForScoreHundredths(scoreH: number): CreditLevel {
  if (scoreH >= EXCELLENT_MIN_H) return '优秀';
  if (scoreH >= QUALIFIED_MIN_H) return '合格';
  return '差';
}

/** Formats hundredths as "89.99". */
export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Converts a score with at most 2 decimals to integer hundredths, or null if it has more
 * decimals or is not finite. 85.5 * 100 = 8550.000000000001 in floats, hence the tolerance.
 */
export function toHundredths(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const scaled = value * 100;
  const h = Math.round(scaled);
  return Math.abs(scaled - h) < 1e-6 ? h : null;
}

/**
 * Exact 标化得分 in hundredths, rounded half up:
 *   s = A / (F − M) × 100  ⇒  s·100 = A_h · 10000 / (F_h − M_h)   (A_h, M_h in hundredths)
 * round half up of N / D for non-negative integers = floor((2N + D) / (2D)).
 */
export function standardizedScoreHundredths(actualH: number, missingH: number): number {
  const numerator = actualH * FULL_H;
  const denominator = FULL_H - missingH;
  const twiceN = 2 * numerator + denominator;
  const twiceD = 2 * denominator;
  return (twiceN - (twiceN % twiceD)) / twiceD;
}

function isNonNegativeInteger(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

/** All input problems at once (empty when valid). Messages in Chinese. */
export function validateCreditInput(input: CreditEvaluationInput): CreditInputIssue[] {
  const issues: CreditInputIssue[] = [];
  const actualH = toHundredths(input.actualScore);
  const missingH = toHundredths(input.reasonableMissingPoints);

  if (actualH === null) issues.push({ field: 'actualScore', message: '必须是最多两位小数的数字' });
  else if (actualH < 0) issues.push({ field: 'actualScore', message: '不能为负数' });

  if (missingH === null) issues.push({ field: 'reasonableMissingPoints', message: '必须是最多两位小数的数字' });
  else if (missingH < 0) issues.push({ field: 'reasonableMissingPoints', message: '不能为负数' });
  else if (missingH >= FULL_H) {
    issues.push({ field: 'reasonableMissingPoints', message: `必须小于满分${FULL_SCORE}分` });
  }

  if (actualH !== null && missingH !== null && actualH >= 0 && missingH >= 0 && missingH < FULL_H) {
    if (actualH > FULL_H - missingH) {
      issues.push({
        field: 'actualScore',
        message: `不能超过满分减合理缺项（${FULL_SCORE} − ${formatHundredths(missingH)} = ${formatHundredths(FULL_H - missingH)}）`,
      });
    }
  }

  const counts = ['doubleStarNotMet', 'singleStarNotMet', 'penaltiesThisYear'] as const;
  for (const field of counts) {
    if (!isNonNegativeInteger(input[field])) issues.push({ field, message: '必须是非负整数' });
  }

  for (const field of VETO_FLAGS) {
    if (typeof input[field] !== 'boolean') issues.push({ field, message: '必须是“是”或“否”' });
  }

  if (input.publicHealthScore !== null) {
    const ph = toHundredths(input.publicHealthScore);
    if (ph === null) issues.push({ field: 'publicHealthScore', message: '必须是最多两位小数的数字' });
    else if (ph < 0 || ph > FULL_H) issues.push({ field: 'publicHealthScore', message: '必须在0到100之间' });
  }
  return issues;
}

interface CapCandidate {
  rule: CapRule;
  maxLevel: Exclude<CreditLevel, '优秀'>;
  reason: string;
}

/** The yes/no findings of the sheet (the veto items that are a fact, not a count). */
type Finding =
  | 'conductViolation'
  | 'seriousViolationOrImpact'
  | 'establishmentNonCompliant'
  | 'validationSuspended'
  | 'majorAccidentFullResponsibility'
  | 'safetyOrFireAccident';

/** What each yes/no finding caps, in the seed's order (after the star items and the penalties). */
const FINDING_CAPS: readonly (CapCandidate & { finding: Finding })[] = [
  { finding: 'conductViolation', rule: 'conduct', maxLevel: '合格', reason: '有违反行业作风（行风）行为，不能评为优秀等级' },
  { finding: 'seriousViolationOrImpact', rule: 'serious-violation', maxLevel: '差', reason: '当年有严重违法行为或造成严重社会影响，不能评为合格等级' },
  { finding: 'establishmentNonCompliant', rule: 'establishment', maxLevel: '差', reason: '有不符合医疗机构设置相关规定的情形，不能评为合格等级' },
  { finding: 'validationSuspended', rule: 'validation-suspended', maxLevel: '差', reason: '被暂缓校验，不能评为合格等级' },
  { finding: 'majorAccidentFullResponsibility', rule: 'major-accident', maxLevel: '差', reason: '发生重大医疗事故且医疗机构负完全责任，不能评为合格等级' },
  { finding: 'safetyOrFireAccident', rule: 'safety-fire', maxLevel: '差', reason: '发生安全生产、消防事故，不能评为合格等级' },
];

/** A sheet row with nothing against the institution: no veto item missed, no penalty, no finding, no public-health score. */
export const CLEAN_FINDINGS: Omit<CreditEvaluationInput, 'actualScore' | 'reasonableMissingPoints'> = {
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

/** The caps whose condition holds, in the order of the seed's 四、信用评价否决项. */
function applicableCaps(input: CreditEvaluationInput): CapCandidate[] {
  const caps: CapCandidate[] = [];
  if (input.doubleStarNotMet > 0) {
    caps.push({
      rule: 'double-star',
      maxLevel: '差',
      reason: `双星（★★）否决项不符合要求${input.doubleStarNotMet}项，不能评为合格以上等级`,
    });
  }
  if (input.singleStarNotMet > 0) {
    caps.push({
      rule: 'single-star',
      maxLevel: '合格',
      reason: `单星（★）否决项不符合要求${input.singleStarNotMet}项，不能评为优秀等级`,
    });
  }
  if (input.penaltiesThisYear >= PENALTIES_FOR_POOR) {
    caps.push({
      rule: 'multiple-penalties',
      maxLevel: '差',
      reason: `当年受到${input.penaltiesThisYear}次行政处罚（2次以上），不能评为合格等级`,
    });
  } else if (input.penaltiesThisYear > 0) {
    caps.push({
      rule: 'penalty',
      maxLevel: '合格',
      reason: '当年受到卫生健康行政部门行政处罚，不能评为优秀等级',
    });
  }
  for (const c of FINDING_CAPS) if (input[c.finding]) caps.push({ rule: c.rule, maxLevel: c.maxLevel, reason: c.reason });
  if (input.publicHealthScore !== null) {
    const ph = toHundredths(input.publicHealthScore) ?? 0;
    if (ph < PUBLIC_HEALTH_MIN_H) {
      caps.push({
        rule: 'public-health',
        maxLevel: '差',
        reason: `基本公共卫生服务项目绩效考核${formatHundredths(ph).replace(/\.00$/, '')}分，低于60分，不能评为合格等级`,
      });
    }
  }
  return caps;
}

/**
 * Evaluates one institution's year. Throws CreditInputError (with every issue) on invalid
 * input; never returns NaN.
 */
export function evaluateCreditLevel(input: CreditEvaluationInput): CreditLevelResult {
  const issues = validateCreditInput(input);
  if (issues.length > 0) throw new CreditInputError(issues);
  // Validated above: both convert exactly.
  const actualH = toHundredths(input.actualScore) ?? 0;
  const missingH = toHundredths(input.reasonableMissingPoints) ?? 0;

  const scoreH = standardizedScoreHundredths(actualH, missingH);
  const levelByScore = levelForScoreHundredths(scoreH);
  const caps: CreditCap[] = applicableCaps(input).map((c) => ({
    ...c,
    lowered: levelRank(c.maxLevel) < levelRank(levelByScore),
  }));
  const level = caps.reduce<CreditLevel>((acc, c) => minLevel(acc, c.maxLevel), levelByScore);

  return {
    standardizedScoreHundredths: scoreH,
    standardizedScore: scoreH / 100,
    standardizedScoreText: formatHundredths(scoreH),
    levelByScore,
    caps,
    level,
    reasons: caps.map((c) => c.reason),
  };
}

export type SafeCreditResult = { ok: true; value: CreditLevelResult } | { ok: false; issues: readonly CreditInputIssue[] };

/** Non-throwing variant for forms and importers. */
export function safeEvaluateCreditLevel(input: CreditEvaluationInput): SafeCreditResult {
  const issues = validateCreditInput(input);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: evaluateCreditLevel(input) };
}
