import type { APIContext } from 'astro';
import { config } from '../config';
import { failure, runPipeline, type IntakeFailure, type Step } from '../domain/intake-pipeline';
import {
  OPEN311_ATTRIBUTES,
  OPEN311_SERVICES,
  open311Status,
  personName,
  serviceCodeOf,
  serviceNameOf,
  serviceOf,
  statusesOf,
  statusNotes,
} from '../domain/open311';
import { formatTrackingNumber, parseTrackingNumber } from '../domain/tracking-number';
import { findActiveClientByKey, type ApiClient } from '../db/api-clients';
import { storedKey } from '../db/idempotency';
import { clientRequests, type ClientRequestRow } from '../db/open311';
import { fieldErrors } from '../schemas/zod-errors';
import { anonymousAttribute, clientRequestId, complainantEmail, OPEN311_QUERY_LABELS, open311ListQuery } from '../schemas/open311';
import { API_BODY_LIMIT, ctxOf, FORM_BODY_LIMIT, processPhotos, save, validate, type ComplaintCtx } from './intake/complaint';
import { guarded, limitIntake, need, NO_STORE, parseJson, readBody, readForm, type IntakeContext } from './intake/http';
import { STATUS_EXPLANATIONS } from './intake/status';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): discovery, services, service
 * definitions, POST and GET requests. A POST goes through the same intake pipeline as the JSON
 * API (validate → rate limit → photos → save), with the client's channel and id on the complaint.
 * Answers are JSON; errors are the spec's array of { code, description }.
 *
 * Decisions (docs/integrations.md, "## Open311"):
 * - api_key is required for POST and for GET requests: a client reads back only the requests it
 *   sent (a tracking number alone must not reveal a complaint's state to anyone);
 * - media_url is not fetched: the server would download whatever address a client names (from
 *   inside the commission's network), and a photo must pass the same checks as the web form's —
 *   so photos come as multipart `media` files instead;
 * - the spec has no field for the sender's own number: attribute[client_request_id] carries it,
 *   and a repeated number returns the first answer instead of a second complaint.
 */

const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** GET requests.json: the spec's defaults — the last 90 days, at most 1000 requests. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE } });
}

/** The spec's error answer: the HTTP status and an array of { code, description }. */
export function open311Errors(status: number, descriptions: readonly string[], headers: Record<string, string> = {}): Response {
  const r = json(
    status,
    descriptions.map((description) => ({ code: status, description })),
  );
  for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
  return r;
}

/** Where a complaint field comes from in an Open311 request (for error messages). */
const OPEN311_FIELD: Record<string, string> = {
  institutionCode: 'attribute[institution_code]',
  unlistedName: 'attribute[unlisted_name]',
  unlistedAddress: 'attribute[unlisted_address]',
  regionCode: 'attribute[region_code]',
  category: 'service_code',
  subcategory: 'service_code',
  description: 'description',
  occurredOn: 'attribute[occurred_on]',
  anonymous: 'attribute[anonymous]',
  name: 'first_name / last_name',
  phone: 'phone',
  photos: 'media',
};

function failureAnswer(f: IntakeFailure): Response {
  const headers: Record<string, string> = f.retryAfterSeconds ? { 'Retry-After': String(f.retryAfterSeconds) } : {};
  const list = f.fieldErrors ? Object.entries(f.fieldErrors).map(([k, m]) => `[${OPEN311_FIELD[k] ?? k}] ${m}`) : [f.message];
  return open311Errors(f.status, list, headers);
}

function isoChina(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

// ---------------------------------------------------------------------------------------------
// Discovery and services

export function discovery(): Response {
  const changeset = '2026-12-01T00:00:00+08:00';
  return json(200, {
    changeset,
    contact: '医疗机构依法执业信用公示平台（卫生健康委员会）。接入申请与 api_key：请联系平台管理员。',
    key_service: '由平台管理员在“接口客户端”中创建（/admin/clients），每个渠道一个 api_key。',
    endpoints: [{ specification: SPEC, url: `${config.publicUrl}/open311/v2`, changeset, type: 'production', formats: ['application/json'] }],
  });
}

export function services(): Response {
  return json(200, OPEN311_SERVICES);
}

export function serviceDefinition(code: string | undefined): Response {
  const found = OPEN311_SERVICES.find((s) => s.service_code === code);
  if (!found) return open311Errors(404, [`service_code：没有代码为“${code ?? ''}”的服务，请以 services.json 为准`]);
  return json(200, { service_code: found.service_code, attributes: OPEN311_ATTRIBUTES });
}

// ---------------------------------------------------------------------------------------------
// The client

type ClientResult = { ok: true; client: ApiClient } | { ok: false; response: Response };

async function authenticate(key: string | null | undefined): Promise<ClientResult> {
  if (!key) return { ok: false, response: open311Errors(403, ['api_key：缺少 api_key。请向平台管理员申请。']) };
  const r = await guarded(() => findActiveClientByKey(key));
  if (!r.ok) return { ok: false, response: failureAnswer(r.fail) };
  if (!r.value) return { ok: false, response: open311Errors(403, ['api_key：无效，或已停用。']) };
  return { ok: true, client: r.value };
}

// ---------------------------------------------------------------------------------------------
// POST requests.json

interface Posted {
  fields: Record<string, string>;
  attributes: Record<string, string>;
  files: File[];
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `attribute[code]` fields (form) or an `attribute` object (JSON) → { code: value }. */
function splitAttributes(entries: Iterable<[string, unknown]>): Pick<Posted, 'fields' | 'attributes'> {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const [k, v] of entries) {
    const m = /^attribute\[([\w-]+)\]$/.exec(k);
    if (m?.[1]) {
      const t = text(v);
      if (t !== undefined) attributes[m[1]] ??= t;
    } else if (k === 'attribute' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [ak, av] of Object.entries(v as Record<string, unknown>)) {
        const t = text(av);
        if (t !== undefined) attributes[ak] ??= t;
      }
    } else {
      const t = text(v);
      if (t !== undefined) fields[k] ??= t;
    }
  }
  return { fields, attributes };
}

/** The body as fields, attributes and `media` files: form-encoded, multipart or JSON, counted as it streams. */
async function readPosted(request: Request): Promise<{ ok: true; posted: Posted } | { ok: false; failure: IntakeFailure }> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const body = await readBody(request, API_BODY_LIMIT);
    if (!body.ok) return body;
    const parsed = parseJson(body.bytes);
    if (!parsed.ok) return parsed;
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      return { ok: false, failure: failure('invalid', '请求体应为一个 JSON 对象。') };
    }
    return { ok: true, posted: { ...splitAttributes(Object.entries(parsed.value)), files: [] } };
  }
  const limit = type.startsWith('multipart/form-data') ? FORM_BODY_LIMIT : API_BODY_LIMIT;
  const form = await readForm(
    request,
    limit,
    '请求体应为 application/x-www-form-urlencoded、multipart/form-data（附照片时）或 application/json。',
    '表单数据不完整，无法读取。',
    'media',
  );
  if (!form.ok) return form;
  return { ok: true, posted: { ...splitAttributes(Object.entries(form.fields)), files: form.files } };
}

