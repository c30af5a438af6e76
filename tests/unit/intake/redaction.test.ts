import { describe, expect, it } from 'vitest';
import { containsPersonalDetails, redact } from '../../../src/domain/redaction';

describe('redaction of personal details in free text', () => {
  it.each([
    ['电话13812345678请回电', '电话［电话已隐去］请回电', '电话'],
    ['手机 138-1234-5678。', '手机 ［电话已隐去］。', '电话'],
    ['+86 138 1234 5678', '［电话已隐去］', '电话'],
    ['座机0371-12345678转123', '座机［电话已隐去］', '电话'],
    ['（0371）12345678', '［电话已隐去］', '电话'],
    ['身份证410102199001011234', '身份证［身份证号已隐去］', '身份证号'],
    ['身份证号41010219900101123X。', '身份证号［身份证号已隐去］。', '身份证号'],
    ['卡号6222 0212 3456 7890 123', '卡号［银行卡号已隐去］', '银行卡号'],
    ['邮箱 zhang.san@example.com', '邮箱 ［电子邮箱已隐去］', '电子邮箱'],
    ['微信号：zhangsan_88', '微信号：［社交账号已隐去］', '社交账号'],
    ['我家住幸福路12号3栋，', '我家住［住址已隐去］，', '住址'],
    ['我叫张三，昨天去看病', '我叫［姓名已隐去］，昨天去看病', '姓名'],
    ['姓名：欧阳娜娜。', '姓名：［姓名已隐去］。', '姓名'],
    ['联系人王五', '联系人［姓名已隐去］', '姓名'],
  ])('%s', (input, output, kind) => {
    const r = redact(input);
    expect(r.text).toBe(output);
    expect(r.found[kind as keyof typeof r.found]).toBe(1);
  });

  it('reads full-width digits too', () => {
    expect(redact('电话１３８１２３４５６７８').text).toBe('电话［电话已隐去］');
  });

  it('leaves ordinary text unchanged, including prices and dates', () => {
    const text = '2025年3月15日在诊所输液，收费120元，医生态度很好。';
    expect(redact(text)).toEqual({ text, found: {} });
    expect(containsPersonalDetails(text)).toBe(false);
    expect(containsPersonalDetails('我叫李四')).toBe(true);
  });

  it('counts several findings', () => {
    const r = redact('我叫张三，电话13812345678，备用13987654321');
    expect(r.found).toEqual({ 电话: 2, 姓名: 1 });
    expect(r.text).not.toMatch(/张三|1381234|1398765/);
  });
});
