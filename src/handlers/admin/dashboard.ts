import { listComplaints, type ComplaintListRow } from '../../db/admin-complaints-read';
import { listComments } from '../../db/moderation';
import { openFollowUpsDue, satisfactionCounts, type OpenFollowUpRow } from '../../db/complaint-satisfaction';
import { addCounts, EMPTY_COUNTS, figureRow, isFollowUpOverdue, monthLabel, type FigureRow } from '../../domain/complaint-satisfaction';
import { openPoints, pointsAwaitingProvincialEntry, toDomainRecord, type PointRow } from '../../db/points-read';
import { daysLeftLabel, type ComplaintStatus } from '../../domain/complaint-workflow';
import { noticeDueDate, appealDecisionDueDate, provincialEntryDueDate } from '../../domain/points';
import { can, type Actor } from '../../domain/roles';
import { isOnOrBefore, type IsoDate } from '../../domain/working-days';
import { actorOf, requireAccess, today, type AdminContext } from './http';

/** The landing page (/admin/) and the week's worklist (/admin/due). */

export interface PointDue {
  row: PointRow;
  what: '送达记分通知书' | '作出申诉决定';
  due: IsoDate;
  overdue: boolean;
}

export interface DueView {
  actor: Actor;
  today: IsoDate;
  dueUntil: IsoDate;
  overdue: ComplaintListRow[];
  overdueTotal: number;
  dueThisWeek: ComplaintListRow[];
  dueTotal: number;
  points: PointDue[];
  /** 好差评 follow-ups due in the window or overdue. */
  followUps: (OpenFollowUpRow & { overdue: boolean })[];
  /** 待录入省平台: points in force whose provincial entry is due within the window or overdue (seed 000: 3日内). */
  provincial: { row: PointRow; due: IsoDate; overdue: boolean }[];
  daysLeft: (row: ComplaintListRow) => string;
}

const base = { sort: 'accept_due', dir: 'asc', page: 1 } as const;

/** Points whose provincial-platform entry falls due by the end of the window (or is already late). */
function provincialDue(rows: PointRow[], t: IsoDate, dueUntil: IsoDate): DueView['provincial'] {
  return rows
    .map((row) => ({ row, due: provincialEntryDueDate(row) }))
    .filter((p) => isOnOrBefore(p.due, dueUntil))
    .map((p) => ({ ...p, overdue: !isOnOrBefore(t, p.due) }));
}

/** Point deadlines falling due by Sunday (or already missed), from the credit engine's rules. */
function pointsDue(rows: PointRow[], t: IsoDate, dueUntil: IsoDate): PointDue[] {
  const out: PointDue[] = [];
  for (const row of rows) {
    const record = toDomainRecord(row);
    if (!row.noticeServedOn) {
      const due = noticeDueDate(record);
      if (isOnOrBefore(due, dueUntil)) out.push({ row, what: '送达记分通知书', due, overdue: !isOnOrBefore(t, due) });
    }
    const ap = row.appeal;
    if (ap?.acceptedOn && !ap.decidedOn) {
      const due = appealDecisionDueDate(ap.acceptedOn);
      if (isOnOrBefore(due, dueUntil)) out.push({ row, what: '作出申诉决定', due, overdue: !isOnOrBefore(t, due) });
    }
  }
  return out.sort((a, b) => a.due.localeCompare(b.due));
}

export async function duePage(ctx: AdminContext, limit = 200): Promise<DueView> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'complaint.read');
  const { today: t, dueUntil } = today();
  const [overdue, due, points, followUps, provincial] = await Promise.all([
    listComplaints(actor, { ...base, overdue: true, pageSize: limit }, t, dueUntil),
    listComplaints(actor, { ...base, dueThisWeek: true, pageSize: limit }, t, dueUntil),
    can(actor.role, 'point.read') ? openPoints(actor) : Promise.resolve([]),
    openFollowUpsDue(actor, dueUntil, limit),
    can(actor.role, 'point.read') ? pointsAwaitingProvincialEntry(actor, limit) : Promise.resolve([]),
  ]);
  return {
    actor,
    today: t,
    dueUntil,
    overdue: overdue.rows,
    overdueTotal: overdue.total,
    dueThisWeek: due.rows,
    dueTotal: due.total,
    points: pointsDue(points, t, dueUntil),
    followUps: withOverdue(followUps, t),
    provincial: provincialDue(provincial, t, dueUntil),
    daysLeft: (row) => daysLeftLabel(row, t),
  };
}

export interface DashboardView extends DueView {
  counts: Record<ComplaintStatus, number>;
  mineOpen: number;
  pendingComments: number | null;
  /** 好差评 in the jurisdiction: this month and the last twelve months (by month of closing). */
  satisfaction: { month: FigureRow; year: FigureRow; monthLabel: string; open: DueView['followUps'] };
}

export async function dashboardPage(ctx: AdminContext): Promise<DashboardView> {
  const actor = actorOf(ctx);
  const { today: t, dueUntil } = today();
  // Independent reads: asked together, not one after the other.
  const [due, all, mine, pendingComments, counts, open] = await Promise.all([
    duePage(ctx, 10),
    listComplaints(actor, { ...base, pageSize: 1 }, t, dueUntil),
    listComplaints(actor, { ...base, mine: true, pageSize: 1 }, t, dueUntil),
    can(actor.role, 'rating.moderate') ? listComments(actor, '待审核', 1, 1).then((r) => r.total) : Promise.resolve(null),
    satisfactionCounts(actor),
    // Every open follow-up of the jurisdiction with its deadline (the due list has only the pressing ones).
    openFollowUpsDue(actor, OPEN_ENDED, 20),
  ]);
  return {
    satisfaction: { ...dashboardSatisfaction(counts, t), open: withOverdue(open, t) },
    ...due,
    counts: all.counts,
    mineOpen: mine.counts['待受理'] + mine.counts['已受理'] + mine.counts['调查中'],
    pendingComments,
  };
}

/** The dashboard's 好差评 figures: the current month and the twelve months up to it (by month of closing). */
function dashboardSatisfaction(rows: Awaited<ReturnType<typeof satisfactionCounts>>, t: IsoDate): Omit<DashboardView['satisfaction'], 'open'> {
  const month = t.slice(0, 7);
  const y = Number(t.slice(0, 4));
  const first = `${y - 1}-${month.slice(5)}`;
  const sum = (keep: (month: string) => boolean) => rows.filter((r) => keep(r.month)).reduce((a, r) => addCounts(a, r.counts), EMPTY_COUNTS);
  return {
    month: figureRow(
      null,
      '本月',
      sum((mo) => mo === month),
    ),
    year: figureRow(
      null,
      '近 12 个月',
      sum((mo) => mo > first && mo <= month),
    ),
    monthLabel: monthLabel(month),
  };
}

const OPEN_ENDED: IsoDate = '9999-12-31';

function withOverdue(rows: OpenFollowUpRow[], t: IsoDate): DueView['followUps'] {
  return rows.map((f) => ({ ...f, overdue: isFollowUpOverdue({ dueOn: f.dueOn, closed: false }, t) }));
}
