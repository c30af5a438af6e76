// npm run pii:rotate -- [--batch N] [--dry-run]
// Re-encrypts stored personal data (complainants' name, phone, e-mail; API clients' callback
// secrets) under the current cipher (PII_CIPHER, SM4 by default) and the newest key (first of
// PII_KEYS): in batches by id, each its own short transaction, while the platform keeps running.
// Interrupted? Run it again: values already converted are skipped. Ends with the count still old
// (0 when done) and an audit-log entry.
import { config } from '../src/config';
import { piiRotateArgs } from '../src/schemas/cli';
import { PII_TABLES, auditRotation, countPending, piiRowCount, rotateBatch } from '../src/db/pii-rotate';
import { needsRotation, reencrypt } from '../src/server/pii-crypto';
import { terminalProgress } from '../src/import/progress';
import { withDatabase } from './lib/with-database';
import { cliArgs } from './lib/cli-args';

const USAGE = `用法：npm run pii:rotate -- [--batch N] [--dry-run]

  --batch N   每批处理的记录数（10–10000，默认 500），每批一个短事务
  --dry-run   只统计需要重新加密的字段数，不做修改`;

const args = cliArgs({ batch: { type: 'string' }, 'dry-run': { type: 'boolean' } }, piiRotateArgs, USAGE);

await withDatabase(async () => {
  const progress = terminalProgress(config.CI);
  const totals: Record<string, number> = {};
  for (const t of PII_TABLES) {
    const { rows } = await piiRowCount(t);
    progress.phase(`重新加密 ${t.table}`, rows);
    let afterId = 0;
    let seen = 0;
    let changed = 0;
    for (;;) {
      const r = await rotateBatch(t, afterId, args.batch, (value, c) => (needsRotation(value) ? reencrypt(value, c.field) : null), args['dry-run']);
      if (r.lastId === null) break;
      afterId = r.lastId;
      seen += r.rows;
      changed += r.changed;
      progress.tick(seen);
    }
    progress.done();
    totals[t.table] = changed;
  }
  const summary = Object.entries(totals)
    .map(([table, n]) => `${table} ${n} 个字段`)
    .join('，');
  if (args['dry-run']) {
    console.log(`（试运行）需要重新加密：${summary}；未做任何修改。`);
    return;
  }
  const pending = await countPending(needsRotation);
  const left = Object.values(pending).reduce((a, b) => a + b, 0);
  await auditRotation({ ...totals, cipher: config.PII_CIPHER, left });
  console.log(`已重新加密（${config.PII_CIPHER.toUpperCase()}，最新密钥）：${summary}。仍为旧格式或旧密钥的字段：${left} 个。`);
  if (left > 0) process.exitCode = 1;
});
