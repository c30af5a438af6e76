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

/** What reading a cell's text gives: its value, or (in Chinese) why it is not one. */
type Reading<T> = { value: T } | { message: string };

interface CellReader<T> {
  /** The text as the reader sees it (cleaned); '' is an empty cell. */
  clean: (raw: string) => string;
  read: (text: string) => Reading<T>;
}

function settle<T>(r: Reading<T>, ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void }): T {
  if ('value' in r) return r.value;
  ctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
}

/** A cell that may be empty ('' → null), read by `reader` otherwise. */
function optionalReadCell<T>({ clean, read }: CellReader<T>) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T | null => {
      const v = clean(raw ?? '');
      return v === '' ? null : settle(read(v), ctx);
    });
}

/** A cell that must be filled in (`empty` says so), read by `reader`. */
function requiredReadCell<T>({ clean, read }: CellReader<T>, empty = '必填') {
  return z.string().transform((raw, ctx): T => {
    const v = clean(raw);
    return settle(v === '' ? { message: empty } : read(v), ctx);
  });
}

/**
 * 医疗机构登记号: the key of every sheet. The seeds give no format, so the loose shape of
 * src/domain/identifiers.ts is checked (4–40 digits, Latin letters, hyphens).
 */
export function registrationNoCell() {
  return requiredReadCell({
    clean: cleanIdentifier,
    read: (v) => (isPlausibleRegistrationNo(v) ? { value: v } : { message: '登记号应为4至40位数字、字母或连字符' }),
  });
}

/** Optional 统一社会信用代码 with its GB 32100 check character. */
export function usccCell() {
  return optionalReadCell({
    clean: (raw) => normalizeUscc(cleanIdentifier(raw)),
    read: (v) => {
      const check = checkUscc(v);
      return check.valid ? { value: v } : { message: check.message ?? '统一社会信用代码不正确' };
    },
  });
}

/** Optional mainland phone (mobile, landline with area code, or a 12xxx hotline), normalized. */
export function phoneCell() {
  return optionalReadCell({
    clean: cleanIdentifier,
    read: (v) => {
      const phone = parsePhone(v);
      return phone ? { value: phone.normalized } : { message: '电话号码格式不正确（手机号11位；座机带区号，如0375-2345678；或12345等服务热线）' };
    },
  });
}

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/** A date: 2025-10-09, 2025/10/9, 2025.10.9, 2025年10月9日. */
const DATE_CELL: CellReader<string> = {
  clean: cleanIdentifier,
  read: (text) => {
    const m = DATE.exec(text);
    const iso = m ? formatIsoDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) : '';
    return isIsoDate(iso) ? { value: iso } : { message: '不是有效日期（应为 YYYY-MM-DD，如2025-03-31）' };
  },
};

/** Optional date: 2025-10-09, 2025/10/9, 2025.10.9, 2025年10月9日; '' → null. */
export const optionalDate = () => optionalReadCell(DATE_CELL);

/** Required date. */
export const requiredDate = () => requiredReadCell(DATE_CELL);

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

type Synonyms<T extends string> = Readonly<Record<string, T>> | ((value: string) => T | null);

/** A value of a closed list, with accepted synonyms (e.g. 高风险 → 高) given as a map or as the domain's own parser. */
function choiceReader<T extends string>(values: readonly T[], synonyms: Synonyms<T>): CellReader<T> & { message: string } {
  const message = `应为以下之一：${values.join('、')}`;
  const pick = (v: string): T | null => {
    if ((values as readonly string[]).includes(v)) return v as T;
    return (typeof synonyms === 'function' ? synonyms(v) : synonyms[v]) ?? null;
  };
  return {
    message,
    clean: cleanLine,
    read: (v) => {
      const found = pick(v);
      return found === null ? { message } : { value: found };
    },
  };
}

/** Optional value of a closed list: '' → null. */
export function choiceCell<T extends string>(values: readonly T[], synonyms: Synonyms<T> = {}) {
  return optionalReadCell(choiceReader(values, synonyms));
}

/** Required value of a closed list. */
export function requiredChoice<T extends string>(values: readonly T[], synonyms: Synonyms<T> = {}) {
  const reader = choiceReader(values, synonyms);
  return requiredReadCell(reader, `必填（${reader.message}）`);
}

const YES = new Set(['是', 'Y', 'YES', '1', 'TRUE', '√', '✓', '已整改', '在岗']);
const NO = new Set(['否', 'N', 'NO', '0', 'FALSE', '×', '✗', '未整改', '不在岗', '离岗']);

/** Optional 是/否 (also Y/N, 1/0, TRUE/FALSE): '' → null. */
export function optionalYesNo() {
  return optionalReadCell({
    clean: (raw) => cleanIdentifier(raw).toUpperCase(),
    read: (v) => (YES.has(v) ? { value: true } : NO.has(v) ? { value: false } : { message: '应填“是/否”、“Y/N”或“1/0”' }),
  });
}

/** Whole number in [min, max]; "3.0" is 3. */
export function integerCell(min: number, max: number) {
  return requiredReadCell({
    clean: cleanIdentifier,
    read: (v) => {
      const m = /^([+-]?\d+)(?:\.0+)?$/.exec(v);
      if (!m) return { message: /^[+-]?\d+(\.\d+)?$/.test(v) ? '必须是整数' : '不是数字' };
      const n = Number(m[1]);
      return n < min || n > max ? { message: `应在${min}到${max}之间` } : { value: n };
    },
  });
}

/** Optional amount of money in 元, at most 2 decimals, ≥ 0; thousands separators allowed. */
export function optionalMoney() {
  return optionalReadCell({
    clean: (raw) => cleanIdentifier(raw).replace(/[,，]/g, '').replace(/元$/, ''),
    read: (v) =>
      /^\+?(\d{1,10})(?:\.(\d{1,2}))?$/.test(v)
        ? { value: Number(v) }
        : { message: /^-/.test(v) ? '不能为负数' : '应为金额（元），最多两位小数，如5000或1234.50' },
  });
}

/**
 * Optional region: a division code (GB/T 2260, 6/9/12 digits, shape checked here) or a region
 * name; which region it is gets resolved against the regions table by the importer.
 */
export function regionRefCell() {
  return optionalReadCell<{ code: string } | { name: string }>({
    clean: cleanIdentifier,
    read: (v) => {
      if (!/^\d+$/.test(v)) return { value: { name: v } };
      const check = checkDivisionCode(v);
      return check.valid ? { value: { code: v } } : { message: check.message ?? '行政区划代码不正确' };
    },
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
