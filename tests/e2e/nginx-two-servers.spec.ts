import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { test, expect } from '@playwright/test';
import postgres from 'postgres';
import { START_ARGS } from '../../scripts/lib/start-command';
import { releasesDirFor } from '../../src/release/releases';
import { nginxSite } from '../../src/server/nginx-config';
import { COMPLAINT_EXAMPLE } from '../../src/handlers/intake/openapi';
import { desktopOnly } from './admin-support';

/**
 * The province deployment (issue 16 item 4, README.md ("Deployment")): Debian's nginx serves the
 * current release's static files and proxies the on-demand routes to two Node servers sharing one
 * PostgreSQL (the end-to-end database). Under a bounded load of page views and complaints one
 * server is killed with SIGKILL: no page view may fail, every complaint answered 201 must be in the
 * database, and a client retrying with its Idempotency-Key gets its original answer.
 */

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
const e2ePort = Number(process.env['E2E_PORT'] ?? 4399);
const dataDir = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e');
const nodePorts = [e2ePort + 21, e2ePort + 22];
const nginxPort = e2ePort + 20;
const base = `http://127.0.0.1:${nginxPort}`;

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'one project is enough: no browser involved');
  // CI installs nginx (.ci/run); elsewhere the test says why it did not run.
  test.skip(!NGINX && !process.env['CI'], 'nginx is not installed (apt-get install nginx-light)');
  test.setTimeout(300_000);
});

function startNode(port: number): { child: ChildProcess; output: string[] } {
  const env = {
    ...process.env,
    DATABASE_URL: process.env['E2E_DATABASE_URL'],
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    // The release was built for the end-to-end server's public address: same value, no rebuild.
    PUBLIC_URL: `http://127.0.0.1:${e2ePort}`,
    TRUSTED_PROXIES: '127.0.0.1',
  };
  const child = spawn('node_modules/.bin/node', [...START_ARGS], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  return { child, output };
}

async function waitUp(url: string, what: string, output: () => string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} not up:\n${output()}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* gone */
  }
}

