import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSheetBuffer } from '../../../src/import/sheet-reader';
import { kindOf } from '../../../src/import/kinds';
import { templateCsv, templateXlsx } from '../../../src/import/templates';
import { IMPORT_KINDS } from '../../../src/import/types';
import { REQUIRED_EVALUATION_COLUMNS } from '../../../src/domain/evaluation-sheet';

describe('templates', () => {
  it.each(IMPORT_KINDS)('%s: the committed CSV templates are what the contract generates (run `npm run import -- templates`)', (kind) => {
    const expected = templateCsv(kind);
    expect(fs.readFileSync(`docs/templates/${kind}.csv`)).toEqual(expected);
    expect(fs.readFileSync(`public/templates/${kind}.csv`)).toEqual(expected);
  });

  it.each(IMPORT_KINDS)('%s: the committed XLSX templates carry the contract header and a 填写说明 sheet', async (kind) => {
    const headers = kindOf(kind).columns.map((c) => c.header);
    for (const dir of ['docs/templates', 'public/templates']) {
      const sheet = await readSheetBuffer(fs.readFileSync(`${dir}/${kind}.xlsx`), { fileName: 'x.xlsx' });
      expect(sheet.header).toEqual(headers);
      expect(sheet.rows).toHaveLength(0);
      const help = await readSheetBuffer(fs.readFileSync(`${dir}/${kind}.xlsx`), { fileName: 'x.xlsx', sheet: '填写说明' });
      expect(help.rows.slice(0, headers.length).map((r) => r.cells['列名'])).toEqual(headers);
    }
  });

  it('the generated workbook reads back with the same header', async () => {
    const sheet = await readSheetBuffer(await templateXlsx('institutions'), { fileName: 'x.xlsx' });
    expect(sheet.header.slice(0, 2)).toEqual(['登记号', '机构名称']);
  });

  it('the evaluation template has every column `npm run credit` requires', async () => {
    const sheet = await readSheetBuffer(templateCsv('evaluations'), { fileName: 'x.csv' });
    for (const c of REQUIRED_EVALUATION_COLUMNS) expect(sheet.header).toContain(c);
  });
});

describe('docs/import.md', () => {
  it.each(IMPORT_KINDS)('%s: documents every column', (kind) => {
    const doc = fs.readFileSync('docs/import.md', 'utf8');
    for (const c of kindOf(kind).columns) expect(doc).toContain(`| ${c.header} | ${c.required ? '必填' : '选填'} |`);
  });
});
