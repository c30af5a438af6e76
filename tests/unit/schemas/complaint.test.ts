import { describe, expect, it } from 'vitest';
import { parseComplaintForm, parseComplaintJson, parseStatusQuery, IdempotencyKey } from '../../../src/schemas/complaint';
import { parseRatingForm, parseRatingJson } from '../../../src/schemas/rating';
import { COMPLAINT_EXAMPLE } from '../../../src/handlers/intake/openapi';

const CJK = /[\u4e00-\u9fff]/;
const valid = {
  institutionCode: 'ab23cd45',
  category: '违规诊疗',
  subcategory: 'ZL05',
  description: '  诊所给感冒病人输抗菌药物，\r\n一次收费三百元。  ',
  occurredOn: '2025-06-01',
  anonymous: false,
  name: ' 张  三 ',
  phone: '+86 138-1234-5678',
};

function errorsOf(data: unknown): Record<string, string> {
  const r = parseComplaintJson(data);
  if (r.ok) throw new Error('expected errors');
  return r.fieldErrors;
}

describe('complaint schema (JSON API)', () => {
  it('accepts a real-name complaint and normalises it', () => {
    const r = parseComplaintJson(valid);
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        institutionCode: 'AB23CD45',
        description: '诊所给感冒病人输抗菌药物，\n一次收费三百元。',
        name: '张 三',
        phone: '13812345678',
        anonymous: false,
      }),
    });
  });

  it('accepts the OpenAPI example as it is', () => {
    expect(parseComplaintJson(COMPLAINT_EXAMPLE).ok).toBe(true);
  });

  it('treats empty strings as not given', () => {
    const r = parseComplaintJson({ ...valid, occurredOn: '', subcategory: ' ', anonymous: true, name: '', phone: '' });
    expect(r.ok).toBe(true);
  });

  it('names every missing field in Chinese', () => {
    const e = errorsOf({});
    expect(Object.keys(e).sort()).toEqual(['anonymous', 'category', 'description', 'institutionCode'].sort());
    for (const m of Object.values(e)) expect(m).toMatch(CJK);
    expect(e['description']).toBe('问题描述：必填');
  });

  it.each([
    ['institutionCode', { institutionCode: 'abc!' }, /机构编码格式不正确/],
    ['unlistedName', { unlistedName: '某诊所', unlistedAddress: '幸福路1号' }, /已选择列表中的机构时，请不要再填写/],
    ['unlistedName', { institutionCode: undefined, unlistedName: '某\u0007诊所', unlistedAddress: '幸福路1号' }, /控制字符/],
    ['unlistedAddress', { institutionCode: undefined, unlistedName: '某诊所', unlistedAddress: undefined }, /请填写该机构或行医地点的地址/],
    ['category', { category: '服务态度' }, /请选择问题类别/],
    ['subcategory', { subcategory: 'GK01' }, /不属于“违规诊疗”类别/],
    ['subcategory', { subcategory: 'XX99' }, /请从列表中选择具体问题/],
    ['description', { description: '太差' }, /至少5个字符/],
    ['description', { description: '很'.repeat(2001) }, /不能超过2000个字符/],
    ['description', { description: '正常文字\u0000后面' }, /控制字符/],
    ['description', { description: '正常文字\u202e倒过来' }, /控制字符/],
    ['occurredOn', { occurredOn: '2025-02-30' }, /日期格式不正确/],
    ['occurredOn', { occurredOn: '2999-01-01' }, /不能晚于今天/],
    ['occurredOn', { occurredOn: '1999-12-31' }, /不能早于2000年/],
    ['anonymous', { anonymous: 'yes' }, /请选择匿名举报或实名举报/],
    ['name', { name: undefined }, /实名举报请填写姓名/],
    ['name', { name: 'Robert<script>' }, /只能包含汉字、字母/],
    ['phone', { phone: undefined }, /实名举报请填写联系电话/],
    ['phone', { phone: '12345' }, /有效的大陆手机号/],
    ['phone', { phone: '2345678' }, /有效的大陆手机号/],
    ['channel', { channel: 'web' }, /必须是以下之一/],
    ['_', { extra: 1 }, /不认识的字段：extra/],
  ])('%s: %o', (field, change, message) => {
    const e = errorsOf({ ...valid, ...change });
    expect(e[field]).toMatch(message);
    expect(e[field]).toMatch(CJK);
  });

  it('refuses a lone surrogate', () => {
    expect(errorsOf({ ...valid, description: '正常的文字\ud800' })['description']).toMatch(/控制字符/);
  });

  it('refuses what is not an object', () => {
    for (const v of [null, [], 'text', 3]) expect(errorsOf(v)).toEqual({ _: '提交内容：应为一个 JSON 对象' });
  });

  it('keeps hostile strings as text or refuses them, never throws', () => {
    const hostile = ["' OR 1=1--", '<script>alert(1)</script>', '\u0000', '😀'.repeat(5000), '%00%27', '{{7*7}}', '../../etc/passwd'];
    for (const h of hostile) {
      const body = Object.fromEntries(Object.entries(COMPLAINT_EXAMPLE).map(([k, v]) => [k, typeof v === 'string' ? h : v]));
      const r = parseComplaintJson(body);
      expect(r.ok).toBe(false);
    }
    // As a description, markup is just text (escaped on output).
    expect(parseComplaintJson({ ...COMPLAINT_EXAMPLE, description: '<script>alert(1)</script>' }).ok).toBe(true);
  });
});

