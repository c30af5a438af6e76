import ExcelJS from 'exceljs';
import { monthlyReport } from '../../db/monthly-report';
import { previousMonth, rate, reportTables, type MonthlyReport } from '../../domain/monthly-report';
import { DomainError } from '../../domain/errors';
import { monthParam } from '../../schemas/admin-inspections';
import { actorOf, queryObject, requireAccess, today, type AdminContext } from './http';
import { download } from './plan';

/**
 * The monthly progress report (seed 003: by the 15th): /admin/reports?month=YYYY-MM as a page with
 * SVG charts, and /admin/reports/{month}.xlsx with one sheet per section — both from the same
 * view model (reportTables), so the figures agree.
 */

async function reportFor(ctx: AdminContext, raw: string | undefined): Promise<{ report: MonthlyReport; errors: string[] }> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'inspection.read');
  const t = today().today;
  const parsed = raw === undefined ? null : monthParam.safeParse(raw);
  const month = parsed?.success ? parsed.data : previousMonth(t);
  const errors = parsed && !parsed.success ? ['月份格式不正确（应为 YYYY-MM），已显示上个月'] : [];
  return { report: await monthlyReport(actor, month, t), errors };
}

export async function reportPage(ctx: AdminContext) {
  const { report, errors } = await reportFor(ctx, queryObject(ctx.url)['month']);
  const o = report.onTime;
  return {
    report,
    errors,
    acceptRate: rate(o.acceptOnTime, o.acceptTotal),
    closeRate: rate(o.closeOnTime, o.closeTotal),
    tables: reportTables(report),
  };
}

/** The report as a workbook a clerk can forward: a title row (county, month) on every sheet, one sheet per section. */
export async function reportWorkbook(report: MonthlyReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = report.county || '卫生健康委员会';
  const heading = `${report.county}医疗机构依法执业监督月度报告（${report.month.replace('-', '年')}月）`;
  for (const table of reportTables(report)) {
    const sheet = book.addWorksheet(table.sheet);
    sheet.addRow([heading]);
    sheet.addRow([table.title]);
    sheet.addRow(table.header);
    for (const row of table.rows) sheet.addRow(row);
    sheet.mergeCells(1, 1, 1, Math.max(2, table.header.length));
    sheet.getRow(1).font = { bold: true, size: 14 };
    sheet.getRow(2).font = { bold: true };
    sheet.getRow(3).font = { bold: true };
    sheet.getColumn(1).width = 24;
    for (let c = 2; c <= table.header.length; c++) sheet.getColumn(c).width = 14;
    sheet.addRow([]);
    sheet.addRow([`报送时限：${report.dueBy} 前（每月 15 日前报送上月进展）`]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function reportXlsx(ctx: AdminContext): Promise<Response> {
  const raw = ctx.params['month'] ?? '';
  if (!monthParam.safeParse(raw).success) throw new DomainError('月份格式不正确（应为 YYYY-MM）', 'invalid');
  const { report } = await reportFor(ctx, raw);
  return download(
    new Uint8Array(await reportWorkbook(report)),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    `report-${report.month}.xlsx`,
    `监督月度报告-${report.month}.xlsx`,
  );
}
