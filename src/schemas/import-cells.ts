/**
 * Cell schemas shared by the import sheets (src/schemas/import-*.ts), next to the ones the
 * evaluation sheet exports (src/schemas/evaluation-sheet.ts), and the column contract type.
 *
 * Every cell arrives as a string (CSV or XLSX through src/import/sheet-reader.ts), already trimmed.
 * Optional cells: '' → null, which the importers read as "not given, keep what is stored"
 * (docs/import.md). Messages are Chinese and name only the problem; the line and column are
 * added by the caller ("第4行 统一社会信用代码: 统一社会信用代码校验位不正确").
 */
import { z } from 'zod';
import { checkDivisionCode, checkUscc, isPlausibleRegistrationNo, normalizeUscc, parsePhone } from '../domain/identifiers';
import { forbiddenCharacter, forbiddenCharacterMessage } from './invisible-chars';
import { formatIsoDate, isIsoDate, parseIsoDate, type IsoDate } from '../domain/working-days';

/** One column of a sheet contract: the header users write, and what the template explains. */
export interface SheetColumn {
  /** Field name in the parsed row. */
  field: string;
  /** The header (Chinese) in the template and in error messages. */
  header: string;
  /** Other headers accepted for the same column (names used in existing registers). */
  aliases?: readonly string[];
  required: boolean;
  /** What to write, for the template's 填写说明 and docs/import.md. */
  help: string;
}

/**
 * Options for a cross-field refinement that runs even when other cells of the row are bad (zod
 * skips refinements after any failed field by default), as long as the cells it compares are
 * fine: every problem of a row is reported at once.
 */
export function whenValid(...fields: readonly string[]) {
  return {
    when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) => !payload.issues.some((i) => fields.includes(String(i.path?.[0]))),
  };
}

// Control characters never belong in a register; NUL cannot even be stored by PostgreSQL.
// eslint-disable-next-line no-control-regex -- this pattern exists to match control characters and strip them
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Single-line text: controls removed, runs of white space (incl. line breaks) made one space. */
export function cleanLine(raw: string): string {
  return raw
    .replace(CONTROL, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** Multi-line text (commitment bodies, findings): line breaks kept, other controls removed. */
export function cleanText(raw: string): string {
  return raw.replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
}

/**
 * Invisible format characters around codes and numbers (a phone copied out of Excel often
 * arrives as U+202D…U+202C): removed, since identifiers are checked by shape and never shown as
 * typed. Free text refuses them instead (`refuseInvisible`).
 */
const FORMAT_IN_IDENTIFIER = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Identifiers typed with a Chinese IME: full-width letters and digits → ASCII. */
export function cleanIdentifier(raw: string): string {
  return cleanLine(raw.normalize('NFKC').replace(FORMAT_IN_IDENTIFIER, ''));
}

/**
 * Invisible format characters (zero width, bidi overrides such as U+202E, tag characters,
 * non-characters, C1 controls) are refused rather than removed: a name that displays differently
 * from what it stores must be corrected in the register, and silently changing it would make the
 * next import differ from the register again. (C0 controls are removed by `cleanLine`: spreadsheets
 * leave them behind, and they have no look to keep.)
 */
function refuseInvisible(v: string, ctx: z.core.$RefinementCtx<string>): void {
  const found = forbiddenCharacter(v, true);
  if (found) ctx.addIssue({ code: 'custom', message: forbiddenCharacterMessage(found), input: v });
}

/** Required text cleaned by `clean`, of at most `max` characters (characters, not bytes). */
function requiredCell(clean: (v: string) => string, max: number) {
  return z
    .string()
    .transform(clean)
    .pipe(
      z
        .string()
        .min(1, '必填')
        .refine((v) => Array.from(v).length <= max, `不能超过${max}个字符`)
        .superRefine(refuseInvisible),
    );
}

/** Required single-line text of at most `max` characters. */
export const requiredLine = (max: number) => requiredCell(cleanLine, max);

/** Optional text cleaned by `clean`: '' → null. */
function optionalCell(clean: (v: string) => string, max: number) {
  return z
    .string()
    .optional()
    .transform((v) => (v === undefined ? '' : clean(v)))
    .pipe(
      z
        .string()
        .refine((v) => Array.from(v).length <= max, `不能超过${max}个字符`)
        .superRefine(refuseInvisible)
        .transform((v) => (v === '' ? null : v)),
    );
}

/** Optional single-line text: '' → null. */
export const optionalLine = (max: number) => optionalCell(cleanLine, max);

/** Optional multi-line text: '' → null. */
export const optionalText = (max: number) => optionalCell(cleanText, max);

/** Required multi-line text. */
export const requiredText = (max: number) => requiredCell(cleanText, max);

/**
 * 医疗机构登记号: the key of every sheet. The seeds give no format, so the loose shape of
 * src/domain/identifiers.ts is checked (4–40 digits, Latin letters, hyphens).
 */
export function registrationNoCell() {
  return z.string().transform((raw, ctx) => {
    const v = cleanIdentifier(raw);
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: '必填' });
      return z.NEVER;
    }
    if (!isPlausibleRegistrationNo(v)) {
      ctx.addIssue({ code: 'custom', message: '登记号应为4至40位数字、字母或连字符' });
      return z.NEVER;
    }
    return v;
  });
}

