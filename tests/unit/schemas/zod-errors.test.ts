import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors, formatFieldErrors, zhErrorMap, zhIssueMessage } from '../../../src/schemas/zod-errors';

const form = z.object({
  name: z.string().min(1).max(5),
  age: z.number().int().min(0).max(150),
  email: z.email(),
  kind: z.enum(['实名', '匿名']),
  phone: z.string().regex(/^1\d{10}$/),
  tags: z.array(z.string()).min(1).max(2),
  contact: z.object({ phone: z.string() }),
  score: z.number().gt(0).lt(100),
  code: z.literal('A'),
  count: z.number().multipleOf(5),
  when: z.date().min(new Date('2025-01-01')).max(new Date('2025-12-31')),
  flag: z.boolean(),
  note: z.string().refine((v) => v !== 'bad', { message: '内容不当' }),
});

const labels = { name: '姓名', age: '年龄', email: '邮箱', kind: '类型', contact: '联系方式', 'contact.phone': '联系电话' };

function messages(data: unknown, withMap: boolean): Record<string, string> {
  const r = withMap ? form.safeParse(data, { error: zhErrorMap }) : form.safeParse(data);
  if (r.success) return {};
  return Object.fromEntries(fieldErrors(r.error.issues, labels).map((e) => [e.field, e.message]));
}

const bad = {
  name: '张三李四王五',
  age: 1.5,
  email: 'x',
  kind: '其他',
  phone: '123',
  tags: [],
  contact: { phone: 1 },
  score: 0,
  code: 'B',
  count: 7,
  when: new Date('2024-01-01'),
  flag: 'yes',
  note: 'bad',
};

describe.each([true, false])('zod issues in Chinese (error map: %s)', (withMap) => {
  it('translates the built-in issues', () => {
    expect(messages(bad, withMap)).toEqual({
      name: '不能超过5个字符',
      age: '必须是整数',
      email: '电子邮箱格式不正确',
      kind: '必须是以下之一：实名、匿名',
      phone: '格式不正确',
      tags: '至少1项',
      'contact.phone': '必须是文字',
      score: '必须大于0',
      code: '必须为“A”',
      count: '必须是5的倍数',
      when: '日期太早',
      flag: '必须是“是”或“否”',
      note: '内容不当',
    });
  });

  it('missing values are 必填', () => {
    const m = messages({}, withMap);
    expect(m['name']).toBe('必填');
    expect(m['age']).toBe('必填');
    expect(m['contact']).toBe('必填');
  });

  it('upper bounds', () => {
    const m = messages({ ...bad, name: '', age: 200, tags: ['a', 'b', 'c'], score: 100, when: new Date('2026-06-01') }, withMap);
    expect(m).toMatchObject({ name: '必填', age: '不能大于150', tags: '最多2项', score: '必须小于100', when: '日期太晚' });
  });
});

describe('fieldErrors', () => {
  it('labels by full path, then by first segment, then the field itself', () => {
    const r = form.safeParse({ ...bad, contact: {} }, { error: zhErrorMap });
    const errors = r.success ? [] : fieldErrors(r.error.issues, labels);
    expect(errors.find((e) => e.field === 'name')?.label).toBe('姓名');
    expect(errors.find((e) => e.field === 'contact.phone')?.label).toBe('联系电话');
    expect(errors.find((e) => e.field === 'phone')?.label).toBe('phone');
    const nested = z.object({ staff: z.array(z.object({ name: z.string() })) }).safeParse({ staff: [{}] });
    expect(nested.success ? [] : fieldErrors(nested.error.issues, { staff: '医护人员' })).toEqual([
      { field: 'staff.0.name', label: '医护人员', message: '必填' },
    ]);
  });

  it('root-level errors have an empty field and no labels are needed', () => {
    const r = z.string().safeParse(3);
    expect(r.success ? [] : fieldErrors(r.error.issues)).toEqual([{ field: '', label: '', message: '必须是文字' }]);
  });

  it('formatFieldErrors', () => {
    expect(
      formatFieldErrors([
        { field: 'name', label: '姓名', message: '必填' },
        { field: '', label: '', message: '数据不正确' },
      ]),
    ).toEqual(['姓名: 必填', '数据不正确']);
  });

  it('English custom messages and unknown issues fall back to a Chinese text', () => {
    const r = z
      .string()
      .refine(() => false, { message: 'nope' })
      .safeParse('x');
    expect(r.success ? [] : fieldErrors(r.error.issues)).toEqual([{ field: '', label: '', message: '输入不正确' }]);
    const u = z.union([z.string(), z.number()]).safeParse(true);
    expect(u.success ? [] : fieldErrors(u.error.issues)[0]?.message).toBe('格式不正确');
    const k = z.strictObject({ a: z.string() }).safeParse({ a: 'x', b: 1, c: 2 });
    expect(k.success ? [] : fieldErrors(k.error.issues)[0]?.message).toBe('包含不认识的字段：b、c');
    const rec = z.record(z.string().regex(/^a/), z.number()).safeParse({ b: 1 });
    expect(rec.success ? [] : fieldErrors(rec.error.issues)[0]?.message).toBe('包含无效的值');
  });

  it('zhIssueMessage covers the remaining types and formats', () => {
    const base = { path: [] as PropertyKey[], message: '' };
    expect(zhIssueMessage({ ...base, code: 'invalid_type', expected: 'date', input: 1 })).toBe('必须是日期');
    expect(zhIssueMessage({ ...base, code: 'invalid_type', expected: 'array', input: 1 })).toBe('必须是列表');
    expect(zhIssueMessage({ ...base, code: 'invalid_type', expected: 'object', input: 1 })).toBe('格式不正确');
    expect(zhIssueMessage({ ...base, code: 'invalid_type', expected: 'string', input: '  ' })).toBe('必填');
    expect(zhIssueMessage({ ...base, code: 'too_small', origin: 'string', minimum: 3, input: 'a' })).toBe('至少3个字符');
    expect(zhIssueMessage({ ...base, code: 'too_small', origin: 'number', minimum: 3, inclusive: true, input: 1 })).toBe('不能小于3');
    expect(zhIssueMessage({ ...base, code: 'too_big', origin: 'number', maximum: 3, input: 5 })).toBe('不能大于3');
    expect(zhIssueMessage({ ...base, code: 'invalid_format', format: 'url', input: 'x' })).toBe('网址格式不正确');
    expect(zhIssueMessage({ ...base, code: 'invalid_format', format: 'cuid', input: 'x' })).toBe('格式不正确');
    expect(zhIssueMessage({ ...base, code: 'custom', message: '自定义' })).toBe('自定义');
  });
});
