import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cellText,
  decodeCsv,
  detectEncoding,
  openSheet,
  readCsvText,
  readSheet,
  readSheetBuffer,
  SheetReadError,
  type Sheet,
} from '../../../src/import/sheet-reader';
import { REQUIRED_EVALUATION_COLUMNS } from '../../../src/domain/evaluation-sheet';

const FIXTURES = join(import.meta.dirname, '../../fixtures/credit');
const UTF8_FIXTURE = join(FIXTURES, 'evaluation-2025.csv');
const GB_FIXTURE = join(FIXTURES, 'evaluation-2025-gb18030.csv');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sheet-reader-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function expectSheetError(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<SheetReadError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(SheetReadError);
    const err = e as SheetReadError;
    expect(err.code).toBe(code);
    if (message !== undefined) expect(err.message).toMatch(message);
    return err;
  }
  throw new Error('expected a SheetReadError');
}

describe('encoding detection', () => {
  it('valid UTF-8 is UTF-8, anything else GB18030', () => {
    expect(detectEncoding(Buffer.from('登记号,机构名称', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(iconv.encode('登记号,机构名称', 'gb18030'))).toBe('gb18030');
    expect(detectEncoding(Buffer.from('abc'))).toBe('utf-8');
  });

  it('decodeCsv removes the BOM and decodes GB18030 (incl. 4-byte characters)', () => {
    expect(decodeCsv(Buffer.from('\uFEFFa,b', 'utf8'))).toEqual({ text: 'a,b', encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode('𠈌诊所,€', 'gb18030'))).toEqual({ text: '𠈌诊所,€', encoding: 'gb18030' });
  });

  it('rejects UTF-16', () => {
    expect(() => decodeCsv(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(SheetReadError);
  });
});

describe('CSV fixtures', () => {
  let utf8: Sheet;
  let gb: Sheet;
  beforeAll(async () => {
    utf8 = await readSheet(UTF8_FIXTURE, { requiredColumns: REQUIRED_EVALUATION_COLUMNS });
    gb = await readSheet(GB_FIXTURE, { requiredColumns: REQUIRED_EVALUATION_COLUMNS });
  });

  it('reads the UTF-8 (BOM) fixture', () => {
    expect(utf8.format).toBe('csv');
    expect(utf8.encoding).toBe('utf-8');
    expect(utf8.sheetName).toBeNull();
    expect(utf8.header[0]).toBe('登记号');
    expect(utf8.header).toContain('备注');
    expect(utf8.rows).toHaveLength(40);
    expect(utf8.rows[0]?.line).toBe(2);
    expect(utf8.rows.at(-1)?.line).toBe(41);
    expect(utf8.rows[0]?.cells['机构名称']).toBe('舞钢市人民医院');
  });

  it('reads the GB18030 fixture to the same content', () => {
    expect(gb.encoding).toBe('gb18030');
    expect(gb.header).toEqual(utf8.header);
    expect(gb.rows).toEqual(utf8.rows);
  });

  it('the GB18030 fixture really is GB18030', () => {
    const bytes = readFileSync(GB_FIXTURE);
    expect(detectEncoding(bytes)).toBe('gb18030');
    expect(iconv.decode(bytes, 'gb18030')).toBe(readFileSync(UTF8_FIXTURE, 'utf8').replace(/^\uFEFF/, ''));
  });

  it('readCsvText decodes for previews', async () => {
    const { text, encoding } = await readCsvText(GB_FIXTURE);
    expect(encoding).toBe('gb18030');
    expect(text.startsWith('登记号,')).toBe(true);
  });
});

describe('CSV structure', () => {
  it('UTF-8 without BOM, CRLF, header trimmed, cells trimmed, order free, extra columns kept', async () => {
    const path = write('nobom.csv', ' 乙 ,甲\u3000,备注\r\n 2 , 1 ,x\r\n');
    const s = await readSheet(path, { requiredColumns: ['甲', '乙'] });
    expect(s.encoding).toBe('utf-8');
    expect(s.header).toEqual(['乙', '甲', '备注']);
    expect(s.rows).toEqual([{ line: 2, cells: { 乙: '2', 甲: '1', 备注: 'x' } }]);
  });

  it('line numbers follow Excel rows: blank lines counted, quoted newlines are one row', async () => {
    const path = write('lines.csv', 'a,b\n1,2\n\n"x\ny",3\n,\n4,5\n');
    const s = await readSheet(path);
    expect(s.rows.map((r) => [r.line, r.cells['a']])).toEqual([
      [2, '1'],
      [4, 'x\ny'],
      [6, '4'],
    ]);
  });

  it('leading blank lines: the first non-empty line is the header', async () => {
    const s = await readSheet(write('lead.csv', '\n,,\na,b\n1,2\n'));
    expect(s.header).toEqual(['a', 'b']);
    expect(s.rows).toEqual([{ line: 4, cells: { a: '1', b: '2' } }]);
  });

  it('short rows give empty cells; long rows and unnamed columns are ignored', async () => {
    const s = await readSheet(write('ragged.csv', 'a,,b\n1\n1,2,3,4\n'));
    expect(s.header).toEqual(['a', 'b']);
    expect(s.rows).toEqual([
      { line: 2, cells: { a: '1', b: '' } },
      { line: 3, cells: { a: '1', b: '3' } },
    ]);
  });

  it('missing required columns → one error naming all of them', async () => {
    const err = await expectSheetError(
      readSheet(write('missing.csv', '登记号,机构名称\nA,B\n'), { requiredColumns: REQUIRED_EVALUATION_COLUMNS }),
      'missing-columns',
      /^缺少必需的列：评价年度、实际得分、/,
    );
    expect(err.missingColumns).toHaveLength(13);
  });

  it('a duplicated required column is an error; a duplicated extra column keeps the first', async () => {
    await expectSheetError(readSheet(write('dup.csv', 'a,a\n1,2\n'), { requiredColumns: ['a'] }), 'duplicate-columns', /a/);
    const s = await readSheet(write('dup2.csv', 'a,x,x\n1,2,3\n'), { requiredColumns: ['a'] });
    expect(s.rows[0]?.cells).toEqual({ a: '1', x: '2' });
  });

  it('empty file → error', async () => {
    await expectSheetError(readSheet(write('empty.csv', '')), 'empty', '文件是空的：没有表头行');
    await expectSheetError(readSheet(write('blank.csv', '\n ,\n')), 'empty');
  });

  it('malformed CSV → parse error with a line', async () => {
    await expectSheetError(
      readSheet(write('bad.csv', 'a,b\n1,2\n"x,3\n')),
      'parse',
      /CSV 格式错误，第3行第1列（A列）：这个单元格以引号开头，但直到文件末尾都没有结束的引号/,
    );
  });

  it('UTF-16 and .xls are rejected clearly', async () => {
    await expectSheetError(readSheet(write('u16.csv', Buffer.from([0xff, 0xfe, 0x61, 0x00]))), 'encoding', /UTF-16/);
    await expectSheetError(readSheet(write('old.xls', 'x')), 'unsupported-format', /\.xls/);
  });

  it('unknown extension: sniffs content', async () => {
    const s = await readSheet(write('data.dat', 'a\n1\n'));
    expect(s.format).toBe('csv');
  });

  it('a missing file rejects with ENOENT', async () => {
    await expect(readSheet(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('streaming', () => {
  it('openSheet streams rows and can be closed early', async () => {
    const path = write('stream.csv', `a\n${Array.from({ length: 1000 }, (_, i) => String(i)).join('\n')}\n`);
    const opened = await openSheet(path);
    expect(opened.header).toEqual(['a']);
    const seen: number[] = [];
    for await (const row of opened.rows) {
      seen.push(row.line);
      if (seen.length === 3) break;
    }
    await opened.close();
    expect(seen).toEqual([2, 3, 4]);
  });

  it('reads 100k rows quickly', async () => {
    const header = REQUIRED_EVALUATION_COLUMNS.join(',');
    const row = 'PDY,诊所,2025,80,0,0,0,0,否,否,否,否,否,否,';
    const lines = [header];
    for (let i = 0; i < 100_000; i += 1) lines.push(row.replace('PDY', `PDY${i}`));
    const path = write('big.csv', iconv.encode(lines.join('\r\n'), 'gb18030'));
    const started = performance.now();
    const s = await readSheet(path, { requiredColumns: REQUIRED_EVALUATION_COLUMNS });
    const ms = performance.now() - started;
    expect(s.encoding).toBe('gb18030');
    expect(s.rows).toHaveLength(100_000);
    expect(s.rows.at(-1)?.line).toBe(100_001);
    expect(ms).toBeLessThan(15_000);
  });
});

describe('XLSX', () => {
  let path: string;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['本文件用于测试']);
    const ws = wb.addWorksheet('评价表');
    ws.addRow([]); // row 1 empty: the header is the first non-empty row
    ws.addRow([' 名称 ', '得分', '日期', '布尔', '链接', '错误', '公式', '整数']);
    ws.addRow([
      { richText: [{ text: '舞钢' }, { text: '诊所' }] },
      89.99,
      new Date(Date.UTC(2025, 9, 9)),
      true,
      { text: '官网', hyperlink: 'https://example.org' },
      { error: '#N/A' },
      { formula: 'B3+0', result: 89.98999999999999 },
      2025,
    ]);
    ws.addRow([]);
    ws.addRow(['第二家', 0.1 + 0.2, new Date(Date.UTC(2025, 9, 9, 8, 30)), false, null, null, { formula: 'X1' }, 1e21]);
    path = join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(path);
  });

  it('reads the named sheet with Excel row numbers and displayed values', async () => {
    const s = await readSheet(path, { sheet: '评价表', requiredColumns: ['名称', '得分'] });
    expect(s.format).toBe('xlsx');
    expect(s.encoding).toBeNull();
    expect(s.sheetName).toBe('评价表');
    expect(s.header).toEqual(['名称', '得分', '日期', '布尔', '链接', '错误', '公式', '整数']);
    expect(s.rows).toEqual([
      {
        line: 3,
        cells: { 名称: '舞钢诊所', 得分: '89.99', 日期: '2025-10-09', 布尔: 'TRUE', 链接: '官网', 错误: '#N/A', 公式: '89.99', 整数: '2025' },
      },
      {
        line: 5,
        cells: { 名称: '第二家', 得分: '0.3', 日期: '2025-10-09 08:30:00', 布尔: 'FALSE', 链接: '', 错误: '', 公式: '', 整数: '1e+21' },
      },
    ]);
  });

  it('defaults to the first sheet', async () => {
    const s = await readSheet(path);
    expect(s.sheetName).toBe('说明');
    expect(s.header).toEqual(['本文件用于测试']);
  });

  it('unknown sheet → error listing the sheets', async () => {
    await expectSheetError(readSheet(path, { sheet: '不存在' }), 'sheet-not-found', '找不到工作表“不存在”（现有：说明、评价表）');
  });

  it('a workbook without sheets and a corrupt workbook', async () => {
    const empty = new ExcelJS.Workbook();
    const emptyPath = join(dir, 'nosheets.xlsx');
    await empty.xlsx.writeFile(emptyPath);
    await expectSheetError(readSheet(emptyPath), 'sheet-not-found', 'Excel 文件中没有工作表');
    await expectSheetError(readSheet(write('corrupt.xlsx', 'PK\u0003\u0004garbage')), 'unsupported-format', /不是有效的 \.xlsx 文件/);
  });

  it('readSheetBuffer handles XLSX and CSV bytes', async () => {
    const bytes = readFileSync(path);
    const x = await readSheetBuffer(bytes, { sheet: '评价表' });
    expect(x.rows).toHaveLength(2);
    const c = await readSheetBuffer(readFileSync(GB_FIXTURE), { fileName: 'upload.csv', requiredColumns: REQUIRED_EVALUATION_COLUMNS });
    expect(c.encoding).toBe('gb18030');
    expect(c.rows).toHaveLength(40);
    await expectSheetError(readSheetBuffer(Buffer.from('x'), { fileName: 'a.xls' }), 'unsupported-format');
    await expectSheetError(readSheetBuffer(Buffer.from([0xfe, 0xff, 0, 0x61])), 'encoding');
  });

  it('cellText renders every cell kind', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText(12)).toBe('12');
    expect(cellText(-0.5)).toBe('-0.5');
    expect(cellText({ sharedFormula: 'A1', result: 3 } as ExcelJS.CellValue)).toBe('3');
    expect(cellText({ formula: 'A1', result: new Date(Date.UTC(2026, 1, 14)) })).toBe('2026-02-14');
  });
});

describe('cells written by the CSV exports', () => {
  it('drop the apostrophe the formula guard put before = + - @, and nothing else', async () => {
    const { unguardFormula } = await import('../../../src/import/sheet-reader');
    expect(unguardFormula("'-5000")).toBe('-5000');
    expect(unguardFormula("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguardFormula("'+86 138")).toBe('+86 138');
    expect(unguardFormula("'示范")).toBe("'示范");
    expect(unguardFormula('-5000')).toBe('-5000');
  });
});
