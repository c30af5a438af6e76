/**
 * The import report in words: the CLI prints it, the import history stores its JSON form.
 *
 * Wording rule: when errors stop an import nothing is reported as added or updated (nothing
 * would be), only the errors and that nothing was written.
 */
import { kindOf } from './kinds';
import { formatRowError } from './pipeline';
import type { ChangeEntry, ImportReport } from './types';

export const CLI_CHANGE_LINES = 20;

function encodingText(report: ImportReport): string {
  if (report.format === 'xlsx') return `XLSX，工作表“${report.sheetName ?? ''}”`;
  return `CSV，${report.encoding === 'gb18030' ? 'GB18030' : 'UTF-8'} 编码`;
}

export function rowsPerSecond(report: ImportReport): number {
  return report.durationMs > 0 ? Math.round((report.rowsRead * 1000) / report.durationMs) : report.rowsRead;
}

export function changeLine(c: ChangeEntry): string {
  if (c.action === 'new') return `  新增 第${c.line}行 ${c.key} ${c.label}`;
  const fields = c.fields.map((f) => `${f.column}：${f.before ?? '（空）'} → ${f.after ?? '（空）'}`).join('；');
  return `  更新 第${c.line}行 ${c.key} ${c.label}：${fields}`;
}

/** Lines for stdout (summary) and stderr (errors). */
export function describeReport(report: ImportReport): { out: string[]; err: string[] } {
  const def = kindOf(report.kind);
  const out: string[] = [];
  const err: string[] = report.errors.map(formatRowError);
  out.push(`${def.title}：${report.fileName}（${encodingText(report)}）`);
  out.push(`读取 ${report.rowsRead} 行：正确 ${report.validRows} 行，有错误 ${report.invalidRows} 行`);

  const stopped = report.result === null;
  if (stopped) {
    err.push(
      `共 ${report.errors.length} 处错误，涉及 ${report.invalidRows} 行。整个文件未写入任何数据。` +
        '请改正后重新导入，或加 --skip-invalid 只导入正确的行（错误行另存为文件）。',
    );
  } else {
    const r = report.result;
    if (!r) return { out, err };
    const prefix = report.dryRun ? '试运行，未写入数据库：将' : '已导入：';
    out.push(`${prefix}新增 ${r.created} ${def.unit}，更新 ${r.updated} ${def.unit}，未变 ${r.unchanged} ${def.unit}`);
    if (report.invalidRows > 0) {
      out.push(`跳过有错误的 ${report.invalidRows} 行${report.errorFile ? `，已另存为：${report.errorFile}` : ''}`);
    }
    const shown = r.changes.slice(0, CLI_CHANGE_LINES);
    for (const c of shown) out.push(changeLine(c));
    const total = r.created + r.updated;
    if (total > shown.length) out.push(`  ……另有 ${total - shown.length} 行变化未列出`);
    if (r.levelChanges.length > 0) {
      out.push(`信用等级变化 ${r.levelChanges.length} 家：`);
      for (const l of r.levelChanges) {
        out.push(`  ${l.registrationNo} ${l.name} ${l.year}年度：${l.before} → ${l.after}（${l.reason}）`);
      }
    }
    out.push(...r.notes);
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  out.push(
    `用时 ${seconds(report.durationMs)} 秒（读取校验 ${seconds(report.readMs)} 秒，数据库 ${seconds(report.durationMs - report.readMs)} 秒；${rowsPerSecond(report)} 行/秒）`,
  );
  return { out, err };
}

/** What the import history keeps: counts, the first changes and errors. */
export function storedSummary(report: ImportReport): Record<string, unknown> {
  const r = report.result;
  return {
    rowsRead: report.rowsRead,
    validRows: report.validRows,
    invalidRows: report.invalidRows,
    dryRun: report.dryRun,
    format: report.format,
    encoding: report.encoding,
    sheetName: report.sheetName,
    errors: report.errors.slice(0, 200),
    errorCount: report.errors.length,
    created: r?.created ?? 0,
    updated: r?.updated ?? 0,
    unchanged: r?.unchanged ?? 0,
    changes: r?.changes.slice(0, 200) ?? [],
    levelChanges: r?.levelChanges ?? [],
    notes: r?.notes ?? [],
    durationMs: report.durationMs,
  };
}
