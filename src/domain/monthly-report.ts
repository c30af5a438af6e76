/**
 * The commission's monthly progress report (issue 13; seed 003 三(三): "于每月 15 日前将本月进展情况
 * 及工作成效 … 报送"). Pure: month arithmetic, the on-time rate, and the report's sections as
 * tables — the page, its charts and the XLSX all read these same tables, so their figures agree.
 * Definitions are in docs/inspections.md (## 月度报告).
 */
import { addCalendarDays, type IsoDate } from './working-days';

export type Month = `${number}-${number}`;

export function monthStart(month: string): IsoDate {
  return `${month}-01`;
}

export function monthEnd(month: string): IsoDate {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addCalendarDays(next, -1);
}

/** The month before `today`'s: what is reported by the 15th. */
export function previousMonth(today: IsoDate): string {
  return addCalendarDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
}

/** The 12 months ending with `month`, oldest first. */
export function lastTwelveMonths(month: string): string[] {
  const out: string[] = [];
  let m = month;
  for (let i = 0; i < 12; i++) {
    out.unshift(m);
    m = previousMonth(`${m}-01`);
  }
  return out;
}

/** Seed 003: the month's report is due by the 15th of the next month. */
export function reportDueDate(month: string): IsoDate {
  return `${addCalendarDays(monthEnd(month), 1).slice(0, 7)}-15`;
}

/** A share in per cent with one decimal; null when nothing was counted (shown as "—", never 100 %). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

export interface Count {
  label: string;
  value: number;
}

export interface MonthlyReport {
  county: string;
  month: string;
  dueBy: IsoDate;
  complaints: { received: number; byCategory: Count[]; byChannel: Count[]; byDistrict: Count[]; byOutcome: Count[] };
  onTime: { acceptOnTime: number; acceptTotal: number; closeOnTime: number; closeTotal: number };
  inspections: { inMonth: number; byKind: Count[]; byResult: Count[]; byTownship: { label: string; required: number; done: number }[] };
  rectifications: { opened: number; closed: number; openOverdue: number };
  pointsByQuarter: { quarter: string; records: number; points: number }[];
  trend: { month: string; complaints: number; inspections: number; rectifications: number }[];
}

export interface ReportTable {
  /** The sheet's name (≤ 31 characters, Excel's limit). */
  sheet: string;
  title: string;
  header: string[];
  rows: (string | number | null)[][];
}

const counts = (sheet: string, title: string, what: string, list: Count[]): ReportTable => ({
  sheet,
  title,
  header: [what, '件数'],
  rows: [...list.map((c) => [c.label, c.value]), ['合计', list.reduce((s, c) => s + c.value, 0)]],
});

/** Every section of the report as a table: one XLSX sheet each, the same figures as the page. */
export function reportTables(r: MonthlyReport): ReportTable[] {
  const o = r.onTime;
  return [
    counts('投诉-类别', '本月受理投诉举报（按类别）', '类别', r.complaints.byCategory),
    counts('投诉-渠道', '本月受理投诉举报（按渠道）', '渠道', r.complaints.byChannel),
    counts('投诉-辖区', '本月受理投诉举报（按乡镇街道）', '乡镇街道', r.complaints.byDistrict),
    counts('投诉-办结结果', '本月办结投诉（按办结结果）', '办结结果', r.complaints.byOutcome),
    {
      sheet: '按时办理率',
      title: '投诉受理、办结按时率',
      header: ['环节', '按时件数', '应计件数', '按时率（%）'],
      rows: [
        ['受理', o.acceptOnTime, o.acceptTotal, rate(o.acceptOnTime, o.acceptTotal)],
        ['办结', o.closeOnTime, o.closeTotal, rate(o.closeOnTime, o.closeTotal)],
      ],
    },
    {
      sheet: '检查计划完成',
      title: '本年度监督检查计划完成情况（截至本月末，按乡镇街道）',
      header: ['乡镇街道', '应检次数', '已检次数', '完成率（%）'],
      rows: r.inspections.byTownship.map((t) => [t.label, t.required, t.done, rate(t.done, t.required)]),
    },
    counts('检查-类型', '本月监督检查（按检查类型）', '检查类型', r.inspections.byKind),
    counts('检查-结果', '本月监督检查（按检查结果）', '检查结果', r.inspections.byResult),
    {
      sheet: '限期整改',
      title: '限期整改',
      header: ['项目', '件数'],
      rows: [
        ['本月责令整改', r.rectifications.opened],
        ['本月整改合格', r.rectifications.closed],
        ['月末逾期未整改', r.rectifications.openOverdue],
      ],
    },
    {
      sheet: '记分-季度',
      title: '不良执业行为记分（本年度按季度，不含已撤销）',
      header: ['季度', '记分条数', '记分分值合计'],
      rows: r.pointsByQuarter.map((q) => [q.quarter, q.records, q.points]),
    },
    {
      sheet: '近12个月趋势',
      title: '近 12 个月趋势',
      header: ['月份', '受理投诉', '监督检查', '责令整改'],
      rows: r.trend.map((t) => [t.month, t.complaints, t.inspections, t.rectifications]),
    },
  ];
}
