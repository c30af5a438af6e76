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
import { CsvError, parse, type Info } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { checkXlsxZip, XlsxZipError, XLSX_MAX_UNPACKED_BYTES } from './xlsx-zip';

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
  'missing-columns' | 'duplicate-columns' | 'empty' | 'sheet-not-found' | 'unsupported-format' | 'encoding' | 'parse' | 'too-large';

/**
 * Bounds that keep one file from occupying the server (issue 17, item 10). A county's largest
 * sheet (the staff register of a province-sized area) is well under 200,000 rows; blank lines are
 * skipped cheaply but still bounded, so 50 MB of line breaks cannot keep a parser busy for minutes.
 */
export const MAX_SHEET_ROWS = 200_000;
export const MAX_CSV_LINES = 1_000_000;
/** Characters in one CSV record: a binary file without line breaks is one giant record. */
const MAX_CSV_RECORD_CHARS = 1_000_000;
/** Columns read from an XLSX row: a stray cell at column XFD must not make every row 16,384 wide. */
const MAX_XLSX_COLUMNS = 1000;

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

/** One pass over a CSV file: its encoding, and refusing more than MAX_CSV_LINES line breaks. */
async function detectFileEncoding(path: string): Promise<CsvEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let utf8 = true;
  let lines = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    if (first && hasUtf16Bom(bytes)) throw new SheetReadError('encoding', utf16Message());
    first = false;
    lines += countLineBreaks(bytes);
    if (lines > MAX_CSV_LINES) throw tooManyLines();
    if (utf8) {
      try {
        decoder.decode(bytes, { stream: true });
      } catch {
        utf8 = false;
      }
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  return utf8 ? 'utf-8' : 'gb18030';
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

/** Excel's column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function where(line: number, column: number | null): string {
  return column === null ? `第${line}行` : `第${line}行第${column + 1}列（${columnLetter(column)}列）`;
}

const QUOTE_HELP = '单元格里要写引号时，请把整个单元格用引号括起来，并把里面的每个引号写成两个（""），或在 Excel 中打开后重新另存为 CSV';

/** csv-parse's error codes as sentences a supervisor can act on. */
function csvErrorSentence(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `这个单元格以引号开头，但直到文件末尾都没有结束的引号。${QUOTE_HELP}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `引号结束后紧跟着其他字符。${QUOTE_HELP}`;
    case 'INVALID_OPENING_QUOTE':
      return `单元格中间出现了引号。${QUOTE_HELP}`;
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return '这一行的列数与表头不一致';
    case 'CSV_MAX_RECORD_SIZE':
      return `这一行超过 ${MAX_CSV_RECORD_CHARS.toLocaleString('en-US')} 个字符，不像是表格的一行（文件可能不是 CSV 文本）`;
    default:
      return '无法按 CSV 格式读取';
  }
}

/** The Excel line of the record being read: records so far + skipped blank lines + this one. */
function recordLine(info: Pick<Info, 'records' | 'empty_lines'>): number {
  return info.records + info.empty_lines + 1;
}

function csvError(e: CsvError): SheetReadError {
  const ctx = e as CsvError & Partial<Info> & { column?: unknown };
  const line = typeof ctx.records === 'number' && typeof ctx.empty_lines === 'number' ? recordLine(ctx as Info) : null;
  const column = typeof ctx.column === 'number' ? ctx.column : null;
  const place = line === null ? '' : `${where(line, column)}：`;
  return new SheetReadError('parse', `CSV 格式错误，${place}${csvErrorSentence(e.code)}`);
}

function notText(line: number, column: number): SheetReadError {
  return new SheetReadError(
    'encoding',
    `${where(line, column)}有无法识别的字符：文件不是 UTF-8 或 GB18030（GBK）编码的文本。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入`,
  );
}

async function* csvRecords(source: Readable, encoding: CsvEncoding): AsyncGenerator<RawRecord> {
  // Blank lines are skipped by the parser itself (counted in info.empty_lines, so line numbers
  // stay what Excel shows): handing them over as short records made csv-parse build an error
  // object for each, 80 µs apiece — 200 KB of line breaks took 10 s (issue 17, item 10).
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    bom: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  // pipeline forwards errors from every stage to the parser, so the loop below sees them.
  pipeline(source, iconv.decodeStream(encoding), parser, () => {});
  let records = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const line = recordLine({ records: info.records - 1, empty_lines: info.empty_lines });
      records += 1;
      if (records > MAX_SHEET_ROWS + 1) throw tooManyRows();
      if (encoding === 'gb18030') {
        // GB18030 decodes almost any bytes; what it cannot becomes U+FFFD: not a text file.
        const bad = record.findIndex((v) => v.includes('\uFFFD'));
        if (bad !== -1) throw notText(line, bad);
      }
      yield { line, values: record };
    }
  } catch (e) {
    if (e instanceof CsvError) throw csvError(e);
    throw e;
  } finally {
    source.destroy();
  }
}

function tooManyRows(): SheetReadError {
  return new SheetReadError(
    'too-large',
    `文件超过 ${MAX_SHEET_ROWS.toLocaleString('en-US')} 行，一次导入不了这么多行。请分成几个文件分别导入（每个文件都要有表头）`,
  );
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
  if ('hyperlink' in value) return cellText(value.text);
  return value.error;
}

function zipSentence(e: XlsxZipError): string {
  const p = e.problem;
  switch (p.kind) {
    case 'not-zip':
      return '这个文件不是有效的 .xlsx 文件（文件结构损坏或不完整）。请在 Excel 中打开后另存为 .xlsx，或另存为 CSV 后再导入';
    case 'not-xlsx':
      return '这个压缩文件里没有 Excel 工作簿，不是 .xlsx 文件。请上传 Excel 保存的 .xlsx 或 CSV 文件';
    case 'encrypted':
      return '这个 Excel 文件设置了密码，无法读取。请取消密码后另存为 .xlsx 再导入';
    case 'too-large':
      return `这个 Excel 文件解压后有 ${Math.ceil(p.unpackedBytes / 1024 / 1024)} MB，超过了 ${XLSX_MAX_UNPACKED_BYTES / 1024 / 1024} MB 的上限。请分成几个文件分别导入`;
    case 'bomb':
      return '这个 Excel 文件解压后的大小与文件本身极不相称（可能是恶意构造的文件），已拒绝读取。请用 Excel 重新另存为 .xlsx 后再导入';
  }
}

async function xlsxRecords(bytes: Uint8Array, sheet: string | undefined): Promise<{ records: RawRecord[]; sheetName: string }> {
  try {
    await checkXlsxZip(bytes);
  } catch (e) {
    if (e instanceof XlsxZipError)
      throw new SheetReadError(e.problem.kind === 'too-large' || e.problem.kind === 'bomb' ? 'too-large' : 'unsupported-format', zipSentence(e));
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as never);
  } catch {
    // exceljs' own messages are English internals ("Corrupted zip", "Cannot read properties …").
    throw new SheetReadError('parse', zipSentence(new XlsxZipError({ kind: 'not-zip' })));
  }
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join('、');
    throw new SheetReadError('sheet-not-found', sheet === undefined ? 'Excel 文件中没有工作表' : `找不到工作表“${sheet}”（现有：${names || '无'}）`);
  }
  if (ws.actualRowCount > MAX_SHEET_ROWS + 1) throw tooManyRows();
  const records: RawRecord[] = [];
  const width = Math.min(ws.columnCount, MAX_XLSX_COLUMNS);
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = new Array<string>(width).fill('');
    // Only the cells that exist: getCell() would create every missing one up to the width.
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col <= width) values[col - 1] = cellText(cell.value);
    });
    records.push({ line: rowNumber, values });
  });
  return { records, sheetName: ws.name };
}

// ---------------------------------------------------------------------------------------------
// Assembly

function clean(text: string): string {
  return unguardFormula(text.replace(/^\uFEFF/, '').trim());
}

/**
 * Every CSV export puts an apostrophe before a cell that a spreadsheet would run as a formula
 * (src/domain/csv.ts): an error file, fixed in a text editor and uploaded again, must read as the
 * original cell, so that one apostrophe is dropped here.
 */
export function unguardFormula(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
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

function startsWith(bytes: Uint8Array, ...sig: number[]): boolean {
  return sig.every((v, i) => bytes[i] === v);
}

/** Files people pick by mistake, recognised by their first bytes. */
const NOT_A_SHEET: { what: string; test: (b: Uint8Array) => boolean }[] = [
  { what: 'PNG 图片', test: (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47) },
  { what: 'JPEG 图片', test: (b) => startsWith(b, 0xff, 0xd8, 0xff) },
  { what: 'GIF 图片', test: (b) => startsWith(b, 0x47, 0x49, 0x46, 0x38) },
  { what: 'PDF 文件', test: (b) => startsWith(b, 0x25, 0x50, 0x44, 0x46) },
  { what: 'RAR 压缩包', test: (b) => startsWith(b, 0x52, 0x61, 0x72, 0x21) },
  { what: '7z 压缩包', test: (b) => startsWith(b, 0x37, 0x7a, 0xbc, 0xaf) },
  { what: 'gzip 压缩包', test: (b) => startsWith(b, 0x1f, 0x8b) },
];

/**
 * Decides the format from the first bytes (the file name can lie): ZIP ⇒ XLSX; an old .xls or a
 * password-protected workbook (OLE2) and images, PDFs and archives are refused by name; a NUL
 * byte in the first 8 KB is a binary file (or UTF-16 without BOM), never CSV text.
 */
function formatOfContent(head: Uint8Array, byName: SheetFormat | null): SheetFormat {
  if (head.length === 0) throw new SheetReadError('empty', '文件是空的：没有表头行');
  if (isZip(head)) return 'xlsx';
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0)) {
    throw new SheetReadError('unsupported-format', '这是旧版 Excel（.xls）文件或设置了密码的 Excel 文件，无法读取。请取消密码并另存为 .xlsx 或 CSV 后再导入');
  }
  const other = NOT_A_SHEET.find((k) => k.test(head));
  if (other) throw new SheetReadError('unsupported-format', `这个文件是${other.what}，不是表格。请上传 CSV 或 .xlsx 文件`);
  if (byName === 'xlsx') {
    throw new SheetReadError('unsupported-format', '这个文件的扩展名是 .xlsx，但内容不是 Excel 工作簿。请在 Excel 中打开后另存为 .xlsx 或 CSV');
  }
  if (!hasUtf16Bom(head) && head.subarray(0, 8192).includes(0)) {
    throw new SheetReadError('unsupported-format', '这个文件不是文本（含有二进制内容），不是 CSV。请上传 Excel 保存的 CSV 或 .xlsx 文件');
  }
  return 'csv';
}

function tooManyLines(): SheetReadError {
  return new SheetReadError(
    'too-large',
    `文件超过 ${MAX_CSV_LINES.toLocaleString('en-US')} 行（含空行），一次导入不了。请删除多余的空行，或分成几个文件分别导入`,
  );
}

function countLineBreaks(bytes: Uint8Array): number {
  let n = 0;
  let i = -1;
  while ((i = bytes.indexOf(10, i + 1)) !== -1) n += 1;
  return n;
}

async function sniffFormat(path: string): Promise<SheetFormat> {
  const byName = formatFromName(path);
  if (byName === 'xls') throw unsupportedXls();
  const stream = createReadStream(path, { start: 0, end: 8191 });
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return formatOfContent(Buffer.concat(chunks), byName);
}

/**
 * Items produced synchronously (rows already in memory) as an async iterator; an item that
 * throws while being produced rejects that `next()`, as in an async generator.
 */
export function asyncIteratorOf<T>(items: Iterable<T>): AsyncIterableIterator<T> {
  const it = items[Symbol.iterator]();
  const self: AsyncIterableIterator<T> = {
    next: () =>
      new Promise((resolve) => {
        resolve(it.next());
      }),
    [Symbol.asyncIterator]: () => self,
  };
  return self;
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
    const { records, sheetName } = await xlsxRecords(await readFile(path), options.sheet);
    const it = asyncIteratorOf(records);
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
export async function readSheetBuffer(bytes: Uint8Array, options: ReadSheetOptions & { fileName?: string | undefined } = {}): Promise<Sheet> {
  const byName = options.fileName ? formatFromName(options.fileName) : null;
  if (byName === 'xls') throw unsupportedXls();
  const format: SheetFormat = options.format ?? formatOfContent(bytes, byName);
  const required = options.requiredColumns ?? [];
  const buffer = Buffer.from(bytes);
  if (format === 'xlsx') {
    const { records, sheetName } = await xlsxRecords(buffer, options.sheet);
    const { header, rows } = await assemble(asyncIteratorOf(records), required);
    return collect({ header, rows, format, encoding: null, sheetName, close: async () => {} });
  }
  if (hasUtf16Bom(buffer)) throw new SheetReadError('encoding', utf16Message());
  if (countLineBreaks(buffer) > MAX_CSV_LINES) throw tooManyLines();
  const encoding = detectEncoding(buffer);
  const it = csvRecords(Readable.from([buffer]), encoding);
  const { header, rows } = await assemble(it, required);
  return collect({ header, rows, format, encoding, sheetName: null, close: async () => {} });
}

/** Reads a file's bytes and decodes it as CSV text (for previews). */
export async function readCsvText(path: string): Promise<{ text: string; encoding: CsvEncoding }> {
  return decodeCsv(await readFile(path));
}
