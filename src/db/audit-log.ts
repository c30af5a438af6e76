import { sql } from './client';
import type { Actor } from '../domain/roles';

/**
 * The audit log (操作日志): who did what, when, from where, and why for the sensitive actions.
 * Rows are only ever inserted; the database refuses UPDATE, DELETE and TRUNCATE (0001, 0002).
 * Writers pass their transaction, so an action and its audit row commit together or not at all.
 */

export const AUDIT_ACTIONS = {
  'login': '登录',
  'login.failed': '登录失败',
  'login.locked': '账户锁定',
  'logout': '退出登录',
  'session.expired': '会话过期',
  'csrf.rejected': '拒绝跨站请求',
  'complaint.view': '查看投诉',
  'complaint.view_pii': '查看举报人个人信息',
  'complaint.accept': '受理投诉',
  'complaint.reject': '不予受理',
  'complaint.assign': '指派承办人',
  'complaint.start': '开始调查',
  'complaint.findings': '记录调查情况',
  'complaint.close': '办结投诉',
  'complaint.feedback': '填写反馈',
  'complaint.export': '导出投诉台账',
  'complaint.route': '分派辖区',
  'rating.approve': '公开评价留言',
  'rating.hide': '隐藏评价留言',
  'rating.view_original': '查看留言原文',
  'point.create': '登记记分',
  'point.notice': '登记通知书送达',
  'point.appeal': '登记申诉',
  'point.accept_appeal': '受理申诉',
  'point.decide': '作出申诉决定',
  'point.export': '导出记分公示',
  'publish.build': '生成新版本',
  'publish.switch': '发布网站',
  'publish.discard': '放弃待发布版本',
  'user.create': '新建账户',
  'user.deactivate': '停用账户',
  'user.activate': '启用账户',
  'user.password': '重置密码',
  'import.apply': '导入数据',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Actions that need a reason; the 0002 CHECK constraint lists the same ones. */
export const AUDIT_REASON_REQUIRED: readonly AuditAction[] = [
  'complaint.view_pii', 'complaint.export', 'complaint.reject', 'rating.hide', 'rating.view_original', 'point.decide',
  'publish.switch', 'user.create', 'user.deactivate', 'user.password',
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

type Tx = typeof sql;

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
           a.action, a.target_kind AS "targetKind", a.target_id AS "targetId", a.reason, a.detail, a.ip
      FROM audit_log a
     WHERE ${where}
     ORDER BY a.at DESC, a.id DESC
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}
