import { sql } from './client';

/**
 * Rate limits shared by every server process, in PostgreSQL (`rate_limits`): fixed windows,
 * one counter row per key and window, incremented with an upsert.
 *
 * The counters are not worth a disk flush: each statement turns `synchronous_commit` off for its
 * own transaction, so a hit costs no WAL fsync (a crash may forget the last few increments,
 * which is harmless) and holds its row lock only for the statement, not for a flush.
 *
 * Two ways to count:
 * - `hit` / `hitAll`: every hit is one increment in the database (login attempts).
 * - `Limiter.admit`: capacity is *leased* from the database in blocks, so a busy key (thousands
 *   of complaints a second from one address, as in the benchmark) does not cost a statement per
 *   request. A process reserves L hits in one increment (`count + L`) and admits up to L
 *   requests locally. The database count is therefore always at least what every process has
 *   admitted, so the limit holds across processes; the only error is on the safe side (leased,
 *   unused hits still count). L starts at 1 for every key and window and doubles while the key
 *   stays busy, but never exceeds an eighth of what is left below the limit: a key with a small
 *   limit (20 a minute) is counted hit by hit, exactly as with `hit`. Once the limit is reached,
 *   the process refuses the key without asking the database until the window ends.
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
  /** Hits counted in the database for the current window (leased ones included). */
  count: number;
  limit: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/** Windows older than this are deleted now and then; no limit here lasts longer than a day. */
const KEEP_SECONDS = 2 * 86_400;
const CLEANUP_PROBABILITY = 1 / 1000;

interface Increment {
  key: string;
  windowSeconds: number;
  by: number;
}

interface Counted {
  key: string;
  /** The count after this increment. */
  count: number;
  /** Window start, seconds since the epoch (the database's clock). */
  windowStart: number;
  /** Seconds since the window started. */
  elapsed: number;
}

/** Adds `by` to each key's counter in the current window, in one statement. */
async function increment(items: readonly Increment[]): Promise<Map<string, Counted>> {
  for (const s of items) {
    if (!Number.isInteger(s.windowSeconds) || s.windowSeconds < 1 || s.windowSeconds > 86_400) {
      throw new RangeError(`限流时间窗应为1秒到1天：${s.windowSeconds}`);
    }
  }
  const rows = await sql<Counted[]>`
    WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
    INSERT INTO rate_limits AS r (key, window_start, count)
    SELECT k, to_timestamp(floor(extract(epoch FROM now()) / w) * w), n
      FROM async_commit, unnest(${items.map((s) => s.key)}::text[], ${items.map((s) => s.windowSeconds)}::int[], ${items.map((s) => s.by)}::int[]) AS t(k, w, n)
    ON CONFLICT (key, window_start) DO UPDATE SET count = r.count + EXCLUDED.count
    RETURNING key, count, extract(epoch FROM window_start)::float8 AS "windowStart",
              extract(epoch FROM now() - window_start)::float8 AS elapsed`;
  if (Math.random() < CLEANUP_PROBABILITY) void cleanup().catch(() => {});
  return new Map(rows.map((r) => [r.key, r]));
}

const retryAfter = (windowSeconds: number, elapsed: number) => Math.max(1, Math.ceil(windowSeconds - elapsed));

function uniqueByKey<T extends { key: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((s) => [s.key, s])).values()];
}

/** Counts one hit on every key (one statement) and says, per key, whether it is within limit. */
export async function hitAll(specs: readonly LimitSpec[]): Promise<HitResult[]> {
  if (specs.length === 0) return [];
  const counted = await increment(uniqueByKey(specs).map((s) => ({ key: s.key, windowSeconds: s.windowSeconds, by: 1 })));
  return specs.map((s) => {
    const row = counted.get(s.key);
    const count = row?.count ?? 0;
    return { key: s.key, allowed: count <= s.limit, count, limit: s.limit, retryAfterSeconds: retryAfter(s.windowSeconds, row?.elapsed ?? 0) };
  });
}

/** One key: `hit('login:ip:…', 10, 900)`; `allowed` is false once the limit is passed. */
export async function hit(key: string, limit: number, windowSeconds: number): Promise<HitResult> {
  const [result] = await hitAll([{ key, limit, windowSeconds }]);
  if (!result) throw new Error('the rate limit returned no row');
  return result;
}

