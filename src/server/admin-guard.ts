import type { APIContext, MiddlewareNext } from 'astro';
import { recordAudit } from '../db/audit-log';
import type { Actor } from '../domain/roles';
import { isWellFormedToken, resolveSession, sessionCookieName, tokensMatch, cookieOptions } from './sessions';

/**
 * The door of the supervisor area, run by src/middleware.ts for every on-demand request:
 *
 * - /admin/** and /api/admin/** answer only with a live session: pages redirect to the login
 *   page, the API answers 401 JSON. /admin/login is the one exception (it has its own form token).
 * - Every request that changes something (POST, PUT, PATCH, DELETE) carries the session's CSRF
 *   token, in the `_csrf` form field or the `X-CSRF-Token` header; otherwise 403.
 * - Every answer is `Cache-Control: no-store`, so no browser or proxy keeps a copy of a page
 *   with personal data, and the back button after logout shows nothing.
 *
 * The signed-in account is put in `locals.admin` for the pages (`adminLocals()`).
 */

export interface AdminLocals {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
}

const KEY = 'admin';

/** The session of the current admin request (the guard has already checked it exists). */
export function adminLocals(locals: object): AdminLocals {
  const value = (locals as Record<string, unknown>)[KEY] as AdminLocals | undefined;
  if (!value) throw new Error('adminLocals() used outside the supervisor area');
  return value;
}

export function isAdminPath(pathname: string): { admin: boolean; api: boolean } {
  const api = pathname === '/api/admin' || pathname.startsWith('/api/admin/');
  const admin = api || pathname === '/admin' || pathname.startsWith('/admin/');
  return { admin, api };
}

const OPEN_PATHS = new Set(['/admin/login', '/admin/login/']);
const OPEN_ROUTE = '/admin/login';

/**
 * Is this request in the supervisor area, and is it the one open page? Decided from the route
 * Astro matched (`routePattern`, e.g. `/api/admin/complaints/[id]`) as well as from the URL:
 * `context.url` is normalised (`..%5c` becomes `../` and is resolved away) while Astro routes on
 * the raw path, so `/api/admin/complaints/..%5c..%5cx` has a URL outside the area but runs an
 * admin handler. Either one in the area puts the request in it; only the login route is open.
 */
export function supervisorArea(pathname: string, routePattern?: string): { admin: boolean; api: boolean; open: boolean } {
  const byUrl = isAdminPath(pathname);
  const byRoute = routePattern === undefined ? { admin: false, api: false } : isAdminPath(routePattern);
  const admin = byUrl.admin || byRoute.admin;
  const api = byRoute.admin ? byRoute.api : byUrl.api;
  const open = routePattern === undefined ? OPEN_PATHS.has(pathname) : routePattern === OPEN_ROUTE && OPEN_PATHS.has(pathname);
  return { admin, api, open };
}
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What an account that must change its password can still reach. */
const MUST_CHANGE_OPEN = new Set(['/admin/account', '/admin/account/', '/admin/logout', '/admin/logout/']);

export function jsonError(status: number, error: string): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

export function htmlError(status: number, title: string, message: string, link = '/admin/'): Response {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="${esc(link)}">返回</a></p></main></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

/** `Cache-Control: no-store` on a response, copying it when its headers are immutable (redirects). */
export function noStore(response: Response): Response {
  try {
    response.headers.set('Cache-Control', 'no-store');
    response.headers.set('Pragma', 'no-cache');
    return response;
  } catch {
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    copy.headers.set('Cache-Control', 'no-store');
    copy.headers.set('Pragma', 'no-cache');
    return copy;
  }
}

function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { Location: location } });
}

export async function submittedToken(request: Request): Promise<string | null> {
  const header = request.headers.get('x-csrf-token');
  if (header) return header;
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return null;
  try {
    const form = await request.clone().formData();
    const v = form.get('_csrf');
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

type GuardContext = Pick<APIContext, 'url' | 'request' | 'cookies' | 'locals'> & { clientAddress?: string; routePattern?: string };

function clientIp(ctx: GuardContext): string | null {
  try {
    return ctx.clientAddress ?? null;
  } catch {
    return null;
  }
}

export async function adminGuard(ctx: GuardContext, next: MiddlewareNext): Promise<Response> {
  const where = supervisorArea(ctx.url.pathname, ctx.routePattern);
  if (!where.admin) return next();
  return noStore(await guarded(ctx, next, where.api, where.open));
}

async function guarded(ctx: GuardContext, next: MiddlewareNext, api: boolean, open: boolean): Promise<Response> {
  if (open) return next();
  const raw = ctx.cookies.get(sessionCookieName())?.value;
  const session = await resolveSession(raw);
  if (!session) {
    if (raw !== undefined) ctx.cookies.delete(sessionCookieName(), cookieOptions());
    const expired = isWellFormedToken(raw);
    if (api) return jsonError(401, expired ? '登录已过期，请重新登录。' : '请先登录。');
    const back = ctx.request.method === 'GET' ? ctx.url.pathname + ctx.url.search : '/admin/';
    return redirect(`/admin/login?next=${encodeURIComponent(back)}${expired ? '&expired=1' : ''}`);
  }
  if (!SAFE_METHODS.has(ctx.request.method)) {
    const token = await submittedToken(ctx.request);
    if (!tokensMatch(session.csrfToken, token)) {
      await recordAudit({
        actor: session.actor,
        action: 'csrf.rejected',
        ip: clientIp(ctx),
        detail: { path: ctx.url.pathname, method: ctx.request.method },
      });
      return api
        ? jsonError(403, '请求缺少有效的安全令牌（CSRF），已拒绝。')
        : htmlError(403, '请求已拒绝', '表单已过期或来源不明（缺少有效的安全令牌）。请返回上一页、刷新后重新提交。');
    }
  }
  // A password an administrator set (new account, reset) must be replaced first: every other
  // page leads to the change-password page until it is (等保 8.1.4.1; 0017 must_change_password).
  if (session.mustChangePassword && !MUST_CHANGE_OPEN.has(ctx.url.pathname)) {
    return api ? jsonError(403, '请先修改管理员为您设置的初始密码。') : redirect('/admin/account?must=1');
  }
  // A session was found, so the cookie was there.
  (ctx.locals as Record<string, unknown>)[KEY] = { actor: session.actor, csrfToken: session.csrfToken, sessionId: raw ?? '' } satisfies AdminLocals;
  return next();
}
