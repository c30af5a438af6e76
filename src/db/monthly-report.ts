import { sql } from './client';
import { inScope as complaintInScope } from './admin-complaints-read';
import { institutionInScope } from './points-read';
import { planInput } from './inspection-plan';
import { getDataset } from './site-settings';
import type { Actor } from '../domain/roles';
import { CHANNEL_LABELS } from '../domain/complaint-workflow';
import { planTable } from '../domain/inspection-plan';
import { lastTwelveMonths, monthEnd, monthStart, reportDueDate, type Count, type MonthlyReport } from '../domain/monthly-report';
import type { IsoDate } from '../domain/working-days';

/**
 * The figures of the monthly report (/admin/reports?month=YYYY-MM), inside the actor's
 * jurisdiction. Dates are China dates (timestamps at UTC+8). Definitions: docs/inspections.md.
 */

type Fragment = ReturnType<typeof sql>;
const CN = (col: Fragment): Fragment => sql`(${col} AT TIME ZONE 'Asia/Shanghai')::date`;
const TOWNSHIP_NAME = () => sql`COALESCE(CASE r.level WHEN 5 THEN pr.name WHEN 4 THEN r.name END, '县直及其他')`;

async function grouped(q: Promise<readonly { label: string | null; value: number }[]>, name: (label: string) => string = (l) => l): Promise<Count[]> {
  return (await q).map((r) => ({ label: name(r.label ?? '未填写'), value: r.value }));
}