/** The count of `key` in the current window, without counting a hit (0 when there is none). */
export async function countOf(key: string, windowSeconds: number): Promise<number> {
  const [row] = await sql<{ count: number }[]>`
    SELECT count FROM rate_limits
     WHERE key = ${key} AND window_start = to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds})`;
  return row?.count ?? 0;
}

/** Deletes windows that ended long ago. */
export async function cleanup(): Promise<number> {
  const r = await sql`DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => ${KEEP_SECONDS})`;
  return r.count;
}

// ---------------------------------------------------------------------------------------------
// Leased counting

interface Lease {
  /** Window start (database clock, epoch seconds) the lease belongs to. */
  windowStart: number;
  /** When the window ends, on this process's clock (ms). */
  endsAt: number;
  /** Hits reserved in the database and not yet used here. */
  left: number;
  /** Size of the next reservation. */
  size: number;
  /** The database count after the last reservation. */
  count: number;
  /** The limit is reached: refuse until the window ends. */
  full: boolean;
}

export class Limiter {
  /** Leases by key: a cache of reserved capacity (losing it only wastes what was reserved). */
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly maxLease = 64) {}

  /**
   * Admits one request on every key, or refuses it. Keys that have leased capacity left cost no
   * statement; the others are reserved together in one statement.
   */
  async admit(specs: readonly LimitSpec[]): Promise<HitResult[]> {
    const now = Date.now();
    const unique = uniqueByKey(specs);
    const results = new Map<string, HitResult>();
    const fetch: (LimitSpec & { by: number })[] = [];
    for (const s of unique) {
      const lease = this.leases.get(s.key);
      const current = lease && now < lease.endsAt ? lease : undefined;
      // Answered from the lease: refused while it is full, admitted while reserved hits are left.
      const fromLease = (lease: Lease, allowed: boolean): HitResult => ({
        key: s.key,
        allowed,
        count: lease.count,
        limit: s.limit,
        retryAfterSeconds: Math.max(1, Math.ceil((lease.endsAt - now) / 1000)),
      });
      if (current?.full) {
        results.set(s.key, fromLease(current, false));
      } else if (current && current.left > 0) {
        current.left -= 1;
        results.set(s.key, fromLease(current, true));
      } else {
        const remaining = s.limit - (current?.count ?? 0);
        const size = current ? Math.min(current.size * 2, this.maxLease, Math.max(1, Math.floor(remaining / 8))) : 1;
        fetch.push({ ...s, by: Math.max(1, size) });
      }
    }
    if (fetch.length > 0) {
      const counted = await increment(fetch.map((s) => ({ key: s.key, windowSeconds: s.windowSeconds, by: s.by })));
      const after = Date.now();
      for (const s of fetch) {
        const row = counted.get(s.key);
        if (!row) throw new Error(`the rate limit returned no row for ${s.key}`);
        // This reservation covers hits (row.count - by, row.count]; those above the limit are not usable.
        const usable = Math.max(0, Math.min(s.by, s.limit - (row.count - s.by)));
        const endsAt = after + (s.windowSeconds - row.elapsed) * 1000;
        const previous = this.leases.get(s.key);
        const sameWindow = previous && previous.windowStart === row.windowStart;
        const lease: Lease = {
          windowStart: row.windowStart,
          endsAt,
          left: (sameWindow ? previous.left : 0) + Math.max(0, usable - 1),
          size: s.by,
          count: Math.max(row.count, sameWindow ? previous.count : 0),
          full: usable === 0,
        };
        this.leases.set(s.key, lease);
        results.set(s.key, { key: s.key, allowed: usable > 0, count: row.count, limit: s.limit, retryAfterSeconds: retryAfter(s.windowSeconds, row.elapsed) });
      }
      if (this.leases.size > 10_000) this.forgetEnded(after);
    }
    return specs.map((s) => {
      const r = results.get(s.key);
      if (!r) throw new Error(`no rate-limit answer for ${s.key}`);
      return r;
    });
  }

  private forgetEnded(now: number): void {
    for (const [key, lease] of this.leases) if (lease.endsAt <= now) this.leases.delete(key);
  }
}

/** The intake's limiter (one per server process). */
export const intakeLimiter = new Limiter();
