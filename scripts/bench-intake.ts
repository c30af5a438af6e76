// npm run bench:intake -- [--duration 10] [--connections 50]
//
// Drives POST /api/complaints of the production server (`npm start`: built release, embedded
// PostgreSQL, on loopback) with autocannon, and in the same run two baselines on this machine:
//   1. the database's ceiling: a bare node:http server doing the same durable insert per request
//      (insertComplaint in src/db/complaints-write.ts: the same statement and group commit,
//      synchronous_commit on);
//   2. the framework's ceiling: an empty on-demand Astro POST endpoint served the way our server
//      serves on-demand routes (node:http → security headers → Astro's handler in middleware mode).
// Each request carries its own Idempotency-Key (as a client following the API would). It prints
// req/s, p50/p99 latency and the ratios, then checks that every 201 has its row.
//
// The intake server runs with INTAKE_IP_LIMIT_PER_MINUTE raised: every request comes from
// 127.0.0.1, and the default limit (20 per minute per address) would answer 429 after 20.
//
// It uses its own data folder (.data/bench-intake) and embedded PostgreSQL port, so the dev
// database is untouched; the first run loads 50 demo institutions and builds the site.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSql, connectTo, sql } from '../src/db/client';
import { COMPLAINT_EXAMPLE } from '../src/handlers/intake/openapi';
import { countComplaints, countTrackedComplaints, settleIntakeTables } from '../src/db/bench';
import { START_ARGS } from './lib/start-command';
import { benchIntakeArgs, firstMessage } from '../src/schemas/cli';
import { securityHeaders } from '../src/server/security-headers';

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
  p97_5: number;
  max: number;
}
interface Result {
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface Options {
  url: string;
  connections: number;
  duration: number;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  requests?: { setupRequest?: (req: { headers: Record<string, string> }) => unknown; onResponse?: (status: number, body: string) => void }[];
}
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Options, cb: (err: unknown, r: Result) => void) => unknown;

const ROOT = process.cwd();
const BIN = path.join(ROOT, 'node_modules/.bin');
const NODE = path.join(BIN, 'node');

/** --duration and --connections (other arguments are ignored, as they always were). */
function readArgs(): { duration: number; connections: number } {
  const { values } = parseArgs({ options: { duration: { type: 'string' }, connections: { type: 'string' } }, strict: false });
  const parsed = benchIntakeArgs.safeParse(values);
  if (!parsed.success) throw new Error(firstMessage(parsed.error));
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Child-process modes: the two baseline servers.

async function serveBare(port: number): Promise<void> {
  const { insertComplaint, TrackingNumberTaken } = await import('../src/db/complaints-write');
  const { newTrackingNumber, newQueryCode } = await import('../src/domain/tracking-number');
  const { complaintDates } = await import('../src/domain/intake-pipeline');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof COMPLAINT_EXAMPLE;
          const now = new Date();
          const dates = complaintDates(now, input.category);
          const key = req.headers['idempotency-key'];
          let answer: Record<string, string> = {};
          // Like the real handler: a taken tracking number (about 1 in 10^9 per row) is drawn again.
          for (let attempt = 0; attempt < 3; attempt++) {
            const trackingNo = newTrackingNumber(2026);
            const queryCode = newQueryCode();
            answer = { trackingNo, queryCode, expectedAcceptBy: dates.acceptDue };
            try {
              await insertComplaint(
                {
                  trackingNo,
                  queryCodeHash: crypto.createHash('sha256').update(queryCode).digest('base64url'),
                  channel: '12345',
                  institutionCode: null,
                  unlistedName: input.unlistedName,
                  unlistedAddress: input.unlistedAddress,
                  regionCode: null,
                  category: input.category,
                  subcategory: '无证行医：未取得执业许可证或诊所备案凭证执业',
                  description: input.description,
                  occurredOn: input.occurredOn,
                  anonymous: true,
                  nameEnc: null,
                  phoneEnc: null,
                  receivedAt: now,
                  acceptDue: dates.acceptDue,
                  closeDue: dates.closeDue,
                },
                [],
                typeof key === 'string' ? { key: `bare:${key}`, scope: 'complaint', answer } : null,
              );
              break;
            } catch (e) {
              if (!(e instanceof TrackingNumberTaken)) throw e;
            }
          }
          res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(answer));
        } catch (e) {
          console.error(e instanceof Error ? e.message : String(e));
          res.writeHead(500);
          res.end();
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => {
    console.log('ready');
  });
}

// ---------------------------------------------------------------------------------------------
// The run

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => {
        resolve(port);
      });
    });
    s.on('error', reject);
  });
}

