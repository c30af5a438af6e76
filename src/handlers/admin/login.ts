import { config } from '../../config';
import { hashPassword, verifyPassword } from '../../server/auth';
import { recordAudit } from '../../db/audit-log';
import { findForLogin, recordLoginFailure } from '../../db/supervisors';
import { deleteSession, startSession } from '../../db/sessions';
import { countOf, hit } from '../../db/rate-limits';
import { loginAttempt } from '../../server/admin-rate-limit';
import { adminLocals } from '../../server/admin-guard';
import {
  absoluteTimeoutSeconds,
  cookieOptions,
  DEVICE_COOKIE_MAX_AGE,
  deviceCookieName,
  hashSessionId,
  issueDeviceToken,
  knownDeviceOf,
  loginCsrfCookieName,
  randomToken,
  resolveSession,
  sessionCookieName,
  tokensMatch,
} from '../../server/sessions';
import { loginSchema } from '../../schemas/admin-accounts';
import { frameOf, ipOf, parseForm, safeNext, type AdminContext, type AdminFrame } from './http';

/**
 * Logging in and out of the supervisor area (passwords are hashed in src/server/auth.ts).
 *
 * Throttling (ASVS V6.3.1) without handing attackers a way to lock the owner out (issue 17: five
 * wrong passwords from five addresses used to lock `admin` for 15 minutes, right password or not):
 * - per account, a growing wait instead of a lock: 4 failures in a row are free, then each next
 *   attempt must wait 2 s, 4 s, 8 s, … at most 15 minutes after the last failure. While it waits,
 *   the password is not even checked (so guessing gains nothing) — except:
 * - from a known device (a signed cookie set at a successful login, src/server/sessions.ts) the
 *   right password passes at once; a device with 5 wrong passwords in 15 minutes loses that
 *   privilege for the window;
 * - per address: at most 10 wrong passwords and 30 attempts in all per 15 minutes, however many
 *   accounts are tried;
 * - unknown usernames wait the same way (through the shared rate-limit table), so the answers do
 *   not reveal which usernames exist;
 * - an administrator can lift the wait on the users screen (audited as user.unlock).
 */

/** Failures in a row before attempts on an account must wait. */
export const FREE_FAILURES = 5;
export const MAX_WAIT_SECONDS = 15 * 60;
export const IP_ATTEMPTS_PER_WINDOW = 30;
export const IP_WRONG_PER_WINDOW = 10;
export const DEVICE_WRONG_PER_WINDOW = 5;
export const ATTEMPT_WINDOW_SECONDS = 15 * 60;

/** Verified against when the username is unknown, so both answers take as long. */
let dummyHash: Promise<string> | null = null;

/** Spends the time of a password check when there is no account to check against (same answer time). */
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomToken());
  await verifyPassword(await dummyHash, password);
}

/** "15 秒", "3 分钟" */
export function formatWait(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, seconds)} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

export const LOGIN_MESSAGES = {
  wrong: '用户名或密码不正确。',
  wait: (seconds: number) =>
    `该账户登录失败次数过多，请 ${formatWait(seconds)}后再试。在此前成功登录过的电脑或手机上输入正确密码可以直接登录；也可请委机关管理员在“账户管理”中解除限制。`,
  ipLimited: '该网络地址的登录尝试过于频繁，请稍后再试。',
} as const;

export type LoginResult =
  | { ok: true; sessionId: string; csrfToken: string; supervisorId: number; deviceToken: string }
  | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The session cookie sent with the login form, ended so that an id is never reused. */
  previousSessionId?: string | undefined;
  /** The known-device cookie sent with the login form, if any. */
  deviceToken?: string | undefined;
}

const waitResult = (seconds: number): LoginResult => ({ ok: false, status: 429, message: LOGIN_MESSAGES.wait(seconds), retryAfterSeconds: seconds });

/**
 * The wait for an unknown username at its `count`-th attempt in the window: like an account, the
 * first attempts are answered "wrong", later ones are told to wait, for longer each time.
 */
export function unknownUserWait(count: number): number {
  return count <= FREE_FAILURES ? 0 : Math.min(MAX_WAIT_SECONDS, 2 ** (count - FREE_FAILURES));
}

