import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';

// Generated keys go to a folder of this test's own (config is read on first use).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-test-'));
process.env['DATA_DIR'] = dataDir;
delete process.env['PII_KEY'];

const { decrypt, encrypt, openSecret, PiiKeyMismatchError, sealSecret } = await import('../../../src/server/pii-crypto');
const { decodeKey, resetSecretCache, secretsDir } = await import('../../../src/server/secrets');

describe('personal data at rest', () => {
  let stored: Buffer;
  beforeAll(() => {
    stored = encrypt('张三 13812345678', 'complainant_name');
  });

  it('generates the key on first use, readable by the owner only', () => {
    const file = path.join(secretsDir(), 'pii.key');
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(decodeKey(fs.readFileSync(file, 'utf8'))).toHaveLength(32);
  });

  it('round-trips, and the stored bytes do not contain the plain text', () => {
    expect(decrypt(stored, 'complainant_name')).toBe('张三 13812345678');
    expect(stored.includes(Buffer.from('13812345678'))).toBe(false);
    expect(stored.includes(Buffer.from('张三'))).toBe(false);
    // a fresh IV every time
    expect(encrypt('张三 13812345678', 'complainant_name').equals(stored)).toBe(false);
  });

  it('binds the value to its field and detects tampering', () => {
    expect(() => decrypt(stored, 'complainant_phone')).toThrow();
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decrypt(tampered, 'complainant_name')).toThrow();
  });

  it('says clearly when the key is not the one used to encrypt', () => {
    fs.writeFileSync(path.join(secretsDir(), 'pii.key'), Buffer.alloc(32, 9).toString('base64'));
    resetSecretCache();
    expect(() => decrypt(stored, 'complainant_name')).toThrow(PiiKeyMismatchError);
    expect(() => decrypt(stored, 'complainant_name')).toThrow(/不是加密时使用的密钥/);
  });

  it('seals short secrets for replay', () => {
    const sealed = sealSecret('K7P29QXM', 'query-code');
    expect(sealed).not.toContain('K7P29QXM');
    expect(openSecret(sealed, 'query-code')).toBe('K7P29QXM');
    expect(() => openSecret(sealed, 'other')).toThrow();
  });

  it('accepts configured keys as hex or base64 only', () => {
    expect(decodeKey('ab'.repeat(32))).toHaveLength(32);
    expect(decodeKey(Buffer.alloc(32, 1).toString('base64'))).toHaveLength(32);
    expect(decodeKey('too-short')).toBeNull();
  });
});
