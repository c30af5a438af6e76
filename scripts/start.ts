// npm start — everything on a fresh clone: start the embedded PostgreSQL (or use DATABASE_URL),
// migrate, load demo data into an empty embedded database, build the site if missing or stale,
// and serve it with the on-demand routes on HOST:PORT.
//
// `npm start` runs it through scripts/start.mjs, which removes tsx's module hooks once the server
// is listening (see there); `node --import tsx scripts/start.ts` works too, with the hooks kept.
import { pathToFileURL } from 'node:url';
import { config } from '../src/config';
import { closeSql } from '../src/db/client';
import { isStale } from '../src/release/releases';
import { buildAndRecord } from '../src/handlers/admin/publish';
import { startHttpServer } from '../src/server/http-server';
import { startAppWorkers } from '../src/server/jobs';
import type { Workers } from '../src/server/queue';
import { connectDatabase, explain } from './lib/with-database';
import { loadDemoIfEmpty } from './lib/demo-on-start';

const log = (m: string) => {
  console.log(m);
};

/** `afterStart` runs once the server is listening. */
export async function main(afterStart: () => unknown = () => {}): Promise<void> {
  const db = await connectDatabase(log);
  let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  let workers: Workers | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await server?.close().catch(() => {});
    await workers?.stop().catch(() => {});
    await closeSql().catch(() => {});
    await db.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    await loadDemoIfEmpty(log);
    if (isStale()) {
      const t = await buildAndRecord('启动时生成（站点缺失或代码已更新）', log);
      log(`站点已生成：${t.pages} 个页面，用时 ${((t.astroMs + t.pagefindMs + t.compressMs) / 1000).toFixed(1)} 秒。`);
    }
    // The job queue's workers run here unless WORKERS_IN_SERVER=false (then: npm run worker).
    // Started before the server listens, so /admin/jobs never creates a non-working instance first.
    if (config.WORKERS_IN_SERVER) workers = await startAppWorkers(log);
    server = await startHttpServer(config.HOST, config.PORT);
    await afterStart();
    log(`平台已启动：http://${config.HOST}:${config.PORT}/ （按 Ctrl+C 停止）`);
  } catch (e) {
    console.error(explain(e) || (e instanceof Error ? e.message : String(e)));
    await stop(1);
  }
}

/** Runs `main`, turning an unexpected failure into one sentence and exit code 1. */
export function run(afterStart?: () => unknown): void {
  main(afterStart).catch((e: unknown) => {
    console.error(explain(e) || (e instanceof Error ? e.message : String(e)));
    process.exit(1);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) run();
