/**
 * Inputs shared by several lists and forms of the supervisor area: a list's ?page= and the id a
 * form posts in a hidden field. Neither is ever an error shown to the user.
 */
import { z } from 'zod';
import { isIsoDate } from '../domain/working-days';
import { blankToUndefined } from './complaint';

/** The last page a list can be asked for. */
export const MAX_PAGE = 100_000;

/**
 * A list's ?page=: the leading digits (as parseInt reads them: "3abc" is page 3), at least 1 and
 * at most MAX_PAGE; missing, empty, negative or not a number is the first page.
 */
export const pageParamSchema = z
  .string()
  .optional()
  .transform((v) => {
    const digits = /^\s*\+?(\d+)/.exec(v ?? '')?.[1];
    return digits === undefined ? 1 : Math.min(MAX_PAGE, Math.max(1, Number(digits)));
  });

/**
 * A record's id in a route parameter (/admin/points/{id}), a query string (?id=) or a form field:
 * a positive safe integer, read as Number() reads text; anything else is refused ('编号不正确'), and
 * the page answers as for a record that does not exist.
 */
export const recordIdSchema = z.coerce.number({ error: '编号不正确' }).int({ error: '编号不正确' }).positive({ error: '编号不正确' });

/** A form that names a record by its `id` field (the account actions). */
export const idFieldSchema = z.object({ id: recordIdSchema });

/** The id in a route parameter or query string, or null when it names no record (→ 404). */
export function recordIdOf(value: unknown): number | null {
  const r = recordIdSchema.safeParse(value);
  return r.success ? r.data : null;
}

/**
 * A record id posted by a form's hidden field: a positive integer; anything else becomes 0, which
 * names no record (the action then answers that it cannot find it).
 */
export const formIdSchema = recordIdSchema.catch(0);

/** A date field of a supervisor-area form (YYYY-MM-DD, as <input type="date"> sends it). */
export const isoDateField = z.string().trim().refine(isIsoDate, '日期格式不正确（应为 YYYY-MM-DD）');

/** The same, left blank when it is optional. */
export const optionalDateField = z.preprocess(blankToUndefined, isoDateField.optional());

/**
 * The fields every record's action form posts (recordActionPage): which of the screen's actions,
 * and the date it takes effect.
 */
export function actionFormFields<const A extends readonly string[]>(actions: A) {
  return { action: z.enum(actions, { error: '未知的操作' }), on: isoDateField };
}

/** How error messages name the fields of an action form (and the reason most add); a screen may rename one. */
export const ACTION_FORM_LABELS: Readonly<Record<string, string>> = { action: '操作', on: '日期', reason: '理由' };
