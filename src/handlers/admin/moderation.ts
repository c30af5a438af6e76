import {
  approveComment,
  hideComment,
  listComments,
  moderateMany,
  readOriginalComment,
  BULK_LIMIT,
  COMMENT_STATUSES,
  type CommentFilter,
} from '../../db/moderation';
import { can } from '../../domain/roles';
import { reasonSchema } from '../../schemas/admin-complaints';
import { isoDateField, pageParamSchema } from '../../schemas/admin-common';
import { singleLine, multiLine, optional } from '../../schemas/complaint';
import { z } from 'zod';
import { actorOf, formDataOf, ipOf, parseOrThrow, refused, requireAccess, withQuery, type AdminContext } from './http';

/** Moderation of rating comments: /admin/moderation. */

/** 20 a page: each comment shows its text and a form; 29 on one page made a 13,000 px page. */
export const PAGE_SIZE = 20;

const moderationSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal('approve'), id: z.coerce.number().int().positive(), text: optional(multiLine(1, 500)) }),
    z.object({ op: z.literal('hide'), id: z.coerce.number().int().positive(), reason: singleLine(2, 500) }),
    z.object({ op: z.literal('original'), id: z.coerce.number().int().positive(), reason: reasonSchema.shape.reason }),
    z
      .object({
        op: z.literal('bulk'),
        bulk: z.enum(['approve', 'hide'], { error: '请选择“批量公开”或“批量隐藏”' }),
        ids: z.array(z.coerce.number().int().positive()).min(1, '请先勾选要处理的留言').max(BULK_LIMIT, `一次最多处理 ${BULK_LIMIT} 条留言`),
        reason: optional(singleLine(2, 500)),
      })
      .refine((b) => b.bulk !== 'hide' || b.reason, { error: '批量隐藏须填写隐藏原因（记入每条留言的操作日志）', path: ['reason'] }),
  ],
  { error: '未知的操作' },
);

/** The list's filter (query string), each field checked; a bad one is reported and ignored. */
const filterSchema = z.object({
  institution: optional(singleLine(1, 100)),
  from: optional(isoDateField),
  to: optional(isoDateField),
});
const FILTER_LABELS: Record<string, string> = { institution: '机构', from: '提交日期起', to: '提交日期止' };

function parseFilter(url: URL): { filter: CommentFilter; errors: string[] } {
  const filter: CommentFilter = {};
  const errors: string[] = [];
  for (const key of ['institution', 'from', 'to'] as const) {
    const r = filterSchema.shape[key].safeParse(url.searchParams.get(key) ?? '');
    if (r.success) filter[key] = r.data;
    else errors.push(`${FILTER_LABELS[key]}：${r.error.issues[0]?.message ?? '不正确'}`);
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.push('提交日期止：不能早于提交日期起');
    delete filter.to;
  }
  return { filter, errors };
}

/** The posted form, with the bulk form's checked ids kept as a list (readForm keeps one value per name). */
async function readModerationForm(request: Request): Promise<Record<string, unknown>> {
  const form = await formDataOf(request);
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== '_csrf' && k !== 'ids') out[k] = v;
  if (out['op'] === 'bulk') out['ids'] = form.getAll('ids').filter((v) => typeof v === 'string');
  return out;
}

const LABELS = { op: '操作', id: '留言编号', text: '公开文字', reason: '原因', ids: '勾选的留言', bulk: '批量操作' };

const DONE: Record<string, string> = { approve: '留言已公开（已自动隐去个人信息）。', hide: '留言已隐藏。' };

function doneMessage(url: URL): string | null {
  const done = url.searchParams.get('done') ?? '';
  const n = Number.parseInt(url.searchParams.get('n') ?? '', 10);
  if (done === 'bulk-approve' && n > 0) return `已公开 ${n} 条留言（已自动隐去个人信息）。`;
  if (done === 'bulk-hide' && n > 0) return `已隐藏 ${n} 条留言。`;
  return DONE[done] ?? null;
}

/** The screen's view: its shape is written once, as the Props of src/components/admin/ModerationScreen.astro (the route checks this fits). */
export async function moderationPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'rating.moderate');
  const tab = COMMENT_STATUSES.find((s) => s === ctx.url.searchParams.get('status')) ?? '待审核';
  const page = pageParamSchema.parse(ctx.url.searchParams.get('page') ?? undefined);
  const parsed = parseFilter(ctx.url);
  let errors: string[] = parsed.errors;
  let status = 200;
  let original: { id: number; text: string } | null = null;
  const back = withQuery(ctx.url, { done: undefined, n: undefined });
  if (ctx.request.method === 'POST') {
    try {
      const input = parseOrThrow(moderationSchema, await readModerationForm(ctx.request), LABELS);
      const ip = ipOf(ctx);
      if (input.op === 'original') {
        original = { id: input.id, text: await readOriginalComment(actor, input.id, input.reason, ip) };
      } else if (input.op === 'bulk') {
        const n = await moderateMany(actor, input.ids, input.bulk, input.reason ?? null, ip);
        // Back to the same tab and filter, first page: the handled ones have left this tab.
        return new Response(null, {
          status: 303,
          headers: { Location: withQuery(new URL(back, 'http://x'), { page: undefined, done: `bulk-${input.bulk}`, n }) },
        });
      } else {
        if (input.op === 'approve') await approveComment(actor, input.id, input.text ?? null, ip);
        else await hideComment(actor, input.id, input.reason, ip);
        return new Response(null, { status: 303, headers: { Location: withQuery(new URL(back, 'http://x'), { done: input.op }) } });
      }
    } catch (e) {
      const r = refused(e);
      errors = [...errors, ...r.errors];
      status = r.status;
    }
  }
  const list = await listComments(actor, tab, page, PAGE_SIZE, parsed.filter);
  return {
    status,
    actor,
    tab,
    page,
    errors,
    original,
    back,
    rows: list.rows,
    total: list.total,
    counts: list.counts,
    pageSize: PAGE_SIZE,
    filter: parsed.filter,
    done: doneMessage(ctx.url),
    canSeeOriginal: can(actor.role, 'rating.original'),
  };
}
