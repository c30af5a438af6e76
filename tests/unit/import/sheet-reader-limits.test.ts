/**
 * Issue 17, items 9 and 10: files that are not well-formed sheets get one Chinese sentence naming
 * the line and column (never csv-parse's or exceljs' English), and hostile files are refused
 * cheaply — a zip bomb before it is inflated, too many rows or lines before they are parsed.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_CSV_LINES, MAX_SHEET_ROWS, readSheetBuffer, SheetReadError } from '../../../src/import/sheet-reader';
import { checkXlsxZip, XlsxZipError } from '../../../src/import/xlsx-zip';
import { xlsxBomb, zipOf } from '../../support/zip-bombs';

async function refusal(bytes: Uint8Array, fileName = 'x.csv'): Promise<SheetReadError> {
  try {
    await readSheetBuffer(bytes, { fileName });
  } catch (e) {
    expect(e).toBeInstanceOf(SheetReadError);
    const message = (e as SheetReadError).message;
    // Chinese for the supervisor: no parser internals in English.
    expect(message).not.toMatch(/[A-Za-z]{6,}/);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    return e as SheetReadError;
  }
  throw new Error('the file was accepted');
}

describe('malformed CSV: the line and column, in Chinese', () => {
  it('a quote that is never closed names where it opened', async () => {
    const e = await refusal(Buffer.from('登记号,机构名称\r\nA0001,甲诊所\r\nA0002,"乙诊所\r\nA0003,丙诊所\r\n'));
    expect(e.message).toContain('第3行第2列（B列）');
    expect(e.message).toContain('没有结束的引号');
  });

  it('a quote in the middle of a cell', async () => {
    const e = await refusal(Buffer.from('登记号,机构名称\r\n\r\nA0001,甲"诊所"\r\n'));
    expect(e.message).toContain('第3行第2列（B列）');
    expect(e.message).toContain('单元格中间出现了引号');
  });

  it('characters after a closing quote', async () => {
    const e = await refusal(Buffer.from('登记号,机构名称,地址\r\nA0001,"甲诊所"x,路\r\n'));
    expect(e.message).toContain('第2行第2列（B列）');
    expect(e.message).toContain('引号结束后');
  });

  it('bytes that are neither UTF-8 nor GB18030 text', async () => {
    const header = iconv.encode('登记号,机构名称\r\nA0001,甲诊所\r\nA0002,', 'gb18030');
    const e = await refusal(Buffer.concat([header, Buffer.from([0x80, 0xff, 0x81, 0x0d, 0x0a])]));
    expect(e.message).toContain('第3行第2列（B列）有无法识别的字符');
  });
});

describe('files that are not sheets', () => {
  it.each([
    ['PNG', Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex'), 'PNG 图片'],
    ['PDF', Buffer.from('%PDF-1.7\n1 0 obj\n', 'latin1'), 'PDF 文件'],
    ['binary', Buffer.from([0x41, 0x00, 0x42, 0x00, 0x0a, 0x01, 0x02]), '不是文本'],
    ['empty', Buffer.alloc(0), '文件是空的'],
  ])('%s is named, not parsed', async (_name, bytes, words) => {
    expect((await refusal(bytes)).message).toContain(words);
  });

  it('a ZIP that is not a workbook, and a broken one, whatever the name says', async () => {
    expect((await refusal(zipOf([{ name: 'a.txt', data: Buffer.from('hello') }]), 'x.xlsx')).message).toContain('没有 Excel 工作簿');
    expect((await refusal(Buffer.from('504b0304000000', 'hex'), 'x.xlsx')).message).toContain('不是有效的 .xlsx 文件');
    expect((await refusal(Buffer.from('登记号\r\nA1\r\n'), 'x.xlsx')).message).toContain('内容不是 Excel 工作簿');
  });
});

describe('zip bombs are refused before exceljs inflates them', () => {
  it('an honest bomb (declared sizes) without inflating it', async () => {
    const bomb = xlsxBomb(400);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const e = await refusal(bomb, 'bomb.xlsx');
    expect(e.code).toBe('too-large');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('a lying bomb (small declared sizes) while counting, without keeping what it inflates', async () => {
    const bomb = xlsxBomb(300, { lie: true });
    const before = process.memoryUsage().rss;
    await expect(checkXlsxZip(bomb)).rejects.toEqual(new XlsxZipError({ kind: 'bomb', entry: 'xl/worksheets/sheet1.xml' }));
    expect((await refusal(bomb, 'bomb.xlsx')).message).toContain('极不相称');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('a real workbook passes the check', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名册').addRow(['登记号', '机构名称']);
    wb.getWorksheet('名册')?.addRow(['A0001', '甲诊所']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(checkXlsxZip(bytes)).resolves.toBeUndefined();
    expect((await readSheetBuffer(bytes, { fileName: 'x.xlsx' })).rows).toEqual([{ line: 2, cells: { 登记号: 'A0001', 机构名称: '甲诊所' } }]);
  });
});

describe('size limits and blank lines', () => {
  it('200 KB of blank lines is read in well under a second, line numbers intact', async () => {
    const started = Date.now();
    const sheet = await readSheetBuffer(Buffer.from(`登记号,机构名称\n${'\n'.repeat(200_000)}A0001,甲诊所\n`), { fileName: 'x.csv' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sheet.rows).toEqual([{ line: 200_002, cells: { 登记号: 'A0001', 机构名称: '甲诊所' } }]);
  });

  it('refuses more rows than one import takes', async () => {
    const e = await refusal(Buffer.from(`登记号\n${'A\n'.repeat(MAX_SHEET_ROWS + 1)}`));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('200,000 行');
  });

  it('refuses more line breaks than that before parsing', async () => {
    const started = Date.now();
    const e = await refusal(Buffer.from(`登记号\n${'\n'.repeat(MAX_CSV_LINES)}`));
    expect(e.message).toContain('1,000,000 行');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
