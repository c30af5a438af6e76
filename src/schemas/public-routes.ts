import { z } from 'zod';
import { INSTITUTION_CODE_PATTERN } from '../domain/institution-code';
import { ALL, TYPE_SLUGS } from '../domain/public-lists';

/**
 * Route parameters of the public site. The static routes get theirs from getStaticPaths (built
 * from the same data), the on-demand poster from the address bar; both go through these.
 */

/** An evaluation year in a list URL (/lists/2024/). */
export const yearParamSchema = z
  .string()
  .regex(/^\d{4}$/, '年度不正确')
  .transform(Number);

/** A region code (GB/T 2260, 6 or 9 digits). */
const regionCode = z.string().regex(/^[1-8][0-9]{5}([0-9]{3})?$/, '辖区代码不正确');

/** /lists/{year}/{area}/{type}/: a filtered red/black list. */
export const listFilterParamsSchema = z.object({
  year: yearParamSchema,
  area: z.union([z.literal(ALL), regionCode]),
  type: z.enum([ALL, ...TYPE_SLUGS.map(([, s]) => s)]),
});

/** /lists/points/{quarter}/ and /lists/points/{quarter}/{area}/. */
export const quarterParamsSchema = z.object({
  quarter: z.string().regex(/^\d{4}-q[1-4]$/, '季度不正确'),
  area: regionCode.optional(),
});

/** /i/{code}/poster: an institution code, as printed under the QR code. */
export const institutionCodeParamSchema = z.string().regex(INSTITUTION_CODE_PATTERN, '机构代码不正确');
