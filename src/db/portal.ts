import { sql, transaction, jsonb, type Tx } from './client';
import type { StoredFile } from './stored-file';
import { auditedInsert, writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { recordSelfInspection, setOpeningHoursAndPrices, setStaffCommitment } from './clinic-board';
import { actOnRectificationIn, type AttachmentInput } from './rectifications';
import { recordLoginFailure } from './supervisors';
import { requirePermission, rolesWith, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { ACTIVATION_HOURS, portalActorName, portalTransitionProblem, type PortalKind, type PortalState, type ReplyRecord } from '../domain/portal';
import { readPayload, type PortalPayload } from '../schemas/portal';
import type { IsoDate } from '../domain/working-days';

/**
 * The institution portal (docs/portal.md): accounts a supervisor creates for an institution, their
 * sessions, and what the institution submits. Two rules hold in every statement:
 *  - the portal side takes the account's institution_id IN SQL: an id from a URL or a form that
 *    belongs to another institution finds nothing (404, never 403: ids cannot be probed);
 *  - the supervisor side checks the role ('portal.manage' / 'portal.approve') and the
 *    jurisdiction (the institution's region) in the statement itself.
 * Audit: audit_log.actor_id references supervisors, so what a portal account does is logged with
 * actor_id NULL and actor_name '机构账户 xyz（机构名）' (portalActorName), its id in the detail.
 */

/** The signed-in portal account, as every portal query receives it. */
export interface PortalAccount {
  id: number;
  username: string;
  displayName: string;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
}

const ACCOUNT_COLUMNS = () => sql`
  a.id, a.username, a.display_name AS "displayName", a.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName"`;

function portalAudit(account: Pick<PortalAccount, 'id' | 'username' | 'institutionName'>) {
  return { actor: null, actorName: portalActorName(account.username, account.institutionName) } as const;
}

const MANAGERS = () => rolesWith('portal.manage');
const APPROVERS = () => rolesWith('portal.approve');

// ---------------------------------------------------------------------------------------------
// Accounts (supervisor side)

export interface PortalAccountRow extends PortalAccount {
  active: boolean;
  activated: boolean;
  activationExpiresAt: string | null;
  lastSeenAt: string | null;
}

/** Accounts of the institutions in the actor's jurisdiction (optionally one institution). */
export async function listPortalAccounts(actor: Actor, institutionId: number | null = null): Promise<PortalAccountRow[]> {
  requirePermission(actor, 'portal.manage');
  return sql<PortalAccountRow[]>`
    SELECT ${ACCOUNT_COLUMNS()}, a.active, a.activated_at IS NOT NULL AS activated,
           CASE WHEN a.activation_token_hash IS NOT NULL THEN to_char(a.activation_expires_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') END AS "activationExpiresAt",
           (SELECT to_char(max(ps.last_seen_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') FROM portal_sessions ps WHERE ps.account_id = a.id) AS "lastSeenAt"
      FROM portal_accounts a JOIN institutions i ON i.id = a.institution_id
     WHERE ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${MANAGERS()})
       ${institutionId === null ? sql`` : sql`AND a.institution_id = ${institutionId}`}
     ORDER BY a.active DESC, i.name, a.username
     LIMIT 500`;
}

/**
 * A new account for an institution in the actor's jurisdiction, waiting for activation through
 * a one-time link (only the token's SHA-256 is stored; the caller shows the token once).
 */
export async function createPortalAccount(
  actor: Actor,
  input: { institutionId: number; username: string; displayName: string },
  activationTokenHash: string,
  ip: string | null,
): Promise<number> {
  requirePermission(actor, 'portal.manage');
  return transaction(async (tx) => {
    const [inst] = await tx<{ id: number; name: string }[]>`
      SELECT i.id, i.name FROM institutions i
       WHERE i.id = ${input.institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${MANAGERS()})`;
    if (!inst) throw new DomainError('机构：不存在，或不在您负责的辖区内', 'not-found');
    const [taken] = await tx`SELECT 1 FROM portal_accounts WHERE username = ${input.username}`;
    if (taken) throw new DomainError(`用户名：“${input.username}”已被使用`, 'conflict');
    const rows = await tx<{ id: number }[]>`
      INSERT INTO portal_accounts (institution_id, username, display_name, activation_token_hash, activation_expires_at, created_by)
      VALUES (${inst.id}, ${input.username}, ${input.displayName}, ${activationTokenHash},
              now() + make_interval(hours => ${ACTIVATION_HOURS}), ${actor.id})
      RETURNING id`;
    const detail = { username: input.username, institutionId: inst.id, institution: inst.name };
    return auditedInsert(tx, rows, { actor, action: 'portal.account_create', targetKind: 'portal_account', ip, detail });
  });
}

async function lockManagedAccount(tx: Tx, actor: Actor, id: number): Promise<{ id: number; username: string; institutionName: string }> {
  const [row] = await tx<{ id: number; username: string; institutionName: string }[]>`
    SELECT a.id, a.username, i.name AS "institutionName" FROM portal_accounts a JOIN institutions i ON i.id = a.institution_id
     WHERE a.id = ${id} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${MANAGERS()})
     FOR UPDATE OF a`;
  if (!row) throw new DomainError('机构账户不存在，或不在您负责的辖区内', 'not-found');
  return row;
}

/**
 * Deactivate an account (its sessions end, its link dies), or issue a new activation link: the old
 * password stops working and the institution sets a new one through the link (a forgotten
 * password goes the same way, through its supervisor).
 */
export async function managePortalAccount(
  actor: Actor,
  id: number,
  op: 'deactivate' | 'reissue',
  reason: string,
  activationTokenHash: string | null,
  ip: string | null,
): Promise<void> {
  requirePermission(actor, 'portal.manage');
  await transaction(async (tx) => {
    const a = await lockManagedAccount(tx, actor, id);
    if (op === 'deactivate') {
      await tx`UPDATE portal_accounts SET active = false, activation_token_hash = NULL, activation_expires_at = NULL WHERE id = ${id}`;
    } else {
      if (!activationTokenHash) throw new Error('reissue needs a token hash');
      await tx`
        UPDATE portal_accounts SET active = true, password_hash = NULL, activation_token_hash = ${activationTokenHash},
               activation_expires_at = now() + make_interval(hours => ${ACTIVATION_HOURS}), failed_logins = 0, locked_until = NULL
         WHERE id = ${id}`;
    }
    await tx`DELETE FROM portal_sessions WHERE account_id = ${id}`;
    await writeAudit(tx, {
      actor,
      action: op === 'deactivate' ? 'portal.account_deactivate' : 'portal.account_reissue',
      targetKind: 'portal_account',
      targetId: id,
      reason,
      ip,
      detail: { username: a.username, institution: a.institutionName },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Activation, login, sessions (portal side)

export interface ActivationTarget {
  id: number;
  username: string;
  displayName: string;
  institutionName: string;
}

/** The account a live activation link opens, or null (unknown, used, expired, deactivated). */
export async function findActivation(tokenHash: string): Promise<ActivationTarget | null> {
  const [row] = await sql<ActivationTarget[]>`
    SELECT a.id, a.username, a.display_name AS "displayName", i.name AS "institutionName"
      FROM portal_accounts a JOIN institutions i ON i.id = a.institution_id
     WHERE a.activation_token_hash = ${tokenHash} AND a.activation_expires_at > now() AND a.active`;
  return row ?? null;
}

/** Sets the password through the link; the link dies with it. False when it no longer opens anything. */
export async function activatePortalAccount(tokenHash: string, passwordHash: string, ip: string | null): Promise<boolean> {
  return transaction(async (tx) => {
    const [row] = await tx<{ id: number; username: string; institutionName: string }[]>`
      UPDATE portal_accounts a SET password_hash = ${passwordHash}, activation_token_hash = NULL, activation_expires_at = NULL,
             activated_at = now(), failed_logins = 0, locked_until = NULL
        FROM institutions i
       WHERE i.id = a.institution_id AND a.activation_token_hash = ${tokenHash} AND a.activation_expires_at > now() AND a.active
       RETURNING a.id, a.username, i.name AS "institutionName"`;
    if (!row) return false;
    await tx`DELETE FROM portal_sessions WHERE account_id = ${row.id}`;
    await writeAudit(tx, { ...portalAudit(row), action: 'portal.activate', targetKind: 'portal_account', targetId: row.id, ip, detail: { accountId: row.id } });
    return true;
  });
}

export interface PortalLoginAccount {
  id: number;
  username: string;
  institutionName: string;
  passwordHash: string | null;
  active: boolean;
  waitSeconds: number;
}

export async function findPortalLogin(username: string): Promise<PortalLoginAccount | null> {
  const [row] = await sql<PortalLoginAccount[]>`
    SELECT a.id, a.username, i.name AS "institutionName", a.password_hash AS "passwordHash", a.active,
           greatest(0, ceil(extract(epoch FROM a.locked_until - now())))::int AS "waitSeconds"
      FROM portal_accounts a JOIN institutions i ON i.id = a.institution_id WHERE a.username = ${username}`;
  return row ?? null;
}

/** A wrong password: the same growing wait as the supervisors' accounts (src/db/supervisors.ts). */
export function recordPortalLoginFailure(id: number, freeFailures: number, maxWaitSeconds: number): Promise<number> {
  return recordLoginFailure(id, freeFailures, maxWaitSeconds, 'portal_accounts');
}

/** A successful login: the old session ends, the run of failures ends, the new session and the audit row. */
export async function startPortalSession(
  previousIdHash: string | null,
  s: { idHash: string; account: Pick<PortalLoginAccount, 'id' | 'username' | 'institutionName'>; csrfToken: string; absoluteSeconds: number },
  ip: string | null,
): Promise<void> {
  await transaction(async (tx) => {
    if (previousIdHash !== null) await tx`DELETE FROM portal_sessions WHERE id_hash = ${previousIdHash}`;
    await tx`UPDATE portal_accounts SET failed_logins = 0, locked_until = NULL WHERE id = ${s.account.id}`;
    await tx`
      INSERT INTO portal_sessions (id_hash, account_id, csrf_token, expires_at)
      VALUES (${s.idHash}, ${s.account.id}, ${s.csrfToken}, now() + make_interval(secs => ${s.absoluteSeconds}))`;
    await writeAudit(tx, { ...portalAudit(s.account), action: 'portal.login', targetKind: 'portal_account', targetId: s.account.id, ip });
  });
}

/** The live session for a cookie hash with its account; null when expired, idle too long or deactivated. */
export async function findLivePortalSession(
  idHash: string,
  idleSeconds: number,
): Promise<{ account: PortalAccount; csrfToken: string; idleSeconds: number } | null> {
  const [row] = await sql<(PortalAccount & { csrfToken: string; idle: number })[]>`
    SELECT ${ACCOUNT_COLUMNS()}, se.csrf_token AS "csrfToken", extract(epoch FROM now() - se.last_seen_at)::float8 AS idle
      FROM portal_sessions se JOIN portal_accounts a ON a.id = se.account_id JOIN institutions i ON i.id = a.institution_id
     WHERE se.id_hash = ${idHash} AND se.expires_at > now() AND se.last_seen_at > now() - make_interval(secs => ${idleSeconds})
       AND a.active AND a.password_hash IS NOT NULL`;
  if (!row) return null;
  const { csrfToken, idle, ...account } = row;
  return { account, csrfToken, idleSeconds: idle };
}

export async function touchPortalSession(idHash: string): Promise<void> {
  await sql`UPDATE portal_sessions SET last_seen_at = now() WHERE id_hash = ${idHash}`;
}

export async function endPortalSession(idHash: string, account: PortalAccount, ip: string | null): Promise<void> {
  await transaction(async (tx) => {
    await tx`DELETE FROM portal_sessions WHERE id_hash = ${idHash} AND account_id = ${account.id}`;
    await writeAudit(tx, { ...portalAudit(account), action: 'portal.logout', targetKind: 'portal_account', targetId: account.id, ip });
  });
}

/** A refused or failed portal login, in the audit log (the username tried, never the password). */
export async function auditPortalLoginFailure(username: string, why: string, ip: string | null): Promise<void> {
  await transaction((tx) =>
    writeAudit(tx, { actor: null, actorName: `机构账户 ${username.slice(0, 40)}`, action: 'portal.login_failed', ip, detail: { why } }),
  );
}

// ---------------------------------------------------------------------------------------------
// The institution's own records (read-only) and its submissions

export interface OwnRecords {
  evaluations: { id: number; year: number; level: string; evaluatedOn: string }[];
  penalties: { id: number; decisionNo: string; decidedOn: string; violation: string; penalty: string; shownUntil: string }[];
  points: { foundOn: string; behaviour: string; points: number; status: string }[];
  rectifications: { id: number; state: string; orderedOn: string; dueOn: string; items: string; reportSubmittedOn: string | null }[];
  staff: { id: number; name: string; profession: string }[];
  selfInspections: { inspectedOn: string; kind: string; result: string }[];
}

/** Everything the portal's home shows about the institution, all scoped by its id. */
export async function ownRecords(account: Pick<PortalAccount, 'institutionId'>): Promise<OwnRecords> {
  const id = account.institutionId;
  const [evaluations, penalties, points, rectifications, staff, selfInspections] = await Promise.all([
    sql<OwnRecords['evaluations']>`
      SELECT e.id, e.year, COALESCE((SELECT d.to_level FROM downgrades d WHERE d.evaluation_id = e.id ORDER BY d.decided_on DESC, d.id DESC LIMIT 1), e.level) AS level,
             e.evaluated_on::text AS "evaluatedOn"
        FROM evaluations e WHERE e.institution_id = ${id} ORDER BY e.year DESC LIMIT 10`,
    sql<OwnRecords['penalties']>`
      SELECT id, decision_no AS "decisionNo", decided_on::text AS "decidedOn", violation, penalty, shown_until::text AS "shownUntil"
        FROM penalties WHERE institution_id = ${id} ORDER BY decided_on DESC, id DESC LIMIT 50`,
    sql<OwnRecords['points']>`
      SELECT found_on::text AS "foundOn", behaviour, points, status FROM point_records WHERE institution_id = ${id} ORDER BY found_on DESC, id DESC LIMIT 50`,
    sql<OwnRecords['rectifications']>`
      SELECT id, state, ordered_on::text AS "orderedOn", due_on::text AS "dueOn", items, report_submitted_on::text AS "reportSubmittedOn"
        FROM rectifications WHERE institution_id = ${id} AND state <> 'withdrawn' ORDER BY ordered_on DESC, id DESC LIMIT 20`,
    sql<OwnRecords['staff']>`SELECT id, name, profession FROM staff WHERE institution_id = ${id} AND active ORDER BY id LIMIT 2000`,
    sql<OwnRecords['selfInspections']>`
      SELECT inspected_on::text AS "inspectedOn", kind, result FROM self_inspections WHERE institution_id = ${id} ORDER BY inspected_on DESC LIMIT 12`,
  ]);
  return { evaluations, penalties, points, rectifications, staff, selfInspections };
}

export interface SubmissionRow {
  id: number;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  username: string;
  kind: PortalKind;
  payload: unknown;
  state: PortalState;
  submittedAt: string;
  decidedAt: string | null;
  decidedByName: string | null;
  decisionReason: string | null;
  files: { id: number; fileName: string; size: number }[];
}

const SUBMISSION_COLUMNS = () => sql`
  s.id, s.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", a.username, s.kind, s.payload, s.state,
  to_char(s.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "submittedAt",
  to_char(s.decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "decidedAt", sv.display_name AS "decidedByName",
  s.decision_reason AS "decisionReason",
  coalesce((SELECT json_agg(json_build_object('id', f.id, 'fileName', f.file_name, 'size', f.size) ORDER BY f.id)
              FROM portal_submission_files f WHERE f.submission_id = s.id), '[]'::json) AS files`;

const SUBMISSION_FROM = () => sql`
  portal_submissions s JOIN institutions i ON i.id = s.institution_id JOIN portal_accounts a ON a.id = s.account_id
  LEFT JOIN supervisors sv ON sv.id = s.decided_by`;

/** The institution's own submissions, newest first (or the one `id`, when it is its own). */
export async function ownSubmissions(account: Pick<PortalAccount, 'institutionId'>, limit = 50, id: number | null = null): Promise<SubmissionRow[]> {
  return sql<SubmissionRow[]>`
    SELECT ${SUBMISSION_COLUMNS()} FROM ${SUBMISSION_FROM()}
     WHERE s.institution_id = ${account.institutionId} ${id === null ? sql`` : sql`AND s.id = ${id}`}
     ORDER BY s.submitted_at DESC, s.id DESC LIMIT ${limit}`;
}

/**
 * What a submission refers to must be the institution's own, checked in SQL: its open
 * rectification, its evaluation or penalty, its staff. Anything else is "not found".
 */
async function checkReferences(tx: Tx, institutionId: number, p: PortalPayload): Promise<void> {
  const missing = (what: string) => new DomainError(`${what}：不存在，或不属于本机构`, 'not-found');
  switch (p.kind) {
    case 'rectification-report': {
      const [r] = await tx<{ state: string }[]>`
        SELECT state FROM rectifications WHERE id = ${p.payload.rectificationId} AND institution_id = ${institutionId}`;
      if (!r) throw missing('整改事项');
      if (r.state !== 'rectifying') throw new DomainError('整改事项：该整改不在“整改中”，不能提交整改报告', 'conflict');
      return;
    }
    case 'reply': {
      const table = p.payload.subjectKind === 'evaluation' ? sql`evaluations` : sql`penalties`;
      const [r] = await tx`SELECT 1 FROM ${table} WHERE id = ${p.payload.subjectId} AND institution_id = ${institutionId}`;
      if (!r) throw missing('回应对象');
      return;
    }
    case 'staff-commitments': {
      const ids = [...new Set(p.payload.entries.map((e) => e.staffId))];
      const [r] = await tx<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM staff WHERE id = ANY(${ids}::bigint[]) AND institution_id = ${institutionId} AND active`;
      if ((r?.n ?? 0) !== ids.length) throw missing('医务人员');
      return;
    }
    default:
      return;
  }
}

/** A new submission, waiting for a supervisor ('pending'); its files with it (rectification reports). */
export async function submitToPortal(account: PortalAccount, p: PortalPayload, files: readonly AttachmentInput[], ip: string | null): Promise<number> {
  if (files.length > 0 && p.kind !== 'rectification-report') throw new DomainError('只有整改报告可以附带文件', 'invalid');
  return transaction(async (tx) => {
    await checkReferences(tx, account.institutionId, p);
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO portal_submissions (institution_id, account_id, kind, payload)
      SELECT ${account.institutionId}, a.id, ${p.kind}, ${jsonb(p.payload)}
        FROM portal_accounts a WHERE a.id = ${account.id} AND a.institution_id = ${account.institutionId} AND a.active
      RETURNING id`;
    if (!row) throw new DomainError('账户已停用，请联系负责的监督员。', 'forbidden');
    if (files.length > 0) {
      const rows = files.map((f) => ({
        submission_id: row.id,
        file_name: f.fileName,
        mime: f.mime,
        content: Buffer.from(f.content),
        size: f.content.byteLength,
      }));
      await tx`INSERT INTO portal_submission_files ${tx(rows, 'submission_id', 'file_name', 'mime', 'content', 'size')}`;
    }
    const detail = { accountId: account.id, kind: p.kind, files: files.length };
    return auditedInsert(tx, [row], { ...portalAudit(account), action: 'portal.submit', targetKind: 'portal_submission', ip, detail });
  });
}

/** The institution takes back one of its pending submissions (404 for another institution's id). */
export async function withdrawSubmission(account: PortalAccount, id: number, ip: string | null): Promise<void> {
  await transaction(async (tx) => {
    const [s] = await tx<{ state: PortalState }[]>`
      SELECT state FROM portal_submissions WHERE id = ${id} AND institution_id = ${account.institutionId} FOR UPDATE`;
    if (!s) throw new DomainError('报送记录不存在', 'not-found');
    const problem = portalTransitionProblem(s.state, 'withdrawn');
    if (problem) throw new DomainError(problem, 'conflict');
    await tx`UPDATE portal_submissions SET state = 'withdrawn' WHERE id = ${id} AND institution_id = ${account.institutionId}`;
    await writeAudit(tx, {
      ...portalAudit(account),
      action: 'portal.withdraw',
      targetKind: 'portal_submission',
      targetId: id,
      ip,
      detail: { accountId: account.id },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Supervisor side: review and decide

/** Submissions of institutions in the actor's jurisdiction, in one state (pending first by default). */
export async function listSubmissions(actor: Actor, state: PortalState, limit = 100): Promise<SubmissionRow[]> {
  requirePermission(actor, 'portal.approve');
  return sql<SubmissionRow[]>`
    SELECT ${SUBMISSION_COLUMNS()} FROM ${SUBMISSION_FROM()}
     WHERE s.state = ${state} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${APPROVERS()})
     ORDER BY ${state === 'pending' ? sql`s.submitted_at` : sql`s.decided_at DESC NULLS LAST, s.submitted_at DESC`}, s.id
     LIMIT ${limit}`;
}

/** Names the preview needs: the rectification's items, the reply's subject, the staff names. */
export interface SubjectNames {
  rectifications: Map<number, string>;
  evaluations: Map<number, string>;
  penalties: Map<number, string>;
  staff: Map<number, string>;
}

export async function subjectNames(institutionIds: readonly number[]): Promise<SubjectNames> {
  const ids = [...new Set(institutionIds)];
  const [r, e, p, st] = await Promise.all([
    sql<
      { id: number; t: string }[]
    >`SELECT id, ordered_on::text || ' 责令整改：' || left(items, 80) AS t FROM rectifications WHERE institution_id = ANY(${ids}::bigint[])`,
    sql<{ id: number; t: string }[]>`SELECT id, year || '年度信用级别：' || level AS t FROM evaluations WHERE institution_id = ANY(${ids}::bigint[])`,
    sql<
      { id: number; t: string }[]
    >`SELECT id, '行政处罚 ' || decision_no || '（' || decided_on::text || '）' AS t FROM penalties WHERE institution_id = ANY(${ids}::bigint[])`,
    sql<{ id: number; t: string }[]>`SELECT id, name || '（' || profession || '）' AS t FROM staff WHERE institution_id = ANY(${ids}::bigint[])`,
  ]);
  const m = (rows: readonly { id: number; t: string }[]) => new Map(rows.map((x) => [x.id, x.t]));
  return { rectifications: m(r), evaluations: m(e), penalties: m(p), staff: m(st) };
}

/**
 * Publishes an approved payload into its own table, through the same functions the supervisors'
 * imports use (src/db/clinic-board.ts: jurisdiction, role and the audit row, naming the submission).
 */
async function applyPayload(
  tx: Tx,
  actor: Actor,
  s: { id: number; institutionId: number; submittedOn: IsoDate },
  p: PortalPayload,
  today: IsoDate,
  ip: string | null,
) {
  const reason = `机构门户报送 #${s.id}`;
  switch (p.kind) {
    case 'self-inspection':
      await recordSelfInspection(tx, s.institutionId, p.payload, actor, reason);
      return;
    case 'hours-prices': {
      const v = p.payload;
      await setOpeningHoursAndPrices(tx, s.institutionId, { openingHours: v.openingHours, priceUrl: v.priceUrl, prices: v.items }, actor, reason);
      return;
    }
    case 'staff-commitments': {
      // Only this institution's staff: an id of another institution's staff member is skipped.
      const own = await tx<
        { id: number }[]
      >`SELECT id::int AS id FROM staff WHERE institution_id = ${s.institutionId} AND id = ANY(${p.payload.entries.map((e) => e.staffId)}::bigint[])`;
      const ownIds = new Set(own.map((r) => r.id));
      for (const e of p.payload.entries) {
        if (ownIds.has(e.staffId)) await setStaffCommitment(tx, e.staffId, { year: p.payload.year, signedOn: e.signedOn, body: null }, actor, reason);
      }
      return;
    }
    case 'reply':
      await tx`
        INSERT INTO institution_replies (institution_id, subject_kind, subject_id, body, submission_id, published_on)
        VALUES (${s.institutionId}, ${p.payload.subjectKind}, ${p.payload.subjectId}, ${p.payload.body}, ${s.id}, ${today})`;
      return;
    case 'rectification-report': {
      // The credit lifecycle's own step, as if the supervisor had entered the report: its date
      // rules, its role check, its event row and its audit row (naming the submission).
      const files = await tx<{ fileName: string; mime: AttachmentInput['mime']; content: Buffer }[]>`
        SELECT file_name AS "fileName", mime, content FROM portal_submission_files WHERE submission_id = ${s.id} ORDER BY id`;
      await actOnRectificationIn(
        tx,
        actor,
        p.payload.rectificationId,
        {
          action: 'submit-report',
          on: s.submittedOn,
          reason: `机构门户报送 #${s.id}`,
          reportText: p.payload.reportText,
          attachments: files.map((f) => ({ fileName: f.fileName, mime: f.mime, content: new Uint8Array(f.content) })),
          portalSubmissionId: s.id,
        },
        today,
        ip,
      );
      return;
    }
  }
}

/** Approve (publish into the target table, same transaction) or reject (with the reason the institution sees). */
export async function decideSubmission(
  actor: Actor,
  id: number,
  op: 'approve' | 'reject',
  reason: string | null,
  today: IsoDate,
  ip: string | null,
): Promise<void> {
  requirePermission(actor, 'portal.approve');
  const why = reason?.trim() || null;
  if (op === 'reject' && !why) throw new DomainError('退回理由：必填（机构将看到该理由）', 'invalid');
  await transaction(async (tx) => {
    const [s] = await tx<{ id: number; institutionId: number; kind: string; payload: unknown; state: PortalState; submittedOn: IsoDate }[]>`
      SELECT s.id, s.institution_id AS "institutionId", s.kind, s.payload, s.state,
             (s.submitted_at AT TIME ZONE 'Asia/Shanghai')::date::text AS "submittedOn"
        FROM portal_submissions s JOIN institutions i ON i.id = s.institution_id
       WHERE s.id = ${id} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${APPROVERS()})
       FOR UPDATE OF s`;
    if (!s) throw new DomainError('报送记录不存在，或不在您负责的辖区内', 'not-found');
    const problem = portalTransitionProblem(s.state, op === 'approve' ? 'approved' : 'rejected');
    if (problem) throw new DomainError(problem, 'conflict');
    if (op === 'approve') {
      const p = readPayload(s.kind, s.payload);
      if (!p) throw new DomainError('报送内容无法读取，请退回并说明原因。', 'conflict');
      await checkReferences(tx, s.institutionId, p);
      await applyPayload(tx, actor, s, p, today, ip);
    }
    await tx`
      UPDATE portal_submissions SET state = ${op === 'approve' ? 'approved' : 'rejected'}, decided_by = ${actor.id}, decided_at = now(),
             decision_reason = ${why}
       WHERE id = ${id}`;
    await writeAudit(tx, {
      actor,
      action: op === 'approve' ? 'portal.approve' : 'portal.reject',
      targetKind: 'portal_submission',
      targetId: id,
      reason: why,
      ip,
      detail: { kind: s.kind, institutionId: s.institutionId },
    });
  });
}

export interface ReplyRow {
  id: number;
  institutionCode: string;
  institutionName: string;
  subjectKind: 'evaluation' | 'penalty';
  body: string;
  publishedOn: string;
  submissionId: number | null;
}

/** Published replies of institutions in the actor's jurisdiction (the withdraw list). */
export async function listPublishedReplies(actor: Actor, limit = 100): Promise<ReplyRow[]> {
  requirePermission(actor, 'portal.approve');
  return sql<ReplyRow[]>`
    SELECT r.id, i.code AS "institutionCode", i.name AS "institutionName", r.subject_kind AS "subjectKind", r.body,
           r.published_on::text AS "publishedOn", r.submission_id AS "submissionId"
      FROM institution_replies r JOIN institutions i ON i.id = r.institution_id
     WHERE r.withdrawn_on IS NULL AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${APPROVERS()})
     ORDER BY r.published_on DESC, r.id DESC LIMIT ${limit}`;
}

/** A supervisor takes a published reply off the public page (the next publish drops it). */
export async function withdrawReply(actor: Actor, id: number, reason: string, today: IsoDate, ip: string | null): Promise<void> {
  requirePermission(actor, 'portal.approve');
  await transaction(async (tx) => {
    const rows = await tx`
      UPDATE institution_replies r SET withdrawn_on = ${today}
        FROM institutions i
       WHERE i.id = r.institution_id AND r.id = ${id} AND r.withdrawn_on IS NULL
         AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${APPROVERS()})
       RETURNING r.id`;
    if (rows.length === 0) throw new DomainError('机构回应不存在、已撤下，或不在您负责的辖区内', 'not-found');
    await writeAudit(tx, { actor, action: 'portal.reply_withdraw', targetKind: 'institution_reply', targetId: id, reason, ip });
  });
}

// ---------------------------------------------------------------------------------------------
// Public pages

/** Replies in force (published, not withdrawn) by institution, keyed as the page knows their subjects. */
export async function publishedReplies(ids: readonly number[] | null): Promise<Map<number, ReplyRecord[]>> {
  const rows = await sql<(ReplyRecord & { institutionId: number })[]>`
    SELECT r.institution_id AS "institutionId", r.subject_kind AS "subjectKind",
           CASE r.subject_kind WHEN 'evaluation' THEN e.year::text ELSE p.decision_no END AS "subjectKey",
           r.body, to_char(r.published_on, 'YYYY-MM-DD') AS "publishedOn"
      FROM institution_replies r
      LEFT JOIN evaluations e ON r.subject_kind = 'evaluation' AND e.id = r.subject_id AND e.institution_id = r.institution_id
      LEFT JOIN penalties p ON r.subject_kind = 'penalty' AND p.id = r.subject_id AND p.institution_id = r.institution_id
     WHERE r.withdrawn_on IS NULL AND coalesce(e.id, p.id) IS NOT NULL
       ${ids ? sql`AND r.institution_id = ANY(${[...ids]}::bigint[])` : sql``}
     ORDER BY r.institution_id, r.published_on DESC, r.id DESC`;
  const out = new Map<number, ReplyRecord[]>();
  for (const { institutionId, ...r } of rows) {
    const list = out.get(institutionId) ?? [];
    list.push(r);
    out.set(institutionId, list);
  }
  return out;
}

/** One file of a submission for the reviewing supervisor (in scope), or the institution itself. */
export async function submissionFile(who: { actor: Actor } | { account: PortalAccount }, submissionId: number, fileId: number): Promise<StoredFile | null> {
  const [row] = await sql<StoredFile[]>`
    SELECT f.file_name AS "fileName", f.mime, f.content
      FROM portal_submission_files f JOIN portal_submissions s ON s.id = f.submission_id JOIN institutions i ON i.id = s.institution_id
     WHERE f.id = ${fileId} AND s.id = ${submissionId}
       AND ${'actor' in who ? sql`${institutionInScope(who.actor)} AND supervisor_has_role(${who.actor.id}, ${APPROVERS()})` : sql`s.institution_id = ${who.account.institutionId}`}`;
  return row ?? null;
}
