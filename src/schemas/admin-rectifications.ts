/** Forms of the 限期整改 pages (seed 001) and the 复核 applications (seed 000 二). */
import { z } from 'zod';
import { RECTIFICATION_TRANSITIONS, MAX_RECTIFICATION_DAYS } from '../domain/rectification';
import { REVIEW_TRANSITIONS } from '../domain/under-review';
import { ACTION_FORM_LABELS, actionFormFields, isoDateField, optionalDateField } from './admin-common';
import { MAX_PHOTO_BYTES, multiLine, optional, singleLine } from './complaint';

const id = (what: string) =>
  z.coerce
    .number({ error: `请选择${what}` })
    .int(`请选择${what}`)
    .positive(`请选择${what}`);
const reason = multiLine(1, 2000);

/** The report's files: PDF, JPEG or PNG, each at most 5 MB (the complaint photos' limit), at most 5 per report. */
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_BYTES = MAX_PHOTO_BYTES;
/** The whole form with its files (the server cuts the body off a little above: request-checks.ts). */
export const REPORT_BODY_LIMIT = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 256 * 1024;

export const newRectificationSchema = z
  .discriminatedUnion(
    'trigger',
    [
      z.object({ trigger: z.literal('poor-level'), institutionId: id('机构'), evaluationId: id('“差”级评价') }),
      z.object({ trigger: z.literal('finding'), institutionId: id('机构'), finding: multiLine(1, 1000), reference: optional(singleLine(1, 200)) }),
    ],
    { error: '请选择整改的起因' },
  )
  .and(
    z.object({
      orderedOn: isoDateField,
      periodDays: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1).max(MAX_RECTIFICATION_DAYS),
      /** 整改事项, one per line: the notice lists them; also the audit reason of the order. */
      items: multiLine(1, 2000),
    }),
  );

export const rectificationActionSchema = z.object({
  ...actionFormFields([...RECTIFICATION_TRANSITIONS.actions, 'cancel-licence']),
  reason,
  reportText: optional(multiLine(1, 5000)),
  suspensionEndsOn: optionalDateField,
});

export const RECTIFICATION_LABELS: Record<string, string> = {
  ...ACTION_FORM_LABELS,
  trigger: '整改起因',
  institutionId: '机构',
  evaluationId: '“差”级评价',
  finding: '发现的问题',
  reference: '文书编号',
  orderedOn: '责令整改日期',
  periodDays: '整改期限（天）',
  items: '整改事项',
  reportText: '整改情况',
  suspensionEndsOn: '暂缓校验截止日期',
};

export const newReviewSchema = z.object({
  institutionId: id('机构'),
  /** "evaluation:ID", "downgrade:ID" or "point:ID". */
  target: z.string().regex(/^(evaluation|downgrade|point):[1-9][0-9]{0,17}$/, '请选择复核事项'),
  applicant: singleLine(1, 100),
  grounds: multiLine(1, 2000),
  noticeReceivedOn: optionalDateField,
  filedOn: isoDateField,
  reason: optional(reason),
});

export const reviewActionSchema = z.object({
  ...actionFormFields(REVIEW_TRANSITIONS.actions),
  reason,
  decisionNote: optional(singleLine(1, 500)),
});

export const REVIEW_LABELS: Record<string, string> = {
  ...ACTION_FORM_LABELS,
  institutionId: '机构',
  target: '复核事项',
  applicant: '申请人',
  grounds: '申请事由',
  noticeReceivedOn: '收到通知书日期',
  filedOn: '申请日期',
  decisionNote: '变更内容',
};
