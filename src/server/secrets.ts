import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { config } from '../config';

/**
 * Generated secrets in DATA_DIR/secrets (one 0600 file each, created on first use), and keys
 * derived from them for each purpose.
 *
 * Several server processes on one machine share the files. Several machines must share the
 * master key: set PII_KEY (the same 32 bytes everywhere) and every other secret (form tokens,
 * query-code hashes, device hashes) is derived from it with HKDF, so one configured key is
 * enough for a cluster.
 */

const cache = new Map<string, Buffer>();

export function secretsDir(): string {
  return path.join(config.dataDir, 'secrets');
}

/**
 * The 32-byte secret stored in DATA_DIR/secrets/<name>.key, created (exclusively, so two
 * processes starting together agree on one) when missing.
 */
export function fileSecret(name: string): Buffer {
  const cached = cache.get(name);
  if (cached) return cached;
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`密钥名称不合规范：${name}`);
  const dir = secretsDir();
  const file = path.join(dir, `${name}.key`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // Read back what is on disk: if another process won the race, its key is the one.
  const text = fs.readFileSync(file, 'utf8').trim();
  const value = Buffer.from(text, 'base64');
  if (value.length !== 32) throw new Error(`密钥文件已损坏（应为32字节的 base64）：${file}`);
  cache.set(name, value);
  return value;
}

/** Decodes a 32-byte key given as 64 hex characters or base64; null when it is not one. */
export function decodeKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

/** The master key: PII_KEY when configured, else the generated DATA_DIR/secrets/pii.key. */
export function masterKey(): Buffer {
  const cached = cache.get('#master');
  if (cached) return cached;
  let key: Buffer;
  if (config.PII_KEY) {
    const decoded = decodeKey(config.PII_KEY);
    if (!decoded) throw new Error('配置错误：PII_KEY 应为32字节密钥（64位十六进制或 base64）。可用 openssl rand -base64 32 生成。');
    key = decoded;
  } else {
    key = fileSecret('pii');
  }
  cache.set('#master', key);
  return key;
}

/**
 * A 32-byte key for one purpose, derived from a 32-byte key (the master key unless given) with
 * HKDF over SHA-256, or SM3 for the keys of the national-algorithm parts (密评: audit checkpoints,
 * SM4 personal data).
 */
export function derivedKey(purpose: string, digest: 'sha256' | 'sm3' = 'sha256', from: Buffer = masterKey()): Buffer {
  const id = `#derived:${digest}:${purpose}:${from.toString('hex')}`;
  const cached = cache.get(id);
  if (cached) return cached;
  const key = Buffer.from(crypto.hkdfSync(digest, from, Buffer.alloc(0), `credit-platform/${purpose}`, 32));
  cache.set(id, key);
  return key;
}

/** HMAC-SHA256 of `data` under the key for `purpose`, base64url. */
export function hmac(purpose: string, data: string): string {
  return crypto.createHmac('sha256', derivedKey(purpose)).update(data, 'utf8').digest('base64url');
}

/** Forget cached keys (tests that switch DATA_DIR or PII_KEY). */
export function resetSecretCache(): void {
  cache.clear();
}
