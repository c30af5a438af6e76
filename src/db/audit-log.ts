import { sql, transaction, type Tx } from './client';
import type { Actor } from '../domain/roles';
import { AUDIT_ACTION_LABELS } from '../domain/audit-labels';
import { chainHash } from '../domain/audit-chain';
import { config } from '../config';

/**
 * The audit log (操作日志): who did what, when, from where, and why for the sensitive actions.
 * Rows are only ever inserted; the database refuses UPDATE, DELETE and TRUNCATE (0001, 0002), and
 * each row is chained to the one before it by a hash (0017, src/domain/audit-chain.ts).
 * Writers pass their transaction, so an action and its audit row commit together or not at all.
 */

/** Stored action codes and their Chinese names (src/domain/audit-labels.ts). */
export const AUDIT_ACTIONS = AUDIT_ACTION_LABELS;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Actions that need a reason; the 0002 CHECK constraint lists the same ones. */
export const AUDIT_REASON_REQUIRED: readonly AuditAction[] = [
  'complaint.view_pii',
  'complaint.export',
  'complaint.reject',
  'rating.hide',
  'rating.view_original',
  'point.decide',
  'publish.switch',
  'user.create',
  'user.deactivate',
  'user.password',
];

export interface AuditEntry {
  actor: Pick<Actor, 'id' | 'username'> | null;
  /** Shown when there is no account (a failed login names the username tried, the CLI says 'cli'); an account's username wins. */
  actorName?: string;
  /** 'demo_data.load': the demo loader's own entry (audit-labels.ts names it apart). */
  action: AuditAction | 'demo_data.load';
  targetKind?: string;
  targetId?: string | number;
  reason?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Appends one row to the hash chain (src/domain/audit-chain.ts). audit_prepare (0017) locks the
 * chain head for the rest of the caller's transaction, so audited transactions append one after
 * another; a rolled-back one leaves the head as it was (its id is a gap, which the chain ignores).
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const reason = entry.reason?.trim() || null;
  if ((AUDIT_REASON_REQUIRED as readonly string[]).includes(entry.action) && !reason) {
    throw new Error(`audit: action ${entry.action} needs a reason`);
  }
  const actorId = entry.actor?.id ?? null;
  const actorName = entry.actor?.username ?? entry.actorName ?? null;
  const targetId = entry.targetId === undefined ? null : String(entry.targetId);
  const detail = tx.json((entry.detail ?? {}) as never);
  const ip = entry.ip ?? null;
  const [next] = await tx<{ id: string; prevHash: string; canonical: string }[]>`
    SELECT id::text, prev_hash AS "prevHash", canonical
      FROM audit_prepare(${actorId}, ${actorName}, ${entry.action}, ${entry.targetKind ?? null}, ${targetId}, ${reason}, ${detail}, ${ip})`;
  if (!next) throw new Error('audit: the chain head is missing (migration 0017)');
  const alg = config.AUDIT_HASH;
  const hash = chainHash(alg, next.prevHash, next.canonical);
  await tx`
    WITH ins AS (
      INSERT INTO audit_log (id, at, actor_id, actor_name, action, target_kind, target_id, reason, detail, ip, prev_hash, hash, hash_alg)
      VALUES (${next.id}, now(), ${actorId}, ${actorName}, ${entry.action}, ${entry.targetKind ?? null}, ${targetId}, ${reason}, ${detail}, ${ip},
              ${next.prevHash}, ${hash}, ${alg})
      RETURNING id)
    UPDATE audit_chain_head SET last_id = (SELECT id FROM ins), last_hash = ${hash}, row_count = row_count + 1`;
}

/** The id an `INSERT … RETURNING id` gave (`rows`), once the audit entry of the creation is written. */
export async function auditedInsert(tx: Tx, rows: readonly { id: number }[], entry: Omit<AuditEntry, 'targetId'>): Promise<number> {
  const [row] = rows;
  if (!row) throw new Error('INSERT … RETURNING returned nothing');
  await writeAudit(tx, { ...entry, targetId: row.id });
  return row.id;
}

/**
 * One audit row in a transaction of its own, for events that change nothing else (a refused
 * login, a logout, a rejected request, an export).
 */
export function recordAudit(entry: AuditEntry): Promise<void> {
  return transaction((tx) => writeAudit(tx, entry));
}

export interface AuditFilter {
  action?: string | undefined;
  actorName?: string | undefined;
  targetKind?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined; // YYYY-MM-DD, China time
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  /** The 受理编号 when the target is a complaint (the log stores its internal id). */
  targetTrackingNo: string | null;
}

/** Administrators only: the role is checked in the statement itself. */
export async function listAudit(actor: Pick<Actor, 'id'>, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where = sql`
    supervisor_has_role(${actor.id}, '{admin}')
    ${f.action ? sql`AND a.action = ${f.action}` : sql``}
    ${f.actorName ? sql`AND a.actor_name = ${f.actorName}` : sql``}
    ${f.targetKind ? sql`AND a.target_kind = ${f.targetKind}` : sql``}
    ${f.targetId ? sql`AND a.target_id = ${f.targetId}` : sql``}
    ${f.from ? sql`AND a.at >= (${f.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'` : sql``}
    ${f.to ? sql`AND a.at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}`;
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log a WHERE ${where}`;
  const rows = await sql<AuditRow[]>`
    SELECT a.id, to_char(a.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at, a.actor_name AS "actorName",
           a.action, a.target_kind AS "targetKind", a.target_id AS "targetId", a.reason, a.detail, a.ip,
           t.tracking_no AS "targetTrackingNo"
      FROM audit_log a
      LEFT JOIN LATERAL (
        SELECT c.tracking_no FROM complaints c
         WHERE a.target_kind = 'complaint'
           AND c.id = CASE WHEN a.target_id ~ '^[0-9]{1,18}$' THEN a.target_id::bigint END) t ON true
     WHERE ${where}
     ORDER BY a.at DESC, a.id DESC
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}
