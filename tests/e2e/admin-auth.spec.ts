// The door of the supervisor area: no route answers without a session, login, wrong password,
// lockout, session expiry, logout, CSRF, no-store.
import { test, expect } from '@playwright/test';
import { ADMIN_FIXTURE, CREDENTIALS, adminRoutes, contextAs, desktopOnly, e2eDb, loginWithForm, complaintId, csrfOf } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('no admin page or API answers without a session (every route under src/pages/admin and api/admin)', async ({ request, baseURL }) => {
  const routes = adminRoutes();
  expect(routes).toEqual(
    expect.arrayContaining([
      '/admin/',
      '/admin/complaints/',
      '/admin/complaints/1',
      '/admin/audit',
      '/admin/users',
      '/admin/export.csv',
      '/api/admin/complaints/',
    ]),
  );
  for (const route of routes) {
    if (route === '/admin/login') continue;
    for (const method of ['GET', 'POST'] as const) {
      const r = await request.fetch(route, {
        method,
        maxRedirects: 0,
        headers: { Origin: baseURL! },
        ...(method === 'POST' ? { form: { action: 'accept', op: 'build' } } : {}),
      });
      const where = `${method} ${route} → ${r.status()}`;
      expect(r.status(), where).not.toBe(200);
      expect(r.status(), where).toBeLessThan(500);
      expect(r.headers()['cache-control'], where).toContain('no-store');
      if (route.startsWith('/api/')) {
        expect(r.status(), where).toBe(401);
        expect(await r.json(), where).toEqual({ error: '请先登录。' });
      } else {
        expect([303, 404, 405], where).toContain(r.status());
        if (r.status() === 303) expect(r.headers()['location'], where).toMatch(/^\/admin(\/login|\/$)/);
      }
    }
  }
});

test('the login page is served, not cached, and a wrong password opens nothing', async ({ page }) => {
  const res = await page.goto('/admin/login');
  expect(res?.status()).toBe(200);
  expect(res?.headers()['cache-control']).toBe('no-store');
  expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
  await loginWithForm(page, 'admin', 'wrong-password-123');
  await expect(page.getByRole('alert')).toContainText('用户名或密码不正确');
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'admin_session')).toBeUndefined();
  await page.goto('/admin/');
  await expect(page).toHaveURL(/\/admin\/login/);
});

test('logging in sets an HttpOnly SameSite=Strict session cookie and lands on the requested page', async ({ page }) => {
  await page.goto('/admin/complaints?status=%E5%BE%85%E5%8F%97%E7%90%86');
  await expect(page).toHaveURL(/\/admin\/login\?next=/);
  await page.getByLabel('用户名').fill(CREDENTIALS.viewer.username);
  await page.getByLabel('密码').fill(CREDENTIALS.viewer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/complaints\?status=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('投诉举报受理台账');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'admin_session')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // A viewer has no workflow buttons and no administration pages.
  await expect(page.getByRole('link', { name: '账户管理' })).toHaveCount(0);
  expect((await page.goto('/admin/users'))?.status()).toBe(403);
});

test('wrong passwords make the account wait, a known device still logs in, and an administrator lifts the wait (issue 17 item 11)', async ({
  browser,
  baseURL,
}) => {
  const { username, password } = ADMIN_FIXTURE.lockme;
  // The owner has logged in on this computer before: the browser keeps a known-device cookie.
  const owner = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN' });
  const ownerPage = await owner.newPage();
  await loginWithForm(ownerPage, username, password);
  await expect(ownerPage).toHaveURL(/\/admin\/$/);
  const device = (await owner.cookies()).find((c) => c.name === 'admin_device')!;
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  await owner.clearCookies({ name: 'admin_session' });

  // Someone else guesses: five wrong passwords, then the account waits (here: as after many more).
  const attacker = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN' });
  const attackerPage = await attacker.newPage();
  for (let i = 0; i < 5; i++) await loginWithForm(attackerPage, username, `wrong-password-${i}-xx`);
  await expect(attackerPage.getByRole('alert')).toContainText('用户名或密码不正确');
  await e2eDb()`UPDATE supervisors SET locked_until = now() + interval '5 minutes' WHERE username = ${username}`;
  await loginWithForm(attackerPage, username, password);
  await expect(attackerPage.getByRole('alert')).toContainText('请 5 分钟后再试');
  await expect(attackerPage).toHaveURL(/\/admin\/login/);

  // The owner, on the known computer, is not locked out.
  await loginWithForm(ownerPage, username, password);
  await expect(ownerPage).toHaveURL(/\/admin\/$/);

  // An administrator sees the wait on the users screen and lifts it, with a reason (audited).
  const admin = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const adminPage = await admin.newPage();
  await loginWithForm(adminPage, CREDENTIALS.admin.username, CREDENTIALS.admin.password);
  await adminPage.goto('/admin/users');
  const row = adminPage.getByRole('row').filter({ hasText: username });
  await expect(row).toContainText('须等待至');
  await row.getByPlaceholder('原因').first().fill('本人来电确认，失败登录非本人操作');
  await row.getByRole('button', { name: '解除登录限制' }).click();
  await expect(adminPage.getByRole('status')).toContainText('已解除该账户的登录限制');
  await expect(adminPage.getByRole('row').filter({ hasText: username })).not.toContainText('须等待至');
  const [audit] = await e2eDb()<{ reason: string }[]>`SELECT reason FROM audit_log WHERE action = 'user.unlock' ORDER BY id DESC LIMIT 1`;
  expect(audit!.reason).toBe('本人来电确认，失败登录非本人操作');

  // Now the right password works from anywhere.
  await loginWithForm(attackerPage, username, password);
  await expect(attackerPage).toHaveURL(/\/admin\/$/);
  await Promise.all([owner.close(), attacker.close(), admin.close()]);
});

