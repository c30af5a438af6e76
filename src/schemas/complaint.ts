/**
 * The complaint (投诉举报) as it arrives: one definition for the HTML form, the JSON API
 * (`POST /api/complaints`) and the OpenAPI document. Also the text rules every public input
 * shares (no control characters, no bidi tricks, lengths in characters) and the status lookup.
 */
import { z } from 'zod';
import { CATEGORIES, CATEGORY_NAMES, SUBCATEGORY_IDS, findSubcategory } from '../domain/complaint-categories';
import { parsePhone } from '../domain/identifiers';
import { normalizeQueryCode, parseTrackingNumber } from '../domain/tracking-number';
import { fieldErrors, zhErrorMap } from './zod-errors';
import { forbiddenCharacter, forbiddenCharacterMessage } from './invisible-chars';

// ---------------------------------------------------------------------------------------------
// Text shared by every public input

/**
 * Characters refused everywhere (src/schemas/invisible-chars.ts): C0/C1 controls (NUL cannot even
 * be stored in PostgreSQL text), zero-width and other invisible format characters, line/paragraph
 * separators, bidi embeddings/overrides/isolates (they make text display differently from what
 * it says), tag characters, BOM and non-characters; lone surrogates. Single lines also refuse
 * line breaks and tabs.
 */
function refuseInvisible(multi: boolean) {
  return (v: string, ctx: z.core.$RefinementCtx<string>) => {
    const found = forbiddenCharacter(v, multi);
    if (found) ctx.addIssue({ code: 'custom', message: forbiddenCharacterMessage(found), input: v });
  };
}

/** Empty or blank strings count as "not given" for optional fields (forms send "" for empty). */
export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** One line of text: trimmed, NFC, inner runs of spaces collapsed. */
export function singleLine(min: number, max: number) {
  return z
    .string()
    .overwrite((v) =>
      v
        .normalize('NFC')
        .replace(/[ \u3000]+/g, ' ')
        .trim(),
    )
    .min(min)
    .max(max)
    .superRefine(refuseInvisible(false));
}

