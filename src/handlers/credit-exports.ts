import ExcelJS from 'exceljs';
import { config } from '../config';
import {
  dishonestyRecord,
  EXPORT_COLUMNS,
  EXPORT_KIND_LABELS,
  exportCsv,
  exportFileName,
  exportJson,
  KIND_FORMATS,
  listedRecord,
  penaltyRecord,
  pointRecord,
  type Authority,
  type ExportFormat,
  type ExportKind,
  type ExportRecord,
  type ExportRow,
} from '../domain/credit-exports';
import { formulaSafe } from '../domain/csv';
import { DomainError } from '../domain/errors';
import { ALL, evaluationYears, redBlack, yearList } from '../domain/public-lists';
import { indexRegions } from '../domain/disclosure-board';
import type { Actor } from '../domain/roles';
import { chinaDate } from '../domain/working-days';
import { dishonestySources, penaltySources, provincialPointSources, runExport, type ExportResult } from '../db/credit-exports';
import { freshListData } from '../db/public-read';
import { getDataset } from '../db/site-settings';

/**
 * Exports to the credit platform (双公示) and the provincial platform: the records of a kind, the
 * file in its format, and the push. Shared by /admin/exports and `npm run export`.
 */

/** Used only for the fictional demo dataset, which names a fictional commission. */
const DEMO_AUTHORITY_USCC = '12419921MB0000000Y';

/** The commission as the exports name it: configuration first, the dataset's authority for the name. */
export async function exportAuthority(): Promise<Authority> {
  const dataset = await getDataset();
  const uscc = config.EXPORT_AUTHORITY_USCC ?? (dataset.demo ? DEMO_AUTHORITY_USCC : null);
  if (!uscc)
    throw new DomainError('尚未配置本委的统一社会信用代码（环境变量 EXPORT_AUTHORITY_USCC），报送数据必须填写处罚机关和数据来源单位的代码。', 'invalid');
  return { name: config.EXPORT_AUTHORITY_NAME ?? dataset.authority, uscc };
}

/** The 红榜/黑榜 of every evaluation year, as the public lists show them today. */
async function listedRecords(a: Authority): Promise<ExportRecord[]> {
  const data = await freshListData();
  const regions = indexRegions(data.regions);
  const byCode = new Map(data.institutions.map((i) => [i.code, i]));
  const out: ExportRecord[] = [];
  for (const year of evaluationYears(data.institutions, data.asOf)) {
    const { red, black } = redBlack(yearList(data.institutions, regions, year, data.asOf).entries, { area: ALL, type: ALL });
    for (const [list, entries] of [['红榜', red] as const, ['黑榜', black] as const]) {
      for (const e of entries) {
        const inst = byCode.get(e.code);
        if (!inst) continue;
        out.push(
          listedRecord(
            {
              list,
              year,
              name: e.name,
              uscc: inst.uscc,
              registrationNo: inst.registrationNo,
              level: e.level,
              score: e.standardizedScore,
              evaluatedOn: e.evaluatedOn,
              reason: e.listReason,
            },
            a,
          ),
        );
      }
    }
  }
  return out;
}

/** Every current record of a kind (the export then keeps all, or the new and changed ones). */
export async function currentRecords(kind: ExportKind, a: Authority): Promise<ExportRecord[]> {
  switch (kind) {
    case 'penalties':
      return (await penaltySources()).map((p) => penaltyRecord(p, a));
    case 'red-black':
      return listedRecords(a);
    case 'serious-dishonesty':
      return (await dishonestySources()).map((d) => dishonestyRecord(d, a));
    case 'provincial-points':
      return (await provincialPointSources()).map(pointRecord);
  }
}

export async function exportXlsx(kind: ExportKind, rows: readonly ExportRow[]): Promise<Buffer> {
  const columns = EXPORT_COLUMNS[kind];
  const book = new ExcelJS.Workbook();
  book.creator = '医疗机构依法执业信用公示平台';
  // Fixed dates: the same rows give the same workbook (its hash in the ledger is reproducible).
  book.created = book.modified = new Date(0);
  const sheet = book.addWorksheet(EXPORT_KIND_LABELS[kind].replace(/[/（）]/g, ''));
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => (typeof r[c.header] === 'string' ? formulaSafe(r[c.header] as string) : r[c.header])));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.min(40, Math.max(12, c.header.length * 2 + 2))));
  return Buffer.from(await book.xlsx.writeBuffer());
}

export interface ExportOrder {
  kind: ExportKind;
  format: ExportFormat;
  incremental: boolean;
  actor: Actor | null;
  ip: string | null;
}

/** Runs one export and records it in the ledger; with EXPORT_PUSH_URL set, the push is queued with it. */
export async function exportNow(o: ExportOrder): Promise<ExportResult> {
  if (!KIND_FORMATS[o.kind].includes(o.format))
    throw new DomainError(`${EXPORT_KIND_LABELS[o.kind]}只能导出为 ${KIND_FORMATS[o.kind].map((f) => f.toUpperCase()).join('、')}`, 'invalid');
  const authority = await exportAuthority();
  const records = await currentRecords(o.kind, authority);
  return runExport({
    ...o,
    records,
    push: Boolean(config.EXPORT_PUSH_URL),
    build: async (chosen, meta) => {
      const rows = chosen.map((c) => c.row);
      const fileName = exportFileName(o.kind, o.format, meta.id, chinaDate(meta.createdAt));
      if (o.format === 'csv') return { fileName, content: Buffer.from(exportCsv(o.kind, rows), 'utf8') };
      if (o.format === 'json') {
        const text = exportJson(o.kind, rows, { exportId: meta.id, createdAt: meta.createdAt.toISOString(), incremental: o.incremental });
        return { fileName, content: Buffer.from(text, 'utf8') };
      }
      return { fileName, content: await exportXlsx(o.kind, rows) };
    },
  });
}