test('a non-Latin-1 next after login is followed, percent-encoded (issue 17 item 9)', async ({ request, baseURL }) => {
  const login = await request.get('/admin/login?next=/admin/投诉');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const r = await request.post('/admin/login?next=/admin/投诉', {
    form: { _csrf: csrf, next: '/admin/投诉', username: CREDENTIALS.viewer.username, password: CREDENTIALS.viewer.password },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(r.status()).toBe(303);
  expect(r.headers()['location']).toBe('/admin/%E6%8A%95%E8%AF%89');
});

test('an idle session expires after 30 minutes and the person is told so', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await loginWithForm(page, CREDENTIALS.other.username, CREDENTIALS.other.password);
  await expect(page).toHaveURL(/\/admin\/$/);
  await e2eDb()`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'
                 WHERE supervisor_id = (SELECT id FROM supervisors WHERE username = ${CREDENTIALS.other.username})`;
  await page.goto('/admin/complaints');
  await expect(page).toHaveURL(/\/admin\/login\?next=.*expired=1/);
  await expect(page.getByRole('status')).toContainText('登录已过期');
  await ctx.close();
});

test('logout ends the session on the server: the old cookie opens nothing', async ({ browser, baseURL, request }) => {
  const ctx = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await loginWithForm(page, CREDENTIALS.other.username, CREDENTIALS.other.password);
  await expect(page).toHaveURL(/\/admin\/$/);
  const cookie = (await ctx.cookies()).find((c) => c.name === 'admin_session')!;
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/admin\/login\?bye=1/);
  await expect(page.getByRole('status')).toContainText('您已安全退出');
  const replay = await request.get('/admin/', { headers: { Cookie: `admin_session=${cookie.value}` }, maxRedirects: 0 });
  expect(replay.status()).toBe(303);
  const api = await request.get('/api/admin/complaints', { headers: { Cookie: `admin_session=${cookie.value}` } });
  expect(api.status()).toBe(401);
  await ctx.close();
});

test('a POST without the CSRF token is refused and changes nothing', async ({ browser, baseURL }) => {
  const ctx = await contextAs(browser, 'district', baseURL!);
  const page = await ctx.newPage();
  const id = await complaintId(ADMIN_FIXTURE.mineRealName.trackingNo);
  await page.goto(`/admin/complaints/${id}`);
  const token = await csrfOf(page);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const bad = await page.request.post(`/admin/complaints/${id}`, {
    form: { action: 'reject', reason: '伪造请求' },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(bad.status()).toBe(403);
  expect(await bad.text()).toContain('安全令牌');
  const wrong = await page.request.post(`/admin/complaints/${id}`, {
    form: { action: 'reject', reason: '伪造请求', _csrf: token.replace(/^./, token[0] === 'A' ? 'B' : 'A') },
    headers: { Origin: baseURL! },
    maxRedirects: 0,
  });
  expect(wrong.status()).toBe(403);
  const api = await page.request.post(`/api/admin/complaints/${id}`, { data: { action: 'reject', reason: '伪造请求' }, headers: { Origin: baseURL! } });
  expect(api.status()).toBe(403);
  // A form posted from another site is refused before it reaches the application.
  const cross = await page.request.post(`/admin/complaints/${id}`, {
    form: { action: 'reject', reason: 'x', _csrf: token },
    headers: { Origin: 'https://evil.example' },
    maxRedirects: 0,
  });
  expect(cross.status()).toBe(403);
  const [row] = await e2eDb()<{ status: string }[]>`SELECT status FROM complaints WHERE id = ${id}`;
  expect(row!.status).toBe('待受理');
  await ctx.close();
});
