import crypto from 'node:crypto';
import type { AstroCookies } from 'astro';
import type { ComplaintReceipt } from '../../domain/complaint-records';
import { config } from '../../config';
import { complaintDates, failure, runPipeline, type IntakeFailure, type Step } from '../../domain/intake-pipeline';
import { findSubcategory } from '../../domain/complaint-categories';
import { chinaDate } from '../../domain/working-days';
import { formatQueryCode, formatTrackingNumber, newQueryCode, newTrackingNumber } from '../../domain/tracking-number';
import {
  ChosenInstitutionCode,
  ComplaintPageQuery,
  institutionCode,
  MAX_PHOTOS,
  parseComplaintForm,
  parseComplaintJson,
  type ComplaintInput,
  type FieldErrorMap,
} from '../../schemas/complaint';
import { findInstitutionByCode, listTownships, searchInstitutions, type IntakeInstitution, type Township } from '../../db/complaints-read-public';
import { insertComplaint, isDuplicateClientRequest, TrackingNumberTaken, type NewComplaint } from '../../db/complaints-write';
import { findActiveClientByKey, type ApiClient } from '../../db/api-clients';
import { fingerprint, replayDecision } from '../../db/idempotency';
import type { LimitSpec } from '../../db/rate-limits';
import type { Site } from '../public';
import { encrypt, openSecret, sealSecret } from '../../server/pii-crypto';
import { hmac } from '../../server/secrets';
import { issueFormToken, verifyFormToken } from '../../server/csrf';
import { processPhoto, type ProcessedPhoto } from './photos';
import {
  checkFormToken,
  checkIdempotencyKey,
  checkIsHuman,
  failureJson,
  guarded,
  limitIntake,
  isDatabaseUnavailable,
  json,
  layoutSite,
  need,
  readForm,
  readJsonRequest,
  type IntakeContext,
  type SubmissionCtx,
} from './http';

/**
 * Complaint intake: the named steps of the pipeline (src/domain/intake-pipeline.ts) wired to the
 * database, the crypto and the request, and the two doors into it — the JSON API and the HTML
 * form. Routes call `complaintApi` or `complaintPage` and nothing else.
 */

/** JSON complaints are small (2,000 characters of description and a few short fields); the limit
 * leaves room for over-long values to be answered with field errors rather than a bare 413. */
export const API_BODY_LIMIT = 256 * 1024;
/** The form carries up to 3 photos of 5 MB each, plus the fields and multipart overhead. */
export const FORM_BODY_LIMIT = MAX_PHOTOS * 5 * 1024 * 1024 + 256 * 1024;

const INSTITUTION_LIMIT = { limit: 60, windowSeconds: 3_600 };

/** The acknowledgement, as the receipt page shows it (one definition, in the domain). */
export type Receipt = ComplaintReceipt;

/** What the complaint steps read and set, besides the shared ones (request, fields, token …). */
export interface ComplaintCtx extends SubmissionCtx {
  source: 'api' | 'web';
  /** API: the parsed JSON body. */
  body: unknown;
  /** Form: the photo files as posted. */
  files: File[];
  input: ComplaintInput | null;
  /** API: the client whose key came in `Authorization: Bearer …` (null: no key). */
  client: ApiClient | null;
  photos: ProcessedPhoto[];
  receipt: Receipt | null;
  /** Open311: the sender's own request number and the complainant's e-mail (the JSON API has them in `input`). */
  clientRequestId?: string | null;
  email?: string | null;
}

export function ctxOf(partial: Pick<ComplaintCtx, 'source' | 'request' | 'url' | 'ip' | 'cookies'> & Partial<ComplaintCtx>): ComplaintCtx {
  return {
    now: new Date(),
    body: null,
    fields: {},
    files: [],
    token: null,
    idempotencyKey: null,
    input: null,
    client: null,
    photos: [],
    receipt: null,
    ...partial,
  };
}

// ---------------------------------------------------------------------------------------------
// The steps

/**
 * An API client's key (`Authorization: Bearer <key>`, issued at /admin/clients). No header: the
 * anonymous API as before. A header that is malformed, or a key unknown or deactivated, is 401 —
 * never silently treated as anonymous, so a forwarding system notices a revoked key at once.
 */
export const authenticateClient: Step<ComplaintCtx> = {
  name: 'authenticateClient',
  async run(ctx) {
    const header = ctx.request.headers.get('authorization');
    if (header === null) return undefined;
    const key = /^Bearer\s+(\S{1,200})$/i.exec(header.trim())?.[1];
    if (!key) return { fail: failure('unauthorized', 'Authorization 请求头应为“Bearer <接入密钥>”。') };
    const r = await guarded(() => findActiveClientByKey(key));
    if (!r.ok) return { fail: r.fail };
    if (!r.value) return { fail: failure('unauthorized', '接入密钥无效或已停用，请联系平台管理员。') };
    return { set: { client: r.value } };
  },
};

