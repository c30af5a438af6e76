/**
 * zod schema of one evaluation-sheet row (DESIGN.md "Evaluation sheet CSV"), keyed by field
 * name, and the row parser; the Chinese column names and the evaluation live in
 * src/domain/evaluation-sheet.ts.
 *
 * Every cell arrives as a string (CSV or XLSX via the sheet reader). The cell schemas below are
 * exported for the other importers. Messages are Chinese and name only the problem; the line
 * and column are added by the caller ("第4行 实际得分: 不是数字").
 *
 * Strictness: only 基本公卫绩效得分 may be empty (= not assessed, DESIGN.md). An empty count or
 * yes/no cell is an error, not 0/否: a blank veto column must not silently allow 优秀.
 */
import { z } from 'zod';
import { validateCreditInput, type CreditEvaluationInput } from '../domain/credit-level';
import {
  EVALUATION_COLUMNS,
  EVALUATION_FIELD_LABELS,
  evaluateParsedRows,
  OPTIONAL_EVALUATION_COLUMNS,
  type EvaluationField,
  type EvaluationRow as ParsedEvaluationRow,
  type ParsedRow,
  type SheetCellError,
  type SheetEvaluation,
  type SheetRowInput,
} from '../domain/evaluation-sheet';
import { fieldErrors } from './zod-errors';
import { formatIsoDate, isIsoDate } from '../domain/working-days';

/** Full-width digits and punctuation (Excel with a Chinese IME) → ASCII. */
function normalizeCell(value: string): string {
  return value.normalize('NFKC').trim();
}

const DECIMAL = /^\+?(\d+)(?:\.(\d+))?$/;

function parseDecimalText(text: string): { ok: true; value: number } | { ok: false; message: string } {
  if (/^-\s*\d/.test(text)) return { ok: false, message: '不能为负数' };
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, message: '不是数字' };
  const decimals = (m[2] ?? '').replace(/0+$/, '');
  if (decimals.length > 2) return { ok: false, message: '最多两位小数' };
  return { ok: true, value: Number(`${m[1]}${decimals ? `.${decimals}` : ''}`) };
}

/** A required non-empty text cell. */
export function textCell(maxLength: number) {
  return z
    .string()
    .transform(normalizeCell)
    .pipe(z.string().min(1, '必填').max(maxLength, `不能超过${maxLength}个字符`));
}

/** A required number with at most 2 decimals, between 0 and `max` inclusive. */
export function decimalCell(max: number) {
  return z.string().transform((raw, ctx) => {
    const text = normalizeCell(raw);
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: '必填' });
      return z.NEVER;
    }
    const parsed = parseDecimalText(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    if (parsed.value > max) {
      ctx.addIssue({ code: 'custom', message: `不能大于${max}` });
      return z.NEVER;
    }
    return parsed.value;
  });
}

/** Like decimalCell, but an empty cell gives null. */
export function optionalDecimalCell(max: number) {
  return z.string().transform((raw, ctx): number | null => {
    const text = normalizeCell(raw);
    if (text === '') return null;
    const parsed = parseDecimalText(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    if (parsed.value > max) {
      ctx.addIssue({ code: 'custom', message: `不能大于${max}` });
      return z.NEVER;
    }
    return parsed.value;
  });
}

/** A required non-negative whole number (counts). "2.0" is accepted as 2. */
export function countCell() {
  return z.string().transform((raw, ctx) => {
    const text = normalizeCell(raw);
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: '必填（没有请填0）' });
      return z.NEVER;
    }
    if (/^-\s*\d/.test(text)) {
      ctx.addIssue({ code: 'custom', message: '不能为负数' });
      return z.NEVER;
    }
    const m = /^\+?(\d+)(?:\.0+)?$/.exec(text);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: DECIMAL.test(text) ? '必须是整数' : '不是数字' });
      return z.NEVER;
    }
    return Number(m[1]);
  });
}

const YES = new Set(['是', 'Y', 'YES', '1', 'TRUE', '√', '✓']);
const NO = new Set(['否', 'N', 'NO', '0', 'FALSE', '×', '✗']);

/** 是/否, Y/N, 1/0 (also yes/no, TRUE/FALSE as Excel writes booleans), case-insensitive. */
export function yesNoCell() {
  return z.string().transform((raw, ctx) => {
    const text = normalizeCell(raw).toUpperCase();
    if (YES.has(text)) return true;
    if (NO.has(text)) return false;
    ctx.addIssue({
      code: 'custom',
      message: text === '' ? '必填（应填“是/否”、“Y/N”或“1/0”）' : '应填“是/否”、“Y/N”或“1/0”',
    });
    return z.NEVER;
  });
}

