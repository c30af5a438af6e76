import {
  closedComplaintsOf,
  getPoint,
  listPoints,
  pointsFoundBetween,
  recordingDepartments,
  staffOf,
  toDomainRecord,
  type PointRow,
} from '../../db/points-read';
import { acceptAppeal, createPoint, decideAppeal, fileAppeal, recordNotice } from '../../db/points-write';
import { documentsOf } from '../../db/documents';
import { pointsNotice } from '../../domain/official-documents';
import { invalid, notFound } from '../../domain/errors';
import { documentHref, issueNotice } from './documents';
import {
  appealDeadline,
  monthlyReports,
  overdueItems,
  pointDeadlines,
  provincialEntryDueDate,
  publicationDueDate,
  quarterlyPublication,
  quarterToPublish,
  SEED_DEPARTMENTS,
  type MonthlyDepartmentReport,
  type Quarter,
} from '../../domain/points';
import { can, type Actor } from '../../domain/roles';
import { addCalendarDays, isOnOrBefore, type IsoDate } from '../../domain/working-days';
import { markPointEntered } from '../../db/credit-exports';
import { newPointSchema, periodSchema, pointActionSchema, POINT_LABELS } from '../../schemas/admin-points';
import { STORED_POINT_SOURCES } from '../../schemas/import-points';
import { pageParamSchema } from '../../schemas/admin-common';
import { actorAllowed, ipOf, LIST_PAGE_SIZE, queryObject, requireAccess, today, type AdminContext } from './http';
import { recordActionPage, recordFormPage } from './record-form';

/** Bad-practice points and appeals (seed 000): the pages under /admin/points. */

const STATUSES = ['有效', '申诉中', '已撤销'] as const;

export async function pointListPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'point.read');
  const query = queryObject(ctx.url);
  const status = STATUSES.find((s) => s === query['status']);
  const page = pageParamSchema.parse(query['page']);
  const date = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const { rows, total } = await listPoints(actor, {
    institution: query['institution']?.trim() || undefined,
    status,
    from: date(query['from']),
    to: date(query['to']),
    page,
    pageSize: LIST_PAGE_SIZE,
  });
  const { today: t } = today();
  return {
    actor,
    rows: rows.map((r) => ({ ...r, overdue: r.status === '已撤销' ? [] : overdueItems(toDomainRecord(r), t) })),
    total,
    page,
    q: { institution: query['institution'] ?? '', status: status ?? '', from: date(query['from']) ?? '', to: date(query['to']) ?? '' },
    canWrite: can(actor.role, 'point.write'),
  };
}

/** The screen's view: its shape is written once, as the Props of src/components/admin/NewPointScreen.astro (the route checks this fits). */
export async function newPointPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'point.write');
  const query = queryObject(ctx.url);
  const defaults = { source: query['complaint'] ? '投诉举报' : '', sourceComplaintId: query['complaint'] ?? '', foundOn: today().today };
  const form = await recordFormPage(ctx, actor, defaults, newPointSchema, POINT_LABELS, async (p) => {
    const id = await createPoint(
      actor,
      {
        institutionId: p.institutionId,
        staffId: p.staffId ?? null,
        behaviour: p.behaviour,
        points: p.points,
        source: p.source,
        sourceComplaintId: p.sourceComplaintId ?? null,
        department: p.department ?? actor.department ?? null,
        foundOn: p.foundOn,
        approvedOn: p.approvedOn ?? null,
        noticeServedOn: p.noticeServedOn ?? null,
        noticeReceivedOn: p.noticeReceivedOn ?? null,
      },
      today().today,
      ipOf(ctx),
    );
    return `/admin/points/${id}?done=created`;
  });
  if (form instanceof Response) return form;
  const { institution } = form;
  return {
    ...form,
    staff: institution ? await staffOf(actor, institution.id) : [],
    complaints: institution ? await closedComplaintsOf(actor, institution.id) : [],
    sources: STORED_POINT_SOURCES,
    departments: SEED_DEPARTMENTS,
  };
}

const DONE: Record<string, string> = {
  created: '记分已登记。请在 3 日内送达《记分通知书》。',
  notice: '通知书送达情况已登记。',
  appeal: '申诉已登记。',
  accept: '申诉已受理，须在 10 个工作日内作出决定。',
  decide: '申诉决定已登记。',
  'issue-notice': '《不良执业行为记分通知书》已生成，可下载打印后送达。',
  provincial: '已登记录入省平台日期。',
};

/**
 * The province's measure the notice cites. The seeds name it only as 《XX省医疗机构及医务人员不良
 * 执业行为记分管理办法（试行）》; the platform does not know the province, so the title is given
 * without it.
 */
const POINTS_MEASURE_TITLE = '医疗机构及医务人员不良执业行为记分管理办法（试行）';

/** The 记分通知书 of a point record (seed 000: "填写附件2或附件3…3日内送被记分单位"). */
async function issuePointNotice(actor: Actor, id: number, issuedOn: IsoDate, ip: string | null): Promise<void> {
  requireAccess(actor, 'point.write');
  const p = await getPoint(actor, id);
  if (!p) throw notFound('没有这条记分记录，或它不在您负责的辖区内。');
  if (issuedOn < p.foundOn) throw invalid('通知书日期不能早于发现日期。');
  await issueNotice({
    kind: 'points',
    institutionId: p.institutionId,
    subject: { kind: 'point', id },
    issuedOn,
    issuedBy: actor.id,
    actor,
    ip,
    blocks: (c) =>
      pointsNotice({
        ...c,
        measureTitle: POINTS_MEASURE_TITLE,
        foundOn: p.foundOn,
        department: p.department ?? '卫生监督机构',
        source: p.source,
        target: p.staffName ? `你单位医务人员${p.staffName}` : '你单位',
        behaviour: /[。！？]$/.test(p.behaviour) ? p.behaviour : `${p.behaviour}。`,
        points: p.points,
      }),
  });
}