export const validate: Step<ComplaintCtx> = {
  name: 'validate',
  run(ctx) {
    const r = ctx.source === 'api' ? parseComplaintJson(ctx.body) : parseComplaintForm(ctx.fields);
    if (!r.ok) return { fail: failure('invalid', '提交的内容有误，请按提示修改后重新提交。', { fieldErrors: r.fieldErrors }) };
    if (r.value.clientRequestId && !ctx.client) {
      return {
        fail: failure('invalid', '提交的内容有误，请按提示修改后重新提交。', {
          fieldErrors: { clientRequestId: '渠道工单号：仅限使用接入密钥（Authorization: Bearer）的接入渠道填写' },
        }),
      };
    }
    return { set: { input: r.value } };
  },
};

/**
 * Per address and, for a listed institution, per institution (by its code: the code is checked
 * when saving, in the same statement as the insert), counted in one statement.
 */
export const limitRate: Step<ComplaintCtx> = {
  name: 'limitRate',
  run(ctx) {
    // A client with a key has its own limit (set at /admin/clients) instead of the per-address
    // one: a 12345 system forwards many citizens' complaints from one address.
    if (ctx.client) return limitIntake([{ key: `complaint:client:${ctx.client.id}`, limit: ctx.client.rateLimitPerMinute, windowSeconds: 60 }]);
    const specs: LimitSpec[] = [{ key: `complaint:ip:${ctx.ip}`, limit: config.INTAKE_IP_LIMIT_PER_MINUTE, windowSeconds: 60 }];
    const code = ctx.input?.institutionCode;
    if (code) specs.push({ key: `complaint:inst:${code}`, ...INSTITUTION_LIMIT });
    return limitIntake(specs);
  },
};

export const processPhotos: Step<ComplaintCtx> = {
  name: 'processPhotos',
  async run(ctx) {
    if (ctx.files.length === 0) return undefined;
    if (ctx.files.length > MAX_PHOTOS) {
      return { fail: failure('invalid', '提交的内容有误，请按提示修改后重新提交。', { fieldErrors: { photos: `照片：最多上传 ${MAX_PHOTOS} 张` } }) };
    }
    const photos: ProcessedPhoto[] = [];
    const errors: string[] = [];
    for (const [i, file] of ctx.files.entries()) {
      const r = await processPhoto(new Uint8Array(await file.arrayBuffer()), `第 ${i + 1} 张照片`);
      if (r.ok) photos.push(r.photo);
      else errors.push(r.message);
    }
    if (errors.length) return { fail: failure('invalid', '照片无法接收，请按提示更换后重新提交。', { fieldErrors: { photos: errors.join('；') } }) };
    return { set: { photos } };
  },
};

/** What is stored with the idempotency key and replayed; the query code only sealed. */
interface StoredReceipt {
  trackingNo: string;
  querySealed: string;
  expectedAcceptBy: string;
  expectedCloseBy: string;
  anonymous: boolean;
  requestHash: string;
  /** Added after 2026-07 (issue 17); older stored answers lack them. */
  institutionCode?: string | null;
  unlistedName?: string | null;
  photos?: number;
  /** Filled in by the insert statement itself (src/db/complaints-write.ts). */
  institutionName?: string | null;
  regionName?: string | null;
}

export function queryCodeHash(trackingNo: string, queryCode: string): string {
  return hmac('query-code', `${trackingNo}|${queryCode}`);
}

function receiptFrom(stored: StoredReceipt, replayed: boolean): Receipt {
  return {
    trackingNo: formatTrackingNumber(stored.trackingNo),
    queryCode: formatQueryCode(openSecret(stored.querySealed, 'query-code')),
    expectedAcceptBy: stored.expectedAcceptBy,
    expectedCloseBy: stored.expectedCloseBy,
    anonymous: stored.anonymous,
    replayed,
    institution: stored.institutionCode ? { code: stored.institutionCode, name: stored.institutionName ?? '' } : null,
    unlisted: stored.unlistedName ? { name: stored.unlistedName, regionName: stored.regionName ?? null } : null,
    photos: stored.photos ?? 0,
  };
}

const encryptEmail = (email: string | null): Buffer | null => (email ? encrypt(email, 'complainant_email') : null);

