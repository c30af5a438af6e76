// The render step of incremental publishes, in its own process (src/release/warm-renderer.ts
// starts it and talks to it over IPC): the kept prerender bundle loads the database snapshot once
// and keeps it between publishes, bringing it up to date with the institutions changed since
// (docs/scale.md, "The warm renderer"); a long-running server must not keep one bundle per release
// in its own module cache.
//   node --import tsx src/release/render-worker.ts   (a child with an IPC channel)
import fs from 'node:fs';
import path from 'node:path';
import { loadRenderer, type PageRenderer } from './page-renderer';
import { PATHS_FILE } from './renderer-integration';
import { institutionKeys, planRepublish, type InstitutionKey } from '../domain/republish-plan';
import type { SearchRecord } from '../domain/search';
import { indexShards, readReleaseRecords, writeReleaseRecords } from './search-index';
import { WARM_RENDERER_FLAG } from '../db/build-memo';

export interface RenderJob {
  /** The full release whose renderer is used (the base). */
  baseDir: string;
  /** The release the plan compares with (the current one: the base or an incremental release on it). */
  prevDir: string;
  /** The new release folder (its client/ gets the rendered files). */
  outDir: string;
  changed: string[];
  global: string[];
  /** Above this share of all pages re-rendered, a full build is cheaper and simpler. */
  maxShare: number;
  /** Institutions changed since the worker's data was read (null: it has none yet and reads it now). */
  refresh: string[] | null;
}

/** Parent → worker. */
export type WorkerRequest = { kind: 'load'; baseDir: string } | { kind: 'job'; job: RenderJob };
/** Worker → parent. */
export type WorkerReply = { kind: 'log'; message: string } | { kind: 'done'; result: RenderResult | null } | { kind: 'error'; message: string };

export type RenderResult =
  | { full: string }
  | {
      full: null;
      files: string[];
      pages: number;
      renderMs: number;
      loadMs: number;
      /** Institutions whose data a warm renderer re-read (null: the renderer was loaded for this job). */
      refreshed?: number | null;
      /** The search index: pages and records indexed, the shard folders written, its time. */
      indexed: number;
      shardsWritten: string[];
      indexMs: number;
    };

const RECORDS_PATH = '/search/records.json';

/**
 * What the last job wrote (its institutions' keys and its pages): the "before" of the next job when
 * that one builds on the release just written, as it does between two publishes of a server.
 */
let last: { outDir: string; keys: Map<string, InstitutionKey>; paths: string[] } | null = null;

function releaseBefore(prevDir: string): { keys: Map<string, InstitutionKey>; paths: string[] } | null {
  if (last?.outDir === prevDir) return last;
  const records = readReleaseRecords(prevDir);
  if (!records) return null;
  return {
    keys: institutionKeys(records),
    paths: (JSON.parse(fs.readFileSync(path.join(prevDir, PATHS_FILE), 'utf8')) as { pathname: string }[]).map((p) => p.pathname),
  };
}

export async function runRenderJob(renderer: PageRenderer, job: RenderJob): Promise<RenderResult> {
  const t0 = Date.now();
  if (job.refresh) await renderer.refresh(job.refresh);
  const paths = await renderer.paths();
  const loadMs = Date.now() - t0;
  const recordsPath = paths.find((p) => p.pathname === RECORDS_PATH);
  if (!recordsPath) return { full: '站点没有搜索记录页' };
  // The records are the indexer's input, kept next to the release (not served).
  const records = (await renderer.render(recordsPath)).body;
  writeReleaseRecords(job.outDir, records);
  const afterRecords = JSON.parse(records.toString('utf8')) as SearchRecord[];
  const after = institutionKeys(afterRecords);
  const before = releaseBefore(job.prevDir);
  if (!before) return { full: '当前版本没有保留搜索记录' };
  const plan = planRepublish({
    basePaths: before.paths,
    paths: paths.map(({ pathname, route }) => ({ pathname, route })),
    before: before.keys,
    after,
    changed: job.changed,
    global: job.global,
  });
  if (plan.full !== null) return { full: plan.full };
  const render = new Set(plan.render);
  render.delete(RECORDS_PATH);
  if (render.size > job.maxShare * paths.length) {
    return { full: `需要重新生成的页面过多：${render.size} / ${paths.length} 页` };
  }
  const files: string[] = [];
  for (const p of paths) {
    if (!render.has(p.pathname)) continue;
    files.push(await renderer.renderTo(p, path.join(job.outDir, 'client')));
  }
  fs.writeFileSync(path.join(job.outDir, PATHS_FILE), JSON.stringify(paths.map(({ pathname, route }) => ({ pathname, route }))));
  const renderMs = Date.now() - t0 - loadMs;
  // The search shards here, where the records are already parsed (the shards the base has are kept).
  const t1 = Date.now();
  const index = await indexShards(path.join(job.outDir, 'client'), afterRecords, { baseClientDir: path.join(job.baseDir, 'client') });
  last = { outDir: job.outDir, keys: after, paths: paths.map((p) => p.pathname) };
  return { full: null, files, pages: paths.length, renderMs, loadMs, indexed: index.pages, shardsWritten: index.written, indexMs: Date.now() - t1 };
}

// ---------------------------------------------------------------------------------------------
// The process: one base release's renderer, loaded on the first request and kept.

let loaded: { baseDir: string; renderer: PageRenderer } | null = null;

async function rendererFor(baseDir: string, log: (m: string) => void): Promise<PageRenderer> {
  if (loaded && loaded.baseDir !== baseDir) throw new Error('渲染进程属于另一个基准版本');
  if (!loaded) {
    const renderer = await loadRenderer(baseDir, log);
    // Reads the snapshot (getStaticPaths of every route): the data of the first job, or a prewarm.
    await renderer.paths();
    loaded = { baseDir, renderer };
  }
  return loaded.renderer;
}

async function handle(request: WorkerRequest, reply: (r: WorkerReply) => void): Promise<void> {
  const log = (message: string) => {
    reply({ kind: 'log', message });
  };
  try {
    if (request.kind === 'load') {
      const renderer = await rendererFor(request.baseDir, log);
      // The pages every publish renders (home, lists index, open data, search records …) once,
      // output dropped: their per-institution results are then kept for the first publish.
      for (const p of await renderer.paths()) if (!p.route.includes('[')) await renderer.render(p);
      reply({ kind: 'done', result: null });
    } else {
      const fresh = loaded === null;
      const t0 = Date.now();
      const renderer = await rendererFor(request.job.baseDir, log);
      const coldMs = Date.now() - t0;
      // A renderer loaded for this job has read its data just now: nothing to refresh.
      const result = await runRenderJob(renderer, fresh ? { ...request.job, refresh: null } : request.job);
      reply({
        kind: 'done',
        result: result.full === null ? { ...result, loadMs: result.loadMs + coldMs, refreshed: fresh ? null : (request.job.refresh?.length ?? 0) } : result,
      });
    }
  } catch (e) {
    reply({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

if (process.send && import.meta.url.endsWith(path.basename(process.argv[1] ?? ''))) {
  (globalThis as Record<symbol, unknown>)[WARM_RENDERER_FLAG] = true;
  const send = process.send.bind(process);
  // One request at a time, in order (the parent sends one and waits, but a prewarm may be under way).
  let queue = Promise.resolve();
  process.on('message', (request: WorkerRequest) => {
    queue = queue.then(() =>
      handle(request, (r) => {
        send(r);
      }),
    );
  });
  // The parent ended (a publish command that finished, a server that stopped): so does the renderer.
  process.on('disconnect', () => process.exit(0));
}
