// Helpers shared by the supervisor-area browser tests (tests/e2e/admin-*.spec.ts).
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts';
import { ADMIN_FIXTURE } from '../support/fixtures/admin';

export { ADMIN_FIXTURE };

/** The admin area is an office-desktop tool: its tests run once, in the desktop project. */
export function desktopOnly(testInfo: TestInfo): boolean {
  return testInfo.project.name !== 'desktop';
}

export const CREDENTIALS = {
  admin: DEMO_ACCOUNTS.find((a) => a.role === 'admin')!,
  district: DEMO_ACCOUNTS.find((a) => a.role === 'district')!,
  viewer: DEMO_ACCOUNTS.find((a) => a.role === 'viewer')!,
  other: ADMIN_FIXTURE.other,
};

let db: postgres.Sql | null = null;
/** The e2e database (set by tests/e2e/global-setup.ts), for checks the UI does not show. */
export function e2eDb(): postgres.Sql {
  const url = process.env['E2E_DATABASE_URL'];
  if (!url) throw new Error('E2E_DATABASE_URL is not set (tests/e2e/global-setup.ts)');
  db ??= postgres(url, { max: 2, onnotice: () => {} });
  return db;
}

export async function loginWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * A browser context logged in as a role. Logins are counted per IP (30 per 15 minutes), so each
 * role logs in once per run and the session cookie is reused.
 */
const states = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
export async function contextAs(browser: Browser, who: keyof typeof CREDENTIALS, baseURL: string): Promise<BrowserContext> {
  let state = states.get(who);
  if (!state) {
    const ctx = await browser.newContext({ baseURL, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await loginWithForm(page, CREDENTIALS[who].username, CREDENTIALS[who].password);
    await expect(page).toHaveURL(/\/admin\/$/);
    state = await ctx.storageState();
    states.set(who, state);
    await ctx.close();
  }
  return browser.newContext({ baseURL, locale: 'zh-CN', storageState: state });
}

/** The CSRF token of the current page (every admin page has one in its logout form). */
export async function csrfOf(page: Page): Promise<string> {
  return (await page.locator('input[name="_csrf"]').first().getAttribute('value')) ?? '';
}

export async function complaintId(trackingNo: string): Promise<number> {
  const [row] = await e2eDb()<{ id: number }[]>`SELECT id::int FROM complaints WHERE tracking_no = ${trackingNo}`;
  if (!row) throw new Error(`no complaint ${trackingNo}`);
  return row.id;
}

/**
 * Every route of the supervisor area, from the files under src/pages/admin and src/pages/api/admin,
 * with parameters filled in: a new route is covered by the unauthenticated walk automatically.
 */
export function adminRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        walk(path.join(dir, e.name), `${prefix}/${fill(e.name)}`);
      } else if (/\.(astro|ts|js|md|mdx|html)$/.test(e.name)) {
        const name = e.name.replace(/\.(astro|ts|js|md|mdx|html)$/, '');
        out.push(name === 'index' ? `${prefix}/` : `${prefix}/${fill(name)}`);
      }
    }
  };
  walk('src/pages/admin', '/admin');
  walk('src/pages/api/admin', '/api/admin');
  return out.sort();
}

function fill(segment: string): string {
  return segment.replace(/\[\.\.\.[^\]]+\]/g, 'x/y').replace(/\[[^\]]+\]/g, '1');
}

/** Build a release from the admin page, wait for it, switch to it. */
export async function publish(page: Page, reason: string): Promise<void> {
  await page.goto('/admin/publish');
  await page.getByRole('button', { name: '生成新版本' }).click();
  await expect(page.getByRole('button', { name: '确认发布' })).toBeVisible({ timeout: 300_000 });
  await page.getByLabel(/发布说明/).fill(reason);
  await page.getByRole('button', { name: '确认发布' }).click();
  await expect(page.getByText('新版本已发布，公众网站已切换到新版本。')).toBeVisible();
}
