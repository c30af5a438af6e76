/**
 * The two numbers a complainant gets once, after submitting:
 *
 * - the tracking number (受理编号): 12 digits, shown as three groups of four, "2612-3456-7890".
 *   Digits only, because it is read out over the phone to the 12345 hotline or the supervision
 *   office, and Chinese speakers read digits without ambiguity, letters not. The first two
 *   digits are the year (supervisors see at once how old a case is), nine are random (nothing
 *   about the volume of complaints can be learnt from them), the last is a Damm check digit,
 *   which catches every single wrong digit and every swap of two neighbouring digits — the two
 *   usual mistakes when a number is read out or typed.
 * - the query code (查询码): 8 characters from an alphabet without look-alikes (0/O, 1/I/L),
 *   "K7P2-9QXM". It is the secret that, with the tracking number, opens the status page; only
 *   its hash is stored.
 */
export type RandomBytes = (n: number) => Uint8Array;

// Web Crypto is global in Node 22 and in browsers (the form's island reads numbers with this file).
/**
 * The system's secure random bytes, fetched 4 KB at a time: one call serves about a hundred
 * numbers (each call costs far more than the bytes), and no byte is handed out twice.
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;
const defaultRandom: RandomBytes = (n) => {
  if (poolOffset + n > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(Math.max(POOL_BYTES, n)));
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.subarray(poolOffset - n, poolOffset);
};

/** The Damm algorithm's quasigroup (totally anti-symmetric, order 10). */
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

function dammInterim(digits: string): number {
  let interim = 0;
  for (const ch of digits) {
    const next = DAMM[interim]?.[ch.charCodeAt(0) - 48];
    if (next === undefined) throw new RangeError('只能计算数字串的校验位');
    interim = next;
  }
  return interim;
}

/** The Damm check digit for a string of digits. */
export function dammCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('只能计算数字串的校验位');
  return String(dammInterim(digits));
}

export const TRACKING_NUMBER_LENGTH = 12;

/** Random decimal digits without modulo bias (bytes ≥ 250 are drawn again). */
function randomDigits(n: number, random: RandomBytes): string {
  let out = '';
  while (out.length < n) {
    for (const b of random(n * 2)) {
      if (b < 250 && out.length < n) out += String(b % 10);
    }
  }
  return out;
}

/** A new tracking number (canonical 12 digits) for a complaint received in `year`. */
export function newTrackingNumber(year: number, random: RandomBytes = defaultRandom): string {
  const body = String(year % 100).padStart(2, '0') + randomDigits(TRACKING_NUMBER_LENGTH - 3, random);
  return body + dammCheckDigit(body);
}

/** "261234567890" → "2612-3456-7890". */
export function formatTrackingNumber(canonical: string): string {
  return canonical.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1-$2-$3');
}

/** Full-width digits and letters (as typed on Chinese input methods) to ASCII. */
function halfWidth(value: string): string {
  return value.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export type TrackingParse = { ok: true; value: string } | { ok: false; message: string };

/**
 * Reads a tracking number as people type it: spaces, hyphens and full-width digits are fine.
 * Returns the canonical 12 digits, or a Chinese message saying what is wrong.
 */
export function parseTrackingNumber(input: string): TrackingParse {
  const v = halfWidth(input).replace(/[\s\u3000\-－—_.]/g, '');
  if (v === '') return { ok: false, message: '请填写受理编号' };
  if (!/^\d+$/.test(v)) return { ok: false, message: '受理编号只包含数字' };
  if (v.length !== TRACKING_NUMBER_LENGTH) return { ok: false, message: `受理编号应为${TRACKING_NUMBER_LENGTH}位数字` };
  if (dammInterim(v) !== 0) return { ok: false, message: '受理编号有误，请逐位核对' };
  return { ok: true, value: v };
}

/** Query-code alphabet: no 0/O, 1/I/L. */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const QUERY_CODE_LENGTH = 8;

export function newQueryCode(random: RandomBytes = defaultRandom): string {
  const n = QUERY_CODE_ALPHABET.length; // 31
  const limit = 256 - (256 % n); // 248: reject above to stay unbiased
  let out = '';
  while (out.length < QUERY_CODE_LENGTH) {
    for (const b of random(QUERY_CODE_LENGTH * 2)) {
      if (b < limit && out.length < QUERY_CODE_LENGTH) out += QUERY_CODE_ALPHABET.charAt(b % n);
    }
  }
  return out;
}

/** "K7P29QXM" → "K7P2-9QXM". */
export function formatQueryCode(canonical: string): string {
  return canonical.replace(/^(.{4})(.{4})$/, '$1-$2');
}

/**
 * Reads a query code as typed: case, spaces, hyphens and full-width letters do not matter.
 * Returns null when it cannot be a query code (the caller answers exactly as for a wrong code).
 */
export function normalizeQueryCode(input: string): string | null {
  const v = halfWidth(input)
    .replace(/[\s\u3000\-－—_.]/g, '')
    .toUpperCase();
  if (v.length !== QUERY_CODE_LENGTH) return null;
  for (const ch of v) if (!QUERY_CODE_ALPHABET.includes(ch)) return null;
  return v;
}

/**
 * How a supervisor names a complaint in a form, a filter or a URL: by its tracking number
 * (受理编号) as printed — "2673-0913-6642", "267309136642", "2673 0913 6642", full-width digits —
 * or, for old links and API clients, by the internal id (a shorter plain number). A 12-digit
 * entry is always read as a tracking number: internal ids never get that long.
 */
export type ComplaintRef = { kind: 'tracking'; trackingNo: string } | { kind: 'id'; id: number };

export function parseComplaintRef(input: string): { ok: true; ref: ComplaintRef } | { ok: false; message: string } {
  const compact = halfWidth(input).replace(/[\s\u3000\-－—_.]/g, '');
  if (/^\d{1,11}$/.test(compact) && !/[\s\u3000\-－—_.]/.test(input.trim())) {
    const id = Number(compact);
    if (id > 0) return { ok: true, ref: { kind: 'id', id } };
  }
  const t = parseTrackingNumber(input);
  if (!t.ok) return { ok: false, message: t.message };
  return { ok: true, ref: { kind: 'tracking', trackingNo: t.value } };
}

/** How a reference is shown back in messages: the tracking number as printed, or "编号 12". */
export function describeComplaintRef(ref: ComplaintRef): string {
  return ref.kind === 'tracking' ? formatTrackingNumber(ref.trackingNo) : `编号 ${ref.id}`;
}

/**
 * A search box entry that is a tracking number in any spelling → its canonical 12 digits
 * (the check digit is not required: a mistyped number simply finds nothing), else null.
 */
export function trackingNumberInSearch(input: string): string | null {
  const compact = halfWidth(input).replace(/[\s\u3000\-－—_.]/g, '');
  return /^\d{12}$/.test(compact) ? compact : null;
}
