import { transaction } from './client';
import { findAnswer, type StoredAnswer } from './idempotency';
import { TOPICS } from './outbox';

/**
 * Saving a rating: at most one per institution per device per window (30 days), checked and
 * written under an advisory lock on (institution, device) so two quick taps cannot both pass
 * the check. A comment is stored as written and waits for moderation (待审核); nothing of it is
 * public until a supervisor approves a redacted copy.
 */

export interface NewRating {
  institutionId: number;
  stars: number;
  comment: string | null;
  /** HMAC of the device identity (never the raw cookie, app id or address). */
  deviceHash: string;
}

export type RatingSaveResult = { kind: 'created'; id: number } | { kind: 'already_rated'; ratedAt: Date } | { kind: 'existing'; stored: StoredAnswer };

export async function insertRating(
  r: NewRating,
  windowDays: number,
  idem: { key: string; scope: string; answer: Record<string, unknown> } | null,
): Promise<RatingSaveResult> {
  const saved = await transaction(async (tx): Promise<RatingSaveResult | null> => {
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`rating:${r.institutionId}:${r.deviceHash}`}, 0))`;
    if (idem) {
      const [prior] = await tx<StoredAnswer[]>`SELECT scope, status, response FROM idempotency_keys WHERE key = ${idem.key}`;
      if (prior) return { kind: 'existing', stored: prior } as const;
    }
    const [recent] = await tx<{ created_at: Date }[]>`
      SELECT created_at FROM ratings
       WHERE institution_id = ${r.institutionId} AND device_hash = ${r.deviceHash}
         AND created_at > now() - make_interval(days => ${windowDays})
       ORDER BY created_at DESC LIMIT 1`;
    if (recent) return { kind: 'already_rated', ratedAt: recent.created_at } as const;
    if (idem) {
      const claimed = await tx`
        INSERT INTO idempotency_keys (key, scope, status, response)
        VALUES (${idem.key}, ${idem.scope}, 201, ${tx.json(idem.answer as never)})
        ON CONFLICT (key) DO NOTHING RETURNING key`;
      if (claimed.length === 0) return null; // the same key from another device, committed meanwhile
    }
    const [row] = await tx<[{ id: number }]>`
      INSERT INTO ratings (institution_id, stars, comment, comment_status, device_hash)
      VALUES (${r.institutionId}, ${r.stars}, ${r.comment}, ${r.comment ? '待审核' : '无'}, ${r.deviceHash})
      RETURNING id`;
    if (r.comment) {
      await tx`INSERT INTO outbox (topic, payload)
               VALUES (${TOPICS.ratingReceived}, ${tx.json({ ratingId: row.id, institutionId: r.institutionId })})`;
    }
    return { kind: 'created', id: row.id } as const;
  });
  if (saved) return saved;
  // Only a key claimed by another request meanwhile leaves nothing saved.
  if (!idem) throw new Error('a rating without a key was neither saved nor refused');
  return replayAfterRace(idem.key);
}

async function replayAfterRace(key: string): Promise<RatingSaveResult> {
  const stored = await findAnswer(key);
  if (!stored) throw new Error('idempotency answer vanished');
  return { kind: 'existing', stored };
}
