import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { sql } from '../db/client';
import { writeAudit } from '../db/audit-log';
import { findForLogin, recordLoginFailure, recordLoginSuccess } from '../db/supervisors';
import { deleteSession, insertSession } from '../db/sessions';
import { loginAttempt } from './admin-rate-limit';
import { ABSOLUTE_TIMEOUT_SECONDS, hashSessionId, randomToken } from './sessions';

/**
 * Passwords and logging in.
 *
 * Hashing: argon2id (@node-rs/argon2) with m = 19456 KiB (19 MiB), t = 2, p = 1, the OWASP
 * Password Storage Cheat Sheet minimum that ASVS 5.0 V11.4.2 refers to. About 30–60 ms per
 * hash on this machine class; raise memoryCost when the server has memory to spare — old hashes
 * keep verifying because the parameters are stored in each hash string.
 *
 * Throttling (ASVS V6.3.1): 5 wrong passwords in a row lock the account for 15 minutes; unknown
 * usernames are throttled the same way through the shared rate-limit table so the answer does
 * not reveal which usernames exist; and one IP address gets at most 30 attempts per 15 minutes.
 */

export const ARGON2_OPTIONS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const IP_ATTEMPTS_PER_WINDOW = 30;
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

export const LOGIN_MESSAGES = {
  wrong: '用户名或密码不正确。',
  locked: `登录失败次数过多，账户已暂时锁定，请 ${LOCK_MINUTES} 分钟后再试，或联系管理员解锁。`,
  ipLimited: '该网络地址的登录尝试过于频繁，请稍后再试。',
} as const;

export type LoginResult =
  | { ok: true; sessionId: string; csrfToken: string; supervisorId: number }
  | { ok: false; status: 401 | 429; message: string };

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The session cookie sent with the login form, ended so that an id is never reused. */
  previousSessionId?: string | undefined;
}

export async function login(input: LoginInput): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  if (!(await loginAttempt(`admin-login:ip:${input.ip ?? 'unknown'}`, IP_ATTEMPTS_PER_WINDOW, ATTEMPT_WINDOW_SECONDS))) {
    await sql.begin((tx) => writeAudit(tx as unknown as typeof sql, { actor: null, actorName: username.slice(0, 40), action: 'login.failed', ip: input.ip, detail: { why: 'ip-limit' } }));
    return { ok: false, status: 429, message: LOGIN_MESSAGES.ipLimited };
  }
  const account = username ? await findForLogin(username) : null;
  const audit = (action: 'login.failed' | 'login.locked', why: string) =>
    sql.begin((tx) =>
      writeAudit(tx as unknown as typeof sql, {
        actor: account ? { id: account.id, username: account.username } : null,
        actorName: username.slice(0, 40),
        action,
        ip: input.ip,
        detail: { why },
      }),
    );

  if (!account) {
    dummyHash ??= hashPassword(randomToken());
    await verifyPassword(await dummyHash, input.password);
    const allowed = await loginAttempt(`admin-login:user:${username}`, LOCK_AFTER_FAILURES, LOCK_MINUTES * 60);
    await audit('login.failed', 'unknown-user');
    return allowed ? { ok: false, status: 401, message: LOGIN_MESSAGES.wrong } : { ok: false, status: 429, message: LOGIN_MESSAGES.locked };
  }
  if (account.lockedUntil && account.lockedUntil.getTime() > Date.now()) {
    await audit('login.locked', 'locked');
    return { ok: false, status: 429, message: LOGIN_MESSAGES.locked };
  }
  const good = await verifyPassword(account.passwordHash, input.password);
  if (!good || !account.active) {
    const locked = good ? false : await recordLoginFailure(account.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
    await audit(locked ? 'login.locked' : 'login.failed', good ? 'inactive' : 'wrong-password');
    return locked ? { ok: false, status: 429, message: LOGIN_MESSAGES.locked } : { ok: false, status: 401, message: LOGIN_MESSAGES.wrong };
  }

  const sessionId = randomToken();
  const csrfToken = randomToken();
  await sql.begin(async (tx) => {
    const t = tx as unknown as typeof sql;
    if (input.previousSessionId) await t`DELETE FROM sessions WHERE id_hash = ${hashSessionId(input.previousSessionId)}`;
    await recordLoginSuccess(t, account.id);
    await insertSession(t, {
      idHash: hashSessionId(sessionId),
      supervisorId: account.id,
      csrfToken,
      absoluteSeconds: ABSOLUTE_TIMEOUT_SECONDS,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await writeAudit(t, { actor: { id: account.id, username: account.username }, action: 'login', ip: input.ip });
  });
  return { ok: true, sessionId, csrfToken, supervisorId: account.id };
}

/** Ends the session server-side; the caller clears the cookie. */
export async function logout(sessionId: string, actor: { id: number; username: string }, ip: string | null): Promise<void> {
  await deleteSession(hashSessionId(sessionId));
  await sql.begin((tx) => writeAudit(tx as unknown as typeof sql, { actor, action: 'logout', ip }));
}
