import { sql } from './client';

/**
 * The delivery ledger: one row per message that reached its receiver, by idempotency key. A job
 * retried after its worker died asks here first, so what was already delivered is not sent
 * again; a crash between the send and this insert means one more send with the same key, which
 * the receiver recognises (Idempotency-Key) — the ledger still counts the key once.
 */

export async function wasDelivered(key: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM deliveries WHERE key = ${key}`;
  return row !== undefined;
}

export async function recordDelivery(key: string, queue: string, target: string, attempts: number): Promise<void> {
  await sql`
    INSERT INTO deliveries (key, queue, target, attempts) VALUES (${key}, ${queue}, ${target.slice(0, 500)}, ${attempts})
    ON CONFLICT (key) DO NOTHING`;
}

export interface DeliveryRow {
  key: string;
  queue: string;
  target: string;
  attempts: number;
  deliveredAt: Date;
}

export async function recentDeliveries(limit: number): Promise<DeliveryRow[]> {
  return sql<DeliveryRow[]>`
    SELECT key, queue, target, attempts, delivered_at AS "deliveredAt" FROM deliveries ORDER BY delivered_at DESC LIMIT ${limit}`;
}