export async function login(input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const ipKey = `admin-login:ip:${input.ip ?? 'unknown'}`;
  const ipWrongKey = `admin-login:ip-wrong:${input.ip ?? 'unknown'}`;
  const auditIp = (why: string) => recordAudit({ actor: null, actorName: username.slice(0, 40), action: 'login.failed', ip: input.ip, detail: { why } });
  if (!(await loginAttempt(ipKey, IP_ATTEMPTS_PER_WINDOW, ATTEMPT_WINDOW_SECONDS))) {
    await auditIp('ip-limit');
    return { ok: false, status: 429, message: LOGIN_MESSAGES.ipLimited, retryAfterSeconds: ATTEMPT_WINDOW_SECONDS };
  }
  if ((await countOf(ipWrongKey, ATTEMPT_WINDOW_SECONDS)) >= IP_WRONG_PER_WINDOW) {
    await auditIp('ip-wrong-limit');
    return { ok: false, status: 429, message: LOGIN_MESSAGES.ipLimited, retryAfterSeconds: ATTEMPT_WINDOW_SECONDS };
  }
  const countWrongFromIp = () => hit(ipWrongKey, IP_WRONG_PER_WINDOW, ATTEMPT_WINDOW_SECONDS);
  const account = username ? await findForLogin(username) : null;
  const audit = (action: 'login.failed' | 'login.locked', why: string, detail: Record<string, unknown> = {}) =>
    recordAudit({
      actor: account ? { id: account.id, username: account.username } : null,
      actorName: username.slice(0, 40),
      action,
      ip: input.ip,
      detail: { why, ...detail },
    });

  if (!account) {
    await verifyAgainstNothing(input.password);
    const counted = await hit(`admin-login:user:${username}`, FREE_FAILURES, ATTEMPT_WINDOW_SECONDS);
    await countWrongFromIp();
    const wait = unknownUserWait(counted.count);
    await audit(wait ? 'login.locked' : 'login.failed', 'unknown-user');
    return wait ? waitResult(wait) : { ok: false, status: 401, message: LOGIN_MESSAGES.wrong };
  }

  // A known device of this account passes the wait, unless it has itself guessed too often.
  const deviceId = knownDeviceOf(input.deviceToken, account.id, account.deviceEpoch);
  const deviceKey = deviceId ? `admin-login:device:${deviceId}` : null;
  const known = deviceKey !== null && (await countOf(deviceKey, ATTEMPT_WINDOW_SECONDS)) < DEVICE_WRONG_PER_WINDOW;
  if (account.waitSeconds > 0 && !known) {
    await audit('login.locked', 'waiting', { waitSeconds: account.waitSeconds });
    return waitResult(account.waitSeconds);
  }
  const good = await verifyPassword(account.passwordHash, input.password);
  if (!good || !account.active) {
    if (good) {
      await audit('login.failed', 'inactive');
      return { ok: false, status: 401, message: LOGIN_MESSAGES.wrong };
    }
    const wait = await recordLoginFailure(account.id, FREE_FAILURES, MAX_WAIT_SECONDS);
    await countWrongFromIp();
    if (deviceKey) await hit(deviceKey, DEVICE_WRONG_PER_WINDOW, ATTEMPT_WINDOW_SECONDS);
    await audit(wait ? 'login.locked' : 'login.failed', 'wrong-password', known ? { knownDevice: true } : {});
    return { ok: false, status: 401, message: LOGIN_MESSAGES.wrong };
  }

  const sessionId = randomToken();
  const csrfToken = randomToken();
  await startSession(
    input.previousSessionId ? hashSessionId(input.previousSessionId) : null,
    {
      idHash: hashSessionId(sessionId),
      supervisorId: account.id,
      csrfToken,
      absoluteSeconds: absoluteTimeoutSeconds(),
      ip: input.ip,
      userAgent: input.userAgent,
    },
    account.waitSeconds > 0,
    {
      actor: { id: account.id, username: account.username },
      action: 'login',
      ip: input.ip,
      ...(known && account.waitSeconds > 0 ? { detail: { knownDevice: true, waitSkipped: account.waitSeconds } } : {}),
    },
  );
  // The same device keeps its id (its counter of wrong passwords follows it); a new one gets one.
  const deviceToken = deviceId && input.deviceToken ? input.deviceToken : issueDeviceToken(account.id, account.deviceEpoch);
  return { ok: true, sessionId, csrfToken, supervisorId: account.id, deviceToken };
}

