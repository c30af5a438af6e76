// npm run bench:publish -- --institutions N [--rounds 5] [--seed S] [--pg-port P] [--keep]
//
// Publish benchmark (issue 16 item 2): loads N fictional institutions into a throw-away embedded
// PostgreSQL (.data/bench-publish, its own port), publishes a full build (timed, peak RSS of the
// process tree), then `--rounds` times adds a new penalty to one institution through the import
// the administrators use (行政处罚 sheet, audit log included) and republishes (timed), and prints
// one table from that run: `full build` and `republish (median of 5)` with the files rewritten
// and the peak RSS of each. Each publish runs in its own child process (scripts/lib/bench-process.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { benchPublishArgs } from '../src/schemas/cli';
import { cliArgs } from './lib/cli-args';
import type { PublishResult } from '../src/release/releases';
import { fail, mb, PHASE_MARK, phaseReport, runPhase, sec } from './lib/bench-process';

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

async function publishPhase(phase: 'full' | 'republish', round: number): Promise<void> {
  const { withDatabase } = await import('./lib/with-database');
  await withDatabase(async () => {
    const code = phase === 'republish' ? await addPenalty(round) : null;
    const { publishSite } = await import('../src/release/releases');
    const r = await publishSite({ mode: phase === 'full' ? 'full' : 'auto' }, (m) => {
      console.log(m);
    });
    console.log(PHASE_MARK + JSON.stringify({ ...r, code }));
    // Old releases are deleted in the background (not part of the publish): let it finish before
    // the next round is timed.
    const { settleDeletions } = await import('../src/release/releases');
    await settleDeletions();
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
      round: { type: 'string' },
    },
    benchPublishArgs,
    USAGE,
  );
  if (o.phase) {
    await publishPhase(o.phase, o.round);
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
  const publish = async (label: string, args: string[]) => {
    const p = await runPhase(label, ['scripts/bench-publish.ts', ...args], env, root);
    const r = phaseReport(p.output) as (PublishResult & { code: string | null }) | null;
    if (!r) fail(`${label}没有报告结果。`);
    return { ...r, peak: p.peakApp };
  };
  const full = await publish('完整构建', ['--phase', 'full']);
  const again = [];
  for (let i = 1; i <= rounds; i += 1) {
    const r = await publish(`重新发布 ${i}`, ['--phase', 'republish', '--round', String(i)]);
    console.error(
      `  第 ${i} 次：${r.code ?? ''} 新增处罚，${r.mode === 'incremental' ? '增量发布' : `完整构建（${r.reason ?? ''}）`}，${sec(r.ms)}，改写 ${r.filesWritten} 个文件`,
    );
    again.push(r);
  }

  const reasons = [...new Set(again.flatMap((r) => (r.mode === 'full' && r.reason ? [r.reason] : [])))];
  const rows: [string, string, string, string][] = [
    ['full build', sec(full.ms), String(full.filesWritten), mb(full.peak)],
    [
      `republish (median of ${rounds})`,
      sec(median(again.map((r) => r.ms))),
      String(median(again.map((r) => r.filesWritten))),
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
