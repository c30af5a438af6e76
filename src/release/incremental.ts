import fs from 'node:fs';
import path from 'node:path';
import { chinaDate } from '../domain/working-days';
import { config } from '../config';
import { SHARDS_FILE } from '../domain/search';
import { rendererProblem } from './page-renderer';
import { prewarmRenderer, renderWithWarmWorker } from './warm-renderer';
import { globalChangeReason } from '../domain/republish-plan';
import { changesSince, currentChangeSeq } from '../db/publish-changes';
import {
  BASE_LINK,
  codeStamp,
  currentRelease,
  compressFiles,
  isSearchFile,
  precompress,
  walkFiles,
  releaseDir,
  releaseInfo,
  type BuildTimings,
  type ReleaseInfo,
} from './releases';

/**
 * Incremental publishing (docs/scale.md, "Incremental publishing"): a release that holds only the
 * files that differ from a full release (its base), rendered by the base's kept prerender bundle.
 * Servers look in the delta first, then in the base (`<release>/base`, a symlink).
 */

/** Above this share of all pages to re-render, the publish builds in full. */
export const MAX_DELTA_SHARE = 0.2;

export type Incremental = { ok: true; timings: BuildTimings } | { ok: false; reason: string };

/** Today's date as the pages show it (expiries, due dates): a release of another day is not a base. */
export const siteDate = (): string => chinaDate(new Date());

/** Why the current release cannot be the base of an incremental publish, or null. */
function baseProblem(prev: ReleaseInfo | null, base: ReleaseInfo | null, baseDir: string): string | null {
  if (!prev) return '还没有已发布的版本';
  if (!base || base.mode === 'incremental') return '找不到基准版本';
  if (base.codeStamp !== codeStamp()) return '程序或网站设置已更新';
  if (base.asOf !== siteDate()) return `日期已变化（基准版本生成于 ${base.asOf ?? '未知日期'}），每天第一次发布完整生成`;
  if (prev.changeSeq === undefined) return '当前版本没有记录数据变更序号';
  return rendererProblem(baseDir);
}

/**
 * Stage an incremental release `id` on the current release, or say why it cannot be one (the
 * caller then builds in full). Nothing is switched.
 */
export async function stageIncremental(id: string, log: (m: string) => void, maxShare = MAX_DELTA_SHARE): Promise<Incremental> {
  const t0 = Date.now();
  const prevDir = currentRelease();
  const prev = prevDir ? releaseInfo(prevDir) : null;
  const baseId = prev?.base ?? prev?.id ?? '';
  const baseDir = baseId ? releaseDir(baseId) : '';
  const problem = baseProblem(prev, baseId ? releaseInfo(baseDir) : null, baseDir);
  if (problem || !prev || !prevDir) return { ok: false, reason: problem ?? '还没有已发布的版本' };
  // Read before rendering: a change made meanwhile is in the next publish, never lost.
  const seq = await currentChangeSeq();
  const changes = await changesSince(prev.changeSeq ?? '0');
  const dir = releaseDir(id);
  const client = path.join(dir, 'client');
  fs.mkdirSync(client, { recursive: true });
  fs.symlinkSync(path.join('..', baseId), path.join(dir, BASE_LINK));
  // The on-demand server code is the base's (same code stamp).
  fs.symlinkSync(path.join(BASE_LINK, 'server'), path.join(dir, 'server'));
  log(`增量发布：${changes.codes.length} 家机构有变化，正在重新生成相关页面…`);
  // A global change makes the plan full at once: no need to start a renderer for it.
  const globalReason = globalChangeReason(changes.global);
  const result =
    globalReason !== null
      ? { full: globalReason }
      : await renderWithWarmWorker({ baseDir, prevDir, outDir: dir, changed: changes.codes, global: changes.global, maxShare }, seq, log);
  if (result.full !== null) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: result.full };
  }
  const t1 = Date.now();
  await compressFiles(result.files.map((f) => path.join(client, f)));
  // The previous incremental release's own files that were not rendered again: unchanged since,
  // hard-linked (never written through: every file here is new or a fresh link). Its search
  // shards are not taken: the indexer decides which shards the base lacks.
  if (prev.base) {
    const prevClient = path.join(prevDir, 'client');
    walkFiles(prevClient, (rel) => {
      const target = path.join(client, rel);
      if (isSearchFile(rel) || fs.existsSync(target)) return;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.linkSync(path.join(prevClient, rel), target);
    });
  }
  const t2 = Date.now();
  // The worker indexed the changed search shards (src/release/render-worker.ts).
  const pages = result.indexed;
  for (const w of result.shardsWritten) await precompress(path.join(client, w));
  // The shard list and Pagefind's runtime at its published address (both written by indexShards).
  await compressFiles([path.join(client, SHARDS_FILE), path.join(path.dirname(path.join(client, SHARDS_FILE)), 'pagefind.js')]);
  const t3 = Date.now();
  let files = 0;
  walkFiles(client, () => (files += 1));
  const info: ReleaseInfo = {
    id,
    codeStamp: prev.codeStamp,
    builtAt: new Date().toISOString(),
    publicUrl: config.publicUrl,
    pages,
    base: baseId,
    changeSeq: seq,
    asOf: siteDate(),
    mode: 'incremental',
    reason: null,
    files,
  };
  fs.writeFileSync(path.join(dir, 'release.json'), JSON.stringify(info, null, 2));
  log(result.refreshed == null ? '渲染程序：新载入（读取全部数据）' : `渲染程序：已载入，更新了 ${result.refreshed} 家机构的数据`);
  log(
    `增量发布：重新生成 ${result.files.length} 个页面（载入 ${result.loadMs} ms，生成 ${result.renderMs} ms，压缩 ${t2 - t1} ms，搜索索引 ${result.indexMs + t3 - t2} ms），版本共 ${files} 个文件。`,
  );
  return {
    ok: true,
    timings: { astroMs: t1 - t0, pagefindMs: t3 - t2, compressMs: t2 - t1, pages, dir, id, mode: 'incremental', reason: null, filesWritten: files },
  };
}

/**
 * Start the warm renderer of the current release now (in the background of a server that has
 * just switched to a full release), so that the next incremental publish does not wait for the
 * snapshot to load. Nothing happens when the current release cannot be a base.
 */
export async function prewarmCurrentRenderer(log: (m: string) => void = () => {}): Promise<void> {
  const dir = currentRelease();
  const info = dir ? releaseInfo(dir) : null;
  const baseId = info?.base ?? info?.id ?? '';
  const baseDir = baseId ? releaseDir(baseId) : '';
  if (!info || baseProblem(info, baseId ? releaseInfo(baseDir) : null, baseDir) !== null) return;
  // Read before the worker reads its data: whatever changes meanwhile is refreshed at the next publish.
  const seq = await currentChangeSeq();
  await prewarmRenderer(baseDir, seq, log);
}