/** Ends the session server-side; the caller clears the cookie. */
export async function logout(sessionId: string, actor: { id: number; username: string }, ip: string | null): Promise<void> {
  await deleteSession(hashSessionId(sessionId));
  await recordAudit({ actor, action: 'logout', ip });
}

// ---------------------------------------------------------------------------------------------
// The /admin/login page and /admin/logout

export interface LoginView {
  status: number;
  /** Seconds for a Retry-After header when the attempt was refused for now (429). */
  retryAfter: number | null;
  csrf: string;
  next: string;
  username: string;
  error: string | null;
  notice: string | null;
  frame: AdminFrame;
}

const NOTICES = {
  expired: () => `登录已过期（${config.SESSION_IDLE_MINUTES} 分钟无操作或已超过 ${config.SESSION_ABSOLUTE_HOURS} 小时），请重新登录。`,
  bye: () => '您已安全退出。',
  changed: () => '密码已修改，所有登录会话已结束，请用新密码登录。',
} as const;

export async function loginPage(ctx: AdminContext): Promise<LoginView | Response> {
  const next = safeNext(ctx.url.searchParams.get('next'));
  const existing = await resolveSession(ctx.cookies.get(sessionCookieName())?.value);
  if (ctx.request.method === 'GET' && existing) return new Response(null, { status: 303, headers: { Location: next } });

  // The login form's own token (there is no session yet): a random cookie echoed in the form.
  const issueToken = () => {
    const t = randomToken();
    ctx.cookies.set(loginCsrfCookieName(), t, cookieOptions(60 * 60));
    return t;
  };
  const view = async (
    status: number,
    error: string | null,
    username = '',
    notice: string | null = null,
    retryAfter: number | null = null,
  ): Promise<LoginView> => ({
    status,
    retryAfter,
    csrf: issueToken(),
    next,
    username,
    error,
    notice,
    frame: await frameOf(null),
  });

  if (ctx.request.method !== 'POST') {
    const key = (['expired', 'bye', 'changed'] as const).find((k) => ctx.url.searchParams.get(k));
    const notice = key ? NOTICES[key]() : null;
    return view(200, null, '', notice);
  }
  let form: FormData;
  try {
    form = await ctx.request.formData();
  } catch {
    return view(400, '无法读取登录表单，请重新填写。');
  }
  const field = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  const username = field('username').trim().slice(0, 40);
  if (!tokensMatch(ctx.cookies.get(loginCsrfCookieName())?.value ?? '', field('_csrf'))) {
    return view(403, '登录页面已过期，请重新输入用户名和密码后登录。', username);
  }
  const parsed = parseForm(loginSchema, { username: field('username'), password: field('password') }, { username: '用户名', password: '密码' });
  if (!parsed.data) return view(400, parsed.errors.join('；'), username);
  // Decided before anything is written: an unusable `next` falls back to /admin/, never a 500
  // after the session and the audit row exist.
  const target = safeNext(field('next') || next);
  const result = await login({
    username: parsed.data.username,
    password: parsed.data.password,
    ip: ipOf(ctx),
    userAgent: ctx.request.headers.get('user-agent'),
    previousSessionId: ctx.cookies.get(sessionCookieName())?.value,
    deviceToken: ctx.cookies.get(deviceCookieName())?.value,
  });
  if (!result.ok) return view(result.status, result.message, username, null, result.retryAfterSeconds ?? null);
  ctx.cookies.set(sessionCookieName(), result.sessionId, cookieOptions());
  ctx.cookies.set(deviceCookieName(), result.deviceToken, cookieOptions(DEVICE_COOKIE_MAX_AGE));
  ctx.cookies.delete(loginCsrfCookieName(), cookieOptions());
  return new Response(null, { status: 303, headers: { Location: target } });
}

export async function logoutRequest(ctx: AdminContext): Promise<Response> {
  const { actor, sessionId } = adminLocals(ctx.locals);
  await logout(sessionId, actor, ipOf(ctx));
  ctx.cookies.delete(sessionCookieName(), cookieOptions());
  return new Response(null, { status: 303, headers: { Location: '/admin/login?bye=1' } });
}
