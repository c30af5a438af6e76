import { sql, transaction, type Tx } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { requirePermission, type Actor, type Role } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { decideTransition } from '../domain/lifecycle-transitions';
import {
  approvedListedOn,
  checkProposal,
  dishonestyDateBlocker,
  dishonestyNoteRequired,
  DISHONESTY_TRANSITIONS,
  proposalRefusal,
  type DishonestyAction,
  type DishonestyEntryRecord,
  type DishonestyGround,
  type DishonestyProposal,
  type DishonestyState,
} from '../domain/dishonesty';
import type { IsoDate } from '../domain/working-days';

/**
 * 严重失信名单 entries (issue 12 item 6): proposals, the second person's decision, 信用修复 and
 * the end of a listing. The role is read again from the database and the jurisdiction is a
 * column of the same statement that locks the row; every change writes its audit row (with the
 * reason) in the same transaction. Functions take an optional `tx` so the demo loader can run
 * them inside its own transaction.
 */

export interface DishonestyRow extends DishonestyEntryRecord {
  id: number;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  institutionStatus: string;
  proposedBy: number | null;
  proposedByName: string | null;
  decidedByName: string | null;
  decidedOn: IsoDate | null;
  decisionNote: string | null;
  repairApplication: string | null;
  repairDecision: string | null;
  endReason: string | null;
}

function inTx<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : transaction(fn);
}

const COLUMNS = () => sql`
  d.id, d.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", i.status AS "institutionStatus",
  d.state, d.grounds, d.reason, coalesce(d.legal_basis, '') AS "legalBasis", d.listed_on::text AS "listedOn",
  -- Rows from before 0008 have no period: shown until removed (or with no end).
  coalesce(d.display_until, d.removed_on - 1, '9999-12-30'::date)::text AS "displayUntil",
  d.decision_no AS "decisionNo", d.proposed_by AS "proposedBy", p.display_name AS "proposedByName", a.display_name AS "decidedByName",
  d.decided_on::text AS "decidedOn", d.decision_note AS "decisionNote", d.repair_applied_on::text AS "repairAppliedOn",
  d.repair_application AS "repairApplication", d.repair_decision AS "repairDecision",
  coalesce(d.ended_on, d.removed_on)::text AS "endedOn", d.end_reason AS "endReason"`;

const FROM = () => sql`
  serious_dishonesty d JOIN institutions i ON i.id = d.institution_id
  LEFT JOIN supervisors p ON p.id = d.proposed_by LEFT JOIN supervisors a ON a.id = d.decided_by`;

