/**
 * Public codes of institutions: the `/i/{code}/` URL and what the QR code on the 公示栏 encodes.
 *
 * A code must be short (printed and sometimes typed by hand), stable (a printed QR code keeps
 * working for the life of the poster) and never reused (an old poster must not lead to another
 * institution). So a code is derived from the institution's 登记号, which never changes, and is
 * stored once; it is not recomputed when other data changes.
 *
 * Shape: 8 characters from a 32-letter alphabet without 0/1/I/O (they are misread from paper),
 * which also satisfies the database check `^[0-9A-Z]{4,12}$`. 32^8 ≈ 1.1 × 10^12 codes, so two
 * registrations collide with a probability of about n²/2.2 × 10^12 — 0.5 % for 100,000
 * institutions. A collision is resolved by the caller (who can see the codes already taken)
 * asking for the next attempt, which hashes the 登记号 with the attempt number.
 */
import { createHash } from 'node:crypto';

/** Code alphabet: digits 2–9 and capital letters without I and O. */
export const INSTITUTION_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const INSTITUTION_CODE_LENGTH = 8;
/** The database check on institutions.code. */
export const INSTITUTION_CODE_PATTERN = /^[0-9A-Z]{4,12}$/;

/**
 * The code for a registration number; `attempt` > 0 gives the alternatives to use when the
 * first candidate is already taken by another institution. Deterministic: the same 登记号 and
 * attempt always give the same code.
 */
export function institutionCodeCandidate(registrationNo: string, attempt = 0): string {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt 必须是非负整数：${attempt}`);
  const key = registrationNo.trim();
  if (key === '') throw new Error('登记号不能为空');
  const digest = createHash('sha256')
    .update(attempt === 0 ? key : `${key}#${attempt}`, 'utf8')
    .digest();
  // 8 characters × 5 bits = the first 40 bits of the digest.
  let bits = 0n;
  for (let i = 0; i < 5; i += 1) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  let code = '';
  for (let i = INSTITUTION_CODE_LENGTH - 1; i >= 0; i -= 1) {
    code += INSTITUTION_CODE_ALPHABET.charAt(Number((bits >> BigInt(i * 5)) & 31n));
  }
  return code;
}

export function isInstitutionCode(value: string): boolean {
  return INSTITUTION_CODE_PATTERN.test(value);
}
