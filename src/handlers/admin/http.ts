import type { APIContext } from 'astro';
import type { StoredFile } from '../../db/stored-file';
import type { z } from 'zod';
import { fieldErrors } from '../../schemas/zod-errors';
import { can, type Actor, type Permission } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { refusalOf, statusOf } from '../errors';
import { recordIdOf } from '../../schemas/admin-common';
import { chinaDate, type IsoDate } from '../../domain/working-days';
import { dueWindow } from '../../domain/complaint-workflow';
import { adminLocals, htmlError, jsonError } from '../../server/admin-guard';
import { getDataset, type Dataset } from '../../db/site-settings';

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

/** A JSON value as the text a form field would carry (what String() gives; null → ''). */
function fieldText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(fieldText).join(',');
  return Object.prototype.toString.call(v);
}

/** The posted form; a body that is not one is refused with `message` (an error shown, never a 500). */
export async function formDataOf(request: Request, message = '无法读取提交的表单'): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new DomainError(message, 'invalid');
  }
}

/**
 * A refusal of a form's action, for the form shown again: its messages, status and kind. Anything
 * that is not a refusal (a bug, the database gone) is thrown on.
 */
export function refused(e: unknown): { errors: string[]; status: 400 | 403 | 404 | 409; notFound: boolean } {
  const err = refusalOf(e);
  if (!err) throw e;
  return { errors: err.message.split('；'), status: statusOf(err), notFound: err.kind === 'not-found' };
}

/** Form fields as strings (files are ignored; the admin forms have none). */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => null)) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DomainError('请求内容必须是 JSON 对象', 'invalid');
    return Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, fieldText(v)]));
  }
  const form = await formDataOf(request);
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
export function parseForm<S extends z.ZodType>(
  schema: S,
  input: unknown,
  labels: Record<string, string>,
): { data: z.infer<S>; errors: null } | { data: null; errors: string[] } {
  const r = schema.safeParse(input);
  if (r.success) return { data: r.data, errors: null };
  return { data: null, errors: fieldErrors(r.error.issues, labels).map((e) => (e.label ? `${e.label}：${e.message}` : e.message)) };
}

export function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

/** Run an API handler: refusals → JSON with their status; anything else → 500 without details. */
export async function apiHandler(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    const err = refusalOf(e);
    if (err) return jsonError(statusOf(err), err.message);
    console.error(e);
    return jsonError(500, '服务器内部错误，请稍后再试。');
  }
}

export function requireAccess(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new DomainError('您的账户没有访问此页面的权限。', 'forbidden');
}

/** The signed-in account, refused (403) without `permission`: how a page or action starts. */
export function actorAllowed(ctx: Pick<AdminContext, 'locals'>, permission: Permission): Actor {
  const actor = actorOf(ctx);
  requireAccess(actor, permission);
  return actor;
}

/**
 * A record's page (/admin/<group>/{id}) starts here: the actor, refused without `permission`; the
 * id in the route, or null when it names no record (the 404); and today in China.
 */
export function recordPageStart(ctx: Pick<AdminContext, 'locals' | 'params'>, permission: Permission): { actor: Actor; id: number; t: IsoDate } | null {
  const actor = actorAllowed(ctx, permission);
  const id = recordIdOf(ctx.params['id']);
  if (id === null) return null;
  return { actor, id, t: today().today };
}

/** Rows a page of the admin lists (points, complaints, inspections, …); the moderation queue and the audit log have their own. */
export const LIST_PAGE_SIZE = 50;

/** Pager and filter links (pure URL helpers, shared with the views). */
export { pageCount, withQuery } from '../../domain/list-links';

/** A safe place to return to after login: a path inside the supervisor area, nothing else. */
export { safeNext } from '../../schemas/admin-accounts';

const TITLES: Record<400 | 403 | 404 | 409, string> = { 400: '提交的内容有误', 403: '没有权限', 404: '页面不存在', 409: '操作未能完成' };

/**
 * Run a page's view function: null → 404 page; a refusal → an error page with its status and
 * Chinese message (a district supervisor opening another district's complaint gets the same
 * 404 as for a complaint that does not exist).
 */
export async function page<T extends object>(fn: () => Promise<T | Response | null>): Promise<T | Response> {
  try {
    const v = await fn();
    if (v === null) return htmlError(404, TITLES[404], '要找的内容不存在，或不在您的辖区内。', '/admin/');
    return v;
  } catch (e) {
    const err = refusalOf(e);
    if (!err) throw e;
    return htmlError(statusOf(err), TITLES[statusOf(err)], err.message, '/admin/');
  }
}

/** What every supervisor-area page shows around its screen (AdminLayout's `frame`). */
export interface AdminFrame {
  dataset: Dataset;
  /** The signed-in account; null on the login page. */
  actor: Actor | null;
  /** The session's CSRF token for the page's forms ('' without a session). */
  csrf: string;
}

/** The frame of a page: the dataset, and the session's account and token when there is one. */
export async function frameOf(ctx: Pick<AdminContext, 'locals'> | null): Promise<AdminFrame> {
  const session = ctx ? adminLocals(ctx.locals) : null;
  return { dataset: await getDataset(), actor: session?.actor ?? null, csrf: session?.csrfToken ?? '' };
}

/** What a route hands to `screen()`: Astro's context, whose response takes the view's status. */
export type ScreenContext = Pick<AdminContext, 'locals'> & { response: ResponseInit & { readonly headers: Headers } };

/**
 * A page of the supervisor area: `page()` with the frame its layout shows (a view that brings its
 * own frame, the login page's, keeps it). A view's `status` becomes the answer's status, and its
 * `retryAfter` (seconds) a Retry-After header, so a route only calls this and renders one screen.
 */
export async function screen<T extends object>(ctx: ScreenContext, fn: () => Promise<T | Response | null>): Promise<(T & { frame: AdminFrame }) | Response> {
  const v = await page(fn);
  if (v instanceof Response) return v;
  if ('status' in v && typeof v.status === 'number') ctx.response.status = v.status;
  if ('retryAfter' in v && typeof v.retryAfter === 'number' && v.retryAfter > 0) ctx.response.headers.set('Retry-After', String(v.retryAfter));
  if ('frame' in v) return v as T & { frame: AdminFrame };
  return { ...v, frame: await frameOf(ctx) };
}

/** A form's refusal as its page shows it: the messages, the status, and whether it was "not found". */
export interface Refused {
  errors: string[];
  status: number;
  notFound: boolean;
}

export const NOT_REFUSED: Refused = { errors: [], status: 200, notFound: false };

/**
 * Runs a page's POST action: its answer (a redirect), or a refusal as the page's messages and
 * status. Anything that is not a refusal is a bug and is thrown on.
 */
export async function formAction(work: () => Promise<Response>): Promise<Response | Refused> {
  try {
    return await work();
  } catch (e) {
    return refused(e);
  }
}

/** A page's POST action run with formAction; without a POST, nothing was refused. */
export async function postedAction(request: Request, work: () => Promise<Response>): Promise<Response | Refused> {
  return request.method === 'POST' ? formAction(work) : NOT_REFUSED;
}

/** Redirect after a successful form (POST → 303 → GET). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** A stored file sent back as a download (rectification reports, portal submissions), or a plain 404. */
export function fileDownload(file: StoredFile | null): Response {
  if (!file) return new Response('文件不存在，或不在您负责的辖区内。', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': file.mime,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
