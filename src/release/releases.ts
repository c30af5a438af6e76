import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { config } from '../config';

/**
 * Releases of the static site. Each build goes to its own folder under <DATA_DIR>/releases;
 * `current` is a symlink switched with an atomic rename once the new release is complete, so
 * the server keeps serving the old one until then (publish never serves a half-built site).
 */

const gzip = promisify(zlib.gzip);

/**
 * Releases live inside the project (the built server bundle resolves its packages from the
 * project's node_modules), one folder per DATA_DIR so test and dev databases never share a site.
 */
export const releasesDir = (): string =>
  path.join(config.rootDir, '.releases', crypto.createHash('sha256').update(config.dataDir).digest('hex').slice(0, 10));
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

export interface ReleaseInfo { id: string; codeStamp: string; builtAt: string; publicUrl: string; pages: number }

export function releaseInfo(dir: string): ReleaseInfo | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'release.json'), 'utf8')) as ReleaseInfo;
  } catch {
    return null;
  }
}

/** A fingerprint of the code that shapes the site: when it changes, `npm start` rebuilds. */
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
  return h.digest('hex').slice(0, 16);
}

export function isStale(): boolean {
  const dir = currentRelease();
  const info = dir ? releaseInfo(dir) : null;
  return !info || info.codeStamp !== codeStamp();
}

function run(cmd: string, args: string[], log: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: config.rootDir,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
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
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} 失败：\n${tail.join('\n')}`))));
  });
}

const COMPRESSIBLE = /\.(html|css|js|mjs|json|csv|svg|xml|txt)$/;

async function precompress(dir: string): Promise<void> {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (COMPRESSIBLE.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  let i = 0;
  const worker = async () => {
    while (i < files.length) {
      const f = files[i++]!;
      const buf = await fs.promises.readFile(f);
      if (buf.length < 512) continue;
      await fs.promises.writeFile(f + '.gz', await gzip(buf, { level: 9 }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export interface BuildTimings { astroMs: number; pagefindMs: number; compressMs: number; pages: number; dir: string }

/** Build a complete release from the database and switch `current` to it atomically. */
export async function buildRelease(log: (m: string) => void = (m) => console.log(m)): Promise<BuildTimings> {
  fs.mkdirSync(releasesDir(), { recursive: true });
  const id = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 17) + '-' + crypto.randomBytes(3).toString('hex');
  const dir = path.join(releasesDir(), id);
  const t0 = Date.now();
  log('正在生成静态页面（astro build）…');
  await run(path.join(config.rootDir, 'node_modules/.bin/astro'), ['build', '--outDir', dir], log);
  const t1 = Date.now();
  log('正在建立搜索索引（Pagefind）…');
  const { indexSite } = await import('./search-index');
  const pages = await indexSite(path.join(dir, 'client'));
  const t2 = Date.now();
  await precompress(path.join(dir, 'client'));
  const t3 = Date.now();
  const info: ReleaseInfo = { id, codeStamp: codeStamp(), builtAt: new Date().toISOString(), publicUrl: config.publicUrl, pages };
  fs.writeFileSync(path.join(dir, 'release.json'), JSON.stringify(info, null, 2));
  switchTo(id);
  prune(3);
  return { astroMs: t1 - t0, pagefindMs: t2 - t1, compressMs: t3 - t2, pages, dir };
}

/** Point `current` at a release: a new symlink renamed over the old one (atomic on POSIX). */
export function switchTo(id: string): void {
  const tmp = currentLink() + '.' + process.pid + '.tmp';
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(id, tmp);
  fs.renameSync(tmp, currentLink());
}

function prune(keep: number): void {
  const cur = currentRelease();
  const dirs = fs
    .readdirSync(releasesDir(), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  for (const d of dirs.slice(0, Math.max(0, dirs.length - keep))) {
    const p = path.join(releasesDir(), d);
    if (p !== cur) fs.rmSync(p, { recursive: true, force: true });
  }
}
