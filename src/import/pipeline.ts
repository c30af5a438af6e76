/**
 * The import pipeline, the same for every sheet kind and for both entry points (the CLI and the
 * supervisor area):
 *
 *   read (header contract) → parse each row (zod, Chinese errors) → refuse duplicates in the file
 *   → in ONE transaction: stage, check against the database, diff, write, audit
 *
 * Nothing is half-applied: with any error and without skipInvalid, the transaction writes
 * nothing; a dry run does all the work, reports it, and rolls back. With skipInvalid the bad rows
 * are left out and returned (with the cells as read) for the error file.
 */
import { transaction, type Tx } from '../db/client';
import { unknownRegistrations } from '../db/import-common';
import { chinaDate } from '../domain/working-days';
import { kindOf } from './kinds';
import type { ImportContext } from './kind';
import { silentProgress, type Progress } from './progress';
import { readImportRows } from './read';
import { readOffThread } from './read-off-thread';
import { ImportFileError, sourceName, type SheetSource } from './sheet';
import type { ImportKindName, ImportOptions, ImportReport, RowError, WriteResult } from './types';

/** A rejected row as it was in the file, with its reasons (for the error file). */
export interface RejectedRow {
  line: number;
  raw: Readonly<Record<string, string>>;
  reasons: string[];
}

export interface AuditInfo {
  kind: ImportKindName;
  fileName: string;
  rowsRead: number;
  invalidRows: number;
  result: WriteResult;
}

export interface ImportHooks {
  progress?: Progress;
  /** Called inside the transaction after the write (not in a dry run): the audit entry. */
  audit?: (tx: Tx, info: AuditInfo) => Promise<void>;
  /** Today in China; defaults to the clock. */
  today?: string;
  /**
   * Read and check the rows of uploaded bytes in a worker thread (the supervisor area), so a big
   * or hostile file never stalls the server's event loop (issue 17, item 10). The CLI reads in
   * place, with its progress bar.
   */
  offThread?: boolean;
  /** The upload and the account confirming it (ImportContext). */
  batchId?: number;
  enteredBy?: number;
}

export interface ImportOutcome {
  report: ImportReport;
  /** The file's columns in order, and the bad rows (for an error file). */
  fileHeader: string[];
  rejected: RejectedRow[];
}

class Rollback extends Error {
  constructor(readonly result: WriteResult | null) {
    super('rollback');
  }
}

/**
 * The database refusing a row the checks let through (a constraint the schemas do not mirror
 * yet) is still a clear sentence, not a crash; nothing was written (the transaction failed).
 */
function refusedByDatabase(e: unknown): ImportFileError | null {
  const pg = e as { code?: unknown; constraint_name?: unknown; message?: unknown };
  if (typeof pg.code !== 'string' || !/^2[23]/.test(pg.code)) return null;
  const constraint = typeof pg.constraint_name === 'string' ? `（约束 ${pg.constraint_name}）` : '';
  return new ImportFileError(
    `数据库拒绝写入${constraint}：${String(pg.message)}。整个文件未写入任何数据；数据通过了导入校验却不符合数据库的约束，请把这条信息告诉系统管理员。`,
  );
}

export function formatRowError(e: RowError): string {
  return e.column ? `第${e.line}行 ${e.column}: ${e.message}` : `第${e.line}行: ${e.message}`;
}

/**
 * Runs one import. Throws ImportFileError for file-level problems (unreadable, missing columns,
 * no data rows); row problems are in the report.
 */
export async function runImport(kind: ImportKindName, source: SheetSource, options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ImportOutcome> {
  const started = Date.now();
  const def = kindOf(kind);
  const progress = hooks.progress ?? silentProgress;
  const context: ImportContext = { today: hooks.today ?? chinaDate(new Date()), batchId: hooks.batchId ?? null, enteredBy: hooks.enteredBy ?? null };
  const read =
    hooks.offThread && 'bytes' in source
      ? await readOffThread(kind, source, { sheet: options.sheet })
      : await readImportRows(kind, source, { sheet: options.sheet }, progress);
  const { rowsRead, valid } = read;
  const errors: RowError[] = [...read.errors];
  const rawByLine = new Map<number, Readonly<Record<string, string>>>(read.invalid.map((r) => [r.line, r.raw]));
  if (rowsRead === 0) throw new ImportFileError(`${sourceName(source)}：只有表头，没有数据行`);
  const readMs = Date.now() - started;

  const dryRun = options.dryRun ?? false;
  const skipInvalid = options.skipInvalid ?? false;
  let result: WriteResult | null = null;
  let applied = false;
  progress.phase('核对数据库并写入', null);
  try {
    await transaction(async (tx) => {
      const runner = await def.prepare(tx, valid, context);
      errors.push(...(await runner.check()));
      const refs = read.invalid.flatMap((r) => (r.registrationNo === null ? [] : [{ line: r.line, registrationNo: r.registrationNo }]));
      errors.push(...(await unknownRegistrations(tx, refs)));
      if (errors.length > 0 && !skipInvalid) throw new Rollback(null);
      const badLines = [...new Set(errors.map((e) => e.line))];
      await runner.drop(badLines);
      result = await runner.write();
      if (dryRun) throw new Rollback(result);
      await hooks.audit?.(tx, {
        kind,
        fileName: sourceName(source),
        rowsRead,
        invalidRows: badLines.length,
        result,
      });
    });
    applied = true;
  } catch (e) {
    if (!(e instanceof Rollback)) throw refusedByDatabase(e) ?? e;
    result = e.result;
  } finally {
    progress.done();
  }

  errors.sort((a, b) => a.line - b.line);
  const badLines = new Set(errors.map((e) => e.line));
  for (const v of valid) if (badLines.has(v.line)) rawByLine.set(v.line, v.cells);
  const reasons = new Map<number, string[]>();
  for (const e of errors) {
    const list = reasons.get(e.line) ?? [];
    if (list.length === 0) reasons.set(e.line, list);
    list.push(e.column ? `${e.column}: ${e.message}` : e.message);
  }
  const rejected: RejectedRow[] = [...reasons].map(([line, list]) => ({ line, raw: rawByLine.get(line) ?? {}, reasons: list }));

  return {
    report: {
      kind,
      fileName: sourceName(source),
      format: read.format,
      encoding: read.encoding,
      sheetName: read.sheetName,
      rowsRead,
      validRows: rowsRead - badLines.size,
      invalidRows: badLines.size,
      errors,
      dryRun,
      skipInvalid,
      applied,
      result,
      errorFile: null,
      durationMs: Date.now() - started,
      readMs,
    },
    fileHeader: read.fileHeader,
    rejected,
  };
}
