// 双随机 draws against PostgreSQL (issue 13 items 3–5): hash first, candidates frozen, the seed kept
// secret until the draw, the list recomputable, results recorded into inspections, every step audited.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeSupervisor, makeWorld, COUNTY, TOWN_A, TOWN_B, type World } from '../handlers/admin/world';
import {
  addRecusal,
  cancelDraw,
  createDraw,
  getDraw,
  itemsOfDraw,
  listDraws,
  performDraw,
  publicDraws,
  publishDrawResults,
  publishSeedHash,
  recordDrawResult,
  setInspectorFields,
} from '../../../src/db/draws';
import { defaultPlan, runDraw, seedHashOf } from '../../../src/domain/draw';
import type { Actor } from '../../../src/domain/roles';

useTestDatabase();
let w: World;
let inspectors: Actor[];
const TODAY = '2099-12-31';

beforeAll(async () => {
  w = await makeWorld();
  for (let n = 0; n < 8; n += 1)
    await sql`INSERT INTO institutions (code, registration_no, name, region_code, type, risk_grade, hospital_grade)
              VALUES (${`DRW${n}`}, ${`REG-D${n}`}, ${`抽查机构${n}`}, ${n % 2 ? TOWN_A : TOWN_B}, ${n < 2 ? '医院' : '诊所'}, '中', ${n < 2 ? '二级甲等' : null})`;
  inspectors = [];
  for (let n = 0; n < 4; n += 1) {
    const s = await makeSupervisor(`t.insp${n}`, 'district', [TOWN_A]);
    await setInspectorFields(w.admin, s.id, `ZF-${n}`, n === 0 ? TOWN_A : null, null);
    inspectors.push(s);
  }
});

const plan = { rules: [{ match: '*', percent: 50 }], inspectorsPerItem: 2 };

/** A self-inspection draw with the seed-002 default plan, hash published and drawn. */
async function drawnWith(title: string, kind: '自查材料调取' | '现场核查', parentDrawId: number | null) {
  const id = await createDraw(w.admin, { year: 2026, title, kind, regionCode: COUNTY, plan: defaultPlan(kind), parentDrawId }, null);
  await publishSeedHash(w.admin, id, null, null);
  await performDraw(w.admin, id, null, null);
  return { id, items: await itemsOfDraw(w.admin, id) };
}

