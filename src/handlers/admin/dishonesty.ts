import { actOnDishonesty, getDishonesty, listDishonesty, proposeDishonesty } from '../../db/dishonesty';
import { DISHONESTY_TRANSITIONS, dishonestyNoteRequired } from '../../domain/dishonesty';
import { availableActions, stateFilter } from '../../domain/lifecycle-transitions';
import { can } from '../../domain/roles';
import { addCalendarDays } from '../../domain/working-days';
import { dishonestyActionSchema, DISHONESTY_LABELS, proposeDishonestySchema } from '../../schemas/admin-lifecycle-lists';
import { actorAllowed, ipOf, queryObject, today, type AdminContext } from './http';
import { recordActionPage, recordFormPage } from './record-form';

/**
 * 严重失信名单 in the supervisor area (issue 12 item 6): the list, a proposal, and one entry with
 * the actions DISHONESTY_TRANSITIONS offers this person now. The public list and the page banner
 * change at the next publication (/admin/publish).
 */

export async function dishonestyListPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.read');
  const { state, filterView } = stateFilter(DISHONESTY_TRANSITIONS, queryObject(ctx.url)['state']);
  return {
    actor,
    rows: await listDishonesty(actor, state),
    ...filterView,
    canPropose: can(actor.role, 'credit.write'),
  };
}

export async function newDishonestyPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.write');
  const t = today().today;
  // The seeds give no display period; one year is offered and can be changed (dishonesty.ts).
  const defaults = { listedOn: t, displayUntil: addCalendarDays(addCalendarDays(t, 365), -1) };
  return recordFormPage(
    ctx,
    actor,
    defaults,
    proposeDishonestySchema,
    DISHONESTY_LABELS,
    async (input) => `/admin/dishonesty/${await proposeDishonesty(actor, input, ipOf(ctx))}?done=propose`,
  );
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

export async function dishonestyPage(ctx: AdminContext) {
  const page = await recordActionPage(ctx, 'credit.read', dishonestyActionSchema, DISHONESTY_LABELS, async (input, { actor, id, t }) => {
    await actOnDishonesty(actor, id, input, t, ipOf(ctx));
    return input.action;
  });
  if (page === null || page instanceof Response) return page;
  const { actor, id, t, errors, status } = page;
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
