import { describe, expect, it } from 'vitest';
import { benchPublishArgs, creditArgs, firstMessage, importArgs } from '../../../src/schemas/cli';

const flags = { 'dry-run': false, 'skip-invalid': false, help: false };
const message = (r: { success: boolean; error?: Parameters<typeof firstMessage>[0] }) => (r.error ? firstMessage(r.error) : null);

describe('importArgs (npm run import)', () => {
  it('takes one kind and one file', () => {
    const r = importArgs.parse({ ...flags, sheet: '名册', positionals: ['institutions', 'a.xlsx'] });
    expect(r.positionals).toEqual({ templates: false, kind: 'institutions', file: 'a.xlsx' });
    expect(r.sheet).toBe('名册');
  });

  it('takes templates with any number of folders', () => {
    expect(importArgs.parse({ ...flags, positionals: ['templates'] }).positionals).toEqual({ templates: true, dirs: [] });
    expect(importArgs.parse({ ...flags, positionals: ['templates', 'a', 'b'] }).positionals).toEqual({ templates: true, dirs: ['a', 'b'] });
  });

  it('refuses a missing or unknown kind, a missing file and a second file, in Chinese', () => {
    expect(message(importArgs.safeParse({ ...flags, positionals: [] }))).toBe('请指定导入类型');
    expect(message(importArgs.safeParse({ ...flags, positionals: ['hospitals', 'a.csv'] }))).toBe('不认识的类型“hospitals”');
    expect(message(importArgs.safeParse({ ...flags, positionals: ['staff'] }))).toBe('请指定要导入的文件');
    expect(message(importArgs.safeParse({ ...flags, positionals: ['staff', 'a.csv', 'b.csv'] }))).toBe('只能指定一个文件');
  });
});

describe('creditArgs (npm run credit)', () => {
  it('takes exactly one file', () => {
    expect(creditArgs.parse({ json: true, help: false, positionals: ['e.csv'] })).toMatchObject({ positionals: 'e.csv', json: true });
    expect(message(creditArgs.safeParse({ json: false, help: false, positionals: [] }))).toBe('请指定评价表文件');
    expect(message(creditArgs.safeParse({ json: false, help: false, positionals: ['a.csv', 'b.csv'] }))).toBe('只能指定一个文件');
  });
});

describe('benchPublishArgs (npm run bench:publish)', () => {
  it('defaults to five rounds on its own port; the institutions are given as text', () => {
    expect(benchPublishArgs.parse({ institutions: '100000' })).toEqual({
      institutions: 100000,
      rounds: 5,
      seed: 1,
      'pg-port': 54383,
      keep: false,
      help: false,
    });
    // The child that publishes (a full build, then the rounds, in one process).
    expect(benchPublishArgs.parse({ phase: 'publish', rounds: '3' })).toMatchObject({ phase: 'publish', rounds: 3 });
  });

  it('refuses bad numbers and an unknown phase, in Chinese', () => {
    expect(message(benchPublishArgs.safeParse({ institutions: '0' }))).toBe('--institutions 必须是 1 到 200000 之间的整数：0');
    expect(message(benchPublishArgs.safeParse({ institutions: '10', rounds: '50' }))).toBe('--rounds 必须是 1 到 20 之间的整数：50');
    expect(message(benchPublishArgs.safeParse({ phase: 'republish' }))).toBe('未知的 --phase：republish');
  });
});
