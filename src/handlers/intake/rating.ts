import crypto from 'node:crypto';
import type { AstroCookies } from 'astro';
import { config } from '../../config';
import { failure, runPipeline, RATING_DEVICE_WINDOW_DAYS, type IntakeFailure, type Step } from '../../domain/intake-pipeline';
import { institutionCode, type FieldErrorMap } from '../../schemas/complaint';
import { parseRatingForm, parseRatingJson, RatingPageQuery, type RatingInput } from '../../schemas/rating';
import { findInstitutionByCode, type IntakeInstitution } from '../../db/complaints-read-public';
import { isInstitutionStatus, levelHiddenNotice, ratingLinkAvailable } from '../../domain/institution-status';
import { insertRating } from '../../db/ratings-write';
import { ratedRecently } from '../../db/clinic-board';
import type { Site } from '../public';
import { fingerprint, replayDecision } from '../../db/idempotency';
import { hmac } from '../../server/secrets';
import { issueFormToken } from '../../server/csrf';
import {
  checkFormToken,
  checkIdempotencyKey,
  checkIsHuman,
  failureJson,
  guarded,
  isDatabaseUnavailable,
  layoutSite,
  limitIntake,
  json,
  need,
  readForm,
  readJsonRequest,
  unavailable,
  type IntakeContext,
  type SubmissionCtx,
} from './http';

/**
 * Rating intake (评价): the JSON API `POST /api/ratings` and the form on /i/{code}/rate, as the
 * same named steps as complaints. One rating per institution per device per 30 days: the device
 * is the browser's long-lived cookie (web), the app's deviceId (API), or failing both the
 * address and browser; only an HMAC of it is stored.
 */

const RATING_BODY_LIMIT = 16 * 1024;
const IP_LIMIT = { limit: 10, windowSeconds: 60 };
const INSTITUTION_LIMIT = { limit: 300, windowSeconds: 3_600 };
/** Rating a clinic is quick, but not instant. */
const RATING_MIN_FILL_MS = 1_500;
export const DEVICE_COOKIE = 'rating_device';

/** What the rating steps read and set, besides the shared ones (request, fields, token …). */
export interface RatingCtx extends SubmissionCtx {
  source: 'api' | 'web';
  body: unknown;
  input: RatingInput | null;
  institution: IntakeInstitution | null;
  saved: { ratingId: number; commentStatus: '待审核' | '无'; replayed: boolean } | null;
}

const invalid = (fieldErrors: FieldErrorMap) => failure('invalid', '提交的内容有误，请按提示修改后重新提交。', { fieldErrors });

export const limitRate: Step<RatingCtx> = {
  name: 'limitRate',
  run: (ctx) => limitIntake([{ key: `rating:ip:${ctx.ip}`, ...IP_LIMIT }]),
};

export const validate: Step<RatingCtx> = {
  name: 'validate',
  run(ctx) {
    const r = ctx.source === 'api' ? parseRatingJson(ctx.body) : parseRatingForm(ctx.fields);
    return r.ok ? { set: { input: r.value } } : { fail: invalid(r.fieldErrors) };
  },
};

export const resolveInstitution: Step<RatingCtx> = {
  name: 'resolveInstitution',
  async run(ctx) {
    const code = need(ctx.input, 'the input').institutionCode;
    const r = await guarded(() => findInstitutionByCode(code));
    if (!r.ok) return { fail: r.fail };
    if (!r.value) return { fail: invalid({ institutionCode: `被评价机构：没有找到编码为“${code}”的机构` }) };
    const closed = closedNotice(r.value.status);
    if (closed) return { fail: failure('conflict', closed) };
    return { set: { institution: r.value } };
  },
};

/**
 * Why a closed institution (歇业/注销/吊销) cannot be rated, or null (seed 001 七(三): it no
 * longer carries a level; ratingLinkAvailable). Complaints about it are still taken.
 */
export function closedNotice(status: string): string | null {
  if (!isInstitutionStatus(status) || ratingLinkAvailable(status)) return null;
  return `${levelHiddenNotice(status) ?? ''}该机构已停止执业，不接受评价；如发现其仍在执业，请投诉举报。`;
}