/** Several lines: line ends normalised to \n, trimmed, NFC; tabs and newlines allowed. */
export function multiLine(min: number, max: number) {
  return z
    .string()
    .overwrite((v) => v.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .min(min)
    .max(max)
    .superRefine(refuseInvisible(true));
}

/**
 * An institution's public code, as in its disclosure page address /i/{code}/: the database check
 * on institutions.code (src/domain/institution-code.ts has the same pattern, but imports
 * node:crypto, and this file also runs in the browser).
 */
const INSTITUTION_CODE_PATTERN = /^[0-9A-Z]{4,12}$/;

export const institutionCode = z
  .string()
  .overwrite((v) => v.trim().toUpperCase())
  .regex(INSTITUTION_CODE_PATTERN, '机构编码格式不正确（公示页网址 /i/ 后面的 4–12 位字母数字）');

/** A region code of the region table (GB/T 2260: 6 digits county, 9 township, 12 village). */
export const REGION_CODE_PATTERN = /^[1-8]\d{5}(\d{3}(\d{3})?)?$/;
const regionCode = z.string().trim().regex(REGION_CODE_PATTERN, '请从列表中选择乡镇（街道）');

const personName = z
  .string()
  .overwrite((v) => v.normalize('NFC').replace(/\s+/g, ' ').trim())
  .min(2)
  .max(30)
  .regex(/^[\p{Script=Han}A-Za-z·•. ]+$/u, '只能包含汉字、字母、空格和间隔号“·”');

/** A mainland mobile or landline number, stored in canonical form (13812345678, 0371-12345678). */
const mainlandPhone = z
  .string()
  .max(30)
  .transform((v, ctx) => {
    // People write mobiles in groups (138-1234-5678); landlines keep their hyphen for the parser.
    const parsed = parsePhone(v) ?? parsePhone(v.replace(/[-－\s]/g, ''));
    if (!parsed || parsed.kind === 'hotline') {
      ctx.addIssue({ code: 'custom', message: '请填写有效的大陆手机号（11位）或带区号的固定电话' });
      return z.NEVER;
    }
    return parsed.normalized;
  });

/**
 * This file also runs in the browser (the form's island), so it does not import working-days.ts
 * (which pulls in the holiday tables): a calendar-day check and today's date in China (UTC+8,
 * no daylight saving) are all it needs.
 */
function isIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A past calendar day 'YYYY-MM-DD' (today in China at the latest, 2000 at the earliest). */
const pastDate = z
  .string()
  .trim()
  .refine(isIsoDate, '日期格式不正确（应为 YYYY-MM-DD）')
  .refine((v) => !isIsoDate(v) || v >= '2000-01-01', '日期不能早于2000年')
  .refine((v) => !isIsoDate(v) || v <= todayInChina(), '日期不能晚于今天');

// ---------------------------------------------------------------------------------------------
// The complaint

export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 2000;
export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const subcategoryList = CATEGORIES.map((c) => `${c.name}：${c.subcategories.map((s) => `${s.id} ${s.label}`).join('；')}`).join('\n');

const ComplaintFields = z.strictObject({
  /** Public code of the institution complained about (from its page /i/{code}/). */
  institutionCode: optional(institutionCode).meta({
    description: '被投诉机构的公示编码（机构公示页网址 /i/{编码}/ 中的编码）。机构不在平台上（如无证行医）时不填，改填 unlistedName 和 unlistedAddress。',
  }),
  /** Name of an institution that is not listed (unlicensed practice is the main case). */
  unlistedName: optional(singleLine(2, 100)).meta({ description: '未列出的机构名称或行医者称呼（如无证行医）。与 institutionCode 二选一。' }),
  /** Where it is. */
  unlistedAddress: optional(singleLine(2, 200)).meta({ description: '未列出机构的地址或行医地点，填写 unlistedName 时必填。' }),
  /**
   * Where an unlisted place is: the township (乡镇/街道) that routes the complaint to its district
   * supervisors. Checked against the region table when saving (this file also runs in the browser).
   */
  regionCode: optional(regionCode).meta({
    description:
      '未列出机构所在的乡镇（街道）的行政区划代码（9 位，见 regions 表；县级 6 位也可）。投诉按它分派给该辖区的监督员；不填时投诉进入“未分派辖区”队列，由委机关管理员分派。填写 institutionCode 时不用填（以机构登记的辖区为准，本字段被忽略）。',
    examples: ['419921100'],
  }),
  category: z.enum(CATEGORY_NAMES, { error: `请选择问题类别（${CATEGORY_NAMES.join('、')}）` }).meta({ description: '问题类别。' }),
  subcategory: optional(z.enum(SUBCATEGORY_IDS, { error: '请从列表中选择具体问题' })).meta({
    description: `具体问题（可不填），须属于所选类别：\n${subcategoryList}`,
  }),
  description: multiLine(DESCRIPTION_MIN, DESCRIPTION_MAX).meta({ description: '问题描述：时间、地点、经过、涉及的人员或科室。' }),
  occurredOn: optional(pastDate).meta({ description: '发生日期 YYYY-MM-DD，不晚于今天。' }),
  anonymous: z.boolean({ error: '请选择匿名举报或实名举报' }).meta({
    description: '是否匿名。实名举报（false）须填写 name 和 phone，办结后可凭受理编号和查询码查看处理结果和反馈；匿名举报只能查看办理进度。',
  }),
  name: optional(personName).meta({ description: '实名举报人姓名（加密保存，不公开）。' }),
  phone: optional(mainlandPhone).meta({ description: '实名举报人联系电话：大陆手机号或带区号的固定电话（加密保存，不公开）。' }),
  /** Optional, real-name only: where the notifications of acceptance and outcome go (issue 14). */
  email: optional(z.email({ error: '请填写正确的电子邮箱地址，如 name@example.com' }).max(200, '电子邮箱不能超过 200 个字符')).meta({
    description: '实名举报人的电子邮箱（可不填；加密保存，不公开）：受理、办结或不予受理、填写反馈时发送通知。',
  }),
  /** Which system passed the complaint on (the web form is always 'web'). */
  channel: optional(z.enum(['api', '12345', 'other'])).meta({
    description: '来源渠道：api（默认）、12345（12345热线转办）、other。使用接入密钥（Authorization: Bearer）时以该密钥所属渠道为准，本字段被忽略。',
  }),
  /** The sender's own number for it (12345 工单号): echoed in callbacks; unique per client. */
  clientRequestId: optional(
    z
      .string()
      .trim()
      .regex(/^[\x21-\x7e]{1,100}$/, '渠道工单号应为 1–100 个可见 ASCII 字符'),
  ).meta({
    description: '接入渠道自己的工单号（须使用接入密钥）：状态回调中原样带回；同一渠道不能重复。',
  }),
});

type ComplaintShape = z.output<typeof ComplaintFields>;

/** The rules that involve more than one field. Written defensively: other fields may be invalid. */
function crossCheck(v: Partial<ComplaintShape>, ctx: z.core.$RefinementCtx<Partial<ComplaintShape>>): void {
  const add = (path: string, message: string) => {
    ctx.addIssue({ code: 'custom', path: [path], message });
  };
  if (!v.institutionCode && !v.unlistedName) add('institutionCode', '请选择被投诉的机构；机构不在列表中（如无证行医）时请填写其名称和地址');
  if (v.institutionCode && v.unlistedName) add('unlistedName', '已选择列表中的机构时，请不要再填写未列出机构的名称');
  if (v.unlistedName && !v.unlistedAddress) add('unlistedAddress', '请填写该机构或行医地点的地址');
  if (v.category && v.subcategory && !findSubcategory(v.category, v.subcategory)) {
    add('subcategory', `所选具体问题不属于“${v.category}”类别`);
  }
  if (v.anonymous === false) {
    if (!v.name) add('name', '实名举报请填写姓名');
    if (!v.phone) add('phone', '实名举报请填写联系电话');
  }
}

/** Run the cross-field rules even when a field failed, so that one answer lists every problem. */
const always = { when: (p: { value: unknown }) => typeof p.value === 'object' && p.value !== null };

/**
 * The web form always asks where an unlisted place is (the township list is on the page); the
 * JSON API keeps `regionCode` optional so that existing clients (12345 hand-overs) still work,
 * and what they send without it lands in the administrators' "未分派辖区" queue.
 */
function webCrossCheck(v: Partial<ComplaintShape>, ctx: z.core.$RefinementCtx<Partial<ComplaintShape>>): void {
  crossCheck(v, ctx);
  if (!v.institutionCode && !v.regionCode) {
    ctx.addIssue({ code: 'custom', path: ['regionCode'], message: '请选择该机构或行医地点所在的乡镇（街道），投诉会转给当地监督员' });
  }
}

/** `POST /api/complaints` body. */
export const ComplaintInput = ComplaintFields.superRefine(crossCheck, always);
export type ComplaintInput = z.output<typeof ComplaintInput>;

/** The HTML form: the same fields without `channel` (always 'web'). */
export const ComplaintWebInput = ComplaintFields.omit({ channel: true, clientRequestId: true }).superRefine(webCrossCheck, always);

export const COMPLAINT_FIELD_LABELS: Readonly<Record<string, string>> = {
  institutionCode: '被投诉机构',
  unlistedName: '机构名称',
  unlistedAddress: '机构地址',
  regionCode: '所在乡镇（街道）',
  category: '问题类别',
  subcategory: '具体问题',
  description: '问题描述',
  occurredOn: '发生日期',
  anonymous: '举报方式',
  name: '姓名',
  phone: '联系电话',
  email: '电子邮箱',
  channel: '来源渠道',
  clientRequestId: '渠道工单号',
  photos: '照片',
  '': '提交内容',
};

export type FieldErrorMap = Record<string, string>;

/** zod issues → { field: '标签：说明' }, first message per field. */
export function toFieldErrorMap(issues: readonly z.core.$ZodIssue[], labels: Readonly<Record<string, string>>): FieldErrorMap {
  const out: FieldErrorMap = {};
  for (const e of fieldErrors(issues, labels)) {
    const key = e.field.split('.')[0] || '_';
    out[key] ??= `${e.label}：${e.message}`;
  }
  return out;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrorMap };

function parseWith<S extends z.ZodType>(schema: S, data: unknown, labels: Readonly<Record<string, string>>): ParseResult<z.output<S>> {
  const r = schema.safeParse(data, { error: zhErrorMap });
  return r.success ? { ok: true, value: r.data } : { ok: false, fieldErrors: toFieldErrorMap(r.error.issues, labels) };
}

export function parseComplaintJson(data: unknown): ParseResult<ComplaintInput> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, fieldErrors: { _: '提交内容：应为一个 JSON 对象' } };
  }
  return parseWith(ComplaintInput, data, COMPLAINT_FIELD_LABELS);
}

