import crypto from 'node:crypto';
import { config } from '../config';
import { decodeKey, derivedKey, masterKey } from './secrets';

/**
 * Personal data at rest (complainants' name, phone, e-mail; API clients' callback secrets).
 * Only the supervisor area decrypts, for authorised views; public code never imports decrypt.
 *
 * Two stored formats, both readable whatever PII_CIPHER says (docs/security.md, 密评):
 *
 * - version 1 (before issue 18): 0x01 | key id (4) | IV (12) | GCM tag (16) | ciphertext —
 *   AES-256-GCM, the field name as additional data.
 * - version 2: 0x02 | algorithm (1) | key id (4) | body, the header authenticated with the body:
 *   - algorithm 0x02 SM4-CTR + HMAC-SM3 (GB/T 32907, GB/T 32905; Node's OpenSSL has no SM4-GCM, so
 *     encrypt-then-MAC): IV (16) | ciphertext | MAC (32) where MAC = HMAC-SM3 over header | IV |
 *     ciphertext | context. Keys: SM4 and MAC keys derived from the data key with HKDF-SM3.
 *   - algorithm 0x01 AES-256-GCM: IV (12) | tag (16) | ciphertext, header | context as additional data.
 *
 * The context is the field (complaints.complainant_name and so on): a value cannot be moved to
 * another column unnoticed. It is not the row id — values are encrypted before the row exists —
 * so swapping two rows' names in one column is not detected (the audit log records who could).
 *
 * The key id is the first 4 bytes of SHA-256 of the data key, so keys need no names: PII_KEYS
 * lists keys newest first, PII_KEY (or the generated DATA_DIR/secrets/pii.key) is always kept for
 * reading, and a value names the key it needs. `npm run pii:rotate` re-encrypts old values.
 */

export type PiiField = 'complainant_name' | 'complainant_phone' | 'complainant_email' | 'callback_secret';
export type PiiCipher = 'sm4' | 'aes';

const V1 = 1;
const V2 = 2;
const ALG_TAG: Record<PiiCipher, number> = { aes: 0x01, sm4: 0x02 };
const GCM_IV = 12;
const GCM_TAG = 16;
const SM4_IV = 16;
const SM3_MAC = 32;
const V1_HEADER = 1 + 4 + GCM_IV + GCM_TAG;
const V2_HEADER = 1 + 1 + 4;

export class PiiKeyMismatchError extends Error {
  constructor() {
    super('个人信息解密失败：当前密钥（PII_KEY、PII_KEYS 或 DATA_DIR/secrets/pii.key）不是加密时使用的密钥。');
    this.name = 'PiiKeyMismatchError';
  }
}

/** The stored value fails its integrity check: it was changed, truncated or moved. Never decrypted to garbage. */
export class PiiTamperedError extends Error {
  constructor() {
    super('个人信息密文完整性校验失败：密文被改动、截断或移到了其他字段，已拒绝解密。');
    this.name = 'PiiTamperedError';
  }
}

interface DataKey {
  id: Buffer;
  key: Buffer;
}

function keyId(key: Buffer): Buffer {
  return crypto.createHash('sha256').update(key).digest().subarray(0, 4);
}

/** PII_KEYS (newest first), then the master key; the first one encrypts. */
export function keyring(): DataKey[] {
  const listed = config.PII_KEYS.split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t, i) => {
      const key = decodeKey(t);
      if (!key) throw new Error(`配置错误：PII_KEYS 第 ${i + 1} 个密钥不是32字节密钥（64位十六进制或 base64）。`);
      return key;
    });
  const keys = [...listed, masterKey()];
  return keys.filter((k, i) => keys.findIndex((o) => o.equals(k)) === i).map((key) => ({ id: keyId(key), key }));
}

function currentKey(): DataKey {
  const [first] = keyring();
  if (!first) throw new Error('个人信息密钥缺失');
  return first;
}

function findKey(id: Uint8Array): DataKey {
  const found = keyring().find((k) => k.id.equals(id));
  if (!found) throw new PiiKeyMismatchError();
  return found;
}

function contextOf(field: PiiField): Buffer {
  return Buffer.from(field, 'utf8');
}

function sm4Keys(key: Buffer): { enc: Buffer; mac: Buffer } {
  return { enc: derivedKey('pii/sm4-ctr', 'sm3', key).subarray(0, 16), mac: derivedKey('pii/hmac-sm3', 'sm3', key) };
}

function sm4Mac(macKey: Buffer, header: Buffer, iv: Buffer, body: Buffer, field: PiiField): Buffer {
  return crypto.createHmac('sm3', macKey).update(header).update(iv).update(body).update(contextOf(field)).digest();
}

function gcm(mode: 'enc', key: Buffer, iv: Buffer, aad: Buffer, data: Buffer): { body: Buffer; tag: Buffer };
function gcm(mode: 'dec', key: Buffer, iv: Buffer, aad: Buffer, data: Buffer, tag: Buffer): Buffer;
function gcm(mode: 'enc' | 'dec', key: Buffer, iv: Buffer, aad: Buffer, data: Buffer, tag?: Buffer): Buffer | { body: Buffer; tag: Buffer } {
  if (mode === 'enc') {
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    return { body, tag: cipher.getAuthTag() };
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG });
  decipher.setAAD(aad);
  if (tag?.length !== GCM_TAG) throw new PiiTamperedError();
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new PiiTamperedError();
  }
}

