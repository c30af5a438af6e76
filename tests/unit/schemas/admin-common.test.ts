import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOrThrow } from '../../../src/handlers/admin/http';
import {
  ACTION_FORM_LABELS,
  actionFormFields,
  formIdSchema,
  idFieldSchema,
  pageParamSchema,
  recordIdOf,
  recordIdSchema,
} from '../../../src/schemas/admin-common';
import { DISHONESTY_LABELS } from '../../../src/schemas/admin-lifecycle-lists';

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

describe('recordIdSchema / recordIdOf', () => {
  /** How the handlers read ids before the schema: Number(), then a positive safe integer or nothing. */
  const legacyId = (v: string | null | undefined) => {
    const n = Number(v);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  };

  it('reads route parameters and query strings as the handlers always did', () => {
    for (const v of [undefined, null, '', '0', '1', '42', ' 7 ', '-3', '2.5', '12abc', 'abc', '1e3', '9007199254740991', '9007199254740992', '1e400']) {
      expect(recordIdOf(v), String(v)).toBe(legacyId(v));
    }
  });

  it('refuses a bad id with the Chinese message of the account form', () => {
    const r = idFieldSchema.safeParse({ id: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('编号不正确');
    expect(idFieldSchema.parse({ id: '5' })).toEqual({ id: 5 });
    expect(recordIdSchema.safeParse(undefined).success).toBe(false);
  });

  it('formIdSchema is the same id, 0 when it names no record', () => {
    expect(formIdSchema.parse('8')).toBe(8);
    expect(formIdSchema.parse('x')).toBe(0);
  });
});

describe('actionFormFields and ACTION_FORM_LABELS', () => {
  const schema = z.object(actionFormFields(['approve', 'reject']));

  it("takes one of the screen's actions and the date it takes effect", () => {
    expect(schema.parse({ action: 'approve', on: ' 2026-03-01 ' })).toEqual({ action: 'approve', on: '2026-03-01' });
  });

  it('refuses another action and a malformed date, naming the fields in Chinese', () => {
    expect(() => parseOrThrow(schema, { action: 'delete', on: '2026-03-01' }, ACTION_FORM_LABELS)).toThrow(/操作：未知的操作/);
    expect(() => parseOrThrow(schema, { action: 'approve', on: '1.3.2026' }, ACTION_FORM_LABELS)).toThrow(/日期/);
  });

  it('lets a screen rename a shared field', () => {
    expect(DISHONESTY_LABELS['reason']).toBe('列入原因');
    expect(DISHONESTY_LABELS['on']).toBe('日期');
  });
});
