import crypto from 'node:crypto';
import { config } from '../config';
import { findLiveSession, touchSession, type SessionLookup } from '../db/sessions';
import { hmac } from './secrets';

/**
 * Session cookies of the supervisor area (OWASP ASVS 5.0 V7): 256-bit random ids from the
 * CSPRNG, only their SHA-256 stored, a new id at every login, HttpOnly + SameSite=Strict, and
 * `Secure` with the `__Host-` prefix when served over HTTPS. Idle timeout (SESSION_IDLE_MINUTES,
 * default 30) and absolute timeout (SESSION_ABSOLUTE_HOURS, default 12), both enforced by the
 * database lookup (等保 8.1.4.1 b: 登录连接超时自动退出).
 */

export function idleTimeoutSeconds(): number {
  return config.SESSION_IDLE_MINUTES * 60;
}

export function absoluteTimeoutSeconds(): number {
  return config.SESSION_ABSOLUTE_HOURS * 3600;
}
/** Recording every request's time would write on every click; once a minute is precise enough. */
const TOUCH_AFTER_SECONDS = 60;

export function sessionCookieName(): string {
  return config.HTTPS ? '__Host-admin_session' : 'admin_session';
}

export function loginCsrfCookieName(): string {
  return config.HTTPS ? '__Host-admin_login' : 'admin_login';
}

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'strict';
  secure: boolean;
  path: '/';
  maxAge?: number;
}

export function cookieOptions(maxAge?: number): CookieOptions {
  const o: CookieOptions = { httpOnly: true, sameSite: 'strict', secure: config.HTTPS, path: '/' };
  if (maxAge !== undefined) o.maxAge = maxAge;
  return o;
}

/** A new random token (session id, CSRF token): 32 bytes, base64url. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function hashSessionId(raw: string): string {
  return crypto.createHash('sha256').update(raw, 'utf8').digest('hex');
}

/** Constant-time comparison of two tokens (a mismatch in length is a mismatch). */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Cookie values we issue are base64url of 32 bytes; anything else is not looked up at all. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export async function resolveSession(raw: string | undefined): Promise<(SessionLookup & { idHash: string }) | null> {
  if (!raw || !TOKEN_SHAPE.test(raw)) return null;
  const idHash = hashSessionId(raw);
  const found = await findLiveSession(idHash, idleTimeoutSeconds());
  if (!found) return null;
  if (found.idleSeconds > TOUCH_AFTER_SECONDS) await touchSession(idHash);
  return { ...found, idHash };
}

export function isWellFormedToken(raw: string | undefined): raw is string {
  return typeof raw === 'string' && TOKEN_SHAPE.test(raw);
}

// ---------------------------------------------------------------------------------------------
// Known devices

/**
 * A browser that has logged in to an account before gets a signed "known device" cookie
 * (HttpOnly, SameSite=Strict, 180 days). With it, the right password passes even while failed
 * attempts from elsewhere make the account wait (src/server/auth.ts): an attacker can slow the
 * login of an account down, but cannot lock its owner out. The cookie names the account, a random
 * device id and an HMAC over both and the account's password epoch, so it opens nothing by
 * itself (the password is still needed), and a password reset disowns every device.
 */
export const DEVICE_COOKIE_MAX_AGE = 180 * 86_400;

export function deviceCookieName(): string {
  return config.HTTPS ? '__Host-admin_device' : 'admin_device';
}

const DEVICE_SHAPE = /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

const deviceMac = (supervisorId: number, deviceId: string, epoch: string) => hmac('admin-known-device', `${supervisorId}.${deviceId}.${epoch}`);

export function issueDeviceToken(supervisorId: number, epoch: string): string {
  const deviceId = crypto.randomBytes(16).toString('base64url');
  return `${supervisorId}.${deviceId}.${deviceMac(supervisorId, deviceId, epoch)}`;
}

/** The device id when `token` is a valid known-device cookie of this account, else null. */
export function knownDeviceOf(token: string | undefined, supervisorId: number, epoch: string): string | null {
  const m = token ? DEVICE_SHAPE.exec(token) : null;
  const deviceId = m?.[2];
  if (!m || deviceId === undefined || Number(m[1]) !== supervisorId) return null;
  return tokensMatch(deviceMac(supervisorId, deviceId, epoch), m[3]) ? deviceId : null;
}
