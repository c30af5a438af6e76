import { describe, expect, it } from 'vitest';
import { readSheetBuffer } from '../../../src/import/sheet-reader';
import { csvField, errorFileCsv, errorFilePath, errorFileXlsx } from '../../../src/import/error-file';
import type { RejectedRow } from '../../../src/import/pipeline';

const header = ['登记号', '机构名称', '地址'];
const rejected: RejectedRow[] = [
  { line: 3, raw: { 登记号: '', 机构名称: '没有登记号, 的诊所', 地址: '路"1"号' }, reasons: ['登记号: 必填'] },
  { line: 7, raw: { 登记号: '0012', 机构名称: '', 地址: '第一行\n第二行' }, reasons: ['机构名称: 必填', '地址: 过长'] },
];

describe('error file', () => {
  it('quotes CSV fields only when needed', () => {
    expect(csvField('示范')).toBe('示范');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('两\n行')).toBe('"两\n行"');
  });

  it('CSV: cells the formula guard marked (= + - @) read back as they were, so the file re-imports as it is', async () => {
    const risky: RejectedRow[] = [
      { line: 4, raw: { 登记号: '-0012', 机构名称: '=HYPERLINK("x")', 地址: "@家'园" }, reasons: ['登记号: 格式不对'] },
      { line: 5, raw: { 登记号: '+86', 机构名称: "'已有撇号", 地址: '@' }, reasons: ['登记号: 格式不对'] },
    ];
    const bytes = errorFileCsv(header, risky);
    expect(bytes.toString('utf8')).toContain("'-0012");
    const sheet = await readSheetBuffer(bytes, { fileName: 'x.csv' });
    expect(sheet.rows.map((r) => [r.cells['登记号'], r.cells['机构名称'], r.cells['地址']])).toEqual([
      ['-0012', '=HYPERLINK("x")', "@家'园"],
      ['+86', "'已有撇号", '@'],
    ]);
  });

  it('is named after the input, next to it', () => {
    expect(errorFilePath('/data/名册 2025.csv', 'csv')).toBe('/data/名册 2025.错误行.csv');
    expect(errorFilePath('sheets/book.xlsx', 'xlsx')).toBe('sheets/book.错误行.xlsx');
  });

  it('CSV: UTF-8 with BOM, the original cells plus 原行号 and 错误原因, readable by the importer again', async () => {
    const bytes = errorFileCsv([...header, '原行号', '错误原因'], rejected);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const sheet = await readSheetBuffer(bytes, { fileName: 'x.csv' });
    expect(sheet.header).toEqual([...header, '原行号', '错误原因']);
    expect(sheet.rows.map((r) => r.cells)).toEqual([
      { 登记号: '', 机构名称: '没有登记号, 的诊所', 地址: '路"1"号', 原行号: '3', 错误原因: '登记号: 必填' },
      { 登记号: '0012', 机构名称: '', 地址: '第一行\n第二行', 原行号: '7', 错误原因: '机构名称: 必填；地址: 过长' },
    ]);
  });

  it('XLSX: the same table, as text so leading zeros stay', async () => {
    const sheet = await readSheetBuffer(await errorFileXlsx(header, rejected), { fileName: 'x.xlsx' });
    expect(sheet.sheetName).toBe('错误行');
    expect(sheet.rows[1]?.cells['登记号']).toBe('0012');
    expect(sheet.rows[1]?.cells['错误原因']).toBe('机构名称: 必填；地址: 过长');
  });
});
