/**
 * 好差评 inputs: the complainant's review of a closed complaint (the status page's form and
 * `POST /api/complaint-satisfaction`, one definition) and the supervisor's follow-up of a bad one.
 */
import { z } from 'zod';
import { FOLLOW_UP_VERIFICATIONS, SATISFACTION_LEVELS, SATISFACTION_REASONS } from '../domain/complaint-satisfaction';
import { multiLine, optional, StatusQuery, toFieldErrorMap, type ParseResult } from './complaint';
import { zhErrorMap } from './zod-errors';

export const SATISFACTION_COMMENT_MAX = 500;

const LEVEL_MESSAGE = `请选择评价：${SATISFACTION_LEVELS.join('、')}`;

export const SatisfactionReviewFields = z.strictObject({
  level: z.enum(SATISFACTION_LEVELS, { error: LEVEL_MESSAGE }).meta({ description: `对投诉办理情况的评价：${SATISFACTION_LEVELS.join(' / ')}。` }),
  reasons: z
    .array(z.enum(SATISFACTION_REASONS, { error: `原因只能从以下选择：${SATISFACTION_REASONS.join('、')}` }))
    .max(SATISFACTION_REASONS.length)
    .default([])
    .transform((r) => [...new Set(r)])
    .meta({ description: `评价原因（可多选，可不选）：${SATISFACTION_REASONS.join('、')}。` }),
  comment: optional(multiLine(2, SATISFACTION_COMMENT_MAX)).meta({ description: '意见和建议（可不填，最多 500 字）。只给监督员看，不公开。' }),
});
export type SatisfactionReviewInput = z.output<typeof SatisfactionReviewFields>;

/** The API body: the tracking number and query code (the credential) with the review. */
export const SatisfactionReviewApiInput = z.strictObject({
  trackingNo: StatusQuery.shape.trackingNo.meta({ description: '受理编号（提交投诉时返回）。' }),
  queryCode: StatusQuery.shape.queryCode.meta({ description: '查询码（提交投诉时返回）。' }),
  ...SatisfactionReviewFields.shape,
});

export const SATISFACTION_FIELD_LABELS: Readonly<Record<string, string>> = {
  trackingNo: '受理编号',
  queryCode: '查询码',
  level: '评价',
  reasons: '评价原因',
  comment: '意见和建议',
  '': '提交内容',
};

function parseReview(data: unknown): ParseResult<SatisfactionReviewInput> {
  const r = SatisfactionReviewFields.safeParse(data, { error: zhErrorMap });
  return r.success ? { ok: true, value: r.data } : { ok: false, fieldErrors: toFieldErrorMap(r.error.issues, SATISFACTION_FIELD_LABELS) };
}

/** Form fields: `level`, one checkbox `reason` per reason (`reason_0` … in the list's order), `comment`. */
export function parseSatisfactionForm(fields: Readonly<Record<string, string | undefined>>): ParseResult<SatisfactionReviewInput> {
  const reasons = SATISFACTION_REASONS.filter((_, i) => fields[`reason_${i}`] !== undefined);
  return parseReview({ level: fields['level'] || undefined, reasons, comment: fields['comment'] });
}

/** The API body's review part (the tracking number and query code are checked by the status steps). */
export function parseSatisfactionJson(data: unknown): ParseResult<SatisfactionReviewInput> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, fieldErrors: { _: '提交内容：应为一个 JSON 对象' } };
  const rest = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'trackingNo' && k !== 'queryCode'));
  return parseReview(rest);
}

/** The supervisor's follow-up of a bad review: verification, what was found, the answer to the person. */
export const followUpSchema = z.object({
  verification: z.enum(FOLLOW_UP_VERIFICATIONS, { error: `请选择：${FOLLOW_UP_VERIFICATIONS.join('、')}` }),
  findings: multiLine(2, 2000),
  result: multiLine(2, 2000),
});
export type FollowUpInput = z.output<typeof followUpSchema>;
export const FOLLOW_UP_LABELS = { verification: '核实结论', findings: '核实情况', result: '整改或说明（反馈投诉人）' };
