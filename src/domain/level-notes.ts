/**
 * The lines printed under the level on the public page (issue 12 items 4 and 5): the
 * rectification (整改中 / 已整改 with dates, rectification.ts) and a review of the level or of the
 * downgrade in force (复核中 while pending, then the decision, under-review.ts). A pending review
 * of the evaluation itself needs no line: the level box then shows 复核中 instead of the level.
 */
import type { InstitutionRecord, LevelDisplay } from './disclosure-board';
import { rectificationPublicText } from './rectification';
import { ITEM_LABELS, isPending, reviewPublicText } from './under-review';

export function levelNotes(inst: Pick<InstitutionRecord, 'rectification' | 'evaluations'>, level: LevelDisplay): string[] {
  if (level.kind !== 'rated') return [];
  const notes: string[] = [];
  const evaluation = inst.evaluations.find((e) => e.year === level.year);
  const review = evaluation?.review;
  if (review && !isPending(review.state)) {
    const text = reviewPublicText(review, `${level.year}年度${ITEM_LABELS.evaluation}`);
    if (text) notes.push(text);
  }
  const downgradeReview = evaluation?.downgrades.find((d) => d.noticeNo === level.downgrade?.noticeNo)?.review;
  if (downgradeReview) {
    const text = reviewPublicText(downgradeReview, ITEM_LABELS.downgrade);
    if (text) notes.push(text);
  }
  const rectification = inst.rectification ? rectificationPublicText(inst.rectification) : null;
  if (rectification) notes.push(rectification);
  return notes;
}
