import { sql, type Tx } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { appealDeadline, appealDecisionDueDate, isAppealInTime } from '../domain/points';
import { toDayNumber, type IsoDate } from '../domain/working-days';

/**
 * Recording bad-practice points and appeals (seed 000). Records are never deleted: an appeal
 * decided 撤销 voids the record (status 已撤销, with date and reason) and the row stays. The
 * jurisdiction and the role are checked in the same statements that write.
 */

export interface NewPoint {
  institutionId: number;
  staffId: number | null;
  behaviour: string;
  points: number;
  source: string;
  sourceComplaintId: number | null;
  department: string | null;
  foundOn: IsoDate;
  approvedOn: IsoDate | null;
  noticeServedOn: IsoDate | null;
  noticeReceivedOn: IsoDate | null;
}

function checkDateOrder(p: Pick<NewPoint, 'foundOn' | 'approvedOn' | 'noticeServedOn' | 'noticeReceivedOn'>, today: IsoDate): void {
  const n = toDayNumber;
  if (n(p.foundOn) > n(today)) throw new DomainError('发现日期：不能晚于今天', 'invalid');
  if (p.approvedOn && n(p.approvedOn) < n(p.foundOn)) throw new DomainError('审批日期：不能早于发现日期', 'invalid');
  if (p.noticeServedOn && n(p.noticeServedOn) < n(p.foundOn)) throw new DomainError('通知书送达日期：不能早于发现日期', 'invalid');
  if (p.noticeReceivedOn && !p.noticeServedOn) throw new DomainError('通知书送达日期：填写签收日期时必须先填写送达日期', 'invalid');
  if (p.noticeReceivedOn && p.noticeServedOn && n(p.noticeReceivedOn) < n(p.noticeServedOn))
    throw new DomainError('通知书签收日期：不能早于送达日期', 'invalid');
}

export async function createPoint(actor: Actor, p: NewPoint, today: IsoDate, ip: string | null): Promise<number> {
  requirePermission(actor, 'point.write');
  checkDateOrder(p, today);
  if (p.sourceComplaintId !== null && p.source !== '投诉举报') throw new DomainError('记分来源：引用投诉时来源应为“投诉举报”', 'invalid');
  return sql.begin(async (tx) => {
    const t = tx;
    const [inst] = await t`
      SELECT i.id FROM institutions i
       WHERE i.id = ${p.institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')`;
    if (!inst) throw new DomainError('被记分机构：不存在或不在您的辖区内', 'not-found');
    if (p.staffId !== null) {
      const [st] = await t`SELECT 1 FROM staff WHERE id = ${p.staffId} AND institution_id = ${p.institutionId}`;
      if (!st) throw new DomainError('被记分人员：不是该机构的人员', 'invalid');
    }
    if (p.sourceComplaintId !== null) {
      const [c] = await t<{ status: string; institutionId: number | null }[]>`
        SELECT status, institution_id AS "institutionId" FROM complaints WHERE id = ${p.sourceComplaintId}`;
      if (!c || c.institutionId !== p.institutionId) throw new DomainError('来源投诉：找不到该机构的这件投诉', 'invalid');
      if (c.status !== '已办结') throw new DomainError('来源投诉：只有已办结的投诉可以作为记分来源', 'invalid');
    }
    const rows = await t<{ id: number }[]>`
      INSERT INTO point_records (institution_id, staff_id, behaviour, points, source, source_complaint_id, department, recorded_by,
                                 found_on, approved_on, notice_served_on, notice_received_on)
      VALUES (${p.institutionId}, ${p.staffId}, ${p.behaviour}, ${p.points}, ${p.source}, ${p.sourceComplaintId}, ${p.department},
              ${actor.id}, ${p.foundOn}, ${p.approvedOn}, ${p.noticeServedOn}, ${p.noticeReceivedOn})
      RETURNING id`;
    return auditedInsert(t, rows, {
      actor,
      action: 'point.create',
      targetKind: 'point',
      ip,
      detail: { institutionId: p.institutionId, staffId: p.staffId, points: p.points, source: p.source, sourceComplaintId: p.sourceComplaintId },
    });
  });
}

