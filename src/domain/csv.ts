/**
 * The one CSV encoder of every export (open data, the complaint ledger, an import's error file):
 * RFC 4180 cells, UTF-8 with BOM (Excel on Windows then reads Chinese correctly), CRLF line ends.
 *
 * A text cell that a spreadsheet would read as a formula (= + - @ at the start, or a tab /
 * carriage return) gets a leading apostrophe (CSV injection: complaint text and imported cells
 * come from outside, and an export must never run code in its reader's Excel). The importer
 * removes that apostrophe again (src/schemas/import-cells.ts), so an error file can be fixed and
 * uploaded as it is.
 */
export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text that would start a formula, with the apostrophe Excel shows as "this is text". */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  const s = typeof value === 'boolean' ? (value ? '是' : '否') : typeof value === 'number' ? String(value) : formulaSafe(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line end). */
export function csvLine(row: readonly CsvValue[]): string {
  return row.map(csvCell).join(',');
}

/**
 * How a file of lines is put together: prefix, then the head lines and the rows joined by the
 * separator, then the suffix. The open data is written this way both from strings (a full build)
 * and from kept UTF-8 bytes per row (a warm renderer, src/handlers/public.ts): the same bytes.
 */
export interface LinesLayout {
  prefix: string;
  /** Lines before the rows (a CSV header). */
  head: readonly string[];
  separator: string;
  suffix: string;
}

export function joinLines(layout: LinesLayout, lines: readonly string[]): string {
  return layout.prefix + [...layout.head, ...lines].join(layout.separator) + layout.suffix;
}

/** A CSV file: UTF-8 BOM (Excel reads Chinese correctly), CRLF line ends, `head` before the rows. */
export function csvLayout(head: readonly string[] = []): LinesLayout {
  return { prefix: '\ufeff', head, separator: '\r\n', suffix: '\r\n' };
}

/** Header and rows as one CSV file (csvLayout). */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
  return joinLines(csvLayout(), rows.map(csvLine));
}
