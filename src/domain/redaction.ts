/**
 * Removes personal details from free text before it can become public (rating comments after
 * moderation) or travel further than it must: phone numbers, ID-card and bank-card numbers,
 * e-mail addresses, WeChat/QQ ids, home addresses after 家住/住址, and names after cue words
 * such as 我叫, 姓名, 联系人.
 *
 * It errs on the side of removing too much: "我叫张三今天去了诊所" loses 张三今 rather than
 * keeping 张三. A moderator still reads every comment before it is published; this is the net
 * under the moderator, not a replacement.
 */

export type RedactionKind = '身份证号' | '银行卡号' | '电话' | '电子邮箱' | '社交账号' | '住址' | '姓名';

export interface RedactionResult {
  text: string;
  /** What was removed, and how often (empty when nothing was). */
  found: Partial<Record<RedactionKind, number>>;
}

const placeholder = (kind: RedactionKind) => `［${kind}已隐去］`;

interface Rule {
  kind: RedactionKind;
  pattern: RegExp;
  /** Part of the match kept before the placeholder (the cue word, e.g. "姓名："). */
  keepGroup?: number;
}

// Digits may be full-width in Chinese text: normalise them first (see `redact`).
const NOT_DIGIT_BEFORE = '(?<![0-9A-Za-z])';
const NOT_DIGIT_AFTER = '(?![0-9A-Za-z])';

const RULES: readonly Rule[] = [
  // 18-digit resident ID (last may be X) or the old 15-digit one.
  { kind: '身份证号', pattern: new RegExp(`${NOT_DIGIT_BEFORE}(?:\\d{17}[\\dXx]|\\d{15})${NOT_DIGIT_AFTER}`, 'g') },
  // Bank cards: 16–19 digits, possibly in groups of four.
  { kind: '银行卡号', pattern: new RegExp(`${NOT_DIGIT_BEFORE}\\d{4}(?:[ -]?\\d{4}){3}(?:[ -]?\\d{1,3})?${NOT_DIGIT_AFTER}`, 'g') },
  // Mobiles with optional +86 and separators: 13812345678, 138-1234-5678, +86 138 1234 5678.
  { kind: '电话', pattern: new RegExp(`${NOT_DIGIT_BEFORE}(?:\\+?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${NOT_DIGIT_AFTER}`, 'g') },
  // Landlines: 0371-62345678, (0371)62345678, 037162345678, with an optional extension. Any local
  // number of 7–8 digits counts (real ones never start with 0 or 1, but removing too much is safe).
  {
    kind: '电话',
    pattern: new RegExp(`${NOT_DIGIT_BEFORE}(?:[(（]0\\d{2,3}[)）]|0\\d{2,3})[ -]?\\d{7,8}(?:(?:-|转)\\d{1,6})?${NOT_DIGIT_AFTER}`, 'g'),
  },
  { kind: '电子邮箱', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { kind: '社交账号', pattern: /((?:微信|微信号|QQ|qq|QQ号)[号]?[是为:：\s]*)[A-Za-z0-9_-]{5,20}/g, keepGroup: 1 },
  { kind: '住址', pattern: /((?:家住|住址[是为]?[:：]?|住在|家庭住址[是为]?[:：]?))[^，。,.；;！!？?\n]{2,40}/g, keepGroup: 1 },
  // A name: 2–3 Han characters (4 with a compound surname, or a name with a middle dot) after a cue.
  {
    kind: '姓名',
    pattern: /((?:我叫|我的名字(?:是|叫)|名叫|姓名[是为]?[:：]?|联系人[是为]?[:：]?|举报人[是为]?[:：]?|投诉人[是为]?[:：]?|患者姓名[是为]?[:：]?)\s*)(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|司徒|夏侯|长孙|宇文)?[\p{Script=Han}](?:[\p{Script=Han}·]{1,2})/gu,
    keepGroup: 1,
  },
];

/**
 * Full-width digits, Latin letters and the signs used in numbers and addresses (＋ － ＠ ． ＿) to
 * ASCII, so that ＋８６ １３８… is recognised too. Chinese punctuation （，：。） stays as it is.
 */
function halfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B\uFF0D\uFF20\uFF0E\uFF3F]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

export function redact(input: string): RedactionResult {
  let text = halfWidth(input);
  const found: Partial<Record<RedactionKind, number>> = {};
  for (const rule of RULES) {
    text = text.replace(rule.pattern, (...args: unknown[]) => {
      found[rule.kind] = (found[rule.kind] ?? 0) + 1;
      const kept = rule.keepGroup ? String(args[rule.keepGroup] ?? '') : '';
      return kept + placeholder(rule.kind);
    });
  }
  // Only the redacted text is half-width; when nothing was found, hand back the input unchanged.
  return Object.keys(found).length === 0 ? { text: input, found } : { text, found };
}

/** Whether the text seems to contain personal details (for a moderator's warning). */
export function containsPersonalDetails(input: string): boolean {
  return Object.keys(redact(input).found).length > 0;
}
