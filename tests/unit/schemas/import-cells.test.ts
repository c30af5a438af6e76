import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { completeUscc } from '../../../src/domain/identifiers';
import {
  addCalendarYears,
  choiceCell,
  cleanLine,
  cleanText,
  integerCell,
  listCell,
  optionalLine,
  optionalText,
  optionalDate,
  optionalMoney,
  optionalYesNo,
  phoneCell,
  regionRefCell,
  registrationNoCell,
  requiredChoice,
  requiredDate,
  requiredLine,
  usccCell,
  whenValid,
} from '../../../src/schemas/import-cells';

/** The first issue's message, or the parsed value. */
function parse<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; message: string } {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues[0]?.message ?? '' };
}

describe('text cells', () => {
  it('clean controls and white space, count characters not bytes', () => {
    expect(cleanLine(' 示范\u3000县\r\n诊所\u0000 ')).toBe('示范 县 诊所');
    expect(cleanText('一、持证上岗。\r\n二、公示收费。\u0007')).toBe('一、持证上岗。\n二、公示收费。');
    expect(parse(requiredLine(3), '𠈌𠈌𠈌')).toEqual({ ok: true, value: '𠈌𠈌𠈌' });
    expect(parse(requiredLine(3), '示范诊所')).toEqual({ ok: false, message: '不能超过3个字符' });
    expect(parse(requiredLine(3), '  ')).toEqual({ ok: false, message: '必填' });
  });

  it('登记号: full-width characters normalized, loose shape checked', () => {
    expect(parse(registrationNoCell(), 'ＰＤＹ４１０４８１')).toEqual({ ok: true, value: 'PDY410481' });
    expect(parse(registrationNoCell(), '')).toEqual({ ok: false, message: '必填' });
    expect(parse(registrationNoCell(), '示范123')).toEqual({ ok: false, message: '登记号应为4至40位数字、字母或连字符' });
  });
});

