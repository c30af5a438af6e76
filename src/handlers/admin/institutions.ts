import { changeInstitutionStatus, getInstitutionByCode, statusHistory, type InstitutionAdminRow, type StatusChangeRow } from '../../db/institution-admin';
import { findInstitutions, type InstitutionChoice } from '../../db/points-read';
import { INSTITUTION_STATUSES, institutionOffers, type ClosedInstitutionOffer } from '../../domain/institution-status';
import { can } from '../../domain/roles';
import type { IsoDate } from '../../domain/working-days';
import { institutionCodeParamSchema } from '../../schemas/public-routes';
import { statusChangeSchema, STATUS_LABELS } from '../../schemas/admin-lifecycle-lists';
import { actorOf, ipOf, parseOrThrow, postedAction, queryObject, readForm, requireAccess, seeOther, today, type AdminContext } from './http';

/**
 * Institutions in the supervisor area (issue 12 item 8): find one, see its practice status and
 * its history of changes, and (administrators) change it with a date and reason. A closed
 * institution (歇业/注销/吊销) loses its level, poster and rating link at the next publication.
 */

export interface InstitutionSearchView {
  q: string;
  matches: InstitutionChoice[];
}

export async function institutionSearchPage(ctx: AdminContext): Promise<InstitutionSearchView> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'credit.read');
  const q = (queryObject(ctx.url)['q'] ?? '').trim().slice(0, 100);
  return { q, matches: q === '' ? [] : await findInstitutions(actor, q) };
}

export interface InstitutionAdminView {
  status: number;
  institution: InstitutionAdminRow;
  offers: ClosedInstitutionOffer;
  history: StatusChangeRow[];
  statuses: readonly string[];
  canChange: boolean;
  errors: string[];
  done: string | null;
  values: Record<string, string>;
  today: IsoDate;
}

export async function institutionAdminPage(ctx: AdminContext): Promise<InstitutionAdminView | Response | null> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'credit.read');
  const code = institutionCodeParamSchema.safeParse(ctx.params['code']);
  if (!code.success) return null;
  const found = await getInstitutionByCode(actor, code.data);
  if (!found) return null;
  const t = today().today;
  let values: Record<string, string> = { changedOn: t };
  const r = await postedAction(ctx.request, async () => {
    values = await readForm(ctx.request);
    await changeInstitutionStatus(actor, found.id, parseOrThrow(statusChangeSchema, values, STATUS_LABELS), t, ipOf(ctx));
    return seeOther(`/admin/institutions/${found.code}?done=status`);
  });
  if (r instanceof Response) return r;
  const { errors, status } = r;
  const institution = (await getInstitutionByCode(actor, code.data)) ?? found;
  return {
    status,
    institution,
    offers: institutionOffers(institution.status),
    history: await statusHistory(institution.id),
    statuses: INSTITUTION_STATUSES,
    canChange: can(actor.role, 'data.import'),
    errors,
    done: ctx.url.searchParams.get('done') === 'status' ? '执业状态已变更。发布网站后，机构页面、公示栏和评价入口随之更新。' : null,
    values,
    today: t,
  };
}
