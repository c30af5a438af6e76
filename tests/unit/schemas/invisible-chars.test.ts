// Issue 17 items 9 and 12: control and invisible format characters are refused in every text
// field of the public forms, the JSON API and the supervisor area, with a Chinese message that
// names the field (and the character), instead of reaching PostgreSQL (NUL: 500) or a page.
import { describe, expect, it } from 'vitest';
import { forbiddenCharacter, isCleanText } from '../../../src/schemas/invisible-chars';
import { parseComplaintJson } from '../../../src/schemas/complaint';
import { parseRatingForm, parseRatingJson } from '../../../src/schemas/rating';
import { loginSchema, newAccountSchema } from '../../../src/schemas/admin-accounts';
import { reasonSchema } from '../../../src/schemas/admin-complaints';
import { fieldErrors } from '../../../src/schemas/zod-errors';

const REFUSED: [string, string][] = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b'],
  ['zero width space', '\u200b'],
  ['zero width non-joiner', '\u200c'],
  ['zero width joiner between digits', '\u200d'],
  ['left-to-right mark', '\u200e'],
  ['right-to-left mark', '\u200f'],
  ['word joiner', '\u2060'],
  ['function application', '\u2061'],
  ['invisible times', '\u2062'],
  ['invisible separator', '\u2063'],
  ['invisible plus', '\u2064'],
  ['BOM / zero width no-break space', '\ufeff'],
  ['LRE', '\u202a'],
  ['RLE', '\u202b'],
  ['PDF', '\u202c'],
  ['LRO', '\u202d'],
  ['RLO (bidi override)', '\u202e'],
  ['LRI', '\u2066'],
  ['RLI', '\u2067'],
  ['FSI', '\u2068'],
  ['PDI', '\u2069'],
  ['line separator', '\u2028'],
  ['paragraph separator', '\u2029'],
  ['soft hyphen', '\u00ad'],
  ['tag LATIN A', '\u{e0041}'],
  ['cancel tag', '\u{e007f}'],
  ['language tag', '\u{e0001}'],
  ['non-character FDD0', '\ufdd0'],
  ['non-character FDEF', '\ufdef'],
  ['non-character FFFE', '\ufffe'],
  ['non-character FFFF', '\uffff'],
  ['non-character 1FFFE', '\u{1fffe}'],
  ['non-character 10FFFF', '\u{10ffff}'],
  ['lone surrogate', '\ud800'],
];

describe('forbiddenCharacter', () => {
  it.each(REFUSED)('refuses %s', (_name, ch) => {
    expect(forbiddenCharacter(`138${ch}12345678`, true)).not.toBeNull();
    expect(forbiddenCharacter(`138${ch}12345678`, false)).not.toBeNull();
  });

  it('names the code point', () => {
    expect(forbiddenCharacter('ab\u202ecd', false)).toBe('U+202E');
    expect(forbiddenCharacter('a\u{e0041}', false)).toBe('U+E0041');
    expect(forbiddenCharacter('1\u200d38', false)).toBe('U+200D');
  });

  it('keeps what people really type', () => {
    for (const ok of [
      '张三在诊所输液，收费120元。',
      'Robert Smith',
      '买买提·艾力',
      '𠈌字',
      '😀👍',
      '👨\u200d👩\u200d👧 一家',
      'é'.normalize('NFD'),
      '１３８',
    ]) {
      expect(isCleanText(ok), ok).toBe(true);
    }
    expect(isCleanText('第一行\n第二行\t缩进', true)).toBe(true);
    expect(isCleanText('第一行\n第二行', false)).toBe(false);
  });
});

describe('public forms and the JSON API', () => {
  const complaint = {
    institutionCode: 'AB23CD45',
    category: '违规诊疗',
    description: '诊所给感冒病人输抗菌药物。',
    anonymous: true,
  };
  it.each(REFUSED)('complaint description with %s: the field is named', (_name, ch) => {
    const r = parseComplaintJson({ ...complaint, description: `诊所给感冒病人输${ch}抗菌药物。` });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fieldErrors['description']).toMatch(/^问题描述：不能包含控制字符或不可见的格式字符/);
  });

  it('complaint single-line fields too (unlisted name and address)', () => {
    const r = parseComplaintJson({ ...complaint, institutionCode: undefined, unlistedName: '某\u200b诊所', unlistedAddress: '幸福路\u20601号' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fieldErrors['unlistedName']).toMatch(/^机构名称：.*U\+200B/);
      expect(r.fieldErrors['unlistedAddress']).toMatch(/^机构地址：.*U\+2060/);
    }
  });

  it('rating comments from the API and the form', () => {
    const api = parseRatingJson({ institutionCode: 'AB23CD45', stars: 4, comment: '医生很好，电话1\u200b3812345678' });
    const form = parseRatingForm({ institutionCode: 'AB23CD45', stars: '4', comment: '很好\u{e0041}\u{e0042}' });
    expect(api.ok || api.fieldErrors['comment']).toMatch(/^评价内容：不能包含/);
    expect(form.ok || form.fieldErrors['comment']).toMatch(/^评价内容：不能包含/);
  });
});

describe('supervisor area', () => {
  const labels = { username: '用户名', password: '密码', displayName: '姓名', reason: '原因' };
  const messages = (r: { success: boolean; error?: { issues: Parameters<typeof fieldErrors>[0] } }) =>
    r.success ? [] : fieldErrors(r.error!.issues, labels).map((e) => `${e.label}：${e.message}`);

  it('a NUL in the login username is a clear Chinese error, not a database error', () => {
    expect(messages(loginSchema.safeParse({ username: 'admin\u0000', password: 'x' }))).toEqual([
      '用户名：不能包含控制字符或不可见的格式字符（如零宽字符、文字方向控制符；发现 U+0000），请删除后重新输入',
    ]);
    expect(messages(loginSchema.safeParse({ username: 'ad\u200bmin', password: 'x' }))[0]).toMatch(/^用户名：不能包含/);
    expect(loginSchema.safeParse({ username: ' admin ', password: 'x' }).success).toBe(true);
  });

  it('account names and reasons', () => {
    const account = { username: 'new.user', displayName: '张\u0000三', role: 'viewer', password: 'x' };
    expect(messages(newAccountSchema.safeParse(account))[0]).toMatch(/^姓名：不能包含/);
    expect(messages(reasonSchema.safeParse({ reason: '因为\u202e原因' }))[0]).toMatch(/^原因：不能包含/);
    expect(messages(reasonSchema.safeParse({ reason: '第一行\n第二行' }))[0]).toBe('原因：只能填写一行，不能换行');
  });
});

describe('runs in old mobile browsers too', () => {
  it('the text rules use no lookbehind (a SyntaxError on iOS Safari before 16.4 would break the complaint form)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['src/schemas/invisible-chars.ts', 'src/schemas/complaint.ts']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\(\?<[!=]/);
    }
  });
});
