import crypto from 'node:crypto';
import type { AstroCookies } from 'astro';
import { config } from '../config';
import { hmac } from './secrets';
import { failure, type IntakeFailure } from '../domain/intake-pipeline';

/**
 * CSRF protection for the anonymous public forms (complaint, rating, status lookup).
 *
 * The browser gets a random cookie (HttpOnly, SameSite=Lax; `__Host-` and Secure over HTTPS).
 * Each form carries a token signed with a server key over the form's name, that cookie, the time
 * it was issued and a random nonce: a page on another site can neither read the cookie nor forge
 * the token. The nonce doubles as the form's idempotency key (a resubmitted form returns the
 * first answer) and the issue time gives the minimum fill time. On top of that, a POST whose
 * Origin or Sec-Fetch-Site says it came from another site is refused.
 */

export type FormName = 'complaint' | 'rating' | 'status';

const TOKEN_VERSION = 'v1';

export function csrfCookieName(): string {
  return config.HTTPS ? '__Host-intake_csrf' : 'intake_csrf';
}

/** The browser's CSRF cookie, set when missing. */
function ensureCookie(cookies: AstroCookies): string {
  const existing = cookies.get(csrfCookieName())?.value;
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const value = crypto.randomBytes(32).toString('base64url');
  cookies.set(csrfCookieName(), value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.HTTPS,
    path: '/',
    maxAge: 7 * 86_400,
  });
  return value;
}

function sign(form: FormName, cookie: string, issuedAt: number, nonce: string): string {
  return hmac('csrf', `${form}|${cookie}|${issuedAt}|${nonce}`);
}

/** A token for a form rendered now (sets the cookie if the browser has none). */
export function issueFormToken(cookies: AstroCookies, form: FormName, now = Date.now()): string {
  const cookie = ensureCookie(cookies);
  const nonce = crypto.randomBytes(16).toString('base64url');
  return `${TOKEN_VERSION}.${now}.${nonce}.${sign(form, cookie, now, nonce)}`;
}

export interface VerifiedToken {
  issuedAt: number;
  /** Random per rendered form: the idempotency key of a form submission. */
  nonce: string;
}

const COOKIE_MESSAGE = '表单已失效或浏览器未保存本站 Cookie。请允许本站使用 Cookie，刷新页面后重新提交（已填写的内容会保留）。';

/** Whether the request came from a page of this site (Origin / Sec-Fetch-Site). */
export function sameSite(request: Request, url: URL): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.get('origin');
  if (origin) {
    try {
      if (new URL(origin).host !== url.host) return false;
    } catch {
      return false; // "null" or garbage
    }
  }
  return true;
}

export function verifyFormToken(
  request: Request,
  url: URL,
  cookies: AstroCookies,
  form: FormName,
  token: string | undefined,
): { ok: true; token: VerifiedToken } | { ok: false; failure: IntakeFailure } {
  if (!sameSite(request, url)) return { ok: false, failure: failure('forbidden', '拒绝来自其他网站的提交。请在本站页面上填写并提交。') };
  const cookie = cookies.get(csrfCookieName())?.value;
  const parts = (token ?? '').split('.');
  if (!cookie || parts.length !== 4 || parts[0] !== TOKEN_VERSION) return { ok: false, failure: failure('forbidden', COOKIE_MESSAGE) };
  const [, issued, nonce, signature] = parts as [string, string, string, string];
  const issuedAt = Number(issued);
  if (!/^\d{13}$/.test(issued) || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) return { ok: false, failure: failure('forbidden', COOKIE_MESSAGE) };
  const expected = Buffer.from(sign(form, cookie, issuedAt, nonce));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return { ok: false, failure: failure('forbidden', COOKIE_MESSAGE) };
  }
  return { ok: true, token: { issuedAt, nonce } };
}