export const save: Step<ComplaintCtx> = {
  name: 'save',
  async run(ctx) {
    const input = need(ctx.input, 'the input');
    const dates = complaintDates(ctx.now, input.category);
    const requestHash = fingerprint({ ...input, photos: ctx.photos.map((p) => crypto.createHash('sha256').update(p.content).digest('base64url')) });
    const anonymous = input.anonymous;
    for (let attempt = 0; attempt < 3; attempt++) {
      const trackingNo = newTrackingNumber(Number(dates.receivedOn.slice(0, 4)));
      const queryCode = newQueryCode();
      const complaint: NewComplaint = {
        trackingNo,
        queryCodeHash: queryCodeHash(trackingNo, queryCode),
        channel: ctx.source === 'web' ? 'web' : ((ctx.client?.channel as NewComplaint['channel'] | undefined) ?? input.channel ?? 'api'),
        apiClientId: ctx.client?.id ?? null,
        // Open311 carries the sender's number as an attribute (ctx), the JSON API as a field.
        clientRequestId: ctx.clientRequestId ?? (ctx.client ? (input.clientRequestId ?? null) : null),
        institutionCode: input.institutionCode ?? null,
        unlistedName: input.institutionCode ? null : (input.unlistedName ?? null),
        unlistedAddress: input.institutionCode ? null : (input.unlistedAddress ?? null),
        regionCode: input.institutionCode ? null : (input.regionCode ?? null),
        category: input.category,
        subcategory: input.subcategory ? (findSubcategory(input.category, input.subcategory)?.label ?? null) : null,
        description: input.description,
        occurredOn: input.occurredOn ?? null,
        anonymous,
        // An anonymous complaint keeps no personal data, even if some was typed in.
        nameEnc: anonymous || !input.name ? null : encrypt(input.name, 'complainant_name'),
        phoneEnc: anonymous || !input.phone ? null : encrypt(input.phone, 'complainant_phone'),
        emailEnc: encryptEmail(anonymous ? null : (ctx.email ?? input.email ?? null)),
        receivedAt: ctx.now,
        acceptDue: dates.acceptDue,
        closeDue: dates.closeDue,
      };
      // The answer to replay (sealing the query code costs a cipher) only when there is a key.
      // The institution's and township's names are added by the insert, which looks them up.
      const subject = {
        institutionCode: input.institutionCode ?? null,
        unlistedName: input.institutionCode ? null : (input.unlistedName ?? null),
        photos: ctx.photos.length,
      };
      const answer: StoredReceipt | null = ctx.idempotencyKey
        ? {
            trackingNo,
            querySealed: sealSecret(queryCode, 'query-code'),
            expectedAcceptBy: dates.acceptDue,
            expectedCloseBy: dates.closeDue,
            anonymous,
            requestHash,
            ...subject,
          }
        : null;
      const idem = ctx.idempotencyKey && answer ? { key: ctx.idempotencyKey, scope: 'complaint', answer: { ...answer } } : null;
      let result;
      try {
        const r = await guarded(() => insertComplaint(complaint, ctx.photos, idem));
        if (!r.ok) return { fail: r.fail };
        result = r.value;
      } catch (e) {
        if (e instanceof TrackingNumberTaken) continue;
        if (isDuplicateClientRequest(e)) {
          return { fail: failure('conflict', `渠道工单号“${input.clientRequestId ?? ''}”已提交过，不能重复提交。`) };
        }
        throw e;
      }
      if (result.kind === 'institution_unknown') {
        return {
          fail: failure('invalid', '提交的内容有误，请按提示修改后重新提交。', {
            fieldErrors: {
              institutionCode: `被投诉机构：没有找到编码为“${input.institutionCode}”的机构；机构不在列表中时请填写其名称和地址`,
            },
          }),
        };
      }
      if (result.kind === 'region_unknown') {
        return {
          fail: failure('invalid', '提交的内容有误，请按提示修改后重新提交。', {
            fieldErrors: { regionCode: `所在乡镇（街道）：没有找到代码为“${input.regionCode}”的乡镇（街道），请从列表中选择` },
          }),
        };
      }
      if (result.kind === 'created') {
        const receipt: Receipt = {
          trackingNo: formatTrackingNumber(trackingNo),
          queryCode: formatQueryCode(queryCode),
          expectedAcceptBy: dates.acceptDue,
          expectedCloseBy: dates.closeDue,
          anonymous,
          replayed: false,
          institution: result.subject.institution,
          unlisted: subject.unlistedName ? { name: subject.unlistedName, regionName: result.subject.regionName } : null,
          photos: ctx.photos.length,
        };
        return { set: { receipt } };
      }
      if (replayDecision(result.stored, 'complaint', requestHash) === 'mismatch') {
        const message =
          ctx.source === 'api'
            ? 'Idempotency-Key 已用于另一份内容不同的提交。新的投诉请使用新的 Idempotency-Key。'
            : '此表单已经提交过，不能再用它提交不同的内容。如需另行投诉，请重新打开投诉页面。';
        return { fail: failure('conflict', message) };
      }
      return { set: { receipt: receiptFrom(result.stored.response as unknown as StoredReceipt, true) } };
    }
    throw new Error('could not draw a free tracking number in 3 attempts');
  },
};

