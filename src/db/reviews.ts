import { sql, transaction, type Tx } from './client';
import { writeAudit } from './audit-log';
import { institutionInScope, type PointAppeal, type PointRow } from './points-read';
import { requirePermission, type Actor, type Role } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { decideTransition, refusalKind } from '../domain/lifecycle-transitions';
import type { EvaluationRecord } from '../domain/disclosure-board';
import {
  decisionDueDate,
  evaluationReviewStatus,
  REVIEW_TRANSITIONS,
  reviewActionBlocker,
  type ReviewAction,
  type ReviewRecord,
  type ReviewState,
} from '../domain/under-review';
import type { IsoDate } from '../domain/working-days';

/**
 * 复核 applications against an evaluation or a downgrade (under-review.ts). A point's appeal is
 * NOT stored here: it is the point_appeals row of points-write.ts, listed beside these. While an
 * evaluation's application is pending its evaluations.review_status is 复核中 (the public level
 * box then shows 复核中), kept in step in the same transaction as every review action.
 */

export interface ReviewRow extends ReviewRecord {
  id: number;
  item: 'evaluation' | 'downgrade';
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  evaluationId: number;
  evaluationYear: number;
  evaluationLevel: string;
  downgradeId: number | null;
  downgradeNoticeNo: string | null;
  applicant: string;
  grounds: string;
  decisionDue: IsoDate | null;
  reason: string | null;
  recordedByName: string | null;
}

const COLUMNS = () => sql`
  v.id, v.item, v.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName",
  v.evaluation_id AS "evaluationId", e.year AS "evaluationYear", e.level AS "evaluationLevel", v.downgrade_id AS "downgradeId",
  d.notice_no AS "downgradeNoticeNo", v.applicant, v.grounds, v.notice_received_on::text AS "noticeReceivedOn", v.filed_on::text AS "filedOn",
  v.state, v.accepted_on::text AS "acceptedOn", v.decision_due::text AS "decisionDue", v.decided_on::text AS "decidedOn",
  v.decision_note AS "decisionNote", v.reason, s.display_name AS "recordedByName"`;

const FROM = () => sql`
  reviews v JOIN institutions i ON i.id = v.institution_id JOIN evaluations e ON e.id = v.evaluation_id
  LEFT JOIN downgrades d ON d.id = v.downgrade_id LEFT JOIN supervisors s ON s.id = v.recorded_by`;

