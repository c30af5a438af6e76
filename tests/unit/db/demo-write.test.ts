import { describe, expect, it } from 'vitest';
import { COLUMNS, encodeCopyRow, encodeCopyValue, ID_TABLES } from '../../../src/db/demo-write';

// COPY text format: tab-separated, \N for NULL, backslash escapes for \ \t \n \r.
describe('COPY text encoding', () => {
  it('encodes scalars', () => {
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(undefined)).toBe('\\N');
    expect(encodeCopyValue(true)).toBe('t');
    expect(encodeCopyValue(false)).toBe('f');
    expect(encodeCopyValue(89.5)).toBe('89.5');
    expect(encodeCopyValue('青禾县人民医院')).toBe('青禾县人民医院');
    expect(() => encodeCopyValue(Number.NaN)).toThrow(RangeError);
  });

  it('escapes backslashes, tabs and line breaks in text', () => {
    expect(encodeCopyValue('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes text[] with every element quoted, then escaped for COPY', () => {
    expect(encodeCopyValue(['内科', '外科'])).toBe('{"内科","外科"}');
    expect(encodeCopyValue([])).toBe('{}');
    // Element a"b\c → "a\"b\\c" in the array literal → backslashes doubled again for COPY.
    expect(encodeCopyValue(['a"b\\c'])).toBe('{"a\\\\"b\\\\\\\\c"}');
    expect(encodeCopyValue(['优秀比例不超过10%，评为合格'])).toBe('{"优秀比例不超过10%，评为合格"}');
  });

  it('writes bytea as escaped hex', () => {
    expect(encodeCopyValue(new Uint8Array([0, 255, 16]))).toBe('\\\\x00ff10');
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(encodeCopyRow([1, 'x', null, ['a']])).toBe('1\tx\t\\N\t{"a"}\n');
  });

  it('lists id first for every table the loader assigns ids to', () => {
    // evaluation_submissions take their ids from the database: the demo enters them as a supervisor would.
    for (const table of ID_TABLES) expect(COLUMNS[table][0]).toBe('id');
  });
});