/** Evaluation year: four digits, 2000–2100. */
export function yearCell() {
  return z.string().transform((raw, ctx) => {
    const text = normalizeCell(raw).replace(/年度?$/, '');
    if (text === '') {
      ctx.addIssue({ code: 'custom', message: '必填' });
      return z.NEVER;
    }
    const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
    if (!(year >= 2000 && year <= 2100)) {
      ctx.addIssue({ code: 'custom', message: '不是有效年度（应为四位年份，如2025）' });
      return z.NEVER;
    }
    return year;
  });
}

/**
 * Optional date: '' → null; accepts 2025-10-09, 2025/10/9, 2025.10.9, 2025年10月9日
 * (Excel dates arrive as YYYY-MM-DD from the sheet reader).
 */
export function optionalDateCell() {
  return z.string().transform((raw, ctx): string | null => {
    const text = normalizeCell(raw);
    if (text === '') return null;
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
    const iso = m ? formatIsoDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) : '';
    if (!isIsoDate(iso)) {
      ctx.addIssue({ code: 'custom', message: '不是有效日期（应为 YYYY-MM-DD）' });
      return z.NEVER;
    }
    return iso;
  });
}

export const creditFields = {
  actualScore: decimalCell(100),
  reasonableMissingPoints: decimalCell(100),
  doubleStarNotMet: countCell(),
  singleStarNotMet: countCell(),
  penaltiesThisYear: countCell(),
  conductViolation: yesNoCell(),
  seriousViolationOrImpact: yesNoCell(),
  establishmentNonCompliant: yesNoCell(),
  validationSuspended: yesNoCell(),
  majorAccidentFullResponsibility: yesNoCell(),
  safetyOrFireAccident: yesNoCell(),
  publicHealthScore: optionalDecimalCell(100),
} satisfies Record<keyof CreditEvaluationInput, z.ZodType>;

export const evaluationRowSchema = z
  .object({
    registrationNo: textCell(50),
    name: textCell(200),
    year: yearCell(),
    /** Optional column 评价日期; absent or empty → null. */
    evaluatedOn: optionalDateCell()
      .optional()
      .transform((v) => v ?? null),
    ...creditFields,
  })
  .superRefine((row, ctx) => {
    // Cross-field rules (actual ≤ 100 − missing, missing < 100) live in the domain; reuse them
    // so the sheet and the engine can never disagree.
    for (const issue of validateCreditInput(row)) {
      ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    }
  });

/** Cells keyed by field name, as strings. */
export type EvaluationRowInput = z.input<typeof evaluationRowSchema>;
export type EvaluationRow = z.output<typeof evaluationRowSchema>;

/**
 * Parses one row's cells. A missing required cell counts as empty; the optional 评价日期 is
 * read only when its column is present.
 */
export function parseEvaluationRow(line: number, cells: Readonly<Record<string, string>>): ParsedRow {
  const input: Record<string, string | undefined> = {};
  for (const [field, column] of Object.entries(EVALUATION_COLUMNS)) input[field] = cells[column] ?? '';
  for (const [field, column] of Object.entries(OPTIONAL_EVALUATION_COLUMNS)) input[field] = cells[column];
  const parsed = evaluationRowSchema.safeParse(input);
  if (parsed.success) {
    const row: ParsedEvaluationRow = parsed.data;
    return { ok: true, line, row };
  }
  const labels: Readonly<Record<string, string>> = EVALUATION_FIELD_LABELS;
  const errors = fieldErrors(parsed.error.issues, labels).map((e) => ({ line, column: e.label, message: e.message }));
  return { ok: false, line, errors: [...errors, ...scoreRangeErrors(line, input, errors)] };
}

/**
 * zod skips the row-level refinement (actual ≤ 100 − missing) when a cell is bad; check the two
 * score cells on their own so that one pass reports every problem of the row.
 */
function scoreRangeErrors(line: number, input: Record<string, string | undefined>, already: readonly SheetCellError[]): SheetCellError[] {
  const columns: string[] = [EVALUATION_COLUMNS.actualScore, EVALUATION_COLUMNS.reasonableMissingPoints];
  if (already.some((e) => columns.includes(e.column))) return [];
  const actual = evaluationRowSchema.shape.actualScore.safeParse(input['actualScore']);
  const missing = evaluationRowSchema.shape.reasonableMissingPoints.safeParse(input['reasonableMissingPoints']);
  if (!actual.success || !missing.success) return [];
  const probe: CreditEvaluationInput = {
    actualScore: actual.data,
    reasonableMissingPoints: missing.data,
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
  return validateCreditInput(probe).map((i) => ({ line, column: EVALUATION_FIELD_LABELS[i.field as EvaluationField], message: i.message }));
}

/**
 * Parses and evaluates every row of one jurisdiction's sheet (src/domain/evaluation-sheet.ts:
 * evaluateParsedRows). If ANY row is bad, returns every error and no results.
 */
export function evaluateSheet(rows: readonly SheetRowInput[]): SheetEvaluation {
  return evaluateParsedRows(rows.map(({ line, cells }) => parseEvaluationRow(line, cells)));
}
