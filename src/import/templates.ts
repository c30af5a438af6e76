/**
 * Downloadable templates for every sheet kind, generated from the column contracts so they can
 * never disagree with the importer: `npm run import -- templates` writes them to docs/templates/
 * and public/templates/ (served as /templates/<kind>.csv|.xlsx to the supervisor area).
 *
 * CSV: the header row only, UTF-8 with BOM (Excel opens it without garbling the Chinese).
 * XLSX: the header row on the first sheet (cells formatted as text, so 登记号 and codes keep
 * leading zeros), and a second sheet 填写说明 that explains every column.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { kindOf } from './kinds';
import { IMPORT_KINDS, type ImportKindName } from './types';
import { csvField } from './error-file';

export function templateCsv(kind: ImportKindName): Buffer {
  const header = kindOf(kind)
    .columns.map((c) => csvField(c.header))
    .join(',');
  return Buffer.from(`\uFEFF${header}\r\n`, 'utf8');
}

export async function templateXlsx(kind: ImportKindName): Promise<Buffer> {
  const def = kindOf(kind);
  const wb = new ExcelJS.Workbook();
  // Fixed dates: the same contract gives the same workbook content.
  wb.created = new Date(Date.UTC(2025, 0, 1));
  wb.modified = wb.created;
  wb.creator = '医疗机构依法执业信用公示平台';
  const data = wb.addWorksheet(def.title);
  data.addRow(def.columns.map((c) => c.header));
  data.getRow(1).font = { bold: true };
  def.columns.forEach((c, i) => {
    const col = data.getColumn(i + 1);
    col.numFmt = '@';
    col.width = Math.max(12, c.header.length * 2 + 4);
    if (c.required) data.getCell(1, i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  data.views = [{ state: 'frozen', ySplit: 1 }];

  const help = wb.addWorksheet('填写说明');
  help.addRow(['列名', '必填', '填写说明', '也可以用的列名']);
  help.getRow(1).font = { bold: true };
  for (const c of def.columns) help.addRow([c.header, c.required ? '必填' : '选填', c.help, (c.aliases ?? []).join('、')]);
  help.addRow([]);
  help.addRow(['', '', '第一行是表头，列的顺序不限，多余的列会被忽略；从第二行起每行一条。黄色的列必须有。']);
  help.getColumn(1).width = 22;
  help.getColumn(2).width = 8;
  help.getColumn(3).width = 80;
  help.getColumn(4).width = 30;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes <kind>.csv and <kind>.xlsx for every kind into each folder; returns the files. */
export async function writeTemplates(dirs: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    for (const kind of IMPORT_KINDS) {
      const csv = path.join(dir, `${kind}.csv`);
      const xlsx = path.join(dir, `${kind}.xlsx`);
      await writeFile(csv, templateCsv(kind));
      await writeFile(xlsx, await templateXlsx(kind));
      written.push(csv, xlsx);
    }
  }
  return written;
}