type Mapped = { ok: true; body: Record<string, unknown>; email: string | null; clientRequestId: string | null } | { ok: false; errors: string[] };

/** Open311 fields → the complaint as the JSON API takes it (then validated by the same schema). */
export function mapRequest(p: Pick<Posted, 'fields' | 'attributes'>): Mapped {
  const { fields, attributes } = p;
  const errors: string[] = [];
  const code = fields['service_code']?.trim();
  const service = code ? serviceOf(code) : null;
  if (!code) errors.push('[service_code] 必填：问题类别，见 services.json');
  else if (!service) errors.push(`[service_code] 没有代码为“${code}”的服务，请以 services.json 为准`);
  const phone = fields['phone']?.trim() || undefined;
  let anonymous = !phone;
  if (attributes['anonymous']?.trim()) {
    const a = anonymousAttribute.safeParse(attributes['anonymous'].trim());
    if (a.success) anonymous = a.data;
    else errors.push(`[attribute[anonymous]] ${a.error.issues[0]?.message ?? ''}`);
  }
  let email: string | null = null;
  if (fields['email']?.trim() && !anonymous) {
    const e = complainantEmail.safeParse(fields['email']);
    if (e.success) email = e.data;
    else errors.push(`[email] ${e.error.issues[0]?.message ?? ''}`);
  }
  let requestId: string | null = null;
  if (attributes['client_request_id']?.trim()) {
    const r = clientRequestId.safeParse(attributes['client_request_id']);
    if (r.success) requestId = r.data;
    else errors.push(`[attribute[client_request_id]] ${r.error.issues[0]?.message ?? ''}`);
  }
  if (errors.length || !service) return { ok: false, errors };
  const body: Record<string, unknown> = {
    institutionCode: attributes['institution_code'],
    unlistedName: attributes['unlisted_name'],
    unlistedAddress: attributes['unlisted_address'] ?? fields['address_string'],
    regionCode: attributes['region_code'],
    category: service.category.name,
    subcategory: service.subcategory.id,
    description: fields['description'] ?? '',
    occurredOn: attributes['occurred_on'],
    anonymous,
    name: anonymous ? undefined : personName(fields['first_name'], fields['last_name']),
    phone: anonymous ? undefined : phone,
  };
  return { ok: true, body: Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)), email, clientRequestId: requestId };
}

/** Per client, at the rate the administrator set for it (api_clients.rate_limit_per_minute). */
function limitClient(client: ApiClient): Step<ComplaintCtx> {
  return { name: 'limitClient', run: () => limitIntake([{ key: `complaint:client:${client.id}`, limit: client.rateLimitPerMinute, windowSeconds: 60 }]) };
}

function isClientRequestTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint_name?: string } | null;
  return err?.code === '23505' && err.constraint_name === 'complaints_client_request';
}

