import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { chunkedGzip, CHUNKED_MIN } from './gzip-chunks';
import { promisify } from 'node:util';
import { config, SITE_IDENTITY_KEYS } from '../config';
import { chinaDate } from '../domain/working-days';

/**
 * Releases of the static site. Each build goes to its own folder (see releasesDir); `current`
 * is a symlink switched with an atomic rename once the new release is complete, so the server
 * keeps serving the old one until then (publish never serves a half-built site). Publishing
 * (src/handlers/admin/publish.ts) stages a release, shows what changes, then switches.
 */

const gzip = promisify(zlib.gzip);

/**
 * Releases live inside the project (the built server bundle resolves its packages from the
 * project's node_modules), one folder per DATA_DIR so test and dev databases never share a site.
 */
export const releasesDirFor = (dataDir: string): string =>
  path.join(config.rootDir, '.releases', crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 10));
export const releasesDir = (): string => releasesDirFor(config.dataDir);
const currentLink = (): string => path.join(releasesDir(), 'current');

/** Absolute folder of the current release, or null when none was built yet. */
export function currentRelease(): string | null {
  try {
    const target = fs.readlinkSync(currentLink());
    const dir = path.resolve(releasesDir(), target);
    return fs.existsSync(path.join(dir, 'release.json')) ? dir : null;
  } catch {
    return null;
  }
}

export interface ReleaseInfo {
  id: string;
  codeStamp: string;
  builtAt: string;
  publicUrl: string;
  pages: number;
  /** An incremental release: the full release its client/ overlays (src/release/incremental.ts). */
  base?: string;
  /** The change feed's position read before this release was built (src/db/publish-changes.ts). */
  changeSeq?: string;
  /** The date the pages were rendered for (Asia/Shanghai). */
  asOf?: string;
  mode?: PublishMode;
  /** Why a publish that could have been incremental was built in full. */
  reason?: string | null;
  /** Files in client/ (for an incremental release: its delta). */
  files?: number;
}

export type PublishMode = 'full' | 'incremental';

/** In an incremental release, the symlink to its base release. */
export const BASE_LINK = 'base';

/** The client folders to serve a release from, first match wins: its own, then its base's. */
export function clientDirs(dir: string): string[] {
  const own = path.join(dir, 'client');
  return fs.existsSync(path.join(dir, BASE_LINK)) ? [own, path.join(dir, BASE_LINK, 'client')] : [own];
}

/** The file of a release for a path inside client/ (the delta's, else the base's). */
export function releaseFile(dir: string, rel: string): string {
  const dirs = clientDirs(dir);
  return dirs.map((d) => path.join(d, rel)).find((f) => fs.existsSync(f)) ?? path.join(dirs[0] ?? dir, rel);
}

export function releaseInfo(dir: string): ReleaseInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'release.json'), 'utf8')) as ReleaseInfo;
  } catch {
    return null;
  }
}

/** A fingerprint of the code and settings that shape the site: when it changes, `npm start` rebuilds. */
export function codeStamp(): string {
  const h = crypto.createHash('sha256');
  const walk = (p: string): void => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const f of fs.readdirSync(p).sort()) walk(path.join(p, f));
    } else {
      h.update(`${path.relative(config.rootDir, p)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const p of ['src', 'public', 'astro.config.mjs', 'package-lock.json']) walk(path.join(config.rootDir, p));
  h.update(config.publicUrl);
  // The site identity is in every footer: built with other values, the site is stale.
  for (const k of SITE_IDENTITY_KEYS) h.update(`\n${k}=${config[k] ?? ''}`);
  return h.digest('hex').slice(0, 16);
}

export function isStale(): boolean {
  const dir = currentRelease();
  const info = dir ? releaseInfo(dir) : null;
  return !info || info.codeStamp !== codeStamp();
}

/**
 * The Node that builds: the project's own (the `node` dev dependency, ≥ 22.12 as Astro needs)
 * when installed, else the one running us — not whatever `node` comes first on PATH, which on
 * these machines is the system's Node 20 when a server was started outside npm.
 */
export function projectNode(): string {
  const own = path.join(config.rootDir, 'node_modules/.bin/node');
  return fs.existsSync(own) ? own : process.execPath;
}

export function run(cmd: string, args: string[], log: (m: string) => void, label = path.basename(cmd)): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: config.rootDir,
      // PUBLIC_URL: astro.config.mjs names its host as the site's own domain (security.allowedDomains).
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', PUBLIC_URL: config.publicUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onData = (b: Buffer) => {
      for (const line of b.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (/error|warn|Completed|built in|Complete!/i.test(line)) log(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${label} 失败：\n${tail.join('\n')}`));
    });
  });
}

