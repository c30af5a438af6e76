import crypto from 'node:crypto';
import { derivedKey, masterKey } from './secrets';

/**
 * Personal data of complainants (name, phone) at rest: AES-256-GCM with the PII key
 * (config PII_KEY, or generated on first run into DATA_DIR/secrets/pii.key, mode 0600).
 *
 * Layout of a stored value: version (1 byte, 1) | key id (4 bytes) | IV (12) | tag (16) |
 * ciphertext. The key id is the start of a hash of the key, so decrypting with another key fails
 * with a clear message instead of a bare authentication error. The field name is authenticated
 * data: a name cannot be moved into the phone column unnoticed.
 *
 * Only the supervisor area decrypts, for authorised views; public code never imports decrypt.
 */

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + 4 + IV_BYTES + TAG_BYTES;

export type PiiField = 'complainant_name' | 'complainant_phone' | 'complainant_email';

export class PiiKeyMismatchError extends Error {
  constructor() {
    super('个人信息解密失败：当前密钥（PII_KEY 或 DATA_DIR/secrets/pii.key）不是加密时使用的密钥。');
    this.name = 'PiiKeyMismatchError';
  }
}

function keyId(key: Buffer): Buffer {
  return crypto.createHash('sha256').update(key).digest().subarray(0, 4);
}

function piiKey(): Buffer {
  return masterKey();
}

export function encrypt(plain: string, field: PiiField): Buffer {
  const key = piiKey();
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(field, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), keyId(key), iv, cipher.getAuthTag(), body]);
}

export function decrypt(stored: Uint8Array, field: PiiField): string {
  const buf = Buffer.from(stored);
  if (buf.length < HEADER || buf[0] !== VERSION) throw new Error('个人信息密文格式不正确');
  const key = piiKey();
  if (!buf.subarray(1, 5).equals(keyId(key))) throw new PiiKeyMismatchError();
  const iv = buf.subarray(5, 5 + IV_BYTES);
  const tag = buf.subarray(5 + IV_BYTES, HEADER);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(field, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(HEADER)), decipher.final()]).toString('utf8');
}

/**
 * Encrypts a short secret that must be replayed later (the query code in a stored idempotent
 * answer) under a key of its own, base64url.
 */
export function sealSecret(plain: string, purpose: string): string {
  const key = derivedKey(`seal/${purpose}`);
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openSecret(sealed: string, purpose: string): string {
  const buf = Buffer.from(sealed, 'base64url');
  const key = derivedKey(`seal/${purpose}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
  decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
