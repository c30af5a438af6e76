import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { sql } from '../db/client';
import { writeAudit } from '../db/audit-log';
import { findForLogin, recordLoginFailure, recordLoginSuccess } from '../db/supervisors';
import { deleteSession, insertSession } from '../db/sessions';
import { loginAttempt } from './admin-rate-limit';
import { countOf, hit } from '../db/rate-limits';
import { ABSOLUTE_TIMEOUT_SECONDS, hashSessionId, issueDeviceToken, knownDeviceOf, randomToken } from './sessions';

/**
 * Passwords and logging in.
 *
 * Hashing: argon2id (@node-rs/argon2) with m = 19456 KiB (19 MiB), t = 2, p = 1, the OWASP
 * Password Storage Cheat Sheet minimum that ASVS 5.0 V11.4.2 refers to. About 30–60 ms per
 * hash on this machine class; raise memoryCost when the server has memory to spare — old hashes
 * keep verifying because the parameters are stored in each hash string.
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

export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Failures in a row before attempts on an account must wait. */
export const FREE_FAILURES = 5;
export const MAX_WAIT_SECONDS = 15 * 60;
export const IP_ATTEMPTS_PER_WINDOW = 30;
export const IP_WRONG_PER_WINDOW = 10;
export const DEVICE_WRONG_PER_WINDOW = 5;
export const ATTEMPT_WINDOW_SECONDS = 15 * 60;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false; // a malformed stored hash opens nothing
  }
}

/** Verified against when the username is unknown, so both answers take as long. */
let dummyHash: Promise<string> | null = null;

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
function unknownUserWait(count: number): number {
  return count <= FREE_FAILURES ? 0 : Math.min(MAX_WAIT_SECONDS, 2 ** (count - FREE_FAILURES));
}

export async function login(input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const ipKey = `admin-login:ip:${input.ip ?? 'unknown'}`;
  const ipWrongKey = `admin-login:ip-wrong:${input.ip ?? 'unknown'}`;
  const auditIp = (why: string) =>
    sql.begin((tx) => writeAudit(tx , { actor: null, actorName: username.slice(0, 40), action: 'login.failed', ip: input.ip, detail: { why } }));
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
    sql.begin((tx) =>
      writeAudit(tx , {
        actor: account ? { id: account.id, username: account.username } : null,
        actorName: username.slice(0, 40),
        action,
        ip: input.ip,
        detail: { why, ...detail },
      }),
    );

  if (!account) {
    dummyHash ??= hashPassword(randomToken());
    await verifyPassword(await dummyHash, input.password);
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
  await sql.begin(async (tx) => {
    const t = tx;
    if (input.previousSessionId) await t`DELETE FROM sessions WHERE id_hash = ${hashSessionId(input.previousSessionId)}`;
    await recordLoginSuccess(t, account.id, account.waitSeconds > 0);
    await insertSession(t, {
      idHash: hashSessionId(sessionId),
      supervisorId: account.id,
      csrfToken,
      absoluteSeconds: ABSOLUTE_TIMEOUT_SECONDS,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await writeAudit(t, { actor: { id: account.id, username: account.username }, action: 'login', ip: input.ip, ...(known && account.waitSeconds > 0 ? { detail: { knownDevice: true, waitSkipped: account.waitSeconds } } : {}) });
  });
  // The same device keeps its id (its counter of wrong passwords follows it); a new one gets one.
  const deviceToken = deviceId && input.deviceToken ? input.deviceToken : issueDeviceToken(account.id, account.deviceEpoch);
  return { ok: true, sessionId, csrfToken, supervisorId: account.id, deviceToken };
}

/** Ends the session server-side; the caller clears the cookie. */
export async function logout(sessionId: string, actor: { id: number; username: string }, ip: string | null): Promise<void> {
  await deleteSession(hashSessionId(sessionId));
  await sql.begin((tx) => writeAudit(tx , { actor, action: 'logout', ip }));
}