describe('draws', () => {
  it('only administrators create and act; a bad plan is refused in Chinese', async () => {
    const input = { year: 2026, title: '测试抽查', kind: '双随机' as const, regionCode: COUNTY, plan, parentDrawId: null };
    await expect(createDraw(w.districtA, input, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(createDraw(w.admin, { ...input, plan: { ...plan, inspectorsPerItem: 1 } }, null)).rejects.toThrow(/至少 2 名/);
    await expect(createDraw(w.admin, { ...input, regionCode: '999999' }, null)).rejects.toThrow(/找不到行政区划/);
    await expect(createDraw(w.admin, { ...input, kind: '现场核查' }, null)).rejects.toThrow(/现场核查必须选择/);
  });

  it('publishes the hash first, keeps the seed secret, draws exactly what draw-v1 computes, records and publishes results', async () => {
    const id = await createDraw(w.admin, { year: 2026, title: '2026年双随机抽查', kind: '双随机', regionCode: COUNTY, plan, parentDrawId: null }, null);
    await expect(performDraw(w.admin, id, null, null)).rejects.toThrow(/请先公布种子哈希/);
    await addRecusal(w.admin, inspectors[1]!.id, 'DRW1', '近亲属在该机构工作', null);
    await publishSeedHash(w.admin, id, null, null);
    await expect(publishSeedHash(w.admin, id, null, null)).rejects.toMatchObject({ kind: 'conflict' });
    const before = await getDraw(w.admin, id);
    expect(before).toMatchObject({ state: 'hash-published', seed: null, serverSeed: true });
    expect(before?.seedHash).toMatch(/^[0-9a-f]{64}$/);
    // Public before the draw: the hash, nothing else.
    const pub = (await publicDraws()).find((d) => d.draw.id === id);
    expect(pub?.draw).toMatchObject({ seedHash: before?.seedHash, seed: null, candidates: null });
    expect(pub?.items).toEqual([]);
    // Candidates changed after the hash: not seen by the draw.
    await sql`INSERT INTO institutions (code, registration_no, name, region_code) VALUES ('LATE01', 'REG-LATE', '后来的诊所', ${TOWN_A})`;

    expect(await performDraw(w.admin, id, null, null)).toBeGreaterThan(0);
    await expect(performDraw(w.admin, id, null, null)).rejects.toThrow(/不能重抽/);
    await expect(cancelDraw(w.admin, id, '想重抽', null)).rejects.toThrow(/不能取消/);
    const [frozen] = await sql<{ seed: string; candidates: never }[]>`SELECT seed, candidates FROM draws WHERE id = ${id}`;
    expect(seedHashOf(frozen!.seed)).toBe(before?.seedHash);
    const items = await itemsOfDraw(w.admin, id);
    const recomputed = runDraw('双随机', plan, frozen!.candidates, frozen!.seed);
    expect(items.map((i) => [i.code, i.stratum, i.inspectors.map((p) => p.enforcementNo)])).toEqual(recomputed.map((i) => [i.code, i.stratum, i.inspectors]));
    expect(items.some((i) => i.code === 'LATE01')).toBe(false);
    // Exclusions held: ZF-0 lives in 甲镇; ZF-1 recused from DRW1.
    for (const item of items) {
      const township = item.code === 'TSTA01' || ['DRW1', 'DRW3', 'DRW5', 'DRW7'].includes(item.code) ? TOWN_A : TOWN_B;
      if (township === TOWN_A) expect(item.inspectors.map((p) => p.enforcementNo)).not.toContain('ZF-0');
      if (item.code === 'DRW1') expect(item.inspectors.map((p) => p.enforcementNo)).not.toContain('ZF-1');
    }

    const first = items[0]!;
    const result = {
      inspectedOn: '2099-01-05',
      result: '责令改正' as const,
      findingCodes: [3, 7],
      findingsText: '处方书写不规范',
      inspectorIds: first.inspectors.map((p) => p.id),
    };
    await expect(recordDrawResult(w.admin, first.id, { ...result, inspectorIds: [inspectors[0]!.id] }, TODAY, null)).rejects.toThrow(/至少两名/);
    await expect(recordDrawResult(w.admin, first.id, { ...result, inspectedOn: '2000-01-01' }, TODAY, null)).rejects.toThrow(/不能早于抽取日期/);
    await expect(recordDrawResult(w.admin, first.id, { ...result, inspectorIds: [w.viewer.id, w.admin.id] }, TODAY, null)).rejects.toThrow(/执法证号/);
    await recordDrawResult(w.admin, first.id, result, TODAY, null);
    await expect(recordDrawResult(w.admin, first.id, result, TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
    const [inspection] = await sql`SELECT kind, result, finding_codes, (SELECT count(*)::int FROM inspection_inspectors ii WHERE ii.inspection_id = n.id) AS n
                                     FROM inspections n WHERE draw_item_id = ${first.id}`;
    expect(inspection).toMatchObject({ kind: '双随机', result: '责令改正', finding_codes: [3, 7], n: 2 });

    // Drawn but not published: still only the hash is public.
    expect((await publicDraws()).find((d) => d.draw.id === id)?.draw.seed).toBeNull();
    await publishDrawResults(w.admin, id, null);
    const after = (await publicDraws()).find((d) => d.draw.id === id);
    expect(after?.draw.seed).toBe(frozen!.seed);
    expect(after?.items[0]?.result).toMatchObject({ result: '责令改正', findingCodes: [3, 7] });
    expect(after?.draw.candidates?.institutions.length).toBeGreaterThan(0);

    const audit = await sql<
      { action: string }[]
    >`SELECT action FROM audit_log WHERE action LIKE 'draw.%' AND (target_id = ${String(id)} OR target_kind = 'draw_item') ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(['draw.create', 'draw.publish-hash', 'draw.run', 'draw.result', 'draw.publish']);
    expect((await listDraws(w.viewer)).some((d) => d.id === id)).toBe(true);
    expect((await listDraws(w.districtB)).some((d) => d.id === id)).toBe(false);
  });

  it('takes the commission’s own seed: only its hash first, the seed typed at the draw and checked', async () => {
    const id = await createDraw(w.admin, { year: 2026, title: '自带种子', kind: '双随机', regionCode: COUNTY, plan, parentDrawId: null }, null);
    const seed = '委员会自己掷骰子得到的种子 2026-03-01';
    await publishSeedHash(w.admin, id, seedHashOf(seed), null);
    expect(await getDraw(w.admin, id)).toMatchObject({ serverSeed: false });
    await expect(performDraw(w.admin, id, null, null)).rejects.toThrow(/请输入种子/);
    await expect(performDraw(w.admin, id, `${seed}!`, null)).rejects.toThrow(/与抽取前公布的哈希不符/);
    await performDraw(w.admin, id, seed, null);
    expect(await getDraw(w.admin, id)).toMatchObject({ state: 'drawn', seed });
  });

  it('samples self-inspection files (50 % / 20 %) and checks ≥ 20 % of them on site', async () => {
    const { id: files, items } = await drawnWith('自查材料调取', '自查材料调取', null);
    expect(items.filter((i) => i.stratum === '二级以上')).toHaveLength(1); // 50 % of the 2 二级 hospitals
    const lower = items.filter((i) => i.stratum === '一级及以下').length;
    expect(lower).toBeGreaterThanOrEqual(2);
    const { items: checked } = await drawnWith('现场核查', '现场核查', files);
    expect(checked.length).toBe(Math.ceil(items.length * 0.2));
    expect(checked.every((c) => items.some((i) => i.code === c.code))).toBe(true);
    await recordDrawResult(
      w.admin,
      checked[0]!.id,
      { inspectedOn: '2099-02-01', result: '未发现问题', findingCodes: [], findingsText: null, inspectorIds: checked[0]!.inspectors.map((p) => p.id) },
      TODAY,
      null,
    );
    const [row] = await sql`SELECT kind FROM inspections WHERE draw_item_id = ${checked[0]!.id}`;
    expect(row?.['kind']).toBe('专项');
  });

  it('refuses a duplicate 执法证号 and an unknown township; cancels only before the draw', async () => {
    await expect(setInspectorFields(w.admin, inspectors[1]!.id, 'ZF-0', null, null)).rejects.toThrow(/已登记在另一个账户/);
    await expect(setInspectorFields(w.admin, inspectors[1]!.id, 'ZF-1', '419901999', null)).rejects.toThrow(/找不到行政区划/);
    await expect(setInspectorFields(w.districtA, inspectors[1]!.id, 'ZF-1', null, null)).rejects.toMatchObject({ kind: 'forbidden' });
    const id = await createDraw(w.admin, { year: 2026, title: '取消的抽查', kind: '双随机', regionCode: TOWN_A, plan, parentDrawId: null }, null);
    await cancelDraw(w.admin, id, '计划调整', null);
    expect((await publicDraws()).some((d) => d.draw.id === id)).toBe(false);
  });
});
