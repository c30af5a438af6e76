/**
 * The error file of --skip-invalid: the rejected rows exactly as they were read, with two more
 * columns, 原行号 and 错误原因. Both are extra columns to the importer, so the file can be fixed
 * in Excel and imported again as it is. Written next to the input, in the input's format
 * (CSV as UTF-8 with BOM, which Excel opens correctly; XLSX as a workbook).
 */
import { writeFile } from 'node:fs/promises';
import { csvCell } from '../domain/csv';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { RejectedRow } from './pipeline';

export const LINE_COLUMN = '原行号';
export const REASON_COLUMN = '错误原因';

/** One CSV field: the shared encoder (src/domain/csv.ts), with its formula guard. */
export const csvField = (value: string): string => csvCell(value);

function table(fileHeader: readonly string[], rejected: readonly RejectedRow[]): string[][] {
  const header = fileHeader.filter((h) => h !== LINE_COLUMN && h !== REASON_COLUMN);
  return [[...header, LINE_COLUMN, REASON_COLUMN], ...rejected.map((r) => [...header.map((h) => r.raw[h] ?? ''), String(r.line), r.reasons.join('；')])];
}

export function errorFileCsv(fileHeader: readonly string[], rejected: readonly RejectedRow[]): Buffer {
  const text = table(fileHeader, rejected)
    .map((row) => row.map(csvField).join(','))
    .join('\r\n');
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}

export async function errorFileXlsx(fileHeader: readonly string[], rejected: readonly RejectedRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('错误行');
  const rows = table(fileHeader, rejected);
  // Cells are written as text so that 登记号 and codes keep their leading zeros.
  for (const row of rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => {
    c.numFmt = '@';
    c.width = 16;
  });
  const last = ws.getColumn(rows[0]?.length ?? 1);
  last.width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `dir/name.错误行.csv` (or .xlsx) next to the input. */
export function errorFilePath(inputPath: string, format: 'csv' | 'xlsx'): string {
  const ext = path.extname(inputPath);
  const stem = path.basename(inputPath, ext);
  return path.join(path.dirname(inputPath), `${stem}.错误行.${format}`);
}

export async function writeErrorFile(
  inputPath: string,
  format: 'csv' | 'xlsx',
  fileHeader: readonly string[],
  rejected: readonly RejectedRow[],
): Promise<string> {
  const target = errorFilePath(inputPath, format);
  const bytes = format === 'xlsx' ? await errorFileXlsx(fileHeader, rejected) : errorFileCsv(fileHeader, rejected);
  await writeFile(target, bytes);
  return target;
}
