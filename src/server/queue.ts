import crypto from 'node:crypto';
import { PgBoss, type Db, type JobWithMetadata } from 'pg-boss';
import { config } from '../config';
import { databaseUrl, transaction, type Tx } from '../db/client';
import { claimOutbox, markOutboxDone, type OutboxRow } from '../db/outbox';

/**
 * The job queue: pg-boss on the platform's own PostgreSQL (schema `pgboss`, installed and
 * migrated by pg-boss itself when the first worker starts). Why pg-boss and how the pieces fit:
 * docs/integrations.md (任务队列与工作进程).
 *
 *   change + outbox row ──(one transaction)──► outbox ──relay──► pg-boss job(s) ──worker──► handler
 *
 * The relay moves each outbox row into one job per queue registered for its topic and marks the
 * row done — in the same PostgreSQL transaction as the job inserts (pg-boss runs its INSERT on
 * our transaction through the `db` option). Either the jobs exist and the row is done, or
 * neither: a relay killed half way leaves the row pending for the next one, never a lost or a
 * doubled job. The job id is derived from (queue, outbox id) as a second guard.
 */

/** What a handler gets besides the payload. */
export interface JobContext {
  /** Stable across retries of the job: `<queue>:<outbox id>` (or the job id for scheduled work). */
  idempotencyKey: string;
  /** 0 on the first attempt. */
  retryCount: number;
  jobId: string;
}

/**
 * One queue: the handler registry entry. `topic` makes it consume outbox rows of that topic;
 * `cron` runs it on a schedule (China time). A queue may have both or neither (only sent to).
 */
export interface QueueDef {
  queue: string;
  topic?: string;
  cron?: string;
  /** Attempts after the first before the job is failed (kept visible at /admin/jobs). Default 12. */
  retryLimit?: number;
  handle(payload: Record<string, unknown>, ctx: JobContext): Promise<void>;
}

/** A job as it travels: the outbox row's id and payload. */
interface JobData {
  outboxId?: number;
  payload?: Record<string, unknown>;
}

const PGBOSS_SCHEMA = 'pgboss';
/** Backoff: 10 s, 20 s, 40 s … (with jitter), at most an hour between attempts. */
const RETRY = { retryDelay: 10, retryBackoff: true, retryDelayMax: 3_600 } as const;
const RELAY_BATCH = 200;

