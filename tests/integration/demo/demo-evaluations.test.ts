// The demo's evaluations go through the submission and approval path (issue 12 item 1): entered
// by the demo district account, approved by the demo admin, and stored with exactly the levels,
// reasons, review states and downgrades the generator computed.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { collectDemo } from '../../../src/demo/factory';

useTestDatabase();
const N = 120;
const SEED = 7;

beforeAll(async () => {
  await loadDemoData({ institutions: N, seed: SEED });
}, 120_000);

describe('demo evaluations', () => {
  it('are all approved submissions: entered by district, approved by admin', async () => {
    const [c] = await sql<{ evaluations: number; approved: number; other: number }[]>`
      SELECT (SELECT count(*) FROM evaluations)::int AS evaluations,
             (SELECT count(*) FROM evaluation_submissions s JOIN supervisors en ON en.id = s.entered_by JOIN supervisors de ON de.id = s.decided_by
               WHERE s.state = '已批准' AND en.username = 'district' AND de.username = 'admin' AND s.evaluation_id IS NOT NULL)::int AS approved,
             (SELECT count(*) FROM evaluation_submissions WHERE state <> '已批准')::int AS other`;
    expect(c!.evaluations).toBeGreaterThan(0);
    expect(c).toEqual({ evaluations: c!.evaluations, approved: c!.evaluations, other: 0 });
    expect(await sql`SELECT 1 FROM audit_log WHERE action = 'evaluation.approve' AND actor_name = 'admin'`).not.toHaveLength(0);
  });

  it('store what the generator computed (levels, reasons, review states, downgrades, posters)', async () => {
    const rows = collectDemo(SEED, N);
    const key = (i: number, y: number) => `${i}|${y}`;
    const stored = await sql<
      { id: number; institution_id: number; year: number; level: string; reasons: string[]; review_status: string; standardized_score: number }[]
    >`
      SELECT id, institution_id, year::int AS year, level, reasons, review_status, standardized_score FROM evaluations`;
    const byKey = new Map(stored.map((e) => [key(e.institution_id, e.year), e]));
    expect(stored).toHaveLength(rows.evaluations.length);
    for (const e of rows.evaluations) {
      expect(byKey.get(key(e.institution_id, e.year)), `${e.institution_id} ${e.year}`).toMatchObject({
        level: e.level,
        reasons: e.reasons,
        review_status: e.review_status,
        standardized_score: e.standardized_score,
      });
    }
    // Downgrades and the poster versions they raise are checked in demo-downgrades.test.ts (src/demo/demo-downgrades.ts).
  });
});
