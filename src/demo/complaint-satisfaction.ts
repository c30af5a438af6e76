/**
 * Demo 好差评 (fictional): about two thirds of the closed demo complaints get a review a few days
 * after closing, written through the same db functions as a real review (so the 30 days, the
 * versions, the follow-ups and the audit rows are exactly as in use). At least two are bad: the
 * older bad ones have their follow-up done (and one complainant then changed the rating), the
 * newest bad one is still being followed up.
 */
import type { Tx } from '../db/client';
import { closedComplaints, closeFollowUp, submitSatisfactionReview } from '../db/complaint-satisfaction';
import { isBadLevel, SATISFACTION_REASONS, type SatisfactionLevel, type SatisfactionReason } from '../domain/complaint-satisfaction';
import { Rng } from './random';

const STREAM = 15;
const DAY = 86_400_000;

const LEVELS: readonly (readonly [SatisfactionLevel, number])[] = [
  ['非常满意', 30],
  ['满意', 35],
  ['基本满意', 15],
  ['不满意', 12],
  ['非常不满意', 8],
];

const GOOD_COMMENTS = ['处理很及时，谢谢。', '监督员回复很详细。', '问题已经解决。'];
const BAD_COMMENTS = ['等了很久才有结果，诊所现在还是老样子。', '反馈的内容太简单，不知道具体怎么处理的。'];

export async function loadDemoSatisfaction(tx: Tx, seed: number, asOf: Date): Promise<{ reviews: number; followUps: number }> {
  const rng = Rng.of(seed, STREAM);
  const closed = await closedComplaints(tx);
  const chosen = closed
    .map((c) => ({ ...c, at: new Date(c.closedAt.getTime() + rng.int(1, 12) * DAY) }))
    .filter((c) => rng.chance(0.7) && c.at.getTime() <= asOf.getTime());
  const levels = chosen.map(() => rng.weighted(LEVELS));
  // The demo shows the whole loop: make sure there are at least two bad reviews.
  if (chosen.length >= 2 && levels.filter(isBadLevel).length < 2) {
    levels[0] = '不满意';
    levels[levels.length - 1] = '非常不满意';
  }
  const opened: { id: number; at: Date; complaintId: number }[] = [];
  for (const [i, c] of chosen.entries()) {
    const level = levels[i] as SatisfactionLevel;
    const bad = isBadLevel(level);
    const reasons: SatisfactionReason[] = bad ? [rng.pick(SATISFACTION_REASONS.slice(0, 4))] : [];
    const comment = rng.chance(0.4) ? rng.pick(bad ? BAD_COMMENTS : GOOD_COMMENTS) : null;
    const saved = await submitSatisfactionReview({ complaintId: c.id, level, reasons, comment, channel: rng.chance(0.85) ? 'web' : 'api' }, c.at, tx);
    if (saved.openedFollowUp) opened.push({ id: saved.openedFollowUp.id, at: c.at, complaintId: c.id });
  }
  // All but the newest follow-up are done, a few days after the review.
  for (const [i, f] of opened.slice(0, -1).entries()) {
    const at = new Date(Math.min(f.at.getTime() + rng.int(2, 9) * DAY, asOf.getTime()));
    const verification = rng.pick(['属实', '部分属实', '不属实'] as const);
    await closeFollowUp(
      tx,
      f.id,
      {
        verification,
        findings: verification === '不属实' ? '回访投诉人并复查办理过程，办理符合规定。' : '回访投诉人，确认反馈不够及时、具体。',
        result:
          verification === '不属实'
            ? '您好，我们复查了办理过程：经现场检查未发现反映的问题，已依法作出结论。如有新的线索，欢迎再次反映。'
            : '您好，经核实，您反映的问题属实。我们已再次到现场督促整改，并将处理情况当面向机构负责人通报。感谢您的监督。',
      },
      null,
      null,
      at,
    );
    // The first complainant whose follow-up was done changed the rating afterwards.
    if (i === 0) {
      const later = new Date(at.getTime() + DAY);
      const c = chosen.find((x) => x.id === f.complaintId);
      if (c && later.getTime() <= Math.min(asOf.getTime(), c.closedAt.getTime() + 30 * DAY)) {
        await submitSatisfactionReview(
          { complaintId: f.complaintId, level: '基本满意', reasons: [], comment: '核实后有了说明，基本满意。', channel: 'web' },
          later,
          tx,
        );
      }
    }
  }
  return { reviews: chosen.length, followUps: opened.length };
}
