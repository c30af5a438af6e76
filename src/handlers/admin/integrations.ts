import { config } from '../../config';
import { createApiClient, deactivateApiClient, listApiClients, rotateApiClientKey, type ApiClientRow } from '../../db/api-clients';
import { recentDeliveries, type DeliveryRow } from '../../db/deliveries';
import { auditedJobAction } from '../../db/jobs-audit';
import { recentStaffNotifications, type StaffNotification } from '../../db/staff-notifications';
import { DomainError } from '../../domain/errors';
import { idFieldSchema } from '../../schemas/admin-common';
import { reasonSchema } from '../../schemas/admin-complaints';
import { CLIENT_LABELS, JOB_LABELS, jobActionSchema, newClientSchema } from '../../schemas/admin-integrations';
import { QUEUE_NAMES } from '../../server/jobs';
import { encrypt } from '../../server/pii-crypto';
import { jobsOverview, settleJob, type JobRow, type QueueSummary } from '../../server/queue';
import { actorOf, ipOf, parseOrThrow, readForm, refused, requireAccess, seeOther, type AdminContext } from './http';
import { shanghaiTime } from './publish';
import crypto from 'node:crypto';

/** /admin/clients (API clients: keys, limits, callbacks) and /admin/jobs (the job queue). */

/** The reason of a form, or a refusal naming the field. */
function reasonOf(form: Record<string, string>): string {
  return parseOrThrow(reasonSchema, { reason: form['reason'] ?? '' }, { reason: '原因' }).reason;
}

/** A POST's outcome as the page shows it: done, or the refusal with the form's values kept. */
async function handlePost<T>(ctx: AdminContext, work: (form: Record<string, string>) => Promise<T>) {
  const form = await readForm(ctx.request);
  try {
    return { ok: true as const, value: await work(form) };
  } catch (e) {
    return { ok: false as const, ...refused(e), values: form };
  }
}

// ---------------------------------------------------------------------------------------------
// API clients

const at = (d: Date | null): string => (d ? shanghaiTime(d.toISOString()) : '');

export interface ClientsView {
  status: number;
  rows: (Omit<ApiClientRow, 'createdAt' | 'revokedAt'> & { createdAt: string; revokedAt: string })[];
  errors: string[];
  done: string | null;
  values: Record<string, string>;
  /** Shown once, right after it was issued: the key (and the callback secret of a new client). */
  issued: { name: string; key: string; callbackSecret: string | null } | null;
  /** Where the receiving side reads how to verify callbacks. */
  docsHint: string;
}

const CLIENT_DONE: Record<string, string> = { deactivated: '接入渠道已停用，其密钥从现在起无效（401）。' };

async function clientAction(ctx: AdminContext, form: Record<string, string>): Promise<ClientsView['issued'] | string> {
  const actor = actorOf(ctx);
  const ip = ipOf(ctx);
  const op = form['op'];
  if (op === 'create') {
    const input = parseOrThrow(newClientSchema, form, CLIENT_LABELS);
    const callbackSecret = input.callbackUrl ? crypto.randomBytes(32).toString('base64url') : null;
    const { key } = await createApiClient(
      actor,
      { name: input.name, channel: input.channel, rateLimitPerMinute: input.rateLimitPerMinute, callbackUrl: input.callbackUrl ?? null },
      callbackSecret ? encrypt(callbackSecret, 'callback_secret') : null,
      ip,
    );
    return { name: input.name, key, callbackSecret };
  }
  const { id } = parseOrThrow(idFieldSchema, { id: form['id'] }, CLIENT_LABELS);
  const reason = reasonOf(form);
  if (op === 'rotate') {
    const { key } = await rotateApiClientKey(actor, id, reason, ip);
    return { name: form['name'] ?? '', key, callbackSecret: null };
  }
  if (op === 'deactivate') {
    await deactivateApiClient(actor, id, reason, ip);
    return 'deactivated';
  }
  throw new DomainError('操作：未知的操作', 'invalid');
}

export async function clientsPage(ctx: AdminContext): Promise<ClientsView | Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'client.manage');
  const view: ClientsView = { status: 200, rows: [], errors: [], done: null, values: {}, issued: null, docsHint: `${config.publicUrl}/api/openapi.json` };
  if (ctx.request.method === 'POST') {
    const r = await handlePost(ctx, (form) => clientAction(ctx, form));
    if (!r.ok) Object.assign(view, { errors: r.errors, status: r.status, values: r.values });
    else if (typeof r.value === 'string') return seeOther(`/admin/clients?done=${r.value}`);
    else view.issued = r.value;
  }
  view.done = CLIENT_DONE[ctx.url.searchParams.get('done') ?? ''] ?? null;
  view.rows = (await listApiClients(actor)).map((r) => ({ ...r, createdAt: at(r.createdAt), revokedAt: at(r.revokedAt) }));
  return view;
}

// ---------------------------------------------------------------------------------------------
// The job queue

export interface JobsView {
  status: number;
  queues: QueueSummary[];
  failed: JobLine[];
  completed: JobLine[];
  deliveries: (Omit<DeliveryRow, 'deliveredAt'> & { deliveredAt: string })[];
  reminders: StaffNotification[];
  workersInServer: boolean;
  errors: string[];
  done: string | null;
}

export type JobLine = Omit<JobRow, 'createdOn' | 'completedOn'> & { createdOn: string; completedOn: string };
const jobLine = (j: JobRow): JobLine => ({ ...j, createdOn: at(j.createdOn), completedOn: at(j.completedOn) });

const JOB_DONE: Record<string, string> = { retry: '任务已重新排队，将由工作进程再次执行。', discard: '任务已放弃（删除），不会再执行。' };

export async function jobsPage(ctx: AdminContext): Promise<JobsView | Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'jobs.manage');
  let errors: string[] = [];
  let status = 200;
  if (ctx.request.method === 'POST') {
    const r = await handlePost(ctx, async (form) => {
      const a = parseOrThrow(jobActionSchema, form, JOB_LABELS);
      await auditedJobAction(actor, a.op, a.queue, a.id, reasonOf(form), ipOf(ctx), (tx) => settleJob(tx, a.queue, a.id, a.op));
      return a.op;
    });
    if (r.ok) return seeOther(`/admin/jobs?done=${r.value}`);
    ({ errors, status } = r);
  }
  const [overview, deliveries, reminders] = await Promise.all([
    jobsOverview(QUEUE_NAMES, ['failed', 'completed'], 20),
    recentDeliveries(20),
    recentStaffNotifications(20),
  ]);
  const { queues } = overview;
  const failed = overview.jobs.filter((j) => j.state === 'failed');
  const completed = overview.jobs.filter((j) => j.state === 'completed');
  completed.sort((x, y) => (y.completedOn?.getTime() ?? 0) - (x.completedOn?.getTime() ?? 0));
  return {
    status,
    queues,
    failed: failed.map(jobLine),
    completed: completed.slice(0, 20).map(jobLine),
    deliveries: deliveries.map((d) => ({ ...d, deliveredAt: at(d.deliveredAt) })),
    reminders,
    workersInServer: config.WORKERS_IN_SERVER,
    errors,
    done: JOB_DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
  };
}
