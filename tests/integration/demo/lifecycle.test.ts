// The demo's lifecycle records (issue 12 items 6, 8, 10) go through the supervisor area's db
// functions as the demo accounts: proposed by the district account, approved by the admin,
// statuses changed with history, cases published; and the step runs only once.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { loadDemoAccounts } from '../../../src/demo/demo-accounts';
import { loadDemoLifecycle } from '../../../src/demo/lifecycle';

useTestDatabase();
const NOW = new Date('2026-12-06T04:00:00Z');
const count = async (q: Promise<{ n: number }[]>): Promise<number> => (await q)[0]!.n;

beforeAll(async () => {
  await loadDemoData({ institutions: 120, seed: 7 });
  await loadDemoAccounts();
  await loadDemoLifecycle(NOW);
}, 120_000);

describe('demo lifecycle', () => {
  it('dishonesty entries are proposed by the district account and decided by the admin', async () => {
    const rows = await sql<{ state: string; proposer: string; decider: string; decisionNo: string }[]>`
      SELECT d.state, p.username AS proposer, a.username AS decider, d.decision_no AS "decisionNo"
        FROM serious_dishonesty d JOIN supervisors p ON p.id = d.proposed_by JOIN supervisors a ON a.id = d.decided_by ORDER BY d.id`;
    expect(rows.map((r) => [r.state, r.proposer, r.decider])).toEqual([
      ['listed', 'district', 'admin'],
      ['repaired', 'district', 'admin'],
    ]);
    expect(await count(sql<{ n: number }[]>`SELECT count(*)::int AS n FROM serious_dishonesty WHERE proposed_by IS NULL`)).toBe(0);
  });

  it('one 吊销 and one 歇业 institution are made through the status change, with history and audit', async () => {
    const changes = await sql<{ to: string; status: string }[]>`
      SELECT c.to_status AS to, i.status FROM institution_status_changes c JOIN institutions i ON i.id = c.institution_id ORDER BY c.id`;
    expect(changes).toEqual([
      { to: '吊销', status: '吊销' },
      { to: '歇业', status: '歇业' },
    ]);
    expect(await count(sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'institution.status' AND actor_name = 'admin'`)).toBe(2);
  });

  it('two published cases; running again changes nothing', async () => {
    const cases = await sql<{ status: string }[]>`SELECT status FROM typical_cases`;
    expect(cases.map((c) => c.status)).toEqual(['published', 'published']);
    await loadDemoLifecycle(NOW);
    expect(await count(sql<{ n: number }[]>`SELECT count(*)::int AS n FROM typical_cases`)).toBe(2);
  });
});