function start(args: readonly string[], env: NodeJS.ProcessEnv, readyUrl: string | null, label: string): Promise<ChildProcess> {
  const child = spawn(NODE, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: string[] = [];
  child.stdout.on('data', (b: Buffer) => {
    out.push(b.toString());
    if (process.env['BENCH_VERBOSE']) process.stdout.write(`[${label}] ${b.toString()}`);
  });
  child.stderr.on('data', (b: Buffer) => {
    out.push(b.toString());
    if (process.env['BENCH_VERBOSE']) process.stderr.write(`[${label}] ${b.toString()}`);
  });
  return new Promise((resolve, reject) => {
    const until = Date.now() + 900_000;
    const poll = async () => {
      if (child.exitCode !== null) {
        reject(new Error(`${label} 退出：\n${out.join('').slice(-2000)}`));
        return;
      }
      if (
        readyUrl === null
          ? out.join('').includes('ready')
          : await fetch(readyUrl)
              .then((r) => r.ok)
              .catch(() => false)
      ) {
        resolve(child);
        return;
      }
      if (Date.now() > until) {
        reject(new Error(`${label} 未能启动：\n${out.join('').slice(-2000)}`));
        return;
      }
      setTimeout(() => void poll(), 300);
    };
    void poll();
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  const pid = child?.pid;
  if (!child || !pid || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      resolve();
    }, 15_000).unref();
  });
}

function run(url: string, connections: number, duration: number, collect?: (status: number, body: string) => void): Promise<Result> {
  let n = 0;
  const runId = crypto.randomBytes(4).toString('hex');
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(COMPLAINT_EXAMPLE),
        requests: [
          {
            setupRequest: (req) => {
              req.headers = { ...req.headers, 'idempotency-key': `bench-${runId}-${++n}` };
              return req;
            },
            ...(collect ? { onResponse: collect } : {}),
          },
        ],
      },
      (err, r) => {
        if (err instanceof Error) reject(err);
        else if (err) reject(new Error('autocannon 运行失败'));
        else resolve(r);
      },
    );
  });
}

/**
 * A throw-away Astro project with one empty on-demand POST endpoint, built once, and its server:
 * plain JavaScript run with the same node flags as `npm start` (START_ARGS) and no tsx, serving
 * it the way src/server/http-server.ts serves our routes (node:http → security headers → Astro's
 * handler in middleware mode). Returns the server script.
 */
async function buildEmptyAstro(dir: string): Promise<string> {
  const entry = path.join(dir, 'dist/server/entry.mjs');
  const serve = path.join(dir, 'serve.mjs');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    serve,
    `import http from 'node:http';
import { handler } from './dist/server/entry.mjs';
const headers = ${JSON.stringify(securityHeaders())};
const server = http.createServer((req, res) => {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  void handler(req, res, () => { res.writeHead(404); res.end(); });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
`,
  );
  if (fs.existsSync(entry)) return serve;
  fs.mkdirSync(path.join(dir, 'src/pages/api'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nimport node from '@astrojs/node';\nexport default defineConfig({ output: 'static', adapter: node({ mode: 'middleware' }), devToolbar: { enabled: false } });\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'src/pages/api/empty.ts'),
    `export const prerender = false;\nexport const POST = async ({ request }) => { await request.text(); return new Response('{}', { status: 201, headers: { 'Content-Type': 'application/json' } }); };\n`,
  );
  fs.writeFileSync(path.join(dir, 'src/pages/index.astro'), '<p>bench</p>\n');
  await new Promise<void>((resolve, reject) => {
    const c = spawn(path.join(BIN, 'astro'), ['build', '--root', dir], { cwd: dir, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: 'ignore' });
    c.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error('空端点的 Astro 构建失败'));
    });
  });
  return serve;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

