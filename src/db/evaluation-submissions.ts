/**
 * Evaluation submissions (issue 12 item 1): what a supervisor enters or an import brings waits
 * as 待审批 in evaluation_submissions; approving writes it into `evaluations` (the approved truth
 * the public pages read) through the same path as the sheet import (stage → diff → write →
 * recompute the 10 % cut → posters), in one transaction with the audit log. The role and the
 * jurisdiction are checked in the statements that lock the rows; the second person both by the
 * transition rules and by the table's CHECK (decided_by IS DISTINCT FROM entered_by).
 */
import { sql, transaction, type Tx } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { applyStagedEvaluations, creditInput, type AppliedEvaluations } from './evaluation-apply';
import { checkEvaluations, diffEvaluations, stageEvaluations, type StagedEvaluation } from './import-evaluations';
import { evaluateCreditLevel, type CreditEvaluationInput, type CreditLevel } from '../domain/credit-level';
import { DomainError } from '../domain/errors';
import { decideTransition } from '../domain/lifecycle-transitions';
import {
  EVALUATION_SUBMISSION_TRANSITIONS,
  SUPERSEDED_REASON,
  type AreaScore,
  type SubmissionAction,
  type SubmissionState,
} from '../domain/evaluation-approval';
import { CUT_REASON_PREFIX, decidingReasonsFor, type PenaltyFact } from '../domain/level-reason';
import { requirePermission, type Actor } from '../domain/roles';
import type { IsoDate } from '../domain/working-days';

/** One institution's yearly evaluation as entered on the form. */
export interface EvaluationEntry extends CreditEvaluationInput {
  institutionId: number;
  year: number;
  evaluatedOn: IsoDate;
  itemScores: AreaScore[];
  note: string | null;
}

/** The input columns, as the credit engine names them (submissions and evaluations alike). */
const INPUT_COLUMNS = (alias: string) => sql`
  ${sql(alias)}.actual_score AS "actualScore", ${sql(alias)}.reasonable_missing AS "reasonableMissingPoints",
  ${sql(alias)}.double_star_not_met AS "doubleStarNotMet", ${sql(alias)}.single_star_not_met AS "singleStarNotMet",
  ${sql(alias)}.penalties_count AS "penaltiesThisYear", ${sql(alias)}.conduct_violation AS "conductViolation",
  ${sql(alias)}.serious_violation AS "seriousViolationOrImpact", ${sql(alias)}.establishment_noncompliant AS "establishmentNonCompliant",
  ${sql(alias)}.validation_suspended AS "validationSuspended", ${sql(alias)}.major_accident AS "majorAccidentFullResponsibility",
  ${sql(alias)}.safety_accident AS "safetyOrFireAccident", ${sql(alias)}.public_health_score AS "publicHealthScore"`;

/** The county an evaluation belongs to (属地管理): the stored evaluation's, else the institution's county. */
async function jurisdictionOf(t: Tx, institutionId: number, year: number): Promise<string | null> {
  const [row] = await t<{ code: string | null }[]>`
    WITH RECURSIVE up(code, level, parent_code, depth) AS (
      SELECT r.code, r.level, r.parent_code, 0 FROM regions r JOIN institutions i ON i.region_code = r.code WHERE i.id = ${institutionId}
      UNION ALL
      SELECT r.code, r.level, r.parent_code, up.depth + 1 FROM regions r JOIN up ON r.code = up.parent_code WHERE up.depth < 10)
    SELECT COALESCE((SELECT jurisdiction_code FROM evaluations WHERE institution_id = ${institutionId} AND year = ${year}),
                    (SELECT code FROM up WHERE level = 3 LIMIT 1)) AS code`;
  return row?.code ?? null;
}

function stagedOf(
  line: number,
  registrationNo: string,
  name: string,
  e: EvaluationEntry | StoredSubmissionInput,
  jurisdiction: string | null,
): StagedEvaluation {
  const credit = evaluateCreditLevel(creditInput(e));
  return {
    ...creditInput(e),
    line,
    registrationNo,
    name,
    year: e.year,
    evaluatedOn: e.evaluatedOn,
    jurisdictionGiven: jurisdiction,
    jurisdictionDefault: jurisdiction,
    standardizedScore: credit.standardizedScore,
    scoreLevel: credit.levelByScore,
    levelBeforeCut: credit.level,
    reasons: credit.reasons,
    itemScores: e.itemScores.length > 0 ? e.itemScores : null,
  };
}

