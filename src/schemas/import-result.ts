/**
 * What an import writes and reports, shared by src/db/import-*.ts (which may not import
 * src/import), the import pipeline (src/import), the upload form (src/schemas/import-upload.ts)
 * and the supervisor area.
 */
import type { CreditLevel } from '../domain/credit-level';
import type { SheetCellError } from '../domain/evaluation-sheet';

export const IMPORT_KINDS = [
  'regions',
  'institutions',
  'staff',
  'evaluations',
  'penalties',
  'points',
  'commitments',
  'self-inspections',
  'inspections',
  'radiology',
  'prices',
] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: unknown): value is ImportKindName {
  return typeof value === 'string' && (IMPORT_KINDS as readonly string[]).includes(value);
}

/** One problem in one cell (column '' = the whole row): "第4行 实际得分: 不是数字". */
export type RowError = SheetCellError;

export interface FieldChange {
  column: string;
  before: string | null;
  after: string | null;
}

/** One row that would be (or was) written. */
export interface ChangeEntry {
  line: number;
  action: 'new' | 'updated';
  /** The row's key as the user knows it (登记号, 文号, 登记号 + 姓名 …). */
  key: string;
  /** A readable name (机构名称, 姓名 …). */
  label: string;
  /** For updates: the columns that change, before → after. */
  fields: FieldChange[];
}

/** An evaluation whose published level moves (by its own new data or by the 10 % cut). */
export interface LevelChange {
  registrationNo: string;
  name: string;
  year: number;
  before: CreditLevel;
  after: CreditLevel;
  /** Why, in Chinese: the new score, or the cut moving. */
  reason: string;
}

export interface WriteResult {
  created: number;
  updated: number;
  unchanged: number;
  /** New and updated rows, at most CHANGE_DETAIL_LIMIT of each. */
  changes: ChangeEntry[];
  changesTruncated: boolean;
  /** Evaluations only: levels that move, including institutions not in the file. */
  levelChanges: LevelChange[];
  /** Anything else worth saying (the cut per year, posters to reprint …), in Chinese. */
  notes: string[];
}

/** Detail rows returned per action; counts are always complete. */
export const CHANGE_DETAIL_LIMIT = 1000;

/**
 * What the import screens show of a preview or a result (kept with the batch as StoredImport in
 * src/handlers/admin/import.ts, rendered by src/components/admin/ImportPreview.astro).
 */
export interface ImportSummary {
  rowsRead: number;
  validRows: number;
  invalidRows: number;
  format: string;
  encoding: string | null;
  sheetName: string | null;
  errors: RowError[];
  errorCount: number;
  /** Null when errors stop the import (nothing would be written). */
  counts: { created: number; updated: number; unchanged: number } | null;
  changes: ChangeEntry[];
  levelChanges: LevelChange[];
  notes: string[];
}
