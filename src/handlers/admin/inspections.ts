import {
  addFollowUp,
  complaintForInspection,
  createInspection,
  getInspection,
  inspectorChoices,
  listInspections,
  openDrawItems,
  orderRectificationFromInspection,
} from '../../db/inspections';
import { regionsInScope } from '../../db/supervisors';
import { INSPECTION_FINDINGS } from '../../domain/inspection-findings';
import { FOLLOW_UP_KINDS, followUpHref, followUpLabel, INSPECTION_KINDS, INSPECTION_RESULTS } from '../../domain/inspections';
import { can } from '../../domain/roles';
import { pageParamSchema, recordIdOf } from '../../schemas/admin-common';
import { inspectionActionSchema, inspectionListQuery, INSPECTION_LABELS, newInspectionSchema } from '../../schemas/admin-inspections';
import { actorAllowed, ipOf, LIST_PAGE_SIZE, queryObject, today, type AdminContext } from './http';
import { recordActionPage, recordFormPage } from './record-form';

/** Inspection records (issue 13): the list, the new-record form and the record's page. */

export async function inspectionListPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'inspection.read');
  const query = queryObject(ctx.url);
  const q = inspectionListQuery.parse(query);
  const page = pageParamSchema.parse(query['page']);
  const { rows, total } = await listInspections(actor, { ...q, page, pageSize: LIST_PAGE_SIZE });
  return {
    rows,
    total,
    page,
    pageSize: LIST_PAGE_SIZE,
    q: { year: q.year ? String(q.year) : '', kind: q.kind ?? '', region: q.region ?? '', institution: q.institution ?? '' },
    kinds: INSPECTION_KINDS,
    regions: await regionsInScope(actor),
    canWrite: can(actor.role, 'inspection.write'),
  };
}

/** /admin/inspections/new: first the institution (or ?complaint=ID for 投诉核查), then the record. */
export async function newInspectionPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'inspection.write');
  const query = queryObject(ctx.url);
  const t = today().today;
  const complaintId = recordIdOf(query['complaint']);
  const complaint = complaintId === null ? null : await complaintForInspection(actor, complaintId);
  const defaults: Record<string, string> = { inspectedOn: t, kind: complaint ? '投诉核查' : '日常', result: '未发现问题' };
  if (complaint) Object.assign(defaults, { complaintId: String(complaint.id), institutionId: String(complaint.institutionId) });
  const form = await recordFormPage(ctx, actor, defaults, newInspectionSchema, INSPECTION_LABELS, async (p) => {
    const id = await createInspection(
      actor,
      { ...p, findingsText: p.findingsText ?? null, complaintId: p.complaintId ?? null, drawItemId: p.drawItemId ?? null },
      t,
      ipOf(ctx),
    );
    return `/admin/inspections/${id}?done=created`;
  });
  if (form instanceof Response) return form;
  return {
    ...form,
    complaint,
    drawItems: form.institution ? await openDrawItems(actor, form.institution.id, Number(t.slice(0, 4))) : [],
    inspectors: await inspectorChoices(),
    findings: INSPECTION_FINDINGS,
    kinds: INSPECTION_KINDS,
    results: INSPECTION_RESULTS,
  };
}

const DONE: Record<string, string> = {
  created: '检查记录已登记。',
  'follow-up': '后续处理已关联。',
  rectification: '已责令限期整改，并关联到本次检查。',
};

export async function inspectionPage(ctx: AdminContext) {
  const page = await recordActionPage(ctx, 'inspection.read', inspectionActionSchema, INSPECTION_LABELS, async (input, { actor, id, t }) => {
    if (input.op === 'follow-up') await addFollowUp(actor, id, input.kind, input.recordId, ipOf(ctx));
    else await orderRectificationFromInspection(actor, id, input, t, ipOf(ctx));
    return input.op;
  });
  if (page === null || page instanceof Response) return page;
  const { actor, id, t, status, errors } = page;
  const inspection = await getInspection(actor, id);
  if (!inspection) return null;
  return {
    status,
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    inspection,
    findings: INSPECTION_FINDINGS.filter((f) => inspection.findingCodes.includes(f.code)),
    followUps: inspection.followUpList.map((f) => ({ ...f, label: followUpLabel(f.kind), href: followUpHref(f.kind, f.recordId) })),
    followUpKinds: FOLLOW_UP_KINDS.map((k) => ({ value: k, label: followUpLabel(k) })),
    canWrite: can(actor.role, 'inspection.write'),
    canOrder: can(actor.role, 'credit.write'),
    today: t,
  };
}
