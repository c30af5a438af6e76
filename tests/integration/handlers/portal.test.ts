// The portal's door against the real database: login throttled like the supervisors' (a growing
// wait after 5 wrong passwords, unknown and not-yet-activated usernames answered alike), the
// session found by its cookie, deactivation ending it, the guard refusing a POST without the
// session's CSRF token and sending a page without a session to the login.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from './admin/world';
import { portalLogin } from '../../../src/handlers/portal';
import { activatePortalAccount, createPortalAccount, managePortalAccount } from '../../../src/db/portal';
import { hashPassword } from '../../../src/server/auth';
import { hashSessionId, randomToken } from '../../../src/server/sessions';
import { portalCookieName, portalGuard, resolvePortalSession } from '../../../src/server/portal-guard';
import { FREE_FAILURES, LOGIN_MESSAGES } from '../../../src/handlers/admin/login';

useTestDatabase();
let w: World;
let accountId: number;
const PASSWORD = 'Zhensuo-Ceshi-Mima-2026';

beforeAll(async () => {
  w = await makeWorld();
  const token = randomToken();
  accountId = await createPortalAccount(w.districtA, { institutionId: w.instA, username: 'p.clinic', displayName: '负责人' }, hashSessionId(token), null);
  await activatePortalAccount(hashSessionId(token), await hashPassword(PASSWORD), null);
  await createPortalAccount(w.districtA, { institutionId: w.instA, username: 'p.pending', displayName: '未激活' }, hashSessionId(randomToken()), null);
});

function cookies(value?: string) {
  const jar = new Map<string, string>(value ? [[portalCookieName(), value]] : []);
  return { get: (k: string) => (jar.has(k) ? { value: jar.get(k)! } : undefined), delete: (k: string) => jar.delete(k), set: () => {} };
}
const ctx = (path: string, method: string, cookie?: string, body?: string) =>
  ({
    url: new URL(`http://x${path}`),
    request: new Request(`http://x${path}`, { method, ...(body ? { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) }),
    cookies: cookies(cookie),
    locals: {},
  }) as never;
const next = async () => new Response('page');

describe('portal login', () => {
  it('logs in with the password set at activation; the session is found by its cookie and ended by deactivation', async () => {
    const r = await portalLogin('p.clinic', PASSWORD, '10.0.0.1', undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((await resolvePortalSession(r.sessionId))?.account).toMatchObject({ id: accountId, institutionId: w.instA });
    const [audit] = await sql`SELECT actor_id, actor_name FROM audit_log WHERE action = 'portal.login' ORDER BY id DESC LIMIT 1`;
    expect(audit).toMatchObject({ actor_id: null, actor_name: '机构账户 p.clinic（甲镇卫生院）' });

    // The guard: a page passes with the session (no-store), a POST without the token is 403, no session → login.
    const page = await portalGuard(ctx('/portal/', 'GET', r.sessionId), next);
    expect(await page.text()).toBe('page');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await portalGuard(ctx('/portal/', 'POST', r.sessionId, 'id=1'), next)).status).toBe(403);
    const away = await portalGuard(ctx('/portal/submit/reply', 'GET'), next);
    expect([away.status, away.headers.get('location')]).toEqual([303, '/portal/login']);
    expect(await (await portalGuard(ctx('/portal/login', 'GET'), next)).text()).toBe('page');
    expect(await (await portalGuard(ctx('/i/ABC/', 'GET'), next)).text()).toBe('page');

    await managePortalAccount(w.districtA, accountId, 'deactivate', '人员变动', null, null);
    expect(await resolvePortalSession(r.sessionId)).toBeNull();
    expect(await portalLogin('p.clinic', PASSWORD, '10.0.0.1', undefined)).toMatchObject({ ok: false, status: 401 });
  });

  it('an unknown or not-activated username gets the same answer as a wrong password', async () => {
    expect(await portalLogin('p.nobody', 'whatever-password', '10.0.0.2', undefined)).toEqual({ ok: false, status: 401, message: LOGIN_MESSAGES.wrong });
    expect(await portalLogin('p.pending', 'whatever-password', '10.0.0.2', undefined)).toEqual({ ok: false, status: 401, message: LOGIN_MESSAGES.wrong });
  });

  it('after 5 wrong passwords in a row the account waits, and the password is not even checked', async () => {
    const token = randomToken();
    const id = await createPortalAccount(w.admin, { institutionId: w.instB, username: 'p.guess', displayName: 'x' }, hashSessionId(token), null);
    await activatePortalAccount(hashSessionId(token), await hashPassword(PASSWORD), null);
    for (let i = 0; i < FREE_FAILURES; i += 1) {
      expect(await portalLogin('p.guess', 'wrong-password-guess', `10.0.1.${i}`, undefined)).toMatchObject({ ok: false, status: 401 });
    }
    const waiting = await portalLogin('p.guess', PASSWORD, '10.0.2.1', undefined);
    expect(waiting).toMatchObject({ ok: false, status: 429 });
    if (!waiting.ok) expect(waiting.message).toMatch(/请负责的监督员重新签发激活链接/);
    await sql`UPDATE portal_accounts SET locked_until = now() - interval '1 second' WHERE id = ${id}`;
    expect((await portalLogin('p.guess', PASSWORD, '10.0.2.1', undefined)).ok).toBe(true);
    const [row] = await sql`SELECT failed_logins FROM portal_accounts WHERE id = ${id}`;
    expect(row?.['failed_logins']).toBe(0);
  });
});
