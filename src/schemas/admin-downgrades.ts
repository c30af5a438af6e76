/** Forms of the downgrade screens (/admin/downgrades, seed 001 附件1 七(二)): finding, re-score, decisions. */
import { z } from 'zod';
import { DOWNGRADE_FINDING_SOURCES } from '../domain/downgrade';
import { EVALUATION_COLUMNS } from '../domain/evaluation-sheet';
import { isoDateField } from './admin-common';
import { validateCreditInput } from '../domain/credit-level';
import { creditFields } from './evaluation-sheet';
import { blankToUndefined, multiLine, optional, singleLine } from './complaint';

export const LINK_KINDS = ['inspection', 'penalty', 'complaint'] as const;
export const LINK_KIND_LABELS: Record<(typeof LINK_KINDS)[number], string> = {
  inspection: '监督检查记录',
  penalty: '行政处罚决定书',
  complaint: '投诉件',
};

/** 记录发现的违法违规行为. The link is optional, but a kind needs its reference and vice versa. */
export const findingSchema = z
  .object({
    institutionId: z.coerce.number({ error: '请选择机构' }).int().positive(),
    foundOn: isoDateField,
    source: z.enum(DOWNGRADE_FINDING_SOURCES, { error: '请选择发现来源' }),
    finding: multiLine(1, 500),
    linkKind: z.preprocess(blankToUndefined, z.enum(LINK_KINDS).optional()),
    linkRef: optional(singleLine(1, 100)),
  })
  .superRefine((f, ctx) => {
    if (f.linkKind && !f.linkRef) ctx.addIssue({ code: 'custom', path: ['linkRef'], message: '选择了关联记录类型时必须填写编号' });
    if (!f.linkKind && f.linkRef) ctx.addIssue({ code: 'custom', path: ['linkKind'], message: '请选择关联记录的类型' });
  });
export type FindingInput = z.infer<typeof findingSchema>;

/** The re-score: the whole on-site sheet again (the same twelve facts as the annual evaluation). */
export const rescoreSchema = z
  .object({ op: z.literal('rescore'), rescoredOn: isoDateField, reason: optional(multiLine(1, 500)), ...creditFields })
  .superRefine((row, ctx) => {
    for (const issue of validateCreditInput(row)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });

/** Every decision carries its reason (it goes to the audit log and, for a dismissal, to the record). */
export const downgradeDecisionSchema = z.object({
  op: z.enum(['submit', 'return', 'approve', 'dismiss', 'withdraw', 'revoke'], { error: '未知的操作' }),
  reason: multiLine(1, 500),
});

export const downgradeActionSchema = z.union([rescoreSchema, downgradeDecisionSchema, z.object({ op: z.literal('notice') })], { error: '未知的操作' });

export const DOWNGRADE_LABELS: Record<string, string> = {
  ...EVALUATION_COLUMNS,
  institutionId: '机构',
  foundOn: '发现日期',
  source: '发现来源',
  finding: '发现的违法违规行为',
  linkKind: '关联记录类型',
  linkRef: '关联记录编号',
  rescoredOn: '重新评分日期',
  reason: '理由',
  op: '操作',
};
