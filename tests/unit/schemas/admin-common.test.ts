import { describe, expect, it } from 'vitest';
import { formIdSchema, pageParamSchema } from '../../../src/schemas/admin-common';

/** How the list handlers read ?page= before the schema (the behaviour it keeps). */
const legacyPage = (v: string | undefined) => Math.min(100_000, Math.max(1, Number.parseInt(v ?? '1', 10) || 1));

describe('pageParamSchema', () => {
  it('reads the page number as the lists always did, never failing', () => {
    for (const v of [
      undefined,
      '',
      '1',
      '2',
      '17',
      ' 3',
      '+4',
      '3abc',
      '2.7',
      '0',
      '-5',
      'abc',
      '100000',
      '100001',
      '999999999',
      '9'.repeat(400),
      '00012',
      '1e5',
    ]) {
      expect(pageParamSchema.parse(v), String(v)).toBe(legacyPage(v));
    }
  });
});

describe('formIdSchema', () => {
  it('keeps a positive integer id', () => {
    expect(formIdSchema.parse('42')).toBe(42);
    expect(formIdSchema.parse(' 7 ')).toBe(7);
  });

  it('turns anything else into 0, an id that names no record', () => {
    for (const v of [undefined, '', 'abc', '1.5', '-3', '0', '1e400']) expect(formIdSchema.parse(v), String(v)).toBe(0);
  });
});
