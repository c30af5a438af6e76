import { failure, type IntakeFailure, type Step } from '../../domain/intake-pipeline';
import { DomainError } from '../../domain/errors';
import {
  FOLLOW_UP_WORKING_DAYS,
  isBadLevel,
  RESOLUTION_LABELS,
  reviewDeadline,
  reviewRefusal,
  SATISFACTION_LEVELS,
  SATISFACTION_REASONS,
  type SatisfactionLevel,
  type SatisfactionView,
} from '../../domain/complaint-satisfaction';
import { chinaDate } from '../../domain/working-days';
import { parseSatisfactionForm, parseSatisfactionJson, type SatisfactionReviewInput } from '../../schemas/complaint-satisfaction';
import type { FieldErrorMap } from '../../schemas/complaint';
import { complaintSatisfaction, submitSatisfactionReview, type ComplaintSatisfaction, type SavedSatisfactionReview } from '../../db/complaint-satisfaction';
import type { ComplaintProgress } from '../../db/complaints-read-public';
import { guarded, need } from './http';
import type { StatusCtx } from './status';

/**
 * 好差评 on the citizen's side: the review of a closed complaint, given on the status page (after
 * the tracking number and query code matched, with the page's own limits) or through
 * `POST /api/complaint-satisfaction` (the same steps without the form token). The query code is
 * the credential, so anonymous complainants rate too.
 */

export function satisfactionView(p: ComplaintProgress, data: ComplaintSatisfaction, today: string): SatisfactionView {
  const closedOn = p.closedAt ? chinaDate(p.closedAt) : null;
  const refusal = reviewRefusal({ status: p.status, closedOn }, today);
  const [latest] = data.reviews;
  const [f] = data.followUps;
  return {
    levels: SATISFACTION_LEVELS,
    reasons: SATISFACTION_REASONS,
    canReview: refusal === null,
    closedNote: closedOn && refusal ? refusal : null,
    deadline: closedOn ? reviewDeadline(closedOn) : null,
    current: latest
      ? { level: latest.level, reasons: latest.reasons, comment: latest.comment, submittedAt: latest.submittedAt, versions: data.reviews.length }
      : null,
    // Anonymous complainants see that and how the follow-up was done; the written answer, like the
    // outcome of the complaint itself, goes to real-name complainants only.
    followUp: f
      ? {
          dueOn: f.dueOn,
          closedAt: f.closedAt,
          resolution: f.resolution ? RESOLUTION_LABELS[f.resolution] : null,
          result: p.anonymous ? null : f.result,
        }
      : null,
  };
}

/** What the review steps read and set, on top of the status lookup's. */
export interface ReviewCtx extends StatusCtx {
  source: 'web' | 'api';
  body: unknown;
  review: SatisfactionReviewInput | null;
  saved: SavedSatisfactionReview | null;
}

const validateReview: Step<ReviewCtx> = {
  name: 'validateReview',
  run(ctx) {
    const r = ctx.source === 'api' ? parseSatisfactionJson(ctx.body) : parseSatisfactionForm(ctx.fields);
    return r.ok ? { set: { review: r.value } } : { fail: invalidReview(r.fieldErrors) };
  },
};

const saveReview: Step<ReviewCtx> = {
  name: 'saveReview',
  async run(ctx) {
    const review = need(ctx.review, 'the review');
    const progress = need(ctx.progress, 'the complaint');
    try {
      const r = await guarded(() =>
        submitSatisfactionReview({
          complaintId: progress.id,
          level: review.level,
          reasons: review.reasons,
          comment: review.comment ?? null,
          channel: ctx.source,
        }),
      );
      return r.ok ? { set: { saved: r.value } } : { fail: r.fail };
    } catch (e) {
      if (e instanceof DomainError) return { fail: failure(e.kind === 'not-found' ? 'not_found' : 'conflict', e.message) };
      throw e;
    }
  },
};

export const REVIEW_STEPS: readonly Step<ReviewCtx>[] = [validateReview, saveReview];

function invalidReview(fieldErrors: FieldErrorMap): IntakeFailure {
  return failure('invalid', '评价内容有误，请按提示修改后重新提交。', { fieldErrors });
}

/** Loads a found complaint's reviews and follow-ups (the last lookup step). */
export const loadSatisfaction: Step<StatusCtx> = {
  name: 'loadSatisfaction',
  async run(ctx) {
    const r = await guarded(() => complaintSatisfaction(need(ctx.progress, 'the complaint').id));
    return r.ok ? { set: { satisfaction: r.value } } : { fail: r.fail };
  },
};

/** The thanks after a saved review, as the status page and the API say it. */
export function savedMessage(saved: SavedSatisfactionReview, level: SatisfactionLevel): string {
  const change = `${saved.changeableUntil} 前可以修改评价。`;
  if (saved.openedFollowUp) {
    return `感谢您的评价。您的“${level}”评价已转辖区卫生监督机构核实，将在 ${FOLLOW_UP_WORKING_DAYS} 个工作日内（${saved.openedFollowUp.dueOn} 前）整改或作出说明，结果在本页反馈。${change}`;
  }
  return isBadLevel(level) ? `感谢您的评价，已并入正在进行的核实。${change}` : `感谢您的评价。${change}`;
}
