/**
 * Removes personal details from free text before it can become public (rating comments after
 * moderation) or travel further than it must: phone numbers (also with spaces, dots or invisible
 * characters between the digits, or dictated in Chinese numerals: 幺三八…), ID-card and
 * bank-card numbers, e-mail addresses, WeChat/QQ ids (微信号, V信, vx, wx, QQ…), home addresses
 * after 家住/住址/地址：, and names after cue words such as 我叫, 我是, 本人, 姓名, 联系人.
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
  /** A match this refuses is left as it is (and not counted). */
  only?: (match: string) => boolean;
}

// The text is normalised for matching first (see `redact`): invisible format characters removed,
// full-width, circled and mathematical digits made ASCII.
const NOT_DIGIT_BEFORE = '(?<![0-9A-Za-z])';
const NOT_DIGIT_AFTER = '(?![0-9A-Za-z])';
/**
 * What people put between the digits of a number so that it reads (or slips past a filter):
 * up to two spaces, a dot, hyphen, dash, middle dot or underscore, with spaces around it.
 * 138 1234 5678, 138.1234.5678, 138-1234-5678, 1 3 8 1 2 3 4 5 6 7 8.
 */
const SEP = '(?:[ \\u3000]{0,2}[.\\-\\u2010-\\u2015·•_~]?[ \\u3000]{0,2})';
/** A number does not start or end inside a longer separated number (the tail of a tracking number). */
const NUMBER_BEFORE = `${NOT_DIGIT_BEFORE}(?<![0-9][ .\\-·_])`;
const NUMBER_AFTER = `${NOT_DIGIT_AFTER}(?!${SEP}[0-9])`;
const spaced = (n: number) => `\\d(?:[ \\u3000]{0,2}\\d){${n - 1}}`;

/** Chinese numerals as people dictate a number: 一三八…, 幺 for 1, 〇/零 for 0, and the financial forms. */
const CN_DIGIT = '[0-9零〇一幺壹二贰三叁四肆五伍六陆七柒八捌九玖]';
const HAS_CN_DIGIT = /[零〇一幺壹二贰三叁四肆五伍六陆七柒八捌九玖]/;

/** Words after 我是/本人 that begin a description, not a name ("我是患者家属", "本人于3月…"). */
const NOT_A_NAME =
  '(?!患者|病人|病号|家属|孩子|小孩|老人|一[名个位]|本地|本村|本人|这|那|他|她|在|来|去|第|从|被|真|很|不|想|说|为|因|最|刚|于|已|也|就|都|对|向|到|该|个|市民|村民|居民|群众|消费者|顾客|学生|住在|家住)';

