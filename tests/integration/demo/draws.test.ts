// The demo's 双随机 draw (issue 13 item 6) is made through the draw functions as the demo admin:
// published with results for some items, and it verifies like any published draw.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { loadDemoAccounts } from '../../../src/demo/demo-accounts';
import { loadDemoLifecycle } from '../../../src/demo/lifecycle';
import { publicDraws } from '../../../src/db/draws';
import { drawRecord, verifyDrawRecord } from '../../../src/domain/draw-record';

useTestDatabase();

beforeAll(async () => {
  await loadDemoData({ institutions: 120, seed: 7 });
  await loadDemoAccounts();
  await loadDemoLifecycle();
}, 120_000);

describe('demo draw', () => {
  it('is published, with results for some items, by the demo admin, and verifies', async () => {
    const [only, ...rest] = await publicDraws();
    expect(rest).toEqual([]);
    expect(only?.draw).toMatchObject({ state: 'published', kind: '双随机' });
    expect(only?.draw.title).toMatch(/演示数据/);
    const withResult = only!.items.filter((i) => i.result !== null).length;
    expect(withResult).toBeGreaterThan(0);
    expect(withResult).toBeLessThan(only!.items.length);
    expect(verifyDrawRecord(drawRecord(only!.draw, only!.items)!)).toMatchObject({ ok: true });
    const actors = await sql<{ actor: string }[]>`SELECT DISTINCT actor_name AS actor FROM audit_log WHERE action LIKE 'draw.%'`;
    expect(actors).toEqual([{ actor: 'admin' }]);
    await loadDemoLifecycle();
    expect((await publicDraws()).length).toBe(1);
  });
});
