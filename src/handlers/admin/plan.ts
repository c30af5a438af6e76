import { planInput } from '../../db/inspection-plan';
import { csvDocument } from '../../domain/csv';
import { LEVEL_SOURCE, PLAN_CSV_HEADER, planAsOf, planCsvRow, planTable, planTotals, visitsPerYear, type RiskGrade } from '../../domain/inspection-plan';
import type { CreditLevel } from '../../domain/credit-level';
import { planQuery } from '../../schemas/admin-inspections';
import { actorOf, queryObject, requireAccess, today, type AdminContext } from './http';

/**
 * The plan by level and risk (/admin/plan?year=YYYY, and its CSV): one query for the whole
 * jurisdiction, then pure arithmetic (src/domain/inspection-plan.ts).
 */

/** A file to download: the name in ASCII for old clients and in full (RFC 5987) for the rest. */
export function download(body: string | Uint8Array<ArrayBuffer>, type: string, asciiName: string, name: string): Response {
  return new Response(body, {
    headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}` },
  });
}

async function planFor(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'inspection.read');
  const t = today().today;
  const q = planQuery.parse(queryObject(ctx.url));
  const year = q.year ?? Number(t.slice(0, 4));
  const asOf = planAsOf(year, t);
  return { year, asOf, sort: q.sort, rows: planTable(await planInput(actor, year), year, asOf, q.sort) };
}

const LEVELS: (CreditLevel | null)[] = ['优秀', '合格', '差', null];
const RISKS: (RiskGrade | null)[] = ['高', '中', '低', null];

export async function planPage(ctx: AdminContext) {
  const p = await planFor(ctx);
  return {
    ...p,
    totals: planTotals(p.rows.map((r) => r.plan)),
    notInspected: p.rows.filter((r) => r.plan.notInspected),
    rules: LEVELS.map((level) => ({
      level: level ?? '未评价',
      source: LEVEL_SOURCE[level ?? '未评价'],
      visits: RISKS.map((risk) => visitsPerYear(level, risk)),
    })),
    risks: RISKS.map((r) => r ?? '未定'),
  };
}

export async function planCsv(ctx: AdminContext): Promise<Response> {
  const p = await planFor(ctx);
  const body = csvDocument([[...PLAN_CSV_HEADER], ...p.rows.map(planCsvRow)]);
  return download(body, 'text/csv; charset=utf-8', `plan-${p.year}.csv`, `检查计划-${p.year}.csv`);
}
