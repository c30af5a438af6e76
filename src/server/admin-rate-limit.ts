import { sql } from '../db/client';

/**
 * Login throttling against the shared `rate_limits` table (fixed windows, shared by every server
 * process). ADAPTER: the intake area's src/db/rate-limits.ts `hit(key, limit, windowSeconds)`
 * is meant to be the one implementation; until it exists this does the same with one
 * statement, and it can be replaced by a call to `hit` without changing callers.
 *
 * Returns true while the attempt is within the limit (this attempt counted).
 */
export async function loginAttempt(key: string, limit: number, windowSeconds: number): Promise<boolean> {
  const [row] = await sql<{ count: number }[]>`
    INSERT INTO rate_limits (key, window_start, count)
    VALUES (${key}, to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
    RETURNING count`;
  return (row?.count ?? 0) <= limit;
}