const RULES: readonly Rule[] = [
  // A number written (partly) in Chinese numerals, 7 digits or more: 一三八一二三四五六七八,
  // 幺三八 1234 五六七八. Runs without a Chinese numeral are left to the rules below.
  { kind: '电话', pattern: new RegExp(`${NUMBER_BEFORE}${CN_DIGIT}(?:${SEP}${CN_DIGIT}){6,}(?![0-9])`, 'g'), only: (m) => HAS_CN_DIGIT.test(m) },
  // Mobiles first: their boundaries keep them from starting or ending inside a longer number (an
  // ID card 130102…), and "0086 138…" is a phone, not 15 digits of an old ID card.
  // With optional +86/0086 and any separators: 13812345678, 138 1234 5678, +86.138.1234.5678.
  { kind: '电话', pattern: new RegExp(`${NUMBER_BEFORE}(?:(?:\\+|00)?86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}${NUMBER_AFTER}`, 'g') },
  // 18-digit resident ID (last may be X) or the old 15-digit one, also in groups of digits split by
  // spaces (6-8-4). Not by hyphens: registration numbers are written 410481-123456789.
  { kind: '身份证号', pattern: new RegExp(`${NUMBER_BEFORE}(?:${spaced(17)}[ \\u3000]{0,2}[\\dXx]|${spaced(15)})${NUMBER_AFTER}`, 'g') },
  // Bank cards: 16–19 digits, possibly in groups of four.
  { kind: '银行卡号', pattern: new RegExp(`${NUMBER_BEFORE}\\d{4}(?:[ -]?\\d{4}){3}(?:[ -]?\\d{1,3})?${NOT_DIGIT_AFTER}`, 'g') },
  // Landlines: 0371-62345678, (0371)62345678, 037162345678, with an optional extension. Any local
  // number of 7–8 digits counts (real ones never start with 0 or 1, but removing too much is safe).
  {
    kind: '电话',
    pattern: new RegExp(`${NOT_DIGIT_BEFORE}(?:[(（]0\\d{2,3}[)）]|0\\d{2,3})[ -]?\\d{7,8}(?:(?:-|转)\\d{1,6})?${NOT_DIGIT_AFTER}`, 'g'),
  },
  { kind: '电子邮箱', pattern: /[A-Za-z0-9._%+-]+\s?@\s?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // WeChat and QQ ids, however the cue is written: 微信号 / V信 / vx / wx / 薇信 / QQ / 扣扣.
  {
    kind: '社交账号',
    pattern: /((?<![A-Za-z])(?:微信号?|薇信|威信|[Vv]信|[Vv][Xx]|[Ww][Xx]|[Ww]echat|QQ|qq|扣扣|企鹅)号?(?:[是为:：\s]|id|ID)*)[A-Za-z0-9_-]{5,20}/g,
    keepGroup: 1,
  },
  // An address after a cue: the rest of that clause (up to the next comma, full stop, …).
  {
    kind: '住址',
    pattern: /((?:家住|住在|现住|居住在|(?:家庭|现|居|常)?住址[是为]?[:：]?|(?:家庭|联系|我的|我家|收件)?地址(?:是|为)?[:：]))\s*[^，。,；;！!？?\n]{2,60}/g,
    keepGroup: 1,
  },
  // A name: 2–3 Han characters (4 with a compound surname, or a name with a middle dot) after a cue.
  {
    kind: '姓名',
    pattern: new RegExp(
      `((?:我叫|我是|本人(?:叫|是|姓名[是为]?[:：]?)?|我的名字(?:是|叫)|名叫|姓名[是为]?[:：]?|联系人[是为]?[:：]?|举报人[是为]?[:：]?|投诉人[是为]?[:：]?|患者姓名[是为]?[:：]?)\\s*)${NOT_A_NAME}(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|司徒|夏侯|长孙|宇文)?[\\p{Script=Han}](?:[\\p{Script=Han}·]{1,2})`,
      'gu',
    ),
    keepGroup: 1,
  },
];

/**
 * Invisible format characters (zero width, joiners, bidi controls, soft hyphen, tag characters):
 * they hide nothing from a reader but split a number for a pattern (1, U+200B, 38…). New input refuses
 * them (src/schemas/invisible-chars.ts); text stored before that is cleaned here.
 */
const INVISIBLE = /\u034f|[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u{e0000}-\u{e007f}]/gu;

/**
 * Full-width digits, Latin letters and the signs used in numbers and addresses (＋ － ＠ ． ＿) to
 * ASCII, so that ＋８６ １３８… is recognised too, as are circled (①) and mathematical (𝟏)
 * digits. Chinese punctuation （，：。） stays as it is.
 */
function halfWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B\uFF0D\uFF20\uFF0E\uFF3F]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2460-\u2468]/g, (c) => String(c.charCodeAt(0) - 0x245f))
    .replace(/[\u24ea\u24ff]/g, '0')
    .replace(/[\u{1d7ce}-\u{1d7ff}]/gu, (c) => String(((c.codePointAt(0) ?? 0x1d7ce) - 0x1d7ce) % 10));
}

export function redact(input: string): RedactionResult {
  const visible = input.replace(INVISIBLE, '');
  let text = halfWidth(visible);
  const found: Partial<Record<RedactionKind, number>> = {};
  for (const rule of RULES) {
    text = text.replace(rule.pattern, (...args: unknown[]) => {
      const match = String(args[0]);
      if (rule.only && !rule.only(match)) return match;
      found[rule.kind] = (found[rule.kind] ?? 0) + 1;
      const group = rule.keepGroup ? args[rule.keepGroup] : undefined;
      const kept = typeof group === 'string' ? group : '';
      return kept + placeholder(rule.kind);
    });
  }
  // Only the redacted text is half-width; when nothing was found, hand back the (visible) input.
  return Object.keys(found).length === 0 ? { text: visible, found } : { text, found };
}

/** Whether the text seems to contain personal details (for a moderator's warning). */
export function containsPersonalDetails(input: string): boolean {
  return Object.keys(redact(input).found).length > 0;
}