/** The entries of the actor's jurisdiction, open ones (proposed, listed) first, newest first. */
export async function listDishonesty(actor: Pick<Actor, 'id'>, state?: DishonestyState): Promise<DishonestyRow[]> {
  return sql<DishonestyRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()}
     WHERE ${institutionInScope(actor)} ${state ? sql`AND d.state = ${state}` : sql``}
     ORDER BY (d.state IN ('proposed','listed','repair-applied')) DESC, d.listed_on DESC, d.id DESC
     LIMIT 500`;
}

export async function getDishonesty(actor: Pick<Actor, 'id'>, id: number, tx: Tx = sql): Promise<DishonestyRow | null> {
  const [row] = await tx<DishonestyRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE d.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** The actor's role as the database has it now (an account deactivated meanwhile has none). */
async function currentRole(t: Tx, actor: Pick<Actor, 'id'>): Promise<Role> {
  const [row] = await t<{ role: Role }[]>`SELECT role FROM supervisors WHERE id = ${actor.id} AND active`;
  if (!row) throw new DomainError('您的账户已停用，不能办理此事项。', 'forbidden');
  return row.role;
}

export interface NewDishonesty extends DishonestyProposal {
  institutionId: number;
}

/** A district supervisor (own regions) or an administrator proposes a listing; nothing is public yet. */
export async function proposeDishonesty(actor: Actor, p: NewDishonesty, ip: string | null, tx?: Tx): Promise<number> {
  requirePermission(actor, 'credit.write');
  const issues = checkProposal(p);
  if (issues.length > 0) throw new DomainError(issues.join('；'), 'invalid');
  return inTx(tx, async (t) => {
    const role = await currentRole(t, actor);
    const [inst] = await t<{ inScope: boolean }[]>`SELECT ${institutionInScope(actor)} AS "inScope" FROM institutions i WHERE i.id = ${p.institutionId}`;
    if (!inst) throw new DomainError('机构不存在', 'not-found');
    const refusal = proposalRefusal({ role, inJurisdiction: inst.inScope });
    if (refusal) throw new DomainError(refusal, 'forbidden');
    const [open] = await t`SELECT 1 FROM serious_dishonesty WHERE institution_id = ${p.institutionId} AND state IN ('proposed','listed','repair-applied')`;
    if (open) throw new DomainError('该机构已有待审批或公示中的严重失信名单记录', 'conflict');
    const rows = await t<{ id: number }[]>`
      INSERT INTO serious_dishonesty (institution_id, state, grounds, reason, legal_basis, listed_on, display_until, proposed_by, proposed_at)
      VALUES (${p.institutionId}, 'proposed', ${[...p.grounds]}, ${p.reason.trim()}, ${p.legalBasis.trim()}, ${p.listedOn}, ${p.displayUntil},
              ${actor.id}, now())
      RETURNING id`;
    return auditedInsert(t, rows, {
      actor,
      action: 'dishonesty.propose',
      targetKind: 'dishonesty',
      reason: p.reason,
      ip,
      detail: { institutionId: p.institutionId, grounds: p.grounds, listedOn: p.listedOn, displayUntil: p.displayUntil },
    });
  });
}

export interface DishonestyActionInput {
  action: DishonestyAction;
  /** The date of the decision, application or end. */
  on: IsoDate;
  /** The reason, decision text or (apply-repair) the application's content. */
  note: string;
  /** approve: the 列入决定文号. */
  decisionNo?: string | undefined;
}

/** Takes one action of DISHONESTY_TRANSITIONS on an entry; returns the new state. */
export async function actOnDishonesty(
  actor: Actor,
  id: number,
  input: DishonestyActionInput,
  today: IsoDate,
  ip: string | null,
  tx?: Tx,
): Promise<DishonestyState> {
  requirePermission(actor, 'credit.read');
  const { action, on } = input;
  const note = input.note.trim();
  if (dishonestyNoteRequired(action) && note === '') throw new DomainError('请填写理由或决定内容', 'invalid');
  if (on > today) throw new DomainError('日期不能晚于今天', 'invalid');
  return inTx(tx, async (t) => {
    const role = await currentRole(t, actor);
    const [locked] = await t<{ id: number; inScope: boolean }[]>`
      SELECT d.id, ${institutionInScope(actor)} AS "inScope" FROM serious_dishonesty d JOIN institutions i ON i.id = d.institution_id
       WHERE d.id = ${id} FOR UPDATE OF d`;
    const row = locked?.inScope ? await getDishonesty(actor, id, t) : null;
    if (!row) throw new DomainError('严重失信名单记录不存在，或不在您的辖区内', 'not-found');
    const decision = decideTransition(DISHONESTY_TRANSITIONS, row.state, action, {
      role,
      inJurisdiction: true,
      isProposer: row.proposedBy === actor.id,
    });
    if (!decision.ok) {
      const allowedInState = DISHONESTY_TRANSITIONS.rules.some((r) => r.action === action && r.from.includes(row.state));
      throw new DomainError(decision.message, allowedInState ? 'forbidden' : 'conflict');
    }
    const decisionNo = action === 'approve' ? input.decisionNo?.trim() || null : row.decisionNo;
    const blocker = dishonestyDateBlocker(action, { ...row, decisionNo }, on);
    if (blocker) throw new DomainError(blocker, 'invalid');
    const next = decision.next;
    switch (action) {
      case 'approve': {
        const listedOn = approvedListedOn(row, on);
        if (listedOn > row.displayUntil) throw new DomainError(`批准日期晚于公示截止日期（${row.displayUntil}），请不予批准后重新提议`, 'invalid');
        await t`UPDATE serious_dishonesty SET state = ${next}, decision_no = ${decisionNo}, listed_on = ${listedOn}, decided_by = ${actor.id},
                       decided_on = ${on}, decision_note = ${note} WHERE id = ${id}`;
        break;
      }
      case 'reject':
        await t`UPDATE serious_dishonesty SET state = ${next}, decided_by = ${actor.id}, decided_on = ${on}, decision_note = ${note} WHERE id = ${id}`;
        break;
      case 'withdraw':
        await t`UPDATE serious_dishonesty SET state = ${next}, ended_on = ${on}, end_reason = ${note} WHERE id = ${id}`;
        break;
      case 'apply-repair':
        if (on < row.listedOn) throw new DomainError('申请日期不能早于列入日期', 'invalid');
        await t`UPDATE serious_dishonesty SET state = ${next}, repair_applied_on = ${on}, repair_application = ${note}, repair_decision = NULL WHERE id = ${id}`;
        break;
      case 'refuse-repair':
        await t`UPDATE serious_dishonesty SET state = ${next}, repair_decision = ${`${on}不予修复：${note}`} WHERE id = ${id}`;
        break;
      default:
        // grant-repair, expire, revoke: off the list from `on` (publicRecord: expire ends with the period).
        await t`UPDATE serious_dishonesty SET state = ${next}, ended_on = ${on}, end_reason = ${note || null},
                       repair_decision = ${action === 'grant-repair' ? note : row.repairDecision} WHERE id = ${id}`;
    }
    await writeAudit(t, {
      actor,
      action: `dishonesty.${action}`,
      targetKind: 'dishonesty',
      targetId: id,
      reason: note || DISHONESTY_TRANSITIONS.actionLabels[action],
      ip,
      detail: { institutionId: row.institutionId, from: row.state, to: next, on, ...(decisionNo && action === 'approve' ? { decisionNo } : {}) },
    });
    return next;
  });
}

export type { DishonestyGround };
