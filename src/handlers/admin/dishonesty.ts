import { actOnDishonesty, getDishonesty, listDishonesty, proposeDishonesty, type DishonestyRow } from '../../db/dishonesty';
import type { InstitutionChoice } from '../../db/points-read';
import { chooseInstitution } from './institution-choice';
import {
  DISHONESTY_GROUNDS,
  DISHONESTY_SOURCE_TEXT,
  DISHONESTY_STATES,
  DISHONESTY_TRANSITIONS,
  dishonestyNoteRequired,
  type DishonestyAction,
  type DishonestyState,
} from '../../domain/dishonesty';
import { availableActions } from '../../domain/lifecycle-transitions';
import { can, type Actor } from '../../domain/roles';
import { addCalendarDays, type IsoDate } from '../../domain/working-days';
import { dishonestyActionSchema, DISHONESTY_LABELS, groundsOf, proposeDishonestySchema } from '../../schemas/admin-lifecycle-lists';
import {
  actorOf,
  formAction,
  ipOf,
  parseForm,
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

/**
 * 严重失信名单 in the supervisor area (issue 12 item 6): the list, a proposal, and one entry with
 * the actions DISHONESTY_TRANSITIONS offers this person now. The public list and the page banner
 * change at the next publication (/admin/publish).
 */

export interface DishonestyListView {
  actor: Actor;
  rows: DishonestyRow[];
  state: DishonestyState | '';
  stateLabels: Record<DishonestyState, string>;
  canPropose: boolean;
}

export async function dishonestyListPage(ctx: AdminContext): Promise<DishonestyListView> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'credit.read');
  const state = DISHONESTY_STATES.find((s) => s === queryObject(ctx.url)['state']);
  return {
    actor,
    rows: await listDishonesty(actor, state),
    state: state ?? '',
    stateLabels: DISHONESTY_TRANSITIONS.stateLabels,
    canPropose: can(actor.role, 'credit.write'),
  };
}

export interface NewDishonestyView {
  status: number;
  q: string;
  matches: InstitutionChoice[];
  institution: InstitutionChoice | null;
  grounds: readonly string[];
  sourceText: string;
  errors: string[];
  values: Record<string, string>;
  today: IsoDate;
}

export async function newDishonestyPage(ctx: AdminContext): Promise<NewDishonestyView | Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'credit.write');
  const query = queryObject(ctx.url);
  const t = today().today;
  let errors: string[] = [];
  let status = 200;
  // The seeds give no display period; one year is offered and can be changed (dishonesty.ts).
  let values: Record<string, string> = { listedOn: t, displayUntil: addCalendarDays(addCalendarDays(t, 365), -1) };
  if (ctx.request.method === 'POST') {
    values = await readForm(ctx.request);
    const parsed = parseForm(proposeDishonestySchema, { ...values, grounds: groundsOf(values) }, DISHONESTY_LABELS);
    if (parsed.data) {
      const input = parsed.data;
      const r = await formAction(async () => seeOther(`/admin/dishonesty/${await proposeDishonesty(actor, input, ipOf(ctx))}?done=propose`));
      if (r instanceof Response) return r;
      ({ errors, status } = r);
    } else {
      errors = parsed.errors;
      status = 400;
    }
  }
  return {
    status,
    ...(await chooseInstitution(actor, values, query)),
    grounds: DISHONESTY_GROUNDS,
    sourceText: DISHONESTY_SOURCE_TEXT,
    errors,
    values,
    today: t,
  };
}

export interface DishonestyActionChoice {
  action: DishonestyAction;
  label: string;
  noteRequired: boolean;
}

export interface DishonestyPageView {
  status: number;
  entry: DishonestyRow;
  stateLabel: string;
  actions: DishonestyActionChoice[];
  errors: string[];
  done: string | null;
  today: IsoDate;
}

const DONE: Record<string, string> = {
  propose: '已提议列入严重失信名单，须由另一名委机关管理员审批。',
  approve: '已批准列入。发布网站后在严重失信名单和机构页面公示。',
  reject: '已作出不批准列入的决定。',
  withdraw: '提议已撤回。',
  'apply-repair': '信用修复申请已登记，待委机关管理员决定。',
  'grant-repair': '已准予信用修复。发布网站后移出名单（记录保留在历史中）。',
  'refuse-repair': '已作出不予信用修复的决定，继续公示。',
  expire: '公示期满，已移出名单。',
  revoke: '已撤销列入。发布网站后移出名单。',
};

export async function dishonestyPage(ctx: AdminContext): Promise<DishonestyPageView | Response | null> {
  const start = recordPageStart(ctx, 'credit.read');
  if (!start) return null;
  const { actor, id, t } = start;
  const r = await postedAction(ctx.request, async () => {
    const input = parseOrThrow(dishonestyActionSchema, await readForm(ctx.request), DISHONESTY_LABELS);
    await actOnDishonesty(actor, id, input, t, ipOf(ctx));
    return seeOther(`/admin/dishonesty/${id}?done=${input.action}`);
  });
  if (r instanceof Response) return r;
  if (r.notFound) return null;
  const { errors, status } = r;
  const entry = await getDishonesty(actor, id);
  if (!entry) return null;
  const who = { role: actor.role, inJurisdiction: true, isProposer: entry.proposedBy === actor.id };
  return {
    status,
    entry,
    stateLabel: DISHONESTY_TRANSITIONS.stateLabels[entry.state],
    actions: availableActions(DISHONESTY_TRANSITIONS, entry.state, who).map((a) => ({
      action: a,
      label: DISHONESTY_TRANSITIONS.actionLabels[a],
      noteRequired: dishonestyNoteRequired(a),
    })),
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    today: t,
  };
}
