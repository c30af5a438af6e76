// Issue 18 item 5 (等保 8.1.4.1 身份鉴别, 8.1.4.3 安全审计): an account an administrator created or
// reset must change its password before anything else; complexity and reuse rules refuse in
// Chinese; the account page lists one's own logins, refused ones included, with time and address.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor, adminContext, PASSWORD } from './world';
import { usersPage } from '../../../../src/handlers/admin/accounts';
import { accountPage } from '../../../../src/handlers/admin/account';
import { login } from '../../../../src/handlers/admin/login';
import { adminGuard } from '../../../../src/server/admin-guard';
import { resolveSession } from '../../../../src/server/sessions';
import { loadActor } from '../../../../src/db/supervisors';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let admin: Actor;
beforeAll(async () => {
  admin = await makeSupervisor('acct.admin', 'admin');
});

const INITIAL = 'Chushi-Mima-2026';
let ipSeq = 0;
const ip = () => `10.9.0.${++ipSeq}`;

async function signIn(username: string, password: string) {
  const r = await login({ username, password, ip: ip(), userAgent: 'test' });
  if (!r.ok) throw new Error(r.message);
  return r;
}

function guardCtx(path: string, cookie: string) {
  return {
    url: new URL('http://127.0.0.1' + path),
    request: new Request('http://127.0.0.1' + path),
    cookies: { get: (n: string) => (n === 'admin_session' ? { value: cookie } : undefined), delete: () => {}, set: () => {} },
    locals: {} as Record<string, unknown>,
    clientAddress: '127.0.0.1',
  } as never;
}
const page = async () => new Response('page');

async function changeOwn(actor: Actor, form: Record<string, string>) {
  return accountPage(adminContext(actor, '/admin/account', { method: 'POST', form }));
}

