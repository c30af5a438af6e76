import { actOnCase, createCase, listCases, type CaseRow } from '../../db/typical-cases';
import { availableActions } from '../../domain/lifecycle-transitions';
import { CASE_TRANSITIONS, type CaseAction } from '../../domain/typical-cases';
import type { IsoDate } from '../../domain/working-days';
import { caseActionSchema, CASE_LABELS, newCaseSchema } from '../../schemas/admin-lifecycle-lists';
import { actorOf, ipOf, parseOrThrow, postedAction, readForm, requireAccess, seeOther, today, type AdminContext } from './http';

/**
 * 典型案例 (/admin/cases, issue 12 item 10): write a case linked to a penalty, publish or withdraw
 * it. The public list /cases/ is part of the static site: it changes at the next publication.
 */

export interface CasesView {
  status: number;
  rows: (CaseRow & { stateLabel: string; actions: { action: CaseAction; label: string }[] })[];
  errors: string[];
  done: string | null;
  values: Record<string, string>;
  today: IsoDate;
}

const DONE: Record<string, string> = {
  create: '案例已保存为草稿（未公开）。',
  publish: '案例已公开，发布网站后出现在“典型案例”栏目。',
  withdraw: '案例已撤回，发布网站后不再公开。',
};

export async function casesPage(ctx: AdminContext): Promise<CasesView | Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'case.publish');
  const t = today().today;
  let values: Record<string, string> = { caseDate: t };
  const r = await postedAction(ctx.request, async () => {
    const form = await readForm(ctx.request);
    if (form['action']) {
      const input = parseOrThrow(caseActionSchema, form, CASE_LABELS);
      await actOnCase(actor, input.id, input.action, input.reason, t, ipOf(ctx));
      return seeOther(`/admin/cases?done=${input.action}`);
    }
    values = form;
    await createCase(actor, parseOrThrow(newCaseSchema, form, CASE_LABELS), t, ipOf(ctx));
    return seeOther('/admin/cases?done=create');
  });
  if (r instanceof Response) return r;
  const { errors, status } = r;
  const who = { role: actor.role, inJurisdiction: true };
  return {
    status,
    rows: (await listCases(actor)).map((c) => ({
      ...c,
      stateLabel: CASE_TRANSITIONS.stateLabels[c.state],
      actions: availableActions(CASE_TRANSITIONS, c.state, who).map((a) => ({ action: a, label: CASE_TRANSITIONS.actionLabels[a] })),
    })),
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    values,
    today: t,
  };
}
