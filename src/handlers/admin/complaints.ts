import ExcelJS from 'exceljs';
import { csvDocument, formulaSafe } from '../../domain/csv';
import { inspectionsOfComplaint } from '../../db/inspections';
import { recordAudit } from '../../db/audit-log';
import {
  categoriesInUse,
  complaintEvents,
  exportComplaints,
  getComplaint,
  getComplaintPhoto,
  listComplaints,
  resolveComplaintRef,
  type ComplaintFilter,
  type ExportRow,
  type ListResult,
} from '../../db/admin-complaints-read';
import { applyComplaintAction, readComplainantSealed } from '../../db/admin-complaints-write';
import { complaintSatisfaction, recordSatisfactionFollowUp } from '../../db/complaint-satisfaction';
import { followUpSchema, FOLLOW_UP_LABELS } from '../../schemas/complaint-satisfaction';
import { countUnrouted, routableRegions, routeComplaint } from '../../db/complaint-routing';
import { listAssignees, regionsInScope } from '../../db/supervisors';
import { CATEGORY_NAMES, deadlineRuleFor } from '../../domain/complaint-categories';
import { ACTION_LABELS, allowedActions, daysLeftLabel, type ComplaintAction } from '../../domain/complaint-workflow';
import { can, type Actor } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { refusalOf, statusOf } from '../errors';
import type { ActionInput } from '../../domain/complaint-workflow';
import { describeComplaintRef, parseComplaintRef, type ComplaintRef } from '../../domain/tracking-number';
import {
  COMPLAINT_ACTION_LABELS,
  COMPLAINT_FILTER_LABELS,
  complaintActionSchema,
  complaintFilterSchema,
  reasonSchema,
  routeSchema,
  type ComplaintActionInput,
  type ComplaintFilterInput,
} from '../../schemas/admin-complaints';
import { fieldErrors } from '../../schemas/zod-errors';
import { recordIdOf } from '../../schemas/admin-common';
import { decrypt } from '../../server/pii-crypto';
import { actorOf, ipOf, json, LIST_PAGE_SIZE, parseOrThrow, queryObject, readForm, refused, requireAccess, today, type AdminContext } from './http';

/**
 * The complaint-intake table (投诉举报受理台账) and a complaint's page: what the routes under
 * /admin/complaints, /admin/export.* and /api/admin/complaints call.
 */

export const EXPORT_LIMIT = 20_000;

/** Parse the filter; invalid fields are dropped (and reported), the rest still applies. */
export function parseFilter(query: Record<string, string>): { input: ComplaintFilterInput; filter: ComplaintFilter; errors: string[] } {
  let r = complaintFilterSchema.safeParse(query);
  const errors: string[] = [];
  if (!r.success) {
    const bad = new Set(r.error.issues.map((i) => String(i.path[0] ?? '')));
    for (const e of fieldErrors(r.error.issues, COMPLAINT_FILTER_LABELS)) errors.push(e.label ? `${e.label}：${e.message}` : e.message);
    const rest = Object.fromEntries(Object.entries(query).filter(([k]) => !bad.has(k)));
    r = complaintFilterSchema.safeParse(rest);
  }
  const input = r.success ? r.data : complaintFilterSchema.parse({});
  return {
    input,
    errors,
    filter: {
      status: input.status,
      category: input.category,
      channel: input.channel,
      institution: input.institution,
      region: input.region,
      receivedFrom: input.from,
      receivedTo: input.to,
      overdue: input.overdue,
      dueThisWeek: input.due === 'week',
      mine: input.mine,
      unrouted: input.unrouted,
      badReview: input.review === 'bad',
      followUp: input.followup,
      sort: input.sort,
      dir: input.dir,
      page: input.page,
      pageSize: LIST_PAGE_SIZE,
    },
  };
}

export interface ComplaintListView {
  actor: Actor;
  input: ComplaintFilterInput;
  errors: string[];
  result: ListResult;
  categories: string[];
  regions: { code: string; name: string; level: number }[];
  /** Complaints whose region is unknown (shown to accounts that may route them). */
  unrouted: number | null;
  today: string;
  pageSize: number;
  daysLeft: (row: ListResult['rows'][number]) => string;
}

