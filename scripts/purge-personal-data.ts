// npm run intake:purge -- [--days N] [--dry-run]
// Retention (PIPL): removes complainants' names and phone numbers from complaints closed (办结 or
// 不予受理) more than N days ago (default 365), keeping the case itself; also forgets stored
// idempotency answers older than 7 days and expired rate-limit windows. Safe to run daily (cron).
import { parseArgs } from 'node:util';
import { withDatabase } from './lib/with-database';
import { firstMessage, purgeArgs } from '../src/schemas/cli';
import { purgeClosedPersonalData } from '../src/db/complaints-write';
import { purgeAnswers } from '../src/db/idempotency';
import { cleanup } from '../src/db/rate-limits';

const USAGE = '用法：npm run intake:purge -- [--days 天数（30–3650，默认365）] [--dry-run]';

/** The command's arguments, or the sentence to print (the usage alone for --help, exit code 0). */
function readArgs(): { days: number; dryRun: boolean } | string {
  const { values, positionals, tokens } = parseArgs({
    options: { days: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const unknown = tokens.find((t) => t.kind === 'option' && !['days', 'dry-run', 'help'].includes(t.name));
  if (unknown?.kind === 'option') return `不认识的参数：${unknown.rawName}\n${USAGE}`;
  if (positionals[0] !== undefined) return `不认识的参数：${positionals[0]}\n${USAGE}`;
  const parsed = purgeArgs.safeParse(values);
  if (!parsed.success) return `${firstMessage(parsed.error)}\n${USAGE}`;
  if (parsed.data.help) return USAGE;
  return { days: parsed.data.days, dryRun: parsed.data['dry-run'] };
}

const args = readArgs();
if (typeof args === 'string') {
  console.error(args);
  process.exit(args === USAGE ? 0 : 1);
}

await withDatabase(async () => {
  const complaints = await purgeClosedPersonalData(args.days, args.dryRun);
  if (args.dryRun) {
    console.log(`（试运行）将清除 ${complaints} 件已办结超过 ${args.days} 天的投诉中的举报人姓名和电话；未做任何修改。`);
    return;
  }
  const answers = await purgeAnswers(7);
  const windows = await cleanup();
  console.log(`已清除 ${complaints} 件已办结超过 ${args.days} 天的投诉中的举报人姓名和电话（案件本身保留）。`);
  console.log(`已删除 ${answers} 条超过7天的幂等应答、${windows} 条过期的限流记录。`);
});
