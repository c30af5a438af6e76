// npm run bench:publish -- --institutions N [--rounds 5] [--seed S] [--pg-port P] [--keep]
//
// Publish benchmark (issue 16 item 2): loads N fictional institutions into a throw-away embedded
// PostgreSQL (.data/bench-publish, its own port), publishes a full build (timed, peak RSS of the
// process tree), then `--rounds` times adds a new penalty to one institution through the import
// the administrators use (行政处罚 sheet, audit log included) and republishes (timed), and prints
// one table from that run: `full build` and `republish (median of 5)` with the files rewritten
// and the peak RSS of each. The publishes run one after another in ONE child process, as in the
// server (the admin publish screen): its warm renderer (src/release/warm-renderer.ts) is loaded
// after the full build, as the server does after switching to a full release, and that load is
// timed and printed on its own row (scripts/lib/bench-process.ts samples the memory).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { benchPublishArgs } from '../src/schemas/cli';
import { cliArgs } from './lib/cli-args';
import type { PublishResult } from '../src/release/releases';
import { fail, mb, PHASE_MARK, phaseReports, runPhase, sec } from './lib/bench-process';

const USAGE = `用法：npm run bench:publish -- --institutions N [--rounds R] [--seed S] [--pg-port P] [--keep]

  --institutions N   虚构机构数（必填，1 到 200000）
  --rounds R         新增处罚并重新发布的次数（默认 5，取中位数）
  --seed S           随机种子（默认 1）
  --pg-port P        基准测试专用内置数据库端口（默认 54383）
  --keep             保留基准测试的数据库和生成的站点（默认测完删除）`;

// ---------------------------------------------------------------------------------------------
// Children: one publish each, in-process, so its own time is exact.

/** A new penalty for the institution of `round`, through the penalties import (as an administrator's upload). */
async function addPenalty(round: number): Promise<string> {
  const { sql } = await import('../src/db/client');
  const { benchInstitution } = await import('../src/db/bench');
  const { runImport } = await import('../src/import/pipeline');
  const { cliAuditHook } = await import('../src/import/audit');
  const { csvDocument } = await import('../src/domain/csv');
  const { chinaDate } = await import('../src/domain/working-days');
  const inst = await benchInstitution(round, sql);
  if (!inst) throw new Error('基准测试数据库中没有执业机构。');
  const decisionNo = `基准卫医罚〔${new Date().getFullYear()}〕${Date.now() % 1_000_000_000}-${round}号`;
  const csv = csvDocument([
    ['处罚决定书文号', '登记号', '处罚日期', '违法事实', '处罚依据', '处罚内容', '罚款金额'],
    [decisionNo, inst.registrationNo, chinaDate(new Date()), '未按规定公示医疗服务价格（基准测试，虚构）', '《医疗机构管理条例》第四十七条', '警告', null],
  ]);
  const bytes = new TextEncoder().encode(csv);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const outcome = await runImport(
    'penalties',
    { bytes, fileName: 'bench-penalty.csv' },
    {},
    { audit: cliAuditHook({ sha256, skipInvalid: false, sheetName: null }) },
  );
  if (!outcome.report.applied) throw new Error(`新增处罚失败：${JSON.stringify(outcome.report.errors.slice(0, 3))}`);
  return inst.code;
}

interface Report {
  kind: 'full' | 'warm-up' | 'republish';
  ms: number;
  mode?: PublishResult['mode'];
  reason?: string | null;
  filesWritten?: number;
  code?: string | null;
}

function report(r: Report): void {
  console.log(PHASE_MARK + JSON.stringify(r));
}

