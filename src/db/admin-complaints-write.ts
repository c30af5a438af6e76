import { sql } from './client';
import { writeAudit, type AuditAction } from './audit-log';
import { inScope } from './admin-complaints-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { TOPICS, writeOutbox, type ComplaintStatusChanged } from './outbox';
import { planTransition, WorkflowError, isComplaintStatus, type ActionInput, type ComplaintStatus } from '../domain/complaint-workflow';

/**
 * Working a complaint: one action, one transaction — lock the row (inside the actor's
 * jurisdiction and role, in the same statement), let the domain state machine plan the change,
 * write it (the 0002 trigger checks the status change again), append the history and the audit
 * row. Either all of it commits or none of it.
 */

export interface ActionResult {
  id: number;
  from: ComplaintStatus;
  to: ComplaintStatus;
}

export async function applyComplaintAction(actor: Actor, id: number, input: ActionInput, ip: string | null): Promise<ActionResult> {
  requirePermission(actor, 'complaint.work');
  try {
    return await sql.begin(async (tx) => {
      const t = tx;
      const [c] = await t<
        { id: number; status: string; findings: string | null; region: string | null; anonymous: boolean; feedback: string | null; trackingNo: string }[]
      >`
        SELECT c.id, c.status, c.findings, coalesce(c.region_code, i.region_code) AS region, c.anonymous, c.feedback,
               c.tracking_no AS "trackingNo"
          FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
         WHERE c.id = ${id} AND ${inScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')
           FOR UPDATE OF c`;
      if (!c || !isComplaintStatus(c.status)) throw new DomainError('投诉不存在，或不在您的辖区内。', 'not-found');
      const plan = planTransition({ id: c.id, status: c.status, findings: c.findings, anonymous: c.anonymous, feedback: c.feedback }, input);

      if (plan.set.assignedTo !== undefined) {
        const [ok] = await t`
          SELECT 1 FROM supervisors s
           WHERE s.id = ${plan.set.assignedTo} AND s.active AND s.role IN ('admin', 'district')
             AND (supervisor_sees_all(s.id) OR ${c.region}::text IN (SELECT code FROM supervisor_region_scope(s.id)))`;
        if (!ok) throw new DomainError('承办人：所选人员不存在、已停用或不负责该投诉所在辖区。', 'invalid');
      }
      if (plan.set.duplicateOf) {
        const [orig] = await t`
          SELECT 1 FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
           WHERE c.id = ${plan.set.duplicateOf} AND ${inScope(actor)}`;
        if (!orig) throw new DomainError('原投诉编号：找不到该投诉，或它不在您的辖区内。', 'invalid');
      }

      const update: Record<string, unknown> = { status: plan.to };
      if (plan.set.assignedTo !== undefined) update['assigned_to'] = plan.set.assignedTo;
      if (plan.set.rejectReason !== undefined) update['reject_reason'] = plan.set.rejectReason;
      if (plan.set.findings !== undefined) update['findings'] = plan.set.findings;
      if (plan.set.outcome !== undefined) update['outcome'] = plan.set.outcome;
      if (plan.set.duplicateOf !== undefined) update['duplicate_of'] = plan.set.duplicateOf;
      if (plan.set.feedback !== undefined) update['feedback'] = plan.set.feedback;
      const done = await t`UPDATE complaints SET ${t(update as never)} WHERE id = ${id} AND status = ${plan.from} RETURNING id`;
      if (done.length === 0) throw new DomainError('该投诉刚被他人处理，请刷新后再试。', 'conflict');

      let note = plan.note;
      if (input.action === 'assign') {
        const [who] = await t<{ name: string }[]>`SELECT display_name AS name FROM supervisors WHERE id = ${input.assigneeId}`;
        note = `指派给 ${who?.name ?? input.assigneeId}`;
      }
      const [event] = await t<{ id: number }[]>`
        INSERT INTO complaint_events (complaint_id, actor_id, action, from_status, to_status, note)
        VALUES (${id}, ${actor.id}, ${input.action}, ${plan.from}, ${plan.to}, ${note.slice(0, 5000)})
        RETURNING id`;
      // Status changes and feedback reach the complainant and the forwarding system through the
      // queue (src/server/jobs.ts); the outbox row commits with the change or not at all.
      if (event && (plan.from !== plan.to || input.action === 'feedback')) {
        const change: ComplaintStatusChanged = {
          complaintId: id,
          trackingNo: c.trackingNo,
          eventId: event.id,
          fromStatus: plan.from,
          toStatus: plan.to,
          outcome: plan.set.outcome ?? null,
          action: input.action,
        };
        await writeOutbox(t, TOPICS.complaintStatusChanged, { ...change });
      }
      const detail: Record<string, unknown> = { from: plan.from, to: plan.to };
      if (plan.set.outcome) detail['outcome'] = plan.set.outcome;
      if (plan.set.duplicateOf) detail['duplicateOf'] = plan.set.duplicateOf;
      if (plan.set.assignedTo) detail['assignedTo'] = plan.set.assignedTo;
      await writeAudit(t, {
        actor,
        action: `complaint.${input.action}` as AuditAction,
        targetKind: 'complaint',
        targetId: id,
        reason: input.action === 'reject' ? input.reason : null,
        detail,
        ip,
      });
      return { id, from: plan.from, to: plan.to };
    });
  } catch (e) {
    if (e instanceof WorkflowError) throw e;
    // The trigger of 0002 refused it: the application's rules and the database's disagree.
    if ((e as { constraint_name?: string }).constraint_name === 'complaint_workflow') throw new DomainError((e as Error).message, 'conflict');
    throw e;
  }
}

/**
 * The stored (encrypted) personal data of a real-name complainant, released only after the
 * view is written to the audit log with its reason, in the same transaction.
 */
export async function readComplainantSealed(
  actor: Actor,
  id: number,
  reason: string,
  ip: string | null,
): Promise<{ name: Uint8Array; phone: Uint8Array } | null> {
  requirePermission(actor, 'complaint.pii');
  if (!reason.trim()) throw new DomainError('查看原因：必填（查看举报人个人信息须说明原因，并记入操作日志）', 'invalid');
  return sql.begin(async (tx) => {
    const t = tx;
    const [row] = await t<{ name: Uint8Array | null; phone: Uint8Array | null; anonymous: boolean }[]>`
      SELECT c.complainant_name_enc AS name, c.complainant_phone_enc AS phone, c.anonymous
        FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
       WHERE c.id = ${id} AND ${inScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')`;
    if (!row) throw new DomainError('投诉不存在，或不在您的辖区内。', 'not-found');
    if (row.anonymous || !row.name || !row.phone) return null;
    await writeAudit(t, { actor, action: 'complaint.view_pii', targetKind: 'complaint', targetId: id, reason, ip });
    return { name: row.name, phone: row.phone };
  });
}
