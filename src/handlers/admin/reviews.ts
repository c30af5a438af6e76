import { fileAppeal } from '../../db/points-write';
import { revokeDowngrade } from '../../db/downgrades-write';
import { getDowngrade } from '../../db/downgrades-read';
import { actOnReview, appealablePoints, getReview, listPointAppeals, listReviews, recordReview, reviewableItems, type PointAppealRow } from '../../db/reviews';
import { availableActions } from '../../domain/lifecycle-transitions';
import { can, type Actor } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import {
  applicationDeadline,
  applicationInTime,
  decisionTimeliness,
  isPending,
  ITEM_LABELS,
  REVIEW_TRANSITIONS,
  reviewPublicText,
} from '../../domain/under-review';
import type { IsoDate } from '../../domain/working-days';
import { newReviewSchema, REVIEW_LABELS, reviewActionSchema } from '../../schemas/admin-rectifications';
import { actorAllowed, ipOf, queryObject, today, type AdminContext } from './http';
import { recordActionPage, recordFormPage } from './record-form';

/**
 * 复核中 (issue 12 item 5): applications against an evaluation or a downgrade (/admin/reviews), and
 * the point appeals of the points workflow listed beside them — a point's appeal is filed, accepted
 * and decided by points-write.ts on /admin/points/{id}, never a second time here.
 */

function pointAppealState(a: PointAppealRow): string {
  if (a.decidedOn) return a.decision === '撤销' ? '复核决定：撤销' : '复核决定：维持';
  return a.acceptedOn ? '已受理，复核中' : '已申请，待受理';
}

export async function reviewListPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.read');
  const pendingOnly = queryObject(ctx.url)['all'] !== '1';
  const t = today().today;
  const [reviews, appeals] = await Promise.all([listReviews(actor, pendingOnly), listPointAppeals(actor, pendingOnly)]);
  return {
    reviews: reviews.map((r) => ({
      ...r,
      stateLabel: REVIEW_TRANSITIONS.stateLabels[r.state],
      itemLabel: r.item === 'downgrade' ? `${ITEM_LABELS.downgrade} ${r.downgradeNoticeNo ?? ''}` : `${r.evaluationYear}年度${ITEM_LABELS.evaluation}`,
      timeliness: decisionTimeliness(r, t),
    })),
    pointAppeals: appeals.map((a) => ({ ...a, stateLabel: pointAppealState(a) })),
    pendingOnly,
    canWrite: can(actor.role, 'credit.write'),
  };
}

/**
 * 登记复核申请: the institution, the item (an evaluation, a downgrade or a point), the applicant,
 * the grounds and the dates. A point goes to the points workflow (fileAppeal) and its page.
 */
export async function newReviewPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.write');
  const t = today().today;
  const form = await recordFormPage(ctx, actor, { filedOn: t, target: queryObject(ctx.url)['target'] ?? '' }, newReviewSchema, REVIEW_LABELS, async (f) => {
    const [item, rawId] = f.target.split(':') as ['evaluation' | 'downgrade' | 'point', string];
    const targetId = Number(rawId);
    if (item === 'point') {
      await fileAppeal(actor, targetId, f.filedOn, null, t, ipOf(ctx));
      return `/admin/points/${targetId}?done=appeal`;
    }
    if (!f.noticeReceivedOn) throw new DomainError('收到通知书日期：必填（申请期限自收到通知书之日起计算）', 'invalid');
    const id = await recordReview(
      actor,
      {
        institutionId: f.institutionId,
        target: item === 'evaluation' ? { item, evaluationId: targetId } : { item, downgradeId: targetId },
        applicant: f.applicant,
        grounds: f.grounds,
        noticeReceivedOn: f.noticeReceivedOn,
        filedOn: f.filedOn,
        reason: f.reason ?? f.grounds,
      },
      t,
      ipOf(ctx),
    );
    return `/admin/reviews/${id}?done=record`;
  });
  if (form instanceof Response) return form;
  const { institution } = form;
  return {
    ...form,
    items: institution ? await reviewableItems(actor, institution.id) : [],
    points: institution ? await appealablePoints(actor, institution.id) : [],
  };
}

const DONE: Record<string, string> = {
  record: '复核申请已登记。发布后公示页在该事项旁显示“复核中”。',
  accept: '已受理，须在 10 个工作日内作出决定。',
  refuse: '已决定不予受理。',
  maintain: '复核决定已登记：维持。',
  revoke: '复核决定已登记：撤销。',
  change: '复核决定已登记：变更。',
  withdraw: '已登记申请人撤回申请。',
};

export async function reviewPage(ctx: AdminContext) {
  const page = await recordActionPage(ctx, 'credit.read', reviewActionSchema, REVIEW_LABELS, async (input, { actor, id, t }) => {
    const next = await actOnReview(
      actor,
      id,
      { action: input.action, on: input.on, reason: input.reason, decisionNote: input.decisionNote ?? null },
      t,
      ipOf(ctx),
    );
    // A review that revokes a downgrade ends it at once (DOWNGRADE_TRANSITIONS 'revoke'): the page
    // must not show the downgrade in force beside the decision that revoked it.
    if (next === 'revoked') await revokeReviewedDowngrade(actor, id, input.on, input.reason, ipOf(ctx));
    return input.action;
  });
  if (page === null || page instanceof Response) return page;
  const { actor, id, t } = page;
  const r = await getReview(actor, id);
  if (!r) return null;
  const itemLabel = r.item === 'downgrade' ? ITEM_LABELS.downgrade : `${r.evaluationYear}年度${ITEM_LABELS.evaluation}`;
  return {
    status: page.status,
    actor,
    r,
    stateLabel: REVIEW_TRANSITIONS.stateLabels[r.state],
    itemLabel,
    applicationLastDay: applicationDeadline(r.noticeReceivedOn),
    inTime: applicationInTime(r),
    timeliness: decisionTimeliness(r, t),
    publicText: reviewPublicText(r, itemLabel),
    // A decision that changes or revokes the item is carried out on the item's own screen: a corrected
    // evaluation (approved by a second person), or the downgrade's 按复核决定撤销降级 (DOWNGRADE_TRANSITIONS).
    correctionHref:
      r.state === 'changed' || r.state === 'revoked'
        ? `/admin/${r.item === 'evaluation' ? 'evaluations' : 'downgrades'}?institution=${encodeURIComponent(r.institutionCode)}`
        : null,
    actions: isPending(r.state)
      ? availableActions(REVIEW_TRANSITIONS, r.state, { role: actor.role, inJurisdiction: true }).map((action) => ({
          action,
          label: REVIEW_TRANSITIONS.actionLabels[action],
        }))
      : [],
    errors: page.errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    today: t,
  };
}

/** The downgrade a revoking review decision was about, revoked with the decision's date and reason. */
async function revokeReviewedDowngrade(actor: Actor, reviewId: number, on: IsoDate, reason: string, ip: string | null): Promise<void> {
  const r = await getReview(actor, reviewId);
  if (r?.item !== 'downgrade' || r.downgradeId === null) return;
  const d = await getDowngrade(actor, r.downgradeId);
  if (d?.state !== 'downgraded') return;
  await revokeDowngrade(actor, r.downgradeId, `复核决定撤销降级：${reason}`, on, ip);
}
