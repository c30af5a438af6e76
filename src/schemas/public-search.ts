import { z } from 'zod';
import { LEVEL_FILTERS, QUERY_MAX_LENGTH } from '../domain/search';
import { TYPE_SLUGS } from '../domain/public-lists';

/**
 * Query parameters of the search (/search/results without JavaScript, /search/ with it). An empty
 * value means "no filter". Messages are Chinese; SEARCH_FIELD_LABELS names the field.
 */
export const searchParamsSchema = z.object({
  /** 机构名称或地址 (free text; cleaned by normalizeQuery). */
  q: z.string().trim().max(QUERY_MAX_LENGTH, `最多${QUERY_MAX_LENGTH}个字`).default(''),
  /** 辖区: a county or township code (GB/T 2260, 6 or 9 digits). */
  area: z
    .string()
    .trim()
    .regex(/^(|[1-8][0-9]{5}([0-9]{3})?)$/, '辖区代码不正确，请从列表中选择')
    .default(''),
  /** 类别: a type slug (TYPE_SLUGS). */
  type: z.enum(['', ...TYPE_SLUGS.map(([, s]) => s)], { error: '机构类别不正确，请从列表中选择' }).default(''),
  /** 信用等级, or the words used instead of one. */
  level: z.enum(['', ...LEVEL_FILTERS], { error: '信用等级不正确，请从列表中选择' }).default(''),
});

export type SearchParams = z.infer<typeof searchParamsSchema>;

export const SEARCH_FIELD_LABELS: Record<keyof SearchParams, string> = {
  q: '搜索词',
  area: '辖区',
  type: '类别',
  level: '信用等级',
};