async function main(): Promise<void> {
  const { duration, connections } = readArgs();
  const dataDir = path.join(ROOT, '.data/bench-intake');
  const pgPort = 54392;
  const [intakePort, barePort, emptyPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    HOST: '127.0.0.1',
    PORT: String(intakePort),
    PUBLIC_URL: `http://127.0.0.1:${intakePort}`,
    DEMO_INSTITUTIONS: '50',
    INTAKE_IP_LIMIT_PER_MINUTE: '100000000',
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  const children: ChildProcess[] = [];
  const cleanup = async () => {
    for (const c of children.reverse()) await stop(c);
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    console.log('准备：生产服务器（npm start，首次运行会载入演示数据并构建站点）…');
    const intake = await start(START_ARGS, env, `http://127.0.0.1:${intakePort}/`, 'intake');
    children.push(intake);
    const dbUrl =
      process.env['DATABASE_URL'] ??
      `postgres://postgres:${encodeURIComponent(fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim())}@127.0.0.1:${pgPort}/postgres`;
    console.log('准备：基线服务器（node:http + postgres；空的 Astro 端点）…');
    const emptyServer = await buildEmptyAstro(path.join(dataDir, 'empty-astro'));
    children.push(await start(['--import', 'tsx', 'scripts/bench-intake.ts', '--serve-bare', String(barePort)], { ...env, DATABASE_URL: dbUrl }, null, 'bare'));
    children.push(await start([START_ARGS[0], emptyServer, String(emptyPort)], env, null, 'empty'));

    // The benchmark's own database, through the one client (src/db/client.ts).
    await connectTo(dbUrl);
    const db = sql;
    const count = () => countComplaints(db);

    const targets = [
      { name: 'node:http + postgres 插入（数据库上限）', url: `http://127.0.0.1:${barePort}/` },
      { name: '空的 Astro 按需端点（框架上限）', url: `http://127.0.0.1:${emptyPort}/api/empty` },
      { name: 'POST /api/complaints（生产服务器）', url: `http://127.0.0.1:${intakePort}/api/complaints` },
    ];
    const results: { name: string; r: Result; rows: number; tracked?: { ok: number; missing: number } }[] = [];
    for (const t of targets) {
      // Each target starts from the same database state: the rows the previous one wrote are
      // vacuumed and flushed now, not by autovacuum or a checkpoint during the next measurement.
      await settleIntakeTables(db);
      process.stdout.write(`预热 ${t.name} … `);
      await run(t.url, connections, 3);
      console.log(`测量 ${duration} 秒`);
      const before = await count();
      const trackingNos: string[] = [];
      const isIntake = t.url.endsWith('/api/complaints');
      const r = await run(
        t.url,
        connections,
        duration,
        isIntake
          ? (status, body) => {
              if (status === 201) trackingNos.push((JSON.parse(body) as { trackingNo: string }).trackingNo.replace(/-/g, ''));
            }
          : undefined,
      );
      const rows = (await count()) - before;
      let tracked: { ok: number; missing: number } | undefined;
      if (isIntake) {
        const found = await countTrackedComplaints(db, trackingNos);
        tracked = { ok: found, missing: trackingNos.length - found };
      }
      results.push({ name: t.name, r, rows, ...(tracked ? { tracked } : {}) });
    }
    await closeSql();

    console.log(`\n结果（${connections} 个并发连接，每项 ${duration} 秒，本机回环；每个请求带不同的 Idempotency-Key；INTAKE_IP_LIMIT_PER_MINUTE 已调高）：\n`);
    console.log('| 目标 | 请求/秒 | p50 (ms) | p99 (ms) | 201 | 非2xx | 错误 | 新增行 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const { name, r, rows } of results) {
      const created = r.statusCodeStats['201']?.count ?? 0;
      console.log(
        `| ${name} | ${fmt(r.requests.average)} | ${fmt(r.latency.p50, 1)} | ${fmt(r.latency.p99, 1)} | ${fmt(created)} | ${fmt(r.non2xx)} | ${fmt(r.errors + r.timeouts)} | ${name.includes('Astro') ? '—' : fmt(rows)} |`,
      );
    }
    const [bare, empty, intakeResult] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
    const rps = intakeResult.r.requests.average;
    const created = intakeResult.r.statusCodeStats['201']?.count ?? 0;
    console.log(`\n相对框架上限：${(rps / empty.r.requests.average).toFixed(2)} ×（目标 ≥ 0.70）`);
    console.log(`相对数据库上限：${(rps / bare.r.requests.average).toFixed(2)} ×`);
    console.log(`持久化提交：${fmt(rps)} 次/秒（目标 ≥ 2,500），p99 ${fmt(intakeResult.r.latency.p99, 1)} ms（目标 ≤ 50 ms）`);
    const t = intakeResult.tracked;
    if (!t) throw new Error('生产服务器的受理编号未被记录。');
    console.log(`逐条核对：${fmt(created)} 个 201 应答，${fmt(t.ok)} 个受理编号在数据库中找到，缺失 ${fmt(t.missing)}；新增 ${fmt(intakeResult.rows)} 行。`);
    const ok = t.missing === 0 && intakeResult.r.non2xx === 0;
    console.log(ok ? '每个 201 都有对应的行。' : '有 201 应答没有对应的行，或有失败的请求！');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

const mode = process.argv[2];
if (mode === '--serve-bare') await serveBare(Number(process.argv[3]));
else
  await main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
