// Logging in and sessions against PostgreSQL: wrong password, lockout, IP throttling, idle and
// absolute expiry, logout, a new id at every login, and the guard (no session, CSRF, no-store).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor, PASSWORD } from './world';
import { hashPassword, verifyPassword } from '../../../../src/server/auth';
import {
  login,
  logout,
  LOGIN_MESSAGES,
  FREE_FAILURES,
  MAX_WAIT_SECONDS,
  IP_ATTEMPTS_PER_WINDOW,
  IP_WRONG_PER_WINDOW,
} from '../../../../src/handlers/admin/login';
import { resolveSession, hashSessionId, idleTimeoutSeconds } from '../../../../src/server/sessions';
import { adminGuard } from '../../../../src/server/admin-guard';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let user: Actor;
beforeAll(async () => {
  user = await makeSupervisor('auth.user', 'district');
});

let ipSeq = 0;
const ip = () => `10.0.0.${++ipSeq}`;
const ok = async (username = 'auth.user', password = PASSWORD) => {
  const r = await login({ username, password, ip: ip(), userAgent: 'test' });
  if (!r.ok) throw new Error(r.message);
  return r;
};
const audits = async (action: string, name: string) =>
  (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND actor_name = ${name}`)[0]!.n;

describe('passwords', () => {
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const h = await hashPassword('一段足够长的口令 2026');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, '一段足够长的口令 2026')).toBe(true);
    expect(await verifyPassword(h, '一段足够长的口令 2027')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('login', () => {
  it('opens a session stored only as a hash, and records the login', async () => {
    const r = await ok();
    expect(r.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const rows = await sql`SELECT id_hash FROM sessions WHERE supervisor_id = ${user.id}`;
    expect(rows.map((x) => x['id_hash'])).toContain(hashSessionId(r.sessionId));
    expect(rows.map((x) => x['id_hash'])).not.toContain(r.sessionId);
    const s = await resolveSession(r.sessionId);
    expect(s?.actor.username).toBe('auth.user');
    expect(s?.csrfToken).toBe(r.csrfToken);
    expect(await audits('login', 'auth.user')).toBeGreaterThan(0);
  });

  it('usernames are case-insensitive and trimmed', async () => {
    await expect(ok(' AUTH.USER ')).resolves.toBeTruthy();
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const a = await login({ username: 'auth.user', password: 'wrong-password-123', ip: ip(), userAgent: null });
    const b = await login({ username: 'nobody.here', password: 'wrong-password-123', ip: ip(), userAgent: null });
    expect(a).toEqual({ ok: false, status: 401, message: LOGIN_MESSAGES.wrong });
    expect(b).toEqual(a);
    expect(await audits('login.failed', 'nobody.here')).toBe(1);
    await sql`UPDATE supervisors SET failed_logins = 0 WHERE id = ${user.id}`;
  });

  it('issues a new id at every login and ends the session sent with the form', async () => {
    const first = await ok();
    const second = await login({ username: 'auth.user', password: PASSWORD, ip: ip(), userAgent: null, previousSessionId: first.sessionId });
    expect(second.ok && second.sessionId).not.toBe(first.sessionId);
    expect(await resolveSession(first.sessionId)).toBeNull();
  });

  it(`makes attempts wait after ${FREE_FAILURES} wrong passwords, longer each time, without checking the password meanwhile`, async () => {
    const slow = await makeSupervisor('auth.slow', 'viewer');
    for (let i = 1; i <= FREE_FAILURES; i++) {
      expect(await login({ username: 'auth.slow', password: 'nope-nope-nope', ip: ip(), userAgent: null })).toEqual({
        ok: false,
        status: 401,
        message: LOGIN_MESSAGES.wrong,
      });
    }
    const waiting = await login({ username: 'auth.slow', password: PASSWORD, ip: ip(), userAgent: null });
    expect(waiting).toMatchObject({ ok: false, status: 429, retryAfterSeconds: 2 });
    expect(!waiting.ok && waiting.message).toMatch(/请 2 秒后再试/);
    expect(await audits('login.locked', 'auth.slow')).toBeGreaterThanOrEqual(2);
    // After the wait one more wrong password doubles it; the wait is capped at 15 minutes.
    await sql`UPDATE supervisors SET locked_until = now() - interval '1 second' WHERE id = ${slow.id}`;
    await login({ username: 'auth.slow', password: 'nope-nope-nope', ip: ip(), userAgent: null });
    expect(await login({ username: 'auth.slow', password: PASSWORD, ip: ip(), userAgent: null })).toMatchObject({ status: 429, retryAfterSeconds: 4 });
    await sql`UPDATE supervisors SET failed_logins = 40, locked_until = now() - interval '1 second' WHERE id = ${slow.id}`;
    await login({ username: 'auth.slow', password: 'nope-nope-nope', ip: ip(), userAgent: null });
    expect(await login({ username: 'auth.slow', password: PASSWORD, ip: ip(), userAgent: null })).toMatchObject({
      status: 429,
      retryAfterSeconds: MAX_WAIT_SECONDS,
    });
    // The wait ends and the right password works again (and resets the count).
    await sql`UPDATE supervisors SET locked_until = now() - interval '1 second' WHERE id = ${slow.id}`;
    expect((await login({ username: 'auth.slow', password: PASSWORD, ip: ip(), userAgent: null })).ok).toBe(true);
    expect((await sql`SELECT failed_logins FROM supervisors WHERE id = ${slow.id}`)[0]).toEqual({ failed_logins: 0 });
  });

  it('throttles unknown usernames the same way (no way to tell which exist)', async () => {
    let last;
    for (let i = 0; i <= FREE_FAILURES; i++) last = await login({ username: 'ghost.user', password: 'whatever-123456', ip: ip(), userAgent: null });
    expect(last).toEqual({ ok: false, status: 429, message: LOGIN_MESSAGES.wait(2), retryAfterSeconds: 2 });
  });

  it(`limits one IP address to ${IP_WRONG_PER_WINDOW} wrong passwords and ${IP_ATTEMPTS_PER_WINDOW} attempts per window`, async () => {
    const addr = '192.0.2.77';
    for (let i = 0; i < IP_WRONG_PER_WINDOW; i++) {
      expect(await login({ username: `spray${i}`, password: 'x-password-123', ip: addr, userAgent: null })).toMatchObject({ status: 401 });
    }
    expect(await login({ username: 'auth.user', password: PASSWORD, ip: addr, userAgent: null })).toMatchObject({
      ok: false,
      status: 429,
      message: LOGIN_MESSAGES.ipLimited,
    });
    // Right passwords count towards the attempts, not the wrong ones.
    const busy = '192.0.2.78';
    for (let i = 0; i < IP_ATTEMPTS_PER_WINDOW; i++)
      expect((await login({ username: 'auth.user', password: PASSWORD, ip: busy, userAgent: null })).ok).toBe(true);
    expect(await login({ username: 'auth.user', password: PASSWORD, ip: busy, userAgent: null })).toMatchObject({
      ok: false,
      status: 429,
      message: LOGIN_MESSAGES.ipLimited,
    });
  });

  it('a disabled account cannot log in', async () => {
    await makeSupervisor('auth.disabled', 'viewer');
    await sql`UPDATE supervisors SET active = false WHERE username = 'auth.disabled'`;
    expect(await login({ username: 'auth.disabled', password: PASSWORD, ip: ip(), userAgent: null })).toMatchObject({ ok: false, status: 401 });
  });
});

describe('session expiry and logout', () => {
  it(`expires after ${idleTimeoutSeconds() / 60} idle minutes (SESSION_IDLE_MINUTES default)`, async () => {
    const r = await ok();
    await sql`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id_hash = ${hashSessionId(r.sessionId)}`;
    expect(await resolveSession(r.sessionId)).not.toBeNull(); // and this use renews it
    await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = ${hashSessionId(r.sessionId)}`;
    expect(await resolveSession(r.sessionId)).toBeNull();
  });

  it('expires 12 hours after login however active', async () => {
    const r = await ok();
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = ${hashSessionId(r.sessionId)}`;
    expect(await resolveSession(r.sessionId)).toBeNull();
    const fresh = await ok();
    const [row] = await sql<
      { h: number }[]
    >`SELECT extract(epoch FROM expires_at - created_at)::int AS h FROM sessions WHERE id_hash = ${hashSessionId(fresh.sessionId)}`;
    expect(row!.h).toBe(12 * 3600);
  });

  it('ends when the account is disabled', async () => {
    const other = await makeSupervisor('auth.soon.off', 'viewer');
    const r = await ok('auth.soon.off');
    await sql`UPDATE supervisors SET active = false WHERE id = ${other.id}`;
    expect(await resolveSession(r.sessionId)).toBeNull();
  });

  it('logout removes the session on the server', async () => {
    const r = await ok();
    await logout(r.sessionId, user, '127.0.0.1');
    expect(await resolveSession(r.sessionId)).toBeNull();
    const [row] = await sql`SELECT 1 FROM sessions WHERE id_hash = ${hashSessionId(r.sessionId)}`;
    expect(row).toBeUndefined();
    expect(await audits('logout', 'auth.user')).toBeGreaterThan(0);
  });

  it('malformed cookie values are not even looked up', async () => {
    expect(await resolveSession("' OR 1=1 --")).toBeNull();
    expect(await resolveSession(undefined)).toBeNull();
  });
});

// ------------------------------------------------------------------------------------------

function fakeContext(path: string, opts: { method?: string; cookie?: string; body?: string; headers?: Record<string, string> } = {}) {
  const jar = new Map<string, string>();
  if (opts.cookie) jar.set('admin_session', opts.cookie);
  const deleted: string[] = [];
  const init: RequestInit = {
    method: opts.method ?? 'GET',
    headers: { ...(opts.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...opts.headers },
  };
  if (opts.body) init.body = opts.body;
  return {
    ctx: {
      url: new URL('http://127.0.0.1' + path),
      request: new Request('http://127.0.0.1' + path, init),
      cookies: {
        get: (n: string) => (jar.has(n) ? { value: jar.get(n)! } : undefined),
        delete: (n: string) => {
          deleted.push(n);
          jar.delete(n);
        },
        set: () => {},
      },
      locals: {} as Record<string, unknown>,
      clientAddress: '127.0.0.1',
    } as never,
    deleted,
  };
}
const reached = () => {
  let called = false;
  const next = async () => {
    called = true;
    return new Response('page', { headers: { 'Cache-Control': 'public, max-age=600' } });
  };
  return { next, called: () => called };
};

describe('the guard of /admin and /api/admin', () => {
  it('redirects pages to the login page and answers 401 to the API, with no-store', async () => {
    const n = reached();
    const page = await adminGuard(fakeContext('/admin/complaints?status=x').ctx, n.next);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fcomplaints%3Fstatus%3Dx');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const api = await adminGuard(fakeContext('/api/admin/complaints').ctx, n.next);
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: '请先登录。' });
    expect(n.called()).toBe(false);
  });

  it('says the session expired when the cookie is a stale one, and clears it', async () => {
    const r = await ok();
    await sql`UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE id_hash = ${hashSessionId(r.sessionId)}`;
    const f = fakeContext('/admin/', { cookie: r.sessionId });
    const res = await adminGuard(f.ctx, reached().next);
    expect(res.headers.get('location')).toContain('expired=1');
    expect(f.deleted).toContain('admin_session');
  });

  it('lets the login page through and leaves other paths alone', async () => {
    const n = reached();
    const res = await adminGuard(fakeContext('/admin/login').ctx, n.next);
    expect(n.called()).toBe(true);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const pub = await adminGuard(fakeContext('/i/ABC123/').ctx, n.next);
    expect(pub.headers.get('cache-control')).toBe('public, max-age=600');
    // Not a prefix trick: /administrator is not the admin area, /admin-x neither.
    expect((await adminGuard(fakeContext('/administrator').ctx, n.next)).headers.get('cache-control')).toBe('public, max-age=600');
  });

  it('accepts a live session and puts the account in locals', async () => {
    const r = await ok();
    const n = reached();
    const f = fakeContext('/admin/', { cookie: r.sessionId });
    const res = await adminGuard(f.ctx, n.next);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((f.ctx as { locals: { admin: { actor: Actor } } }).locals.admin.actor.username).toBe('auth.user');
  });

  it('refuses a POST without the CSRF token, with a wrong one, and accepts the right one (form or header)', async () => {
    const r = await ok();
    const post = (body: string, headers: Record<string, string> = {}) =>
      fakeContext('/admin/complaints/1', { method: 'POST', cookie: r.sessionId, body, headers }).ctx;
    const n = reached();
    expect((await adminGuard(post('action=accept'), n.next)).status).toBe(403);
    expect((await adminGuard(post(`action=accept&_csrf=${r.csrfToken.slice(0, -1)}x`), n.next)).status).toBe(403);
    expect(n.called()).toBe(false);
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'csrf.rejected' AND actor_name = 'auth.user'`;
    expect(row!.n).toBe(2);
    expect((await adminGuard(post(`action=accept&_csrf=${encodeURIComponent(r.csrfToken)}`), n.next)).status).toBe(200);
    const api = fakeContext('/api/admin/complaints/1', {
      method: 'POST',
      cookie: r.sessionId,
      headers: { 'x-csrf-token': r.csrfToken, 'content-type': 'application/json' },
    });
    expect((await adminGuard(api.ctx, n.next)).status).toBe(200);
    const apiBad = fakeContext('/api/admin/complaints/1', { method: 'POST', cookie: r.sessionId, headers: { 'content-type': 'application/json' } });
    const bad = await adminGuard(apiBad.ctx, reached().next);
    expect(bad.status).toBe(403);
    expect((await bad.json()).error).toMatch(/CSRF/);
  });
});
