// GB/T 22239-2019 8.1.4.1 a): "应对登录的用户进行身份标识和鉴别，身份标识具有唯一性，身份鉴别信息具有
// 复杂度要求并定期更换" — the composition rule (at least 3 of 4 character classes) on top of the
// length and common-password rules.
import { describe, expect, it } from 'vitest';
import { passwordClasses, passwordProblems } from '../../../src/domain/passwords';

const RULE = '密码需包含大写字母、小写字母、数字、其他字符（标点、空格或汉字）中的至少 3 类';

describe('passwordClasses', () => {
  it.each([
    ['abcdefghijkl', 1],
    ['ABCDEFGHIJKL', 1],
    ['123456789012', 1],
    ['abcdefABCDEF', 2],
    ['abcdef123456', 2],
    ['Abcdef123456', 3],
    ['Abcdef-123456', 4],
    ['correct horse battery', 2],
    ['山高水长青禾县', 1],
    ['山高水长-青禾县-2026', 2],
    ['', 0],
  ])('%s has %i classes', (p, n) => {
    expect(passwordClasses(p)).toBe(n);
  });
});

describe('passwordProblems with the level-3 composition rule', () => {
  it('accepts 3 or 4 classes at 12+ characters', () => {
    expect(passwordProblems('Shifan-Guanli-2026', {}, 3)).toEqual([]);
    expect(passwordProblems('a sound passphrase 2026', {}, 3)).toEqual([]);
    expect(passwordProblems('Qinghe County 2026', {}, 4)).toEqual([]);
  });

  it('refuses fewer classes, in Chinese, naming the number', () => {
    expect(passwordProblems('correct horse battery staple', {}, 3)).toEqual([RULE]);
    expect(passwordProblems('山高水长-青禾县-2026', {}, 3)).toEqual([RULE]);
    expect(passwordProblems('Shifan-Guanli-2026', {}, 4)).toEqual([]);
    expect(passwordProblems('ShifanGuanli2026', {}, 4)[0]).toContain('至少 4 类');
  });

  it('0 turns the rule off (the plain ASVS policy), and length still comes first', () => {
    expect(passwordProblems('correct horse battery staple', {}, 0)).toEqual([]);
    expect(passwordProblems('Ab1-', {}, 3)).toEqual(['密码至少需要 12 个字符']);
  });
});
