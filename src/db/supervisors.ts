import { sql, type Tx } from './client';
import { writeAudit } from './audit-log';
import { isRole, type Actor, type Role } from '../domain/roles';
import { DomainError } from '../domain/errors';

/**
 * Supervisor accounts (卫生监督员 / 科室) and their regions. Reads for login and for the
 * session; account management is for administrators, checked in the statements themselves.
 */

export interface LoginAccount {
  id: number;
  username: string;
  passwordHash: string;
  active: boolean;
  failedLogins: number;
  /** Until when password attempts wait (the backoff after repeated failures), if later than now. */
  lockedUntil: Date | null;
  /** Seconds left of that wait, by the database's clock (0 when none). */
  waitSeconds: number;
  /** Changes when the password does: known-device cookies are bound to it (src/server/sessions.ts). */
  deviceEpoch: string;
}

export async function findForLogin(username: string): Promise<LoginAccount | null> {
  const [row] = await sql<LoginAccount[]>`
    SELECT id, username, password_hash AS "passwordHash", active, failed_logins AS "failedLogins", locked_until AS "lockedUntil",
           greatest(0, ceil(extract(epoch FROM locked_until - now())))::int AS "waitSeconds",
           coalesce(extract(epoch FROM password_changed_at)::text, '') AS "deviceEpoch"
      FROM supervisors WHERE username = ${username}`;
  return row ?? null;
}

/**
 * Counts a failed password. From the `freeFailures`-th failure in a row on, the next attempt
 * must wait (`locked_until`): 2 s, then twice as long after each further failure, at most
 * `maxWaitSeconds`. Returns the wait now in force, in seconds (0 when none).
 */
export async function recordLoginFailure(
  id: number,
  freeFailures: number,
  maxWaitSeconds: number,
  table: 'supervisors' | 'portal_accounts' = 'supervisors', // the institution portal's accounts wait the same way
): Promise<number> {
  const [row] = await sql<{ wait: number }[]>`
    UPDATE ${sql(table)}
       SET failed_logins = failed_logins + 1,
           locked_until = CASE WHEN failed_logins + 1 >= ${freeFailures}
                               THEN now() + make_interval(secs => least(${maxWaitSeconds}::float8, power(2, least(failed_logins + 2 - ${freeFailures}, 30))))
                               ELSE locked_until END
     WHERE id = ${id}
     RETURNING greatest(0, ceil(extract(epoch FROM locked_until - now())))::int AS wait`;
  return row?.wait ?? 0;
}

/**
 * An administrator lifts the current wait after failed logins (audited), so the owner can log in
 * at once. The count of failures stays: a guesser's next wrong password brings back the long wait
 * instead of five free guesses (the owner's successful login resets it).
 */
export async function unlockSupervisor(actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  await sql.begin(async (tx) => {
    const t = tx;
    const [row] = await t<{ failed: number }[]>`
      UPDATE supervisors s SET locked_until = NULL
        FROM (SELECT failed_logins FROM supervisors WHERE id = ${id}) AS before
       WHERE s.id = ${id} AND supervisor_manages(${actor.id}, ${id})
       RETURNING before.failed_logins AS failed`;
    if (!row) throw new DomainError('账户不存在，或您没有管理账户的权限。', 'not-found');
    await writeAudit(t, { actor, action: 'user.unlock', targetKind: 'supervisor', targetId: id, reason, ip, detail: { failedLogins: row.failed } });
  });
}

/**
 * A successful login ends the run of failures — except when a known device passed while the
 * account was waiting (`keepWait`): the wait that slows the guesser down stays in force.
 */
export async function recordLoginSuccess(tx: Tx, id: number, keepWait = false): Promise<void> {
  if (keepWait) await tx`UPDATE supervisors SET last_login_at = now() WHERE id = ${id}`;
  else await tx`UPDATE supervisors SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = ${id}`;
}

interface ActorRow {
  id: number;
  username: string;
  displayName: string;
  department: string | null;
  role: string;
  regions: string[];
}

function toActor(row: ActorRow): Actor {
  if (!isRole(row.role)) throw new Error(`unknown role ${row.role}`);
  return { id: row.id, username: row.username, displayName: row.displayName, department: row.department, role: row.role, regions: row.regions };
}

export const ACTOR_COLUMNS = () => sql`
  s.id, s.username, s.display_name AS "displayName", s.department, s.role,
  coalesce((SELECT array_agg(sr.region_code ORDER BY sr.region_code) FROM supervisor_regions sr WHERE sr.supervisor_id = s.id), '{}') AS regions`;

/** Whether the account has the administrator role (checked by the database's own function). */
export async function isAdministrator(id: number): Promise<boolean> {
  const [row] = await sql<{ ok: boolean }[]>`SELECT supervisor_has_role(${id}, '{admin}') AS ok`;
  return row?.ok === true;
}