interface Locked {
  id: number;
  status: string;
  foundOn: IsoDate;
  approvedOn: IsoDate | null;
  noticeServedOn: IsoDate | null;
  noticeReceivedOn: IsoDate | null;
}

async function lockPoint(t: Tx, actor: Actor, id: number): Promise<Locked> {
  const [row] = await t<Locked[]>`
    SELECT p.id, p.status, p.found_on::text AS "foundOn", p.approved_on::text AS "approvedOn",
           p.notice_served_on::text AS "noticeServedOn", p.notice_received_on::text AS "noticeReceivedOn"
      FROM point_records p JOIN institutions i ON i.id = p.institution_id
     WHERE p.id = ${id} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')
       FOR UPDATE OF p`;
  if (!row) throw new DomainError('记分记录不存在，或不在您的辖区内', 'not-found');
  return row;
}

/** 记分通知书: date served and date the scored party signed for it. */
export async function recordNotice(actor: Actor, id: number, servedOn: IsoDate, receivedOn: IsoDate | null, today: IsoDate, ip: string | null): Promise<void> {
  requirePermission(actor, 'point.write');
  await sql.begin(async (tx) => {
    const t = tx;
    const p = await lockPoint(t, actor, id);
    if (p.status === '已撤销') throw new DomainError('该记分已撤销', 'conflict');
    checkDateOrder({ ...p, noticeServedOn: servedOn, noticeReceivedOn: receivedOn }, today);
    if (toDayNumber(servedOn) > toDayNumber(today) || (receivedOn && toDayNumber(receivedOn) > toDayNumber(today))) {
      throw new DomainError('送达和签收日期不能晚于今天', 'invalid');
    }
    await t`UPDATE point_records SET notice_served_on = ${servedOn}, notice_received_on = ${receivedOn} WHERE id = ${id}`;
    await writeAudit(t, { actor, action: 'point.notice', targetKind: 'point', targetId: id, ip, detail: { servedOn, receivedOn } });
  });
}

/**
 * An appeal received (申诉): only within 3 days of receiving the notice (seed 000). Accepting it
 * at once is the usual case; the decision is then due 10 working days later.
 */
export async function fileAppeal(actor: Actor, id: number, receivedOn: IsoDate, acceptedOn: IsoDate | null, today: IsoDate, ip: string | null): Promise<void> {
  requirePermission(actor, 'point.write');
  await sql.begin(async (tx) => {
    const t = tx;
    const p = await lockPoint(t, actor, id);
    if (p.status !== '有效') throw new DomainError(`该记分当前为“${p.status}”，不能登记申诉`, 'conflict');
    const [existing] = await t`SELECT 1 FROM point_appeals WHERE point_record_id = ${id}`;
    if (existing) throw new DomainError('该记分已有申诉记录（每条记分只受理一次申诉）', 'conflict');
    if (!p.noticeReceivedOn) throw new DomainError('申诉收到日期：请先登记《记分通知书》的签收日期', 'invalid');
    if (toDayNumber(receivedOn) > toDayNumber(today)) throw new DomainError('申诉收到日期：不能晚于今天', 'invalid');
    if (!isAppealInTime(p.noticeReceivedOn, receivedOn)) {
      throw new DomainError(`申诉收到日期：已超过申诉期限（收到通知书之日起3日内，即 ${appealDeadline(p.noticeReceivedOn)} 前）`, 'invalid');
    }
    if (acceptedOn && toDayNumber(acceptedOn) < toDayNumber(receivedOn)) throw new DomainError('受理日期：不能早于收到日期', 'invalid');
    const due = acceptedOn ? appealDecisionDueDate(acceptedOn) : null;
    await t`INSERT INTO point_appeals (point_record_id, received_on, accepted_on, decision_due) VALUES (${id}, ${receivedOn}, ${acceptedOn}, ${due})`;
    await t`UPDATE point_records SET status = '申诉中' WHERE id = ${id}`;
    await writeAudit(t, { actor, action: 'point.appeal', targetKind: 'point', targetId: id, ip, detail: { receivedOn, acceptedOn, decisionDue: due } });
  });
}

