import { createHash } from 'node:crypto';
import { sql } from './client';

/**
 * API clients (12345, 政务App, 信访 …): the systems that forward complaints. A client presents its
 * key; only the key's SHA-256 is stored, so a database dump does not hand out working keys.
 * Administration (create, rotate, revoke, callbacks) lives next to this lookup.
 */

export interface ApiClient {
  id: number;
  name: string;
  channel: string;
  rateLimitPerMinute: number;
  callbackUrl: string | null;
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The active client holding this key, or null (unknown, revoked or deactivated). */
export async function findActiveClientByKey(key: string): Promise<ApiClient | null> {
  const rows = await sql<ApiClient[]>`
    SELECT id::int AS id, name, channel, rate_limit_per_minute AS "rateLimitPerMinute", callback_url AS "callbackUrl"
      FROM api_clients
     WHERE key_hash = ${apiKeyHash(key)} AND active AND revoked_at IS NULL`;
  return rows[0] ?? null;
}