/** The job id for (queue, outbox row): a UUID from a hash, the same however often it is computed. */
export function jobIdFor(queue: string, outboxId: number): string {
  const h = crypto.createHash('sha256').update(`${queue}:${outboxId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** pg-boss statements run on one of our transactions. */
export function txDb(tx: Tx): Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: await tx.unsafe(text, (values ?? []) as never[]) }),
  };
}

let boss: PgBoss | null = null;
let starting: Promise<PgBoss> | null = null;

/**
 * The process's pg-boss instance, started on first use (which installs or migrates its schema).
 * `workers` false: used only to read and manage jobs (the admin screen), no maintenance or cron.
 */
export async function getBoss(workers = false): Promise<PgBoss> {
  if (boss) return boss;
  starting ??= (async () => {
    const b = new PgBoss({
      connectionString: databaseUrl(),
      schema: PGBOSS_SCHEMA,
      application_name: 'credit-platform-jobs',
      max: 4,
      supervise: workers,
      schedule: workers,
      superviseIntervalSeconds: config.JOB_SUPERVISE_SECONDS,
      monitorIntervalSeconds: config.JOB_SUPERVISE_SECONDS,
    });
    b.on('error', (e: unknown) => {
      console.error(`任务队列错误：${e instanceof Error ? e.message : String(e)}`);
    });
    await b.start();
    boss = b;
    return b;
  })();
  try {
    return await starting;
  } finally {
    starting = null;
  }
}

export async function stopBoss(): Promise<void> {
  const b = boss;
  boss = null;
  await b?.stop({ graceful: true, timeout: 5_000 }).catch(() => {});
}

async function ensureQueue(b: PgBoss, def: QueueDef): Promise<void> {
  const options = { ...RETRY, retryLimit: def.retryLimit ?? 12, expireInSeconds: config.JOB_EXPIRE_SECONDS, deleteAfterSeconds: 7 * 86_400 };
  if (await b.getQueue(def.queue)) await b.updateQueue(def.queue, options);
  else await b.createQueue(def.queue, options);
}

/**
 * One relay pass: claims up to RELAY_BATCH pending outbox rows of the registered topics, inserts
 * their jobs and marks them done, all in one transaction. Returns how many rows it moved.
 */
export async function relayOnce(b: PgBoss, defs: readonly QueueDef[]): Promise<number> {
  const byTopic = new Map<string, QueueDef[]>();
  for (const d of defs) if (d.topic) byTopic.set(d.topic, [...(byTopic.get(d.topic) ?? []), d]);
  if (byTopic.size === 0) return 0;
  return transaction(async (tx) => {
    const rows: OutboxRow[] = await claimOutbox(tx, [...byTopic.keys()], RELAY_BATCH);
    if (rows.length === 0) return 0;
    const db = txDb(tx);
    for (const [topic, queues] of byTopic) {
      const mine = rows.filter((r) => r.topic === topic);
      if (mine.length === 0) continue;
      for (const q of queues) {
        await b.insert(
          q.queue,
          mine.map((r) => ({ id: jobIdFor(q.queue, r.id), singletonKey: `${q.queue}:${r.id}`, data: { outboxId: r.id, payload: r.payload } })),
          { db },
        );
      }
    }
    await markOutboxDone(
      tx,
      rows.map((r) => r.id),
    );
    return rows.length;
  });
}

export interface Workers {
  stop(): Promise<void>;
}

/**
 * Starts the workers of every queue in `defs`, their schedules and the outbox relay, in this
 * process. Any number of processes may do this at once (inside the server and `npm run worker` on
 * other machines): pg-boss hands each job to one of them, the relay claims rows with SKIP LOCKED.
 */
export async function startWorkers(defs: readonly QueueDef[], log: (m: string) => void = console.log): Promise<Workers> {
  const b = await getBoss(true);
  for (const def of defs) {
    await ensureQueue(b, def);
    await b.work<JobData>(def.queue, { batchSize: 1, localConcurrency: config.WORKER_CONCURRENCY, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) {
        const key = job.data.outboxId === undefined ? `${def.queue}:${job.id}` : `${def.queue}:${job.data.outboxId}`;
        await def.handle(job.data.payload ?? {}, { idempotencyKey: key, retryCount: job.retryCount, jobId: job.id });
      }
    });
    if (def.cron) await b.schedule(def.queue, def.cron, null, { tz: 'Asia/Shanghai' });
  }
  // Mutated by stop(); an object so the loop reads the current value.
  const state: { stopped: boolean; wake: (() => void) | null } = { stopped: false, wake: null };
  const loop = (async () => {
    while (!state.stopped) {
      let moved = 0;
      try {
        moved = await relayOnce(b, defs);
      } catch (e) {
        log(`任务队列：转移待办消息失败，稍后重试（${e instanceof Error ? e.message : String(e)}）`);
      }
      if (moved < RELAY_BATCH) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 500);
          state.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  })();
  log(`任务队列：工作进程已启动（${defs.length} 个队列，并发 ${config.WORKER_CONCURRENCY}）。`);
  return {
    async stop() {
      state.stopped = true;
      state.wake?.();
      await loop;
      await stopBoss();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading and managing jobs (/admin/jobs)

export interface QueueSummary {
  name: string;
  queued: number;
  active: number;
  failed: number;
  total: number;
}

export interface JobRow {
  id: string;
  queue: string;
  state: string;
  retryCount: number;
  createdOn: Date;
  completedOn: Date | null;
  key: string | null;
  error: string | null;
}

function errorText(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const o = output as { message?: unknown; value?: unknown };
  if (typeof o.message === 'string') return o.message;
  return JSON.stringify(output).slice(0, 500);
}

function jobRow(j: JobWithMetadata<JobData>): JobRow {
  return {
    id: j.id,
    queue: j.name,
    state: j.state,
    retryCount: j.retryCount,
    createdOn: j.createdOn,
    completedOn: j.completedOn,
    key: j.singletonKey,
    error: j.state === 'failed' || j.state === 'retry' ? errorText(j.output) : null,
  };
}

/**
 * What /admin/jobs shows, counted from the stored jobs themselves (pg-boss' own queue counts are
 * refreshed by its monitor, up to a minute late): per queue the counts, and the jobs in `states`,
 * newest first, at most `limit` per queue and state.
 */
export async function jobsOverview(names: readonly string[], states: readonly string[], limit: number): Promise<{ queues: QueueSummary[]; jobs: JobRow[] }> {
  const b = await getBoss();
  const queues: QueueSummary[] = [];
  const jobs: JobRow[] = [];
  for (const name of names) {
    if (!(await b.getQueue(name))) continue;
    const all = (await b.findJobs<JobData>(name, { limit: 100_000 })).map(jobRow);
    const count = (...st: string[]) => all.filter((j) => st.includes(j.state)).length;
    queues.push({ name, queued: count('created', 'retry'), active: count('active'), failed: count('failed'), total: all.length });
    for (const st of states) {
      jobs.push(
        ...all
          .filter((j) => j.state === st)
          .sort((x, y) => (y.completedOn ?? y.createdOn).getTime() - (x.completedOn ?? x.createdOn).getTime())
          .slice(0, limit),
      );
    }
  }
  return { queues, jobs };
}

/** Retry ('retry') or discard ('discard', deleted) one job, inside the caller's transaction. */
export async function settleJob(tx: Tx, queue: string, id: string, what: 'retry' | 'discard'): Promise<boolean> {
  const b = await getBoss();
  const db = txDb(tx);
  // Only failed jobs are retried or discarded here (an active one belongs to a worker).
  const [job] = await b.findJobs(queue, { id, db });
  if (job?.state !== 'failed') return false;
  const r = (what === 'retry' ? await b.retry(queue, id, { db }) : await b.deleteJob(queue, id, { db })) as { affected?: number };
  return (r.affected ?? 0) > 0;
}
