import crypto from 'node:crypto';
import type { AstroCookies } from 'astro';

import { failure, runPipeline, type IntakeFailure, type Step } from '../../domain/intake-pipeline';
import { currentDeadline, isOverdue } from '../../domain/complaint-workflow';
import { chinaDate, datesUseOfficialCalendar } from '../../domain/working-days';
import { formatTrackingNumber } from '../../domain/tracking-number';
import { parseStatusQuery, StatusPageQuery, type FieldErrorMap } from '../../schemas/complaint';
import { findProgress, type ComplaintProgress } from '../../db/complaints-read-public';
import type { ComplaintSatisfaction } from '../../db/complaint-satisfaction';
import type { Site } from '../public';
import { issueFormToken, verifyFormToken, type VerifiedToken } from '../../server/csrf';
import { queryCodeHash } from './complaint';
import { failureJson, guarded, json, layoutSite, limitIntake, need, readForm, readJsonRequest, type IntakeContext } from './http';
import { loadSatisfaction, REVIEW_STEPS, savedMessage, satisfactionView, type ReviewCtx } from './satisfaction';

/**
 * The status page (/complaints/status): tracking number + query code → progress. A wrong pair
 * and an unknown number get the same answer, in about the same time, and attempts are limited
 * per address and per tracking number, so neither numbers nor codes can be guessed.
 * Anonymous reports see progress and dates; real-name reports also see the outcome and the
 * supervisors' feedback (有报必查、查必有果).
 */

// Many people can share one address (a hospital's network, a mobile carrier's NAT); guessing is
// stopped by the per-number limit below.
const IP_LIMIT = { limit: 30, windowSeconds: 60 };
const NUMBER_LIMIT = { limit: 10, windowSeconds: 3_600 };
import { STATUS_EXPLANATIONS } from '../../domain/open311';
export { STATUS_EXPLANATIONS };
export const NOT_FOUND_MESSAGE = '受理编号或查询码不正确，或没有这件投诉。请核对后再试（注意区分查询码中的字母和数字）。';

/** What the status page shows of a complaint (the component's Props say what each field means). */
export type StatusView = ReturnType<typeof statusView>;

/** A date-time in China (UTC+8), 'YYYY-MM-DD HH:mm'. */
export function chinaDateTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function statusView(p: ComplaintProgress, today: string, satisfaction: ComplaintSatisfaction = { reviews: [], followUps: [] }) {
  const realName = !p.anonymous;
  return {
    trackingNo: formatTrackingNumber(p.trackingNo),
    status: p.status,
    explanation: STATUS_EXPLANATIONS[p.status] ?? '',
    category: p.category,
    subcategory: p.subcategory,
    institutionName: p.institutionName,
    receivedAt: chinaDateTime(p.receivedAt),
    acceptDue: p.acceptDue,
    closeDue: p.closeDue,
    acceptedAt: p.acceptedAt ? chinaDateTime(p.acceptedAt) : null,
    closedAt: p.closedAt ? chinaDateTime(p.closedAt) : null,
    overdue:
      currentDeadline({ status: p.status as never, acceptDue: p.acceptDue, closeDue: p.closeDue }) !== null &&
      isOverdue({ status: p.status as never, acceptDue: p.acceptDue, closeDue: p.closeDue }, today),
    provisional: !datesUseOfficialCalendar([p.acceptDue, p.closeDue]),
    anonymous: p.anonymous,
    outcome: realName ? p.outcome : null,
    feedback: realName ? p.feedback : null,
    rejectReason: realName ? p.rejectReason : null,
    history: p.history.map((h) => ({ at: chinaDateTime(h.at), status: h.toStatus })),
    satisfaction: satisfactionView(p, satisfaction, today),
  };
}

export interface StatusCtx {
  request: Request;
  url: URL;
  ip: string;
  cookies: AstroCookies;
  fields: Record<string, string>;
  token: VerifiedToken | null;
  query: { trackingNo: string; queryCode: string } | null;
  /** The complaint the tracking number and query code proved access to. */
  progress: ComplaintProgress | null;
  satisfaction: ComplaintSatisfaction | null;
}

const checkFormToken: Step<StatusCtx> = {
  name: 'checkFormToken',
  run(ctx) {
    const r = verifyFormToken(ctx.request, ctx.url, ctx.cookies, 'status', ctx.fields['_token']);
    return r.ok ? { set: { token: r.token } } : { fail: r.failure };
  },
};

/**
 * Tracking number + query code → the complaint, with the limits per address and per number: the
 * status page's lookup, also what the review of a complaint (page and API) authenticates with.
 */
export const AUTH_STEPS: readonly Step<StatusCtx>[] = [
  { name: 'limitRate', run: (ctx) => limitIntake([{ key: `status:ip:${ctx.ip}`, ...IP_LIMIT }], '查询') },
  {
    name: 'validate',
    run(ctx) {
      const r = parseStatusQuery(ctx.fields);
      return r.ok ? { set: { query: r.value } } : { fail: failure('invalid', '请按提示修改后再查询。', { fieldErrors: r.fieldErrors }) };
    },
  },
  { name: 'limitNumber', run: (ctx) => limitIntake([{ key: `status:no:${need(ctx.query, 'the query').trackingNo}`, ...NUMBER_LIMIT }], '查询') },
  {
    name: 'lookUp',
    async run(ctx) {
      const { trackingNo, queryCode } = need(ctx.query, 'the query');
      const found = await guarded(() => findProgress(trackingNo));
      if (!found.ok) return { fail: found.fail };
      const progress = found.value;
      // The hash is computed whether or not the number exists, so both answers take as long.
      const given = Buffer.from(queryCodeHash(trackingNo, queryCode));
      const expected = Buffer.from(progress?.queryCodeHash ?? '');
      const match = progress !== null && queryCode !== '' && given.length === expected.length && crypto.timingSafeEqual(given, expected);
      if (!progress || !match) return { fail: failure('not_found', NOT_FOUND_MESSAGE) };
      return { set: { progress } };
    },
  },
  loadSatisfaction,
];

