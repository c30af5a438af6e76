// Issue 16 item 1 (incremental publish, "what changed"): the triggers of migration 0019 record
// which institutions' public inputs changed, and every table that carries an institution id is
// either tracked or listed, with its reason, as untracked.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { copyRows } from '../../../src/db/demo-write';
import { changesSince, currentChangeSeq, pruneChanges, UNTRACKED_INSTITUTION_TABLES } from '../../../src/db/publish-changes';

useTestDatabase();
let w: World;

beforeAll(async () => {
  w = await makeWorld();
});

async function triggerTables(): Promise<Set<string>> {
  const rows = await sql<{ table: string }[]>`
    SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE NOT t.tgisinternal AND t.tgname LIKE 'publish\_%'`;
  return new Set(rows.map((r) => r.table));
}

describe('publish_changes triggers', () => {
  it('every table with an institution_id column is tracked or in the documented exclusion list', async () => {
    const withColumn = await sql<{ table: string }[]>`
      SELECT table_name AS table FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name = 'institution_id' AND table_name <> 'publish_changes'
       ORDER BY 1`;
    expect(withColumn.length).toBeGreaterThan(15);
    const tracked = await triggerTables();
    const missing = withColumn.map((r) => r.table).filter((t) => !tracked.has(t) && !(t in UNTRACKED_INSTITUTION_TABLES));
    expect(missing).toEqual([]);
    // An exclusion that became tracked (or no longer exists) is stale.
    const names = new Set(withColumn.map((r) => r.table));
    for (const t of Object.keys(UNTRACKED_INSTITUTION_TABLES)) {
      expect(names.has(t), t).toBe(true);
      expect(tracked.has(t), t).toBe(false);
    }
  });

  it('the institutions themselves, child tables through their parent, and the global tables are tracked', async () => {
    const tracked = await triggerTables();
    for (const t of [
      'institutions',
      'downgrades',
      'typical_cases',
      'staff_commitments',
      'point_appeals',
      'regions',
      'site_settings',
      'draws',
      'county_settings',
    ]) {
      expect(tracked.has(t), t).toBe(true);
    }
  });

  it('a new penalty names its institution; nothing else', async () => {
    const before = await currentChangeSeq();
    expect(await changesSince(before)).toEqual({ seq: before, codes: [], global: [] });
    await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, shown_until)
              VALUES (${w.instA}, '青卫医罚〔2026〕900号', '2026-03-01', '未按规定公示', '《医疗机构管理条例》', '警告', '2026-06-01')`;
    const c = await changesSince(before);
    expect(c.codes).toEqual(['TSTA01']);
    expect(c.global).toEqual([]);
    expect(BigInt(c.seq)).toBeGreaterThan(BigInt(before));
    expect(c.seq).toBe(await currentChangeSeq());
    // Read from the seq returned: nothing new.
    expect((await changesSince(c.seq)).codes).toEqual([]);
  });

  it('an update that moves rows between institutions names both; one statement over many rows is one row per institution', async () => {
    const before = await currentChangeSeq();
    await sql`UPDATE penalties SET institution_id = ${w.instB} WHERE decision_no = '青卫医罚〔2026〕900号'`;
    expect((await changesSince(before)).codes).toEqual(['TSTA01', 'TSTB01']);
    const mid = await currentChangeSeq();
    await sql`UPDATE institutions SET address = coalesce(address, '') WHERE id IN (${w.instA}, ${w.instB})`;
    const rows = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM publish_changes WHERE seq > ${mid}::bigint`;
    expect(rows[0]!.n).toBe(2);
  });

  it('a child table without an institution id names the institution of its parent (a downgrade through its evaluation)', async () => {
    const [e] = await sql<{ id: number }[]>`
      INSERT INTO evaluations (institution_id, year, actual_score, standardized_score, score_level, level, evaluated_on)
      VALUES (${w.instB}, 2025, 95, 95, '优秀', '优秀', '2025-12-01') RETURNING id`;
    const before = await currentChangeSeq();
    await sql`INSERT INTO downgrades (evaluation_id, decided_on, notice_no, from_level, to_level, reason)
              VALUES (${e!.id}, '2026-02-01', '青卫降〔2026〕900号', '优秀', '合格', '测试')`;
    expect(await changesSince(before)).toMatchObject({ codes: ['TSTB01'], global: [] });
  });

  it('a global table (site settings) is named as global; a deleted institution has no code left', async () => {
    const before = await currentChangeSeq();
    await sql`INSERT INTO site_settings (key, value) VALUES ('publish-changes-test', '1'::jsonb)`;
    const [i] = await sql<{ id: number }[]>`
      INSERT INTO institutions (code, registration_no, name, region_code, type) SELECT 'TSTDEL', 'DEL-1', '将删除的机构', region_code, type FROM institutions WHERE id = ${w.instA} RETURNING id`;
    await sql`DELETE FROM institutions WHERE id = ${i!.id}`;
    const c = await changesSince(before);
    expect(c.global).toEqual(['site_settings']);
    expect(c.codes).toEqual([]);
  });

  it('rows streamed with COPY (the demo loader and bulk imports) are recorded too', async () => {
    const before = await currentChangeSeq();
    await sql.begin((tx) =>
      copyRows(
        tx as unknown as typeof sql,
        'staff',
        ['institution_id', 'name', 'profession'],
        [
          { institution_id: w.instA, name: '张医生', profession: '医师' },
          { institution_id: w.instB, name: '李护士', profession: '护士' },
        ],
      ),
    );
    expect((await changesSince(before)).codes).toEqual(['TSTA01', 'TSTB01']);
  });

  it('the position waits for a write still in flight: a transaction that commits later is not skipped', async () => {
    const before = await currentChangeSeq();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    // T1 writes (its seq is taken now) and stays open; T2 writes after it and commits first.
    const t1 = sql.begin(async (tx) => {
      await tx`UPDATE institutions SET address = coalesce(address, '') WHERE id = ${w.instA}`;
      wrote();
      await held;
    });
    await written;
    await sql`UPDATE institutions SET address = coalesce(address, '') WHERE id = ${w.instB}`;
    let settled = false;
    const position = currentChangeSeq().then((p) => ((settled = true), p));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    release();
    await t1;
    const pos = await position;
    expect((await changesSince(before)).codes).toEqual(['TSTA01', 'TSTB01']);
    // Both are covered by the position: a publish that recorded it has seen T1 too.
    expect((await changesSince(pos)).codes).toEqual([]);
  });

  it('complaints (an excluded table) record nothing; pruning removes rows up to a seq', async () => {
    const before = await currentChangeSeq();
    await sql`UPDATE complaints SET description = description WHERE id = ${w.complaintA}`;
    expect(await currentChangeSeq()).toBe(before);
    const removed = await pruneChanges(before);
    expect(removed).toBeGreaterThan(0);
    const [left] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM publish_changes WHERE seq <= ${before}::bigint`;
    expect(left?.n).toBe(0);
  });
});
