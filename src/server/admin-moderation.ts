import { approveComment, hideComment, listComments, readOriginalComment, COMMENT_STATUSES, type CommentStatus, type ModerationRow } from '../db/moderation';
import { can, type Actor } from '../domain/roles';
import { reasonSchema } from '../schemas/admin-complaints';
import { singleLine, multiLine, optional } from '../schemas/complaint';
import { z } from 'zod';
import { actorOf, asAdminError, ipOf, parseOrThrow, readForm, requireAccess, type AdminContext } from './admin-http';

/** Moderation of rating comments: /admin/moderation. */

const PAGE_SIZE = 30;

const moderationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('approve'), id: z.coerce.number().int().positive(), text: optional(multiLine(1, 500)) }),
  z.object({ op: z.literal('hide'), id: z.coerce.number().int().positive(), reason: singleLine(2, 500) }),
  z.object({ op: z.literal('original'), id: z.coerce.number().int().positive(), reason: reasonSchema.shape.reason }),
], { error: '未知的操作' });

const LABELS = { op: '操作', id: '留言编号', text: '公开文字', reason: '原因' };

export interface ModerationView {
  status: number;
  actor: Actor;
  tab: CommentStatus;
  rows: ModerationRow[];
  total: number;
  counts: Record<CommentStatus, number>;
  page: number;
  errors: string[];
  done: string | null;
  original: { id: number; text: string } | null;
  canSeeOriginal: boolean;
}

const DONE: Record<string, string> = { approve: '留言已公开（已自动隐去个人信息）。', hide: '留言已隐藏。' };

export async function moderationPage(ctx: AdminContext): Promise<ModerationView | Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'rating.moderate');
  const tab = COMMENT_STATUSES.find((s) => s === ctx.url.searchParams.get('status')) ?? '待审核';
  const page = Math.min(100_000, Math.max(1, Number.parseInt(ctx.url.searchParams.get('page') ?? '1', 10) || 1));
  let errors: string[] = [];
  let status = 200;
  let original: ModerationView['original'] = null;
  if (ctx.request.method === 'POST') {
    try {
      const input = parseOrThrow(moderationSchema, await readForm(ctx.request), LABELS);
      const ip = ipOf(ctx);
      if (input.op === 'original') {
        original = { id: input.id, text: await readOriginalComment(actor, input.id, input.reason, ip) };
      } else {
        if (input.op === 'approve') await approveComment(actor, input.id, input.text ?? null, ip);
        else await hideComment(actor, input.id, input.reason, ip);
        return new Response(null, { status: 303, headers: { Location: `/admin/moderation?status=${encodeURIComponent(tab)}&done=${input.op}` } });
      }
    } catch (e) {
      const err = asAdminError(e);
      if (!err) throw e;
      errors = err.message.split('；');
      status = err.status;
    }
  }
  const list = await listComments(actor, tab, page, PAGE_SIZE);
  return {
    status, actor, tab, page, errors, original,
    rows: list.rows, total: list.total, counts: list.counts,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    canSeeOriginal: can(actor.role, 'rating.original'),
  };
}
