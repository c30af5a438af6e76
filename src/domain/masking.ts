/**
 * Masking of personal data on public pages (DESIGN.md: staff certificate numbers and phones
 * are masked; complainants' data is never public). Strings are handled as Unicode code points,
 * so rare characters outside the BMP (e.g. 𠈌) count as one character.
 */

/** Common two-character (compound) surnames, kept whole when masking. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '长孙',
  '宇文',
  '申屠',
  '澹台',
  '公冶',
  '太史',
  '呼延',
  '闻人',
  '赫连',
  '西门',
  '万俟',
  '钟离',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '仲孙',
  '东郭',
  '百里',
  '司空',
  '司寇',
  '拓跋',
  '第五',
  '谷梁',
  '左丘',
  '梁丘',
  '公羊',
  '亓官',
  '羊舌',
  '微生',
  '乐正',
]);

const STAR = '*';

/**
 * Keeps the surname and replaces each other character with '*': 张三 → 张*, 张三丰 → 张**,
 * 欧阳娜娜 → 欧阳**. A two-character name always keeps only the first character (欧阳 could be
 * surname 欧 + given name 阳). Names with a middle dot (少数民族/外文译名) keep the dot:
 * 买买提·艾力 → 买**·**. A single character becomes '*'.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return STAR;
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.map((c, i) => (i < keep || c === '·' || c === '•' ? c : STAR)).join('');
}

/**
 * Mobile 13812345678 → 138****1234. Landline 0371-12345678 → 0371-****5678 (area code and
 * last 4 kept; an extension is dropped). Anything else: all but the last 4 digits masked,
 * and fewer than 7 digits in all are fully masked.
 */
export function maskPhone(phone: string): string {
  const v = phone.replace(/[\s\u3000]/g, '');
  const mobile = /^(?:\+86|0086)?-?(1\d{10})$/.exec(v)?.[1];
  if (mobile) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  const landline = /^[（(]?(0\d{2,3})[）)]?-?(\d{7,8})(?:\D.*)?$/.exec(v);
  if (landline?.[1] && landline[2]) {
    const n = landline[2];
    return `${landline[1]}-${STAR.repeat(n.length - 4)}${n.slice(-4)}`;
  }
  const digits = Array.from(v);
  if (digits.length < 7) return STAR.repeat(digits.length);
  return STAR.repeat(digits.length - 4) + digits.slice(-4).join('');
}

/**
 * Certificate numbers (执业证书编码, 资格证书编码, 身份证号…): keep the first 3 and last 4
 * characters when at least 10 long; 5–9 characters keep the first and last one; shorter ones
 * are fully masked so that masking never reveals most of a short number.
 */
export function maskCertificate(value: string): string {
  const chars = Array.from(value.trim());
  const n = chars.length;
  if (n >= 10) return chars.slice(0, 3).join('') + STAR.repeat(n - 7) + chars.slice(-4).join('');
  if (n >= 5) return (chars[0] ?? '') + STAR.repeat(n - 2) + (chars[n - 1] ?? '');
  return STAR.repeat(n);
}
