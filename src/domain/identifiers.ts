/**
 * Identifier checks: 统一社会信用代码 (GB 32100-2015), administrative division codes
 * (GB/T 2260, with the 9/12-digit township/village extension of the statistical division
 * codes), mainland mobile and landline numbers, and service hotlines.
 */

/**
 * GB 32100-2015 code characters: digits and capital letters without I, O, Z, S, V
 * (they look like 1, 0, 2, 5, U). The index of a character is its value in the check sum.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Position weights W_i = 3^(i−1) mod 31 for positions 1–17. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccError = 'length' | 'charset' | 'division' | 'check';

export interface UsccCheck {
  valid: boolean;
  error: UsccError | null;
  /** Chinese message when invalid. */
  message: string | null;
}

const USCC_MESSAGES: Record<UsccError, string> = {
  length: '统一社会信用代码应为18位',
  charset: '统一社会信用代码含有无效字符（只能是数字和除I、O、Z、S、V以外的大写字母）',
  division: '统一社会信用代码第3-8位应为6位数字的行政区划码',
  check: '统一社会信用代码校验位不正确',
};

/** Check character for a 17-character body, or null if the body is not 17 valid characters. */
export function usccCheckCharacter(body17: string): string | null {
  if (body17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = USCC_CHARSET.indexOf(body17.charAt(i));
    if (v < 0) return null;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARSET.charAt(c);
}

/** Normalizes user input: trims and upper-cases (letters are case-insensitive on paper). */
export function normalizeUscc(value: string): string {
  return value.trim().toUpperCase();
}

export function checkUscc(value: string): UsccCheck {
  const code = normalizeUscc(value);
  const fail = (error: UsccError): UsccCheck => ({ valid: false, error, message: USCC_MESSAGES[error] });
  if (code.length !== 18) return fail('length');
  for (const ch of code) if (!USCC_CHARSET.includes(ch)) return fail('charset');
  if (!/^\d{6}$/.test(code.slice(2, 8))) return fail('division');
  if (usccCheckCharacter(code.slice(0, 17)) !== code.charAt(17)) return fail('check');
  return { valid: true, error: null, message: null };
}

export function isValidUscc(value: string): boolean {
  return checkUscc(value).valid;
}

/** Appends the check character to a 17-character body (for demo data and tests). */
export function completeUscc(body17: string): string {
  const body = normalizeUscc(body17);
  const check = usccCheckCharacter(body);
  if (check === null) throw new Error(`统一社会信用代码主体应为17位有效字符：${body17}`);
  return body + check;
}

/** Province-level codes in GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

export interface DivisionCheck {
  valid: boolean;
  level: DivisionLevel | null;
  message: string | null;
}

/**
 * Shape and plausibility of an administrative division code: 6 digits (GB/T 2260), or 9/12
 * digits (township / village level of the statistical division codes). The first two digits
 * must be a province; a province-level code has zeros after it (410004 is not a code); a
 * township code needs a prefecture and a non-zero township part, and its county part may be 00
 * (towns directly under a city without counties, e.g. 东莞 441900003); a village code needs a
 * non-zero village part. Whether the code exists today is not checked — codes change yearly.
 */
export function checkDivisionCode(value: string): DivisionCheck {
  const code = value.trim();
  const fail = (message: string): DivisionCheck => ({ valid: false, level: null, message });
  if (!/^\d+$/.test(code) || ![6, 9, 12].includes(code.length)) {
    return fail('行政区划代码应为6位数字（乡镇9位、村级12位）');
  }
  if (!PROVINCE_CODES.has(code.slice(0, 2))) return fail('行政区划代码前两位不是有效的省级代码');
  const prefecture = code.slice(2, 4);
  const county = code.slice(4, 6);
  const township = code.slice(6, 9);
  const village = code.slice(9, 12);
  if (prefecture === '00' && (county !== '00' || code.length > 6)) {
    return fail('行政区划代码的地市位为0时，后续各位也必须为0');
  }
  if (code.length >= 9 && township === '000') return fail('乡镇级代码第7-9位不能全为0');
  if (code.length === 12 && village === '000') return fail('村级代码第10-12位不能全为0');
  let level: DivisionLevel;
  if (code.length === 12) level = 'village';
  else if (code.length === 9) level = 'township';
  else if (prefecture === '00') level = 'province';
  else if (county === '00') level = 'prefecture';
  else level = 'county';
  return { valid: true, level, message: null };
}

export function isValidDivisionCode(value: string): boolean {
  return checkDivisionCode(value).valid;
}

export type PhoneKind = 'mobile' | 'landline' | 'hotline';

export interface ParsedPhone {
  kind: PhoneKind;
  /** Canonical form: mobile "13812345678", landline "0371-12345678[-123]", hotline "12345". */
  normalized: string;
  areaCode: string | null;
  number: string;
  extension: string | null;
}

const MOBILE = /^1[3-9]\d{9}$/;
// 区号: 010, 02X, or 0 + 3 digits starting 3–9; local number 7–8 digits not starting 0/1.
const LANDLINE = /^(010|02\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:(?:-|转|#|ext\.?|分机)(\d{1,6}))?$/i;
/** Government and public service hotlines such as 12345, 12320, 12315. */
const HOTLINE = /^12\d{3}$/;

/**
 * Parses a mainland phone number. Spaces are ignored, an international prefix +86/0086 is
 * accepted for mobiles, and landlines may be written "0371-12345678", "037112345678",
 * "(0371)12345678" with an optional extension "-123" / "转123".
 */
export function parsePhone(value: string): ParsedPhone | null {
  let v = value.replace(/[\s\u3000]/g, '').replace(/[（(](0\d{2,3})[）)]-?/, '$1-');
  v = v.replace(/－/g, '-');
  const intl = /^(?:\+86|0086)-?(1\d{10})$/.exec(v);
  if (intl?.[1]) v = intl[1];
  if (MOBILE.test(v)) return { kind: 'mobile', normalized: v, areaCode: null, number: v, extension: null };
  if (HOTLINE.test(v)) return { kind: 'hotline', normalized: v, areaCode: null, number: v, extension: null };
  const m = LANDLINE.exec(v);
  if (m?.[1] && m[2]) {
    const extension = m[3] ?? null;
    return {
      kind: 'landline',
      normalized: `${m[1]}-${m[2]}${extension ? `-${extension}` : ''}`,
      areaCode: m[1],
      number: m[2],
      extension,
    };
  }
  return null;
}

export function isMobile(value: string): boolean {
  return parsePhone(value)?.kind === 'mobile';
}

export function isLandline(value: string): boolean {
  return parsePhone(value)?.kind === 'landline';
}

/**
 * 医疗机构登记号: the seeds give no format (local practice varies), so only a loose shape is
 * checked: 4–40 characters of digits, Latin letters and hyphens.
 */
export function isPlausibleRegistrationNo(value: string): boolean {
  return /^[0-9A-Za-z-]{4,40}$/.test(value.trim());
}
