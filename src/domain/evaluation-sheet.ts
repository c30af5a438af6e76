/**
 * The evaluation-sheet contract (DESIGN.md "Evaluation sheet CSV") and its evaluation:
 * column names, parsing one row into the credit-level input, and evaluating a whole sheet
 * (levels, the 10 % cut per year, supervision) — pure, shared by the CLI and the importer.
 *
 * Full score is 100. One evaluation per institution per year: a second row with the same
 * 登记号 and 评价年度 is an error (it would otherwise count twice in the 10 % quota).
 */
import { evaluateCreditLevel, type CreditCap, type CreditEvaluationInput, type CreditLevel } from './credit-level';
import { applyExcellentCutByGroup, type CutOutcome, type CutSummary } from './excellent-cut';
import { supervisionPlan, type SupervisionPlan } from './supervision';

/** Field → column name, in the order of DESIGN.md. */
export const EVALUATION_COLUMNS = {
  registrationNo: '登记号',
  name: '机构名称',
  year: '评价年度',
  actualScore: '实际得分',
  reasonableMissingPoints: '合理缺项分值',
  doubleStarNotMet: '双星项不符合数',
  singleStarNotMet: '单星项不符合数',
  penaltiesThisYear: '行政处罚次数',
  conductViolation: '行风违规',
  seriousViolationOrImpact: '严重违法或严重社会影响',
  establishmentNonCompliant: '设置不符合规定',
  validationSuspended: '暂缓校验',
  majorAccidentFullResponsibility: '重大医疗事故负完全责任',
  safetyOrFireAccident: '安全生产消防事故',
  publicHealthScore: '基本公卫绩效得分',
} as const;

/** Optional columns: used when present (DESIGN.md: every level shows its evaluation date). */
export const OPTIONAL_EVALUATION_COLUMNS = {
  evaluatedOn: '评价日期',
} as const;

export type EvaluationField = keyof typeof EVALUATION_COLUMNS | keyof typeof OPTIONAL_EVALUATION_COLUMNS;

/** The 15 required column names, in DESIGN.md order. */
export const REQUIRED_EVALUATION_COLUMNS: readonly string[] = Object.values(EVALUATION_COLUMNS);

/** Field → label for error messages. */
export const EVALUATION_FIELD_LABELS: Readonly<Record<EvaluationField, string>> = {
  ...EVALUATION_COLUMNS,
  ...OPTIONAL_EVALUATION_COLUMNS,
};

/** An error in one cell (or one row when column is ''), for "第4行 实际得分: 不是数字". */
export interface SheetCellError {
  line: number;
  column: string;
  message: string;
}

export function formatSheetError(e: SheetCellError): string {
  return e.column ? `第${e.line}行 ${e.column}: ${e.message}` : `第${e.line}行: ${e.message}`;
}

export interface SheetRowInput {
  /** Line as the user sees it in Excel (header = 1). */
  line: number;
  /** Cells keyed by (trimmed) column name. */
  cells: Readonly<Record<string, string>>;
}

/** One parsed row (src/schemas/evaluation-sheet.ts parses the cells). */
export interface EvaluationRow extends CreditEvaluationInput {
  registrationNo: string;
  name: string;
  year: number;
  evaluatedOn: string | null;
}

export type ParsedRow = { ok: true; line: number; row: EvaluationRow } | { ok: false; line: number; errors: SheetCellError[] };

export function toCreditInput(row: EvaluationRow): CreditEvaluationInput {
  return {
    actualScore: row.actualScore,
    reasonableMissingPoints: row.reasonableMissingPoints,
    doubleStarNotMet: row.doubleStarNotMet,
    singleStarNotMet: row.singleStarNotMet,
    penaltiesThisYear: row.penaltiesThisYear,
    conductViolation: row.conductViolation,
    seriousViolationOrImpact: row.seriousViolationOrImpact,
    establishmentNonCompliant: row.establishmentNonCompliant,
    validationSuspended: row.validationSuspended,
    majorAccidentFullResponsibility: row.majorAccidentFullResponsibility,
    safetyOrFireAccident: row.safetyOrFireAccident,
    publicHealthScore: row.publicHealthScore,
  };
}

export interface EvaluatedInstitution {
  line: number;
  registrationNo: string;
  name: string;
  year: number;
  evaluatedOn: string | null;
  actualScore: number;
  reasonableMissingPoints: number;
  standardizedScoreHundredths: number;
  standardizedScore: number;
  standardizedScoreText: string;
  levelByScore: CreditLevel;
  /** Level after the caps, before the 10 % cut. */
  levelBeforeCut: CreditLevel;
  level: CreditLevel;
  caps: CreditCap[];
  /** Every cap that applies, then the 10 % cut reason if held back. */
  reasons: string[];
  excellentCut: CutOutcome;
  supervision: SupervisionPlan;
}

export type SheetEvaluation = { ok: true; results: EvaluatedInstitution[]; summaries: Map<number, CutSummary> } | { ok: false; errors: SheetCellError[] };

/**
 * Evaluates every parsed row of one jurisdiction's sheet (evaluateSheet in
 * src/schemas/evaluation-sheet.ts parses them). If ANY row is bad, returns every error and no
 * results (nothing is half-applied). The 10 % cut is applied per 评价年度 over the sheet.
 */
export function evaluateParsedRows(rows: readonly ParsedRow[]): SheetEvaluation {
  const errors: SheetCellError[] = [];
  const good: { line: number; row: EvaluationRow }[] = [];
  const seen = new Map<string, number>();
  for (const parsed of rows) {
    const { line } = parsed;
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const key = `${parsed.row.year}\u0000${parsed.row.registrationNo}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        line,
        column: EVALUATION_COLUMNS.registrationNo,
        message: `与第${first}行重复（同一机构同一年度只能有一条评价）`,
      });
      continue;
    }
    seen.set(key, line);
    good.push(parsed);
  }
  if (errors.length > 0) return { ok: false, errors };

  const evaluated = good.map(({ line, row }) => ({ line, row, credit: evaluateCreditLevel(toCreditInput(row)) }));
  const { outcomes, summaries } = applyExcellentCutByGroup(
    evaluated.map((e) => ({
      id: e.row.registrationNo,
      level: e.credit.level,
      standardizedScoreHundredths: e.credit.standardizedScoreHundredths,
      year: e.row.year,
    })),
    (c) => String(c.year),
  );

  const results = evaluated.map(({ line, row, credit }, i): EvaluatedInstitution => {
    const cut = outcomes[i] as CutOutcome;
    return {
      line,
      registrationNo: row.registrationNo,
      name: row.name,
      year: row.year,
      evaluatedOn: row.evaluatedOn,
      actualScore: row.actualScore,
      reasonableMissingPoints: row.reasonableMissingPoints,
      standardizedScoreHundredths: credit.standardizedScoreHundredths,
      standardizedScore: credit.standardizedScore,
      standardizedScoreText: credit.standardizedScoreText,
      levelByScore: credit.levelByScore,
      levelBeforeCut: credit.level,
      level: cut.level,
      caps: credit.caps,
      reasons: cut.reason ? [...credit.reasons, cut.reason] : credit.reasons,
      excellentCut: cut,
      supervision: supervisionPlan(cut.level),
    };
  });
  const byYear = new Map<number, CutSummary>();
  for (const [key, summary] of summaries) byYear.set(Number(key), summary);
  return { ok: true, results, summaries: byYear };
}
