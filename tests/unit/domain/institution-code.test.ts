import { describe, expect, it } from 'vitest';
import { INSTITUTION_CODE_ALPHABET, institutionCodeCandidate, isInstitutionCode } from '../../../src/domain/institution-code';

describe('institutionCodeCandidate', () => {
  it('is deterministic, 8 characters of the readable alphabet and fits the database check', () => {
    const a = institutionCodeCandidate('PDY41048210021040311A1002');
    expect(a).toBe(institutionCodeCandidate('PDY41048210021040311A1002'));
    expect(a).toHaveLength(8);
    for (const ch of a) expect(INSTITUTION_CODE_ALPHABET).toContain(ch);
    expect(isInstitutionCode(a)).toBe(true);
  });

  it('ignores surrounding spaces but not the content', () => {
    expect(institutionCodeCandidate(' ABC123 ')).toBe(institutionCodeCandidate('ABC123'));
    expect(institutionCodeCandidate('ABC123')).not.toBe(institutionCodeCandidate('ABC124'));
  });

  it('gives a different code for each attempt (collision fallback)', () => {
    const codes = new Set([0, 1, 2, 3].map((n) => institutionCodeCandidate('ABC123', n)));
    expect(codes.size).toBe(4);
  });

  it('spreads 100,000 registration numbers with very few collisions', () => {
    const seen = new Set<string>();
    let collisions = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const c = institutionCodeCandidate(`R${i}`);
      if (seen.has(c)) collisions += 1;
      seen.add(c);
    }
    expect(collisions).toBeLessThan(3);
  });

  it('refuses an empty registration number and a bad attempt', () => {
    expect(() => institutionCodeCandidate('  ')).toThrow('登记号');
    expect(() => institutionCodeCandidate('A1', -1)).toThrow(RangeError);
  });

  it('rejects codes that do not fit the public shape', () => {
    expect(isInstitutionCode('abc1')).toBe(false);
    expect(isInstitutionCode('ABC')).toBe(false);
    expect(isInstitutionCode('ABCDEFGH2345K')).toBe(false);
  });
});