export async function loadActor(id: number): Promise<Actor | null> {
  const [row] = await sql<ActorRow[]>`SELECT ${ACTOR_COLUMNS()} FROM supervisors s WHERE s.id = ${id} AND s.active`;
  return row ? toActor(row) : null;
}

export { toActor };

export interface NewSupervisor {
  username: string;
  displayName: string;
  department: string | null;
  role: Role;
  regions: string[];
  passwordHash: string;
}

/** Whether every code names a region; returns the unknown ones. */
export async function unknownRegions(codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ code: string }[]>`SELECT code FROM regions WHERE code = ANY(${codes as string[]})`;
  const known = new Set(rows.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}

/** Inserts the account and its regions; refuses an existing username. */
export async function insertSupervisor(tx: Tx, s: NewSupervisor): Promise<number> {
  const [exists] = await tx`SELECT 1 FROM supervisors WHERE username = ${s.username}`;
  if (exists) throw new DomainError(`用户名：“${s.username}”已存在`, 'conflict');
  const [row] = await tx<{ id: number }[]>`
    INSERT INTO supervisors (username, display_name, department, password_hash, role, password_changed_at)
    VALUES (${s.username}, ${s.displayName}, ${s.department}, ${s.passwordHash}, ${s.role}, now())
    RETURNING id`;
  if (!row) throw new Error('INSERT … RETURNING returned nothing');
  await tx`INSERT INTO password_history (supervisor_id, password_hash) VALUES (${row.id}, ${s.passwordHash})`;
  for (const code of s.regions) {
    await tx`INSERT INTO supervisor_regions (supervisor_id, region_code) VALUES (${row.id}, ${code})`;
  }
  return row.id;
}

/** Account creation from the supervisor area: administrators only (checked in SQL). */
export async function createSupervisor(actor: Actor | null, s: NewSupervisor, reason: string, ip: string | null): Promise<number> {
  return sql.begin(async (tx) => {
    const t = tx;
    if (actor) {
      const [ok] = await t<{ ok: boolean; covers: boolean }[]>`
        SELECT supervisor_has_role(${actor.id}, '{admin}') AS ok, supervisor_covers(${actor.id}, ${s.regions}::text[]) AS covers`;
      if (!ok?.ok) throw new DomainError('只有管理员可以新建账户。', 'forbidden');
      // A county administrator creates accounts of their own county only (0018, supervisor_covers).
      if (!ok.covers) throw new DomainError('县级管理员只能新建本县辖区内的账户（须填写本县的辖区代码）。', 'forbidden');
    }
    const id = await insertSupervisor(t, s);
    // An account an administrator created starts with a password the administrator knows: the
    // owner must replace it at the first login (等保 8.1.4.1). The command line creates the
    // operator's own account, whose password nobody else has seen.
    if (actor) await t`UPDATE supervisors SET must_change_password = true WHERE id = ${id}`;
    await writeAudit(t, {
      actor,
      actorName: 'cli',
      action: 'user.create',
      targetKind: 'supervisor',
      targetId: id,
      reason,
      ip,
      detail: { username: s.username, role: s.role, regions: s.regions },
    });
    return id;
  });
}

export interface SupervisorListRow {
  id: number;
  username: string;
  displayName: string;
  department: string | null;
  role: string;
  active: boolean;
  regions: string[];
  regionNames: string[];
  lastLoginAt: string | null;
  lockedUntil: string | null;
  failedLogins: number;
  /** 执法证号 and home township (inspectors of the 双随机 pool, issue 13). */
  enforcementNo: string | null;
  homeRegionCode: string | null;
}

export async function listSupervisors(actor: Pick<Actor, 'id'>): Promise<SupervisorListRow[]> {
  const rows = await sql<SupervisorListRow[]>`
    SELECT s.id, s.username, s.display_name AS "displayName", s.department, s.role, s.active,
           coalesce(array_agg(sr.region_code ORDER BY sr.region_code) FILTER (WHERE sr.region_code IS NOT NULL), '{}') AS regions,
           coalesce(array_agg(r.name ORDER BY sr.region_code) FILTER (WHERE r.name IS NOT NULL), '{}') AS "regionNames",
           to_char(s.last_login_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "lastLoginAt",
           CASE WHEN s.locked_until > now() THEN to_char(s.locked_until AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') END AS "lockedUntil",
           s.failed_logins AS "failedLogins", s.enforcement_no AS "enforcementNo", s.home_region_code AS "homeRegionCode"
      FROM supervisors s
      LEFT JOIN supervisor_regions sr ON sr.supervisor_id = s.id
      LEFT JOIN regions r ON r.code = sr.region_code
     WHERE supervisor_manages(${actor.id}, s.id)
     GROUP BY s.id
     ORDER BY s.active DESC, s.role, s.username`;
  return [...rows];
}

