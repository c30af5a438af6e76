import { describe, expect, it } from 'vitest';
import {
  dammCheckDigit,
  formatQueryCode,
  formatTrackingNumber,
  newQueryCode,
  newTrackingNumber,
  normalizeQueryCode,
  parseTrackingNumber,
  QUERY_CODE_ALPHABET,
} from '../../../src/domain/tracking-number';

/** Deterministic "random" bytes for repeatable tests. */
function seeded(seed: number) {
  let s = seed;
  return (n: number) => Uint8Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
}

describe('tracking number', () => {
  it('is 12 digits: the year, nine random digits and a Damm check digit', () => {
    const no = newTrackingNumber(2026, seeded(1));
    expect(no).toMatch(/^26\d{10}$/);
    expect(dammCheckDigit(no.slice(0, 11))).toBe(no.slice(11));
    expect(parseTrackingNumber(no)).toEqual({ ok: true, value: no });
  });

  it('matches the published Damm example (572 → check digit 4)', () => {
    expect(dammCheckDigit('572')).toBe('4');
  });

  it('catches every single wrong digit and every swap of neighbours', () => {
    const random = seeded(7);
    for (let n = 0; n < 200; n++) {
      const no = newTrackingNumber(2026, random);
      for (let i = 0; i < no.length; i++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === no[i]) continue;
          const wrong = no.slice(0, i) + d + no.slice(i + 1);
          expect(parseTrackingNumber(wrong).ok, `${no} → ${wrong}`).toBe(false);
        }
        if (i < no.length - 1 && no[i] !== no[i + 1]) {
          const swapped = no.slice(0, i) + no[i + 1] + no[i] + no.slice(i + 2);
          expect(parseTrackingNumber(swapped).ok, `${no} → ${swapped}`).toBe(false);
        }
      }
    }
  });

  it('reads what people type: groups, spaces, full-width digits', () => {
    const no = newTrackingNumber(2026, seeded(3));
    const shown = formatTrackingNumber(no);
    expect(shown).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const fullWidth = shown.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const typed of [shown, ` ${shown.replace(/-/g, ' ')} `, fullWidth]) expect(parseTrackingNumber(typed)).toEqual({ ok: true, value: no });
  });

  it('says in Chinese what is wrong', () => {
    expect(parseTrackingNumber('')).toEqual({ ok: false, message: '请填写受理编号' });
    expect(parseTrackingNumber('12ab')).toEqual({ ok: false, message: '受理编号只包含数字' });
    expect(parseTrackingNumber('123')).toEqual({ ok: false, message: '受理编号应为12位数字' });
    const no = newTrackingNumber(2026, seeded(5));
    const wrongCheck = no.slice(0, 11) + String((Number(no[11]) + 1) % 10);
    expect(parseTrackingNumber(wrongCheck)).toEqual({ ok: false, message: '受理编号有误，请逐位核对' });
  });

  it('uses the whole digit range without bias toward low digits', () => {
    const counts = new Array(10).fill(0);
    const random = seeded(11);
    for (let n = 0; n < 2000; n++) for (const ch of newTrackingNumber(2026, random).slice(2, 11)) counts[Number(ch)]++;
    for (const c of counts) expect(c).toBeGreaterThan(1500);
  });
});

describe('query code', () => {
  it('is 8 characters without look-alikes', () => {
    const random = seeded(2);
    for (let n = 0; n < 500; n++) {
      const code = newQueryCode(random);
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
      for (const ch of code) expect(QUERY_CODE_ALPHABET).toContain(ch);
    }
    expect(QUERY_CODE_ALPHABET).not.toMatch(/[01ILO]/);
  });

  it('is read case-insensitively with or without the hyphen, and refuses anything else', () => {
    const code = newQueryCode(seeded(4));
    expect(normalizeQueryCode(formatQueryCode(code).toLowerCase())).toBe(code);
    expect(normalizeQueryCode(` ${code.slice(0, 4)} ${code.slice(4)} `)).toBe(code);
    expect(normalizeQueryCode('O0O0-1111')).toBeNull();
    expect(normalizeQueryCode('ABC')).toBeNull();
  });
});
