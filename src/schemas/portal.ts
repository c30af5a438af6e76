/**
 * Inputs of the institution portal (/portal/) and of its approval screens (/admin/portal): the
 * forms an institution fills in, the payload stored with each submission (parsed again when a
 * supervisor previews or approves it), the accounts a supervisor creates.
 */
import { z } from 'zod';
import { isoDateField, recordIdSchema } from './admin-common';
import { USERNAME_PATTERN } from './admin-accounts';
import { multiLine, optional, singleLine } from './complaint';
import { SELF_INSPECTION_RESULTS } from './import-self-inspections';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords';
import { PORTAL_KINDS, REPLY_MAX_CHARS, SELF_INSPECTION_KINDS } from '../domain/portal';

export const portalKindSchema = z.enum(PORTAL_KINDS, { error: '报送类型不正确' });

/**
 * An optional field, blank → null. Accepts null as well: a stored payload is parsed again when a
 * supervisor previews or approves it (readPayload), and it stored null.
 */
const nullable = <T extends z.ZodType>(schema: T) =>
  optional(schema)
    .nullable()
    .transform((v) => v ?? null);

const yesNo = z.enum(['yes', 'no', ''], { error: '请选择是否已整改' }).transform((v) => (v === 'yes' ? true : v === 'no' ? false : null));

/** 自查结果 (seed 004: yearly 年度全面, quarterly 季度常规). */
export const selfInspectionPayload = z.object({
  kind: z.enum(SELF_INSPECTION_KINDS, { error: '请选择自查类型' }),
  inspectedOn: isoDateField,
  result: z.enum(SELF_INSPECTION_RESULTS, { error: '请选择自查结论' }),
  findings: nullable(multiLine(1, 2000)),
  rectified: z.boolean().nullable(),
});
export const selfInspectionForm = selfInspectionPayload.extend({ rectified: yesNo });

/** 整改报告: one of the institution's open rectifications, its text (files travel beside it). */
export const rectificationReportPayload = z.object({
  rectificationId: recordIdSchema,
  reportText: nullable(multiLine(1, 4000)),
});

/** One line of the price table as typed: "项目 | 单位 | 价格（元） | 备注". */
const priceLine = z.object({
  item: singleLine(1, 100),
  unit: nullable(singleLine(1, 20)),
  priceCents: z.number().int().min(0).max(100_000_000),
  note: nullable(singleLine(1, 200)),
});
export type PriceLine = z.infer<typeof priceLine>;

export const hoursPricesPayload = z.object({
  openingHours: nullable(multiLine(1, 500)),
  priceUrl: nullable(
    z
      .string()
      .trim()
      .max(500)
      .regex(/^https?:\/\/\S+$/, '应为以 http:// 或 https:// 开头的网址'),
  ),
  items: z.array(priceLine).max(200, '价格项目最多 200 行'),
});

/** "挂号费 | 次 | 5 | 普通门诊" per line → price lines; a line that cannot be read names its number. */
export function parsePriceLines(text: string): { items: PriceLine[]; errors: string[] } {
  const items: PriceLine[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      const [item = '', unit = '', price = '', note = ''] = raw.split(/[|｜]/).map((c) => c.trim());
      const yuan = Number(price.replace(/元$/, ''));
      if (!/^\d+(\.\d{1,2})?元?$/.test(price) || !Number.isFinite(yuan)) {
        errors.push(`价格表第 ${i + 1} 行：价格应为数字（元，最多两位小数），格式为“项目 | 单位 | 价格 | 备注”`);
        return;
      }
      const parsed = priceLine.safeParse({ item, unit, priceCents: Math.round(yuan * 100), note });
      if (!parsed.success) errors.push(`价格表第 ${i + 1} 行：项目名称应为 1–100 个字，单位不超过 20 个字，备注不超过 200 个字`);
      else if (seen.has(parsed.data.item)) errors.push(`价格表第 ${i + 1} 行：项目“${parsed.data.item}”重复`);
      else {
        seen.add(parsed.data.item);
        items.push(parsed.data);
      }
    });
  return { items, errors };
}