describe('complaint schema (HTML form)', () => {
  it('reads the radio "1"/"0" for anonymous and has no channel', () => {
    const base = {
      unlistedName: '无名诊所',
      unlistedAddress: '幸福路1号',
      regionCode: '419921100',
      category: '执业资质',
      description: '没有执业许可证给人输液',
    };
    expect(parseComplaintForm({ ...base, anonymous: '1' })).toMatchObject({ ok: true, value: { anonymous: true, regionCode: '419921100' } });
    expect(parseComplaintForm({ ...base, anonymous: '0', name: '李四', phone: '0371-62345678' })).toMatchObject({
      ok: true,
      value: { anonymous: false, phone: '0371-62345678' },
    });
    const r = parseComplaintForm({ ...base });
    expect(r.ok ? null : r.fieldErrors['anonymous']).toBe('举报方式：请选择匿名举报或实名举报');
    const withChannel = parseComplaintForm({ ...base, anonymous: '1', channel: 'api' } as Record<string, string>);
    expect(withChannel.ok).toBe(true); // unknown form fields are simply not read
  });

  it('asks the form for the township of an unlisted place (the API may leave it out), never for a listed one', () => {
    const base = { unlistedName: '无名诊所', unlistedAddress: '幸福路1号', category: '执业资质', description: '没有执业许可证给人输液', anonymous: '1' };
    const r = parseComplaintForm(base);
    expect(r.ok ? null : r.fieldErrors['regionCode']).toMatch(/^所在乡镇（街道）：请选择/);
    expect(parseComplaintForm({ ...base, regionCode: '4199' }).ok).toBe(false);
    expect(parseComplaintJson({ ...base, anonymous: true })).toMatchObject({ ok: true });
    expect(parseComplaintJson({ ...base, anonymous: true, regionCode: 'x' })).toMatchObject({
      ok: false,
      fieldErrors: { regionCode: expect.stringMatching(/乡镇/) },
    });
    const listed = { institutionCode: 'AB23CD45', category: '违规诊疗', description: '乱收费乱收费', anonymous: '1' };
    expect(parseComplaintForm(listed)).toMatchObject({ ok: true });
  });
});

describe('status query', () => {
  it('checks the tracking number and normalises the code', () => {
    expect(parseStatusQuery({ trackingNo: '', queryCode: '' })).toEqual({
      ok: false,
      fieldErrors: { trackingNo: '受理编号：请填写受理编号', queryCode: '查询码：请填写查询码' },
    });
    const r = parseStatusQuery({ trackingNo: '5720-0000-0000', queryCode: 'k7p2-9qxm' });
    expect(r.ok).toBe(false); // check digit wrong
    expect(parseStatusQuery({ trackingNo: '5720', queryCode: 'X' }).ok).toBe(false);
  });
});

describe('Idempotency-Key', () => {
  it('is 8–200 visible ASCII characters', () => {
    expect(IdempotencyKey.safeParse('check-1764128000000').success).toBe(true);
    expect(IdempotencyKey.safeParse('short').success).toBe(false);
    expect(IdempotencyKey.safeParse('有中文的键有中文的键').success).toBe(false);
    expect(IdempotencyKey.safeParse('x'.repeat(201)).success).toBe(false);
  });
});

describe('rating schema', () => {
  it('accepts 1–5 stars with an optional comment', () => {
    expect(parseRatingJson({ institutionCode: 'ab23cd45', stars: 5 })).toMatchObject({ ok: true, value: { institutionCode: 'AB23CD45', stars: 5 } });
    expect(parseRatingForm({ institutionCode: 'AB23CD45', stars: '3', comment: '  环境干净 ' })).toMatchObject({
      ok: true,
      value: { stars: 3, comment: '环境干净' },
    });
  });
  it('says in Chinese what is wrong', () => {
    const r = parseRatingJson({ institutionCode: 'AB23CD45', stars: 6, comment: 'x'.repeat(501), deviceId: 'short' });
    expect(r.ok ? {} : r.fieldErrors).toEqual({
      stars: '星级：请选择1到5颗星',
      comment: '评价内容：不能超过500个字符',
      deviceId: '设备标识：设备标识应为 16–128 位字母、数字、“-”或“_”',
    });
    const f = parseRatingForm({ institutionCode: 'AB23CD45', stars: '' });
    expect(f.ok ? {} : f.fieldErrors).toEqual({ stars: '星级：请选择1到5颗星' });
  });
});
