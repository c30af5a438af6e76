import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { useTestDatabase, sql } from '../../support/db';
import { transaction } from '../../../src/db/client';
import { TOPICS, writeOutbox } from '../../../src/db/outbox';

/**
 * Issue 14: `kill -9` of a worker during a batch of 200 deliveries. The receiver is a real HTTP
 * server that answers slowly and keeps each message once by its Idempotency-Key (as a partner
 * system would). Afterwards every key was delivered, the ledger holds 200 rows, and no job is
 * left active or failed.
 */
const db = useTestDatabase();
const node = path.resolve('node_modules/.bin/node');
const N = 200;

const received = new Map<string, number>();
const receiver = http.createServer((req, res) => {
  const key = req.headers['idempotency-key'];
  req.resume();
  req.on('end', () => {
    setTimeout(() => {
      if (typeof key === 'string') received.set(key, (received.get(key) ?? 0) + 1);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    }, 40);
  });
});

const children: ChildProcess[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'a14-worker-'));

function startWorker(): ChildProcess {
  const child = spawn(node, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url(),
      DATA_DIR: dataDir,
      JOB_EXPIRE_SECONDS: '3',
      JOB_SUPERVISE_SECONDS: '1',
      WORKER_CONCURRENCY: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  children.push(child);
  return child;
}

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  receiver.close();
  // pg-boss keeps its own schema; the test database is dropped with the run, the schema here.
  await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run worker, killed with kill -9 during a batch of deliveries', () => {
  it('delivers every message, each key once at the receiver and in the ledger, none left active or failed', async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    await transaction(async (tx) => {
      for (let i = 0; i < N; i++) await writeOutbox(tx, TOPICS.httpPost, { url: `http://127.0.0.1:${port}/inbox`, body: { n: i } });
    });

    const first = startWorker();
    await until('the first deliveries', () => received.size >= 30, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = received.size;
    expect(atKill).toBeLessThan(N); // killed midway, not after the batch

    const second = startWorker();
    await until(
      'all deliveries',
      async () => {
        const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM deliveries WHERE queue = 'http.post'`;
        const [open] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'http.post' AND state <> 'completed'`;
        return row?.n === N && open?.n === 0;
      },
      110_000,
    );
    second.kill('SIGTERM');

    expect(received.size).toBe(N);
    const keys = [...received.keys()].sort();
    expect(new Set(keys).size).toBe(N);
    const [ledger] = await sql<{ n: number; keys: number }[]>`SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM deliveries`;
    expect(ledger).toEqual({ n: N, keys: N });
    const states = await sql<{ state: string; n: number }[]>`SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = 'http.post' GROUP BY state`;
    expect(states).toEqual([{ state: 'completed', n: N }]);
    const [pending] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`;
    expect(pending?.n).toBe(0);
  }, 180_000);
});