const STEPS: readonly Step<StatusCtx>[] = [checkFormToken, ...AUTH_STEPS];

/** A lookup's starting context: the request and the submitted number and code. */
function statusCtx(context: IntakeContext, fields: Record<string, string>): StatusCtx {
  const { request, url, clientAddress: ip, cookies } = context;
  return { request, url, ip, cookies, fields, token: null, query: null, progress: null, satisfaction: null };
}

export interface StatusPageState {
  token: string;
  values: { trackingNo: string };
  errors: FieldErrorMap;
  message: string | null;
  view: StatusView | null;
  /** The review form's answer: thanks, or why it was refused, and its field errors. */
  review: { message: string | null; ok: boolean; errors: FieldErrorMap; values: Record<string, string> } | null;
  /** The number and code the review form posts again (only on the answer to a matching lookup). */
  credentials: { trackingNo: string; queryCode: string } | null;
}

/** The status page: the lookup form (GET, `?no=` fills the number in) or its answer (POST). */
export interface StatusPage {
  status: number;
  state: StatusPageState;
  site: Site | null;
}

export async function statusPage(context: IntakeContext): Promise<StatusPage> {
  const { status, state } = await lookUp(context);
  return { status, state, site: await layoutSite() };
}

async function lookUp(context: IntakeContext): Promise<{ status: number; state: StatusPageState }> {
  const { request } = context;
  const base = (trackingNo: string): StatusPageState => ({
    token: issueFormToken(context.cookies, 'status'),
    values: { trackingNo: trackingNo.slice(0, 40) },
    errors: {},
    message: null,
    view: null,
    review: null,
    credentials: null,
  });
  if (request.method !== 'POST') {
    const query = StatusPageQuery.parse({ no: context.url.searchParams.get('no') });
    return { status: 200, state: base(query.no) };
  }
  const refuse = (f: IntakeFailure, trackingNo: string) => ({
    status: f.status,
    state: { ...base(trackingNo), errors: f.fieldErrors ?? {}, message: f.message },
  });
  const form = await readForm(request, 8 * 1024, '请通过查询页面上的表单查询。', '表单数据不完整，请重新查询。');
  if (!form.ok) return refuse(form.failure, '');
  const { fields } = form;
  const result = await runPipeline(STEPS, statusCtx(context, fields));
  if (!result.ok) return refuse(result.failure, fields['trackingNo'] ?? '');
  const found = result.ctx;
  const show = (c: StatusCtx) => statusView(need(c.progress, 'the complaint'), chinaDate(new Date()), c.satisfaction ?? undefined);
  const answer = { ...base(''), credentials: need(found.query, 'the query') };
  if (fields['op'] !== 'review') return { status: 200, state: { ...answer, view: show(found) } };
  // The review form posts the number and code again (hidden fields): the lookup above checked them.
  const reviewed = await runPipeline<ReviewCtx>(REVIEW_STEPS, { ...found, source: 'web', body: null, review: null, saved: null });
  if (!reviewed.ok) {
    const f = reviewed.failure;
    return {
      status: f.status,
      state: { ...answer, view: show(found), review: { ok: false, message: f.message, errors: f.fieldErrors ?? {}, values: fields } },
    };
  }
  const again = await runPipeline([loadSatisfaction], found);
  const level = need(reviewed.ctx.review, 'the review').level;
  const message = savedMessage(need(reviewed.ctx.saved, 'the saved review'), level);
  return { status: 200, state: { ...answer, view: show(again.ok ? again.ctx : found), review: { ok: true, message, errors: {}, values: {} } } };
}

// ---------------------------------------------------------------------------------------------
// The review of a closed complaint through the API: the lookup's steps, then the review's
// (src/handlers/intake/satisfaction.ts). Here, not there, so the two modules import one way only.

const API_BODY_LIMIT = 16 * 1024;

/** `POST /api/complaint-satisfaction`: { trackingNo, queryCode, level, reasons?, comment? }. */
export async function satisfactionApi(context: IntakeContext): Promise<Response> {
  const { request } = context;
  const parsed = await readJsonRequest(request, API_BODY_LIMIT);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value as Record<string, unknown> | null;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? { trackingNo: text(body['trackingNo']), queryCode: text(body['queryCode']) } : {};
  const ctx: ReviewCtx = { ...statusCtx(context, fields), source: 'api', body: parsed.value, review: null, saved: null };
  const result = await runPipeline<ReviewCtx>([...(AUTH_STEPS as readonly Step<ReviewCtx>[]), ...REVIEW_STEPS], ctx);
  if (!result.ok) return failureJson(result.failure);
  const saved = need(result.ctx.saved, 'the saved review');
  const level = need(result.ctx.review, 'the review').level;
  return json(201, {
    version: saved.version,
    level,
    changeableUntil: saved.changeableUntil,
    followUpDue: saved.openedFollowUp?.dueOn ?? null,
    message: savedMessage(saved, level),
  });
}
