import { describe, expect, it } from 'vitest';
import { maskCertificate, maskName, maskPhone } from '../../../src/domain/masking';

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳锋', '欧阳*'],
    ['欧阳', '欧*'],
    ['司马相如', '司马**'],
    ['李', '*'],
    ['', ''],
    ['  王小明 ', '王**'],
    ['买买提·艾力', '买**·**'],
    ['𠈌小明', '𠈌**'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['0375-8123456', '0375-***3456'],
    ['010-62345678', '010-****5678'],
    ['(0375)8123456', '0375-***3456'],
    ['0375-8123456-801', '0375-***3456'],
    ['12345', '*****'],
    ['987654321', '*****4321'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('maskCertificate', () => {
  it.each([
    ['110410000123456', '110********3456'],
    ['410481199001011234', '410***********1234'],
    ['A12345678', 'A*******8'],
    ['12345', '1***5'],
    ['1234', '****'],
    ['', ''],
  ])('%s → %s', (value, masked) => {
    expect(maskCertificate(value)).toBe(masked);
    expect(Array.from(maskCertificate(value))).toHaveLength(Array.from(value).length);
  });
});
