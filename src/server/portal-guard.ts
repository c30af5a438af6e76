import type { APIContext, MiddlewareNext } from 'astro';
import { config } from '../config';
import { findLivePortalSession, touchPortalSession, type PortalAccount } from '../db/portal';
import { htmlError, noStore, submittedToken } from './admin-guard';
import { cookieOptions, hashSessionId, isWellFormedToken, idleTimeoutSeconds, tokensMatch } from './sessions';

/**
 * The door of the institution portal (/portal/**), run by src/middleware.ts: the same rules as
 * the supervisor area's (src/server/admin-guard.ts), with its own cookie and session table:
 * - every page needs a live portal session (idle 30 min, absolute 12 h, like /admin), except the
 *   login and activation pages (they carry their own form token);
 * - every POST carries the session's CSRF token (`_csrf`), or 403;
 * - every answer is `Cache-Control: no-store`.
 * The account is put in `locals.portal` (`portalLocals()`); its institution_id scopes every query.
 */

export interface PortalLocals {
  account: PortalAccount;
  csrfToken: string;
  sessionId: string;
}

const KEY = 'portal';

export function portalCookieName(): string {
  return config.HTTPS ? '__Host-portal_session' : 'portal_session';
}

export function portalLocals(locals: object): PortalLocals {
  const value = (locals as Record<string, unknown>)[KEY] as PortalLocals | undefined;
  if (!value) throw new Error('portalLocals() used outside the institution portal');
  return value;
}

const inPortal = (p: string | undefined) => p !== undefined && (p === '/portal' || p.startsWith('/portal/'));
const OPEN = new Set(['/portal/login', '/portal/activate']);
const TOUCH_AFTER_SECONDS = 60;

/** The live session for a cookie value, touched at most once a minute. */
export async function resolvePortalSession(raw: string | undefined): Promise<{ account: PortalAccount; csrfToken: string } | null> {
  if (!isWellFormedToken(raw)) return null;
  const idHash = hashSessionId(raw);
  const found = await findLivePortalSession(idHash, idleTimeoutSeconds());
  if (found && found.idleSeconds > TOUCH_AFTER_SECONDS) await touchPortalSession(idHash);
  return found;
}

type GuardContext = Pick<APIContext, 'url' | 'request' | 'cookies' | 'locals'> & { routePattern?: string };

export async function portalGuard(ctx: GuardContext, next: MiddlewareNext): Promise<Response> {
  // By the URL and by the route Astro matched (raw paths like ..%5c are resolved differently).
  if (!inPortal(ctx.url.pathname) && !inPortal(ctx.routePattern)) return next();
  return noStore(await guarded(ctx, next));
}

async function guarded(ctx: GuardContext, next: MiddlewareNext): Promise<Response> {
  const path = ctx.url.pathname.replace(/\/$/, '');
  if (OPEN.has(path) && (ctx.routePattern === undefined || OPEN.has(ctx.routePattern))) return next();
  const raw = ctx.cookies.get(portalCookieName())?.value;
  const session = await resolvePortalSession(raw);
  if (!session || raw === undefined) {
    if (raw !== undefined) ctx.cookies.delete(portalCookieName(), cookieOptions());
    return new Response(null, { status: 303, headers: { Location: `/portal/login${isWellFormedToken(raw) ? '?expired=1' : ''}` } });
  }
  if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.request.method) && !tokensMatch(session.csrfToken, await submittedToken(ctx.request))) {
    return htmlError(403, '请求已拒绝', '表单已过期或来源不明（缺少有效的安全令牌）。请返回上一页、刷新后重新提交。', '/portal/');
  }
  (ctx.locals as Record<string, unknown>)[KEY] = { account: session.account, csrfToken: session.csrfToken, sessionId: raw } satisfies PortalLocals;
  return next();
}
