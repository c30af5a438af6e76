import { hit } from '../db/rate-limits';

/**
 * Login throttling through the shared PostgreSQL rate limits (src/db/rate-limits.ts, fixed
 * windows shared by every server process). True while this attempt is within the limit.
 */
export async function loginAttempt(key: string, limit: number, windowSeconds: number): Promise<boolean> {
  return (await hit(key, limit, windowSeconds)).allowed;
}