export async function pointPage(ctx: AdminContext) {
  const page = await recordActionPage(ctx, 'point.read', pointActionSchema, POINT_LABELS, async (input, { actor, id, t }) => {
    const ip = ipOf(ctx);
    if (input.op === 'notice') await recordNotice(actor, id, input.servedOn, input.receivedOn ?? null, t, ip);
    if (input.op === 'appeal') await fileAppeal(actor, id, input.receivedOn, input.acceptedOn ?? null, t, ip);
    if (input.op === 'accept') await acceptAppeal(actor, id, input.acceptedOn, t, ip);
    if (input.op === 'decide') await decideAppeal(actor, id, input.decision, input.decidedOn, input.reason, t, ip);
    if (input.op === 'issue-notice') await issuePointNotice(actor, id, input.issuedOn, ip);
    if (input.op === 'provincial') {
      if (!isOnOrBefore(input.enteredOn, t)) throw invalid('录入省平台日期不能晚于今天');
      await markPointEntered(actor, id, input.enteredOn, ip);
    }
    return input.op;
  });
  if (page === null || page instanceof Response) return page;
  const { actor, id, t, status, errors } = page;
  const point = await getPoint(actor, id);
  if (!point) return null;
  const record = toDomainRecord(point);
  return {
    status,
    actor,
    point,
    deadlines: pointDeadlines(record),
    overdue: point.status === '已撤销' ? [] : overdueItems(record, t),
    appealLastDay: point.noticeReceivedOn ? appealDeadline(point.noticeReceivedOn) : null,
    canWrite: can(actor.role, 'point.write'),
    canRecordEntry: can(actor.role, 'export.run'),
    provincialDue: provincialEntryDueDate(record),
    notices: (await documentsOf(actor, { kind: 'point', id })).map((d) => ({ documentNo: d.documentNo, href: documentHref(d.id) })),
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    today: t,
  };
}

function lastDayOfMonth(year: number, month: number): IsoDate {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return addCalendarDays(next, -1);
}

export interface QuarterlyView {
  quarter: Quarter;
  dueDate: IsoDate;
  entries: { row: PointRow; status: string }[];
  voided: PointRow[];
  errors: string[];
}

/** 季度公示: points found in a quarter, voided ones excluded (listed apart for the record). */
export async function quarterlyPage(ctx: AdminContext): Promise<QuarterlyView> {
  const actor = actorAllowed(ctx, 'point.read');
  const parsed = periodSchema.safeParse(queryObject(ctx.url));
  const fallback = quarterToPublish(today().today);
  const quarter: Quarter =
    parsed.success && parsed.data.year && parsed.data.quarter ? { year: parsed.data.year, quarter: parsed.data.quarter as Quarter['quarter'] } : fallback;
  const first = (quarter.quarter - 1) * 3 + 1;
  const rows = await pointsFoundBetween(actor, `${quarter.year}-${String(first).padStart(2, '0')}-01`, lastDayOfMonth(quarter.year, first + 2));
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const pub = quarterlyPublication(rows.map(toDomainRecord), quarter);
  return {
    quarter,
    dueDate: publicationDueDate(quarter),
    entries: pub.entries.map((e) => {
      // Every entry is one of `rows` (quarterlyPublication only selects): cannot be missing.
      const row = byId.get(e.record.id);
      if (!row) throw new Error(`quarterly publication: no row for point ${e.record.id}`);
      return { row, status: e.status === 'under-appeal' ? '申诉中' : '有效' };
    }),
    voided: rows.filter((r) => r.status === '已撤销'),
    errors: parsed.success ? [] : ['年度或季度不正确，已显示应公示的季度'],
  };
}

export interface MonthlyView {
  year: number;
  month: number;
  reports: MonthlyDepartmentReport[];
  rowsById: Map<string, PointRow>;
  errors: string[];
}

/** 月度报送: one row per department, 零报告 where nothing was recorded. */
export async function monthlyPage(ctx: AdminContext): Promise<MonthlyView> {
  const actor = actorAllowed(ctx, 'point.read');
  const parsed = periodSchema.safeParse(queryObject(ctx.url));
  const t = today().today;
  const prev = addCalendarDays(`${t.slice(0, 7)}-01`, -1);
  let year = Number(prev.slice(0, 4));
  let month = Number(prev.slice(5, 7));
  if (parsed.success && parsed.data.year && parsed.data.month) {
    year = parsed.data.year;
    month = parsed.data.month;
  }
  const rows = await pointsFoundBetween(actor, `${year}-${String(month).padStart(2, '0')}-01`, lastDayOfMonth(year, month));
  const departments = [...new Set([...SEED_DEPARTMENTS, ...(await recordingDepartments())])];
  if (actor.department && !departments.includes(actor.department)) departments.push(actor.department);
  return {
    year,
    month,
    reports: monthlyReports(rows.map(toDomainRecord), departments, year, month),
    rowsById: new Map(rows.map((r) => [String(r.id), r])),
    errors: parsed.success ? [] : ['年度或月份不正确，已显示上个月'],
  };
}
