import { createHash, randomBytes } from 'node:crypto';
import { sql, transaction } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';

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

// ---------------------------------------------------------------------------------------------
// Administration (/admin/clients, 'client.manage'): the role is checked again in SQL, and every
// change writes its audit row in the same transaction.

export const CLIENT_CHANNELS = ['12345', '政务App', '信访', 'api', 'other'] as const;
export type ClientChannel = (typeof CLIENT_CHANNELS)[number];

export interface ApiClientRow {
  id: number;
  name: string;
  channel: string;
  keyPrefix: string;
  rateLimitPerMinute: number;
  callbackUrl: string | null;
  active: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  complaints: number;
}

export interface NewApiClient {
  name: string;
  channel: ClientChannel;
  rateLimitPerMinute: number;
  callbackUrl: string | null;
}

/** A key as issued: `cdp_<prefix>_<secret>`; the prefix (8 characters) tells keys apart in lists. */
export interface IssuedKey {
  key: string;
  prefix: string;
}

export function newApiKey(): IssuedKey {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const prefix = Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('');
  return { prefix, key: `cdp_${prefix}_${randomBytes(32).toString('base64url')}` };
}

export async function listApiClients(actor: Actor): Promise<ApiClientRow[]> {
  requirePermission(actor, 'client.manage');
  return sql<ApiClientRow[]>`
    SELECT a.id::int AS id, a.name, a.channel, a.key_prefix AS "keyPrefix", a.rate_limit_per_minute AS "rateLimitPerMinute",
           a.callback_url AS "callbackUrl", a.active AND a.revoked_at IS NULL AS active, a.created_at AS "createdAt",
           a.revoked_at AS "revokedAt", (SELECT count(*)::int FROM complaints c WHERE c.api_client_id = a.id) AS complaints
      FROM api_clients a
     WHERE supervisor_has_role(${actor.id}, '{admin}')
     ORDER BY a.active DESC, a.name`;
}

function refuseDuplicateName(e: unknown): never {
  if ((e as { constraint_name?: string }).constraint_name === 'api_clients_name_key') {
    throw new DomainError('名称：已有同名的接入渠道，请换一个名称。', 'invalid');
  }
  throw e;
}

/**
 * Creates a client; `callbackSecretEnc` (the HMAC key, encrypted by the caller) is required
 * when there is a callback URL. Returns the id and the key, which is never stored or shown again.
 */
export async function createApiClient(
  actor: Actor,
  input: NewApiClient,
  callbackSecretEnc: Buffer | null,
  ip: string | null,
): Promise<{ id: number; key: string }> {
  requirePermission(actor, 'client.manage');
  const issued = newApiKey();
  try {
    return await transaction(async (tx) => {
      const rows = await tx<{ id: number }[]>`
        INSERT INTO api_clients (name, channel, key_prefix, key_hash, rate_limit_per_minute, callback_url, callback_secret_enc, created_by)
        SELECT ${input.name}, ${input.channel}, ${issued.prefix}, ${apiKeyHash(issued.key)}, ${input.rateLimitPerMinute},
               ${input.callbackUrl}, ${input.callbackUrl ? callbackSecretEnc : null}, ${actor.id}
         WHERE supervisor_has_role(${actor.id}, '{admin}')
        RETURNING id::int AS id`;
      if (rows.length === 0) throw new DomainError('只有管理员可以管理接入渠道。', 'forbidden');
      const id = await auditedInsert(tx, rows, {
        actor,
        action: 'client.create',
        targetKind: 'api_client',
        detail: { name: input.name, channel: input.channel, rateLimitPerMinute: input.rateLimitPerMinute, callback: input.callbackUrl !== null },
        ip,
      });
      return { id, key: issued.key };
    });
  } catch (e) {
    return refuseDuplicateName(e);
  }
}

/** A new key for an active client; the old one stops working at once. */
export async function rotateApiClientKey(actor: Actor, id: number, reason: string, ip: string | null): Promise<{ key: string }> {
  requirePermission(actor, 'client.manage');
  const issued = newApiKey();
  return transaction(async (tx) => {
    const rows = await tx`
      UPDATE api_clients SET key_prefix = ${issued.prefix}, key_hash = ${apiKeyHash(issued.key)}
       WHERE id = ${id} AND active AND revoked_at IS NULL AND supervisor_has_role(${actor.id}, '{admin}')
      RETURNING id`;
    if (rows.length === 0) throw new DomainError('接入渠道不存在或已停用。', 'not-found');
    await writeAudit(tx, { actor, action: 'client.rotate', targetKind: 'api_client', targetId: id, reason, detail: { keyPrefix: issued.prefix }, ip });
    return { key: issued.key };
  });
}

/** Deactivates a client for good: its key is refused (401) from now on; its complaints stay. */
export async function deactivateApiClient(actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  requirePermission(actor, 'client.manage');
  await transaction(async (tx) => {
    const rows = await tx`
      UPDATE api_clients SET active = false, revoked_at = now()
       WHERE id = ${id} AND active AND revoked_at IS NULL AND supervisor_has_role(${actor.id}, '{admin}')
      RETURNING id`;
    if (rows.length === 0) throw new DomainError('接入渠道不存在或已停用。', 'not-found');
    await writeAudit(tx, { actor, action: 'client.deactivate', targetKind: 'api_client', targetId: id, reason, ip });
  });
}

/** Where a complaint's status changes go (the callback job): null when its client has no callback. */
export async function callbackTargetOf(complaintId: number): Promise<{ url: string; secretEnc: Uint8Array; clientRequestId: string | null } | null> {
  const [row] = await sql<{ url: string; secretEnc: Uint8Array; clientRequestId: string | null }[]>`
    SELECT a.callback_url AS url, a.callback_secret_enc AS "secretEnc", c.client_request_id AS "clientRequestId"
      FROM complaints c JOIN api_clients a ON a.id = c.api_client_id
     WHERE c.id = ${complaintId} AND a.callback_url IS NOT NULL AND a.callback_secret_enc IS NOT NULL
       AND a.active AND a.revoked_at IS NULL`;
  return row ?? null;
}
