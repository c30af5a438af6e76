import crypto from 'node:crypto';

/**
 * A personal-data value as the platform stored it before issue 18 (format version 1,
 * AES-256-GCM, the field name as additional data), made with `key`: what old rows hold.
 */
export function legacyAesValue(plain: string, field: string, key: Buffer): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(field, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const id = crypto.createHash('sha256').update(key).digest().subarray(0, 4);
  return Buffer.concat([Buffer.from([1]), id, iv, cipher.getAuthTag(), body]);
}