export async function listReviews(actor: Pick<Actor, 'id'>, pendingOnly: boolean, limit = 200): Promise<ReviewRow[]> {
  const rows = await sql<ReviewRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()}
     WHERE ${institutionInScope(actor)} ${pendingOnly ? sql`AND v.state IN ('applied', 'accepted')` : sql``}
     ORDER BY (v.state IN ('applied', 'accepted')) DESC, v.filed_on DESC, v.id DESC LIMIT ${limit}`;
  return [...rows];
}

export async function getReview(actor: Pick<Actor, 'id'>, id: number): Promise<ReviewRow | null> {
  const [row] = await sql<ReviewRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE v.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** A point appeal (points-write.ts) as a line of the review list; its actions stay on /admin/points/ID. */
export type PointAppealRow = { pointId: number } & Pick<PointRow, 'institutionCode' | 'institutionName' | 'behaviour' | 'points'> &
  Omit<PointAppeal, 'id' | 'reason'>;

export async function listPointAppeals(actor: Pick<Actor, 'id'>, pendingOnly: boolean, limit = 200): Promise<PointAppealRow[]> {
  const rows = await sql<PointAppealRow[]>`
    SELECT p.id AS "pointId", i.code AS "institutionCode", i.name AS "institutionName", p.behaviour, p.points,
           ap.received_on::text AS "receivedOn", ap.accepted_on::text AS "acceptedOn", ap.decision_due::text AS "decisionDue",
           ap.decided_on::text AS "decidedOn", ap.decision
      FROM point_appeals ap JOIN point_records p ON p.id = ap.point_record_id JOIN institutions i ON i.id = p.institution_id
     WHERE ${institutionInScope(actor)} ${pendingOnly ? sql`AND ap.decided_on IS NULL` : sql``}
     ORDER BY (ap.decided_on IS NULL) DESC, ap.received_on DESC, ap.id DESC LIMIT ${limit}`;
  return [...rows];
}

/** What a review can be filed against, for the form: an institution's evaluations and their downgrades. */
export interface ReviewableItem {
  evaluationId: number;
  year: number;
  level: string;
  downgrades: { id: number; noticeNo: string; decidedOn: IsoDate; toLevel: string }[];
}

export async function reviewableItems(actor: Pick<Actor, 'id'>, institutionId: number): Promise<ReviewableItem[]> {
  const rows = await sql<ReviewableItem[]>`
    SELECT e.id AS "evaluationId", e.year, e.level,
           COALESCE((SELECT json_agg(json_build_object('id', d.id, 'noticeNo', d.notice_no, 'decidedOn', d.decided_on::text, 'toLevel', d.to_level)
                                     ORDER BY d.decided_on)
                       FROM downgrades d WHERE d.evaluation_id = e.id), '[]') AS downgrades
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     WHERE e.institution_id = ${institutionId} AND ${institutionInScope(actor)} ORDER BY e.year DESC`;
  return [...rows];
}

export interface NewReview {
  institutionId: number;
  target: { item: 'evaluation'; evaluationId: number } | { item: 'downgrade'; downgradeId: number };
  applicant: string;
  grounds: string;
  noticeReceivedOn: IsoDate;
  filedOn: IsoDate;
  reason: string;
}

const WRITERS: Role[] = ['admin', 'district'];

function needReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw new DomainError('理由：必填', 'invalid');
  return r;
}

/** The evaluation's review_status from all its applications (one pending ⇒ 复核中; one decided ⇒ 已复核). */
async function syncEvaluationReviewStatus(tx: Tx, evaluationId: number): Promise<void> {
  const states = await tx<{ state: ReviewState }[]>`SELECT state FROM reviews WHERE evaluation_id = ${evaluationId} AND item = 'evaluation'`;
  const order: EvaluationRecord['reviewStatus'][] = ['无', '已复核', '复核中'];
  let status: EvaluationRecord['reviewStatus'] = '无';
  for (const s of states) {
    const each = evaluationReviewStatus(s.state);
    if (order.indexOf(each) > order.indexOf(status)) status = each;
  }
  await tx`UPDATE evaluations SET review_status = ${status} WHERE id = ${evaluationId} AND review_status <> ${status}`;
}

/**
 * Records an application received (on paper) against an evaluation or a downgrade. A late one is
 * recorded too; it can then only be 不予受理 (reviewActionBlocker).
 */
export async function recordReview(actor: Actor, r: NewReview, today: IsoDate, ip: string | null): Promise<number> {
  requirePermission(actor, 'credit.write');
  const reason = needReason(r.reason);
  if (r.filedOn > today) throw new DomainError('申请日期：不能晚于今天', 'invalid');
  if (r.filedOn < r.noticeReceivedOn) throw new DomainError('申请日期：不能早于收到通知书的日期', 'invalid');
  return transaction(async (tx) => {
    const [inst] = await tx`
      SELECT 1 FROM institutions i WHERE i.id = ${r.institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${WRITERS})`;
    if (!inst) throw new DomainError('机构不存在，或不在您负责的辖区内', 'not-found');
    const [target] =
      r.target.item === 'evaluation'
        ? await tx<{ evaluationId: number; downgradeId: null }[]>`
            SELECT id AS "evaluationId", NULL::bigint AS "downgradeId" FROM evaluations WHERE id = ${r.target.evaluationId} AND institution_id = ${r.institutionId}`
        : await tx<{ evaluationId: number; downgradeId: number }[]>`
            SELECT d.evaluation_id AS "evaluationId", d.id AS "downgradeId" FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id
             WHERE d.id = ${r.target.downgradeId} AND e.institution_id = ${r.institutionId}`;
    if (!target) throw new DomainError('复核事项：找不到该机构的这项评价或降级决定', 'invalid');
    const [pending] = await tx`
      SELECT 1 FROM reviews WHERE state IN ('applied', 'accepted') AND item = ${r.target.item}
         AND ${r.target.item === 'evaluation' ? sql`evaluation_id = ${target.evaluationId}` : sql`downgrade_id = ${target.downgradeId}`}`;
    if (pending) throw new DomainError('该事项已有待处理的复核申请', 'conflict');
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO reviews (institution_id, item, evaluation_id, downgrade_id, applicant, grounds, notice_received_on, filed_on, recorded_by)
      VALUES (${r.institutionId}, ${r.target.item}, ${target.evaluationId}, ${target.downgradeId}, ${r.applicant.trim()}, ${r.grounds.trim()},
              ${r.noticeReceivedOn}, ${r.filedOn}, ${actor.id})
      RETURNING id`;
    if (!row) throw new Error('INSERT … RETURNING returned nothing');
    if (r.target.item === 'evaluation') await syncEvaluationReviewStatus(tx, target.evaluationId);
    await writeAudit(tx, {
      actor,
      action: 'review.record',
      targetKind: 'review',
      targetId: row.id,
      reason,
      ip,
      detail: { institutionId: r.institutionId, item: r.target.item, filedOn: r.filedOn },
    });
    return row.id;
  });
}

