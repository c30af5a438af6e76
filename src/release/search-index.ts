import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { assignShards, pagefindRecord, SEARCH_SHARD_SIZE, SHARDS_FILE, shardDir, type PagefindRecord, type SearchRecord } from '../domain/search';

/**
 * Pagefind index of the built site (run after `astro build`, never committed).
 *
 * Institutions are indexed from /search/records.json, written by the same build as the pages
 * (src/pages/search/records.json.ts), as custom records: name, address, area and type, with
 * filters for area, type and level. That is a fraction of the text of a whole page, so indexing
 * is fast and light, and the name stands alone, segmented the same way as the query (a full name
 * with 路/街 is found). The explanatory pages (about/) are indexed as HTML, with the first shard.
 *
 * Shards (issue 16): records are split by region (assignShards), each shard is built in its own
 * folder named by the hash of its input (shardDir), one after another with the Pagefind service
 * closed in between (memory: ~18 KB per record while building), and merged in the browser
 * (src/components/search-client.ts reads SHARDS_FILE). An incremental publish passes the base
 * release's client folder: a shard whose folder already exists there is not built again.
 * Chinese needs `<html lang="zh-CN">` (pages) and language "zh-cn" (records).
 */

const RECORDS_FILE = path.join('search', 'records.json');
/** The records of a release, kept next to its client folder (not served): the next incremental publish's "before". */
export const RELEASE_RECORDS_FILE = 'search-records.json';
const BATCH = 500;
/** Bundle fragments into files of a few records: 100,000 tiny files would slow every copy and deploy. */
const MAX_FRAGMENTS = 2000;
/** Pagefind's loader, in every shard folder. */
const RUNTIME_FILE = 'pagefind.js';

/** Part of every shard's hash: another Pagefind or other options give other folders. */
const INDEX_VERSION = `pagefind-1.6.0;fragments=${MAX_FRAGMENTS}`;

/** The records a build wrote into its client folder (removed from it: not part of the published site). */
export function takeBuildRecords(clientDir: string): SearchRecord[] {
  const file = path.join(clientDir, RECORDS_FILE);
  if (!fs.existsSync(file)) return [];
  const records = JSON.parse(fs.readFileSync(file, 'utf8')) as SearchRecord[];
  fs.rmSync(file);
  return records;
}

export function writeReleaseRecords(releaseDir: string, records: readonly SearchRecord[] | Uint8Array): void {
  fs.writeFileSync(path.join(releaseDir, RELEASE_RECORDS_FILE), records instanceof Uint8Array ? records : JSON.stringify(records));
}

/** The records a release was built from, or null (a release built before they were kept). */
export function readReleaseRecords(releaseDir: string): SearchRecord[] | null {
  const file = path.join(releaseDir, RELEASE_RECORDS_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SearchRecord[]) : null;
}

async function check<T extends { errors: string[] }>(step: string, p: Promise<T>): Promise<T> {
  const r = await p;
  if (r.errors.length) throw new Error(`Pagefind ${step}失败：${r.errors.join('; ')}`);
  return r;
}

interface HtmlPage {
  sourcePath: string;
  content: string;
}

function htmlFilesUnder(root: string, rel: string): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? htmlFilesUnder(root, path.join(rel, e.name)) : e.name.endsWith('.html') ? [path.join(rel, e.name)] : []));
}

/** The explanatory pages as the published tree has them: this folder's file, else the base's (an overlay release). */
function explanatoryPages(clientDir: string, baseClientDir: string | null): HtmlPage[] {
  const names = new Set([...htmlFilesUnder(clientDir, 'about'), ...(baseClientDir ? htmlFilesUnder(baseClientDir, 'about') : [])]);
  return [...names].sort().map((sourcePath) => {
    const own = path.join(clientDir, sourcePath);
    const file = fs.existsSync(own) || !baseClientDir ? own : path.join(baseClientDir, sourcePath);
    return { sourcePath: sourcePath.split(path.sep).join('/'), content: fs.readFileSync(file, 'utf8') };
  });
}

interface PlannedShard {
  dir: string;
  pages: HtmlPage[];
  records: PagefindRecord[];
}

