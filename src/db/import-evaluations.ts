/**
 * SQL of the evaluations import (one evaluation per institution per year) and of the
 * recomputation of levels over a whole year in a jurisdiction. The rules themselves (standardized
 * score, caps, the 10 % cut) are computed by the credit engine in src/domain; this module only
 * stages, reads and writes.
 */
import type { CreditEvaluationInput, CreditLevel } from '../domain/credit-level';
import type { RowError, WriteResult } from '../schemas/import-result';
import type { CopyValue } from '../schemas/import-sheet';
import { changeDetails, copyRows, dropLines, linkInstitutions, markChanges, type ChangeCounts, type DiffColumn, type Tx } from './import-common';
import { diffOf, LINKED, stageLines, stageTable, type Compared, type StageColumn } from './import-staged';

const STAGE = 'import_evaluation_rows';

/** The columns of an evaluation's facts (CreditEvaluationInput, in its order): in evaluations, evaluation_submissions and the staging table. */
export const CREDIT_FACT_COLUMNS = [
  'actual_score',
  'reasonable_missing',
  'double_star_not_met',
  'single_star_not_met',
  'penalties_count',
  'conduct_violation',
  'serious_violation',
  'establishment_noncompliant',
  'validation_suspended',
  'major_accident',
  'safety_accident',
  'public_health_score',
] as const;

/** A sheet row with the credit engine's result, ready for staging. */
export interface StagedEvaluation extends CreditEvaluationInput {
  line: number;
  registrationNo: string;
  name: string;
  year: number;
  /** 评价日期 from the sheet; null keeps a stored date (or takes today for a new one). */
  evaluatedOn: string | null;
  /** 评价辖区 from the sheet, resolved; null when not given. */
  jurisdictionGiven: string | null;
  /** The institution's county, used when neither the sheet nor a stored evaluation says. */
  jurisdictionDefault: string | null;
  standardizedScore: number;
  scoreLevel: CreditLevel;
  /** Level after the caps, before the 10 % cut (the cut is applied over the whole year later). */
  levelBeforeCut: CreditLevel;
  reasons: string[];
  /** 实际得分 by content area (a form entry); null or absent keeps the stored breakdown. */
  itemScores?: readonly { item: string; score: number }[] | null;
}

/** A fact of the evaluation (required; the sheet's value replaces the stored one). */
const fact = (column: string, pg: string, value: (r: StagedEvaluation) => CopyValue, label: string): Compared<StageColumn<StagedEvaluation>> => ({
  column,
  pg,
  notNull: true,
  value,
  diff: { label, keepWhenNull: false },
});

/**
 * The staging table's columns, in COPY order (institution_id, target_id and changed are filled in
 * by the checks): each column's type, its value in a staged row and, for the sheet's inputs
 * compared with the stored evaluation, its label in the change preview and null policy. The facts
 * are CREDIT_FACT_COLUMNS, in that order.
 */
const STAGED: readonly Compared<StageColumn<StagedEvaluation>>[] = [
  { column: 'registration_no', pg: 'text', notNull: true, value: (r) => r.registrationNo },
  { column: 'sheet_name', pg: 'text', notNull: true, value: (r) => r.name },
  { column: 'year', pg: 'smallint', notNull: true, value: (r) => r.year },
  fact('actual_score', 'numeric(5,2)', (r) => r.actualScore, '实际得分'),
  fact('reasonable_missing', 'numeric(5,2)', (r) => r.reasonableMissingPoints, '合理缺项分值'),
  fact('double_star_not_met', 'smallint', (r) => r.doubleStarNotMet, '双星项不符合数'),
  fact('single_star_not_met', 'smallint', (r) => r.singleStarNotMet, '单星项不符合数'),
  fact('penalties_count', 'smallint', (r) => r.penaltiesThisYear, '行政处罚次数'),
  fact('conduct_violation', 'boolean', (r) => r.conductViolation, '行风违规'),
  fact('serious_violation', 'boolean', (r) => r.seriousViolationOrImpact, '严重违法或严重社会影响'),
  fact('establishment_noncompliant', 'boolean', (r) => r.establishmentNonCompliant, '设置不符合规定'),
  fact('validation_suspended', 'boolean', (r) => r.validationSuspended, '暂缓校验'),
  fact('major_accident', 'boolean', (r) => r.majorAccidentFullResponsibility, '重大医疗事故负完全责任'),
  fact('safety_accident', 'boolean', (r) => r.safetyOrFireAccident, '安全生产消防事故'),
  // Empty means "not assessed", a value of its own: it replaces a stored score.
  {
    column: 'public_health_score',
    pg: 'numeric(5,2)',
    notNull: false,
    value: (r) => r.publicHealthScore,
    diff: { label: '基本公卫绩效得分', keepWhenNull: false },
  },
  { column: 'evaluated_on', pg: 'date', notNull: false, value: (r) => r.evaluatedOn, diff: { label: '评价日期', keepWhenNull: true } },
  { column: 'jurisdiction_code', pg: 'text', notNull: false, value: (r) => r.jurisdictionGiven, diff: { label: '评价辖区', keepWhenNull: false } },
  { column: 'jurisdiction_default', pg: 'text', notNull: false, value: (r) => r.jurisdictionDefault },
  { column: 'standardized_score', pg: 'numeric(5,2)', notNull: true, value: (r) => r.standardizedScore },
  { column: 'score_level', pg: 'text', notNull: true, value: (r) => r.scoreLevel },
  { column: 'level_before_cut', pg: 'text', notNull: true, value: (r) => r.levelBeforeCut },
  { column: 'reasons', pg: 'text[]', notNull: true, value: (r) => r.reasons },
  { column: 'item_scores', pg: 'jsonb', notNull: false, value: (r) => (r.itemScores ? JSON.stringify(r.itemScores) : null) },
];

