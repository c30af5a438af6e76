/**
 * Reads a spreadsheet the way a supervisor prepared it — a CSV saved by Excel or WPS, or an
 * XLSX workbook — into header + rows of string cells. Generic: used for evaluation sheets and by
 * the importer for every other sheet.
 *
 * - CSV encoding is detected: a file that is valid UTF-8 (with or without BOM) is UTF-8,
 *   anything else is GB18030 (what Chinese Excel writes for "CSV (逗号分隔)"; a superset of GBK
 *   and GB2312). Chinese text in GB18030 is practically never valid UTF-8, so this is reliable.
 *   UTF-16 files (Excel's "Unicode 文本") are rejected with a clear message.
 * - Line numbers are what the user sees in Excel: the header is line 1 (or the first non-empty
 *   line), every CSV record is one line even if a quoted cell spans several physical lines, and
 *   blank lines are counted but not returned.
 * - Headers and cells are trimmed (incl. full-width spaces and BOM). Column order is free, extra
 *   columns are kept in `cells` but can be ignored; missing required columns raise one
 *   SheetReadError naming all of them.
 * - CSV is streamed (two passes over the file: encoding check, then parse), so 100k rows need
 *   little memory. XLSX is loaded whole with exceljs (its streaming reader cannot reliably pick
 *   a sheet by name); numbers are rendered as Excel displays them (15 significant digits) and
 *   date cells as YYYY-MM-DD.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type SheetFormat = 'csv' | 'xlsx';
export type CsvEncoding = 'utf-8' | 'gb18030';

export interface SheetRow {
  /** Line number as shown in Excel (header row = 1). */
  line: number;
  /** Trimmed cell text keyed by trimmed column name ('' for empty cells). */
  cells: Record<string, string>;
}

export interface Sheet {
  /** Non-empty column names in file order. */
  header: string[];
  rows: SheetRow[];
  format: SheetFormat;
  /** Detected CSV encoding; null for XLSX. */
  encoding: CsvEncoding | null;
  /** Worksheet name for XLSX; null for CSV. */
  sheetName: string | null;
}

export interface OpenedSheet extends Omit<Sheet, 'rows'> {
  /** Data rows, streamed. Iterate to the end, or call close(). */
  rows: AsyncIterable<SheetRow>;
  close(): Promise<void>;
}

export interface ReadSheetOptions {
  /** XLSX worksheet name (default: the first sheet). Ignored for CSV. */
  sheet?: string | undefined;
  /** Columns that must be present in the header. */
  requiredColumns?: readonly string[] | undefined;
  /** Overrides detection by file extension / content. */
  format?: SheetFormat | undefined;
}

export type SheetReadErrorCode =
  | 'missing-columns'
  | 'duplicate-columns'
  | 'empty'
  | 'sheet-not-found'
  | 'unsupported-format'
  | 'encoding'
  | 'parse';

export class SheetReadError extends Error {
  readonly code: SheetReadErrorCode;
  readonly missingColumns: readonly string[];
  constructor(code: SheetReadErrorCode, message: string, missingColumns: readonly string[] = []) {
    super(message);
    this.name = 'SheetReadError';
    this.code = code;
    this.missingColumns = missingColumns;
  }
}

interface RawRecord {
  line: number;
  values: string[];
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** UTF-16 byte-order marks (Excel "Unicode 文本"). */
function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** Valid UTF-8 (BOM or not) ⇒ 'utf-8'; otherwise 'gb18030'. */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

async function detectFileEncoding(path: string): Promise<CsvEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      if (first && hasUtf16Bom(bytes)) throw new SheetReadError('encoding', utf16Message());
      first = false;
      decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
    return 'utf-8';
  } catch (e) {
    if (e instanceof SheetReadError) throw e;
    if (e instanceof TypeError) return 'gb18030';
    throw e;
  }
}

function utf16Message(): string {
  return '不支持 UTF-16（Unicode 文本）编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx';
}

