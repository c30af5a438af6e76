import { sql, transaction, type Tx } from './client';
import { writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { statusChangeProblems, type InstitutionStatus } from '../domain/institution-status';
import type { IsoDate } from '../domain/working-days';

/**
 * One institution in the supervisor area (/admin/institutions/{code}): its practice status and the
 * history of changes. Changing the status (歇业, 注销, 吊销, or back to 执业) is an administrator's
 * act (the licence decisions are the commission's), with its date and reason, audit-logged; the
 * poster version increases because the printed level is withdrawn (seed 001 七(三)).
 */

export interface InstitutionAdminRow {
  id: number;
  code: string;
  name: string;
  status: InstitutionStatus;
  regionName: string | null;
  address: string | null;
  posterVersion: number;
}

export interface StatusChangeRow {
  fromStatus: InstitutionStatus;
  toStatus: InstitutionStatus;
  changedOn: IsoDate;
  reason: string;
  changedByName: string | null;
}

export async function getInstitutionByCode(actor: Pick<Actor, 'id'>, code: string): Promise<InstitutionAdminRow | null> {
  const [row] = await sql<InstitutionAdminRow[]>`
    SELECT i.id, i.code, i.name, i.status, r.name AS "regionName", i.address, i.poster_version AS "posterVersion"
      FROM institutions i LEFT JOIN regions r ON r.code = i.region_code
     WHERE i.code = ${code} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

export async function statusHistory(institutionId: number): Promise<StatusChangeRow[]> {
  return sql<StatusChangeRow[]>`
    SELECT c.from_status AS "fromStatus", c.to_status AS "toStatus", c.changed_on::text AS "changedOn", c.reason, s.display_name AS "changedByName"
      FROM institution_status_changes c LEFT JOIN supervisors s ON s.id = c.changed_by
     WHERE c.institution_id = ${institutionId} ORDER BY c.changed_on DESC, c.id DESC`;
}

export interface StatusChangeInput {
  to: InstitutionStatus;
  changedOn: IsoDate;
  reason: string;
}

export async function changeInstitutionStatus(
  actor: Actor,
  institutionId: number,
  c: StatusChangeInput,
  today: IsoDate,
  ip: string | null,
  tx?: Tx,
): Promise<void> {
  requirePermission(actor, 'data.import');
  const run = async (t: Tx): Promise<void> => {
    const [inst] = await t<{ status: InstitutionStatus; lastChangedOn: IsoDate | null }[]>`
      SELECT i.status, (SELECT max(changed_on)::text FROM institution_status_changes WHERE institution_id = i.id) AS "lastChangedOn"
        FROM institutions i
       WHERE i.id = ${institutionId} AND supervisor_has_role(${actor.id}, '{admin}') AND ${institutionInScope(actor)}
         FOR UPDATE OF i`;
    if (!inst) throw new DomainError('机构不存在，或您的账户不能变更执业状态（须由委机关管理员办理）', 'not-found');
    const issues = statusChangeProblems({ from: inst.status, ...c }, today, inst.lastChangedOn);
    if (issues.length > 0) throw new DomainError(issues.join('；'), 'invalid');
    await t`INSERT INTO institution_status_changes (institution_id, from_status, to_status, changed_on, reason, changed_by)
            VALUES (${institutionId}, ${inst.status}, ${c.to}, ${c.changedOn}, ${c.reason.trim()}, ${actor.id})`;
    await t`UPDATE institutions SET status = ${c.to}, poster_version = poster_version + 1, updated_at = now() WHERE id = ${institutionId}`;
    await writeAudit(t, {
      actor,
      action: 'institution.status',
      targetKind: 'institution',
      targetId: institutionId,
      reason: c.reason,
      ip,
      detail: { from: inst.status, to: c.to, changedOn: c.changedOn },
    });
  };
  await (tx ? run(tx) : transaction(run));
}
