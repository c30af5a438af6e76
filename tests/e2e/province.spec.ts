// Issue 16 item 3, "done when": a demo province of 3 counties runs from `npm start` with
// DEMO_COUNTIES=3, each county with its own lists and administrators. Its own deployment (the
// shared e2e fixture is one county): its own data folder and embedded PostgreSQL, the real
// `npm start` (demo load, build, serve), torn down at the end.
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { test, expect, type Browser, type BrowserContext } from '@playwright/test';
import { START_ARGS } from '../../scripts/lib/start-command';

const PORT = Number(process.env['E2E_PORT'] ?? 4399) + 3;
const PG_PORT = Number(process.env['E2E_PG_PORT'] ?? 54398) + 2;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e', '..', 'e2e-province');
// README, Demo accounts: the province administrator and one administrator per county.
const PROVINCE = { username: 'admin', password: 'Shifan-Guanli-2026' };
const COUNTY_PASSWORD = 'Xianqu-Guanli-2026';

let server: ChildProcess | null = null;
const output: string[] = [];

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run: it starts its own server');
  test.setTimeout(900_000);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR, PORT: String(PORT), EMBEDDED_PG_PORT: String(PG_PORT), HOST: '127.0.0.1' };
  for (const k of ['DATABASE_URL', 'PUBLIC_URL', 'DEMO_INSTITUTIONS']) delete env[k];
  env['DEMO_COUNTIES'] = '3';
  env['DEMO_INSTITUTIONS'] = '150';
  env['CI'] = 'true';
  server = spawn('node_modules/.bin/node', [...START_ARGS], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  server.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  server.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  const until = Date.now() + 840_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error('server exited:\n' + output.join(''));
    if (Date.now() > until) throw new Error('server not up:\n' + output.join(''));
    if (
      await fetch(`${BASE}/admin/login`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 1000));
  }
});

test.afterAll(async () => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
});

async function countyCodes(): Promise<string[]> {
  const html = await (await fetch(`${BASE}/`)).text();
  return [...new Set([...html.matchAll(/href="\/r\/(\d{6})\/"/g)].map((m) => m[1]!))];
}

async function signedIn(browser: Browser, username: string, password: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: BASE, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/$/);
  await page.close();
  return ctx;
}

/** Complaints the account reads through the intake API: in all, and filtered to one county. */
async function complaintTotal(ctx: BrowserContext, region?: string): Promise<number> {
  const r = await ctx.request.get(`/api/admin/complaints${region ? `?region=${region}` : ''}`);
  expect(r.status()).toBe(200);
  return ((await r.json()) as { total: number }).total;
}

