/**
 * Forms of /admin/evaluations (issue 12 item 1): entering an institution's yearly evaluation,
 * and deciding a submission. The cells are the evaluation sheet's own (evaluation-sheet.ts), so
 * the form and the import accept and refuse exactly the same values.
 */
import { z } from 'zod';
import { validateCreditInput } from '../domain/credit-level';
import { EVALUATION_FIELD_LABELS } from '../domain/evaluation-sheet';
import { CONTENT_AREAS, EVALUATION_SUBMISSION_TRANSITIONS } from '../domain/evaluation-approval';
import { LEVELS } from '../domain/credit-level';
import { creditFields, optionalDecimalCell, yearCell } from './evaluation-sheet';
import { blankToUndefined, multiLine, optional } from './complaint';
import { formIdSchema, isoDateField } from './admin-common';

const areaFields = Object.fromEntries(CONTENT_AREAS.map((_, i) => [`area${i}`, z.preprocess((v) => v ?? '', optionalDecimalCell(100))]));

export const evaluationEntrySchema = z
  .object({
    institutionId: z.coerce.number({ error: '请选择被评价机构' }).int().positive('请选择被评价机构'),
    year: yearCell(),
    ...creditFields,
    publicHealthScore: z.preprocess((v) => v ?? '', creditFields.publicHealthScore),
    evaluatedOn: isoDateField,
    note: optional(multiLine(1, 500)),
    ...areaFields,
  })
  .superRefine((v, ctx) => {
    for (const issue of validateCreditInput(v)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    if (Number(v.evaluatedOn.slice(0, 4)) < v.year) ctx.addIssue({ code: 'custom', path: ['evaluatedOn'], message: `不能早于评价年度（${v.year}年）` });
  });

export type EvaluationEntryForm = z.output<typeof evaluationEntrySchema>;

/** The per-area scores given on the form (empty ones left out), in the seed's order. */
export function areaScoresOf(form: Record<string, unknown>): { item: string; score: number }[] {
  return CONTENT_AREAS.flatMap((item, i) => {
    const v = form[`area${i}`];
    return typeof v === 'number' ? [{ item, score: v }] : [];
  });
}

export const EVALUATION_FORM_LABELS: Record<string, string> = {
  ...EVALUATION_FIELD_LABELS,
  institutionId: '被评价机构',
  note: '录入说明',
  reason: '理由',
  ...Object.fromEntries(CONTENT_AREAS.map((a, i) => [`area${i}`, `${a}得分`])),
};

export const submissionActionSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('approve') }),
  z.object({ op: z.literal('return'), reason: multiLine(1, 500) }),
  z.object({ op: z.literal('withdraw'), reason: optional(multiLine(1, 500)) }),
  z.object({ op: z.literal('notice') }),
]);

/** The list's filters; anything unknown is ignored (never an error on a list). */
export const submissionFilterSchema = z.object({
  year: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
  level: z.preprocess(blankToUndefined, z.enum(LEVELS).optional()).catch(undefined),
  state: z.preprocess(blankToUndefined, z.enum(EVALUATION_SUBMISSION_TRANSITIONS.states).optional()).catch(undefined),
  batch: z.preprocess(blankToUndefined, formIdSchema.optional()).catch(undefined),
});

export const batchApprovalSchema = z.object({ op: z.literal('approveBatch'), batchId: formIdSchema });