/** Stage, check, diff and write: the import's own path. */
async function applyRows(t: Tx, rows: readonly StagedEvaluation[], today: IsoDate, own: string): Promise<AppliedEvaluations> {
  await stageEvaluations(t, rows);
  const errors = await checkEvaluations(t);
  if (errors.length > 0) throw new DomainError(errors.map((e) => e.message).join('；'), 'invalid');
  await diffEvaluations(t);
  return applyStagedEvaluations(t, today, own);
}

interface ScopedInstitution {
  id: number;
  registrationNo: string;
  name: string;
}

async function institutionForEntry(t: Tx, actor: Actor, institutionId: number): Promise<ScopedInstitution> {
  const [inst] = await t<ScopedInstitution[]>`
    SELECT i.id, i.registration_no AS "registrationNo", i.name FROM institutions i
     WHERE i.id = ${institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')`;
  if (!inst) throw new DomainError('被评价机构：不存在或不在您的辖区内', 'not-found');
  return inst;
}

// ---------------------------------------------------------------------------------------------
// Entering and previewing

export interface EntryPreview {
  level: CreditLevel;
  standardizedScore: number;
  /** What decided the level (level-reason.ts), the 10 % cut included. */
  decidingReasons: string[];
  /** Every veto sentence that holds (the 综合评定表 records them all). */
  allReasons: string[];
  /** Institutions whose level the change moves, this one included. */
  levelChanges: AppliedEvaluations['levelChanges'];
  /** The cut per jurisdiction and year, and posters to reprint. */
  notes: string[];
}

class Rollback extends Error {
  constructor(readonly preview: EntryPreview) {
    super('rollback');
  }
}

/**
 * What approving this entry would do, computed by doing it in a transaction that is rolled back:
 * the preview and the approval cannot disagree.
 */
export async function previewEvaluation(actor: Actor, entry: EvaluationEntry, today: IsoDate): Promise<EntryPreview> {
  requirePermission(actor, 'credit.write');
  try {
    await transaction(async (t) => {
      const inst = await institutionForEntry(t, actor, entry.institutionId);
      const jurisdiction = await jurisdictionOf(t, inst.id, entry.year);
      const applied = await applyRows(t, [stagedOf(1, inst.registrationNo, inst.name, entry, jurisdiction)], today, '本次录入');
      const [stored] = await t<{ level: CreditLevel; reasons: string[]; standardizedScore: number }[]>`
        SELECT level, reasons, standardized_score AS "standardizedScore" FROM evaluations WHERE institution_id = ${inst.id} AND year = ${entry.year}`;
      if (!stored) throw new Error('preview: the evaluation was not written');
      const cutReason = stored.reasons.find((r) => r.startsWith(CUT_REASON_PREFIX)) ?? null;
      throw new Rollback({
        level: stored.level,
        standardizedScore: stored.standardizedScore,
        decidingReasons: decidingReasonsFor(creditInput(entry), cutReason),
        allReasons: stored.reasons,
        ...applied,
      });
    });
  } catch (e) {
    if (e instanceof Rollback) return e.preview;
    throw e;
  }
  throw new Error('preview: the transaction was not rolled back');
}

/** A waiting submission for the same institution and year is replaced by a newer one. */
async function supersedeWaiting(t: Tx, institutionIds: readonly number[], year: number | null, by: number | null): Promise<void> {
  await t`
    UPDATE evaluation_submissions SET state = '已撤回', decided_by = ${by}, decided_at = now(), reason = ${SUPERSEDED_REASON}
     WHERE state = '待审批' AND institution_id = ANY(${institutionIds as number[]}::bigint[]) AND (${year}::int IS NULL OR year = ${year})`;
}

