import { sql, type Tx } from './client';
import { writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { redact } from '../domain/redaction';

/**
 * Moderation of rating comments (评价留言). A comment is public only once approved, and what
 * becomes public is always the redacted text (src/domain/redaction.ts), even when a moderator
 * edits it. The comment as written stays in `ratings.comment`; only administrators can read it,
 * one comment at a time, with a reason that goes to the audit log (it may hold personal data).
 */

export { COMMENT_STATUSES, type CommentStatus } from '../domain/comment-moderation';
import type { CommentStatus } from '../domain/comment-moderation';

export interface ModerationRow {
  id: number;
  institutionId: number;
  institutionName: string;
  institutionCode: string;
  stars: number;
  status: CommentStatus;
  createdAt: string;
  /** What would be (or is) public: the stored public text, or the redaction of the original. */
  publicText: string;
  /** Kinds of personal details found and removed, e.g. { 电话: 1 }. */
  redactions: Record<string, number>;
  reason: string | null;
  moderatedBy: string | null;
  moderatedAt: string | null;
}

/** The moderation list's filter besides the status tab (all optional). */
export interface CommentFilter {
  /** Part of an institution's name, or its public code. */
  institution?: string | undefined;
  /** Submitted on or after / on or before (YYYY-MM-DD, China time). */
  from?: string | undefined;
  to?: string | undefined;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

export async function listComments(
  actor: Actor,
  status: CommentStatus,
  page: number,
  pageSize: number,
  filter: CommentFilter = {},
): Promise<{ rows: ModerationRow[]; total: number; counts: Record<CommentStatus, number> }> {
  requirePermission(actor, 'rating.moderate');
  const like = filter.institution ? `%${escapeLike(filter.institution)}%` : '';
  const filtered = sql`
    ${filter.institution ? sql`AND (i.name ILIKE ${like} OR i.code = ${filter.institution.toUpperCase()})` : sql``}
    ${filter.from ? sql`AND ra.created_at >= (${filter.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'` : sql``}
    ${filter.to ? sql`AND ra.created_at < ((${filter.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}`;
  const counts = { 待审核: 0, 已公开: 0, 已隐藏: 0 } as Record<CommentStatus, number>;
  const countRows = await sql<{ status: CommentStatus; n: number }[]>`
    SELECT ra.comment_status AS status, count(*)::int AS n
      FROM ratings ra JOIN institutions i ON i.id = ra.institution_id
     WHERE ra.comment_status IN ('待审核', '已公开', '已隐藏') AND ra.comment IS NOT NULL AND ${institutionInScope(actor)} ${filtered}
     GROUP BY ra.comment_status`;
  for (const r of countRows) counts[r.status] = r.n;
  const rows = await sql<(Omit<ModerationRow, 'publicText' | 'redactions'> & { comment: string; commentPublic: string | null })[]>`
    SELECT ra.id, ra.institution_id AS "institutionId", i.name AS "institutionName", i.code AS "institutionCode", ra.stars,
           ra.comment_status AS status, to_char(ra.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "createdAt",
           ra.comment, ra.comment_public AS "commentPublic", ra.moderation_reason AS reason, s.display_name AS "moderatedBy",
           to_char(ra.moderated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "moderatedAt"
      FROM ratings ra JOIN institutions i ON i.id = ra.institution_id
      LEFT JOIN supervisors s ON s.id = ra.moderated_by
     WHERE ra.comment_status = ${status} AND ra.comment IS NOT NULL AND ${institutionInScope(actor)} ${filtered}
     ORDER BY ra.created_at ${status === '待审核' ? sql`ASC` : sql`DESC`}, ra.id
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  return {
    counts,
    total: counts[status],
    rows: rows.map(({ comment, commentPublic, ...r }) => {
      const redacted = redact(comment);
      return { ...r, publicText: commentPublic ?? redacted.text, redactions: redacted.found };
    }),
  };
}

async function lockRating(t: Tx, actor: Actor, id: number): Promise<{ comment: string; status: string }> {
  const [row] = await t<{ comment: string | null; status: string }[]>`
    SELECT ra.comment, ra.comment_status AS status
      FROM ratings ra JOIN institutions i ON i.id = ra.institution_id
     WHERE ra.id = ${id} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')
       FOR UPDATE OF ra`;
  if (!row || row.comment === null) throw new DomainError('留言不存在，或不在您的辖区内', 'not-found');
  return { comment: row.comment, status: row.status };
}

/**
 * Publish a comment. `editedText` lets the moderator shorten or correct the public wording;
 * whatever is submitted is redacted again, so personal details cannot be typed back in.
 */
async function approveIn(t: Tx, actor: Actor, id: number, editedText: string | null, ip: string | null): Promise<string> {
  const r = await lockRating(t, actor, id);
  const source = editedText?.trim() ? editedText.trim() : r.comment;
  if (source.length > 500) throw new DomainError('公开文字：不能超过500个字符', 'invalid');
  const { text, found } = redact(source);
  await t`UPDATE ratings SET comment_status = '已公开', comment_public = ${text}, moderation_reason = NULL,
                             moderated_by = ${actor.id}, moderated_at = now() WHERE id = ${id}`;
  await writeAudit(t, {
    actor,
    action: 'rating.approve',
    targetKind: 'rating',
    targetId: id,
    ip,
    detail: { from: r.status, edited: Boolean(editedText?.trim()), redacted: found },
  });
  return text;
}

async function hideIn(t: Tx, actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  const r = await lockRating(t, actor, id);
  await t`UPDATE ratings SET comment_status = '已隐藏', comment_public = NULL, moderation_reason = ${reason.trim()},
                             moderated_by = ${actor.id}, moderated_at = now() WHERE id = ${id}`;
  await writeAudit(t, { actor, action: 'rating.hide', targetKind: 'rating', targetId: id, reason, ip, detail: { from: r.status } });
}

function checkHideReason(reason: string): void {
  if (!reason.trim()) throw new DomainError('隐藏原因：必填', 'invalid');
  if (reason.length > 500) throw new DomainError('隐藏原因：不能超过500个字符', 'invalid');
}

/**
 * Publish a comment. `editedText` lets the moderator shorten or correct the public wording;
 * whatever is submitted is redacted again, so personal details cannot be typed back in.
 */
export async function approveComment(actor: Actor, id: number, editedText: string | null, ip: string | null): Promise<string> {
  requirePermission(actor, 'rating.moderate');
  return sql.begin((tx) => approveIn(tx, actor, id, editedText, ip));
}

/** Hide a comment (with a reason, audited); it can be approved again later. */
export async function hideComment(actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  requirePermission(actor, 'rating.moderate');
  checkHideReason(reason);
  await sql.begin((tx) => hideIn(tx, actor, id, reason, ip));
}

/** At most this many comments in one bulk action (two pages of the list). */
export const BULK_LIMIT = 100;

/**
 * 批量公开 / 批量隐藏 the selected comments: each one exactly as if done alone (approved with its
 * redacted text, hidden with the one reason), each with its own audit row, all in one
 * transaction — one comment outside the jurisdiction or gone refuses the whole batch, so a
 * moderator never has to work out which half went through.
 */
export async function moderateMany(actor: Actor, ids: readonly number[], op: 'approve' | 'hide', reason: string | null, ip: string | null): Promise<number> {
  requirePermission(actor, 'rating.moderate');
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new DomainError('请先勾选要处理的留言', 'invalid');
  if (unique.length > BULK_LIMIT) throw new DomainError(`一次最多处理 ${BULK_LIMIT} 条留言`, 'invalid');
  if (op === 'hide') checkHideReason(reason ?? '');
  return sql.begin(async (tx) => {
    const t = tx;
    for (const id of unique.sort((a, b) => a - b)) {
      if (op === 'approve') await approveIn(t, actor, id, null, ip);
      else await hideIn(t, actor, id, reason ?? '', ip);
    }
    return unique.length;
  });
}

/** The comment as written, for an administrator, with the reason written to the audit log. */
export async function readOriginalComment(actor: Actor, id: number, reason: string, ip: string | null): Promise<string> {
  requirePermission(actor, 'rating.original');
  if (!reason.trim()) throw new DomainError('查看原因：必填（留言原文可能含个人信息，查看须说明原因）', 'invalid');
  return sql.begin(async (tx) => {
    const t = tx;
    const [row] = await t<{ comment: string | null }[]>`
      SELECT ra.comment FROM ratings ra WHERE ra.id = ${id} AND supervisor_has_role(${actor.id}, '{admin}')`;
    if (!row || row.comment === null) throw new DomainError('留言不存在，或您没有查看原文的权限', 'not-found');
    await writeAudit(t, { actor, action: 'rating.view_original', targetKind: 'rating', targetId: id, reason, ip });
    return row.comment;
  });
}
