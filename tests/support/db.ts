import { spawnSync } from 'node:child_process';
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

/** Runs `scripts/<script>` (tsx) against the test database `url`; its exit code and all it printed. */
export function runScript(script: string, url: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync('node_modules/.bin/tsx', [`scripts/${script}`, ...args], {
    env: { ...process.env, DATABASE_URL: url, CI: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}
