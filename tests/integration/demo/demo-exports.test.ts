// The demo's export ledger is made through the export functions as the demo administrator: an
// earlier penalties export, and a provincial-points export whose older points were entered.
import { describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';

useTestDatabase();

describe('demo exports', () => {
  it('the ledger holds earlier exports by the demo administrator; some points have a provincial entry date, later ones do not', async () => {
    await loadDemoData({ institutions: 300, seed: 7 });
    const ledger = await sql<{ kind: string; rows: number; by: string }[]>`
      SELECT e.kind, e.row_count AS rows, s.username AS by FROM exports e JOIN supervisors s ON s.id = e.created_by ORDER BY e.id`;
    expect(ledger.map((e) => [e.kind, e.by])).toEqual([
      ['penalties', 'admin'],
      ['provincial-points', 'admin'],
    ]);
    expect(ledger.every((e) => e.rows > 0)).toBe(true);
    const [points] = await sql<{ entered: number; open: number; late: string | null }[]>`
      SELECT count(*) FILTER (WHERE provincial_entered_on IS NOT NULL)::int AS entered,
             count(*) FILTER (WHERE provincial_entered_on IS NULL AND status = '有效')::int AS open,
             max(provincial_entered_on)::text AS late
        FROM point_records`;
    expect(points!.entered).toBeGreaterThan(0);
    expect(points!.open).toBeGreaterThan(0);
    const [audit] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('export.run', 'point.provincial_entry')`;
    expect(audit!.n).toBe(3);
  }, 120_000);
});
