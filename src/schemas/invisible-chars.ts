/**
 * Characters that no text typed by a person needs and that make text read differently from what
 * it stores: control characters (PostgreSQL cannot even store NUL), zero-width and other
 * invisible format characters (they hide a phone number from the redaction net: 1, U+200B, 38…), bidi
 * embeddings, overrides and isolates (U+202E turns "gpj.exe" into "exe.jpg" on a page), tag
 * characters, the BOM and Unicode non-characters.
 *
 * One definition for the public forms and the JSON API (src/schemas/complaint.ts), the
 * supervisor area's forms and login, and the import cells (src/schemas/import-cells.ts). This
 * file also runs in the browser (the complaint form's island): plain regular expressions only.
 */

/** Non-characters: U+FDD0–FDEF and the last two code points of every plane (U+FFFE, U+1FFFF, …). */
const PLANE_ENDS = Array.from({ length: 17 }, (_, plane) => {
  const base = (plane * 0x10000 + 0xfffe).toString(16);
  const last = (plane * 0x10000 + 0xffff).toString(16);
  return `\\u{${base}}\\u{${last}}`;
}).join('');

/**
 * Refused everywhere, newlines and tabs included in the list of what a single line refuses
 * (see `forbiddenCharacter`). ZERO WIDTH JOINER (U+200D) is allowed only between two pictographs,
 * where it joins an emoji sequence (👨‍👩‍👧) that a citizen may well type on a phone.
 */
const ALWAYS = new RegExp(
  '[' +
    '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f' + // C0 (except \t \n \r) and C1 controls
    '\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u3164\\uffa0' + // soft hyphen, invisible fillers
    '\\u200b\\u200c\\u200e\\u200f' + // zero width space / non-joiner, LRM, RLM (U+200D handled below)
    '\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f' + // separators, bidi, word joiner, invisible operators
    '\\ufeff\\ufff9-\\ufffb\\ufdd0-\\ufdef' + // BOM, interlinear annotation, non-characters
    '\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e007f}' + // musical format controls, tag characters
    PLANE_ENDS +
    ']',
  'u',
);

// No lookbehind here: it breaks the whole island on iOS Safari before 16.4 (WeChat on older iPhones).
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_MODIFIER = /^(?:\u{fe0f}|[\u{1f3fb}-\u{1f3ff}])$/u;

/** Whether the U+200D at `i` joins two pictographs (👨‍👩‍👧), possibly after a modifier (👍🏽‍). */
function joinsEmoji(v: string, i: number): boolean {
  const before = Array.from(v.slice(Math.max(0, i - 4), i));
  let last = before.pop();
  if (last !== undefined && EMOJI_MODIFIER.test(last)) last = before.pop();
  const next = String.fromCodePoint(v.codePointAt(i + 1) ?? 0x20);
  return last !== undefined && PICTOGRAPH.test(last) && PICTOGRAPH.test(next);
}

function strayJoiner(v: string): boolean {
  for (let i = v.indexOf('\u200d'); i !== -1; i = v.indexOf('\u200d', i + 1)) if (!joinsEmoji(v, i)) return true;
  return false;
}

const LINE_BREAK_OR_TAB = /[\n\r\t]/;

/** Lone surrogates (invalid UTF-16) cannot be encoded at all. */
const isWellFormed = (v: string) => (v as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * The first refused character of `v` as a readable code point ("U+202E"), or null when the text
 * is fine. `multiLine` allows line breaks and tabs (a textarea), single-line fields do not.
 */
export function forbiddenCharacter(v: string, multiLine: boolean): string | null {
  if (!isWellFormed(v)) return '无效的代理字符';
  const m = ALWAYS.exec(v) ?? (multiLine ? null : LINE_BREAK_OR_TAB.exec(v));
  if (m) return `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return strayJoiner(v) ? 'U+200D' : null;
}

/** The Chinese message, naming the character so that a user can find it (the label names the field). */
export function forbiddenCharacterMessage(found: string): string {
  if (found === 'U+000A' || found === 'U+000D') return '只能填写一行，不能换行';
  if (found === 'U+0009') return '不能包含制表符（Tab），请删除后重新输入';
  return `不能包含控制字符或不可见的格式字符（如零宽字符、文字方向控制符；发现 ${found}），请删除后重新输入`;
}

/** Whether a text is free of refused characters. */
export function isCleanText(v: string, multiLine = false): boolean {
  return forbiddenCharacter(v, multiLine) === null;
}
