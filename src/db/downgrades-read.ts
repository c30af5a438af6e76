import { sql } from './client';
import { institutionInScope } from './points-read';
import type { Actor } from '../domain/roles';
import type { CreditEvaluationInput, CreditLevel } from '../domain/credit-level';
import type { DowngradeFindingSource, DowngradeState } from '../domain/downgrade';
import type { IsoDate } from '../domain/working-days';

/** Reading downgrades for the supervisor area, always within the actor's jurisdiction. */

export interface DowngradeRow {
  id: number;
  state: DowngradeState;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  regionName: string | null;
  year: number;
  foundOn: IsoDate | null;
  source: DowngradeFindingSource | null;
  finding: string;
  linkKind: 'inspection' | 'penalty' | 'complaint' | null;
  linkRef: string | null;
  fromLevel: CreditLevel;
  toLevel: CreditLevel | null;
  rescoredOn: IsoDate | null;
  rescoreInput: CreditEvaluationInput | null;
  rescoreLevel: CreditLevel | null;
  newScore: number | null;
  rescoreReasons: string[];
  decidedOn: IsoDate | null;
  noticeNo: string | null;
  decisionNote: string | null;
  revokedOn: IsoDate | null;
  foundBy: number | null;
  rescoredBy: number | null;
  proposedBy: number | null;
  foundByName: string | null;
  proposedByName: string | null;
  decidedByName: string | null;
}

const COLUMNS = () => sql`
  d.id, d.state, i.id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", r.name AS "regionName", e.year,
  d.found_on::text AS "foundOn", d.source, d.reason AS finding, d.link_kind AS "linkKind", d.link_ref AS "linkRef",
  d.from_level AS "fromLevel", d.to_level AS "toLevel", d.rescored_on::text AS "rescoredOn", d.rescore_input AS "rescoreInput",
  d.rescore_level AS "rescoreLevel", d.new_score AS "newScore", d.rescore_reasons AS "rescoreReasons", d.decided_on::text AS "decidedOn",
  d.notice_no AS "noticeNo", d.decision_note AS "decisionNote", d.revoked_on::text AS "revokedOn",
  d.found_by AS "foundBy", d.rescored_by AS "rescoredBy", d.proposed_by AS "proposedBy",
  fb.display_name AS "foundByName", pb.display_name AS "proposedByName", db.display_name AS "decidedByName"`;

const FROM = () => sql`
  downgrades d JOIN evaluations e ON e.id = d.evaluation_id JOIN institutions i ON i.id = e.institution_id
  LEFT JOIN regions r ON r.code = i.region_code
  LEFT JOIN supervisors fb ON fb.id = d.found_by LEFT JOIN supervisors pb ON pb.id = d.proposed_by LEFT JOIN supervisors db ON db.id = d.decided_by`;

export interface DowngradeFilter {
  state: DowngradeState | undefined;
  page: number;
  pageSize: number;
}

/** Open ones first (by finding date: the oldest is the most urgent), then the decided ones. */
export async function listDowngrades(actor: Pick<Actor, 'id'>, f: DowngradeFilter): Promise<{ rows: DowngradeRow[]; total: number }> {
  const where = sql`${institutionInScope(actor)} ${f.state ? sql`AND d.state = ${f.state}` : sql``}`;
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${FROM()} WHERE ${where}`;
  const rows = await sql<DowngradeRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()} WHERE ${where}
     ORDER BY (d.state IN ('found','rescored','submitted')) DESC, d.found_on ASC NULLS LAST, d.id DESC
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}

export async function getDowngrade(actor: Pick<Actor, 'id'>, id: number): Promise<DowngradeRow | null> {
  const [row] = await sql<DowngradeRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE d.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** The twelve facts of the institution's latest evaluation: the re-score form starts from them. */
export async function evaluationInputOf(
  actor: Pick<Actor, 'id'>,
  institutionId: number,
): Promise<(CreditEvaluationInput & { year: number; evaluatedOn: IsoDate }) | null> {
  const [row] = await sql<(CreditEvaluationInput & { year: number; evaluatedOn: IsoDate })[]>`
    SELECT e.year, e.evaluated_on::text AS "evaluatedOn", e.actual_score AS "actualScore", e.reasonable_missing AS "reasonableMissingPoints",
           e.double_star_not_met AS "doubleStarNotMet", e.single_star_not_met AS "singleStarNotMet", e.penalties_count AS "penaltiesThisYear",
           e.conduct_violation AS "conductViolation", e.serious_violation AS "seriousViolationOrImpact",
           e.establishment_noncompliant AS "establishmentNonCompliant", e.validation_suspended AS "validationSuspended",
           e.major_accident AS "majorAccidentFullResponsibility", e.safety_accident AS "safetyOrFireAccident", e.public_health_score AS "publicHealthScore"
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     WHERE e.institution_id = ${institutionId} AND ${institutionInScope(actor)}
     ORDER BY e.year DESC LIMIT 1`;
  return row ?? null;
}

export interface DowngradeEvent {
  at: string;
  actorName: string | null;
  action: string;
  reason: string | null;
}

/** The record's steps as the audit log has them (who, when, why). */
export async function downgradeEvents(id: number): Promise<DowngradeEvent[]> {
  const rows = await sql<DowngradeEvent[]>`
    SELECT to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at, coalesce(s.display_name, a.actor_name) AS "actorName", a.action, a.reason
      FROM audit_log a LEFT JOIN supervisors s ON s.id = a.actor_id
     WHERE a.target_kind = 'downgrade' AND a.target_id = ${String(id)}
     ORDER BY a.at, a.id`;
  return [...rows];
}

/**
 * Institutions in the actor's jurisdiction whose `year` evaluation could be downgraded: practising,
 * not under review, not 差, no downgrade recorded yet; with the evaluation's facts.
 */
export async function downgradeCandidates(
  actor: Pick<Actor, 'id'>,
  year: number,
): Promise<{ institutionId: number; level: CreditLevel; evaluatedOn: IsoDate; input: CreditEvaluationInput }[]> {
  const rows = await sql<{ institutionId: number; level: CreditLevel; evaluatedOn: IsoDate; input: CreditEvaluationInput }[]>`
    SELECT i.id AS "institutionId", e.level, e.evaluated_on::text AS "evaluatedOn",
           json_build_object('actualScore', e.actual_score, 'reasonableMissingPoints', e.reasonable_missing,
             'doubleStarNotMet', e.double_star_not_met, 'singleStarNotMet', e.single_star_not_met, 'penaltiesThisYear', e.penalties_count,
             'conductViolation', e.conduct_violation, 'seriousViolationOrImpact', e.serious_violation,
             'establishmentNonCompliant', e.establishment_noncompliant, 'validationSuspended', e.validation_suspended,
             'majorAccidentFullResponsibility', e.major_accident, 'safetyOrFireAccident', e.safety_accident,
             'publicHealthScore', e.public_health_score) AS input
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     WHERE e.year = ${year} AND e.level <> '差' AND e.review_status = '无' AND i.status = '执业' AND ${institutionInScope(actor)}
       AND NOT EXISTS (SELECT 1 FROM downgrades d WHERE d.evaluation_id = e.id)
     ORDER BY i.id`;
  return [...rows];
}