export async function complaintListPage(ctx: AdminContext): Promise<ComplaintListView> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'complaint.read');
  const { input, filter, errors } = parseFilter(queryObject(ctx.url));
  const { today: t, dueUntil } = today();
  const [result, used, regions] = await Promise.all([listComplaints(actor, filter, t, dueUntil), categoriesInUse(actor), regionsInScope(actor)]);
  const categories = [...new Set([...CATEGORY_NAMES, ...used])];
  const unrouted = can(actor.role, 'complaint.route') ? await countUnrouted(actor) : null;
  return { actor, input, errors, result, categories, regions, unrouted, today: t, pageSize: LIST_PAGE_SIZE, daysLeft: (row) => daysLeftLabel(row, t) };
}

// ---------------------------------------------------------------------------------------------

/**
 * The complaint a URL names: /admin/complaints/12 (the id the table links to) or
 * /admin/complaints/2673-0913-6642 (the 受理编号 as printed, any spelling). Outside the
 * jurisdiction or unknown: 404, with a message that says which.
 */
async function complaintId(ctx: AdminContext, actor: Actor): Promise<number> {
  const raw = ctx.params['id'] ?? '';
  const parsed = parseComplaintRef(raw);
  if (!parsed.ok) throw new DomainError(`投诉编号不正确：${parsed.message}`, 'not-found');
  if (parsed.ref.kind === 'id' && !Number.isSafeInteger(parsed.ref.id)) throw new DomainError('投诉编号不正确', 'not-found');
  const r = await resolveComplaintRef(actor, parsed.ref);
  if (r.found === 'in-scope') return r.id;
  throw new DomainError(refMessage(parsed.ref, r.found), 'not-found');
}

function refMessage(ref: ComplaintRef, found: 'missing' | 'outside'): string {
  const name = ref.kind === 'tracking' ? `受理编号为 ${describeComplaintRef(ref)} 的投诉` : `${describeComplaintRef(ref)} 的投诉`;
  return found === 'missing' ? `没有${name}，请核对编号。` : `${name}不在您的辖区内，您不能查看或引用它。`;
}

/**
 * The form's action with the complaint it names resolved: 重复 takes the original's 受理编号;
 * a number that does not exist and one outside the jurisdiction get different messages.
 */
export async function resolveActionInput(actor: Actor, input: ComplaintActionInput): Promise<ActionInput> {
  if (input.action !== 'close' || !input.duplicateOf) return input as ActionInput;
  const ref = input.duplicateOf;
  const r = await resolveComplaintRef(actor, ref);
  if (r.found !== 'in-scope') throw new DomainError(`原投诉受理编号：${refMessage(ref, r.found)}`, 'invalid');
  return { ...input, duplicateOf: r.id };
}

/** Decrypt a real-name complainant's details after the audited, reasoned request. */
async function revealPii(actor: Actor, id: number, reason: string, ip: string | null): Promise<{ name: string; phone: string }> {
  const sealed = await readComplainantSealed(actor, id, reason, ip);
  if (!sealed) throw new DomainError('该投诉为匿名投诉，或举报人信息已按期删除。', 'conflict');
  return { name: decrypt(sealed.name, 'complainant_name'), phone: decrypt(sealed.phone, 'complainant_phone') };
}