/** The sheet's inputs, compared with the stored evaluation. */
export const EVALUATION_DIFF: readonly DiffColumn[] = diffOf(STAGED);

export async function stageEvaluations(tx: Tx, rows: readonly StagedEvaluation[]): Promise<void> {
  await stageTable(tx, STAGE, STAGED, LINKED, stageLines(STAGED, rows));
}

export async function checkEvaluations(tx: Tx): Promise<RowError[]> {
  const errors = await linkInstitutions(tx, STAGE);
  await tx`
    UPDATE import_evaluation_rows s SET target_id = t.id
      FROM evaluations t WHERE t.institution_id = s.institution_id AND t.year = s.year`;
  // The jurisdiction that applies: the sheet's, else the stored evaluation's, else the county.
  await tx`
    UPDATE import_evaluation_rows s SET jurisdiction_code = COALESCE(s.jurisdiction_code, t.jurisdiction_code, s.jurisdiction_default)
      FROM evaluations t WHERE t.id = s.target_id`;
  await tx`
    UPDATE import_evaluation_rows SET jurisdiction_code = COALESCE(jurisdiction_code, jurisdiction_default)
     WHERE target_id IS NULL`;
  return errors;
}

export const dropEvaluationLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

/** Rows whose 机构名称 is not the registered name (a mistyped 登记号 would show here). */
export async function nameMismatches(tx: Tx): Promise<{ line: number; sheetName: string; name: string }[]> {
  return tx<{ line: number; sheetName: string; name: string }[]>`
    SELECT s.line, s.sheet_name AS "sheetName", i.name
      FROM import_evaluation_rows s JOIN institutions i ON i.id = s.institution_id
     WHERE s.sheet_name <> i.name ORDER BY s.line`;
}

export async function diffEvaluations(tx: Tx): Promise<ChangeCounts & Pick<WriteResult, 'changes' | 'changesTruncated'>> {
  const counts = await markChanges(tx, STAGE, 'evaluations', EVALUATION_DIFF);
  const details = await changeDetails(tx, STAGE, 'evaluations', EVALUATION_DIFF, counts, (s) => ({
    key: String(s['registration_no']),
    label: `${String(s['sheet_name'])} ${String(s['year'])}年度 标化得分${Number(s['standardized_score']).toFixed(2)}`,
  }));
  return { ...counts, ...details };
}

/** Ids of the stored evaluations the staged rows became (after the write). */
export async function importedEvaluationIds(tx: Tx): Promise<number[]> {
  const rows = await tx<{ id: number }[]>`
    SELECT t.id FROM import_evaluation_rows s JOIN evaluations t ON t.institution_id = s.institution_id AND t.year = s.year`;
  return rows.map((r) => r.id);
}

/** A (jurisdiction, year) whose 10 % cut must be recomputed; jurisdiction null is its own group. */
export interface CutGroup {
  jurisdictionCode: string | null;
  year: number;
}

/** Groups the import touches: where staged rows go, and where updated rows come from. */
export async function affectedGroups(tx: Tx): Promise<CutGroup[]> {
  return tx<CutGroup[]>`
    SELECT DISTINCT jurisdiction_code AS "jurisdictionCode", year::int AS year FROM import_evaluation_rows
    UNION
    SELECT DISTINCT t.jurisdiction_code, t.year::int FROM import_evaluation_rows s JOIN evaluations t ON t.id = s.target_id
    ORDER BY year, "jurisdictionCode"`;
}

