import { transaction, type Tx } from './client';
import { writeAudit } from './audit-log';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';

/**
 * Retrying or discarding a job at /admin/jobs: the role is checked again in SQL, the change to the
 * job (`settle`, pg-boss on this transaction) and its audit row commit together.
 */
export async function auditedJobAction(
  actor: Actor,
  what: 'retry' | 'discard',
  queue: string,
  id: string,
  reason: string,
  ip: string | null,
  settle: (tx: Tx) => Promise<boolean>,
): Promise<void> {
  requirePermission(actor, 'jobs.manage');
  await transaction(async (tx) => {
    const [ok] = await tx`SELECT 1 WHERE supervisor_has_role(${actor.id}, '{admin}')`;
    if (!ok) throw new DomainError('只有管理员可以管理后台任务。', 'forbidden');
    if (!(await settle(tx))) throw new DomainError('该任务不存在，或已不是失败状态（可能已被他人处理），请刷新后再试。', 'conflict');
    await writeAudit(tx, { actor, action: what === 'retry' ? 'job.retry' : 'job.discard', targetKind: 'job', targetId: id, reason, detail: { queue }, ip });
  });
}