/** Encrypts with PII_CIPHER (SM4 unless set to aes) under the newest key. */
export function encrypt(plain: string, field: PiiField, cipher: PiiCipher = config.PII_CIPHER): Buffer {
  const { id, key } = currentKey();
  const header = Buffer.concat([Buffer.from([V2, ALG_TAG[cipher]]), id]);
  const data = Buffer.from(plain, 'utf8');
  if (cipher === 'aes') {
    const iv = crypto.randomBytes(GCM_IV);
    const { body, tag } = gcm('enc', key, iv, Buffer.concat([header, contextOf(field)]), data);
    return Buffer.concat([header, iv, tag, body]);
  }
  const keys = sm4Keys(key);
  const iv = crypto.randomBytes(SM4_IV);
  const c = crypto.createCipheriv('sm4-ctr', keys.enc, iv);
  const body = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([header, iv, body, sm4Mac(keys.mac, header, iv, body, field)]);
}

export function decrypt(stored: Uint8Array, field: PiiField): string {
  const buf = Buffer.from(stored);
  if (buf[0] === V1 && buf.length >= V1_HEADER) {
    const { key } = findKey(buf.subarray(1, 5));
    return gcm('dec', key, buf.subarray(5, 5 + GCM_IV), contextOf(field), buf.subarray(V1_HEADER), buf.subarray(5 + GCM_IV, V1_HEADER)).toString('utf8');
  }
  if (buf[0] !== V2 || buf.length < V2_HEADER) throw new Error('个人信息密文格式不正确');
  const header = buf.subarray(0, V2_HEADER);
  const { key } = findKey(buf.subarray(2, V2_HEADER));
  const rest = buf.subarray(V2_HEADER);
  if (buf[1] === ALG_TAG.aes && rest.length >= GCM_IV + GCM_TAG) {
    const iv = rest.subarray(0, GCM_IV);
    return gcm('dec', key, iv, Buffer.concat([header, contextOf(field)]), rest.subarray(GCM_IV + GCM_TAG), rest.subarray(GCM_IV, GCM_IV + GCM_TAG)).toString(
      'utf8',
    );
  }
  if (buf[1] === ALG_TAG.sm4 && rest.length >= SM4_IV + SM3_MAC) {
    const keys = sm4Keys(key);
    const iv = rest.subarray(0, SM4_IV);
    const body = rest.subarray(SM4_IV, rest.length - SM3_MAC);
    // Constant-time compare before any decryption: a changed byte is refused, never decrypted.
    if (!crypto.timingSafeEqual(sm4Mac(keys.mac, header, iv, body, field), rest.subarray(rest.length - SM3_MAC))) throw new PiiTamperedError();
    const d = crypto.createDecipheriv('sm4-ctr', keys.enc, iv);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  }
  throw new PiiTamperedError();
}

/** What a stored value says about itself (for tests, `pii:rotate` and the docs' inventory). */
export function describeStored(stored: Uint8Array): { version: number; cipher: PiiCipher | 'unknown'; keyId: string } {
  const buf = Buffer.from(stored);
  if (buf[0] === V1) return { version: 1, cipher: 'aes', keyId: buf.subarray(1, 5).toString('hex') };
  const cipher = buf[1] === ALG_TAG.sm4 ? 'sm4' : buf[1] === ALG_TAG.aes ? 'aes' : 'unknown';
  return { version: buf[0] ?? 0, cipher, keyId: buf.subarray(2, V2_HEADER).toString('hex') };
}

/** True when a value is not yet in the current format, cipher and key (what pii:rotate converts). */
export function needsRotation(stored: Uint8Array): boolean {
  const d = describeStored(stored);
  return d.version !== V2 || d.cipher !== config.PII_CIPHER || d.keyId !== currentKey().id.toString('hex');
}

/** The value re-encrypted under the current cipher and key. */
export function reencrypt(stored: Uint8Array, field: PiiField): Buffer {
  return encrypt(decrypt(stored, field), field);
}

/**
 * Encrypts a short secret that must be replayed later (the query code in a stored idempotent
 * answer) under a key of its own, base64url.
 */
export function sealSecret(plain: string, purpose: string): string {
  const key = derivedKey(`seal/${purpose}`);
  const iv = crypto.randomBytes(GCM_IV);
  const { body, tag } = gcm('enc', key, iv, Buffer.alloc(0), Buffer.from(plain, 'utf8'));
  return Buffer.concat([iv, tag, body]).toString('base64url');
}

export function openSecret(sealed: string, purpose: string): string {
  const buf = Buffer.from(sealed, 'base64url');
  // A full 16-byte tag only: without authTagLength, GCM would accept a truncated one.
  if (buf.length < GCM_IV + GCM_TAG) throw new Error('sealed value too short');
  const key = derivedKey(`seal/${purpose}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, buf.subarray(0, GCM_IV), { authTagLength: GCM_TAG });
  decipher.setAuthTag(buf.subarray(GCM_IV, GCM_IV + GCM_TAG));
  return Buffer.concat([decipher.update(buf.subarray(GCM_IV + GCM_TAG)), decipher.final()]).toString('utf8');
}
