import { sql, transaction, type Tx } from './client';
import { ACTOR_COLUMNS, recordLoginSuccess, toActor } from './supervisors';
import { writeAudit, type AuditEntry } from './audit-log';
import type { Actor } from '../domain/roles';

/**
 * Server-side sessions. Only the SHA-256 of the cookie value is stored, so a copy of the table
 * opens nothing. Idle and absolute timeouts are checked in the lookup itself.
 */

export interface NewSession {
  idHash: string;
  supervisorId: number;
  csrfToken: string;
  absoluteSeconds: number;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(tx: Tx, s: NewSession): Promise<void> {
  await tx`
    INSERT INTO sessions (id_hash, supervisor_id, csrf_token, expires_at, ip, user_agent)
    VALUES (${s.idHash}, ${s.supervisorId}, ${s.csrfToken}, now() + make_interval(secs => ${s.absoluteSeconds}),
            ${s.ip}, ${s.userAgent?.slice(0, 300) ?? null})`;
}

/**
 * A successful login, in one transaction: the session the browser came with ends (an id is never
 * reused), the account's run of failures ends (unless `keepWait`), the new session and the audit row.
 */
export async function startSession(previousIdHash: string | null, session: NewSession, keepWait: boolean, audit: AuditEntry): Promise<void> {
  await transaction(async (tx) => {
    if (previousIdHash !== null) await tx`DELETE FROM sessions WHERE id_hash = ${previousIdHash}`;
    await recordLoginSuccess(tx, session.supervisorId, keepWait);
    await insertSession(tx, session);
    await writeAudit(tx, audit);
  });
}

export interface SessionLookup {
  actor: Actor;
  csrfToken: string;
  /** Seconds since the session was last used (to decide whether to record the use). */
  idleSeconds: number;
  /** An administrator set this account's password: it must be changed before anything else (0017). */
  mustChangePassword: boolean;
}

/**
 * The live session for a cookie hash, with its account. Null when unknown, past its absolute
 * expiry, idle for longer than `idleSeconds`, or when the account was disabled.
 */
export async function findLiveSession(idHash: string, idleSeconds: number): Promise<SessionLookup | null> {
  const [row] = await sql<({ csrfToken: string; idleSeconds: number; mustChangePassword: boolean } & Parameters<typeof toActor>[0])[]>`
    SELECT se.csrf_token AS "csrfToken", extract(epoch FROM now() - se.last_seen_at)::float8 AS "idleSeconds",
           s.must_change_password AS "mustChangePassword", ${ACTOR_COLUMNS()}
      FROM sessions se JOIN supervisors s ON s.id = se.supervisor_id
     WHERE se.id_hash = ${idHash}
       AND se.expires_at > now()
       AND se.last_seen_at > now() - make_interval(secs => ${idleSeconds})
       AND s.active`;
  if (!row) return null;
  return { actor: toActor(row), csrfToken: row.csrfToken, idleSeconds: row.idleSeconds, mustChangePassword: row.mustChangePassword };
}

/** Whether a hash names a session that exists but has timed out (to tell the person why). */
export async function isExpiredSession(idHash: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM sessions WHERE id_hash = ${idHash}`;
  return row !== undefined;
}

export async function touchSession(idHash: string): Promise<void> {
  await sql`UPDATE sessions SET last_seen_at = now() WHERE id_hash = ${idHash}`;
}

export async function deleteSession(idHash: string): Promise<number> {
  const rows = await sql`DELETE FROM sessions WHERE id_hash = ${idHash} RETURNING supervisor_id`;
  return rows.length;
}

/** Sweep sessions that can no longer be used. */
export async function deleteDeadSessions(idleSeconds: number): Promise<number> {
  const rows = await sql`
    DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => ${idleSeconds}) RETURNING 1`;
  return rows.length;
}