export const limitInstitution: Step<RatingCtx> = {
  name: 'limitInstitution',
  run: (ctx) => limitIntake([{ key: `rating:inst:${need(ctx.institution, 'the institution').id}`, ...INSTITUTION_LIMIT }]),
};

/** The device, as an HMAC: cookie (web), deviceId (app), else address + browser. */
export function deviceHash(ctx: Pick<RatingCtx, 'source' | 'cookies' | 'input' | 'ip' | 'request'>): string {
  const cookie = ctx.source === 'web' ? ctx.cookies?.get(DEVICE_COOKIE)?.value : undefined;
  const id = cookie ? `cookie:${cookie}` : ctx.input?.deviceId ? `app:${ctx.input.deviceId}` : `ipua:${ctx.ip}|${ctx.request.headers.get('user-agent') ?? ''}`;
  return hmac('rating-device', id);
}

export const save: Step<RatingCtx> = {
  name: 'save',
  async run(ctx) {
    const input = need(ctx.input, 'the input');
    const institution = need(ctx.institution, 'the institution');
    const comment = input.comment ?? null;
    const requestHash = fingerprint({ institutionCode: input.institutionCode, stars: input.stars, comment });
    const commentStatus = comment ? ('待审核' as const) : ('无' as const);
    const r = await guarded(() =>
      insertRating(
        { institutionId: institution.id, stars: input.stars, comment, deviceHash: deviceHash(ctx) },
        RATING_DEVICE_WINDOW_DAYS,
        ctx.idempotencyKey ? { key: ctx.idempotencyKey, scope: 'rating', answer: { commentStatus, requestHash } } : null,
      ),
    );
    if (!r.ok) return { fail: r.fail };
    const result = r.value;
    if (result.kind === 'already_rated') {
      return { fail: failure('conflict', `您在 ${RATING_DEVICE_WINDOW_DAYS} 天内已经评价过该机构，感谢您的参与。`) };
    }
    if (result.kind === 'existing') {
      if (replayDecision(result.stored, 'rating', requestHash) === 'mismatch') {
        return { fail: failure('conflict', 'Idempotency-Key 已用于另一份内容不同的提交。') };
      }
      const stored = result.stored.response as { ratingId?: number; commentStatus: '待审核' | '无' };
      return { set: { saved: { ratingId: stored.ratingId ?? 0, commentStatus: stored.commentStatus, replayed: true } } };
    }
    return { set: { saved: { ratingId: result.id, commentStatus, replayed: false } } };
  },
};

const API_STEPS = [checkIdempotencyKey<RatingCtx>(), limitRate, validate, resolveInstitution, limitInstitution, save];
const WEB_STEPS = [
  checkFormToken<RatingCtx>('rating'),
  checkIsHuman<RatingCtx>(RATING_MIN_FILL_MS),
  limitRate,
  validate,
  resolveInstitution,
  limitInstitution,
  save,
];

function ctxOf(p: Pick<RatingCtx, 'source' | 'request' | 'url' | 'ip' | 'cookies'> & Partial<RatingCtx>): RatingCtx {
  return { now: new Date(), body: null, fields: {}, token: null, idempotencyKey: null, input: null, institution: null, saved: null, ...p };
}

/** `POST /api/ratings`. */
export async function ratingApi(context: IntakeContext): Promise<Response> {
  const { request } = context;
  const parsed = await readJsonRequest(request, RATING_BODY_LIMIT);
  if (!parsed.ok) return parsed.response;
  const result = await runPipeline(
    API_STEPS,
    ctxOf({ source: 'api', request, url: context.url, ip: context.clientAddress, cookies: null, body: parsed.value }),
  );
  if (!result.ok) return failureJson(result.failure);
  const s = need(result.ctx.saved, 'the saved rating');
  return json(201, { commentStatus: s.commentStatus }, s.replayed ? { 'Idempotent-Replayed': 'true' } : {});
}

// ---------------------------------------------------------------------------------------------
// The form on /i/{code}/rate

export interface RatingFormState {
  token: string;
  institution: { code: string; name: string; address: string | null };
  values: Record<string, string>;
  errors: FieldErrorMap;
  message: string | null;
  /** Shown after a successful rating (?done=1). */
  done: 'with-comment' | 'stars-only' | null;
  /** A closed institution: why it cannot be rated (no form is shown). */
  closed: string | null;
  /** This device rated the institution within the window: said before the form is filled. */
  alreadyRated: boolean;
  /** When an approved comment shows on the page (the thanks). */
  publishNote: string;
}

