import type { APIContext, AstroCookies } from 'astro';
import { checkHuman, failure, type IntakeFailure, type Step } from '../../domain/intake-pipeline';
import { intakeLimiter, type LimitSpec } from '../../db/rate-limits';
import { storedKey } from '../../db/idempotency';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../../db/unavailable';
import { siteFrame, type Site } from '../public';
import { IdempotencyKey } from '../../schemas/complaint';
import { BodyTooLargeError, withinLimit } from '../../server/body-limit';
import { verifyFormToken, type FormName, type VerifiedToken } from '../../server/csrf';

/**
 * HTTP plumbing shared by the intake routes: reading a body with a hard byte limit (whether or
 * not the client sent Content-Length), JSON answers, and telling "the database is unreachable"
 * (503, try again) apart from a bug (500).
 */

export const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });
}

/** A failure as the JSON API answers it: { error, fieldErrors? } with Retry-After when known. */
export function failureJson(f: IntakeFailure): Response {
  const headers: Record<string, string> = {};
  if (f.retryAfterSeconds) headers['Retry-After'] = String(f.retryAfterSeconds);
  return json(f.status, { error: f.message, ...(f.fieldErrors ? { fieldErrors: f.fieldErrors } : {}) }, headers);
}

export type BodyResult = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; failure: IntakeFailure };

/**
 * Reads the body, stopping as soon as it passes `maxBytes` (a chunked upload without
 * Content-Length cannot get round the limit).
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const tooLarge = (): BodyResult => ({
    ok: false,
    failure: failure('too_large', `提交的内容过大（上限 ${formatBytes(maxBytes)}）。`),
  });
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  if (Number.isFinite(declared)) {
    // Node's HTTP parser never delivers more than Content-Length says: read it in one go.
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.byteLength > maxBytes ? tooLarge() : { ok: true, bytes };
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of withinLimit(
      () => reader.read(),
      maxBytes,
      () => reader.cancel().catch(() => {}),
    ))
      chunks.push(chunk);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return tooLarge();
    throw e;
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { ok: true, bytes };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

/** application/json (with or without charset). */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const [type, ...params] = value.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

export function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; failure: IntakeFailure } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, failure: failure('invalid', '请求体不是有效的 UTF-8 JSON。', { fieldErrors: { _: '提交内容：JSON 格式不正确' } }) };
  }
}

export { isDatabaseUnavailable, UNAVAILABLE_MESSAGE };

export function unavailable(): IntakeFailure {
  return failure('unavailable', UNAVAILABLE_MESSAGE, { retryAfterSeconds: 30 });
}

/**
 * What the intake layout shows around a page: the dataset notice, or null when the database
 * cannot be reached (the intake pages must still render: the form keeps the person's text, the
 * 503 explains), and the layout falls back to the same frame without that line.
 */
export async function layoutSite(): Promise<Site | null> {
  try {
    return await siteFrame(false);
  } catch (e) {
    if (!isDatabaseUnavailable(e)) throw e;
    return null;
  }
}

/** A value a step needs that an earlier step set; its absence is a bug in the order of the steps. */
export function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`intake step run without ${what}`);
  return value;
}

export type FormResult = { ok: true; fields: Record<string, string>; files: File[] } | { ok: false; failure: IntakeFailure };

/**
 * The body of an HTML form (urlencoded or multipart), at most `maxBytes`: its text fields (the
 * first value of each name) and its non-empty files named `fileField` (`photos`; Open311 says `media`). The two messages answer a body
 * that is not a form (`wrongType`) and one that cannot be read as one (`incomplete`).
 */
export async function readForm(request: Request, maxBytes: number, wrongType: string, incomplete: string, fileField = 'photos'): Promise<FormResult> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    return { ok: false, failure: failure('unsupported_type', wrongType) };
  }
  const body = await readBody(request, maxBytes);
  if (!body.ok) return body;
  let form: FormData;
  try {
    form = await new Response(body.bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    return { ok: false, failure: failure('invalid', incomplete) };
  }
  const fields: Record<string, string> = {};
  const files: File[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields[name] ??= value;
    else if (name === fileField && value.size > 0) files.push(value);
  }
  return { ok: true, fields, files };
}