/** Enable or disable an account; disabling also ends its sessions. Administrators only. */
export async function setSupervisorActive(actor: Actor, id: number, active: boolean, reason: string, ip: string | null): Promise<void> {
  if (actor.id === id && !active) throw new DomainError('不能停用自己的账户。', 'invalid');
  await sql.begin(async (tx) => {
    const t = tx;
    const rows = await t`
      UPDATE supervisors SET active = ${active}, failed_logins = 0, locked_until = NULL
       WHERE id = ${id} AND supervisor_manages(${actor.id}, ${id}) RETURNING id`;
    if (rows.length === 0) throw new DomainError('账户不存在，或您没有管理账户的权限。', 'not-found');
    if (!active) await t`DELETE FROM sessions WHERE supervisor_id = ${id}`;
    await writeAudit(t, { actor, action: active ? 'user.activate' : 'user.deactivate', targetKind: 'supervisor', targetId: id, reason, ip });
  });
}

/** Set a new password (already checked and hashed); ends the account's sessions. */
export async function setSupervisorPassword(actor: Actor | null, id: number, passwordHash: string, reason: string, ip: string | null): Promise<void> {
  await sql.begin(async (tx) => {
    const t = tx;
    const rows = await t`
      UPDATE supervisors SET password_hash = ${passwordHash}, password_changed_at = now(), failed_logins = 0, locked_until = NULL,
             must_change_password = ${actor !== null && actor.id !== id}
       WHERE id = ${id} AND (${actor === null} OR id = ${actor?.id ?? 0} OR supervisor_manages(${actor?.id ?? 0}, ${id}))
       RETURNING id`;
    if (rows.length === 0) throw new DomainError('账户不存在，或您没有修改该账户密码的权限。', 'not-found');
    await t`INSERT INTO password_history (supervisor_id, password_hash) VALUES (${id}, ${passwordHash})`;
    await t`DELETE FROM sessions WHERE supervisor_id = ${id}`;
    await writeAudit(t, { actor, actorName: 'cli', action: 'user.password', targetKind: 'supervisor', targetId: id, reason, ip });
  });
}

export interface AssigneeRow {
  id: number;
  displayName: string;
  department: string | null;
}

/**
 * Who can take a complaint in `regionCode`: active administrators and district supervisors
 * whose jurisdiction covers it.
 */
export async function listAssignees(regionCode: string | null): Promise<AssigneeRow[]> {
  const rows = await sql<AssigneeRow[]>`
    SELECT s.id, s.display_name AS "displayName", s.department
      FROM supervisors s
     WHERE s.active AND s.role IN ('admin', 'district')
       AND (supervisor_sees_all(s.id) OR ${regionCode}::text IN (SELECT code FROM supervisor_region_scope(s.id)))
     ORDER BY s.role DESC, s.display_name`;
  return [...rows];
}

/** Regions an account may pick in filters: its scope (administrators: all), with level for indenting. */
export async function regionsInScope(actor: Pick<Actor, 'id'>): Promise<{ code: string; name: string; level: number }[]> {
  const rows = await sql<{ code: string; name: string; level: number }[]>`
    SELECT r.code, r.name, r.level FROM regions r
     WHERE r.level >= 3
       AND (supervisor_sees_all(${actor.id}) OR r.code IN (SELECT code FROM supervisor_region_scope(${actor.id})))
     ORDER BY r.code
     LIMIT 2000`;
  return [...rows];
}

export async function allRegions(): Promise<{ code: string; name: string; level: number }[]> {
  return [...(await sql<{ code: string; name: string; level: number }[]>`SELECT code, name, level FROM regions WHERE level >= 3 ORDER BY code LIMIT 5000`)];
}

/**
 * The account's current password hash and its last `n` earlier ones (password_history, newest
 * first): a new password matching any of them is refused. Hashes never leave the server.
 */
export async function recentPasswordHashes(id: number, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const rows = await sql<{ h: string }[]>`
    (SELECT password_hash AS h FROM supervisors WHERE id = ${id})
    UNION ALL
    (SELECT password_hash FROM password_history WHERE supervisor_id = ${id} ORDER BY set_at DESC, id DESC LIMIT ${n})`;
  return [...new Set(rows.map((r) => r.h))];
}

export interface LoginEvent {
  at: string;
  ip: string | null;
  action: string;
  ok: boolean;
}

/**
 * The account's own recent logins, successful and refused (等保 8.1.4.3: the user can see them):
 * read from the audit log, which records each attempt with its address — a refused attempt on
 * an unknown or mistyped account name is recorded under that name, so the account's own name
 * finds those too. Only ever the caller's own account.
 */
export async function loginHistory(actor: Pick<Actor, 'id' | 'username'>, limit: number): Promise<LoginEvent[]> {
  const rows = await sql<LoginEvent[]>`
    SELECT to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at, a.ip, a.action, a.action = 'login' AS ok
      FROM audit_log a
     WHERE a.action IN ('login', 'login.failed', 'login.locked')
       AND (a.actor_id = ${actor.id} OR (a.actor_id IS NULL AND a.actor_name = ${actor.username}))
     ORDER BY a.at DESC, a.id DESC LIMIT ${limit}`;
  return [...rows];
}
