import { describe, expect, it } from 'vitest';
import {
  checkDivisionCode,
  checkUscc,
  completeUscc,
  isLandline,
  isMobile,
  isPlausibleRegistrationNo,
  isValidDivisionCode,
  isValidUscc,
  parsePhone,
  USCC_CHARSET,
  usccCheckCharacter,
} from '../../../src/domain/identifiers';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published real codes', () => {
    for (const code of ['91330100716105852F', '9144030071526726XG', '91110108551385082Q', '911100001000044477']) {
      expect(isValidUscc(code), code).toBe(true);
    }
  });

  it('accepts lower case input (normalized)', () => {
    expect(isValidUscc(' 9144030071526726xg ')).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(checkUscc('91330100716105852G')).toEqual({ valid: false, error: 'check', message: '统一社会信用代码校验位不正确' });
  });

  it('rejects wrong length, forbidden letters and a non-numeric division part', () => {
    expect(checkUscc('9133010071610585').error).toBe('length');
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      expect(checkUscc(`91330100716105852${letter}`).error).toBe('charset');
    }
    expect(checkUscc('91A30100716105852F').error).toBe('division');
  });

  it('charset has 31 characters without I O Z S V', () => {
    expect(USCC_CHARSET).toHaveLength(31);
    expect(USCC_CHARSET).not.toMatch(/[IOZSV]/);
  });

  it('check character 0 when the sum is a multiple of 31', () => {
    // body of all zeros: sum 0 → (31 − 0) mod 31 = 0
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
    expect(usccCheckCharacter('0000000000000000')).toBeNull();
    expect(usccCheckCharacter('0000000000000000I')).toBeNull();
  });

  it('completeUscc generates valid codes', () => {
    expect(completeUscc('91330100716105852')).toBe('91330100716105852F');
    for (let i = 0; i < 200; i += 1) {
      const body = `12410481${String(i * 7919).padStart(8, '0')}${USCC_CHARSET.charAt(i % 31)}`;
      expect(isValidUscc(completeUscc(body))).toBe(true);
    }
    expect(() => completeUscc('123')).toThrow('17位');
  });
});

describe('administrative division codes', () => {
  it.each([
    ['410000', 'province'],
    ['410400', 'prefecture'],
    ['410481', 'county'],
    ['419001', 'county'],
    ['110101', 'county'],
    ['410481001', 'township'],
    ['441900003', 'township'],
    ['410481001001', 'village'],
    ['810000', 'province'],
  ] as const)('%s is a %s code', (code, level) => {
    expect(checkDivisionCode(code)).toEqual({ valid: true, level, message: null });
  });

  it.each([
    ['41048', '行政区划代码应为6位数字（乡镇9位、村级12位）'],
    ['4104811', '行政区划代码应为6位数字（乡镇9位、村级12位）'],
    ['41048A', '行政区划代码应为6位数字（乡镇9位、村级12位）'],
    ['990000', '行政区划代码前两位不是有效的省级代码'],
    ['100000', '行政区划代码前两位不是有效的省级代码'],
    ['410004', '行政区划代码的地市位为0时，后续各位也必须为0'],
    ['410000001', '行政区划代码的地市位为0时，后续各位也必须为0'],
    ['410481000', '乡镇级代码第7-9位不能全为0'],
    ['410481001000', '村级代码第10-12位不能全为0'],
  ])('%s is rejected', (code, message) => {
    expect(checkDivisionCode(code)).toEqual({ valid: false, level: null, message });
    expect(isValidDivisionCode(code)).toBe(false);
  });
});

describe('phone numbers', () => {
  it('mobile 1[3-9]\\d{9}, with optional +86 and spaces', () => {
    expect(parsePhone('13812345678')).toEqual({
      kind: 'mobile',
      normalized: '13812345678',
      areaCode: null,
      number: '13812345678',
      extension: null,
    });
    expect(parsePhone('+86 138 1234 5678')?.normalized).toBe('13812345678');
    expect(parsePhone('0086-19912345678')?.kind).toBe('mobile');
    expect(isMobile('12812345678')).toBe(false);
    expect(isMobile('1381234567')).toBe(false);
    expect(isMobile('138123456789')).toBe(false);
  });

  it('landline 区号-号码 with optional extension', () => {
    expect(parsePhone('0375-8123456')).toMatchObject({ kind: 'landline', areaCode: '0375', number: '8123456', extension: null });
    expect(parsePhone('010-62345678')?.normalized).toBe('010-62345678');
    expect(parsePhone('02161234567')?.normalized).toBe('021-61234567');
    expect(parsePhone('(0375)8123456')?.normalized).toBe('0375-8123456');
    expect(parsePhone('（0375）8123456')?.normalized).toBe('0375-8123456');
    expect(parsePhone('0375－8123456')?.normalized).toBe('0375-8123456');
    expect(parsePhone('0375-8123456-801')).toMatchObject({ extension: '801', normalized: '0375-8123456-801' });
    expect(parsePhone('0375-8123456转801')?.extension).toBe('801');
    expect(isLandline('0375-0123456')).toBe(false); // local numbers do not start with 0
    expect(isLandline('0375-812345')).toBe(false);
    expect(isLandline('0175-8123456')).toBe(false);
  });

  it('service hotlines such as 12345 and 12320', () => {
    expect(parsePhone('12345')?.kind).toBe('hotline');
    expect(parsePhone('12320')?.normalized).toBe('12320');
  });

  it('rejects anything else', () => {
    for (const bad of ['', 'abc', '110', '8123456', '+1 2025550123']) expect(parsePhone(bad), bad).toBeNull();
  });
});

describe('registration number shape', () => {
  it('is loose but rejects spaces and punctuation', () => {
    expect(isPlausibleRegistrationNo('PDY41048101-D2191')).toBe(true);
    expect(isPlausibleRegistrationNo('A1')).toBe(false);
    expect(isPlausibleRegistrationNo('PDY 4104')).toBe(false);
  });
});