/** Enters an evaluation for approval (待审批); returns the submission id. */
export async function submitEvaluation(actor: Actor, entry: EvaluationEntry, ip: string | null): Promise<number> {
  requirePermission(actor, 'credit.write');
  const credit = evaluateCreditLevel(creditInput(entry));
  return transaction(async (t) => {
    const inst = await institutionForEntry(t, actor, entry.institutionId);
    const jurisdiction = await jurisdictionOf(t, inst.id, entry.year);
    await supersedeWaiting(t, [inst.id], entry.year, actor.id);
    const rows = await t<{ id: number }[]>`
      INSERT INTO evaluation_submissions (institution_id, year, jurisdiction_code, actual_score, reasonable_missing, double_star_not_met,
                                         single_star_not_met, penalties_count, conduct_violation, serious_violation,
                                         establishment_noncompliant, validation_suspended, major_accident, safety_accident,
                                         public_health_score, item_scores, standardized_score, level, evaluated_on, source, note, entered_by)
      VALUES (${inst.id}, ${entry.year}, ${jurisdiction}, ${entry.actualScore}, ${entry.reasonableMissingPoints}, ${entry.doubleStarNotMet},
              ${entry.singleStarNotMet}, ${entry.penaltiesThisYear}, ${entry.conductViolation}, ${entry.seriousViolationOrImpact},
              ${entry.establishmentNonCompliant}, ${entry.validationSuspended}, ${entry.majorAccidentFullResponsibility},
              ${entry.safetyOrFireAccident}, ${entry.publicHealthScore}, ${t.json(entry.itemScores as never)}, ${credit.standardizedScore},
              ${credit.level}, ${entry.evaluatedOn}, '录入', ${entry.note}, ${actor.id})
      RETURNING id`;
    return auditedInsert(t, rows, {
      actor,
      action: 'evaluation.submit',
      targetKind: 'evaluation_submission',
      ip,
      detail: { institutionId: inst.id, year: entry.year, level: credit.level },
    });
  });
}

/**
 * An import's rows become submissions (待审批) instead of evaluations: the new and changed rows
 * of the staging table (after diffEvaluations). Returns how many were created.
 */
export async function submitStagedEvaluations(t: Tx, batchId: number | null, enteredBy: number | null): Promise<number> {
  const changed = sql`(s.target_id IS NULL OR cardinality(s.changed) > 0)`;
  const ids = await t<{ institutionId: number }[]>`SELECT DISTINCT institution_id AS "institutionId" FROM import_evaluation_rows s WHERE ${changed}`;
  if (ids.length === 0) return 0;
  // A file holds one row per institution and year: supersede exactly those (institution, year).
  await t`
    UPDATE evaluation_submissions e SET state = '已撤回', decided_by = ${enteredBy}, decided_at = now(), reason = ${SUPERSEDED_REASON}
      FROM import_evaluation_rows s
     WHERE e.state = '待审批' AND e.institution_id = s.institution_id AND e.year = s.year AND ${changed}`;
  const rows = await t`
    INSERT INTO evaluation_submissions (institution_id, year, jurisdiction_code, actual_score, reasonable_missing, double_star_not_met,
                                       single_star_not_met, penalties_count, conduct_violation, serious_violation,
                                       establishment_noncompliant, validation_suspended, major_accident, safety_accident,
                                       public_health_score, standardized_score, level, evaluated_on, source, import_batch_id, entered_by)
    SELECT institution_id, year, jurisdiction_code, actual_score, reasonable_missing, double_star_not_met, single_star_not_met,
           penalties_count, conduct_violation, serious_violation, establishment_noncompliant, validation_suspended, major_accident,
           safety_accident, public_health_score, standardized_score, level_before_cut, evaluated_on, '导入', ${batchId}, ${enteredBy}
      FROM import_evaluation_rows s WHERE ${changed} ORDER BY line
    RETURNING id`;
  return rows.length;
}

/**
 * A command-line import records its batch after the write: the submissions it created in this
 * transaction (entered_at is the transaction's start, now()) become that batch's.
 */
export async function attachSubmissionsToBatch(t: Tx, batchId: number): Promise<void> {
  await t`UPDATE evaluation_submissions SET import_batch_id = ${batchId}
           WHERE source = '导入' AND import_batch_id IS NULL AND state = '待审批' AND entered_at = now()`;
}

// ---------------------------------------------------------------------------------------------
// Deciding

interface StoredSubmissionInput extends CreditEvaluationInput {
  year: number;
  evaluatedOn: IsoDate | null;
  itemScores: AreaScore[];
}

interface LockedSubmission extends StoredSubmissionInput {
  id: number;
  state: SubmissionState;
  institutionId: number;
  registrationNo: string;
  name: string;
  jurisdictionCode: string | null;
  enteredBy: number | null;
  inJurisdiction: boolean;
}

