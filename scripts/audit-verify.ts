// npm run audit:verify -- [--checkpoint] [--batch N]
// Walks the audit log's hash chain (src/server/audit-chain.ts), checks every signed checkpoint,
// records the result (shown on /admin/audit) and exits 1 naming the first entry that was altered,
// deleted or put in out of order. --checkpoint then signs the current head (after a passing walk).
import { config } from '../src/config';
import { auditVerifyArgs } from '../src/schemas/cli';
import { verifyAuditChain, writeCheckpoint } from '../src/server/audit-chain';
import { terminalProgress } from '../src/import/progress';
import { withDatabase } from './lib/with-database';
import { cliArgs } from './lib/cli-args';

const USAGE = `用法：npm run audit:verify -- [--checkpoint] [--batch N]

  --checkpoint   校验通过后，用 HMAC-SM3 签署当前链头（检查点），可每小时由计划任务运行
  --batch N      每次读取的记录数（100–100000，默认 5000）`;

const args = cliArgs({ checkpoint: { type: 'boolean' }, batch: { type: 'string' } }, auditVerifyArgs, USAGE);

await withDatabase(async () => {
  const progress = terminalProgress(config.CI);
  progress.phase('校验审计日志哈希链', null);
  let phased = false;
  const result = await verifyAuditChain({
    batch: args.batch,
    onProgress: (rows, total) => {
      if (!phased) progress.phase('校验审计日志哈希链', total);
      phased = true;
      progress.tick(rows);
    },
  });
  progress.done();
  if (!result.ok) {
    console.error(`审计日志校验失败：${result.message}（已校验 ${result.rowsChecked} 条，用时 ${result.durationMs} 毫秒）`);
    process.exitCode = 2;
    return;
  }
  console.log(`${result.message}；用时 ${result.durationMs} 毫秒。`);
  if (args.checkpoint) {
    const cp = await writeCheckpoint();
    console.log(`已签署检查点 #${cp.id}：${cp.rowCount} 条，最后一条为第 ${cp.lastId ?? '—'} 条。`);
  }
});
