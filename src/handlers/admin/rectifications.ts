import {
  actOnRectification,
  getRectification,
  listRectifications,
  orderRectification,
  poorLevelsWithoutRectification,
  recordLicenceCancellation,
  rectificationAttachment,
  rectificationHistory,
  type AttachmentInput,
  type PoorLevelRow,
  type RectificationAttachment,
  type RectificationEvent,
  type RectificationRow,
} from '../../db/rectifications';
import { availableActions, stateFilter } from '../../domain/lifecycle-transitions';
import { isPastDue, RECTIFICATION_TRANSITIONS, rectificationPublicText, type RectificationAction, type RectificationState } from '../../domain/rectification';
import { can, type Actor } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/working-days';
import { pageParamSchema } from '../../schemas/admin-common';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  newRectificationSchema,
  RECTIFICATION_LABELS,
  rectificationActionSchema,
  REPORT_BODY_LIMIT,
} from '../../schemas/admin-rectifications';
import { readBody } from '../intake/http';
import { processPhoto, sniffImage } from '../intake/photos';
import { documentsOf } from '../../db/documents';
import { rectificationNotice } from '../../domain/official-documents';
import { documentHref, issueNotice } from './documents';
import {
  actorAllowed,
  fileDownload,
  formAction,
  ipOf,
  LIST_PAGE_SIZE,
  NOT_REFUSED,
  parseOrThrow,
  postedAction,
  queryObject,
  readForm,
  recordPageStart,
  requireAccess,
  seeOther,
  today,
  type AdminContext,
} from './http';
import { chooseInstitution } from './institution-choice';

/** 限期整改 (seed 001): the pages under /admin/rectifications. */

export interface RectificationListView {
  rows: (RectificationRow & { pastDue: boolean; stateLabel: string })[];
  total: number;
  page: number;
  q: { state: string; pastDue: boolean };
  states: { value: RectificationState; label: string }[];
  poorLevels: PoorLevelRow[];
  canWrite: boolean;
  today: IsoDate;
}

const stateLabel = (s: RectificationState) => RECTIFICATION_TRANSITIONS.stateLabels[s];

export async function rectificationListPage(ctx: AdminContext): Promise<RectificationListView> {
  const actor = actorAllowed(ctx, 'credit.read');
  const query = queryObject(ctx.url);
  const { state } = stateFilter(RECTIFICATION_TRANSITIONS, query['state']);
  const pastDue = query['pastDue'] === '1';
  const page = pageParamSchema.parse(query['page']);
  const t = today().today;
  const { rows, total } = await listRectifications(actor, { state, pastDue, asOf: t, page, pageSize: LIST_PAGE_SIZE });
  return {
    rows: rows.map((r) => ({ ...r, pastDue: isPastDue(r, t), stateLabel: stateLabel(r.state) })),
    total,
    page,
    q: { state: state ?? '', pastDue },
    states: RECTIFICATION_TRANSITIONS.states.map((value) => ({ value, label: stateLabel(value) })),
    poorLevels: can(actor.role, 'credit.write') ? await poorLevelsWithoutRectification(actor) : [],
    canWrite: can(actor.role, 'credit.write'),
    today: t,
  };
}

/** 责令限期整改: pick the institution, then a 差 level of it or a finding, the period and the items. */
export async function newRectificationPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.write');
  const query = queryObject(ctx.url);
  const t = today().today;
  let values: Record<string, string> = { trigger: query['evaluation'] ? 'poor-level' : 'finding', evaluationId: query['evaluation'] ?? '', orderedOn: t };
  let refused = NOT_REFUSED;
  if (ctx.request.method === 'POST') {
    values = await readForm(ctx.request);
    const answer = await formAction(async () => {
      const f = parseOrThrow(newRectificationSchema, values, RECTIFICATION_LABELS);
      const id = await orderRectification(
        actor,
        {
          institutionId: f.institutionId,
          trigger:
            f.trigger === 'poor-level'
              ? { kind: 'poor-level', evaluationId: f.evaluationId }
              : { kind: 'finding', finding: f.finding, reference: f.reference ?? null },
          orderedOn: f.orderedOn,
          periodDays: f.periodDays,
          items: f.items,
        },
        t,
        ipOf(ctx),
      );
      // The notice is a step of its own after the order committed: if it fails, the record page offers it again.
      const issued = await issueRectificationNotice(actor, id, ipOf(ctx)).then(
        () => true,
        (e: unknown) => {
          console.error(e);
          return false;
        },
      );
      return seeOther(`/admin/rectifications/${id}?done=${issued ? 'order' : 'order-no-notice'}`);
    });
    if (answer instanceof Response) return answer;
    refused = answer;
  }
  const { q, matches, institution } = await chooseInstitution(actor, values, query);
  const poorLevels = institution ? await poorLevelsWithoutRectification(actor, institution.id) : [];
  return {
    status: refused.status,
    q,
    matches,
    institution,
    poorLevels,
    errors: refused.errors,
    values: { ...values, institutionId: institution ? String(institution.id) : '' },
    today: t,
  };
}

