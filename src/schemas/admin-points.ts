/** Forms of the points pages (不良执业行为记分, seed 000): record, notice, appeal, decision. */
import { z } from 'zod';
import { isoDateField, optionalDateField } from './admin-common';
import { STORED_POINT_SOURCES, MAX_POINTS_PER_RECORD } from './import-points';
import { blankToUndefined, multiLine, optional, singleLine } from './complaint';

const optionalId = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());

export const newPointSchema = z.object({
  institutionId: z.coerce.number({ error: '请选择被记分机构' }).int().positive(),
  staffId: optionalId,
  behaviour: multiLine(1, 500),
  points: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1).max(MAX_POINTS_PER_RECORD),
  source: z.enum(STORED_POINT_SOURCES as [string, ...string[]]),
  sourceComplaintId: optionalId,
  department: optional(singleLine(1, 50)),
  foundOn: isoDateField,
  approvedOn: optionalDateField,
  noticeServedOn: optionalDateField,
  noticeReceivedOn: optionalDateField,
});

export const POINT_LABELS: Record<string, string> = {
  institutionId: '被记分机构',
  staffId: '被记分人员',
  behaviour: '记分行为',
  points: '记分分值',
  source: '记分来源',
  sourceComplaintId: '来源投诉',
  department: '记分科室',
  foundOn: '发现日期',
  approvedOn: '审批日期',
  enteredOn: '录入省平台日期',
  noticeServedOn: '通知书送达日期',
  noticeReceivedOn: '通知书签收日期',
  receivedOn: '申诉收到日期',
  acceptedOn: '受理日期',
  decidedOn: '决定日期',
  decision: '申诉决定',
  reason: '决定理由',
  servedOn: '通知书送达日期',
  issuedOn: '通知书日期',
  op: '操作',
};

export const pointActionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal('notice'), servedOn: isoDateField, receivedOn: optionalDateField }),
    z.object({ op: z.literal('appeal'), receivedOn: isoDateField, acceptedOn: optionalDateField }),
    z.object({ op: z.literal('accept'), acceptedOn: isoDateField }),
    z.object({ op: z.literal('decide'), decision: z.enum(['维持', '撤销']), decidedOn: isoDateField, reason: multiLine(1, 1000) }),
    z.object({ op: z.literal('issue-notice'), issuedOn: isoDateField }),
    z.object({ op: z.literal('provincial'), enteredOn: isoDateField }),
  ],
  { error: '未知的操作' },
);
export type PointActionInput = z.infer<typeof pointActionSchema>;

export const periodSchema = z.object({
  year: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()),
  quarter: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(4).optional()),
  month: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(12).optional()),
});