/** The child: a full build, the renderer's warm-up, then `rounds` penalties each followed by a publish. */
async function publishPhase(rounds: number): Promise<void> {
  const { withDatabase } = await import('./lib/with-database');
  await withDatabase(async () => {
    const { publishSite, settleDeletions } = await import('../src/release/releases');
    const { prewarmCurrentRenderer } = await import('../src/release/incremental');
    const { stopWarmRenderer } = await import('../src/release/warm-renderer');
    const log = (m: string) => {
      console.log(m);
    };
    const full = await publishSite({ mode: 'full' }, log);
    report({ kind: 'full', ...full });
    // Old releases are deleted in the background (not part of a publish): finished before the next is timed.
    await settleDeletions();
    const t0 = Date.now();
    await prewarmCurrentRenderer(log);
    report({ kind: 'warm-up', ms: Date.now() - t0 });
    for (let round = 1; round <= rounds; round += 1) {
      const code = await addPenalty(round);
      const r = await publishSite({ mode: 'auto' }, log);
      report({ kind: 'republish', ...r, code });
      await settleDeletions();
    }
    stopWarmRenderer();
  });
}

// ---------------------------------------------------------------------------------------------
// Parent.

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const o = cliArgs(
    {
      institutions: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      'pg-port': { type: 'string' },
      keep: { type: 'boolean', default: false },
      phase: { type: 'string' },
    },
    benchPublishArgs,
    USAGE,
  );
  if (o.phase) {
    await publishPhase(o.rounds);
    return;
  }
  if (o.institutions === undefined) fail(`缺少 --institutions\n\n${USAGE}`);
  const { institutions, seed, rounds, 'pg-port': pgPort } = o;
  const root = process.cwd();
  const dataDir = path.join(root, '.data', 'bench-publish');
  // A throw-away database: start from nothing so every run measures the same work.
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), ASTRO_TELEMETRY_DISABLED: '1', CI: '1' };

  console.error(`发布基准测试：${institutions} 家虚构机构（种子 ${seed}），数据库 ${dataDir}（端口 ${pgPort}）`);
  await runPhase('演示数据', ['scripts/demo-data.ts', '--institutions', String(institutions), '--seed', String(seed), '--reset'], env, root);
  const p = await runPhase('发布', ['scripts/bench-publish.ts', '--phase', 'publish', '--rounds', String(rounds)], env, root);
  const reports = phaseReports(p.output) as Report[];
  const withPeak = reports.map((r, i) => ({ ...r, peak: p.segmentPeaks[i] ?? 0 }));
  const full = withPeak.find((r) => r.kind === 'full');
  const warmUp = withPeak.find((r) => r.kind === 'warm-up');
  const again = withPeak.filter((r) => r.kind === 'republish');
  if (!full || !warmUp || again.length !== rounds) fail('发布进程没有报告全部结果。');
  again.forEach((r, i) => {
    console.error(
      `  第 ${i + 1} 次：${r.code ?? ''} 新增处罚，${r.mode === 'incremental' ? '增量发布' : `完整构建（${r.reason ?? ''}）`}，${sec(r.ms)}，改写 ${r.filesWritten ?? 0} 个文件`,
    );
  });

  const reasons = [...new Set(again.flatMap((r) => (r.mode === 'full' && r.reason ? [r.reason] : [])))];
  const rows: [string, string, string, string][] = [
    ['full build', sec(full.ms), String(full.filesWritten ?? 0), mb(full.peak)],
    ['warm renderer load after it (background in a server)', sec(warmUp.ms), '0', mb(warmUp.peak)],
    [
      `republish (median of ${rounds})`,
      sec(median(again.map((r) => r.ms))),
      String(median(again.map((r) => r.filesWritten ?? 0))),
      mb(Math.max(...again.map((r) => r.peak))),
    ],
  ];
  console.log(`\n${institutions} institutions${reasons.length ? ` — republish was a full build: ${reasons.join('; ')}` : ''}\n`);
  console.log('| publish | time | files rewritten | peak RSS |\n| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nrepublish times: ${again.map((r) => sec(r.ms)).join(', ')}; peak RSS = largest, process tree without PostgreSQL`);

  if (!o.keep) {
    const { releasesDirFor } = await import('../src/release/releases');
    fs.rmSync(releasesDirFor(dataDir), { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.error('已删除基准测试的数据库和站点（--keep 可保留）。');
  }
}

await main();
