// Issue 17 item 11 (lockout as denial of service) and item 9 (a non-Latin-1 `next`, a NUL in the
// user name) against the real database: an attacker guessing from five addresses slows the
// account down but cannot lock its owner out; an administrator's unlock is audited; the login
// form never answers 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor, PASSWORD } from './world';
import { login, LOGIN_MESSAGES, FREE_FAILURES, IP_WRONG_PER_WINDOW } from '../../../../src/handlers/admin/login';
import { unlockSupervisor } from '../../../../src/db/supervisors';
import { loginPage } from '../../../../src/handlers/admin/login';
import { deviceCookieName, loginCsrfCookieName } from '../../../../src/server/sessions';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let owner: Actor;
let otherAdmin: Actor;
beforeAll(async () => {
  owner = await makeSupervisor('lp.owner', 'admin');
  otherAdmin = await makeSupervisor('lp.second', 'admin');
});

const ATTACKERS = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'];
const guess = (ip: string, password = 'guess-guess-guess') => login({ username: 'lp.owner', password, ip, userAgent: 'attacker' });
const endWait = () => sql`UPDATE supervisors SET locked_until = now() - interval '1 second' WHERE id = ${owner.id}`;
const count = async (action: string, username: string) =>
  (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND actor_name = ${username}`)[0]!.n;

describe('an attacker from five addresses against the owner of `admin`', () => {
  let deviceToken = '';

  it('the owner has logged in before on this computer: a known-device token', async () => {
    const r = await login({ username: 'lp.owner', password: PASSWORD, ip: '10.8.0.1', userAgent: 'owner' });
    expect(r.ok).toBe(true);
    if (r.ok) deviceToken = r.deviceToken;
    expect(deviceToken).toMatch(new RegExp(`^${owner.id}\\.`));
  });

  it('five wrong passwords from five addresses make the account wait, and the wait grows', async () => {
    for (const ip of ATTACKERS) expect(await guess(ip)).toMatchObject({ ok: false, status: 401 });
    // Now every attempt waits; the password is not even checked, so guessing gains nothing.
    for (const ip of ATTACKERS) expect(await guess(ip, PASSWORD)).toMatchObject({ ok: false, status: 429 });
    // Each time the wait is over, one more guess doubles it.
    for (const expected of [4, 8, 16]) {
      await endWait();
      expect(await guess(ATTACKERS[0]!)).toMatchObject({ status: 401 });
      expect(await guess(ATTACKERS[1]!)).toMatchObject({ status: 429, retryAfterSeconds: expected });
    }
  });

  it('the owner without the cookie is told to wait, with the way out', async () => {
    const r = await login({ username: 'lp.owner', password: PASSWORD, ip: '10.8.0.2', userAgent: 'owner-phone' });
    expect(r).toMatchObject({ ok: false, status: 429 });
    expect(!r.ok && r.message).toMatch(/成功登录过的电脑或手机上输入正确密码可以直接登录/);
  });

  it('the owner with the known-device cookie logs in at once, and the attacker stays slowed', async () => {
    const r = await login({ username: 'lp.owner', password: PASSWORD, ip: '10.8.0.3', userAgent: 'owner', deviceToken });
    expect(r.ok).toBe(true);
    const [audit] = await sql<{ detail: Record<string, unknown> }[]>`
      SELECT detail FROM audit_log WHERE action = 'login' AND actor_id = ${owner.id} ORDER BY id DESC LIMIT 1`;
    expect(audit!.detail).toMatchObject({ knownDevice: true });
    // The owner's login did not hand the attacker five new guesses.
    for (const ip of ATTACKERS) expect(await guess(ip)).toMatchObject({ status: 429 });
  });

  it('the cookie is the owner’s alone: not another account, not forged', async () => {
    const forged = deviceToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await login({ username: 'lp.owner', password: PASSWORD, ip: '10.8.0.4', userAgent: null, deviceToken: forged })).toMatchObject({ status: 429 });
    await sql`UPDATE supervisors SET locked_until = now() + interval '1 minute' WHERE id = ${otherAdmin.id}`;
    expect(await login({ username: 'lp.second', password: PASSWORD, ip: '10.8.0.4', userAgent: null, deviceToken })).toMatchObject({ status: 429 });
    await sql`UPDATE supervisors SET locked_until = NULL WHERE id = ${otherAdmin.id}`;
  });

  it('a known device that guesses wrong too often loses its pass for the window', async () => {
    for (let i = 0; i < 5; i++) await login({ username: 'lp.owner', password: 'wrong-on-device', ip: '10.8.0.5', userAgent: null, deviceToken });
    expect(await login({ username: 'lp.owner', password: PASSWORD, ip: '10.8.0.6', userAgent: null, deviceToken })).toMatchObject({ status: 429 });
  });

  it('an administrator lifts the wait: audited with the reason, and the owner logs in from anywhere', async () => {
    await unlockSupervisor(otherAdmin, owner.id, '本人电话确认，非本人操作的失败登录', '10.8.0.9');
    const [row] = await sql<{ actor_id: number; target_id: number; reason: string; detail: { failedLogins: number } }[]>`
      SELECT actor_id, target_id, reason, detail FROM audit_log WHERE action = 'user.unlock' ORDER BY id DESC LIMIT 1`;
    expect(row).toMatchObject({ actor_id: otherAdmin.id, target_id: String(owner.id), reason: '本人电话确认，非本人操作的失败登录' });
    expect(row!.detail.failedLogins).toBeGreaterThan(FREE_FAILURES);
    // The count is kept: the attacker's next wrong password brings back a long wait at once.
    expect(await guess(ATTACKERS[2]!)).toMatchObject({ status: 401 });
    const waiting = await guess(ATTACKERS[3]!, PASSWORD);
    expect(waiting).toMatchObject({ status: 429 });
    expect(!waiting.ok && waiting.retryAfterSeconds).toBeGreaterThanOrEqual(64);
    // Unlock again (the attacker is now slowed far beyond the owner's next try): the owner is in.
    await unlockSupervisor(otherAdmin, owner.id, '再次确认', null);
    expect((await login({ username: 'lp.owner', password: PASSWORD, ip: '10.8.0.7', userAgent: 'owner-phone' })).ok).toBe(true);
    expect(await count('user.unlock', 'lp.second')).toBe(2);
  });

  it('a password reset disowns every known device', async () => {
    const fresh = await login({ username: 'lp.second', password: PASSWORD, ip: '10.8.1.1', userAgent: null });
    const token = fresh.ok ? fresh.deviceToken : '';
    await sql`UPDATE supervisors SET locked_until = now() + interval '1 minute' WHERE id = ${otherAdmin.id}`;
    expect((await login({ username: 'lp.second', password: PASSWORD, ip: '10.8.1.2', userAgent: null, deviceToken: token })).ok).toBe(true);
    await sql`UPDATE supervisors SET password_changed_at = now() + interval '1 second' WHERE id = ${otherAdmin.id}`;
    expect(await login({ username: 'lp.second', password: PASSWORD, ip: '10.8.1.3', userAgent: null, deviceToken: token })).toMatchObject({ status: 429 });
    await sql`UPDATE supervisors SET locked_until = NULL WHERE id = ${otherAdmin.id}`;
  });

  it('an unlock needs an administrator', async () => {
    const viewer = await makeSupervisor('lp.viewer', 'viewer');
    await expect(unlockSupervisor(viewer, owner.id, '试试看', null)).rejects.toThrow(/没有管理账户的权限/);
  });

  it(`each attacking address is limited after ${IP_WRONG_PER_WINDOW} wrong passwords, whatever the account`, async () => {
    const ip = ATTACKERS[4]!;
    for (let i = 0; i < IP_WRONG_PER_WINDOW + 2; i++) await login({ username: `lp.spray${i}`, password: 'guess-guess', ip, userAgent: null });
    expect(await login({ username: 'lp.second', password: PASSWORD, ip, userAgent: null })).toMatchObject({ status: 429, message: LOGIN_MESSAGES.ipLimited });
  });
});

// ------------------------------------------------------------------------------------------
// The login form as the browser posts it

function loginContext(path: string, form: Record<string, string>, cookies: Record<string, string>) {
  const jar = new Map(Object.entries(cookies));
  const set: Record<string, string> = {};
  return {
    set,
    ctx: {
      url: new URL('http://127.0.0.1' + path),
      request: new Request('http://127.0.0.1' + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }),
      cookies: {
        get: (n: string) => (jar.has(n) ? { value: jar.get(n)! } : undefined),
        set: (n: string, v: string) => {
          set[n] = v;
        },
        delete: (n: string) => {
          jar.delete(n);
        },
      },
      locals: {},
      params: {},
      clientAddress: '10.7.0.1',
    } as never,
  };
}

describe('the login form (issue 17 item 9)', () => {
  const csrf = 'c'.repeat(43);
  const post = (path: string, fields: Record<string, string>, cookies: Record<string, string> = {}) =>
    loginPage(loginContext(path, { _csrf: csrf, ...fields }, { [loginCsrfCookieName()]: csrf, ...cookies }).ctx);

  it('a non-Latin-1 next is percent-encoded in the Location header, not a 500 after the session is written', async () => {
    await makeSupervisor('lp.next', 'viewer');
    const r = await post('/admin/login?next=/admin/投诉', { username: 'lp.next', password: PASSWORD, next: '/admin/投诉' });
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).status).toBe(303);
    expect((r as Response).headers.get('location')).toBe('/admin/%E6%8A%95%E8%AF%89');
  });

  it('a foreign or odd next falls back to /admin/', async () => {
    for (const next of ['//evil.example/admin/', '/admin/../i/X/', 'https://evil.example/', '/admin/\u0000']) {
      const r = (await post('/admin/login', { username: 'lp.next', password: PASSWORD, next })) as Response;
      expect(r.headers.get('location'), next).toBe('/admin/');
    }
  });

  it('sets the known-device cookie at a successful login', async () => {
    const f = loginContext('/admin/login', { _csrf: csrf, username: 'lp.next', password: PASSWORD }, { [loginCsrfCookieName()]: csrf });
    await loginPage(f.ctx);
    expect(f.set[deviceCookieName()]).toMatch(/^\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
  });

  it('a NUL or zero-width character in the user name is a 400 in Chinese, and nothing is written', async () => {
    const before = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`)[0]!.n;
    for (const username of ['lp.next\u0000', 'lp\u200b.next']) {
      const v = await post('/admin/login', { username, password: PASSWORD });
      expect(v).not.toBeInstanceOf(Response);
      expect(v).toMatchObject({ status: 400, error: expect.stringMatching(/^用户名：不能包含控制字符或不可见的格式字符/) });
    }
    expect((await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`)[0]!.n).toBe(before);
  });
});
