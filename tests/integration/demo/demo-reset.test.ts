// `npm run demo:data -- --reset` (and bench:build, which always resets) on a database with
// supervisors: TRUNCATE regions … CASCADE followed the foreign key supervisors.home_region_code and
// tried to empty supervisors and the append-only audit log, so every reset failed ("audit_log is
// append-only"). The reset now keeps the accounts, their regions and home townships.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { loadDemoAccounts } from '../../../src/demo/demo-accounts';

useTestDatabase();

beforeAll(async () => {
  await loadDemoData({ institutions: 40, seed: 3 });
  await loadDemoAccounts();
}, 120_000);

describe('demo reset', () => {
  it('reloads the demo data and keeps supervisors, their regions, home townships and the audit log', async () => {
    const [township] = await sql<{ code: string }[]>`SELECT code FROM regions WHERE level = 3 ORDER BY code LIMIT 1`;
    // Not a demo account (those are reset to their documented state by every load).
    await sql`INSERT INTO supervisors (username, display_name, password_hash, role, home_region_code)
              VALUES ('inspector.wang', '王检查', 'x', 'district', ${township!.code})`;
    const before = await sql<{ username: string; regions: string[] }[]>`
      SELECT s.username, array_remove(array_agg(sr.region_code ORDER BY sr.region_code), NULL) AS regions
        FROM supervisors s LEFT JOIN supervisor_regions sr ON sr.supervisor_id = s.id GROUP BY s.username ORDER BY s.username`;
    const [{ n: audited }] = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`) as unknown as [{ n: number }];

    const summary = await loadDemoData({ institutions: 40, seed: 3, reset: true });
    expect(summary.institutions).toBe(40);

    const after = await sql<{ username: string; regions: string[] }[]>`
      SELECT s.username, array_remove(array_agg(sr.region_code ORDER BY sr.region_code), NULL) AS regions
        FROM supervisors s LEFT JOIN supervisor_regions sr ON sr.supervisor_id = s.id GROUP BY s.username ORDER BY s.username`;
    expect(after).toEqual(before);
    const [home] = await sql<{ code: string | null }[]>`SELECT home_region_code AS code FROM supervisors WHERE username = 'inspector.wang'`;
    expect(home?.code).toBe(township!.code);
    const [{ n: now }] = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`) as unknown as [{ n: number }];
    expect(now).toBeGreaterThan(audited);
  });
});