const COMPRESSIBLE = /\.(html|css|js|mjs|json|csv|svg|xml|txt)$/;

/** Pagefind's output and its input file: compressed after indexing (see stageRelease). */
const SEARCH_FILES = /(^|[\\/])(pagefind[^\\/]*[\\/]|search[\\/]records\.json$)/;
export const isSearchFile = (file: string): boolean => SEARCH_FILES.test(file);

/** Calls `visit` with the path (relative to `root`, '/'-separated) of every file below `root`; a missing root has none. */
export function walkFiles(root: string, visit: (rel: string) => void, rel = ''): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walkFiles(root, visit, r);
    else visit(r);
  }
}

export async function precompress(dir: string, include: (file: string) => boolean = () => true): Promise<void> {
  const files: string[] = [];
  walkFiles(dir, (rel) => {
    const p = path.join(dir, rel);
    if (COMPRESSIBLE.test(rel) && include(p)) files.push(p);
  });
  await compressFiles(files);
}

/** Writes `<file>.gz` next to each file worth compressing (the servers send it to browsers that accept gzip). */
export async function compressFiles(all: readonly string[]): Promise<void> {
  const files = all.filter((f) => COMPRESSIBLE.test(f));
  let i = 0;
  const worker = async () => {
    for (let f = files[i++]; f !== undefined; f = files[i++]) {
      const buf = await fs.promises.readFile(f);
      if (buf.length < 512) continue;
      // Level 6: the same size as 9 on these pages (measured), a third less CPU. Large files
      // (the open data) in cached pieces: a publish recompresses only what changed.
      await fs.promises.writeFile(f + '.gz', buf.length >= CHUNKED_MIN ? await chunkedGzip(buf) : await gzip(buf, { level: 6 }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export interface BuildTimings {
  astroMs: number;
  pagefindMs: number;
  compressMs: number;
  pages: number;
  dir: string;
  id: string;
  mode: PublishMode;
  /** Why the publish was not incremental (null: it was, or nobody asked). */
  reason: string | null;
  /** Files written into the release's client/ (all of them for a full build). */
  filesWritten: number;
}

/** Release folder names: build time to the millisecond and a random suffix. */
const RELEASE_ID = /^\d{17}-[0-9a-f]{6}$/;

let lastReleaseMs = 0;

/** Ids sort in creation order (pruning keeps the newest), even for several in one millisecond. */
export function newReleaseId(): string {
  lastReleaseMs = Math.max(Date.now(), lastReleaseMs + 1);
  return (
    new Date(lastReleaseMs)
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 17) +
    '-' +
    crypto.randomBytes(3).toString('hex')
  );
}

/** Folder of a release id (refuses anything that is not one, so no path can be smuggled in). */
export function releaseDir(id: string): string {
  if (!RELEASE_ID.test(id)) throw new Error(`版本编号不正确：${id}`);
  return path.join(releasesDir(), id);
}

/**
 * Build a complete release from the database into its own folder, without switching to it:
 * astro build → Pagefind index → gzip, then release.json last (a folder without it is not a
 * release). The public site is untouched until `switchTo(id)`.
 */
export async function stageRelease(
  id: string,
  log: (m: string) => void = (m) => {
    console.log(m);
  },
  reason: string | null = null,
): Promise<BuildTimings> {
  fs.mkdirSync(releasesDir(), { recursive: true });
  const dir = releaseDir(id);
  const t0 = Date.now();
  // The code this build compiles: a file edited while it runs makes the next publish full again.
  const stamp = codeStamp();
  // Read before the build: a change made meanwhile is in the next incremental publish, never lost.
  const { currentChangeSeq } = await import('../db/publish-changes');
  const changeSeq = await currentChangeSeq();
  const asOf = chinaDate(new Date());
  log('正在生成静态页面（astro build）…');
  // A bounded heap: V8 collects garbage sooner instead of growing to GBs on a 100,000-page build
  // (measured: 2.7 GB → 1.5 GB peak RSS, a few % slower).
  await run(
    projectNode(),
    ['--max-old-space-size=1280', path.join(config.rootDir, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dir],
    log,
    'astro build',
  );
  const t1 = Date.now();
  log('正在建立搜索索引（Pagefind）并压缩页面…');
  const { indexSite } = await import('./search-index');
  const client = path.join(dir, 'client');
  // Pagefind runs in its own process: the pages are compressed meanwhile (the second core), then
  // Pagefind's own files.
  const [pages] = await Promise.all([indexSite(client), precompress(client, (f) => !SEARCH_FILES.test(f))]);
  const t2 = Date.now();
  await precompress(client, (f) => SEARCH_FILES.test(f));
  const t3 = Date.now();
  let files = 0;
  walkFiles(client, () => (files += 1));
  const info: ReleaseInfo = {
    id,
    codeStamp: stamp,
    builtAt: new Date().toISOString(),
    publicUrl: config.publicUrl,
    pages,
    changeSeq,
    asOf,
    mode: 'full',
    reason,
    files,
  };
  fs.writeFileSync(path.join(dir, 'release.json'), JSON.stringify(info, null, 2));
  return { astroMs: t1 - t0, pagefindMs: t2 - t1, compressMs: t3 - t2, pages, dir, id, mode: 'full', reason, filesWritten: files };
}

/**
 * Stage release `id` the cheapest correct way: `auto` tries an incremental release on the current
 * one (src/release/incremental.ts) and builds in full when that is not possible, saying why;
 * `full` always builds in full (`npm run publish -- --full`, and the reference of the identity test).
 */
export async function stageSite(
  id: string,
  mode: 'auto' | 'full',
  log: (m: string) => void = (m) => {
    console.log(m);
  },
  maxShare?: number,
): Promise<BuildTimings> {
  if (mode === 'full') return stageRelease(id, log, '要求完整生成');
  const { stageIncremental } = await import('./incremental');
  let inc;
  try {
    inc = await stageIncremental(id, log, maxShare);
  } catch (e) {
    // A failed incremental publish never blocks publishing: the full build is the reference.
    fs.rmSync(releaseDir(id), { recursive: true, force: true });
    inc = { ok: false as const, reason: `增量生成出错：${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  if (inc.ok) return inc.timings;
  log(`完整生成：${inc.reason}。`);
  return stageRelease(id, log, inc.reason);
}

export interface PublishResult {
  mode: PublishMode;
  reason: string | null;
  ms: number;
  filesWritten: number;
  id: string;
}

/** Stage and switch at once (benchmarks, scripts): the incremental path when possible. */
export async function publishSite(
  opts: { mode: 'auto' | 'full'; maxShare?: number },
  log: (m: string) => void = (m) => {
    console.log(m);
  },
): Promise<PublishResult> {
  const t0 = Date.now();
  const id = newReleaseId();
  try {
    const t = await stageSite(id, opts.mode, log, opts.maxShare);
    switchTo(id);
    prune(3);
    await pruneChangeLog();
    return { mode: t.mode, reason: t.reason, ms: Date.now() - t0, filesWritten: t.filesWritten, id };
  } catch (e) {
    discardRelease(id);
    throw e;
  }
}

/** Build a complete release from the database and switch `current` to it atomically. */
export async function buildRelease(
  log: (m: string) => void = (m) => {
    console.log(m);
  },
): Promise<BuildTimings> {
  const id = newReleaseId();
  try {
    const t = await stageRelease(id, log);
    switchTo(id);
    prune(3);
    return t;
  } catch (e) {
    discardRelease(id);
    throw e;
  }
}

/**
 * Point `current` at a complete release: a new symlink renamed over the old one (rename(2) is
 * atomic on POSIX, so every request sees either the old or the new release, never neither).
 */
export function switchTo(id: string): void {
  const dir = releaseDir(id);
  if (!fs.existsSync(path.join(dir, 'release.json'))) throw new Error(`版本 ${id} 不完整，不能切换。`);
  const tmp = `${currentLink()}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.symlinkSync(id, tmp);
  fs.renameSync(tmp, currentLink());
}

/** Remove a release that will not be published (never the current one). */
export function discardRelease(id: string): void {
  const dir = releaseDir(id);
  if (dir === currentRelease()) return;
  fs.rmSync(dir, { recursive: true, force: true });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A running server loads its on-demand code lazily from the release it started with, so that
 * folder must outlive later publications: the server marks it (`.in-use/<pid>`, see
 * src/server/admin-release-marker.ts) and pruning keeps folders with a live marker.
 */
export function markInUse(dir: string): void {
  const marks = path.join(dir, '.in-use');
  fs.mkdirSync(marks, { recursive: true });
  fs.writeFileSync(path.join(marks, String(process.pid)), '');
}

function inUse(dir: string): boolean {
  try {
    return fs.readdirSync(path.join(dir, '.in-use')).some((f) => /^\d+$/.test(f) && pidAlive(Number(f)));
  } catch {
    return false;
  }
}

/**
 * After pruning: the change log (publish_changes) is read from a release's changeSeq on, so rows at
 * or before the smallest changeSeq of the releases left are needed by none of them. Best effort:
 * the rows are removed at a later publish otherwise.
 */
export async function pruneChangeLog(): Promise<void> {
  let seqs: bigint[];
  try {
    seqs = fs
      .readdirSync(releasesDir(), { withFileTypes: true })
      .filter((e) => e.isDirectory() && RELEASE_ID.test(e.name))
      .map((e) => releaseInfo(path.join(releasesDir(), e.name))?.changeSeq)
      .filter((s): s is string => typeof s === 'string' && /^\d+$/.test(s))
      .map((s) => BigInt(s));
  } catch {
    return;
  }
  if (seqs.length === 0) return;
  const oldest = seqs.reduce((a, b) => (b < a ? b : a));
  const { pruneChanges } = await import('../db/publish-changes');
  await pruneChanges(String(oldest)).catch(() => 0);
}

/** Delete old releases: keep the current one, the newest `keep`, those in use and `protect`ed ones. */
export function prune(keep: number, protect: readonly string[] = []): void {
  const cur = currentRelease();
  const dirs = fs
    .readdirSync(releasesDir(), { withFileTypes: true })
    .filter((e) => e.isDirectory() && RELEASE_ID.test(e.name))
    .map((e) => e.name)
    .sort();
  const doomed = dirs.slice(0, Math.max(0, dirs.length - keep)).filter((d) => {
    const p = path.join(releasesDir(), d);
    return p !== cur && !protect.includes(d) && !inUse(p);
  });
  // A base release stays while any release that survives overlays it.
  const bases = new Set(dirs.filter((d) => !doomed.includes(d)).map((d) => releaseInfo(path.join(releasesDir(), d))?.base));
  for (const d of doomed) {
    if (!bases.has(d)) discardInBackground(path.join(releasesDir(), d));
  }
  // Folders left by a process that stopped while deleting them.
  for (const e of fs.readdirSync(releasesDir(), { withFileTypes: true })) {
    if (e.isDirectory() && TRASH.test(e.name) && !deleting.has(e.name)) discardInBackground(path.join(releasesDir(), e.name));
  }
}

/** Release folders being deleted: renamed out of the way first (instant), then removed. */
const TRASH = /^\.trash-/;
const deleting = new Set<string>();

/**
 * Deleting a full release of a province (240,000 files) takes a minute on this disk: the publish
 * must not wait for it. The folder is renamed (atomic: it is no release any more) and removed in
 * the background; a folder left half-deleted is removed by the next prune.
 */
function discardInBackground(dir: string): void {
  let target = dir;
  if (!TRASH.test(path.basename(dir))) {
    target = path.join(path.dirname(dir), `.trash-${path.basename(dir)}-${crypto.randomBytes(3).toString('hex')}`);
    try {
      fs.renameSync(dir, target);
    } catch {
      return;
    }
  }
  const name = path.basename(target);
  deleting.add(name);
  void fs.promises
    .rm(target, { recursive: true, force: true })
    .catch(() => undefined)
    .finally(() => deleting.delete(name));
}

/** Waits until the background deletions of this process are done (scripts that exit right after). */
export async function settleDeletions(): Promise<void> {
  while (deleting.size > 0) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Remove release folders left half-built (no release.json) by a build that was killed. Called by
 * a publish once it holds the only live build, so no other build is writing into them; `keep` is
 * that publish's own folder.
 */
export function removePartialReleases(keep: readonly string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(releasesDir(), { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !RELEASE_ID.test(e.name) || keep.includes(e.name)) continue;
    const dir = path.join(releasesDir(), e.name);
    if (fs.existsSync(path.join(dir, 'release.json'))) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(e.name);
  }
  return removed;
}
