/**
 * What an import is made of, shared by the CLI (scripts/import.ts), the supervisor area
 * (src/pages/admin/import*.astro) and the per-kind code in src/import/kinds/ and src/db/import-*.ts.
 */
import type { ImportKindName, RowError, WriteResult } from '../schemas/import-result';

export {
  CHANGE_DETAIL_LIMIT,
  IMPORT_KINDS,
  isImportKind,
  type ChangeEntry,
  type FieldChange,
  type ImportKindName,
  type LevelChange,
  type RowError,
  type WriteResult,
} from '../schemas/import-result';

/** A parsed row and the line it came from. */
export interface ParsedLine<Row> {
  line: number;
  row: Row;
  /** The cells as read (for the error file). */
  cells: Readonly<Record<string, string>>;
}

export type RowParse<Row> = { ok: true; row: Row } | { ok: false; errors: RowError[] };

export interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** XLSX worksheet name; default the first sheet. */
  sheet?: string | undefined;
}

export interface ImportReport {
  kind: ImportKindName;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gb18030' | null;
  sheetName: string | null;
  /** Data rows read (blank lines not counted). */
  rowsRead: number;
  /** Rows that passed every check. */
  validRows: number;
  /** Distinct lines with at least one error. */
  invalidRows: number;
  errors: RowError[];
  dryRun: boolean;
  skipInvalid: boolean;
  /** True when something was committed to the database. */
  applied: boolean;
  /** What was (or, in a dry run, would be) written; null when errors stopped the import. */
  result: WriteResult | null;
  /** Where --skip-invalid wrote the rejected rows (CLI only). */
  errorFile: string | null;
  durationMs: number;
  /** Of which: reading and checking the rows. The rest is the database (check, diff, write). */
  readMs: number;
}
