// The monthly report for a demo month (seed 003: by the 15th): the page's view model and the XLSX read back
// with exceljs carry the same figures; the demo's inspections reach the plan and the report.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { adminContext } from './world';
import { loadDemoData } from '../../../../src/demo/load';
import { findForLogin, loadActor } from '../../../../src/db/supervisors';
import { reportPage, reportXlsx } from '../../../../src/handlers/admin/reports';
import { planCsv, planPage } from '../../../../src/handlers/admin/plan';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let admin: Actor;
const MONTH = '2026-10';

beforeAll(async () => {
  await loadDemoData({ institutions: 80, seed: 3 });
  admin = (await loadActor((await findForLogin('admin'))!.id))!;
}, 120_000);

describe('demo inspections', () => {
  it('are recorded through the db functions with two inspectors each, some with a rectification', async () => {
    const [c] = await sql<{ n: number; bad: number; rect: number; audited: number }[]>`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE (SELECT count(*) FROM inspection_inspectors ii WHERE ii.inspection_id = x.id) < 2)::int AS bad,
             (SELECT count(*)::int FROM inspection_follow_ups WHERE kind = 'rectification') AS rect,
             (SELECT count(*)::int FROM audit_log WHERE action = 'inspection.create') AS audited
        FROM inspections x`;
    expect(c!.n).toBeGreaterThan(20);
    expect(c!.bad).toBe(0);
    expect(c!.rect).toBeGreaterThan(0);
    expect(c!.audited).toBe(c!.n);
  });
});

describe('the monthly report', () => {
  it('shows the same figures on the page and in the XLSX', async () => {
    const view = await reportPage(adminContext(admin, `/admin/reports?month=${MONTH}`));
    expect(view.report.month).toBe(MONTH);
    expect(view.report.dueBy).toBe('2026-11-15');
    expect(view.report.trend).toHaveLength(12);
    expect(view.report.inspections.byTownship.reduce((s, t) => s + t.done, 0)).toBeGreaterThan(0);
    const [n] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM inspections WHERE to_char(inspected_on, 'YYYY-MM') = ${MONTH}`;
    expect(view.report.inspections.inMonth).toBe(n!.n);
    const res = await reportXlsx(adminContext(admin, `/admin/reports/${MONTH}.xlsx`, { params: { month: MONTH } }));
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(view.tables.map((t) => t.sheet));
    for (const table of view.tables) {
      const sheet = book.getWorksheet(table.sheet)!;
      expect(String(sheet.getCell('A1').value)).toContain('2026年10月');
      expect(sheet.getCell('A2').value).toBe(table.title);
      expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(table.header);
      table.rows.forEach((row, i) => {
        const cells = (sheet.getRow(4 + i).values as unknown[]).slice(1);
        expect(cells.map((c) => c ?? null)).toEqual(row.map((c) => c ?? null).slice(0, cells.length));
      });
    }
  });

  it('falls back to the last month on a bad ?month and refuses a bad XLSX month', async () => {
    const view = await reportPage(adminContext(admin, '/admin/reports?month=2026-13'));
    expect(view.errors).toEqual(['月份格式不正确（应为 YYYY-MM），已显示上个月']);
    await expect(reportXlsx(adminContext(admin, '/admin/reports/x.xlsx', { params: { month: '2026-1' } }))).rejects.toThrow(/月份格式/);
  });
});

describe('the plan for the demo year', () => {
  it('lists every practising institution with required / done / due, and the CSV has a row for each', async () => {
    const view = await planPage(adminContext(admin, '/admin/plan?year=2026&sort=overdue'));
    const [c] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM institutions WHERE status = '执业'`;
    expect(view.rows).toHaveLength(c!.n);
    expect(view.totals.done).toBeGreaterThan(0);
    expect(view.notInspected.length).toBe(view.rows.filter((r) => r.plan.done === 0).length);
    for (const r of view.rows) expect(r.plan.due).toBe(Math.max(0, r.plan.required - r.plan.done));
    const csv = await (await planCsv(adminContext(admin, '/admin/plan.csv?year=2026'))).text();
    expect(csv.trim().split('\r\n')).toHaveLength(c!.n + 1);
  });
});
