/**
 * Inputs of the complaint-intake table: the filter (query string of /admin/complaints, the
 * exports and /api/admin/complaints) and the workflow actions (forms of a complaint's page and
 * the JSON API). One definition each; types are derived.
 */
import { z } from 'zod';
import { COMPLAINT_STATUSES, OUTCOMES } from '../domain/complaint-workflow';
import { isIsoDate } from '../domain/working-days';
import { parseComplaintRef } from '../domain/tracking-number';
import { blankToUndefined, multiLine, optional, singleLine } from './complaint';

/** Columns the table can be sorted by (the db module maps each to a fixed SQL expression). */
export const SORT_KEYS = ['received', 'accept_due', 'close_due', 'status', 'institution'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const isoDate = z.string().refine(isIsoDate, '日期格式不正确（应为 YYYY-MM-DD）');
const flag = z.enum(['1', 'on', 'true']).transform(() => true);

export const complaintFilterSchema = z
  .object({
    /** 状态 */
    status: optional(z.enum(COMPLAINT_STATUSES)),
    /** 类别 */
    category: optional(singleLine(1, 30)),
    /** 来源渠道 */
    channel: optional(z.enum(['web', 'api', '12345', '政务App', '信访', 'other'])),
    /** 机构名称、机构编码或受理编号 */
    institution: optional(singleLine(1, 100)),
    /** 辖区（行政区划代码，含下级） */
    region: optional(
      z
        .string()
        .trim()
        .regex(/^[1-8]\d{5}(\d{3}(\d{3})?)?$/, '行政区划代码应为6、9或12位数字'),
    ),
    /** 收到日期起 */
    from: optional(isoDate),
    /** 收到日期止 */
    to: optional(isoDate),
    /** 只看超期 */
    overdue: optional(flag),
    /** 只看 7 日内到期（today … today + 6; the value stays 'week' so old bookmarks work） */
    due: optional(z.literal('week')),
    /** 只看指派给我的 */
    mine: optional(flag),
    /** 只看未分派辖区的（辖区未知：未列出的机构且没有乡镇，或旧数据） */
    unrouted: optional(flag),
    /** 好差评: 只看差评（最新评价为不满意、非常不满意） */
    review: optional(z.literal('bad')),
    /** 好差评: 差评核实未办结（open）或已超期（overdue） */
    followup: optional(z.enum(['open', 'overdue'])),
    sort: z.preprocess(blankToUndefined, z.enum(SORT_KEYS).default('received')),
    dir: z.preprocess(blankToUndefined, z.enum(['asc', 'desc']).default('desc')),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: '收到日期止不能早于收到日期起', path: ['to'] });
export type ComplaintFilterInput = z.infer<typeof complaintFilterSchema>;

export const COMPLAINT_FILTER_LABELS: Record<string, string> = {
  status: '状态',
  category: '类别',
  channel: '来源渠道',
  institution: '机构',
  region: '辖区',
  from: '收到日期起',
  to: '收到日期止',
  overdue: '只看超期',
  due: '7 日内到期',
  mine: '指派给我',
  unrouted: '未分派辖区',
  review: '只看差评',
  followup: '差评核实',
  sort: '排序',
  dir: '排序方向',
  page: '页码',
};

/**
 * A complaint named in a form: the 受理编号 as printed (any spelling), or the internal id that
 * API clients used before. Resolved against the database by the server (src/handlers/admin/complaints.ts).
 */
export const complaintRefSchema = z.string().transform((v, ctx) => {
  const r = parseComplaintRef(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.ref;
});

const id = z.preprocess(blankToUndefined, z.coerce.number({ error: '请填写编号' }).int().positive());

/** One workflow action, as posted by a complaint page's forms or the JSON API. */
export const complaintActionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('accept'), note: optional(multiLine(1, 1000)) }),
    z.object({ action: z.literal('reject'), reason: multiLine(1, 1000) }),
    z.object({ action: z.literal('assign'), assigneeId: id }),
    z.object({ action: z.literal('start'), note: optional(multiLine(1, 1000)) }),
    z.object({ action: z.literal('findings'), findings: multiLine(1, 5000) }),
    z.object({
      action: z.literal('close'),
      outcome: z.enum(OUTCOMES),
      findings: optional(multiLine(1, 5000)),
      duplicateOf: z.preprocess((v) => (typeof v === 'number' ? String(v) : blankToUndefined(v)), complaintRefSchema.optional()),
      feedback: optional(multiLine(1, 2000)),
    }),
    z.object({ action: z.literal('feedback'), feedback: multiLine(1, 2000) }),
  ],
  { error: '未知的操作' },
);
export type ComplaintActionInput = z.infer<typeof complaintActionSchema>;

export const COMPLAINT_ACTION_LABELS: Record<string, string> = {
  action: '操作',
  note: '说明',
  reason: '不予受理理由',
  assigneeId: '承办人',
  findings: '调查情况',
  outcome: '办结结果',
  duplicateOf: '原投诉受理编号',
  feedback: '反馈内容',
};

/** Routing a complaint whose district is unknown to a region (administrators). */
export const routeSchema = z.object({
  regionCode: z.preprocess(
    blankToUndefined,
    z
      .string({ error: '请选择辖区' })
      .trim()
      .regex(/^[1-8]\d{5}(\d{3}(\d{3})?)?$/, '请从列表中选择辖区'),
  ),
});

/** A reason asked before something sensitive (seeing personal data, exporting). */
export const reasonSchema = z.object({ reason: z.preprocess(blankToUndefined, singleLine(2, 200)) });
