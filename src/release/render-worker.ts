// The render step of an incremental publish, in its own process (src/release/incremental.ts starts
// it): the kept prerender bundle loads the database snapshot and its module state once per publish,
// and a long-running server must not keep one bundle per release in its module cache.
//   node --import tsx src/release/render-worker.ts JOB.json   → writes JOB.result.json
import fs from 'node:fs';
import path from 'node:path';
import { loadRenderer } from './page-renderer';
import { PATHS_FILE } from './renderer-integration';
import { institutionKeys, planRepublish } from '../domain/republish-plan';
import type { SearchRecord } from '../domain/search';
import { readReleaseRecords, writeReleaseRecords } from './search-index';

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
}

export type RenderResult = { full: string } | { full: null; files: string[]; pages: number; renderMs: number; loadMs: number };

export const resultFileOf = (jobFile: string): string => jobFile.replace(/\.json$/, '.result.json');
const RECORDS_PATH = '/search/records.json';

export async function runRenderJob(job: RenderJob, log: (m: string) => void): Promise<RenderResult> {
  const t0 = Date.now();
  const renderer = await loadRenderer(job.baseDir, log);
  const paths = await renderer.paths();
  const loadMs = Date.now() - t0;
  const recordsPath = paths.find((p) => p.pathname === RECORDS_PATH);
  if (!recordsPath) return { full: '站点没有搜索记录页' };
  // The records are the indexer's input, kept next to the release (not served).
  const after = JSON.parse((await renderer.render(recordsPath)).body.toString('utf8')) as SearchRecord[];
  writeReleaseRecords(job.outDir, after);
  const before = readReleaseRecords(job.prevDir);
  if (!before) return { full: '当前版本没有保留搜索记录' };
  const basePaths = (JSON.parse(fs.readFileSync(path.join(job.prevDir, PATHS_FILE), 'utf8')) as { pathname: string }[]).map((p) => p.pathname);
  const plan = planRepublish({
    basePaths,
    paths: paths.map(({ pathname, route }) => ({ pathname, route })),
    before: institutionKeys(before),
    after: institutionKeys(after),
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
    const { file, body } = await renderer.render(p);
    const target = path.join(job.outDir, 'client', file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, body);
    files.push(file);
  }
  fs.writeFileSync(path.join(job.outDir, PATHS_FILE), JSON.stringify(paths.map(({ pathname, route }) => ({ pathname, route }))));
  return { full: null, files, pages: paths.length, renderMs: Date.now() - t0 - loadMs, loadMs };
}

const jobFile = process.argv[2];
if (jobFile && import.meta.url.endsWith(path.basename(process.argv[1] ?? ''))) {
  const job = JSON.parse(fs.readFileSync(jobFile, 'utf8')) as RenderJob;
  try {
    const result = await runRenderJob(job, (m) => {
      console.error(m);
    });
    fs.writeFileSync(resultFileOf(jobFile), JSON.stringify(result));
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  }
}