/** Locks submissions (by id or by import batch) with what deciding them needs. */
async function lockSubmissions(t: Tx, actor: Actor, target: ApprovalTarget): Promise<LockedSubmission[]> {
  const which =
    'ids' in target
      ? sql`s.id = ANY(${target.ids as number[]}::bigint[])`
      : 'batchId' in target
        ? sql`s.import_batch_id = ${target.batchId} AND s.state = '待审批'`
        : sql`s.state = '待审批'`;
  return t<LockedSubmission[]>`
    SELECT s.id, s.state, s.institution_id AS "institutionId", i.registration_no AS "registrationNo", i.name, s.year::int AS year,
           s.jurisdiction_code AS "jurisdictionCode", s.entered_by AS "enteredBy", s.evaluated_on::text AS "evaluatedOn",
           s.item_scores AS "itemScores", ${INPUT_COLUMNS('s')}, ${institutionInScope(actor)} AS "inJurisdiction"
      FROM evaluation_submissions s JOIN institutions i ON i.id = s.institution_id
     WHERE ${which} AND supervisor_has_role(${actor.id}, '{admin,district}')
     ORDER BY s.id
       FOR UPDATE OF s`;
}

function refuseUnless(actor: Actor, s: LockedSubmission, action: SubmissionAction): void {
  const d = decideTransition(EVALUATION_SUBMISSION_TRANSITIONS, s.state, action, {
    role: actor.role,
    inJurisdiction: s.inJurisdiction,
    isProposer: s.enteredBy === actor.id,
  });
  if (d.ok) return;
  throw new DomainError(d.message, !s.inJurisdiction ? 'not-found' : s.state !== '待审批' ? 'conflict' : 'forbidden');
}

export interface ApprovalResult extends AppliedEvaluations {
  approved: number;
  evaluationIds: number[];
}

/** Which submissions to approve: by id, every waiting one of an import batch, or every waiting one (the demo loader). */
export type ApprovalTarget = { ids: readonly number[] } | { batchId: number } | { allWaiting: true };

/**
 * Approves submissions by an administrator who did not enter them: they become evaluations
 * (upsert per institution and year) and the cut is recomputed for every jurisdiction and year
 * they touch, with the audit entry, in one transaction.
 */
export async function approveSubmissions(actor: Actor, target: ApprovalTarget, today: IsoDate, ip: string | null): Promise<ApprovalResult> {
  return transaction((t) => approveSubmissionsIn(t, actor, target, today, ip));
}

/** approveSubmissions inside the caller's transaction (the demo loader's). */
export async function approveSubmissionsIn(t: Tx, actor: Actor, target: ApprovalTarget, today: IsoDate, ip: string | null): Promise<ApprovalResult> {
  requirePermission(actor, 'credit.approve');
  // One approval at a time: the 10 % cut is recomputed over the whole year in a jurisdiction, and
  // two approvals computing it side by side would each miss the other's evaluation.
  await t`SELECT pg_advisory_xact_lock(hashtext('credit-platform:evaluation-approval'))`;
  const rows = await lockSubmissions(t, actor, target);
  if (rows.length === 0) throw new DomainError('ids' in target ? '评价录入不存在' : '没有待审批的评价', 'not-found');
  for (const s of rows) refuseUnless(actor, s, 'approve');
  const applied = await applyRows(
    t,
    rows.map((s) => stagedOf(s.id, s.registrationNo, s.name, s, s.jurisdictionCode)),
    today,
    '本次审批',
  );
  const done = await t<{ evaluationId: number }[]>`
    UPDATE evaluation_submissions s SET state = '已批准', decided_by = ${actor.id}, decided_at = now(), evaluation_id = e.id
      FROM evaluations e
     WHERE s.id = ANY(${rows.map((r) => r.id)}::bigint[]) AND e.institution_id = s.institution_id AND e.year = s.year
    RETURNING e.id AS "evaluationId"`;
  await writeAudit(t, {
    actor,
    action: 'evaluation.approve',
    ...('batchId' in target
      ? { targetKind: 'import_batch', targetId: target.batchId }
      : rows.length === 1 && rows[0]
        ? { targetKind: 'evaluation_submission', targetId: rows[0].id }
        : { targetKind: 'evaluation_submission' }),
    ip,
    detail: { count: rows.length, levelChanges: applied.levelChanges.length },
  });
  return { ...applied, approved: rows.length, evaluationIds: done.map((d) => d.evaluationId) };
}

