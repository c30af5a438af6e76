// npm run export -- KIND [--format csv|xlsx|json] [--full] [--out FILE]
// Exports to the credit platform (双公示: penalties, red-black, serious-dishonesty) and the provincial
// platform (provincial-points), recorded in the same ledger as /admin/exports (created_by empty,
// audit actor 'cli'). Incremental (new and changed records since their last export) unless --full.
// Without --out the file goes to the current folder under the ledger's file name.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withDatabase } from './lib/with-database';
import { exportArgs, firstMessage } from '../src/schemas/cli';
import { EXPORT_KIND_LABELS } from '../src/domain/credit-exports';
import { DomainError } from '../src/domain/errors';
import { exportNow } from '../src/handlers/credit-exports';

const USAGE = '用法：npm run export -- 类型（penalties | red-black | serious-dishonesty | provincial-points） [--format csv|xlsx|json] [--full] [--out 文件]';
const OPTIONS = ['format', 'full', 'out', 'help'];

function readArgs() {
  const { values, positionals, tokens } = parseArgs({
    options: { format: { type: 'string' }, full: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const unknown = tokens.find((t) => t.kind === 'option' && !OPTIONS.includes(t.name));
  if (unknown?.kind === 'option') return `不认识的参数：${unknown.rawName}\n${USAGE}`;
  if (values['help'] === true) return USAGE;
  if (positionals.length > 1) return `只能给一个导出类型：${positionals.join(' ')}\n${USAGE}`;
  const parsed = exportArgs.safeParse({ ...values, kind: positionals[0] });
  if (!parsed.success) return `${firstMessage(parsed.error)}\n${USAGE}`;
  return parsed.data;
}

const args = readArgs();
if (typeof args === 'string') {
  console.error(args);
  process.exit(args === USAGE ? 0 : 1);
}

await withDatabase(async () => {
  try {
    const r = await exportNow({ kind: args.kind, format: args.format, incremental: !args.full, actor: null, ip: null });
    const out = args.out ?? r.fileName;
    await writeFile(out, r.content);
    const scope = args.full ? '全量' : r.since ? `自 ${r.since.toISOString()} 以来新增或变更的` : '首次导出，全部';
    console.log(`已导出${EXPORT_KIND_LABELS[args.kind]}：${scope} ${r.rowCount} 条 → ${out}（台账编号 ${r.id}，SHA-256 ${r.sha256}）`);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    console.error(`导出失败：${e.message}`);
    process.exitCode = 1;
  }
});