/**
 * After the commit, and only then: the web form keeps the receipt (sealed, HttpOnly, readable
 * once) for the acknowledgement page; the API answers with it directly.
 */
export const acknowledge: Step<ComplaintCtx> = {
  name: 'acknowledge',
  run(ctx): undefined {
    if (ctx.source === 'web') setReceiptCookie(need(ctx.cookies, 'cookies'), need(ctx.receipt, 'the receipt'));
  },
};

/**
 * Validation comes before the rate limit: a request that is wrong costs no database work at all,
 * and only submissions that could be saved are counted.
 */
export const API_STEPS: readonly Step<ComplaintCtx>[] = [authenticateClient, checkIdempotencyKey<ComplaintCtx>(), validate, limitRate, save, acknowledge];
export const WEB_STEPS: readonly Step<ComplaintCtx>[] = [
  checkFormToken<ComplaintCtx>('complaint'),
  checkIsHuman<ComplaintCtx>(),
  validate,
  limitRate,
  processPhotos,
  save,
  acknowledge,
];

// ---------------------------------------------------------------------------------------------
// The JSON API

/** `POST /api/complaints`. */
export async function complaintApi(context: IntakeContext): Promise<Response> {
  const { request } = context;
  const parsed = await readJsonRequest(request, API_BODY_LIMIT);
  if (!parsed.ok) return parsed.response;
  const ctx = ctxOf({ source: 'api', request, url: context.url, ip: context.clientAddress, cookies: null, body: parsed.value });
  const result = await runPipeline(API_STEPS, ctx);
  if (!result.ok) return failureJson(result.failure);
  const r = need(result.ctx.receipt, 'the receipt');
  return json(
    201,
    { trackingNo: r.trackingNo, queryCode: r.queryCode, expectedAcceptBy: r.expectedAcceptBy },
    r.replayed ? { 'Idempotent-Replayed': 'true' } : {},
  );
}

// ---------------------------------------------------------------------------------------------
// The HTML form

export const RECEIPT_COOKIE = 'intake_receipt';
export const RECEIPT_PATH = '/complaints/submitted';

export interface ChosenInstitution {
  code: string;
  name: string;
  address: string | null;
}

export interface ComplaintFormState {
  token: string;
  values: Record<string, string>;
  errors: FieldErrorMap;
  /** A sentence above the form: what went wrong as a whole. */
  message: string | null;
  institution: ChosenInstitution | null;
  /** The ?i= code that matched nothing. */
  unknownCode: string | null;
  query: string;
  results: ChosenInstitution[] | null;
  /** The search matched more than the results shown. */
  moreResults: boolean;
  /** Where an unlisted place can be: the township list (empty when a listed institution is chosen). */
  townships: Township[];
  /** The database could not be reached while showing the page. */
  degraded: boolean;
}

/** Institutions shown for one search of the form. */
export const SEARCH_RESULTS_SHOWN = 12;

/** The region table changes only with an import: read it at most once a minute. */
let townshipCache: { at: number; list: Township[] } | null = null;
async function townships(): Promise<Township[]> {
  if (townshipCache && Date.now() - townshipCache.at < 60_000) return townshipCache.list;
  const list = await listTownships();
  townshipCache = { at: Date.now(), list };
  return list;
}

function chosen(i: IntakeInstitution): ChosenInstitution {
  return { code: i.code, name: i.name, address: i.address };
}

/** Keep the receipt for the acknowledgement page, readable once (sealed, HttpOnly, 10 minutes). */
function setReceiptCookie(cookies: AstroCookies, r: Receipt): void {
  cookies.set(RECEIPT_COOKIE, sealSecret(JSON.stringify(r), 'receipt'), {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.HTTPS,
    path: RECEIPT_PATH,
    maxAge: 600,
  });
}

