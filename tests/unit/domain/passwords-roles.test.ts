import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordLength, passwordProblems, PASSWORD_MIN_LENGTH } from '../../../src/domain/passwords';
import { DomainError } from '../../../src/domain/errors';
import { can, isRole, requirePermission, requiresRegions, rolesWith, seesAllRegions } from '../../../src/domain/roles';

describe('password policy', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
    expect(passwordProblems('山高水长-青禾县-2026')).toEqual([]);
  });

  it('refuses short passwords, counting characters not bytes', () => {
    expect(passwordProblems('Ab3$efgh')).toEqual([`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`]);
    expect(passwordLength('𠈌𠈌𠈌')).toBe(3);
    expect(passwordProblems('x'.repeat(129))[0]).toMatch(/不能超过/);
  });

  it('refuses common passwords and their decorated forms', () => {
    for (const p of [
      'password123456',
      'Password2026!!',
      'P@ssw0rd12345',
      '1234567890123',
      'woaini13141314',
      'qwertyuiop123',
      'aaaaaaaaaaaaaa',
      'abcdefghijklm',
      '9876543210987',
    ]) {
      expect(passwordProblems(p), p).toContain('该密码过于常见或过于简单，容易被猜中，请换一个');
    }
    expect(isCommonPassword('Tr0ub4dor&3xyz')).toBe(false);
  });

  it('refuses a password containing the username or the name', () => {
    expect(passwordProblems('zhangsan-is-great', { username: 'zhangsan' })).toContain('密码不能包含用户名或姓名');
    expect(passwordProblems('我是张三丰的好徒弟啊真的是', { displayName: '张三丰' })).toContain('密码不能包含用户名或姓名');
    expect(passwordProblems('long enough phrase', { username: 'ab' })).toEqual([]);
  });
});

describe('roles', () => {
  it('grants by role', () => {
    expect(can('admin', 'publish')).toBe(true);
    expect(can('district', 'publish')).toBe(false);
    expect(can('district', 'complaint.work')).toBe(true);
    expect(can('viewer', 'complaint.work')).toBe(false);
    expect(can('viewer', 'complaint.pii')).toBe(false);
    expect(can('district', 'rating.original')).toBe(false);
    expect(rolesWith('audit.read')).toEqual(['admin']);
  });

  it('jurisdiction rules', () => {
    expect(seesAllRegions('admin', 3)).toBe(true);
    expect(seesAllRegions('viewer', 0)).toBe(true);
    expect(seesAllRegions('viewer', 1)).toBe(false);
    expect(seesAllRegions('district', 0)).toBe(false);
    expect(requiresRegions('district')).toBe(true);
    expect(requiresRegions('viewer')).toBe(false);
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
  });

  it('requirePermission refuses as forbidden', () => {
    expect(() => requirePermission({ role: 'viewer' }, 'publish')).toThrow(DomainError);
    try {
      requirePermission({ role: 'district' }, 'user.manage');
    } catch (e) {
      expect((e as DomainError).kind).toBe('forbidden');
    }
    expect(() => requirePermission({ role: 'admin' }, 'user.manage')).not.toThrow();
  });
});
