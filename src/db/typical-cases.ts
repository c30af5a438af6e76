import { sql, transaction, type Tx } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { requirePermission, type Actor, type Role } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { decideTransition } from '../domain/lifecycle-transitions';
import { caseProblems, CASE_TRANSITIONS, type CaseAction, type CaseDraft, type CaseState } from '../domain/typical-cases';
import type { IsoDate } from '../domain/working-days';

/**
 * 典型案例 (issue 12 item 10): written, published and withdrawn by an administrator
 * ('case.publish', checked again in SQL), each linked to a penalty by its decision number. The
 * public list reads published cases only (publishedCases); nothing here reads complaints, so no
 * complainant's data can reach a case except through the text, which caseProblems refuses.
 */

export interface CaseRow {
  id: number;
  title: string;
  body: string;
  caseDate: IsoDate;
  state: CaseState;
  publishedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
  penaltyDecisionNo: string;
  penaltyDecidedOn: IsoDate;
  penalty: string;
  institutionCode: string;
  institutionName: string;
}

const COLUMNS = () => sql`
  c.id, c.title, c.body, c.case_date::text AS "caseDate", c.status AS state, c.published_on::text AS "publishedOn",
  c.withdrawn_on::text AS "withdrawnOn", p.decision_no AS "penaltyDecisionNo", p.decided_on::text AS "penaltyDecidedOn",
  p.penalty, i.code AS "institutionCode", i.name AS "institutionName"`;
const FROM = () => sql`typical_cases c JOIN penalties p ON p.id = c.penalty_id JOIN institutions i ON i.id = p.institution_id`;

export async function listCases(actor: Pick<Actor, 'id'>): Promise<CaseRow[]> {
  return sql<CaseRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE supervisor_has_role(${actor.id}, '{admin}') ORDER BY c.case_date DESC, c.id DESC LIMIT 500`;
}

/** Published cases, newest first (the public /cases/ list and the institution pages). */
export async function publishedCases(): Promise<CaseRow[]> {
  return sql<CaseRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE c.status = 'published' ORDER BY c.published_on DESC, c.id DESC`;
}

export interface NewCase extends CaseDraft {
  penaltyDecisionNo: string;
}

async function adminRole(t: Tx, actor: Pick<Actor, 'id'>): Promise<Role> {
  const [row] = await t<{ role: Role }[]>`SELECT role FROM supervisors WHERE id = ${actor.id} AND active`;
  if (row?.role !== 'admin') throw new DomainError('典型案例须由委机关管理员撰写和公开。', 'forbidden');
  return row.role;
}

/** Writes a case as a draft (not public until published). */
export async function createCase(actor: Actor, c: NewCase, today: IsoDate, ip: string | null, tx?: Tx): Promise<number> {
  requirePermission(actor, 'case.publish');
  const issues = caseProblems(c, today);
  if (issues.length > 0) throw new DomainError(issues.join('；'), 'invalid');
  const run = async (t: Tx): Promise<number> => {
    await adminRole(t, actor);
    const [pen] = await t<{ id: number; institutionId: number }[]>`
      SELECT id, institution_id AS "institutionId" FROM penalties WHERE decision_no = ${c.penaltyDecisionNo.trim()}`;
    if (!pen) throw new DomainError(`处罚决定书文号：没有找到“${c.penaltyDecisionNo.trim()}”`, 'invalid');
    const rows = await t<{ id: number }[]>`
      INSERT INTO typical_cases (penalty_id, title, body, case_date, created_by)
      VALUES (${pen.id}, ${c.title.trim()}, ${c.body.trim()}, ${c.caseDate}, ${actor.id}) RETURNING id`;
    return auditedInsert(t, rows, {
      actor,
      action: 'case.create',
      targetKind: 'typical_case',
      ip,
      detail: { title: c.title, penaltyId: pen.id, institutionId: pen.institutionId },
    });
  };
  return tx ? run(tx) : transaction(run);
}

/** Publishes or withdraws a case, with the reason in the audit log. */
export async function actOnCase(actor: Actor, id: number, action: CaseAction, reason: string, today: IsoDate, ip: string | null, tx?: Tx): Promise<CaseState> {
  requirePermission(actor, 'case.publish');
  if (reason.trim() === '') throw new DomainError('请填写理由', 'invalid');
  const run = async (t: Tx): Promise<CaseState> => {
    const role = await adminRole(t, actor);
    const [row] = await t<{ state: CaseState; title: string; body: string; caseDate: IsoDate }[]>`
      SELECT status AS state, title, body, case_date::text AS "caseDate" FROM typical_cases WHERE id = ${id} FOR UPDATE`;
    if (!row) throw new DomainError('典型案例不存在', 'not-found');
    const decision = decideTransition(CASE_TRANSITIONS, row.state, action, { role, inJurisdiction: true });
    if (!decision.ok) throw new DomainError(decision.message, 'conflict');
    if (action === 'publish') {
      // Checked again: a case written before a rule change must not go public with personal data.
      const issues = caseProblems(row, today);
      if (issues.length > 0) throw new DomainError(issues.join('；'), 'invalid');
      await t`UPDATE typical_cases SET status = 'published', published_on = ${today}, withdrawn_on = NULL WHERE id = ${id}`;
    } else {
      await t`UPDATE typical_cases SET status = 'withdrawn', withdrawn_on = ${today} WHERE id = ${id}`;
    }
    await writeAudit(t, {
      actor,
      action: `case.${action}`,
      targetKind: 'typical_case',
      targetId: id,
      reason,
      ip,
      detail: { from: row.state, to: decision.next },
    });
    return decision.next;
  };
  return tx ? run(tx) : transaction(run);
}
