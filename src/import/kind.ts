/**
 * The shape every sheet kind implements (src/import/kinds/*.ts) and the helper that turns a zod
 * row schema plus its column contract into a row parser with Chinese errors per cell.
 */
import type { z } from 'zod';
import { fieldErrors } from '../schemas/zod-errors';
import type { SheetColumn } from '../schemas/import-cells';
import type { Tx } from '../db/import-common';
import type { ImportKindName, ParsedLine, RowError, RowParse, WriteResult } from './types';

/** The database side of one import, inside its transaction. */
export interface KindRunner {
  /** Problems only the database can reveal (unknown 登记号, a code used elsewhere …). */
  check(): Promise<RowError[]>;
  /** Leaves out rows with errors (--skip-invalid). */
  drop(lines: readonly number[]): Promise<void>;
  /** Writes the rest and says what changed. */
  write(): Promise<WriteResult>;
}

export interface ImportContext {
  /** Today in China (YYYY-MM-DD): the default evaluation date. */
  today: string;
  /** The admin upload being confirmed (evaluations: the submissions name it); null from the CLI. */
  batchId?: number | null;
  /** Who confirmed the import (the enterer of its submissions); null from the CLI. */
  enteredBy?: number | null;
}

export interface ImportKind<Row> {
  name: ImportKindName;
  /** What the sheet is, in Chinese (机构名册, 信用评价表 …). */
  title: string;
  /** Counting word for the summary (家, 人, 条). */
  unit: string;
  columns: readonly SheetColumn[];
  parse(line: number, cells: Readonly<Record<string, string>>): RowParse<Row>;
  /** The row's identity within one file: a second row with the same key is an error. */
  fileKey(row: Row): string;
  /** Column blamed for a duplicate, and why duplicates are refused. */
  duplicate: { column: string; why: string };
  /** Rows name an institution by 登记号 (its contract header), which must be in the register. */
  refersToInstitutions?: boolean;
  prepare(tx: Tx, rows: readonly ParsedLine<Row>[], context: ImportContext): Promise<KindRunner>;
}

/**
 * Row parser for a zod object schema keyed by field names: the contract's headers pick the
 * cells, and every issue becomes "column: message" with the header as the column. Columns not in
 * the file are passed as undefined (optional columns), so absent and empty mean the same.
 */
export function schemaParser<S extends z.ZodType>(
  schema: S,
  columns: readonly SheetColumn[],
): (line: number, cells: Readonly<Record<string, string>>) => RowParse<z.output<S>> {
  const labels: Record<string, string> = Object.fromEntries(columns.map((c) => [c.field, c.header]));
  return (line, cells) => {
    const input: Record<string, string | undefined> = {};
    for (const c of columns) input[c.field] = cells[c.header] ?? (c.required ? '' : undefined);
    const parsed = schema.safeParse(input);
    if (parsed.success) return { ok: true, row: parsed.data };
    return {
      ok: false,
      errors: fieldErrors(parsed.error.issues, labels).map((e) => ({ line, column: e.label, message: e.message })),
    };
  };
}
