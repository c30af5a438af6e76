import crypto from 'node:crypto';
import { sql } from './client';

/**
 * Idempotency: the first answer to a key is stored in the same transaction as what it created,
 * and a request with the same key gets that answer again, creating nothing.
 *
 * Keys are stored as a hash, namespaced by where they came from ("api:" for the
 * Idempotency-Key header, "form:" for the hidden token of an HTML form), so two channels can
 * never collide and the raw key is never kept. Each answer carries a fingerprint of the request
 * it answered: the same key with different content is a client error, not a replay.
 *
 * A replay hands back the query code, so it belongs to the client that made the first request
 * (issue 17): an API key is namespaced by the client's address as this server sees it (behind
 * TRUSTED_PROXIES, the forwarded one). The same key from another address is simply a new key —
 * whatever its body — so a guessed or leaked key never returns someone else's query code, and a
 * stranger's choice of key cannot block a real client's either. The price: a client that retries
 * from another address (a phone switching from Wi-Fi to 4G) gets a second complaint, not a replay;
 * a duplicate is the lesser harm and supervisors close it as 重复. A form's key is the nonce of its
 * signed token, which only that browser has, so it needs no such namespace.
 */

export type KeySource = 'api' | 'form';

/**
 * The stored form of a key: `source:` + SHA-256 of the client and the raw key. `client` is the
 * client's address for API keys; forms pass ''.
 */
export function storedKey(source: KeySource, rawKey: string, client = ''): string {
  const h = crypto.createHash('sha256');
  if (client) h.update(`${client}\n`, 'utf8');
  return `${source}:${h.update(rawKey, 'utf8').digest('base64url')}`;
}

/**
 * A fingerprint of a request's meaning. Values parsed by a zod object schema come out with their
 * keys in the schema's order whatever the client sent, so plain JSON of them is stable; other
 * objects are sorted first.
 */
export function fingerprint(value: unknown, keysInSchemaOrder = true): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, canonical(x)]),
      );
    }
    return v;
  };
  const json = JSON.stringify(keysInSchemaOrder ? value : canonical(value));
  return crypto.createHash('sha256').update(json).digest('base64url');
}

export interface StoredAnswer {
  scope: string;
  status: number;
  /** What the first request got, plus `requestHash`. */
  response: Record<string, unknown>;
}

export async function findAnswer(key: string): Promise<StoredAnswer | null> {
  const [row] = await sql<StoredAnswer[]>`SELECT scope, status, response FROM idempotency_keys WHERE key = ${key}`;
  return row ?? null;
}

/** What to do with a key that already has an answer. */
export function replayDecision(stored: StoredAnswer, scope: string, requestHash: string): 'replay' | 'mismatch' {
  return stored.scope === scope && stored.response['requestHash'] === requestHash ? 'replay' : 'mismatch';
}

/** Deletes answers older than `days` (the retention command calls it). */
export async function purgeAnswers(days: number): Promise<number> {
  const r = await sql`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => ${days})`;
  return r.count;
}