export interface ReviewStep {
  action: ReviewAction;
  on: IsoDate;
  reason: string;
  /** For 变更: what the item was changed to, in words. */
  decisionNote?: string | null;
}

/** One step of REVIEW_TRANSITIONS with its date rules; returns the new state. */
export async function actOnReview(actor: Actor, id: number, step: ReviewStep, today: IsoDate, ip: string | null): Promise<ReviewState> {
  requirePermission(actor, 'credit.write');
  const reason = needReason(step.reason);
  return transaction(async (tx) => {
    const [r] = await tx<ReviewRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE v.id = ${id} AND ${institutionInScope(actor)} FOR UPDATE OF v`;
    if (!r) throw new DomainError('复核申请不存在，或不在您负责的辖区内', 'not-found');
    const decision = decideTransition(REVIEW_TRANSITIONS, r.state, step.action, { role: actor.role, inJurisdiction: true });
    if (!decision.ok) throw new DomainError(decision.message, refusalKind(REVIEW_TRANSITIONS, r.state, step.action));
    if (step.on > today) throw new DomainError('日期：不能晚于今天', 'invalid');
    if (step.on < r.filedOn) throw new DomainError('日期：不能早于申请日期', 'invalid');
    const blocker = reviewActionBlocker(r, step.action, step.on);
    if (blocker) throw new DomainError(blocker, 'conflict');
    const note = step.decisionNote?.trim() || null;
    if (step.action === 'change' && !note) throw new DomainError('变更内容：请写明变更为什么（例如“信用级别变更为合格”）', 'invalid');
    const next = decision.next;
    const accepted = step.action === 'accept';
    const roles = [...(REVIEW_TRANSITIONS.rules.find((x) => x.action === step.action && x.from.includes(r.state))?.roles ?? [])];
    const updated = await tx`
      UPDATE reviews SET state = ${next},
        accepted_on = ${accepted ? step.on : r.acceptedOn},
        decision_due = ${accepted ? decisionDueDate(step.on) : r.decisionDue},
        decided_on = ${accepted ? null : step.on},
        decision_note = ${step.action === 'change' ? note : r.decisionNote},
        reason = ${reason},
        decided_by = ${accepted ? null : actor.id}
       WHERE id = ${id} AND supervisor_has_role(${actor.id}, ${roles})`;
    if (updated.count !== 1) throw new DomainError('您的账户不能办理此事项。', 'forbidden');
    if (r.item === 'evaluation') await syncEvaluationReviewStatus(tx, r.evaluationId);
    await writeAudit(tx, {
      actor,
      action: `review.${step.action}`,
      targetKind: 'review',
      targetId: id,
      reason,
      ip,
      detail: { from: r.state, to: next, on: step.on, ...(note ? { note } : {}) },
    });
    return next;
  });
}

/** Points of an institution that can still be appealed (valid, notice signed for, no appeal yet). */
export async function appealablePoints(
  actor: Pick<Actor, 'id'>,
  institutionId: number,
): Promise<{ id: number; behaviour: string; points: number; foundOn: IsoDate; noticeReceivedOn: IsoDate }[]> {
  const rows = await sql<{ id: number; behaviour: string; points: number; foundOn: IsoDate; noticeReceivedOn: IsoDate }[]>`
    SELECT p.id, p.behaviour, p.points, p.found_on::text AS "foundOn", p.notice_received_on::text AS "noticeReceivedOn"
      FROM point_records p JOIN institutions i ON i.id = p.institution_id
     WHERE p.institution_id = ${institutionId} AND ${institutionInScope(actor)} AND p.status = '有效' AND p.notice_received_on IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM point_appeals ap WHERE ap.point_record_id = p.id)
     ORDER BY p.found_on DESC LIMIT 200`;
  return [...rows];
}