describe('identifier cells', () => {
  const valid = completeUscc('91410423MA45XY0L1');

  it('USCC: check character verified, lower case accepted, empty is null', () => {
    expect(parse(usccCell(), valid.toLowerCase())).toEqual({ ok: true, value: valid });
    expect(parse(usccCell(), '')).toEqual({ ok: true, value: null });
    expect(parse(usccCell(), undefined)).toEqual({ ok: true, value: null });
    const wrong = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    expect(parse(usccCell(), wrong)).toEqual({ ok: false, message: '统一社会信用代码校验位不正确' });
    expect(parse(usccCell(), '9141')).toEqual({ ok: false, message: '统一社会信用代码应为18位' });
  });

  it('phones: mobile, landline with area code, hotline; normalized', () => {
    expect(parse(phoneCell(), '138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parse(phoneCell(), '（0375）2345678')).toEqual({ ok: true, value: '0375-2345678' });
    expect(parse(phoneCell(), '12345')).toEqual({ ok: true, value: '12345' });
    const bad = parse(phoneCell(), '2345678');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^电话号码格式不正确/);
  });

  it('regions: a code is shape-checked, anything else is a name to resolve', () => {
    expect(parse(regionRefCell(), '410423')).toEqual({ ok: true, value: { code: '410423' } });
    expect(parse(regionRefCell(), '城关镇')).toEqual({ ok: true, value: { name: '城关镇' } });
    expect(parse(regionRefCell(), '990000')).toEqual({ ok: false, message: '行政区划代码前两位不是有效的省级代码' });
    expect(parse(regionRefCell(), '')).toEqual({ ok: true, value: null });
  });
});

describe('dates, numbers, choices', () => {
  it('dates in the ways Excel and people write them', () => {
    for (const text of ['2025-03-01', '2025/3/1', '2025.3.1', '2025年3月1日', '２０２５－０３－０１']) {
      expect(parse(requiredDate(), text)).toEqual({ ok: true, value: '2025-03-01' });
    }
    expect(parse(requiredDate(), '2025-02-30')).toEqual({ ok: false, message: '不是有效日期（应为 YYYY-MM-DD，如2025-03-31）' });
    expect(parse(requiredDate(), '')).toEqual({ ok: false, message: '必填' });
    expect(parse(optionalDate(), '')).toEqual({ ok: true, value: null });
  });

  it('adds calendar years, 29 February becoming 28 February', () => {
    expect(addCalendarYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addCalendarYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addCalendarYears('2025-06-30', 1)).toBe('2026-06-30');
  });

  it('whole numbers and money', () => {
    expect(parse(integerCell(1, 12), '3.0')).toEqual({ ok: true, value: 3 });
    expect(parse(integerCell(1, 12), '2.5')).toEqual({ ok: false, message: '必须是整数' });
    expect(parse(integerCell(1, 12), '十')).toEqual({ ok: false, message: '不是数字' });
    expect(parse(integerCell(1, 12), '0')).toEqual({ ok: false, message: '应在1到12之间' });
    expect(parse(optionalMoney(), '1,234.50元')).toEqual({ ok: true, value: 1234.5 });
    expect(parse(optionalMoney(), '-1')).toEqual({ ok: false, message: '不能为负数' });
    expect(parse(optionalMoney(), '1.234')).toMatchObject({ ok: false });
  });

  it('closed lists with synonyms, optional or required', () => {
    const grade = choiceCell(['高', '中', '低'] as const, { 高风险: '高' });
    expect(parse(grade, '高风险')).toEqual({ ok: true, value: '高' });
    expect(parse(grade, '')).toEqual({ ok: true, value: null });
    expect(parse(grade, '极高')).toEqual({ ok: false, message: '应为以下之一：高、中、低' });
    const parsed = choiceCell(['甲', '乙'] as const, (v) => (v === '一' ? '甲' : null));
    expect(parse(parsed, '一')).toEqual({ ok: true, value: '甲' });
    expect(parse(requiredChoice(['甲', '乙'] as const), '')).toEqual({ ok: false, message: '必填（应为以下之一：甲、乙）' });
    expect(parse(optionalYesNo(), 'y')).toEqual({ ok: true, value: true });
    expect(parse(optionalYesNo(), '否')).toEqual({ ok: true, value: false });
    expect(parse(optionalYesNo(), '也许')).toEqual({ ok: false, message: '应填“是/否”、“Y/N”或“1/0”' });
  });

  it('lists split on the usual separators, keeping items with a colon whole', () => {
    expect(parse(listCell(10, 30), '内科；外科、儿科,内科')).toEqual({ ok: true, value: ['内科', '外科', '儿科'] });
    expect(parse(listCell(10, 30), '医学检验科：临床体液、血液专业;中医科')).toEqual({ ok: true, value: ['医学检验科：临床体液、血液专业', '中医科'] });
    expect(parse(listCell(2, 30), '甲、乙、丙')).toEqual({ ok: false, message: '最多2项' });
  });
});

describe('whenValid', () => {
  const schema = z.object({ from: requiredDate(), to: requiredDate(), name: requiredLine(5) }).superRefine(
    (row, ctx) => {
      if (row.to < row.from) ctx.addIssue({ code: 'custom', path: ['to'], message: '不能早于开始日期' });
    },
    whenValid('from', 'to'),
  );

  it('runs a cross-field check alongside other failing cells, not when its own cells failed', () => {
    const both = schema.safeParse({ from: '2025-02-01', to: '2025-01-01', name: '' });
    expect(both.success ? [] : both.error.issues.map((i) => i.message)).toEqual(['必填', '不能早于开始日期']);
    const own = schema.safeParse({ from: 'x', to: '2025-01-01', name: 'a' });
    expect(own.success ? [] : own.error.issues.map((i) => i.message)).toEqual(['不是有效日期（应为 YYYY-MM-DD，如2025-03-31）']);
  });
});

describe('invisible characters in imported names (issue 17 item 12)', () => {
  it('a bidi override, zero width or tag character is refused, not published', () => {
    for (const ch of ['\u202e', '\u200b', '\u2066', '\u{e0041}', '\ufdd0', '\u0085']) {
      const r = parse(requiredLine(100), `示范${ch}诊所`);
      expect(r.ok, JSON.stringify(ch)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^不能包含控制字符或不可见的格式字符.*U\+/);
    }
    expect(parse(optionalLine(100), '幸福路\u202e1号').ok).toBe(false);
    expect(parse(optionalText(1000), '一、持证上岗。\n二、\u200b公示收费。').ok).toBe(false);
    expect(parse(listCell(10, 20), '内科；外\u202e科').ok).toBe(false);
    // What spreadsheets leave behind is still cleaned silently.
    expect(parse(requiredLine(100), '示范\u0000诊所\r\n')).toEqual({ ok: true, value: '示范诊所' });
  });

  it('the import reports it with line and column, like every other cell error', async () => {
    const { kindOf } = await import('../../../src/import/kinds');
    const { formatRowError } = await import('../../../src/import/pipeline');
    const institutions = kindOf('institutions');
    const r = institutions.parse(7, { 登记号: 'PDY410481', 机构名称: '示范\u202e所诊' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map(formatRowError)).toEqual([
        '第7行 机构名称: 不能包含控制字符或不可见的格式字符（如零宽字符、文字方向控制符；发现 U+202E），请删除后重新输入',
      ]);
    }
    const staff = kindOf('staff').parse(3, { 登记号: 'PDY410481', 姓名: '张\u200b三', 执业类别: '医师' });
    expect(!staff.ok && staff.errors.map(formatRowError).some((e) => e.startsWith('第3行 姓名: 不能包含'))).toBe(true);
  });
});

describe('invisible characters around identifiers', () => {
  it('a phone copied out of Excel with bidi marks (as in real registers) is read, not refused', () => {
    expect(parse(phoneCell(), '\u202d19962223859\u202c')).toEqual({ ok: true, value: '19962223859' });
    expect(parse(registrationNoCell(), 'PDY\u200b410481')).toEqual({ ok: true, value: 'PDY410481' });
  });
});
