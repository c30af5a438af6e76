/**
 * Public intake (complaints and ratings) as a pipeline of named steps, after FixMyStreet's
 * report intake: check the form token → check it was a person → limit the rate → validate →
 * resolve the institution → process photos → save → acknowledge. Each step is a small function
 * of the context built so far; it either adds to the context or stops the pipeline with a
 * failure that says, in Chinese, what went wrong and which HTTP status that is.
 *
 * The runner and the rules here are pure. The steps that need the database, the clock or the
 * request are assembled by src/handlers/intake/complaint.ts and intake-rating.ts from the
 * functions in src/db and src/server, so each step can be tested alone.
 */
import { chinaDate, type IsoDate } from './working-days';
import { complaintDueDates } from './complaint-workflow';
import { deadlineRuleFor } from './complaint-categories';

export type FailureKind =
  | 'unauthorized' // an API client key that is wrong, unknown or deactivated
  | 'forbidden' // form token, origin
  | 'invalid' // validation, honeypot, too fast
  | 'not_found'
  | 'conflict' // Idempotency-Key reused for another request; rated already
  | 'too_large'
  | 'unsupported_type'
  | 'rate_limited'
  | 'unavailable'; // database unreachable

const STATUS: Record<FailureKind, number> = {
  unauthorized: 401,
  forbidden: 403,
  invalid: 400,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export interface IntakeFailure {
  kind: FailureKind;
  status: number;
  /** One sentence in Chinese for the page or the JSON `error`. */
  message: string;
  /** Chinese message per field name, e.g. { description: '问题描述：必填' }. */
  fieldErrors?: Record<string, string>;
  /** For 429 and 503: when to try again. */
  retryAfterSeconds?: number;
}

export function failure(kind: FailureKind, message: string, extra: Omit<IntakeFailure, 'kind' | 'status' | 'message'> = {}): IntakeFailure {
  return { kind, status: STATUS[kind], message, ...extra };
}

/** What a step returns: more context, nothing (a pure check that passed), or a failure. */
export type StepResult<C> = { set: Partial<C> } | { fail: IntakeFailure } | undefined;

export interface Step<C> {
  name: string;
  run(ctx: Readonly<C>): StepResult<C> | Promise<StepResult<C>>;
}

export type PipelineResult<C> = { ok: true; ctx: C; passed: string[] } | { ok: false; failure: IntakeFailure; failedStep: string; passed: string[] };

/**
 * Runs the steps in order and stops at the first failure. Exceptions are not caught: a step
 * that can fail for reasons outside the request (the database) turns them into a failure itself.
 */
export async function runPipeline<C>(steps: readonly Step<C>[], initial: C): Promise<PipelineResult<C>> {
  let ctx = initial;
  const passed: string[] = [];
  for (const step of steps) {
    const pending = step.run(ctx);
    // Most checks are synchronous: only wait when a step really returned a promise.
    const result = pending instanceof Promise ? await pending : pending;
    if (result && 'fail' in result) return { ok: false, failure: result.fail, failedStep: step.name, passed };
    if (result && 'set' in result) ctx = { ...ctx, ...result.set };
    passed.push(step.name);
  }
  return { ok: true, ctx, passed };
}

// ---------------------------------------------------------------------------------------------
// Rules used by the steps

/** A person needs at least this long to fill in the complaint form (bots post at once). */
export const MIN_FILL_MS = 3_000;
/** A form token older than this is refused (the page was left open for more than a day). */
export const MAX_FORM_AGE_MS = 24 * 3_600_000;

/**
 * The honeypot (a field hidden from people, filled by bots) and the minimum fill time. `issuedAt`
 * comes from the signed form token, so a bot cannot move it.
 */
export function checkHuman(input: { honeypot: string | undefined; issuedAt: number; now: number; minFillMs?: number }): IntakeFailure | null {
  if (input.honeypot && input.honeypot.trim() !== '') {
    return failure('invalid', '提交未通过校验。如您是人工填写，请刷新页面后重新提交。');
  }
  const elapsed = input.now - input.issuedAt;
  if (elapsed < (input.minFillMs ?? MIN_FILL_MS)) {
    return failure('invalid', '提交过快，请核对填写的内容后再次提交。');
  }
  if (elapsed > MAX_FORM_AGE_MS) {
    return failure('forbidden', '页面停留时间过长，表单已失效。请刷新页面后重新提交（已填写的内容会保留）。');
  }
  return null;
}

export interface ComplaintDates {
  /** The day the complaint arrived, in China. */
  receivedOn: IsoDate;
  acceptDue: IsoDate;
  closeDue: IsoDate;
}

/**
 * Due dates by (day, category). Walking the holiday calendar costs about 0.1 ms, which at a few
 * thousand complaints a second is a good part of a core; the answer only changes once a day, so
 * it is remembered (a handful of entries: today × the categories, cleared when it grows).
 */
const dueDateCache = new Map<string, ComplaintDates>();

/** Due dates of a complaint of this category received at this instant (working days). */
export function complaintDates(receivedAt: Date, category: string): ComplaintDates {
  const receivedOn = chinaDate(receivedAt);
  const rule = deadlineRuleFor(category);
  const key = `${receivedOn}|${rule.acceptWithinWorkingDays}|${rule.closeWithinWorkingDays}`;
  const cached = dueDateCache.get(key);
  if (cached) return cached;
  const { acceptDue, closeDue } = complaintDueDates(receivedOn, rule);
  if (dueDateCache.size > 64) dueDateCache.clear();
  const dates = { receivedOn, acceptDue, closeDue };
  dueDateCache.set(key, dates);
  return dates;
}

/** How long the per-device rating limit lasts (seed 001: one rating per device per 30 days). */
export const RATING_DEVICE_WINDOW_DAYS = 30;