/** The form's fields as posted (strings) → the complaint; `anonymous` is the radio "1"/"0". */
export function parseComplaintForm(fields: Readonly<Record<string, string | undefined>>): ParseResult<ComplaintInput> {
  const data = {
    institutionCode: fields['institutionCode'],
    unlistedName: fields['unlistedName'],
    unlistedAddress: fields['unlistedAddress'],
    regionCode: fields['regionCode'],
    category: blankToUndefined(fields['category']),
    subcategory: fields['subcategory'],
    description: blankToUndefined(fields['description']),
    occurredOn: fields['occurredOn'],
    anonymous: fields['anonymous'] === '1' ? true : fields['anonymous'] === '0' ? false : undefined,
    name: fields['name'],
    phone: fields['phone'],
    email: fields['email'],
  };
  return parseWith(ComplaintWebInput, data, COMPLAINT_FIELD_LABELS);
}

/** The names of the form's text fields, in order (for refilling the form). */
export const COMPLAINT_FORM_FIELDS = [
  'institutionCode',
  'unlistedName',
  'unlistedAddress',
  'regionCode',
  'category',
  'subcategory',
  'description',
  'occurredOn',
  'anonymous',
  'name',
  'phone',
  'email',
] as const;

// ---------------------------------------------------------------------------------------------
// Headers and the status lookup