/** What the intake handlers need from an Astro page (Astro) or endpoint (APIContext). */
export type IntakeContext = Pick<APIContext, 'request' | 'url' | 'cookies' | 'clientAddress' | 'redirect'>;

export function methodNotAllowed(allow: string): Response {
  return json(405, { error: `只接受 ${allow} 请求。` }, { Allow: allow });
}

/** Runs a database step, turning "cannot reach the database" into a 503 failure. */
export async function guarded<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; fail: IntakeFailure }> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (isDatabaseUnavailable(e)) return { ok: false, fail: unavailable() };
    throw e;
  }
}

/**
 * The per-address / per-institution limits of a submission (or, `what` = '查询', of a lookup), in
 * one statement; a step result.
 */
export async function limitIntake(specs: LimitSpec[], what = '提交'): Promise<{ fail: IntakeFailure } | undefined> {
  const r = await guarded(() => intakeLimiter.admit(specs));
  if (!r.ok) return { fail: r.fail };
  const over = r.value.find((h) => !h.allowed);
  return over
    ? { fail: failure('rate_limited', `${what}过于频繁，请 ${over.retryAfterSeconds} 秒后再试。`, { retryAfterSeconds: over.retryAfterSeconds }) }
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// Steps and the JSON door shared by the complaint and rating pipelines

/** What the shared steps read and set. */
export interface SubmissionCtx {
  request: Request;
  url: URL;
  /** The client's address as this server sees it (X-Forwarded-For only from TRUSTED_PROXIES). */
  ip: string;
  cookies: AstroCookies | null;
  now: Date;
  fields: Record<string, string>;
  token: VerifiedToken | null;
  idempotencyKey: string | null;
}

/** The form's signed token (CSRF, tied to its cookie); its nonce is the form's idempotency key. */
export function checkFormToken<C extends SubmissionCtx>(form: FormName): Step<C> {
  return {
    name: 'checkFormToken',
    run(ctx: SubmissionCtx) {
      const r = verifyFormToken(ctx.request, ctx.url, need(ctx.cookies, 'cookies'), form, ctx.fields['_token']);
      if (!r.ok) return { fail: r.failure };
      return { set: { token: r.token, idempotencyKey: storedKey('form', r.token.nonce) } as Partial<C> };
    },
  };
}

/** The honeypot and the minimum fill time (from the signed token, so a bot cannot move it). */
export function checkIsHuman<C extends SubmissionCtx>(minFillMs?: number): Step<C> {
  return {
    name: 'checkIsHuman',
    run(ctx: SubmissionCtx) {
      const f = checkHuman({
        honeypot: ctx.fields['website'],
        issuedAt: need(ctx.token, 'a verified token').issuedAt,
        now: ctx.now.getTime(),
        ...(minFillMs ? { minFillMs } : {}),
      });
      return f ? { fail: f } : undefined;
    },
  };
}

/** The API's optional Idempotency-Key header, bound to the client that sent it (src/db/idempotency.ts). */
export function checkIdempotencyKey<C extends SubmissionCtx>(): Step<C> {
  return {
    name: 'checkIdempotencyKey',
    run(ctx) {
      const raw = ctx.request.headers.get('idempotency-key');
      if (raw === null) return undefined;
      const r = IdempotencyKey.safeParse(raw);
      if (!r.success) {
        return {
          fail: failure('invalid', 'Idempotency-Key 格式不正确。', {
            fieldErrors: { 'Idempotency-Key': r.error.issues[0]?.message ?? 'Idempotency-Key 格式不正确。' },
          }),
        };
      }
      return { set: { idempotencyKey: storedKey('api', r.data, ctx.ip || 'unknown') } as Partial<C> };
    },
  };
}

/** The body of a JSON API request: JSON content type, at most `maxBytes`, valid UTF-8 JSON. */
export async function readJsonRequest(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return { ok: false, response: failureJson(failure('unsupported_type', '请求体必须是 JSON（Content-Type: application/json; charset=utf-8）。')) };
  }
  const body = await readBody(request, maxBytes);
  if (!body.ok) return { ok: false, response: failureJson(body.failure) };
  const parsed = parseJson(body.bytes);
  return parsed.ok ? parsed : { ok: false, response: failureJson(parsed.failure) };
}
