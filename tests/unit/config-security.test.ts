// Issue 18: the security settings are configurable with defaults meeting 等保 level 3, and a value
// below the floor (audit retention under 180 days) is refused with one Chinese sentence.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const KEYS = ['AUDIT_HASH', 'AUDIT_RETENTION_DAYS', 'PII_CIPHER', 'PASSWORD_MIN_CLASSES', 'PASSWORD_HISTORY', 'SESSION_IDLE_MINUTES', 'SESSION_ABSOLUTE_HOURS'];

function read(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !KEYS.includes(k)));
  const code = `import('./src/config.ts').then(({ config }) => console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(KEYS)}.map((k) => [k, config[k]]))))).catch((e) => { console.log(e.message); })`;
  const r = spawnSync('node_modules/.bin/tsx', ['-e', code], { env: { ...clean, ...env }, encoding: 'utf8', timeout: 30_000 });
  return r.stdout.trim();
}

describe('security configuration', () => {
  it('defaults meet level 3: SM3 chain, 180 days, SM4, 3 classes, 5 remembered passwords, 30 min idle, 12 h absolute', () => {
    expect(JSON.parse(read({}))).toEqual({
      AUDIT_HASH: 'sm3',
      AUDIT_RETENTION_DAYS: 180,
      PII_CIPHER: 'sm4',
      PASSWORD_MIN_CLASSES: 3,
      PASSWORD_HISTORY: 5,
      SESSION_IDLE_MINUTES: 30,
      SESSION_ABSOLUTE_HOURS: 12,
    });
  });

  it('each can be set', () => {
    const c = JSON.parse(
      read({
        AUDIT_HASH: 'sha256',
        AUDIT_RETENTION_DAYS: '365',
        PII_CIPHER: 'aes',
        PASSWORD_MIN_CLASSES: '4',
        PASSWORD_HISTORY: '10',
        SESSION_IDLE_MINUTES: '15',
        SESSION_ABSOLUTE_HOURS: '8',
      }),
    ) as Record<string, unknown>;
    expect(c).toMatchObject({
      AUDIT_HASH: 'sha256',
      AUDIT_RETENTION_DAYS: 365,
      PII_CIPHER: 'aes',
      PASSWORD_MIN_CLASSES: 4,
      PASSWORD_HISTORY: 10,
      SESSION_IDLE_MINUTES: 15,
    });
    expect(c['SESSION_ABSOLUTE_HOURS']).toBe(8);
  });

  it('refuses an audit retention under 180 days and an unknown cipher', () => {
    expect(read({ AUDIT_RETENTION_DAYS: '90' })).toContain('AUDIT_RETENTION_DAYS 不能少于180天');
    expect(read({ PII_CIPHER: 'des' })).toContain('PII_CIPHER');
  });
});
