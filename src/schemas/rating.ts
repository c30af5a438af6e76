/**
 * A rating (评价) of an institution: 1–5 stars and an optional comment, held for moderation.
 * One definition for the form on /i/{code}/rate and `POST /api/ratings`.
 */
import { z } from 'zod';
import { institutionCode, multiLine, optional, toFieldErrorMap, type ParseResult } from './complaint';
import { zhErrorMap } from './zod-errors';

export const COMMENT_MAX = 500;

const stars = z.number({ error: '请选择1到5颗星' }).int('请选择1到5颗星').min(1, '请选择1到5颗星').max(5, '请选择1到5颗星');

const RatingFields = z.strictObject({
  institutionCode: institutionCode.meta({ description: '被评价机构的公示编码（机构公示页网址 /i/{编码}/ 中的编码）。' }),
  stars: stars.meta({ description: '星级：1（很不满意）到 5（很满意）。' }),
  comment: optional(multiLine(2, COMMENT_MAX)).meta({ description: '评价内容（可不填）。经审核、隐去个人信息后才会公开。' }),
  /** An app's installation id: one rating per institution per device per 30 days. */
  deviceId: optional(z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, '设备标识应为 16–128 位字母、数字、“-”或“_”')).meta({
    description: '客户端设备标识（如 App 安装标识，16–128 位）。同一设备 30 天内对同一机构只能评价一次；不填时按来源地址和浏览器识别。',
  }),
});

export const RatingInput = RatingFields;
export type RatingInput = z.output<typeof RatingInput>;

/** The web form: the device is the browser's cookie, never a field. */
export const RatingWebInput = RatingFields.omit({ deviceId: true });

export const RATING_FIELD_LABELS: Readonly<Record<string, string>> = {
  institutionCode: '被评价机构',
  stars: '星级',
  comment: '评价内容',
  deviceId: '设备标识',
  '': '提交内容',
};

export function parseRatingJson(data: unknown): ParseResult<RatingInput> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, fieldErrors: { _: '提交内容：应为一个 JSON 对象' } };
  }
  const r = RatingInput.safeParse(data, { error: zhErrorMap });
  return r.success ? { ok: true, value: r.data } : { ok: false, fieldErrors: toFieldErrorMap(r.error.issues, RATING_FIELD_LABELS) };
}

export function parseRatingForm(fields: Readonly<Record<string, string | undefined>>): ParseResult<RatingInput> {
  const raw = fields['stars'];
  const data = {
    institutionCode: fields['institutionCode'] ?? '',
    stars: raw && /^[1-5]$/.test(raw) ? Number(raw) : undefined,
    comment: fields['comment'],
  };
  const r = RatingWebInput.safeParse(data, { error: zhErrorMap });
  return r.success ? { ok: true, value: r.data } : { ok: false, fieldErrors: toFieldErrorMap(r.error.issues, RATING_FIELD_LABELS) };
}

/** /i/{code}/rate?done=1|comment: the thanks after a rating (stars only, or with a comment held for moderation). */
export const RatingPageQuery = z.object({ done: z.enum(['1', 'comment']).nullable().catch(null) });
