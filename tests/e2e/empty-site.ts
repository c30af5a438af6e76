// A second, empty deployment for the tests that must start without demo data (issue 12: "starts
// from an empty database without demo data, creates accounts with npm run user:create"): its own
// database in the e2e cluster, its own data folder and port, the real `npm run db:migrate`,
// `npm run user:create` and `npm start`.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { START_ARGS } from '../../scripts/lib/start-command';

export interface EmptySite {
  base: string;
  db: postgres.Sql;
  /** `npm run user:create` against this deployment (regions must exist for a district account). */
  createAccount: (a: Account) => void;
  stop: () => Promise<void>;
}

export interface Account {
  username: string;
  role: 'admin' | 'district' | 'viewer';
  displayName: string;
  regions?: string;
  password: string;
}

const NODE = 'node_modules/.bin/node';

function databaseUrl(name: string): string {
  const url = process.env['E2E_DATABASE_URL'];
  if (!url) throw new Error('E2E_DATABASE_URL is not set (tests/e2e/global-setup.ts)');
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function envFor(name: string, port: number): NodeJS.ProcessEnv {
  const dataDir = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e', `..`, `e2e-${name}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  return {
    ...process.env,
    DATABASE_URL: databaseUrl(name),
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CI: 'true',
  };
}

function npmScript(script: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  const r = spawnSync(NODE, ['--import', 'tsx', script, ...args], { env, input, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} exited ${String(r.status)}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Creates the database, migrates it, creates the accounts with user:create, starts the server. */
export async function startEmptySite(name: string, port: number, accounts: readonly Account[]): Promise<EmptySite> {
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const env = envFor(name, port);
  npmScript('scripts/db-migrate.ts', [], env);
  const createAccount = (a: Account) => {
    const args = ['--username', a.username, '--role', a.role, '--display-name', a.displayName, '--reason', '端到端测试开通账户'];
    if (a.regions) args.push('--regions', a.regions);
    npmScript('scripts/user-create.ts', args, env, `${a.password}\n`);
  };
  accounts.forEach(createAccount);
  const server = spawn(NODE, [...START_ARGS], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  server.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  server.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitUp(base, server, output);
  const db = postgres(env['DATABASE_URL']!, { max: 2, onnotice: () => {} });
  return {
    base,
    db,
    createAccount,
    stop: async () => {
      await db.end();
      try {
        process.kill(-server.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 500));
    },
  };
}

async function waitUp(base: string, server: ChildProcess, output: string[]): Promise<void> {
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error('server exited:\n' + output.join(''));
    try {
      if ((await fetch(`${base}/admin/login`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server not up:\n' + output.join(''));
}

/** A browser context signed in as the account. */
export async function signedIn(browser: Browser, base: string, a: Account): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(a.username);
  await page.getByLabel('密码').fill(a.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/admin\/$/);
  return { ctx, page };
}

/** Uploads a sheet on /admin/import and confirms it (an administrator's page). */
export async function importSheet(page: Page, kind: string, fileName: string, csv: string): Promise<void> {
  await page.goto('/admin/import');
  await page.getByLabel('数据类型').selectOption(kind);
  await page.getByLabel(/^文件/).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: '上传并预览' }).click();
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText('已导入。')).toBeVisible();
}

/** Builds a release on /admin/publish and publishes it. */
export async function publishFromAdmin(page: Page, reason: string): Promise<void> {
  await page.goto('/admin/publish');
  await page.getByRole('button', { name: '生成新版本' }).click();
  await expect(page.getByRole('heading', { name: /^待发布版本/ })).toBeVisible({ timeout: 300_000 });
  await page.getByLabel(/发布说明/).fill(reason);
  await page.getByRole('button', { name: '确认发布' }).click();
  await expect(page.getByRole('status')).toContainText('新版本已发布');
}