/** Optional 统一社会信用代码 with its GB 32100 check character. */
export function usccCell() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): string | null => {
      const v = normalizeUscc(cleanIdentifier(raw ?? ''));
      if (v === '') return null;
      const check = checkUscc(v);
      if (!check.valid) {
        ctx.addIssue({ code: 'custom', message: check.message ?? '统一社会信用代码不正确' });
        return z.NEVER;
      }
      return v;
    });
}

/** Optional mainland phone (mobile, landline with area code, or a 12xxx hotline), normalized. */
export function phoneCell() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): string | null => {
      const v = cleanIdentifier(raw ?? '');
      if (v === '') return null;
      const phone = parsePhone(v);
      if (!phone) {
        ctx.addIssue({
          code: 'custom',
          message: '电话号码格式不正确（手机号11位；座机带区号，如0375-2345678；或12345等服务热线）',
        });
        return z.NEVER;
      }
      return phone.normalized;
    });
}

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

function parseDateText(text: string): string | null {
  const m = DATE.exec(text);
  const iso = m ? formatIsoDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) : '';
  return isIsoDate(iso) ? iso : null;
}

const DATE_MESSAGE = '不是有效日期（应为 YYYY-MM-DD，如2025-03-31）';

/** Optional date: 2025-10-09, 2025/10/9, 2025.10.9, 2025年10月9日; '' → null. */
export function optionalDate() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): string | null => {
      const v = cleanIdentifier(raw ?? '');
      if (v === '') return null;
      const iso = parseDateText(v);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message: DATE_MESSAGE });
        return z.NEVER;
      }
      return iso;
    });
}

/**
 * The same day `years` later; 29 February becomes 28 February in a common year. (Adapter: the
 * domain's working-days module has days, not years.)
 */
export function addCalendarYears(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  return formatIsoDate({ year: target, month, day: month === 2 && day === 29 && !leap ? 28 : day });
}

/** Required date. */
export function requiredDate() {
  return z.string().transform((raw, ctx): string => {
    const v = cleanIdentifier(raw);
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: '必填' });
      return z.NEVER;
    }
    const iso = parseDateText(v);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: DATE_MESSAGE });
      return z.NEVER;
    }
    return iso;
  });
}

type Synonyms<T extends string> = Readonly<Record<string, T>> | ((value: string) => T | null);

function pickChoice<T extends string>(values: readonly T[], synonyms: Synonyms<T>, v: string): T | null {
  if ((values as readonly string[]).includes(v)) return v as T;
  return (typeof synonyms === 'function' ? synonyms(v) : synonyms[v]) ?? null;
}

/**
 * Optional value of a closed list, with accepted synonyms (e.g. 高风险 → 高) given as a map or as
 * the domain's own parser; '' → null.
 */