/** Returns a waiting submission to the enterer with a reason (nothing reaches `evaluations`). */
export async function returnSubmission(actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  await decideOne(actor, id, 'return', reason, ip);
}

/** The enterer (or an administrator) withdraws a waiting submission. */
export async function withdrawSubmission(actor: Actor, id: number, reason: string | null, ip: string | null): Promise<void> {
  await decideOne(actor, id, 'withdraw', reason, ip);
}

async function decideOne(actor: Actor, id: number, action: 'return' | 'withdraw', reason: string | null, ip: string | null): Promise<void> {
  requirePermission(actor, action === 'return' ? 'credit.approve' : 'credit.write');
  const why = reason?.trim() || null;
  if (action === 'return' && !why) throw new DomainError('退回理由：必填', 'invalid');
  await transaction(async (t) => {
    const [s] = await lockSubmissions(t, actor, { ids: [id] });
    if (!s) throw new DomainError('评价录入不存在，或不在您的辖区内', 'not-found');
    refuseUnless(actor, s, action);
    if (action === 'withdraw' && actor.role !== 'admin' && s.enteredBy !== actor.id) {
      throw new DomainError('只能撤回本人录入的评价', 'forbidden');
    }
    const state: SubmissionState = action === 'return' ? '已退回' : '已撤回';
    await t`UPDATE evaluation_submissions SET state = ${state}, decided_by = ${actor.id}, decided_at = now(), reason = ${why} WHERE id = ${id}`;
    await writeAudit(t, { actor, action: `evaluation.${action}`, targetKind: 'evaluation_submission', targetId: id, reason: why, ip, detail: { to: state } });
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SubmissionRow {
  id: number;
  institutionId: number;
  institutionName: string;
  institutionCode: string;
  year: number;
  state: SubmissionState;
  source: string;
  importBatchId: number | null;
  standardizedScore: number;
  /** Approved: the evaluation's level (after the cut); else the level before the cut. */
  level: CreditLevel;
  enteredBy: number | null;
  enteredByName: string | null;
  enteredAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  reason: string | null;
  evaluationId: number | null;
}

export interface SubmissionFilter {
  year?: number | undefined;
  level?: CreditLevel | undefined;
  state?: SubmissionState | undefined;
  batchId?: number | undefined;
  page: number;
  pageSize: number;
}

const LIST_COLUMNS = () => sql`
  s.id, s.institution_id AS "institutionId", i.name AS "institutionName", i.code AS "institutionCode", s.year::int AS year,
  s.state, s.source, s.import_batch_id AS "importBatchId", s.standardized_score AS "standardizedScore",
  COALESCE(CASE WHEN s.state = '已批准' THEN e.level END, s.level) AS level, s.entered_by AS "enteredBy",
  en.display_name AS "enteredByName", to_char(s.entered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "enteredAt",
  de.display_name AS "decidedByName", to_char(s.decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "decidedAt",
  s.reason, s.evaluation_id AS "evaluationId"`;
const LIST_FROM = () => sql`
  evaluation_submissions s JOIN institutions i ON i.id = s.institution_id
  LEFT JOIN evaluations e ON e.id = s.evaluation_id
  LEFT JOIN supervisors en ON en.id = s.entered_by LEFT JOIN supervisors de ON de.id = s.decided_by`;

/** Submissions in the actor's jurisdiction, newest first. */
export async function listSubmissions(actor: Pick<Actor, 'id'>, f: SubmissionFilter): Promise<{ rows: SubmissionRow[]; total: number }> {
  const where = sql`
    ${institutionInScope(actor)}
    ${f.year ? sql`AND s.year = ${f.year}` : sql``}
    ${f.state ? sql`AND s.state = ${f.state}` : sql``}
    ${f.level ? sql`AND COALESCE(CASE WHEN s.state = '已批准' THEN e.level END, s.level) = ${f.level}` : sql``}
    ${f.batchId ? sql`AND s.import_batch_id = ${f.batchId}` : sql``}`;
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${LIST_FROM()} WHERE ${where}`;
  const rows = await sql<SubmissionRow[]>`
    SELECT ${LIST_COLUMNS()} FROM ${LIST_FROM()} WHERE ${where}
     ORDER BY s.id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}

/** Import batches with submissions still waiting (for "approve the whole batch"). */
export async function waitingBatches(actor: Pick<Actor, 'id'>): Promise<{ batchId: number; fileName: string; waiting: number; createdBy: number | null }[]> {
  const rows = await sql<{ batchId: number; fileName: string; waiting: number; createdBy: number | null }[]>`
    SELECT b.id AS "batchId", b.file_name AS "fileName", count(*)::int AS waiting, b.created_by AS "createdBy"
      FROM evaluation_submissions s JOIN import_batches b ON b.id = s.import_batch_id JOIN institutions i ON i.id = s.institution_id
     WHERE s.state = '待审批' AND ${institutionInScope(actor)}
     GROUP BY b.id ORDER BY b.id DESC LIMIT 50`;
  return [...rows];
}

export interface SubmissionDetail extends SubmissionRow, CreditEvaluationInput {
  institutionRegistrationNo: string;
  jurisdictionCode: string | null;
  evaluatedOn: IsoDate | null;
  itemScores: AreaScore[];
  note: string | null;
  /** The stored (approved) evaluation of the same institution and year, if any. */
  currentLevel: CreditLevel | null;
}

export async function getSubmission(actor: Pick<Actor, 'id'>, id: number): Promise<SubmissionDetail | null> {
  const [row] = await sql<SubmissionDetail[]>`
    SELECT ${LIST_COLUMNS()}, ${INPUT_COLUMNS('s')}, i.registration_no AS "institutionRegistrationNo", s.jurisdiction_code AS "jurisdictionCode",
           s.evaluated_on::text AS "evaluatedOn", s.item_scores AS "itemScores", s.note,
           (SELECT level FROM evaluations c WHERE c.institution_id = s.institution_id AND c.year = s.year) AS "currentLevel"
      FROM ${LIST_FROM()} WHERE s.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** The stored (approved) evaluation of an institution and year: the form's starting values for a correction, and the notice's facts. */
export interface StoredEvaluationResult extends CreditEvaluationInput {
  evaluatedOn: IsoDate;
  itemScores: AreaScore[];
  level: CreditLevel;
  standardizedScore: number;
  reasons: string[];
}

export async function storedEvaluationInput(actor: Pick<Actor, 'id'>, institutionId: number, year: number): Promise<StoredEvaluationResult | null> {
  const [row] = await sql<StoredEvaluationResult[]>`
    SELECT ${INPUT_COLUMNS('e')}, e.evaluated_on::text AS "evaluatedOn", e.item_scores AS "itemScores", e.level,
           e.standardized_score AS "standardizedScore", e.reasons
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     WHERE e.institution_id = ${institutionId} AND e.year = ${year} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** The institution's penalty records (for the year's default count and the agreement check). */
export async function penaltyFactsOf(institutionId: number): Promise<PenaltyFact[]> {
  return sql<PenaltyFact[]>`
    SELECT decision_no AS "decisionNo", decided_on::text AS "decidedOn", shown_until::text AS "shownUntil"
      FROM penalties WHERE institution_id = ${institutionId} ORDER BY decided_on, decision_no`;
}

/** Penalty records of the institutions of the staged import rows, by line. */
export async function stagedPenaltyFacts(tx: Tx): Promise<{ line: number; year: number; declared: number; name: string; penalties: PenaltyFact[] }[]> {
  return tx<{ line: number; year: number; declared: number; name: string; penalties: PenaltyFact[] }[]>`
    SELECT s.line, s.year::int AS year, s.penalties_count AS declared, s.sheet_name AS name,
           COALESCE(json_agg(json_build_object('decisionNo', p.decision_no, 'decidedOn', p.decided_on::text, 'shownUntil', p.shown_until::text))
                    FILTER (WHERE p.id IS NOT NULL), '[]') AS penalties
      FROM import_evaluation_rows s LEFT JOIN penalties p ON p.institution_id = s.institution_id AND extract(year FROM p.decided_on) = s.year
     GROUP BY s.line, s.year, s.penalties_count, s.sheet_name ORDER BY s.line`;
}
