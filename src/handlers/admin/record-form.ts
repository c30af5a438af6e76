import type { z } from 'zod';
import type { Actor, Permission } from '../../domain/roles';
import type { IsoDate } from '../../domain/working-days';
import { parseForm, parseOrThrow, queryObject, readForm, recordPageStart, refused, seeOther, today, type AdminContext } from './http';
import { chooseInstitution } from './institution-choice';

/**
 * The two halves every "new record about an institution" screen shares (a point, a downgrade
 * finding): the posted form — parsed, written, answered with a redirect or with its messages —
 * and the institution it is about, or the search for one in the jurisdiction.
 */

export type FormOutcome = Response | { errors: string[]; status: number };

/** Parse `values`; on success `write` returns where to go next (303). Refusals come back as messages. */
export async function submitRecordForm<S extends z.ZodType>(
  schema: S,
  values: Record<string, string>,
  labels: Record<string, string>,
  write: (data: z.infer<S>) => Promise<string>,
): Promise<FormOutcome> {
  const parsed = parseForm(schema, values, labels);
  if (parsed.errors) return { errors: parsed.errors, status: 400 };
  try {
    return seeOther(await write(parsed.data));
  } catch (e) {
    const { errors, status } = refused(e);
    return { errors, status };
  }
}

export type InstitutionPick = Awaited<ReturnType<typeof chooseInstitution>>;

export interface RecordFormState extends InstitutionPick {
  status: number;
  errors: string[];
  /** The form's values (the defaults before a POST), with the chosen institution's id. */
  values: Record<string, string>;
  /** The latest date the form's date fields accept. */
  today: IsoDate;
}

/**
 * A whole "new record about an institution" request: on POST the form is submitted (a redirect on
 * success); otherwise, or when refused, the state to show the form again with its messages.
 */
export async function recordFormPage<S extends z.ZodType>(
  ctx: Pick<AdminContext, 'request' | 'url'>,
  actor: Pick<Actor, 'id'>,
  defaults: Record<string, string>,
  schema: S,
  labels: Record<string, string>,
  write: (data: z.infer<S>) => Promise<string>,
): Promise<RecordFormState | Response> {
  let values = defaults;
  let errors: string[] = [];
  let status = 200;
  if (ctx.request.method === 'POST') {
    values = await readForm(ctx.request);
    const outcome = await submitRecordForm(schema, values, labels, write);
    if (outcome instanceof Response) return outcome;
    ({ errors, status } = outcome);
  }
  const pick = await chooseInstitution(actor, values, queryObject(ctx.url));
  return { ...pick, status, errors, values: { ...values, institutionId: pick.institution ? String(pick.institution.id) : '' }, today: today().today };
}

export interface ActionState {
  status: number;
  errors: string[];
  /** What was posted (null without a POST), to show a refused form again. */
  posted: Record<string, string> | null;
}

/**
 * An action posted on a record's page: `run` does it and names the `done` message; then a
 * redirect to `${path}?done=…`. A refusal comes back as messages; not-found as null (the 404).
 */
export async function recordActionPost(
  request: Request,
  path: string,
  run: (form: Record<string, string>) => Promise<string>,
): Promise<ActionState | Response | null> {
  if (request.method !== 'POST') return { status: 200, errors: [], posted: null };
  let posted: Record<string, string> | null = null;
  try {
    posted = await readForm(request);
    const done = await run(posted);
    return seeOther(`${path}?done=${done}`);
  } catch (e) {
    const { errors, status, notFound } = refused(e);
    return notFound ? null : { status, errors, posted };
  }
}

export type RecordStart = NonNullable<ReturnType<typeof recordPageStart>>;

/**
 * A record's page with actions (/admin/<group>/{id}) up to what it shows: recordPageStart (null: no
 * such record), then a posted action parsed with `schema` and done by `run`, which names the `done`
 * message; the answer is a redirect back to the page (the form posts to the page's own path). Gives
 * the actor, id and today with the page's status and messages (recordActionPost).
 */
export async function recordActionPage<S extends z.ZodType>(
  ctx: Pick<AdminContext, 'locals' | 'params' | 'request' | 'url'>,
  permission: Permission,
  schema: S,
  labels: Record<string, string>,
  run: (input: z.infer<S>, start: RecordStart) => Promise<string>,
): Promise<(RecordStart & ActionState) | Response | null> {
  const start = recordPageStart(ctx, permission);
  if (!start) return null;
  const state = await recordActionPost(ctx.request, ctx.url.pathname, (form) => run(parseOrThrow(schema, form, labels), start));
  if (state === null || state instanceof Response) return state;
  return { ...start, ...state };
}