function planShards(records: readonly SearchRecord[], pages: HtmlPage[], size: number): PlannedShard[] {
  return assignShards(records, size).map((shard, i) => {
    const own = i === 0 ? pages : [];
    const recs = shard.map(pagefindRecord);
    const hash = crypto.createHash('sha256').update(INDEX_VERSION).update(JSON.stringify(own)).update(JSON.stringify(recs)).digest('hex');
    return { dir: shardDir(hash), pages: own, records: recs };
  });
}

async function writeShard(clientDir: string, shard: PlannedShard): Promise<void> {
  const { index, errors } = await pagefind.createIndex({ maxFragments: MAX_FRAGMENTS });
  if (!index) throw new Error('Pagefind 无法创建索引：' + errors.join('; '));
  for (const p of shard.pages) await check('索引', index.addHTMLFile(p));
  for (let i = 0; i < shard.records.length; i += BATCH) {
    await Promise.all(shard.records.slice(i, i + BATCH).map((r) => check('索引', index.addCustomRecord(r))));
  }
  // Written outside the served folder (the compression of the pages walks it meanwhile), then
  // renamed in: a folder with the shard's name is always complete.
  const target = path.join(clientDir, shard.dir);
  const tmp = path.join(path.dirname(clientDir), `.${path.basename(target)}.tmp`);
  fs.rmSync(tmp, { recursive: true, force: true });
  await check('写入', index.writeFiles({ outputPath: tmp }));
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  // Frees the service's memory before the next shard (it restarts on the next call).
  await pagefind.close();
}

export interface ShardsResult {
  /** Indexed pages and records (all shards, reused ones included). */
  pages: number;
  /** Shard folders written now (URL form, e.g. '/pagefind-012345678901234/'). */
  written: string[];
  /** Every shard of the site, as listed in SHARDS_FILE. */
  shards: string[];
}

/**
 * Builds the search shards of `records` into `clientDir` and lists them in SHARDS_FILE.
 * `reuse` null (a full build) writes every shard; otherwise a shard whose folder exists in
 * `reuse.baseClientDir` (or already in `clientDir`) is left as it is. `size`: records per shard
 * (tests use a small one).
 */
export async function indexShards(
  clientDir: string,
  records: SearchRecord[],
  reuse: { baseClientDir: string } | null,
  size = SEARCH_SHARD_SIZE,
): Promise<ShardsResult> {
  const base = reuse?.baseClientDir ?? null;
  const shards = planShards(records, explanatoryPages(clientDir, base), size);
  const exists = (dir: string) => fs.existsSync(path.join(clientDir, dir)) || (base !== null && fs.existsSync(path.join(base, dir)));
  const written: string[] = [];
  try {
    for (const shard of shards) {
      if (reuse && exists(shard.dir)) continue;
      await writeShard(clientDir, shard);
      written.push(shard.dir);
    }
  } finally {
    await pagefind.close();
  }
  const list = shards.map((s) => s.dir);
  fs.mkdirSync(path.dirname(path.join(clientDir, SHARDS_FILE)), { recursive: true });
  fs.writeFileSync(path.join(clientDir, SHARDS_FILE), JSON.stringify(list));
  // The published address of Pagefind's runtime (DESIGN.md: /pagefind/pagefind.js) stays: the same
  // file as in every shard (one Pagefind version), so another site or tool can load it from there and
  // point it at the shards listed next to it (options({ basePath }) + mergeIndex).
  const first = list[0];
  if (first !== undefined) {
    const dir = first.replace(/^\/|\/$/g, '');
    const from = [path.join(clientDir, dir, RUNTIME_FILE), ...(base ? [path.join(base, dir, RUNTIME_FILE)] : [])].find((f) => fs.existsSync(f));
    if (from) fs.copyFileSync(from, path.join(path.dirname(path.join(clientDir, SHARDS_FILE)), RUNTIME_FILE));
  }
  return { pages: shards.reduce((n, s) => n + s.pages.length + s.records.length, 0), written, shards: list };
}

/**
 * The full build's step (src/release/releases.ts): indexes every shard from the records the
 * build wrote, and keeps those records next to the release for the next incremental publish.
 */
export async function indexSite(clientDir: string, records: SearchRecord[] = takeBuildRecords(clientDir)): Promise<number> {
  writeReleaseRecords(path.dirname(clientDir), records);
  return (await indexShards(clientDir, records, null)).pages;
}
