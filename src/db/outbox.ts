import { sql, transaction, type Tx } from './client';

/**
 * The outbox: work for supervisors (notifications of a new complaint) is written in the same
 * transaction as the complaint, so it exists exactly when the complaint does. A worker claims
 * pending rows with FOR UPDATE SKIP LOCKED (several workers never take the same row), handles
 * them and marks them done in the same transaction; a failure counts an attempt and leaves the
 * row for the next round.
 */

export const TOPICS = {
  complaintReceived: 'complaint.received',
  ratingReceived: 'rating.received',
  /** A complaint changed status or got feedback: notifications and the client's callback (issue 14). */
  complaintStatusChanged: 'complaint.status-changed',
  /** A plain JSON POST to an address (payload: url, body); delivered once by Idempotency-Key. */
  httpPost: 'http.post',
  /** A finished export to push to EXPORT_PUSH_URL (payload: { exportId }). */
  exportPush: 'export.push',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Payload of `complaint.status-changed`: identifiers only; the worker reads the rest at send time. */
export interface ComplaintStatusChanged {
  complaintId: number;
  trackingNo: string;
  eventId: number;
  fromStatus: string | null;
  toStatus: string;
  outcome: string | null;
  /** The complaint action ('accept', 'close', 'feedback' …). */
  action: string;
}

/** Writes one outbox row in the caller's transaction: it exists exactly when the change does. */
export async function writeOutbox(tx: Tx, topic: string, payload: Record<string, unknown>): Promise<number> {
  const [row] = await tx<{ id: number }[]>`INSERT INTO outbox (topic, payload) VALUES (${topic}, ${tx.json(payload as never)}) RETURNING id`;
  if (!row) throw new Error('outbox insert returned nothing');
  return row.id;
}

/**
 * The relay's claim (src/server/queue.ts): pending rows of the given topics, locked until the
 * caller's transaction ends, so two relays never move the same row.
 */
export async function claimOutbox(tx: Tx, topics: readonly string[], limit: number): Promise<OutboxRow[]> {
  return tx<OutboxRow[]>`
    SELECT id, topic, payload, attempts, created_at FROM outbox
     WHERE done_at IS NULL AND topic = ANY(${topics as string[]}::text[])
     ORDER BY id LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
}

export async function markOutboxDone(tx: Tx, ids: readonly number[]): Promise<void> {
  await tx`UPDATE outbox SET done_at = now(), attempts = attempts + 1 WHERE id = ANY(${ids as number[]}::bigint[])`;
}

/** Payload of `complaint.received`: identifiers only, never the complainant's details. */
export interface ComplaintReceived {
  complaintId: number;
  trackingNo: string;
  institutionId: number | null;
  regionCode: string | null;
  category: string;
  acceptDue: string;
}

export interface OutboxRow {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/** Rows to retry are left alone for a while after a failure: 1, 2, 4 … minutes, at most an hour. */
const MAX_BACKOFF_MINUTES = 60;

/**
 * Claims up to `limit` pending rows of `topic`, gives them to `handle`, and marks them done when
 * it resolves. When it throws, every claimed row counts one more attempt and stays pending.
 * Returns how many rows were handled.
 */
export async function processOutbox(topic: Topic, limit: number, handle: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
  return transaction(async (tx) => {
    const rows = await tx<OutboxRow[]>`
      SELECT id, topic, payload, attempts, created_at FROM outbox
       WHERE done_at IS NULL AND topic = ${topic}
         AND (attempts = 0 OR created_at + make_interval(mins => least(${MAX_BACKOFF_MINUTES}, power(2, attempts)::int)) <= now())
       ORDER BY id
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    try {
      await handle(rows);
    } catch {
      await tx`UPDATE outbox SET attempts = attempts + 1 WHERE id = ANY(${ids}::bigint[])`;
      return 0;
    }
    await tx`UPDATE outbox SET done_at = now(), attempts = attempts + 1 WHERE id = ANY(${ids}::bigint[])`;
    return rows.length;
  });
}

export async function pendingCount(topic?: Topic): Promise<number> {
  const [row] = topic
    ? await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND topic = ${topic}`
    : await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`;
  return row?.n ?? 0;
}
