import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing: argon2id (@node-rs/argon2) with m = 19456 KiB (19 MiB), t = 2, p = 1, the
 * OWASP Password Storage Cheat Sheet minimum that ASVS 5.0 V11.4.2 refers to. About 30–60 ms per
 * hash on this machine class; raise memoryCost when the server has memory to spare — old hashes
 * keep verifying because the parameters are stored in each hash string. Logging in (the
 * throttling, the session, the audit) is request handling: src/handlers/admin/login.ts.
 */

/**
 * argon2id is the library's default algorithm (its `Algorithm` is a const enum, which cannot be
 * referenced under verbatimModuleSyntax); every hash string starts with `$argon2id$`.
 */
export const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false; // a malformed stored hash opens nothing
  }
}