export async function monthlyReport(actor: Pick<Actor, 'id'>, month: string, today: IsoDate): Promise<MonthlyReport> {
  const from = monthStart(month);
  const to = monthEnd(month);
  const asOf = to < today ? to : today;
  const year = Number(month.slice(0, 4));
  const C = () => sql`
    complaints c LEFT JOIN institutions i ON i.id = c.institution_id
    LEFT JOIN regions r ON r.code = coalesce(c.region_code, i.region_code) LEFT JOIN regions pr ON pr.code = r.parent_code`;
  const received = sql`${CN(sql`c.received_at`)} BETWEEN ${from}::date AND ${to}::date AND ${complaintInScope(actor)}`;
  const byCategory = grouped(sql`SELECT c.category AS label, count(*)::int AS value FROM ${C()} WHERE ${received} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const byChannel = grouped(
    sql`SELECT c.channel AS label, count(*)::int AS value FROM ${C()} WHERE ${received} GROUP BY 1 ORDER BY 2 DESC, 1`,
    (l) => CHANNEL_LABELS[l] ?? l,
  );
  const byDistrict = grouped(sql`SELECT ${TOWNSHIP_NAME()} AS label, count(*)::int AS value FROM ${C()} WHERE ${received} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const byOutcome = grouped(sql`
    SELECT c.outcome AS label, count(*)::int AS value FROM ${C()}
     WHERE c.status = '已办结' AND ${CN(sql`c.closed_at`)} BETWEEN ${from}::date AND ${to}::date AND ${complaintInScope(actor)} GROUP BY 1 ORDER BY 2 DESC, 1`);
  // 受理: complaints whose acceptance fell due in the month (up to today): on time when decided (accepted or
  // 不予受理) by the due date; still undecided counts as late. 办结: the same with close_due and the closing.
  const onTime = sql<{ acceptOnTime: number; acceptTotal: number; closeOnTime: number; closeTotal: number }[]>`
    SELECT count(*) FILTER (WHERE c.accept_due BETWEEN ${from}::date AND ${asOf}::date
                             AND ${CN(sql`COALESCE(c.accepted_at, CASE WHEN c.status = '不予受理' THEN c.closed_at END)`)} <= c.accept_due)::int AS "acceptOnTime",
           count(*) FILTER (WHERE c.accept_due BETWEEN ${from}::date AND ${asOf}::date)::int AS "acceptTotal",
           count(*) FILTER (WHERE c.close_due BETWEEN ${from}::date AND ${asOf}::date AND c.status <> '不予受理'
                             AND ${CN(sql`c.closed_at`)} <= c.close_due)::int AS "closeOnTime",
           count(*) FILTER (WHERE c.close_due BETWEEN ${from}::date AND ${asOf}::date AND c.status <> '不予受理')::int AS "closeTotal"
      FROM ${C()} WHERE ${complaintInScope(actor)}`;
  const X = () => sql`inspections x JOIN institutions i ON i.id = x.institution_id`;
  const inMonth = sql`x.inspected_on BETWEEN ${from}::date AND ${to}::date AND ${institutionInScope(actor)}`;
  const byKind = grouped(sql`SELECT x.kind AS label, count(*)::int AS value FROM ${X()} WHERE ${inMonth} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const byResult = grouped(sql`SELECT x.result AS label, count(*)::int AS value FROM ${X()} WHERE ${inMonth} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const R = () => sql`rectifications x JOIN institutions i ON i.id = x.institution_id`;
  const rect = sql<{ opened: number; closed: number; openOverdue: number }[]>`
    SELECT count(*) FILTER (WHERE x.ordered_on BETWEEN ${from}::date AND ${to}::date)::int AS opened,
           count(*) FILTER (WHERE x.rectified_on BETWEEN ${from}::date AND ${to}::date)::int AS closed,
           count(*) FILTER (WHERE x.ordered_on <= ${to}::date AND x.due_on < ${asOf}::date AND x.state <> 'withdrawn'
                             AND (x.rectified_on IS NULL OR x.rectified_on > ${asOf}::date))::int AS "openOverdue"
      FROM ${R()} WHERE ${institutionInScope(actor)}`;
  const points = sql<{ quarter: number; records: number; points: number }[]>`
    SELECT extract(quarter FROM x.found_on)::int AS quarter, count(*)::int AS records, sum(x.points)::int AS points
      FROM point_records x JOIN institutions i ON i.id = x.institution_id
     WHERE x.found_on BETWEEN make_date(${year}, 1, 1) AND ${to}::date AND x.status <> '已撤销' AND ${institutionInScope(actor)} GROUP BY 1`;
  const months = lastTwelveMonths(month);
  const first = monthStart(months[0] ?? month);
  const series = (q: Fragment) => sql<{ month: string; n: number }[]>`SELECT to_char(d, 'YYYY-MM') AS month, count(*)::int AS n FROM (${q}) s(d) GROUP BY 1`;
  const trendC = series(
    sql`SELECT ${CN(sql`c.received_at`)} FROM ${C()} WHERE ${CN(sql`c.received_at`)} BETWEEN ${first}::date AND ${to}::date AND ${complaintInScope(actor)}`,
  );
  const trendI = series(sql`SELECT x.inspected_on FROM ${X()} WHERE x.inspected_on BETWEEN ${first}::date AND ${to}::date AND ${institutionInScope(actor)}`);
  const trendR = series(sql`SELECT x.ordered_on FROM ${R()} WHERE x.ordered_on BETWEEN ${first}::date AND ${to}::date AND ${institutionInScope(actor)}`);
  const [dataset, cat, ch, dist, out, [ot], kind, res, [rc], pts, tc, ti, tr, plan] = await Promise.all([
    getDataset(),
    byCategory,
    byChannel,
    byDistrict,
    byOutcome,
    onTime,
    byKind,
    byResult,
    rect,
    points,
    trendC,
    trendI,
    trendR,
    planInput(actor, year, to),
  ]);
  const townships = new Map<string, { label: string; required: number; done: number }>();
  for (const row of planTable(plan, year, to, 'township')) {
    const label = row.townshipName ?? '县直及其他';
    const t = townships.get(label) ?? { label, required: 0, done: 0 };
    t.required += row.plan.required;
    t.done += Math.min(row.plan.done, row.plan.required);
    townships.set(label, t);
  }
  const at = (list: readonly { month: string; n: number }[], m: string) => list.find((r) => r.month === m)?.n ?? 0;
  return {
    county: dataset.county,
    month,
    dueBy: reportDueDate(month),
    complaints: { received: cat.reduce((s, c) => s + c.value, 0), byCategory: cat, byChannel: ch, byDistrict: dist, byOutcome: out },
    onTime: ot ?? { acceptOnTime: 0, acceptTotal: 0, closeOnTime: 0, closeTotal: 0 },
    inspections: { inMonth: kind.reduce((s, c) => s + c.value, 0), byKind: kind, byResult: res, byTownship: [...townships.values()] },
    rectifications: rc ?? { opened: 0, closed: 0, openOverdue: 0 },
    pointsByQuarter: [1, 2, 3, 4]
      .filter((q) => q <= Math.ceil(Number(month.slice(5, 7)) / 3))
      .map((q) => {
        const p = pts.find((r) => r.quarter === q);
        return { quarter: `${year}年第${q}季度`, records: p?.records ?? 0, points: p?.points ?? 0 };
      }),
    trend: months.map((m) => ({ month: m, complaints: at(tc, m), inspections: at(ti, m), rectifications: at(tr, m) })),
  };
}