export function choiceCell<T extends string>(values: readonly T[], synonyms: Synonyms<T> = {}) {
  const message = `应为以下之一：${values.join('、')}`;
  return z
    .string()
    .optional()
    .transform((raw, ctx): T | null => {
      const v = cleanLine(raw ?? '');
      if (v === '') return null;
      const found = pickChoice(values, synonyms, v);
      if (found === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return found;
    });
}

/** Required value of a closed list. */
export function requiredChoice<T extends string>(values: readonly T[], synonyms: Synonyms<T> = {}) {
  const message = `应为以下之一：${values.join('、')}`;
  return z.string().transform((raw, ctx): T => {
    const v = cleanLine(raw);
    const found = v === '' ? null : pickChoice(values, synonyms, v);
    if (found === null) {
      ctx.addIssue({ code: 'custom', message: v === '' ? `必填（${message}）` : message });
      return z.NEVER;
    }
    return found;
  });
}

const YES = new Set(['是', 'Y', 'YES', '1', 'TRUE', '√', '✓', '已整改', '在岗']);
const NO = new Set(['否', 'N', 'NO', '0', 'FALSE', '×', '✗', '未整改', '不在岗', '离岗']);

/** Optional 是/否 (also Y/N, 1/0, TRUE/FALSE): '' → null. */
export function optionalYesNo() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): boolean | null => {
      const v = cleanIdentifier(raw ?? '').toUpperCase();
      if (v === '') return null;
      if (YES.has(v)) return true;
      if (NO.has(v)) return false;
      ctx.addIssue({ code: 'custom', message: '应填“是/否”、“Y/N”或“1/0”' });
      return z.NEVER;
    });
}

/** Whole number in [min, max]; "3.0" is 3. */
export function integerCell(min: number, max: number) {
  return z.string().transform((raw, ctx): number => {
    const v = cleanIdentifier(raw);
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: '必填' });
      return z.NEVER;
    }
    const m = /^([+-]?\d+)(?:\.0+)?$/.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: /^[+-]?\d+(\.\d+)?$/.test(v) ? '必须是整数' : '不是数字' });
      return z.NEVER;
    }
    const n = Number(m[1]);
    if (n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `应在${min}到${max}之间` });
      return z.NEVER;
    }
    return n;
  });
}

/** Optional amount of money in 元, at most 2 decimals, ≥ 0; thousands separators allowed. */
export function optionalMoney() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | null => {
      const v = cleanIdentifier(raw ?? '')
        .replace(/[,，]/g, '')
        .replace(/元$/, '');
      if (v === '') return null;
      const m = /^\+?(\d{1,10})(?:\.(\d{1,2}))?$/.exec(v);
      if (!m) {
        ctx.addIssue({
          code: 'custom',
          message: /^-/.test(v) ? '不能为负数' : '应为金额（元），最多两位小数，如5000或1234.50',
        });
        return z.NEVER;
      }
      return Number(v);
    });
}

/**
 * Optional region: a division code (GB/T 2260, 6/9/12 digits, shape checked here) or a region
 * name; which region it is gets resolved against the regions table by the importer.
 */
export function regionRefCell() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): { code: string } | { name: string } | null => {
      const v = cleanIdentifier(raw ?? '');
      if (v === '') return null;
      if (/^\d+$/.test(v)) {
        const check = checkDivisionCode(v);
        if (!check.valid) {
          ctx.addIssue({ code: 'custom', message: check.message ?? '行政区划代码不正确' });
          return z.NEVER;
        }
        return { code: v };
      }
      return { name: v };
    });
}

/**
 * A list in one cell (诊疗科目): items separated by ；; ，, 、 or line breaks. An item with a colon
 * keeps its own 、-list ("医学检验科：临床体液、血液专业" is one item), as registers write it.
 */
export function listCell(maxItems: number, maxItemLength: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): string[] | null => {
      const v = cleanText(raw ?? '');
      if (v === '') return null;
      const found = forbiddenCharacter(v, true);
      if (found) {
        ctx.addIssue({ code: 'custom', message: forbiddenCharacterMessage(found) });
        return z.NEVER;
      }
      const items: string[] = [];
      for (const part of v.split(/[；;\n]/)) {
        const pieces = /[：:]/.test(part) ? [part] : part.split(/[，,、]/);
        for (const p of pieces) {
          const item = cleanLine(p);
          if (item !== '' && !items.includes(item)) items.push(item);
        }
      }
      if (items.length > maxItems) {
        ctx.addIssue({ code: 'custom', message: `最多${maxItems}项` });
        return z.NEVER;
      }
      const long = items.find((i) => Array.from(i).length > maxItemLength);
      if (long) {
        ctx.addIssue({ code: 'custom', message: `“${long.slice(0, 20)}”过长（每项不超过${maxItemLength}个字符）` });
        return z.NEVER;
      }
      return items;
    });
}
