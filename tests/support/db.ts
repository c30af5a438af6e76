import { inject, beforeAll, afterAll } from 'vitest';
import { connectTo, closeSql, sql } from '../../src/db/client';
import { createDatabase } from './test-cluster';

/**
 * Call at the top of an integration test file: the file gets its own migrated database (a real
 * PostgreSQL, never a mock), and `sql` from src/db/client points at it. Returns its URL, for
 * CLIs spawned by the test (pass it as DATABASE_URL).
 */
export function useTestDatabase(): { url: () => string } {
  let url = '';
  beforeAll(async () => {
    url = await createDatabase(inject('testPgUrl'), inject('testTemplate'));
    await connectTo(url);
  });
  afterAll(async () => {
    await closeSql();
  });
  return { url: () => url };
}

export { sql };
