// npm run intake:purge -- [--days N] [--dry-run]
// Retention (PIPL): removes complainants' names and phone numbers from complaints closed (办结 or
// 不予受理) more than N days ago (default 365), keeping the case itself; also forgets stored
// idempotency answers older than 7 days and expired rate-limit windows. Safe to run daily (cron).
import { withDatabase } from './lib/with-database';
import { purgeClosedPersonalData } from '../src/db/complaints-write';
import { purgeAnswers } from '../src/db/idempotency';
import { cleanup } from '../src/db/rate-limits';

const USAGE = '用法：npm run intake:purge -- [--days 天数（30–3650，默认365）] [--dry-run]';

function parseArgs(argv: string[]): { days: number; dryRun: boolean } | string {
  let days = 365;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') dryRun = true;
    else if (a === '--days' || a.startsWith('--days=')) {
      const v = a.includes('=') ? a.slice('--days='.length) : argv[++i];
      if (!v || !/^\d+$/.test(v) || Number(v) < 30 || Number(v) > 3650) return `--days 应为30到3650之间的整数（收到：${v ?? '空'}）。\n${USAGE}`;
      days = Number(v);
    } else if (a === '--help' || a === '-h') return USAGE;
    else return `不认识的参数：${a}\n${USAGE}`;
  }
  return { days, dryRun };
}

const args = parseArgs(process.argv.slice(2));
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
