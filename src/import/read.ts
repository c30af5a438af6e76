/**
 * The first half of an import, without the database: open the sheet, parse every row (zod,
 * Chinese errors), refuse duplicates within the file. CPU-bound, so the supervisor area runs it
 * in a worker thread (read-off-thread.ts) while the CLI runs it in place with a progress bar.
 */
import { registrationNoCell } from '../schemas/import-cells';
import { kindOf } from './kinds';
import { silentProgress, type Progress } from './progress';
import { openImportSheet, type SheetSource } from './sheet';
import type { ImportKindName, ParsedLine, RowError } from './types';

/** A row that failed its own checks. */
export interface InvalidLine {
  line: number;
  raw: Readonly<Record<string, string>>;
  /** Its 登记号 when that cell is valid and the sheet refers to institutions (checked in the database too). */
  registrationNo: string | null;
}

export interface ReadOutcome {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gb18030' | null;
  sheetName: string | null;
  fileHeader: string[];
  rowsRead: number;
  errors: RowError[];
  valid: ParsedLine<unknown>[];
  invalid: InvalidLine[];
}

const registrationCell = registrationNoCell();
/** The contract header of 登记号 in every sheet that refers to institutions. */
export const REGISTRATION_HEADER = '登记号';

/** Reads and checks the rows of one file. Throws ImportFileError for file-level problems. */
export async function readImportRows(
  kind: ImportKindName,
  source: SheetSource,
  options: { sheet?: string | undefined } = {},
  progress: Progress = silentProgress,
): Promise<ReadOutcome> {
  const def = kindOf(kind);
  const sheet = await openImportSheet(source, def.columns, { sheet: options.sheet });
  const errors: RowError[] = [];
  const valid: ParsedLine<unknown>[] = [];
  const invalid: InvalidLine[] = [];
  const firstLineByKey = new Map<string, number>();
  let rowsRead = 0;
  // Issue 17, item 19: a row with a bad cell is still checked for an unknown 登记号, so one
  // upload reports both (the database check itself runs in the pipeline).
  const registrationOf = (cells: Readonly<Record<string, string>>, rowErrors: readonly RowError[]): string | null => {
    if (!def.refersToInstitutions || rowErrors.some((e) => e.column === REGISTRATION_HEADER)) return null;
    const parsed = registrationCell.safeParse(cells[REGISTRATION_HEADER] ?? '');
    return parsed.success ? parsed.data : null;
  };
  progress.phase('读取并校验', sheet.totalHint);
  try {
    for await (const { line, cells, raw } of sheet.rows) {
      rowsRead += 1;
      if ((rowsRead & 1023) === 0) progress.tick(rowsRead);
      const parsed = def.parse(line, cells);
      if (!parsed.ok) {
        errors.push(...parsed.errors);
        invalid.push({ line, raw, registrationNo: registrationOf(cells, parsed.errors) });
        continue;
      }
      const key = def.fileKey(parsed.row);
      const first = firstLineByKey.get(key);
      if (first !== undefined) {
        errors.push({ line, column: def.duplicate.column, message: `与第${first}行重复（${def.duplicate.why}）` });
        invalid.push({ line, raw, registrationNo: null });
        continue;
      }
      firstLineByKey.set(key, line);
      valid.push({ line, row: parsed.row, cells: raw });
    }
  } finally {
    progress.tick(rowsRead);
    progress.done();
    await sheet.close();
  }
  return {
    format: sheet.format,
    encoding: sheet.encoding,
    sheetName: sheet.sheetName,
    fileHeader: sheet.header,
    rowsRead,
    errors,
    valid,
    invalid,
  };
}