/** Decodes CSV bytes with the detected encoding (BOM removed). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (hasUtf16Bom(bytes)) throw new SheetReadError('encoding', utf16Message());
  const encoding = detectEncoding(bytes);
  return { text: iconv.decode(Buffer.from(bytes), encoding), encoding };
}

// ---------------------------------------------------------------------------------------------
// CSV

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号没有闭合',
  CSV_INVALID_CLOSING_QUOTE: '引号后面有多余的字符',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号后面有多余的字符',
};

function isCsvError(e: unknown): e is CsvError {
  const code: unknown = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('CSV_');
}

async function* csvRecords(source: Readable, encoding: CsvEncoding): AsyncGenerator<RawRecord> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: false, bom: true });
  // pipeline forwards errors from every stage to the parser, so the loop below sees them.
  pipeline(source, iconv.decodeStream(encoding), parser, () => {});
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line += 1;
      yield { line, values: record };
    }
  } catch (e) {
    if (isCsvError(e)) {
      const detail = CSV_ERRORS[e.code] ?? e.message;
      throw new SheetReadError('parse', `CSV 格式错误（第${line + 1}行附近）：${detail}`);
    }
    throw e;
  } finally {
    source.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Numbers as Excel displays them: at most 15 significant digits (89.98999999999999 → 89.99). */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

/** Excel dates come back as Date objects at UTC (no time zone in the file). */
function dateText(d: Date): string {
  const iso = d.toISOString();
  const hasTime = d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0 || d.getUTCSeconds() !== 0;
  return hasTime ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10);
}

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined ? '' : cellText(result);
  }
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return value.error;
}

async function xlsxRecords(
  load: (wb: ExcelJS.Workbook) => Promise<unknown>,
  sheet: string | undefined,
): Promise<{ records: RawRecord[]; sheetName: string }> {
  const wb = new ExcelJS.Workbook();
  try {
    await load(wb);
  } catch (e) {
    throw new SheetReadError('parse', `无法读取 Excel 文件：${e instanceof Error ? e.message : String(e)}`);
  }
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join('、');
    throw new SheetReadError(
      'sheet-not-found',
      sheet === undefined ? 'Excel 文件中没有工作表' : `找不到工作表“${sheet}”（现有：${names || '无'}）`,
    );
  }
  const records: RawRecord[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= width; c += 1) values.push(cellText(row.getCell(c).value));
    records.push({ line: rowNumber, values });
  });
  return { records, sheetName: ws.name };
}

// ---------------------------------------------------------------------------------------------
// Assembly

function clean(text: string): string {
  return text.replace(/^\uFEFF/, '').trim();
}

interface Assembled {
  header: string[];
  rows: AsyncIterable<SheetRow>;
}

async function assemble(records: AsyncIterator<RawRecord>, required: readonly string[]): Promise<Assembled> {
  let headerRecord: RawRecord | undefined;
  for (;;) {
    const r = await records.next();
    if (r.done) break;
    if (r.value.values.some((v) => clean(v) !== '')) {
      headerRecord = r.value;
      break;
    }
  }
  if (!headerRecord) {
    await records.return?.();
    throw new SheetReadError('empty', '文件是空的：没有表头行');
  }
  const rawHeader = headerRecord.values.map(clean);
  const columns: { name: string; index: number }[] = [];
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  rawHeader.forEach((name, index) => {
    if (name === '') return;
    if (seen.has(name)) {
      duplicated.add(name);
      return;
    }
    seen.add(name);
    columns.push({ name, index });
  });
  const missing = required.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    await records.return?.();
    throw new SheetReadError('missing-columns', `缺少必需的列：${missing.join('、')}`, missing);
  }
  const dupRequired = required.filter((c) => duplicated.has(c));
  if (dupRequired.length > 0) {
    await records.return?.();
    throw new SheetReadError('duplicate-columns', `表头中有重复的列：${dupRequired.join('、')}`);
  }

  async function* rows(): AsyncGenerator<SheetRow> {
    for (;;) {
      const r = await records.next();
      if (r.done) return;
      const cells: Record<string, string> = {};
      let empty = true;
      for (const { name, index } of columns) {
        const v = clean(r.value.values[index] ?? '');
        if (v !== '') empty = false;
        cells[name] = v;
      }
      if (!empty) yield { line: r.value.line, cells };
    }
  }
  return { header: columns.map((c) => c.name), rows: rows() };
}

