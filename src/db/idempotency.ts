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
 */

export type KeySource = 'api' | 'form';

export function storedKey(source: KeySource, rawKey: string): string {
  return `${source}:${crypto.createHash('sha256').update(rawKey, 'utf8').digest('base64url')}`;
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