export interface RectificationPageView {
  status: number;
  actor: Actor;
  r: RectificationRow;
  stateLabel: string;
  pastDue: boolean;
  publicText: string | null;
  attachments: RectificationAttachment[];
  /** The 限期整改通知书 issued for this order (one; the list is empty until it is issued). */
  notices: { documentNo: string; href: string }[];
  canIssueNotice: boolean;
  events: (RectificationEvent & { label: string })[];
  actions: { action: RectificationAction | 'cancel-licence'; label: string }[];
  limits: { files: number; megabytes: number };
  errors: string[];
  done: string | null;
  today: IsoDate;
}

/** The 限期整改通知书 of an order (idempotent: issuing again returns the same document). */
async function issueRectificationNotice(actor: Actor, id: number, ip: string | null): Promise<void> {
  requireAccess(actor, 'credit.write');
  const r = await getRectification(actor, id);
  if (!r) throw new DomainError('整改记录不存在，或不在您负责的辖区内', 'not-found');
  const finding = r.finding?.replace(/[。；;.]+$/, '');
  await issueNotice({
    kind: 'rectification',
    institutionId: r.institutionId,
    subject: { kind: 'rectification', id: r.id },
    issuedOn: r.orderedOn,
    issuedBy: actor.id,
    actor,
    ip,
    blocks: (c) =>
      rectificationNotice({
        ...c,
        orderedOn: r.orderedOn,
        dueOn: r.dueOn,
        cause:
          r.triggerKind === 'poor-level'
            ? `你单位${r.evaluationYear ?? ''}年度依法执业信用级别为“差”`
            : `监督中发现你单位${finding ?? ''}${r.reference ? `（${r.reference}）` : ''}`,
        items: r.items
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      }),
  });
}

const DONE: Record<string, string> = {
  order: '已责令限期整改，《限期整改通知书》已生成，可下载打印后送达。',
  'order-no-notice': '已责令限期整改，但《限期整改通知书》未能生成，请点击“生成通知书”重试。',
  'issue-notice': '《限期整改通知书》已生成。',
  'submit-report': '整改报告已登记，请复查。',
  'review-pass': '已认定整改合格。发布后公示页显示“已整改”。',
  'review-fail': '已认定整改不合格，继续整改。',
  'mark-overdue': '已认定逾期未整改。下一步：建议暂缓校验。',
  'recommend-suspension': '已建议暂缓校验，须由另一名委机关管理员登记暂缓校验决定。',
  'suspend-validation': '暂缓校验决定已登记。',
  'suspension-passed': '已认定暂缓校验期满达到要求。',
  'recommend-cancellation': '已建议依法注销《医疗机构执业许可证》。',
  withdraw: '整改通知已撤销。',
  'cancel-licence': '已登记注销执业许可证，机构执业状态为“注销”。',
};

function eventLabel(action: string): string {
  if (action === 'order') return '责令限期整改';
  if (action === 'cancel-licence') return '登记注销执业许可证';
  return (RECTIFICATION_TRANSITIONS.actionLabels as Record<string, string>)[action] ?? action;
}

/** A file name safe to store and to send back: no path, no control characters. */
function cleanName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 150);
  return `${base || '整改报告'}.${ext}`;
}