/** The receipt for the acknowledgement page, once: the cookie is deleted as it is read. */
export function takeReceipt(cookies: AstroCookies): Receipt | null {
  const sealed = cookies.get(RECEIPT_COOKIE)?.value;
  if (!sealed) return null;
  cookies.delete(RECEIPT_COOKIE, { path: RECEIPT_PATH });
  try {
    return JSON.parse(openSecret(sealed, 'receipt')) as Receipt;
  } catch {
    return null;
  }
}

async function formState(context: Pick<IntakeContext, 'url' | 'cookies'>, values: Record<string, string>): Promise<ComplaintFormState> {
  const query = ComplaintPageQuery.parse({ q: context.url.searchParams.get('q'), i: context.url.searchParams.get('i') });
  const state: ComplaintFormState = {
    token: issueFormToken(context.cookies, 'complaint'),
    values,
    errors: {},
    message: null,
    institution: null,
    unknownCode: null,
    query: query.q,
    results: null,
    moreResults: false,
    townships: [],
    degraded: false,
  };
  const code = ChosenInstitutionCode.parse(values['institutionCode'] || query.i);
  try {
    if (code) {
      const inst = institutionCode.safeParse(code).success ? await findInstitutionByCode(code) : null;
      if (inst) {
        state.institution = chosen(inst);
        state.values = { ...state.values, institutionCode: inst.code };
      } else {
        state.unknownCode = code;
        state.values = { ...state.values, institutionCode: '' };
      }
    }
    if (state.query.trim()) {
      // One more than shown: says whether there are more, without counting them all.
      const found = await searchInstitutions(state.query, SEARCH_RESULTS_SHOWN + 1);
      state.moreResults = found.length > SEARCH_RESULTS_SHOWN;
      state.results = found.slice(0, SEARCH_RESULTS_SHOWN).map(chosen);
    }
    if (!state.institution) state.townships = await townships();
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    state.degraded = true;
  }
  return state;
}

function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}

/** The complaint page: the form (with the search, the chosen institution, today's date), or a plain answer (redirect, JSON). */
export type ComplaintPageResult = { response: Response } | { status: number; state: ComplaintPageState; site: Site | null };

export interface ComplaintPageState extends ComplaintFormState {
  /** Today in China, the latest possible date of the incident. */
  today: string;
}

/** GET shows the form; POST runs the pipeline and answers with a redirect, JSON or the form again. */
export async function complaintPage(context: IntakeContext): Promise<ComplaintPageResult> {
  const result = await submit(context);
  if ('response' in result) return result;
  return { status: result.status, state: { ...result.state, today: chinaDate(new Date()) }, site: await layoutSite() };
}

type FormAnswer = { response: Response } | { status: number; state: ComplaintFormState };

async function submit(context: IntakeContext): Promise<FormAnswer> {
  const { request } = context;
  if (request.method !== 'POST') return { status: 200, state: await formState(context, {}) };

  const asJson = wantsJson(request);
  /** The form again with what went wrong; a valid submitted token is handed back, so the form keeps its idempotency key and its fill time. */
  const refuse = async (f: IntakeFailure, values: Record<string, string>, submittedToken?: string): Promise<FormAnswer> => {
    if (asJson) return { response: failureJson(f) };
    const state = await formState(context, values);
    const keep = submittedToken !== undefined && verifyFormToken(request, context.url, context.cookies, 'complaint', submittedToken).ok;
    return { status: f.status, state: { ...state, ...(keep ? { token: submittedToken } : {}), errors: f.fieldErrors ?? {}, message: f.message } };
  };

  const form = await readForm(request, FORM_BODY_LIMIT, '请通过投诉页面上的表单提交。', '表单数据不完整，请重新提交。');
  if (!form.ok) return refuse(form.failure, {});
  const { fields, files } = form;
  const values = Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => !k.startsWith('_') && k !== 'website')
      .map(([k, v]) => [k, v.slice(0, 5000)]),
  );

  const ctx = ctxOf({ source: 'web', request, url: context.url, ip: context.clientAddress, cookies: context.cookies, fields, files });
  const result = await runPipeline(WEB_STEPS, ctx);
  if (!result.ok) return refuse(result.failure, values, fields['_token']);
  if (asJson) return { response: json(201, { ok: true, next: RECEIPT_PATH }) };
  return { response: context.redirect(RECEIPT_PATH, 303) };
}

/** The acknowledgement page: the receipt (once) and the layout's dataset. */
export async function receiptPage(context: Pick<IntakeContext, 'cookies'>): Promise<{ receipt: Receipt | null; site: Site | null }> {
  const receipt = takeReceipt(context.cookies);
  return { receipt, site: await layoutSite() };
}