test('nginx in front of two servers: a server killed under load loses no page view and no complaint', async () => {
  expect(NGINX, 'nginx must be installed (.ci/run installs nginx-light)').toBeTruthy();
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-e2e-'));
  const site = nginxSite({
    listen: `127.0.0.1:${nginxPort}`,
    serverName: '_',
    upstreams: nodePorts.map((p) => `127.0.0.1:${p}`),
    root: path.join(releasesDirFor(dataDir), 'current', 'client'),
  });
  const main = `worker_processes 1;
error_log ${prefix}/error.log warn;
pid ${prefix}/nginx.pid;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
${site}
}
`;
  fs.writeFileSync(path.join(prefix, 'nginx.conf'), main);
  const syntax = spawnSync(NGINX!, ['-t', '-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { encoding: 'utf8' });
  expect(syntax.status, syntax.stderr).toBe(0);

  const servers = nodePorts.map(startNode);
  const nginx = spawn(NGINX!, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const nginxOut: string[] = [];
  nginx.stderr.on('data', (b: Buffer) => nginxOut.push(b.toString()));
  const sql = postgres(process.env['E2E_DATABASE_URL']!, { max: 2, onnotice: () => {} });
  try {
    for (const [i, s] of servers.entries()) await waitUp(`http://127.0.0.1:${nodePorts[i]}/complaints/new`, `server ${i + 1}`, () => s.output.join(''));
    await waitUp(`${base}/`, 'nginx', () => nginxOut.join(''));

    // Static files come from nginx (precompressed, cached as the Node server would), the rest from Node.
    const home = await fetch(`${base}/`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-encoding')).toBe('gzip');
    expect(home.headers.get('cache-control')).toBe('public, no-cache');
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
    const institutions = (await (await fetch(`${base}/data/institutions.json`)).json()) as { institutions: { code: string; status: string }[] };
    const code = institutions.institutions.find((x) => x.status === '执业')!.code;
    const asset = /(\/_astro\/[^"]+\.css)/.exec(await (await fetch(`${base}/i/${code}/`)).text())?.[1];
    expect(asset).toBeTruthy();
    expect((await fetch(base + asset!)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const form = await fetch(`${base}/complaints/new`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="_token"');
    expect((await fetch(`${base}/admin/`, { redirect: 'manual' })).headers.get('cache-control')).toBe('no-store');

    const pages = ['/', '/lists/', `/i/${code}/`, `/i/${code}/?v=1`, '/search/', '/complaints/new', '/data/institutions.json', '/about/rules/'];
    let pageViews = 0;
    const failedViews: string[] = [];
    const view = async (p: string) => {
      pageViews++;
      try {
        const r = await fetch(base + p);
        await r.arrayBuffer();
        if (r.status !== 200) failedViews.push(`${p} → ${r.status}`);
      } catch (e) {
        failedViews.push(`${p} → ${(e as Error).message}`);
      }
    };

    // Complaints: each client has its own address (the limits are per address) and key, and
    // retries a failed or unanswered request with the same key, as the API documentation says.
    const answers = new Map<string, { status: number; trackingNo: string }>();
    const retried: string[] = [];
    const complain = async (n: number) => {
      const key = `nginx-e2e-${Date.now()}-${n}`;
      const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-Forwarded-For': `198.51.100.${n % 250}` };
      const body = JSON.stringify({ ...COMPLAINT_EXAMPLE, description: `负载测试投诉第${n}件：nginx 后两台服务器。` });
      for (let attempt = 0; attempt < 8; attempt++) {
        try {
          const r = await fetch(`${base}/api/complaints`, { method: 'POST', headers, body });
          const j = (await r.json()) as { trackingNo?: string };
          if (r.status === 201 || r.status === 200) return void answers.set(key, { status: r.status, trackingNo: j.trackingNo ?? '' });
          if (r.status < 500) throw new Error(`complaint ${n}: ${r.status} ${JSON.stringify(j)}`);
        } catch (e) {
          if ((e as Error).message.startsWith('complaint')) throw e;
        }
        retried.push(key);
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(`complaint ${n}: no answer after 8 attempts`);
    };

    const work: Promise<void>[] = [];
    const ROUNDS = 30;
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of pages) work.push(view(p));
      for (let k = 0; k < 2; k++) work.push(complain(round * 2 + k));
      if (round === Math.floor(ROUNDS / 3)) killGroup(servers[0]!.child, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all(work);
    expect(servers[0]!.child.exitCode ?? servers[0]!.child.signalCode).toBeTruthy();

    expect(failedViews, `${failedViews.length} of ${pageViews} page views failed`).toEqual([]);
    expect(pageViews).toBe(ROUNDS * pages.length);
    expect(answers.size).toBe(ROUNDS * 2);
    // Every complaint answered exists, once.
    const numbers = [...answers.values()].map((a) => a.trackingNo.replace(/-/g, ''));
    const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM complaints WHERE tracking_no = ANY(${numbers}::text[])`;
    expect(rows[0]!.n).toBe(numbers.length);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Asked again with the same key, each client gets its original answer.
    for (const [key, first] of [...answers.entries()].slice(0, 10)) {
      const n = Number(key.split('-').pop());
      const again = await fetch(`${base}/api/complaints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'X-Forwarded-For': `198.51.100.${n % 250}` },
        body: JSON.stringify({ ...COMPLAINT_EXAMPLE, description: `负载测试投诉第${n}件：nginx 后两台服务器。` }),
      });
      expect(again.status).toBe(first.status === 200 ? 200 : 201);
      expect(((await again.json()) as { trackingNo: string }).trackingNo).toBe(first.trackingNo);
    }
    console.log(`nginx + 2 servers: ${pageViews} page views, 0 failed; ${answers.size} complaints, ${retried.length} retries after the kill`);
  } finally {
    await sql.end();
    killGroup(nginx, 'SIGTERM');
    for (const s of servers) killGroup(s.child, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
  }
});