export async function writeEvaluations(tx: Tx, today: string): Promise<void> {
  await tx`
    INSERT INTO evaluations (institution_id, year, jurisdiction_code, actual_score, reasonable_missing,
                             double_star_not_met, single_star_not_met, penalties_count, conduct_violation,
                             serious_violation, establishment_noncompliant, validation_suspended, major_accident,
                             safety_accident, public_health_score, standardized_score, score_level, level, reasons,
                             evaluated_on, item_scores)
    SELECT institution_id, year, jurisdiction_code, actual_score, reasonable_missing, double_star_not_met,
           single_star_not_met, penalties_count, conduct_violation, serious_violation, establishment_noncompliant,
           validation_suspended, major_accident, safety_accident, public_health_score, standardized_score, score_level,
           level_before_cut, reasons, COALESCE(evaluated_on, ${today}::date), COALESCE(item_scores, '[]'::jsonb)
      FROM import_evaluation_rows WHERE target_id IS NULL ORDER BY line`;
  await tx`
    UPDATE evaluations t SET
           actual_score = s.actual_score, reasonable_missing = s.reasonable_missing,
           double_star_not_met = s.double_star_not_met, single_star_not_met = s.single_star_not_met,
           penalties_count = s.penalties_count, conduct_violation = s.conduct_violation,
           serious_violation = s.serious_violation, establishment_noncompliant = s.establishment_noncompliant,
           validation_suspended = s.validation_suspended, major_accident = s.major_accident,
           safety_accident = s.safety_accident, public_health_score = s.public_health_score,
           evaluated_on = COALESCE(s.evaluated_on, t.evaluated_on), jurisdiction_code = s.jurisdiction_code,
           standardized_score = s.standardized_score, score_level = s.score_level,
           level = s.level_before_cut, reasons = s.reasons, item_scores = COALESCE(s.item_scores, t.item_scores)
      FROM import_evaluation_rows s
     WHERE t.id = s.target_id AND (cardinality(s.changed) > 0 OR s.item_scores IS DISTINCT FROM COALESCE(s.item_scores, t.item_scores))`;
}

/** A stored evaluation with everything the credit engine needs to recompute its level. */
export interface StoredEvaluation extends CreditEvaluationInput {
  id: number;
  institutionId: number;
  registrationNo: string;
  name: string;
  year: number;
  jurisdictionCode: string | null;
  level: CreditLevel;
  reasons: string[];
}

/** Every evaluation of the given groups (the whole year in each jurisdiction). */
export async function evaluationsInGroups(tx: Tx, groups: readonly CutGroup[]): Promise<StoredEvaluation[]> {
  if (groups.length === 0) return [];
  const keys = groups.map((g) => `${g.jurisdictionCode ?? ''}|${g.year}`);
  return tx<StoredEvaluation[]>`
    SELECT e.id, e.institution_id AS "institutionId", i.registration_no AS "registrationNo", i.name, e.year::int AS year,
           e.jurisdiction_code AS "jurisdictionCode", e.actual_score AS "actualScore",
           e.reasonable_missing AS "reasonableMissingPoints", e.double_star_not_met AS "doubleStarNotMet",
           e.single_star_not_met AS "singleStarNotMet", e.penalties_count AS "penaltiesThisYear",
           e.conduct_violation AS "conductViolation", e.serious_violation AS "seriousViolationOrImpact",
           e.establishment_noncompliant AS "establishmentNonCompliant", e.validation_suspended AS "validationSuspended",
           e.major_accident AS "majorAccidentFullResponsibility", e.safety_accident AS "safetyOrFireAccident",
           e.public_health_score AS "publicHealthScore", e.level, e.reasons
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     WHERE (COALESCE(e.jurisdiction_code, '') || '|' || e.year) = ANY(${keys}::text[])
     ORDER BY e.id`;
}

/** Writes recomputed levels and reasons (only rows that differ). */
export async function updateLevels(tx: Tx, rows: readonly { id: number; level: CreditLevel; reasons: string[] }[]): Promise<void> {
  if (rows.length === 0) return;
  // Several sheets in one transaction (the demo province): the previous one is finished.
  await tx`DROP TABLE IF EXISTS pg_temp.import_evaluation_levels`;
  await tx`
    CREATE TEMP TABLE import_evaluation_levels (id bigint PRIMARY KEY, level text NOT NULL, reasons text[] NOT NULL)
    ON COMMIT DROP`;
  await copyRows(
    tx,
    'import_evaluation_levels',
    ['id', 'level', 'reasons'],
    rows.map((r) => [r.id, r.level, r.reasons]),
  );
  await tx`
    UPDATE evaluations e SET level = l.level, reasons = l.reasons
      FROM import_evaluation_levels l WHERE e.id = l.id`;
}

/** The level each institution shows now: its latest year's evaluation. */
export async function displayedLevels(tx: Tx, institutionIds: readonly number[]): Promise<Map<number, CreditLevel>> {
  if (institutionIds.length === 0) return new Map();
  const rows = await tx<{ institutionId: number; level: CreditLevel }[]>`
    SELECT DISTINCT ON (institution_id) institution_id AS "institutionId", level
      FROM evaluations WHERE institution_id = ANY(${institutionIds as number[]}::bigint[])
     ORDER BY institution_id, year DESC`;
  return new Map(rows.map((r) => [r.institutionId, r.level]));
}

/** A new 公示栏 poster version for institutions whose displayed level changed. */
export async function bumpPosterVersions(tx: Tx, institutionIds: readonly number[]): Promise<void> {
  if (institutionIds.length === 0) return;
  await tx`
    UPDATE institutions SET poster_version = poster_version + 1, updated_at = now()
     WHERE id = ANY(${institutionIds as number[]}::bigint[])`;
}