/** 医务人员依法执业承诺: the year and, per member of staff, the day they signed. */
export const staffCommitmentsPayload = z.object({
  year: z.coerce.number({ error: '年度应为数字' }).int().min(2000, '年度不正确').max(2100, '年度不正确'),
  entries: z
    .array(z.object({ staffId: recordIdSchema, signedOn: isoDateField }))
    .min(1, '请至少为一名医务人员填写签署日期')
    .max(2000),
});

/** 回应 (right of reply) to the level in force or to one penalty. */
export const replyPayload = z.object({
  subjectKind: z.enum(['evaluation', 'penalty'], { error: '请选择回应的对象' }),
  subjectId: recordIdSchema,
  body: multiLine(1, REPLY_MAX_CHARS),
});

export const PAYLOAD_SCHEMAS = {
  'self-inspection': selfInspectionPayload,
  'rectification-report': rectificationReportPayload,
  'hours-prices': hoursPricesPayload,
  'staff-commitments': staffCommitmentsPayload,
  reply: replyPayload,
} as const;

export type PortalPayload =
  | { kind: 'self-inspection'; payload: z.infer<typeof selfInspectionPayload> }
  | { kind: 'rectification-report'; payload: z.infer<typeof rectificationReportPayload> }
  | { kind: 'hours-prices'; payload: z.infer<typeof hoursPricesPayload> }
  | { kind: 'staff-commitments'; payload: z.infer<typeof staffCommitmentsPayload> }
  | { kind: 'reply'; payload: z.infer<typeof replyPayload> };

/** A stored payload read back (null when it no longer fits its schema: shown as unreadable, never approved). */
export function readPayload(kind: string, payload: unknown): PortalPayload | null {
  const k = portalKindSchema.safeParse(kind);
  if (!k.success) return null;
  const r = PAYLOAD_SCHEMAS[k.data].safeParse(payload);
  return r.success ? ({ kind: k.data, payload: r.data } as PortalPayload) : null;
}

export const PORTAL_LABELS: Record<string, string> = {
  kind: '自查类型',
  inspectedOn: '自查日期',
  result: '自查结论',
  findings: '发现的问题',
  rectified: '是否已整改',
  rectificationId: '整改事项',
  reportText: '整改情况',
  openingHours: '诊疗时间',
  priceUrl: '收费公示网址',
  items: '价格表',
  year: '承诺年度',
  entries: '签署日期',
  staffId: '医务人员',
  signedOn: '签署日期',
  subjectKind: '回应对象',
  subjectId: '回应对象',
  body: '回应内容',
  username: '用户名',
  displayName: '账户名称',
  institutionId: '机构',
  password: '密码',
  password2: '确认密码',
  reason: '理由',
  token: '激活链接',
};

/** A supervisor creates an account for an institution. */
export const newPortalAccountSchema = z.object({
  institutionId: recordIdSchema,
  username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, '只能使用 3–40 位小写字母、数字、下划线、点或短横线'),
  displayName: singleLine(1, 50),
});

/** Deactivate or re-issue an activation link. */
export const portalAccountActionSchema = z.object({
  id: recordIdSchema,
  op: z.enum(['deactivate', 'reissue'], { error: '操作不正确' }),
  reason: multiLine(2, 500),
});

/** The one-time link's token (base64url of 32 bytes) and the new password twice. */
export const activationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '激活链接不完整或已失效');
export const activationSchema = z
  .object({
    token: activationTokenSchema,
    password: z
      .string()
      .min(1, '请填写密码')
      .max(PASSWORD_MAX_LENGTH * 4),
    password2: z.string().max(PASSWORD_MAX_LENGTH * 4),
  })
  .refine((v) => v.password === v.password2, { error: '两次输入的密码不一致', path: ['password2'] });

/** The supervisor's decision on a submission: a rejection needs its reason (shown to the institution). */
export const portalDecisionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal('approve'), id: recordIdSchema, reason: optional(multiLine(1, 1000)).transform((v) => v ?? null) }),
    z.object({ op: z.literal('reject'), id: recordIdSchema, reason: multiLine(2, 1000) }),
    z.object({ op: z.literal('withdraw-reply'), id: recordIdSchema, reason: multiLine(2, 1000) }),
  ],
  { error: '操作不正确' },
);