/** One file of the report: a PDF kept as sent; a JPEG or PNG re-encoded like a complaint photo (metadata gone). */
export async function processAttachment(file: { name: string; bytes: Uint8Array }): Promise<AttachmentInput> {
  const label = `文件“${file.name.slice(0, 60)}”`;
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new DomainError(`${label}：不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, 'invalid');
  if (new TextDecoder().decode(file.bytes.subarray(0, 5)) === '%PDF-')
    return { fileName: cleanName(file.name, 'pdf'), mime: 'application/pdf', content: file.bytes };
  const kind = sniffImage(file.bytes);
  if (kind !== 'jpeg' && kind !== 'png') throw new DomainError(`${label}：只能上传 PDF、JPEG 或 PNG 文件`, 'invalid');
  const photo = await processPhoto(file.bytes, label);
  if (!photo.ok) throw new DomainError(photo.message, 'invalid');
  return { fileName: cleanName(file.name, 'jpg'), mime: photo.photo.mime, content: photo.photo.content };
}

/** The action form: text fields and the report's files (multipart), read with the route's byte limit. */
export async function readActionForm(request: Request): Promise<{ fields: Record<string, string>; files: { name: string; bytes: Uint8Array }[] }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) return { fields: await readForm(request), files: [] };
  const body = await readBody(request, REPORT_BODY_LIMIT);
  if (!body.ok) throw new DomainError(body.failure.message, 'invalid');
  let form: FormData;
  try {
    form = await new Response(body.bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new DomainError('无法读取提交的表单', 'invalid');
  }
  const fields: Record<string, string> = {};
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name !== '_csrf') fields[name] ??= value;
    } else if (name === 'files' && value.size > 0) {
      files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
  }
  if (files.length > MAX_ATTACHMENTS) throw new DomainError(`整改报告文件：最多上传 ${MAX_ATTACHMENTS} 个`, 'invalid');
  return { fields, files };
}

export async function rectificationPage(ctx: AdminContext): Promise<RectificationPageView | Response | null> {
  const start = recordPageStart(ctx, 'credit.read');
  if (!start) return null;
  const { actor, id, t } = start;
  const refused = await postedAction(ctx.request, async () => {
    const { fields, files } = await readActionForm(ctx.request);
    if (fields['action'] === 'issue-notice') {
      await issueRectificationNotice(actor, id, ipOf(ctx));
      return seeOther(`/admin/rectifications/${id}?done=issue-notice`);
    }
    const input = parseOrThrow(rectificationActionSchema, fields, RECTIFICATION_LABELS);
    if (input.action === 'cancel-licence') {
      await recordLicenceCancellation(actor, id, input.on, input.reason, t, ipOf(ctx));
    } else {
      const attachments = input.action === 'submit-report' ? await Promise.all(files.map(processAttachment)) : [];
      await actOnRectification(
        actor,
        id,
        {
          action: input.action,
          on: input.on,
          reason: input.reason,
          reportText: input.reportText ?? null,
          attachments,
          suspensionEndsOn: input.suspensionEndsOn ?? null,
        },
        t,
        ipOf(ctx),
      );
    }
    return seeOther(`/admin/rectifications/${id}?done=${input.action}`);
  });
  if (refused instanceof Response) return refused;
  if (refused.notFound) return null;
  const r = await getRectification(actor, id);
  if (!r) return null;
  const [{ attachments, events }, documents] = await Promise.all([rectificationHistory(actor, id), documentsOf(actor, { kind: 'rectification', id })]);
  const actions: RectificationPageView['actions'] = availableActions(RECTIFICATION_TRANSITIONS, r.state, {
    role: actor.role,
    inJurisdiction: true,
    isProposer: r.suspensionRecommendedBy === actor.id,
  }).map((action) => ({ action, label: RECTIFICATION_TRANSITIONS.actionLabels[action] }));
  if (r.state === 'cancellation-recommended' && !r.licenceCancelledOn && r.institutionStatus === '执业' && can(actor.role, 'credit.approve')) {
    actions.push({ action: 'cancel-licence', label: '登记注销《医疗机构执业许可证》' });
  }
  return {
    status: refused.status,
    actor,
    r,
    stateLabel: stateLabel(r.state),
    pastDue: isPastDue(r, t),
    publicText: rectificationPublicText(r),
    attachments,
    notices: documents.map((d) => ({ documentNo: d.documentNo, href: documentHref(d.id) })),
    canIssueNotice: documents.length === 0 && can(actor.role, 'credit.write'),
    events: events.map((e) => ({ ...e, label: eventLabel(e.action) })),
    actions,
    limits: { files: MAX_ATTACHMENTS, megabytes: MAX_ATTACHMENT_BYTES / 1024 / 1024 },
    errors: refused.errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    today: t,
  };
}

/** GET /admin/rectifications/{id}/files/{file}: one file of the report, as an attachment. */
export async function rectificationFile(ctx: AdminContext): Promise<Response> {
  const actor = actorAllowed(ctx, 'credit.read');
  const id = Number(ctx.params['id']);
  const fileId = Number(ctx.params['file']);
  const file = Number.isSafeInteger(id) && Number.isSafeInteger(fileId) && id > 0 && fileId > 0 ? await rectificationAttachment(actor, id, fileId) : null;
  return fileDownload(file);
}
