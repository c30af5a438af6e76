/** Forms and query strings of the inspection pages (/admin/inspections, /admin/plan, /admin/reports). */
import { z } from 'zod';
import { FOLLOW_UP_KINDS, INSPECTION_KINDS, INSPECTION_RESULTS } from '../domain/inspections';
import { MAX_RECTIFICATION_DAYS } from '../domain/rectification';
import { isoDateField } from './admin-common';
import { blankToUndefined, multiLine, optional } from './complaint';

const optionalId = z.preprocess(blankToUndefined, z.coerce.number({ error: '编号不正确' }).int('编号不正确').positive('编号不正确').optional());

/**
 * The form posts one field per inspector (inspector1 … inspector4, a select each) and one
 * checkbox per finding (finding1 … finding15); they are gathered into two lists here, so the
 * form works without JavaScript and the rest of the code sees arrays.
 */
function gatherLists(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const form = v as Record<string, unknown>;
  const inspectorIds: string[] = [];
  const findingCodes: number[] = [];
  for (const [k, value] of Object.entries(form)) {
    const inspector = /^inspector\d+$/.exec(k);
    if (inspector && typeof value === 'string' && value.trim() !== '') inspectorIds.push(value.trim());
    const finding = /^finding(\d+)$/.exec(k);
    if (finding && value) findingCodes.push(Number(finding[1]));
  }
  return { ...form, inspectorIds, findingCodes: findingCodes.sort((a, b) => a - b) };
}

export const newInspectionSchema = z.preprocess(
  gatherLists,
  z.object({
    institutionId: z.coerce.number({ error: '请选择被检查机构' }).int().positive(),
    inspectedOn: isoDateField,
    kind: z.enum(INSPECTION_KINDS, { error: '请选择检查类型' }),
    inspectorIds: z.array(z.coerce.number({ error: '请选择检查人员' }).int().positive()),
    findingCodes: z.array(z.number().int().min(1).max(15)),
    findingsText: optional(multiLine(1, 5000)),
    result: z.enum(INSPECTION_RESULTS, { error: '请选择检查结果' }),
    complaintId: optionalId,
    drawItemId: optionalId,
  }),
);

export const inspectionActionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({
      op: z.literal('follow-up'),
      kind: z.enum(FOLLOW_UP_KINDS, { error: '请选择后续处理类型' }),
      recordId: z.coerce.number({ error: '编号不正确' }).int('编号不正确').positive('编号不正确'),
    }),
    z.object({
      op: z.literal('rectification'),
      orderedOn: isoDateField,
      periodDays: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1).max(MAX_RECTIFICATION_DAYS),
      items: multiLine(1, 2000),
    }),
  ],
  { error: '未知的操作' },
);

export const INSPECTION_LABELS: Record<string, string> = {
  institutionId: '被检查机构',
  inspectedOn: '检查日期',
  kind: '检查类型',
  inspectorIds: '检查人员',
  findingCodes: '发现问题',
  findingsText: '问题描述',
  result: '检查结果',
  complaintId: '关联投诉',
  drawItemId: '双随机任务',
  op: '操作',
  recordId: '记录编号',
  orderedOn: '责令整改日期',
  periodDays: '整改期限（天）',
  items: '整改事项',
};

const yearParam = z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined);

export const inspectionListQuery = z.object({
  year: yearParam,
  kind: z.enum(INSPECTION_KINDS).optional().catch(undefined),
  region: z
    .string()
    .regex(/^[1-8]\d{5}(\d{3}(\d{3})?)?$/)
    .optional()
    .catch(undefined),
  institution: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).catch(undefined),
});

export const PLAN_SORTS = ['township', 'overdue', 'due', 'name'] as const;
export const planQuery = z.object({ year: yearParam, sort: z.enum(PLAN_SORTS).catch('township') });

/** ?month=YYYY-MM (and the XLSX route's param); a bad value falls back to the last month. */
export const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, '月份超出范围');
