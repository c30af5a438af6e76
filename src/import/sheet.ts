/**
 * Opens an import file through the shared sheet reader (src/import/sheet-reader.ts: CSV in UTF-8
 * with or without BOM or GB18030, detected; XLSX, first sheet or by name) and maps its header
 * onto a sheet contract: column order is free, extra columns are ignored, a few historical
 * header names are accepted as aliases, and all missing required columns are named at once.
 */
import { open } from 'node:fs/promises';
import { asyncIteratorOf, openSheet, readSheetBuffer, SheetReadError, type OpenedSheet, type SheetRow } from './sheet-reader';
import type { SheetColumn } from '../schemas/import-cells';

/** A file-level problem (unreadable, wrong format, missing columns, no rows): one sentence. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export type SheetSource = { path: string } | { bytes: Uint8Array; fileName: string };

export function sourceName(source: SheetSource): string {
  return 'path' in source ? source.path : source.fileName;
}

export interface ImportRow {
  line: number;
  /** Cells keyed by the contract's headers (absent optional columns are absent). */
  cells: Record<string, string>;
  /** Cells as in the file, keyed by the file's headers (for the error file). */
  raw: Readonly<Record<string, string>>;
}

/** An import file opened against a sheet contract (`header`: the file's own column names, in file order). */
export interface OpenedImportSheet extends Omit<OpenedSheet, 'rows'> {
  /** Contract header → the file's header used for it. */
  columnMap: Map<string, string>;
  /** Estimated data rows, for progress (CSV: line breaks in the file; null if unknown). */
  totalHint: number | null;
  rows: AsyncIterable<ImportRow>;
}

/** Header comparison ignores spaces, full/half-width forms and a trailing * (required marks). */
export function headerKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/\*+$/, '');
}

export interface ColumnResolution {
  columnMap: Map<string, string>;
  missing: string[];
  /** Contract headers given twice under different names (e.g. 登记号 and 医疗机构登记号). */
  ambiguous: string[];
}

export function resolveColumns(fileHeader: readonly string[], columns: readonly SheetColumn[]): ColumnResolution {
  const byKey = new Map<string, string>();
  for (const h of fileHeader) if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), h);
  const columnMap = new Map<string, string>();
  const missing: string[] = [];
  const ambiguous: string[] = [];
  for (const col of columns) {
    const found = [col.header, ...(col.aliases ?? [])].map((name) => byKey.get(headerKey(name))).filter((h): h is string => h !== undefined);
    const distinct = [...new Set(found)];
    if (distinct.length === 0) {
      if (col.required) missing.push(col.header);
    } else {
      if (distinct.length > 1) ambiguous.push(`${col.header}（${distinct.join('、')}）`);
      columnMap.set(col.header, distinct[0] as string);
    }
  }
  return { columnMap, missing, ambiguous };
}

function mapRow(row: SheetRow, columnMap: ReadonlyMap<string, string>): ImportRow {
  const cells: Record<string, string> = {};
  for (const [header, fileHeader] of columnMap) cells[header] = row.cells[fileHeader] ?? '';
  return { line: row.line, cells, raw: row.cells };
}

/** Line breaks in a file: an upper bound of its rows, cheap enough for a progress bar. */
async function countLines(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let lines = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      let i = -1;
      while ((i = buffer.indexOf(10, i + 1)) !== -1 && i < bytesRead) lines += 1;
    }
    return lines;
  } finally {
    await handle.close();
  }
}

function fileError(e: unknown, name: string): Error {
  if (e instanceof SheetReadError) return new ImportFileError(e.message);
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return new ImportFileError(`找不到文件：${name}`);
  if (code === 'EISDIR') return new ImportFileError(`不是文件：${name}`);
  if (code === 'EACCES') return new ImportFileError(`没有权限读取文件：${name}`);
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Opens the file and checks its header against the contract. Throws ImportFileError for
 * unreadable files and missing columns; rows are streamed for CSV files on disk.
 */
export async function openImportSheet(
  source: SheetSource,
  columns: readonly SheetColumn[],
  options: { sheet?: string | undefined } = {},
): Promise<OpenedImportSheet> {
  const name = sourceName(source);
  try {
    const { sheet, totalHint } = await openSource(source, options.sheet);
    const check = checkHeader(sheet.header, columns);
    if (check) {
      await sheet.close();
      throw check;
    }
    const { columnMap } = resolveColumns(sheet.header, columns);
    const rows = sheet.rows;
    return {
      ...sheet,
      columnMap,
      totalHint: await totalHint(),
      rows: (async function* () {
        try {
          for await (const row of rows) yield mapRow(row, columnMap);
        } catch (e) {
          throw fileError(e, name);
        }
      })(),
    };
  } catch (e) {
    throw fileError(e, name);
  }
}

/**
 * The file (streamed) or the uploaded bytes (read whole) as one sheet, with its row estimate for
 * progress: a CSV file's line breaks, counted only once its header is known to fit.
 */
async function openSource(source: SheetSource, sheet: string | undefined): Promise<{ sheet: OpenedSheet; totalHint: () => Promise<number | null> }> {
  if ('path' in source) {
    const opened = await openSheet(source.path, { sheet });
    return { sheet: opened, totalHint: async () => (opened.format === 'csv' ? Math.max(0, (await countLines(source.path)) - 1) : null) };
  }
  const read = await readSheetBuffer(source.bytes, { sheet, fileName: source.fileName });
  return { sheet: { ...read, rows: asyncIteratorOf(read.rows), close: async () => {} }, totalHint: () => Promise.resolve(read.rows.length) };
}

function checkHeader(header: readonly string[], columns: readonly SheetColumn[]): ImportFileError | null {
  const { missing, ambiguous } = resolveColumns(header, columns);
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`缺少必需的列：${missing.join('、')}`);
  if (ambiguous.length > 0) problems.push(`同一列出现了多个名称，请只保留一个：${ambiguous.join('；')}`);
  if (problems.length === 0) return null;
  return new ImportFileError(`${problems.join('。')}（表头在第一行；现有的列：${header.join('、') || '无'}）`);
}