test('the home page names the prefecture and lists the 3 counties; each county page links its own list', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/`);
  const links = page.getByTestId('county-links');
  await expect(links.getByRole('heading')).toContainText(/市各县/);
  await expect(links.getByRole('listitem')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('province-home-390.png'), fullPage: true });
  const codes = await countyCodes();
  expect(codes).toHaveLength(3);
  for (const code of codes) {
    await page.goto(`${BASE}/r/${code}/`);
    const name = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('医疗机构依法执业信用公示', '');
    await expect(page.getByText(`${name}卫生健康委员会`).first()).toBeVisible();
    const list = page.getByTestId('county-list');
    await expect(list).toHaveAttribute('href', new RegExp(`^/lists/\\d{4}/${code}/all/$`));
    if (code === codes[1]) await page.screenshot({ path: testInfo.outputPath('county-page-390.png'), fullPage: true });
    await list.click();
    await expect(page).toHaveTitle(new RegExp(`（${name} · 全部类别）`));
    // The list shows only that county's institutions (its filter chip is the current one).
    await expect(page.locator('[aria-current="page"]', { hasText: name }).first()).toBeVisible();
  }
});

test('per-county open data holds only that county’s rows, with the region columns', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  const codes = await countyCodes();
  let sum = 0;
  for (const code of codes) {
    const doc = (await (await fetch(`${BASE}/data/${code}/institutions.json`)).json()) as {
      count: number;
      publisher: string;
      institutions: { county_code: string; county_name: string; code: string }[];
    };
    expect(doc.count).toBeGreaterThan(0);
    expect(new Set(doc.institutions.map((r) => r.county_code))).toEqual(new Set([code]));
    const county = doc.institutions[0]!.county_name;
    expect(doc.publisher).toBe(`${county}卫生健康委员会`);
    // The disclosure page names its county's commission; the county page stays small.
    const board = await (await fetch(`${BASE}/i/${doc.institutions[0]!.code}/`)).text();
    expect(board).toContain(`<dt>卫生健康行政部门</dt><dd>${county}卫生健康委员会</dd>`);
    expect(gzipSync(await (await fetch(`${BASE}/r/${code}/`)).text()).length).toBeLessThan(20_000);
    const csv = await (await fetch(`${BASE}/data/${code}/institutions.csv`)).text();
    const lines = csv.trim().split(/\r\n/);
    expect(lines[0]).toContain('所在县区划代码');
    expect(lines.length - 1).toBe(doc.count);
    sum += doc.count;
  }
  const all = (await (await fetch(`${BASE}/data/institutions.json`)).json()) as { count: number };
  expect(sum).toBe(all.count);
});

test('a county administrator sees only their county; the province administrator sees all', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  const codes = await countyCodes();
  const [a, b] = codes as [string, string];
  const province = await signedIn(browser, PROVINCE.username, PROVINCE.password);
  const countyA = await signedIn(browser, `admin-${a}`, COUNTY_PASSWORD);

  const all = await complaintTotal(province);
  const inA = await complaintTotal(province, a);
  expect(inA).toBeGreaterThan(0);
  expect(inA).toBeLessThan(all);
  expect(await complaintTotal(countyA)).toBe(inA);
  expect(await complaintTotal(countyA, b)).toBe(0);

  // Institutions: one of county B is not found by county A's administrator, found by the province's.
  const csvB = await (await fetch(`${BASE}/data/${b}/institutions.csv`)).text();
  const codeB = csvB.split(/\r\n/)[1]!.split(',')[0]!;
  expect((await countyA.request.get(`/admin/institutions/${codeB}`)).status()).toBe(404);
  expect((await province.request.get(`/admin/institutions/${codeB}`)).status()).toBe(200);

  // Accounts and county settings: only their own county.
  const page = await countyA.newPage();
  await page.goto('/admin/users');
  await expect(page.getByRole('cell', { name: `admin-${a}`, exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: `admin-${b}`, exact: true })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'admin', exact: true })).toHaveCount(0);
  await page.goto('/admin/counties');
  await expect(page.getByTestId(`county-${a}`)).toBeVisible();
  await expect(page.getByTestId(`county-${b}`)).toHaveCount(0);
  await page
    .getByTestId(`county-${a}`)
    .getByLabel(/^联系电话/)
    .fill('0399-50009999');
  await page.getByTestId(`county-${a}`).getByLabel('修改原因').fill('更新联系电话');
  await page.getByTestId(`county-${a}`).getByRole('button', { name: /^保存/ }).click();
  await expect(page.getByRole('status')).toContainText('设置已保存');
  await page.screenshot({ path: testInfo.outputPath('county-admin-settings-1366.png'), fullPage: true });

  const provincePage = await province.newPage();
  await provincePage.goto('/admin/counties');
  for (const code of codes) await expect(provincePage.getByTestId(`county-${code}`)).toBeVisible();
  await provincePage.goto('/admin/users');
  for (const code of codes) await expect(provincePage.getByRole('cell', { name: `admin-${code}`, exact: true })).toBeVisible();
  await provincePage.screenshot({ path: testInfo.outputPath('province-admin-users-1366.png'), fullPage: true });
  await province.close();
  await countyA.close();
});