/** The screen's view: its shape is written once, as the Props of src/components/admin/ComplaintScreen.astro (the route checks this fits). */
export async function complaintPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'complaint.read');
  const id = await complaintId(ctx, actor);
  let errors: string[] = [];
  let status = 200;
  let pii: { name: string; phone: string } | null = null;
  let values: Record<string, string> = {};
  if (ctx.request.method === 'POST') {
    const form = await readForm(ctx.request);
    try {
      if (form['op'] === 'route') {
        const { regionCode } = parseOrThrow(routeSchema, form, { regionCode: '辖区' });
        await routeComplaint(actor, id, regionCode, ipOf(ctx));
        return new Response(null, { status: 303, headers: { Location: `/admin/complaints/${id}?done=route` } });
      } else if (form['op'] === 'follow_up') {
        await recordSatisfactionFollowUp(actor, id, parseOrThrow(followUpSchema, form, FOLLOW_UP_LABELS), ipOf(ctx));
        return new Response(null, { status: 303, headers: { Location: `/admin/complaints/${id}?done=follow_up#satisfaction` } });
      } else if (form['op'] === 'reveal') {
        const { reason } = parseOrThrow(reasonSchema, { reason: form['reason'] ?? '' }, { reason: '查看原因' });
        pii = await revealPii(actor, id, reason, ipOf(ctx));
      } else {
        const input = await resolveActionInput(actor, parseOrThrow(complaintActionSchema, form, COMPLAINT_ACTION_LABELS));
        await applyComplaintAction(actor, id, input, ipOf(ctx));
        return new Response(null, { status: 303, headers: { Location: `/admin/complaints/${id}?done=${input.action}` } });
      }
    } catch (e) {
      const r = refused(e);
      if (r.notFound) return null;
      ({ errors, status } = r);
      values = form;
    }
  }
  const { today: t } = today();
  const complaint = await getComplaint(actor, id, t);
  if (!complaint) return null;
  const canWork = can(actor.role, 'complaint.work');
  const doneKey = ctx.url.searchParams.get('done') as ComplaintAction | null;
  return {
    status,
    actor,
    complaint,
    events: await complaintEvents(actor, id),
    actions: canWork ? allowedActions(complaint.status) : [],
    actionLabels: ACTION_LABELS,
    assignees: canWork ? await listAssignees(complaint.regionCode) : [],
    rule: deadlineRuleFor(complaint.category),
    daysLeft: daysLeftLabel(complaint, t),
    canWork,
    canSeePii: can(actor.role, 'complaint.pii'),
    pii,
    errors,
    routeRegions: can(actor.role, 'complaint.route') ? await routableRegions() : [],
    done:
      (doneKey as string) === 'route'
        ? '已分派辖区。'
        : (doneKey as string) === 'follow_up'
          ? '已记录差评核实结果，投诉人可在进度查询页看到。'
          : doneKey && doneKey in ACTION_LABELS
            ? `已${ACTION_LABELS[doneKey]}。`
            : null,
    values,
    satisfaction: await complaintSatisfaction(id),
    // 投诉核查 (issue 13): the inspections that checked this complaint.
    inspections: can(actor.role, 'inspection.read') ? await inspectionsOfComplaint(actor, id) : [],
  };
}

export async function complaintPhoto(ctx: AdminContext): Promise<Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'complaint.read');
  const photoId = recordIdOf(ctx.params['photo']);
  const id = recordIdOf(ctx.params['id']);
  const photo = id && photoId ? await getComplaintPhoto(actor, id, photoId) : null;
  if (!photo) return new Response('照片不存在', { status: 404 });
  return new Response(new Uint8Array(photo.content), { headers: { 'Content-Type': photo.mime, 'Content-Disposition': 'inline' } });
}

// ---------------------------------------------------------------------------------------------
// Export of the current filter

export const EXPORT_COLUMNS: { header: string; value: (r: ExportRow) => string | number }[] = [
  { header: '受理编号', value: (r) => r.trackingNo },
  { header: '收到时间', value: (r) => r.receivedAt },
  { header: '被投诉机构', value: (r) => r.institutionName ?? `（未登记）${r.unlistedName ?? ''}` },
  { header: '机构编码', value: (r) => r.institutionCode ?? '' },
  { header: '辖区', value: (r) => r.regionName ?? '' },
  { header: '类别', value: (r) => r.category },
  { header: '具体问题', value: (r) => r.subcategory ?? '' },
  { header: '举报方式', value: (r) => (r.anonymous ? '匿名' : '实名') },
  { header: '状态', value: (r) => r.status },
  { header: '受理时限', value: (r) => r.acceptDue },
  { header: '办结时限', value: (r) => r.closeDue },
  { header: '是否超期', value: (r) => (r.overdue ? '超期' : '') },
  { header: '承办人', value: (r) => r.assignedName ?? '' },
  { header: '办结结果', value: (r) => r.outcome ?? '' },
  { header: '原投诉', value: (r) => r.duplicateOfTrackingNo ?? '' },
  { header: '办结时间', value: (r) => r.closedAt ?? '' },
  { header: '问题描述', value: (r) => r.description },
  { header: '调查情况', value: (r) => r.findings ?? '' },
  { header: '不予受理理由', value: (r) => r.rejectReason ?? '' },
  { header: '反馈内容', value: (r) => r.feedback ?? '' },
];

