// The demo's institution portal goes through src/db/portal.ts: one activated account, and a pending,
// an approved (a reply, published) and a rejected submission, decided by the demo district supervisor.
import { describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { DEMO_PORTAL_ACCOUNT } from '../../../src/demo/demo-portal';
import { publishedReplies } from '../../../src/db/portal';
import { verifyPassword } from '../../../src/server/auth';

useTestDatabase();

describe('demo portal', () => {
  it('has an activated account with the documented password and one submission in each decided state', async () => {
    await loadDemoData({ institutions: 200, seed: 3 });
    const [account] = await sql<{ id: number; institutionId: number; hash: string; activated: boolean }[]>`
      SELECT id::int, institution_id::int AS "institutionId", password_hash AS hash, activated_at IS NOT NULL AS activated
        FROM portal_accounts WHERE username = ${DEMO_PORTAL_ACCOUNT.username}`;
    expect(account?.activated).toBe(true);
    expect(await verifyPassword(account!.hash, DEMO_PORTAL_ACCOUNT.password)).toBe(true);
    const states = await sql<{ state: string; kind: string; by: string | null }[]>`
      SELECT s.state, s.kind, sv.username AS by FROM portal_submissions s LEFT JOIN supervisors sv ON sv.id = s.decided_by ORDER BY s.id`;
    expect(states).toEqual([
      { state: 'approved', kind: 'reply', by: 'district' },
      { state: 'rejected', kind: 'hours-prices', by: 'district' },
      { state: 'pending', kind: 'self-inspection', by: null },
    ]);
    expect((await publishedReplies([account!.institutionId])).get(account!.institutionId)).toHaveLength(1);
  }, 120_000);
});
