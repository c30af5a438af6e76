// Issue 18 item 2: SM4-CTR + HMAC-SM3 (encrypt-then-MAC) for personal data, a self-describing
// value (version, algorithm tag, key id), old AES values still readable, keys rotated via PII_KEYS,
// and a changed byte anywhere refused — never decrypted to garbage.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyAesValue } from '../../support/legacy-pii';

const OLD_KEY = Buffer.alloc(32, 7);
const NEW_KEY = Buffer.alloc(32, 8);
process.env['DATA_DIR'] = fs.mkdtempSync(path.join(os.tmpdir(), 'pii-sm4-'));
process.env['PII_KEY'] = OLD_KEY.toString('base64');
process.env['PII_KEYS'] = NEW_KEY.toString('hex');
delete process.env['PII_CIPHER'];

const { decrypt, describeStored, encrypt, keyring, needsRotation, reencrypt, PiiKeyMismatchError, PiiTamperedError } =
  await import('../../../src/server/pii-crypto');
const idOf = (k: Buffer) => crypto.createHash('sha256').update(k).digest().subarray(0, 4).toString('hex');

describe('SM4 personal data', () => {
  it('writes SM4 by default: version 2, algorithm tag 0x02, the newest key id from PII_KEYS', () => {
    const v = encrypt('张三', 'complainant_name');
    expect(v[0]).toBe(2);
    expect(v[1]).toBe(0x02);
    expect(v.subarray(2, 6).toString('hex')).toBe(idOf(NEW_KEY));
    expect(describeStored(v)).toEqual({ version: 2, cipher: 'sm4', keyId: idOf(NEW_KEY) });
    expect(v.includes(Buffer.from('张三'))).toBe(false);
    expect(decrypt(v, 'complainant_name')).toBe('张三');
    expect(needsRotation(v)).toBe(false);
  });

  it('is really SM4-CTR under the HKDF-SM3 key, MAC over header, IV, ciphertext and context', () => {
    const v = encrypt('13812345678', 'complainant_phone');
    const enc = Buffer.from(crypto.hkdfSync('sm3', NEW_KEY, Buffer.alloc(0), 'credit-platform/pii/sm4-ctr', 32)).subarray(0, 16);
    const mac = Buffer.from(crypto.hkdfSync('sm3', NEW_KEY, Buffer.alloc(0), 'credit-platform/pii/hmac-sm3', 32));
    const iv = v.subarray(6, 22);
    const body = v.subarray(22, v.length - 32);
    const d = crypto.createDecipheriv('sm4-ctr', enc, iv);
    expect(Buffer.concat([d.update(body), d.final()]).toString()).toBe('13812345678');
    const want = crypto.createHmac('sm3', mac).update(v.subarray(0, 6)).update(iv).update(body).update('complainant_phone').digest();
    expect(v.subarray(v.length - 32).equals(want)).toBe(true);
  });

  it('refuses a value with any one byte flipped (header, IV, ciphertext, MAC), and a value moved to another field', () => {
    const v = encrypt('李四', 'complainant_name');
    for (const i of [1, 3, 8, 23, v.length - 1]) {
      const t = Buffer.from(v);
      t[i]! ^= 0x01;
      expect(() => decrypt(t, 'complainant_name'), `byte ${i}`).toThrow(i >= 2 && i < 6 ? PiiKeyMismatchError : PiiTamperedError);
    }
    expect(() => decrypt(v.subarray(0, v.length - 1), 'complainant_name')).toThrow(PiiTamperedError);
    expect(() => decrypt(v, 'complainant_phone')).toThrow(/完整性校验失败/);
    expect(() => decrypt(Buffer.from([9, 9]), 'complainant_name')).toThrow(/格式不正确/);
  });

  it('PII_CIPHER=aes writes version 2 with the AES tag, also authenticated and readable', () => {
    const v = encrypt('王五', 'complainant_email', 'aes');
    expect(describeStored(v)).toEqual({ version: 2, cipher: 'aes', keyId: idOf(NEW_KEY) });
    expect(decrypt(v, 'complainant_email')).toBe('王五');
    expect(needsRotation(v)).toBe(true);
    const t = Buffer.from(v);
    t[t.length - 1]! ^= 1;
    expect(() => decrypt(t, 'complainant_email')).toThrow(PiiTamperedError);
  });

  it('reads old AES values (version 1, the old key) and re-encrypts them to SM4 under the new key', () => {
    const old = legacyAesValue('赵六', 'complainant_name', OLD_KEY);
    expect(describeStored(old)).toEqual({ version: 1, cipher: 'aes', keyId: idOf(OLD_KEY) });
    expect(decrypt(old, 'complainant_name')).toBe('赵六');
    expect(needsRotation(old)).toBe(true);
    const fresh = reencrypt(old, 'complainant_name');
    expect(describeStored(fresh)).toEqual({ version: 2, cipher: 'sm4', keyId: idOf(NEW_KEY) });
    expect(decrypt(fresh, 'complainant_name')).toBe('赵六');
    const tampered = Buffer.from(old);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decrypt(tampered, 'complainant_name')).toThrow(PiiTamperedError);
  });

  it('names an unknown key instead of failing obscurely', () => {
    expect(() => decrypt(legacyAesValue('x', 'complainant_name', Buffer.alloc(32, 1)), 'complainant_name')).toThrow(PiiKeyMismatchError);
    expect(keyring().map((k) => k.id.toString('hex'))).toEqual([idOf(NEW_KEY), idOf(OLD_KEY)]);
  });
});
