import type { APIContext } from 'astro';
import type { z } from 'zod';
import { fieldErrors } from '../../schemas/zod-errors';
import { can, type Actor, type Permission } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { refusalOf, statusOf } from '../errors';
import { chinaDate, type IsoDate } from '../../domain/working-days';
import { dueWindow } from '../../domain/complaint-workflow';
import { adminLocals, htmlError, jsonError } from '../../server/admin-guard';

/**
 * Small helpers shared by the supervisor area's page and API handlers: the request context,
 * form parsing with Chinese field errors, the date "today" in China, and turning refusals into
 * answers (never a 500 for bad input).
 */

export type AdminContext = Pick<APIContext, 'request' | 'url' | 'locals' | 'params' | 'cookies'> & { clientAddress: string };

export function actorOf(ctx: Pick<AdminContext, 'locals'>): Actor {
  return adminLocals(ctx.locals).actor;
}

export function ipOf(ctx: Pick<AdminContext, 'clientAddress'>): string | null {
  try {
    return ctx.clientAddress || null;
  } catch {
    return null;
  }
}

/** Today in China, and the last day of the 7-day "due soon" window (dueWindow in the domain). */
export function today(): { today: IsoDate; dueUntil: IsoDate } {
  const t = chinaDate(new Date());
  return { today: t, dueUntil: dueWindow(t).to };
}

/** Form fields as strings (files are ignored; the admin forms have none). */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => null)) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DomainError('请求内容必须是 JSON 对象', 'invalid');
    return Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new DomainError('无法读取提交的表单', 'invalid');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams.entries()) out[k] = v;
  return out;
}

/** Parse with a schema; failures become one invalid DomainError naming every field in Chinese. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, labels: Record<string, string>): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = fieldErrors(r.error.issues, labels).map((e) => (e.label ? `${e.label}：${e.message}` : e.message));
  throw new DomainError(errors.join('；'), 'invalid');
}

/** Parse, returning the data or the messages (for forms re-shown with their errors). */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown, labels: Record<string, string>): { data: z.infer<S>; errors: null } | { data: null; errors: string[] } {
  const r = schema.safeParse(input);
  if (r.success) return { data: r.data, errors: null };
  return { data: null, errors: fieldErrors(r.error.issues, labels).map((e) => (e.label ? `${e.label}：${e.message}` : e.message)) };
}

/** A refusal from any layer (a DomainError: WorkflowError and PointRecordError are ones), or null. */
export const asAdminError = refusalOf;

export function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

/** Run an API handler: refusals → JSON with their status; anything else → 500 without details. */
export async function apiHandler(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    const err = asAdminError(e);
    if (err) return jsonError(statusOf(err), err.message);
    console.error(e);
    return jsonError(500, '服务器内部错误，请稍后再试。');
  }
}

export function requireAccess(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new DomainError('您的账户没有访问此页面的权限。', 'forbidden');
}

/** Page numbers for a pager. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The same URL with some query parameters replaced (undefined removes one). */
export function withQuery(url: URL, changes: Record<string, string | number | undefined>): string {
  const u = new URL(url.pathname + url.search, 'http://x');
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  return u.pathname + (u.search === '?' ? '' : u.search);
}

/** A safe place to return to after login: a path inside the supervisor area, nothing else. */
export { safeNext } from '../../schemas/admin-accounts';

const TITLES: Record<number, string> = { 400: '提交的内容有误', 403: '没有权限', 404: '页面不存在', 409: '操作未能完成' };

/**
 * Run a page's view function: null → 404 page; a refusal → an error page with its status and
 * Chinese message (a district supervisor opening another district's complaint gets the same
 * 404 as for a complaint that does not exist).
 */
export async function page<T extends object>(fn: () => Promise<T | Response | null>): Promise<T | Response> {
  try {
    const v = await fn();
    if (v === null) return htmlError(404, TITLES[404]!, '要找的内容不存在，或不在您的辖区内。', '/admin/');
    return v;
  } catch (e) {
    const err = asAdminError(e);
    if (!err) throw e;
    return htmlError(statusOf(err), TITLES[statusOf(err)] ?? '操作未能完成', err.message, '/admin/');
  }
}