export async function acceptAppeal(actor: Actor, id: number, acceptedOn: IsoDate, today: IsoDate, ip: string | null): Promise<void> {
  requirePermission(actor, 'point.write');
  await sql.begin(async (tx) => {
    const t = tx;
    await lockPoint(t, actor, id);
    const [ap] = await t<{ receivedOn: IsoDate; acceptedOn: IsoDate | null }[]>`
      SELECT received_on::text AS "receivedOn", accepted_on::text AS "acceptedOn" FROM point_appeals WHERE point_record_id = ${id}`;
    if (!ap) throw new DomainError('该记分没有申诉', 'conflict');
    if (ap.acceptedOn) throw new DomainError('该申诉已受理', 'conflict');
    if (toDayNumber(acceptedOn) < toDayNumber(ap.receivedOn) || toDayNumber(acceptedOn) > toDayNumber(today)) {
      throw new DomainError('受理日期：应在收到申诉之后、今天或之前', 'invalid');
    }
    const due = appealDecisionDueDate(acceptedOn);
    await t`UPDATE point_appeals SET accepted_on = ${acceptedOn}, decision_due = ${due} WHERE point_record_id = ${id}`;
    await writeAudit(t, { actor, action: 'point.accept_appeal', targetKind: 'point', targetId: id, ip, detail: { acceptedOn, decisionDue: due } });
  });
}

/**
 * The decision on an appeal: 维持 (the points stand) or 撤销 (the record is voided, never
 * deleted). The reason is required and audited.
 */
export async function decideAppeal(
  actor: Actor,
  id: number,
  decision: '维持' | '撤销',
  decidedOn: IsoDate,
  reason: string,
  today: IsoDate,
  ip: string | null,
): Promise<void> {
  requirePermission(actor, 'point.write');
  if (!reason.trim()) throw new DomainError('决定理由：必填', 'invalid');
  await sql.begin(async (tx) => {
    const t = tx;
    await lockPoint(t, actor, id);
    const [ap] = await t<{ acceptedOn: IsoDate | null; decidedOn: IsoDate | null }[]>`
      SELECT accepted_on::text AS "acceptedOn", decided_on::text AS "decidedOn" FROM point_appeals WHERE point_record_id = ${id}`;
    if (!ap) throw new DomainError('该记分没有申诉', 'conflict');
    if (!ap.acceptedOn) throw new DomainError('申诉尚未受理，不能作出决定', 'conflict');
    if (ap.decidedOn) throw new DomainError('该申诉已作出决定，不能重复决定', 'conflict');
    if (toDayNumber(decidedOn) < toDayNumber(ap.acceptedOn) || toDayNumber(decidedOn) > toDayNumber(today)) {
      throw new DomainError('决定日期：应在受理之后、今天或之前', 'invalid');
    }
    await t`UPDATE point_appeals SET decided_on = ${decidedOn}, decision = ${decision}, reason = ${reason.trim()}, decided_by = ${actor.id}
             WHERE point_record_id = ${id}`;
    if (decision === '撤销') {
      await t`UPDATE point_records SET status = '已撤销', voided_on = ${decidedOn}, void_reason = ${reason.trim()}, voided_by = ${actor.id} WHERE id = ${id}`;
    } else {
      await t`UPDATE point_records SET status = '有效' WHERE id = ${id}`;
    }
    await writeAudit(t, { actor, action: 'point.decide', targetKind: 'point', targetId: id, reason, ip, detail: { decision, decidedOn } });
  });
}