/**
 * Idempotency-Key header: 8–200 visible ASCII characters (a UUID is typical). The same key
 * returns the first answer and creates nothing new.
 */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,200}$/, 'Idempotency-Key 应为 8–200 个可见 ASCII 字符（建议使用 UUID）');

export const StatusQuery = z.strictObject({
  trackingNo: z
    .string()
    .max(40)
    .transform((v, ctx) => {
      const r = parseTrackingNumber(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    }),
  queryCode: z
    .string()
    .max(40)
    .transform((v, ctx) => {
      // A malformed code gets the same answer as a wrong one, but an empty field is said plainly.
      if (v.trim() === '') {
        ctx.addIssue({ code: 'custom', message: '请填写查询码' });
        return z.NEVER;
      }
      return normalizeQueryCode(v) ?? '';
    }),
});

export const STATUS_FIELD_LABELS = { trackingNo: '受理编号', queryCode: '查询码' };

export function parseStatusQuery(fields: Readonly<Record<string, string | undefined>>): ParseResult<z.output<typeof StatusQuery>> {
  return parseWith(StatusQuery, { trackingNo: fields['trackingNo'] ?? '', queryCode: fields['queryCode'] ?? '' }, STATUS_FIELD_LABELS);
}

// ---------------------------------------------------------------------------------------------
// Query strings and route params of the intake pages (URLSearchParams.get: null when absent)

/** A query-string value as text, "" when absent, cut to `max` characters when given. */
const queryText = (max?: number) =>
  z
    .string()
    .nullable()
    .transform((v) => (max === undefined ? (v ?? '') : (v ?? '').slice(0, max)));

/** /complaints/new?q={search text}&i={institution code}. */
export const ComplaintPageQuery = z.object({ q: queryText(50), i: queryText() });

/** The institution a complaint form is about, as given (?i= or the posted field): trimmed, upper case, 12 characters. */
export const ChosenInstitutionCode = z.string().transform((v) => v.trim().toUpperCase().slice(0, 12));

/** /complaints/status?no={tracking number}: the receipt's link fills the field in. */
export const StatusPageQuery = z.object({ no: queryText(40) });
