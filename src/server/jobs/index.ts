import { config } from '../../config';
import { purgeClosedPersonalData } from '../../db/complaints-write';
import { purgeAnswers } from '../../db/idempotency';
import { cleanup } from '../../db/rate-limits';
import { TOPICS } from '../../db/outbox';
import { remindOverdueComplaints, remindPointsPublication } from '../../db/staff-notifications';
import { chinaDate } from '../../domain/working-days';
import { startWorkers, type QueueDef, type Workers } from '../queue';
import { sendCallback } from './callback';
import { deliverOnce, postJson } from './deliver';
import { notifyComplainant } from './notify';
import { deliverExportPush } from './export-push';
import { verifyAuditChain, writeCheckpoint } from '../audit-chain';

/**
 * THE HANDLER REGISTRY: every queue the workers run, as `{ queue, topic?, cron?, handle }`.
 * `topic` = outbox topic it consumes (the relay turns each outbox row of that topic into one job
 * per queue listed for it); `cron` = a schedule (China time). To add a consumer, write outbox
 * rows with its topic in the transaction of the change (src/db/outbox.ts writeOutbox) and add
 * the entry here. See docs/integrations.md (任务队列与工作进程).
 */
export const QUEUES: QueueDef[] = [
  { queue: 'complaint.notify', topic: TOPICS.complaintStatusChanged, handle: notifyComplainant },
  { queue: 'client.callback', topic: TOPICS.complaintStatusChanged, retryLimit: 20, handle: sendCallback },
  {
    queue: 'http.post',
    topic: TOPICS.httpPost,
    retryLimit: 20,
    async handle(payload, ctx) {
      const url = String(payload['url']);
      await deliverOnce(ctx.idempotencyKey, 'http.post', url, ctx.retryCount, () => postJson(url, JSON.stringify(payload['body'] ?? null), ctx.idempotencyKey));
    },
  },
  {
    // 双公示 exports pushed to EXPORT_PUSH_URL (src/handlers/credit-exports.ts): the outbox row is
    // written with the export's ledger entry; the receiver dedupes by the Idempotency-Key.
    queue: 'export.push',
    topic: TOPICS.exportPush,
    retryLimit: 20,
    async handle(payload, ctx) {
      const url = config.EXPORT_PUSH_URL;
      if (!url) return;
      // In the deliveries ledger like every other delivery (src/server/jobs/deliver.ts).
      await deliverOnce(ctx.idempotencyKey, 'export.push', url, ctx.retryCount, async () => {
        await deliverExportPush(payload);
      });
    },
  },
  {
    // The retention purge (also `npm run intake:purge`), nightly.
    queue: 'maintenance.purge',
    cron: '30 3 * * *',
    retryLimit: 3,
    async handle() {
      await purgeClosedPersonalData(config.PII_RETENTION_DAYS);
      await purgeAnswers(7);
      await cleanup();
    },
  },
  {
    // 等保 安全审计: a signed checkpoint of the audit chain's head every hour, and every night the
    // whole chain is walked (the result shows on /admin/audit; src/server/audit-chain.ts).
    queue: 'audit.checkpoint',
    cron: '5 * * * *',
    retryLimit: 3,
    async handle() {
      await writeCheckpoint();
    },
  },
  {
    queue: 'audit.verify',
    cron: '15 2 * * *',
    retryLimit: 3,
    async handle() {
      await verifyAuditChain();
    },
  },
  {
    queue: 'complaints.overdue',
    cron: '0 8 * * *',
    retryLimit: 3,
    async handle() {
      await remindOverdueComplaints(chinaDate(new Date()));
    },
  },
  {
    // Points are published quarterly (seed 000): on the first day of a quarter, remind the
    // administrators to check and publish the quarter that just ended.
    queue: 'points.quarterly-reminder',
    cron: '0 9 1 1,4,7,10 *',
    retryLimit: 3,
    async handle() {
      const today = chinaDate(new Date());
      await remindPointsPublication(previousQuarter(today), today);
    },
  },
];

/** '2026-04-01' → '2026年第1季度'. */
export function previousQuarter(today: string): string {
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  return q === 0 ? `${year - 1}年第4季度` : `${year}年第${q}季度`;
}

export const QUEUE_NAMES: readonly string[] = QUEUES.map((q) => q.queue);

/** The workers of every registered queue (the server's, or `npm run worker`). */
export function startAppWorkers(log?: (m: string) => void): Promise<Workers> {
  return startWorkers(QUEUES, log);
}
