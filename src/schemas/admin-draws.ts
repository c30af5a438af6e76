/** Forms of the draw pages (/admin/draws, issue 13) and the arguments of `npm run draw:verify`. */
import { z } from 'zod';
import { DRAW_KINDS, parseRules } from '../domain/draw';
import { isoDateField, recordIdSchema } from './admin-common';
import { blankToUndefined, institutionCode, multiLine, optional, REGION_CODE_PATTERN, singleLine } from './complaint';

const regionCode = z.string().trim().regex(REGION_CODE_PATTERN, '行政区划代码应为 6、9 或 12 位数字');
const seedHash = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制的 SHA-256 值'));

/** The rules' text (one per line) parsed by the domain; its line errors become the field's. */
const rulesText = z.string().transform((text, ctx) => {
  const { rules, errors } = parseRules(text);
  for (const message of errors) ctx.addIssue({ code: 'custom', message });
  return rules;
});

export const newDrawSchema = z.object({
  year: z.coerce.number({ error: '应为年份' }).int().min(2000).max(2100),
  title: singleLine(1, 100),
  kind: z.enum(DRAW_KINDS, { error: '请选择种类' }),
  regionCode: optional(regionCode),
  rules: rulesText,
  inspectorsPerItem: z.coerce.number({ error: '应为整数' }).int('应为整数').min(2, '至少 2 名').max(10, '至多 10 名'),
  parentDrawId: optional(recordIdSchema),
});

export const DRAW_LABELS: Record<string, string> = {
  year: '年度',
  title: '标题',
  kind: '种类',
  regionCode: '抽取范围',
  rules: '抽取规则',
  inspectorsPerItem: '每家派出执法人员',
  parentDrawId: '所属调取抽取',
  ownHash: '自备种子的哈希',
  seed: '种子',
  itemId: '抽取对象',
  inspectedOn: '检查日期',
  result: '检查结果',
  findingsText: '问题描述',
  reason: '原因',
  supervisorId: '执法人员',
  institutionCode: '机构编码',
  op: '操作',
};

export const DRAW_RESULTS = ['未发现问题', '责令改正', '限期整改', '立案查处'] as const;

export const drawActionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal('publish-hash'), ownHash: optional(seedHash) }),
    z.object({ op: z.literal('draw'), seed: optional(z.string().min(16, '至少 16 个字符').max(200, '至多 200 个字符')) }),
    z.object({
      op: z.literal('result'),
      itemId: recordIdSchema,
      inspectedOn: isoDateField,
      result: z.enum(DRAW_RESULTS, { error: '请选择检查结果' }),
      findingsText: optional(multiLine(1, 5000)),
    }),
    z.object({ op: z.literal('publish') }),
    z.object({ op: z.literal('cancel'), reason: z.preprocess(blankToUndefined, singleLine(2, 200)) }),
    z.object({ op: z.literal('recusal'), supervisorId: recordIdSchema, institutionCode, reason: z.preprocess(blankToUndefined, singleLine(2, 500)) }),
    z.object({ op: z.literal('unrecuse'), supervisorId: recordIdSchema, institutionCode }),
  ],
  { error: '未知的操作' },
);

/** Checkbox lists (finding codes 1–15, inspector ids) read with FormData.getAll. */
export const findingCodesSchema = z.array(z.coerce.number().int().min(1).max(15), { error: '问题编号应为 1–15' });
export const idListSchema = z.array(recordIdSchema);

/** The users page: a supervisor's 执法证号 and home township (both optional). */
export const inspectorFieldsSchema = z.object({
  id: recordIdSchema,
  enforcementNo: optional(singleLine(1, 40)),
  township: optional(regionCode),
});

export const INSPECTOR_LABELS: Record<string, string> = { id: '账户', enforcementNo: '执法证号', township: '所在乡镇' };

/** `npm run draw:verify -- FILE-OR-URL [--hash HEX]` (parseArgs positionals). */
export const drawVerifyArgsSchema = z.object({
  positionals: z.array(z.string()).transform((p, ctx): string => {
    const [source, ...rest] = p;
    if (source && rest.length === 0) return source;
    ctx.addIssue({
      code: 'custom',
      message: source ? '只能指定一个文件或网址 / give one file or URL' : '请给出 draw.json 的文件路径或网址 / give the path or URL of a draw.json',
    });
    return z.NEVER;
  }),
  /** The seed hash as published before the draw (copied from /inspections/): the record must carry the same. */
  hash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, '--hash 应为 64 位十六进制（抽取前公布的种子哈希） / --hash must be the 64 hex digits published before the draw')
    .transform((h) => h.toLowerCase())
    .optional(),
  help: z.boolean().optional(),
});

const candidateInstitution = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  risk: z.string(),
  type: z.string(),
  township: z.string().nullable(),
  hospitalGrade: z.string().nullable(),
});
const candidateInspector = z.object({ enforcementNo: z.string(), name: z.string(), township: z.string().nullable(), recusals: z.array(z.string()) });

/** /inspections/{id}/draw.json as draw:verify reads it (src/domain/draw-record.ts writes it). */
export const drawRecordSchema = z.object({
  format: z.string(),
  algorithm: z.string(),
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  kind: z.enum(DRAW_KINDS),
  region: z.string().nullable(),
  plan: z.object({
    rules: z.array(z.object({ match: z.string(), percent: z.number().optional(), count: z.number().optional() })),
    inspectorsPerItem: z.number().int(),
  }),
  seedHash: z.string(),
  seed: z.string(),
  hashPublishedAt: z.string().nullable(),
  drawnAt: z.string().nullable(),
  candidates: z.object({ institutions: z.array(candidateInstitution), inspectors: z.array(candidateInspector) }),
  result: z.array(z.object({ position: z.number().int(), code: z.string(), stratum: z.string(), inspectors: z.array(z.string()) })),
});
