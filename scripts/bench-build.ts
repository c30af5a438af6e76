// npm run bench:build -- --institutions N [--seed S] [--pg-port P] [--keep]
//
// Build benchmark of the public site: loads N fictional institutions into a throw-away embedded
// PostgreSQL (its own folder, never the dev database), builds the site (astro build → Pagefind →
// precompress), and prints wall time per phase, pages/s, peak memory, the size of the output and
// the gzipped weight of the disclosure pages. Each phase runs as a child process; a sampler reads
// /proc every 100 ms and sums the resident memory of the whole process tree (PostgreSQL apart:
// its shared buffers would be counted once per backend).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchBuildArgs, firstMessage } from '../src/schemas/cli';
import { fail, mb, PHASE_MARK, phaseReport, runPhase, sec } from './lib/bench-process';

const USAGE = `用法：npm run bench:build -- --institutions N [--seed S] [--pg-port P] [--keep]

  --institutions N   虚构机构数（必填，1 到 200000）
  --seed S           随机种子（默认 1）
  --pg-port P        基准测试专用内置数据库端口（默认 54381）
  --keep             保留基准测试的数据库和生成的站点（默认测完删除）`;

// ---------------------------------------------------------------------------------------------
// Child: the build phase, in-process, so its own timings (astro / Pagefind / compress) are exact.

async function buildPhase(): Promise<void> {
  const { withDatabase } = await import('./lib/with-database');
  const { buildRelease } = await import('../src/release/releases');
  await withDatabase(async () => {
    const t = await buildRelease((m) => {
      console.log(m);
    });
    console.log(PHASE_MARK + JSON.stringify(t));
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: the output.

function walk(dir: string, visit: (file: string, size: number) => void): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else visit(p, fs.statSync(p).size);
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        institutions: { type: 'string' },
        seed: { type: 'string' },
        'pg-port': { type: 'string' },
        keep: { type: 'boolean', default: false },
        phase: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (e) {
    fail(`${(e as Error).message}\n\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return;
  }
  const args = benchBuildArgs.safeParse(parsed.values);
  if (!args.success) {
    // An unknown --phase is an internal mistake: no usage text for it.
    const issue = args.error.issues[0];
    fail(issue?.path[0] === 'phase' ? issue.message : `${firstMessage(args.error)}\n\n${USAGE}`);
  }
  const o = args.data;
  if (o.phase === 'build') {
    await buildPhase();
    return;
  }
  const { seed, 'pg-port': pgPort } = o;
  if (o.institutions === undefined) fail(`缺少 --institutions\n\n${USAGE}`);
  const institutions = o.institutions;
  const root = process.cwd();
  const dataDir = path.join(root, '.data', 'bench');
  // A throw-away database: start from nothing so every run measures the same work.
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), ASTRO_TELEMETRY_DISABLED: '1', CI: '1' };

  console.error(`基准测试：${institutions} 家虚构机构（种子 ${seed}），数据库 ${dataDir}（端口 ${pgPort}）`);
  const load = await runPhase('演示数据', ['scripts/demo-data.ts', '--institutions', String(institutions), '--seed', String(seed), '--reset'], env, root);
  const build = await runPhase('构建', ['scripts/bench-build.ts', '--phase', 'build'], env, root);
  const t = phaseReport(build.output) as { astroMs: number; pagefindMs: number; compressMs: number; pages: number; dir: string } | null;
  if (!t) fail('构建阶段没有报告结果。');
  const client = path.join(t.dir, 'client');

  let files = 0;
  let bytes = 0;
  let htmlPages = 0;
  const disclosureGz: number[] = [];
  walk(client, (file, size) => {
    files += 1;
    bytes += size;
    if (file.endsWith('.html')) htmlPages += 1;
    if (/[/\\]i[/\\][^/\\]+[/\\]index\.html\.gz$/.test(file)) disclosureGz.push(size);
  });
  disclosureGz.sort((a, b) => a - b);
  // The stylesheets a disclosure page links (each gzipped once, cached across pages).
  const sample = fs.readdirSync(path.join(client, 'i'))[0];
  let cssGz = 0;
  if (sample) {
    const html = fs.readFileSync(path.join(client, 'i', sample, 'index.html'), 'utf8');
    for (const [, href = ''] of html.matchAll(/href="(\/_astro\/[^"]+\.css)"/g)) {
      const gz = path.join(client, href + '.gz');
      cssGz += fs.existsSync(gz) ? fs.statSync(gz).size : fs.statSync(path.join(client, href)).size;
    }
  }
  const endToEnd = t.astroMs + t.pagefindMs + t.compressMs;
  const buildNode = Math.max(...[...build.peakByName.entries()].filter(([n]) => n === 'node' || n === 'MainThread').map(([, v]) => v), 0);

  const rows: [string, string][] = [
    ['institutions', String(institutions)],
    ['HTML pages', String(htmlPages)],
    ['load demo data (wall)', sec(load.wallMs)],
    ['astro build', sec(t.astroMs)],
    ['Pagefind index (with page gzip if overlapped)', sec(t.pagefindMs)],
    ['precompress (gzip, after Pagefind)', sec(t.compressMs)],
    ['build end-to-end (astro + Pagefind + gzip)', sec(endToEnd)],
    ['load + build end-to-end', sec(load.wallMs + endToEnd)],
    ['build process wall (incl. DB start, migrations check)', sec(build.wallMs)],
    ['pages/s (astro)', (htmlPages / (t.astroMs / 1000)).toFixed(0)],
    ['pages/s (end-to-end)', (htmlPages / (endToEnd / 1000)).toFixed(0)],
    ['peak RSS, build tree without PostgreSQL', mb(build.peakApp)],
    ['peak RSS, largest single build process', mb(buildNode)],
    ['peak RSS, Pagefind', mb(build.peakByName.get('pagefind_extend') ?? build.peakByName.get('pagefind') ?? 0)],
    ['peak RSS, PostgreSQL (largest process)', mb(Math.max(build.peakPostgres, load.peakPostgres))],
    ['peak RSS, demo-data loader', mb(load.peakApp)],
    ['dist size', `${mb(bytes)} in ${files} files`],
    ['disclosure page HTML gzip -9 (median / p95 / max)', `${quantile(disclosureGz, 0.5)} / ${quantile(disclosureGz, 0.95)} / ${disclosureGz.at(-1) ?? 0} B`],
    ['+ its CSS gzip', `${cssGz} B`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n| measure | ${institutions} institutions |\n| --- | --- |`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v} |`);

  if (!o.keep) {
    const { releasesDir } = await import('../src/release/releases');
    // releasesDir() depends on DATA_DIR: compute it the way the child did.
    const dir = path.dirname(t.dir);
    if (dir.startsWith(path.join(root, '.releases')) && dir !== releasesDir()) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.error('已删除基准测试的数据库和站点（--keep 可保留）。');
  }
}

await main();
