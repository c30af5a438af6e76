import { sql } from './client';

/**
 * Rate limits shared by every server process, in PostgreSQL (`rate_limits`): fixed windows,
 * one counter row per key and window, incremented with one upsert.
 *
 * The counters are not worth a disk flush: each statement turns `synchronous_commit` off for its
 * own transaction, so a hit costs no WAL fsync (a crash may forget the last few increments,
 * which is harmless) and holds its row lock only for the statement, not for a flush. That keeps
 * one hot key (every request from one address) from serialising the server.
 *
 * A fixed window lets a client make up to twice the limit across a window boundary; for abuse
 * protection that is acceptable and it needs a single row per key.
 */

export interface LimitSpec {
  /** e.g. "complaint:ip:203.0.113.5" */
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface HitResult {
  key: string;
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/** Windows older than this are deleted now and then; no limit here lasts longer than a day. */
const KEEP_SECONDS = 2 * 86_400;
const CLEANUP_PROBABILITY = 1 / 1000;

/** Counts one hit on every key (one statement) and says, per key, whether it is within limit. */
export async function hitAll(specs: readonly LimitSpec[]): Promise<HitResult[]> {
  if (specs.length === 0) return [];
  const unique = [...new Map(specs.map((s) => [s.key, s])).values()];
  for (const s of unique) {
    if (!Number.isInteger(s.windowSeconds) || s.windowSeconds < 1 || s.windowSeconds > 86_400) {
      throw new RangeError(`限流时间窗应为1秒到1天：${s.windowSeconds}`);
    }
  }
  const rows = await sql<{ key: string; count: number; elapsed: number }[]>`
    WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
    INSERT INTO rate_limits AS r (key, window_start, count)
    SELECT k, to_timestamp(floor(extract(epoch FROM now()) / w) * w), 1
      FROM async_commit, unnest(${unique.map((s) => s.key)}::text[], ${unique.map((s) => s.windowSeconds)}::int[]) AS t(k, w)
    ON CONFLICT (key, window_start) DO UPDATE SET count = r.count + 1
    RETURNING key, count, extract(epoch FROM now() - window_start)::float8 AS elapsed`;
  if (Math.random() < CLEANUP_PROBABILITY) void cleanup().catch(() => {});
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return specs.map((s) => {
    const row = byKey.get(s.key);
    const count = row?.count ?? 0;
    const elapsed = row?.elapsed ?? 0; // seconds since the window started
    return {
      key: s.key,
      allowed: count <= s.limit,
      count,
      limit: s.limit,
      retryAfterSeconds: Math.max(1, Math.ceil(s.windowSeconds - elapsed)),
    };
  });
}

/** One key: `hit('login:ip:…', 10, 900)`; `allowed` is false once the limit is passed. */
export async function hit(key: string, limit: number, windowSeconds: number): Promise<HitResult> {
  const [result] = await hitAll([{ key, limit, windowSeconds }]);
  return result!;
}

/** Deletes windows that ended long ago. */
export async function cleanup(): Promise<number> {
  const r = await sql`DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => ${KEEP_SECONDS})`;
  return r.count;
}
