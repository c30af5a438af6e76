import { z } from 'zod';
import { config } from '../../config';
import { EXPORT_COLUMNS, EXPORT_KIND_LABELS, EXPORT_KINDS, KIND_FORMATS } from '../../domain/credit-exports';
import { DomainError } from '../../domain/errors';
import { isOnOrBefore } from '../../domain/working-days';
import { exportFile, listExports, markExportEntered } from '../../db/credit-exports';
import { recordIdOf } from '../../schemas/admin-common';
import { EXPORT_LABELS, exportActionSchema } from '../../schemas/admin-exports';
import { refusalOf, statusOf } from '../errors';
import { exportAuthority, exportNow } from '../credit-exports';
import { CONTENT_TYPES } from '../../domain/credit-exports';
import { actorOf, ipOf, parseOrThrow, queryObject, requireAccess, today, type AdminContext } from './http';
import { recordActionPost } from './record-form';
import { chinaDateTime } from '../intake/status';

/**
 * /admin/exports (数据报送): run an export to the credit platform (双公示) or the provincial
 * platform — a kind, a format, new/changed records only or everything — download it, see the
 * ledger, and record when an exported batch of points was entered into the provincial platform.
 */

const doneQuery = z.object({
  done: z.enum(['run', 'entered']).optional().catch(undefined),
  id: z.coerce.number().int().positive().optional().catch(undefined),
  n: z.coerce.number().int().min(0).optional().catch(undefined),
});

export async function exportsPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'export.run');
  const { today: t } = today();
  const state = await recordActionPost(ctx.request, '/admin/exports', async (form) => {
    const input = parseOrThrow(exportActionSchema, form, EXPORT_LABELS);
    if (input.op === 'run') {
      const r = await exportNow({ kind: input.kind, format: input.format, incremental: input.scope === 'incremental', actor, ip: ipOf(ctx) });
      return `run&id=${r.id}&n=${r.rowCount}`;
    }
    if (!isOnOrBefore(input.enteredOn, t)) throw new DomainError('录入省平台日期不能晚于今天', 'invalid');
    const n = await markExportEntered(actor, input.exportId, input.enteredOn, ipOf(ctx));
    return `entered&id=${input.exportId}&n=${n}`;
  });
  if (state === null || state instanceof Response) return state;
  const q = doneQuery.parse(queryObject(ctx.url));
  const done =
    q.done === 'run' && q.id
      ? {
          text: q.n ? `已导出（台账编号 ${q.id}，${q.n} 条）。` : `已导出（台账编号 ${q.id}）：自该类上次导出以来没有新增或变更的记录，文件只有表头。`,
          download: `/admin/exports/${q.id}`,
        }
      : q.done === 'entered'
        ? { text: `已登记录入省平台日期：${q.n ?? 0} 条记分。`, download: null }
        : null;
  const authority = await exportAuthority().catch((e: unknown) => {
    if (refusalOf(e)) return null;
    throw e;
  });
  return {
    status: state.status,
    errors: state.errors,
    posted: state.posted,
    done,
    today: t,
    authority,
    pushUrl: config.EXPORT_PUSH_URL ?? null,
    kinds: EXPORT_KINDS.map((k) => ({ kind: k, label: EXPORT_KIND_LABELS[k], formats: [...KIND_FORMATS[k]], columns: [...EXPORT_COLUMNS[k]] })),
    ledger: (await listExports()).map((r) => ({
      ...r,
      label: EXPORT_KIND_LABELS[r.kind],
      createdAt: chinaDateTime(r.createdAt),
      since: r.since ? chinaDateTime(r.since) : null,
      pushedAt: r.pushedAt ? chinaDateTime(r.pushedAt) : null,
    })),
  };
}

/** GET /admin/exports/{id}: the file of a past export, as it was exported (its SHA-256 is in the ledger). */
export async function exportDownload(ctx: AdminContext): Promise<Response> {
  try {
    const actor = actorOf(ctx);
    requireAccess(actor, 'export.run');
    const id = recordIdOf(ctx.params['id']);
    const file = id === null ? null : await exportFile(actor, id);
    if (!file) throw new DomainError('没有这次导出', 'not-found');
    const name = `${EXPORT_KIND_LABELS[file.kind].replace(/[/（）]/g, '')}-${file.fileName}`;
    return new Response(new Uint8Array(file.content), {
      headers: {
        'Content-Type': CONTENT_TYPES[file.format],
        'Content-Disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    });
  } catch (e) {
    const err = refusalOf(e);
    if (!err) throw e;
    return new Response(`下载失败：${err.message}`, { status: statusOf(err), headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