function formatFromName(name: string): SheetFormat | 'xls' | null {
  const ext = extname(name).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls' || ext === '.et') return 'xls';
  return null;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function unsupportedXls(): SheetReadError {
  return new SheetReadError('unsupported-format', '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV');
}

async function sniffFormat(path: string): Promise<SheetFormat> {
  const byName = formatFromName(path);
  if (byName === 'xls') throw unsupportedXls();
  if (byName) return byName;
  const stream = createReadStream(path, { start: 0, end: 3 });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return isZip(Buffer.concat(chunks)) ? 'xlsx' : 'csv';
}

function iteratorOf<T>(items: T[]): AsyncIterator<T> {
  async function* gen(): AsyncGenerator<T> {
    yield* items;
  }
  return gen();
}

/**
 * Opens a sheet file and reads its header; rows are streamed (CSV) or served from memory
 * (XLSX). Throws SheetReadError for empty files, missing required columns, unknown sheets,
 * unsupported formats and malformed CSV (the latter possibly while iterating rows).
 */
export async function openSheet(path: string, options: ReadSheetOptions = {}): Promise<OpenedSheet> {
  const format = options.format ?? (await sniffFormat(path));
  const required = options.requiredColumns ?? [];
  if (format === 'xlsx') {
    const { records, sheetName } = await xlsxRecords((wb) => wb.xlsx.readFile(path), options.sheet);
    const it = iteratorOf(records);
    const { header, rows } = await assemble(it, required);
    return { header, rows, format, encoding: null, sheetName, close: async () => {} };
  }
  const encoding = await detectFileEncoding(path);
  const it = csvRecords(createReadStream(path), encoding);
  const { header, rows } = await assemble(it, required);
  return {
    header,
    rows,
    format,
    encoding,
    sheetName: null,
    close: async () => {
      await it.return(undefined);
    },
  };
}

async function collect(opened: OpenedSheet): Promise<Sheet> {
  const rows: SheetRow[] = [];
  for await (const row of opened.rows) rows.push(row);
  const { header, format, encoding, sheetName } = opened;
  return { header, rows, format, encoding, sheetName };
}

/** Reads a whole sheet file into memory. */
export async function readSheet(path: string, options: ReadSheetOptions = {}): Promise<Sheet> {
  return collect(await openSheet(path, options));
}

/**
 * Reads a sheet from bytes (e.g. an uploaded file). `fileName` is only used to pick the format
 * when `options.format` is not given; otherwise the content decides (ZIP ⇒ XLSX).
 */
export async function readSheetBuffer(
  bytes: Uint8Array,
  options: ReadSheetOptions & { fileName?: string | undefined } = {},
): Promise<Sheet> {
  const byName = options.fileName ? formatFromName(options.fileName) : null;
  if (byName === 'xls') throw unsupportedXls();
  const format: SheetFormat = options.format ?? byName ?? (isZip(bytes) ? 'xlsx' : 'csv');
  const required = options.requiredColumns ?? [];
  const buffer = Buffer.from(bytes);
  if (format === 'xlsx') {
    const { records, sheetName } = await xlsxRecords((wb) => wb.xlsx.load(buffer as never), options.sheet);
    const { header, rows } = await assemble(iteratorOf(records), required);
    return collect({ header, rows, format, encoding: null, sheetName, close: async () => {} });
  }
  if (hasUtf16Bom(buffer)) throw new SheetReadError('encoding', utf16Message());
  const encoding = detectEncoding(buffer);
  const it = csvRecords(Readable.from([buffer]), encoding);
  const { header, rows } = await assemble(it, required);
  return collect({ header, rows, format, encoding, sheetName: null, close: async () => {} });
}

/** Reads a file's bytes and decodes it as CSV text (for previews). */
export async function readCsvText(path: string): Promise<{ text: string; encoding: CsvEncoding }> {
  return decodeCsv(await readFile(path));
}
