// The demo's clinic-page items (issue 15) go through src/db/clinic-board.ts as the demo
// administrator, audit-logged: hours for every practising institution, radiology where a 医学影像科
// is, 双承诺, quarterly self-inspections — with some overdue devices so the page's mark shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { loadRadiology } from '../../../src/db/clinic-board';
import { radiologyView } from '../../../src/domain/clinic-board';

useTestDatabase();

beforeAll(async () => {
  await loadDemoData({ institutions: 150, seed: 3 });
}, 180_000);

describe('demo clinic page items', () => {
  it('are entered through the db functions by the administrator, and cover what the page shows', async () => {
    const [hours] = await sql<{ missing: number }[]>`SELECT count(*)::int AS missing FROM institutions WHERE status = '执业' AND opening_hours IS NULL`;
    expect(hours!.missing).toBe(0);
    const actions = await sql<{ action: string; n: number }[]>`
      SELECT action, count(*)::int AS n FROM audit_log WHERE actor_name = 'admin' AND reason = '演示数据' GROUP BY action`;
    const by = Object.fromEntries(actions.map((a) => [a.action, a.n]));
    expect(by['institution.hours-prices']).toBeGreaterThan(0);
    expect(by['institution.radiology']).toBeGreaterThan(0);
    expect(by['staff.commitment']).toBeGreaterThan(0);
    expect(by['self-inspection.record']).toBeGreaterThan(0);
    const rad = [...(await loadRadiology(null)).values()].map((r) => radiologyView(r, '2026-11-20'));
    expect(rad.length).toBeGreaterThan(0);
    expect(rad.some((r) => r?.devices.some((d) => d.flagged))).toBe(true);
    const [kinds] = await sql<{ quarterly: number }[]>`SELECT count(*)::int AS quarterly FROM self_inspections WHERE kind = '季度常规'`;
    expect(kinds!.quarterly).toBeGreaterThan(0);
  });
});