/** 审核通过后在下次发布时公开, with the publish cadence when configured (PUBLISH_CADENCE). */
export function publishNote(cadence: string | undefined): string {
  return `评价内容审核通过后在下次发布时公开${cadence ? `（本平台${cadence}发布更新）` : ''}。`;
}

/** The rating page: the form or the thanks, around the institution; or a plain answer (404, 503, the redirect). */
export type RatingPageResult = { response: Response } | { status: number; state: RatingFormState; site: Site | null };

function ensureDeviceCookie(cookies: AstroCookies): void {
  if (/^[A-Za-z0-9_-]{43}$/.test(cookies.get(DEVICE_COOKIE)?.value ?? '')) return;
  cookies.set(DEVICE_COOKIE, crypto.randomBytes(32).toString('base64url'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.HTTPS,
    path: '/',
    maxAge: 365 * 86_400,
  });
}

function notFound(): { response: Response } {
  return { response: new Response('未找到该机构', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }) };
}

/** `/i/{code}/rate`: GET shows the form (or, `?done=`, the thanks); POST runs the pipeline and redirects or shows the form again. */
export async function ratingPage(context: IntakeContext, code: string | undefined): Promise<RatingPageResult> {
  const result = await rate(context, code);
  return 'response' in result ? result : { ...result, site: await layoutSite() };
}

async function rate(context: IntakeContext, code: string | undefined): Promise<{ response: Response } | { status: number; state: RatingFormState }> {
  const { request } = context;
  const param = institutionCode.safeParse(code ?? '');
  if (!param.success) return notFound();
  let institution: IntakeInstitution | null;
  try {
    institution = await findInstitutionByCode(param.data);
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    return { response: new Response(unavailable().message, { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '30' } }) };
  }
  if (!institution) return notFound();
  ensureDeviceCookie(context.cookies);
  const base = (values: Record<string, string>): RatingFormState => ({
    token: issueFormToken(context.cookies, 'rating'),
    institution: { code: institution.code, name: institution.name, address: institution.address },
    values,
    errors: {},
    message: null,
    done: null,
    closed: null,
    alreadyRated: false,
    publishNote: publishNote(config.PUBLISH_CADENCE),
  });
  const closed = closedNotice(institution.status);
  if (closed) return { status: 410, state: { ...base({}), closed } };
  if (request.method !== 'POST') {
    const { done } = RatingPageQuery.parse({ done: context.url.searchParams.get('done') });
    const shown = done === 'comment' ? 'with-comment' : done === '1' ? 'stars-only' : null;
    // Told before filling the form, not after (the same device hash the save step checks).
    const alreadyRated =
      shown === null &&
      (await ratedRecently(
        institution.id,
        deviceHash({ source: 'web', cookies: context.cookies, input: null, ip: context.clientAddress, request }),
        RATING_DEVICE_WINDOW_DAYS,
      ));
    return { status: 200, state: { ...base({}), done: shown, alreadyRated } };
  }
  const refuse = (f: IntakeFailure, values: Record<string, string>) => ({
    status: f.status,
    state: { ...base(values), errors: f.fieldErrors ?? {}, message: f.message },
  });
  const form = await readForm(request, RATING_BODY_LIMIT, '请通过评价页面上的表单提交。', '表单数据不完整，请重新提交。');
  if (!form.ok) return refuse(form.failure, {});
  const { fields } = form;
  fields['institutionCode'] = institution.code; // the page's institution, not a field anyone can change
  const values = { stars: (fields['stars'] ?? '').slice(0, 2), comment: (fields['comment'] ?? '').slice(0, 2000) };
  const result = await runPipeline(WEB_STEPS, ctxOf({ source: 'web', request, url: context.url, ip: context.clientAddress, cookies: context.cookies, fields }));
  if (!result.ok) return refuse(result.failure, values);
  const done = need(result.ctx.saved, 'the saved rating').commentStatus === '待审核' ? 'comment' : '1';
  return { response: context.redirect(`/i/${institution.code}/rate?done=${done}`, 303) };
}
