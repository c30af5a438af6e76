import { sql, transaction, type Tx } from './client';
import type { Actor } from '../domain/roles';
import { AUDIT_ACTION_LABELS } from '../domain/audit-labels';

/**
 * The audit log (操作日志): who did what, when, from where, and why for the sensitive actions.
 * Rows are only ever inserted; the database refuses UPDATE, DELETE and TRUNCATE (0001, 0002).
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
  /** Shown when there is no account (a failed login names the username tried, the CLI says 'cli'). */
  actorName?: string;
  action: AuditAction;
  targetKind?: string;
  targetId?: string | number;
  reason?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const reason = entry.reason?.trim() || null;
  if (AUDIT_REASON_REQUIRED.includes(entry.action) && !reason) {
    throw new Error(`audit: action ${entry.action} needs a reason`);
  }
  await tx`
    INSERT INTO audit_log (actor_id, actor_name, action, target_kind, target_id, reason, detail, ip)
    VALUES (${entry.actor?.id ?? null}, ${entry.actor?.username ?? entry.actorName ?? null}, ${entry.action},
            ${entry.targetKind ?? null}, ${entry.targetId === undefined ? null : String(entry.targetId)}, ${reason},
            ${tx.json((entry.detail ?? {}) as never)}, ${entry.ip ?? null})`;
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