describe('forced change of an initial password', () => {
  let staff: Actor;

  it('an account created by an administrator must change its password at the first login', async () => {
    const r = await usersPage(
      adminContext(admin, '/admin/users', {
        method: 'POST',
        form: { op: 'create', username: 'acct.new', displayName: '新同事', role: 'viewer', password: INITIAL, reason: '新入职' },
      }),
    );
    expect(r).toBeInstanceOf(Response);
    const [row] = await sql`SELECT must_change_password FROM supervisors WHERE username = 'acct.new'`;
    expect(row!['must_change_password']).toBe(true);
    const s = await signIn('acct.new', INITIAL);
    expect((await resolveSession(s.sessionId))?.mustChangePassword).toBe(true);
    // Every page but the account page and logout leads to the change-password page; the API is refused.
    const toPage = await adminGuard(guardCtx('/admin/complaints', s.sessionId), page);
    expect(toPage.status).toBe(303);
    expect(toPage.headers.get('location')).toBe('/admin/account?must=1');
    const api = await adminGuard(guardCtx('/api/admin/complaints', s.sessionId), page);
    expect(api.status).toBe(403);
    expect((await adminGuard(guardCtx('/admin/account', s.sessionId), page)).status).toBe(200);
    staff = (await loadActor(Number((await sql`SELECT id FROM supervisors WHERE username = 'acct.new'`)[0]!['id'])))!;
  });

  it('refuses a wrong current password, a weak one, a mismatch and the same password, in Chinese', async () => {
    const wrong = await changeOwn(staff, { current: 'nope-nope-nope', password: 'Xin-Mima-2026-a', confirm: 'Xin-Mima-2026-a' });
    expect(wrong).toMatchObject({ status: 400, errors: ['当前密码：不正确'] });
    const weak = await changeOwn(staff, { current: INITIAL, password: 'onlylowercaseletters', confirm: 'onlylowercaseletters' });
    expect(JSON.stringify(weak)).toContain('新密码：密码需包含大写字母、小写字母、数字、其他字符（标点、空格或汉字）中的至少 3 类');
    const mismatch = await changeOwn(staff, { current: INITIAL, password: 'Xin-Mima-2026-a', confirm: 'Xin-Mima-2026-b' });
    expect(JSON.stringify(mismatch)).toContain('确认新密码：两次输入的新密码不一致');
    const same = await changeOwn(staff, { current: INITIAL, password: INITIAL, confirm: INITIAL });
    expect(JSON.stringify(same)).toContain('新密码：不能与最近 5 次使用过的密码相同');
  });

  it('a good new password clears the flag, ends the sessions, and opens the area', async () => {
    const r = await changeOwn(staff, { current: INITIAL, password: 'Xin-Mima-2026-a', confirm: 'Xin-Mima-2026-a' });
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).headers.get('location')).toBe('/admin/login?changed=1');
    const [row] = await sql`SELECT must_change_password FROM supervisors WHERE id = ${staff.id}`;
    expect(row!['must_change_password']).toBe(false);
    const s = await signIn('acct.new', 'Xin-Mima-2026-a');
    expect((await adminGuard(guardCtx('/admin/complaints', s.sessionId), page)).status).toBe(200);
  });

  it('refuses any of the last passwords again (history), accepts a fresh one', async () => {
    for (const [cur, next] of [
      ['Xin-Mima-2026-a', 'Xin-Mima-2026-b'],
      ['Xin-Mima-2026-b', 'Xin-Mima-2026-c'],
    ]) {
      expect(await changeOwn(staff, { current: cur!, password: next!, confirm: next! })).toBeInstanceOf(Response);
    }
    for (const old of [INITIAL, 'Xin-Mima-2026-a', 'Xin-Mima-2026-b']) {
      const again = await changeOwn(staff, { current: 'Xin-Mima-2026-c', password: old, confirm: old });
      expect(JSON.stringify(again), old).toContain('不能与最近 5 次使用过的密码相同');
    }
    expect((await sql`SELECT count(*)::int AS n FROM password_history WHERE supervisor_id = ${staff.id}`)[0]!['n']).toBe(4);
  });

  it('a reset by an administrator forces a change again; reuse of the current password is refused there too', async () => {
    const reuse = await usersPage(
      adminContext(admin, '/admin/users', { method: 'POST', form: { op: 'password', id: String(staff.id), password: 'Xin-Mima-2026-c', reason: '忘记密码' } }),
    );
    expect(JSON.stringify(reuse)).toContain('不能与最近 5 次使用过的密码相同');
    const r = await usersPage(
      adminContext(admin, '/admin/users', {
        method: 'POST',
        form: { op: 'password', id: String(staff.id), password: 'Chongzhi-Mima-2026', reason: '忘记密码' },
      }),
    );
    expect(r).toBeInstanceOf(Response);
    const [row] = await sql`SELECT must_change_password FROM supervisors WHERE id = ${staff.id}`;
    expect(row!['must_change_password']).toBe(true);
  });

  it('an account the command line or the demo created is not forced (its owner chose the password)', async () => {
    const own = await makeSupervisor('acct.own', 'viewer');
    const s = await signIn('acct.own', PASSWORD);
    expect((await resolveSession(s.sessionId))?.mustChangePassword).toBe(false);
    expect(own.username).toBe('acct.own');
  });
});

describe('login history', () => {
  it('shows one’s own logins, successful and refused, with time and address — and nobody else’s', async () => {
    const me = await makeSupervisor('acct.hist', 'district');
    await makeSupervisor('acct.other', 'viewer');
    await login({ username: 'acct.hist', password: 'wrong-password-xx', ip: '203.0.113.9', userAgent: null });
    await login({ username: 'acct.hist', password: PASSWORD, ip: '203.0.113.10', userAgent: null });
    await login({ username: 'acct.other', password: PASSWORD, ip: '203.0.113.11', userAgent: null });
    const view = await accountPage(adminContext(me, '/admin/account'));
    if (view instanceof Response) throw new Error('expected the page');
    expect(view.logins.map((l) => [l.ip, l.ok])).toEqual([
      ['203.0.113.10', true],
      ['203.0.113.9', false],
    ]);
    expect(view.logins[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(view.timeouts).toEqual({ idleMinutes: 30, absoluteHours: 12 });
  });
});