export function toCsv(rows: ExportRow[]): string {
  return csvDocument([EXPORT_COLUMNS.map((c) => c.header), ...rows.map((r) => EXPORT_COLUMNS.map((c) => c.value(r)))]);
}

export async function toXlsx(rows: ExportRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '医疗机构依法执业信用公示平台';
  const sheet = book.addWorksheet('投诉举报台账');
  sheet.addRow(EXPORT_COLUMNS.map((c) => c.header)).font = { bold: true };
  for (const r of rows)
    sheet.addRow(
      EXPORT_COLUMNS.map((c) => {
        const v = c.value(r);
        return typeof v === 'string' ? formulaSafe(v) : v;
      }),
    );
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  EXPORT_COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.header.length > 4 || ['问题描述', '调查情况', '反馈内容'].includes(c.header) ? 30 : 14;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** /admin/export.csv and /admin/export.xlsx: the current filter, with a reason, audited. */
export async function exportRequest(ctx: AdminContext, format: 'csv' | 'xlsx'): Promise<Response> {
  const actor = actorOf(ctx);
  try {
    requireAccess(actor, 'complaint.export');
    const query = queryObject(ctx.url);
    const { reason } = parseOrThrow(reasonSchema, { reason: query['reason'] ?? '' }, { reason: '导出原因' });
    const { filter, errors } = parseFilter(query);
    if (errors.length) throw new DomainError(errors.join('；'), 'invalid');
    const { today: t, dueUntil } = today();
    const rows = await exportComplaints(actor, filter, t, dueUntil, EXPORT_LIMIT);
    await recordAudit({
      actor,
      action: 'complaint.export',
      targetKind: 'complaints',
      reason,
      ip: ipOf(ctx),
      detail: { format, rows: rows.length, filter: Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'reason')) },
    });
    const stamp = t.replace(/-/g, '');
    const name = `投诉举报台账-${stamp}.${format}`;
    const disposition = `attachment; filename="complaints-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`;
    if (format === 'csv') {
      return new Response(toCsv(rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': disposition } });
    }
    return new Response(new Uint8Array(await toXlsx(rows)), {
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': disposition },
    });
  } catch (e) {
    const err = refusalOf(e);
    if (!err) throw e;
    return new Response(`导出失败：${err.message}`, { status: statusOf(err), headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

// ---------------------------------------------------------------------------------------------
// JSON API (/api/admin/complaints…)

export async function apiList(ctx: AdminContext): Promise<Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'complaint.read');
  const { filter, errors } = parseFilter(queryObject(ctx.url));
  if (errors.length) throw new DomainError(errors.join('；'), 'invalid');
  const { today: t, dueUntil } = today();
  const r = await listComplaints(actor, filter, t, dueUntil);
  return json({ total: r.total, page: filter.page, pageSize: filter.pageSize, counts: r.counts, overdue: r.overdue, items: r.rows });
}

export async function apiDetail(ctx: AdminContext): Promise<Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'complaint.read');
  const id = await complaintId(ctx, actor);
  if (ctx.request.method === 'POST') {
    const input = await resolveActionInput(actor, parseOrThrow(complaintActionSchema, await readForm(ctx.request), COMPLAINT_ACTION_LABELS));
    const r = await applyComplaintAction(actor, id, input, ipOf(ctx));
    return json(r);
  }
  const { today: t } = today();
  const complaint = await getComplaint(actor, id, t);
  if (!complaint) throw new DomainError('投诉不存在，或不在您的辖区内。', 'not-found');
  return json({ complaint, events: await complaintEvents(actor, id), actions: can(actor.role, 'complaint.work') ? allowedActions(complaint.status) : [] });
}