export async function postRequest(context: IntakeContext): Promise<Response> {
  const { request } = context;
  const read = await readPosted(request);
  if (!read.ok) return failureAnswer(read.failure);
  const { posted } = read;
  const auth = await authenticate(posted.fields['api_key'] ?? context.url.searchParams.get('api_key'));
  if (!auth.ok) return auth.response;
  const { client } = auth;
  const mapped = mapRequest(posted);
  if (!mapped.ok) return open311Errors(400, mapped.errors);
  const ctx: ComplaintCtx = {
    ...ctxOf({ source: 'api', request, url: context.url, ip: context.clientAddress, cookies: null, body: mapped.body, files: posted.files }),
    client,
    clientRequestId: mapped.clientRequestId,
    email: mapped.email,
    // The sender's own number is the idempotency key: a resend gets the first answer back.
    idempotencyKey: mapped.clientRequestId ? storedKey('api', mapped.clientRequestId, `open311-client:${client.id}`) : null,
  };
  let result;
  try {
    result = await runPipeline([validate, limitClient(client), processPhotos, save], ctx);
  } catch (e) {
    if (isClientRequestTaken(e)) return open311Errors(409, [`[attribute[client_request_id]] 工单号“${mapped.clientRequestId ?? ''}”已经提交过。`]);
    throw e;
  }
  if (!result.ok) return failureAnswer(result.failure);
  const r = need(result.ctx.receipt, 'the receipt');
  return json(200, [
    {
      service_request_id: r.trackingNo,
      service_notice: `已收到，预计 ${r.expectedAcceptBy} 前受理。投诉人可凭受理编号和查询码在 ${config.publicUrl}/complaints/status 查询办理进度。`,
      account_id: null,
      // Extension: the query code the caller needs for the public status page (shown once, as the JSON API does).
      query_code: r.queryCode,
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// GET requests.json and requests/{id}.json

function requestView(row: ClientRequestRow) {
  const status = open311Status(row.status);
  return {
    service_request_id: formatTrackingNumber(row.trackingNo),
    status,
    status_notes: statusNotes(row, STATUS_EXPLANATIONS[row.status] ?? ''),
    service_name: serviceNameOf(row.category, row.subcategory),
    service_code: serviceCodeOf(row.category, row.subcategory),
    agency_responsible: '卫生健康委员会卫生监督机构',
    service_notice: status === 'open' ? `受理时限 ${row.acceptDue}，办结时限 ${row.closeDue}` : null,
    requested_datetime: isoChina(row.receivedAt),
    updated_datetime: isoChina(row.updatedAt),
    expected_datetime: status === 'open' ? `${row.closeDue}T23:59:59+08:00` : null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
    // Extension: the sender's own number, as it sent it.
    client_request_id: row.clientRequestId,
  };
}

export async function getRequests(context: Pick<APIContext, 'url'>): Promise<Response> {
  const auth = await authenticate(context.url.searchParams.get('api_key'));
  if (!auth.ok) return auth.response;
  const raw = Object.fromEntries([...context.url.searchParams.entries()].filter(([k]) => k !== 'api_key'));
  const q = open311ListQuery.safeParse(raw);
  if (!q.success)
    return open311Errors(
      400,
      fieldErrors(q.error.issues, OPEN311_QUERY_LABELS).map((e) => `[${e.label}] ${e.message}`),
    );
  const day = 86_400_000;
  const to = q.data.end_date ?? (q.data.start_date ? new Date(q.data.start_date.getTime() + DEFAULT_DAYS * day) : new Date());
  const from = q.data.start_date ?? new Date(to.getTime() - DEFAULT_DAYS * day);
  const service = q.data.service_code ? serviceOf(q.data.service_code) : null;
  const r = await guarded(() =>
    clientRequests(
      auth.client.id,
      {
        trackingNos: q.data.service_request_id,
        category: service?.category.name,
        subcategory: service?.subcategory.label,
        statuses: q.data.status ? statusesOf(q.data.status) : undefined,
        from,
        to,
      },
      MAX_REQUESTS,
    ),
  );
  if (!r.ok) return failureAnswer(r.fail);
  return json(200, r.value.map(requestView));
}

export async function getRequest(context: Pick<APIContext, 'url' | 'params'>): Promise<Response> {
  const auth = await authenticate(context.url.searchParams.get('api_key'));
  if (!auth.ok) return auth.response;
  const id = parseTrackingNumber(context.params['id'] ?? '');
  if (!id.ok) return open311Errors(404, [`service_request_id：${id.message}`]);
  const far = new Date(0);
  const r = await guarded(() => clientRequests(auth.client.id, { trackingNos: [id.value], from: far, to: new Date() }, 1));
  if (!r.ok) return failureAnswer(r.fail);
  if (r.value.length === 0) return open311Errors(404, ['service_request_id：没有这个请求，或它不是由本客户端提交的。']);
  return json(200, r.value.map(requestView));
}

export function open311MethodNotAllowed(allow: string): Response {
  return open311Errors(405, [`只接受 ${allow} 请求。`], { Allow: allow });
}
