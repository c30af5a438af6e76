// Inspection records against PostgreSQL: two inspectors with 执法证号, findings, jurisdiction and role
// in SQL, 投诉核查 links, follow-ups (by id and a rectification ordered from the record), audit rows,
// and the plan's one-query input.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeSupervisor, makeWorld, TOWN_A, type World } from '../handlers/admin/world';
import { makeEvaluation } from './credit-world';
import {
  addFollowUp,
  createInspection,
  getInspection,
  inspectionsOfComplaint,
  inspectorChoices,
  listInspections,
  openDrawItems,
  orderRectificationFromInspection,
  setInspectorDetails,
  type NewInspection,
} from '../../../src/db/inspections';
import { planInput } from '../../../src/db/inspection-plan';
import { institutionPlan } from '../../../src/domain/inspection-plan';
import type { Actor } from '../../../src/domain/roles';

useTestDatabase();
let w: World;
let s1: Actor;
let s2: Actor;
let noCert: Actor;
const TODAY = '2026-06-30';

const record = (over: Partial<NewInspection> = {}): NewInspection => ({
  institutionId: w.instA,
  inspectedOn: '2026-05-12',
  kind: '日常',
  findingCodes: [7, 12],
  findingsText: '超范围开展医疗美容项目',
  result: '限期整改',
  complaintId: null,
  drawItemId: null,
  inspectorIds: [s1.id, s2.id],
  ...over,
});

beforeAll(async () => {
  w = await makeWorld();
  s1 = await makeSupervisor('t.insp.1', 'district', [TOWN_A]);
  s2 = await makeSupervisor('t.insp.2', 'district', [TOWN_A]);
  noCert = await makeSupervisor('t.insp.3', 'district', [TOWN_A]);
  await setInspectorDetails(w.admin, s1.id, 'ZF-0001', TOWN_A, null);
  await setInspectorDetails(w.admin, s2.id, 'ZF-0002', null, null);
});

describe('inspectors', () => {
  it('only administrators set 执法证号; the choice lists those who have one', async () => {
    await expect(setInspectorDetails(w.districtA, noCert.id, 'ZF-9', null, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(setInspectorDetails(w.admin, noCert.id, 'ZF-9', '999999', null)).rejects.toThrow(/所在乡镇/);
    const names = (await inspectorChoices()).map((c) => c.enforcementNo);
    expect(names).toEqual(expect.arrayContaining(['ZF-0001', 'ZF-0002']));
    expect(names).not.toContain('ZF-9');
    const [a] = await sql`SELECT actor_name FROM audit_log WHERE action = 'inspector.set' AND target_id = ${String(s1.id)}`;
    expect(a).toMatchObject({ actor_name: 't.admin' });
  });
});

describe('recording an inspection', () => {
  it('stores a record with two inspectors and findings, audited, and lists it in the jurisdiction only', async () => {
    const id = await createInspection(w.districtA, record(), TODAY, '127.0.0.1');
    const x = await getInspection(w.districtA, id);
    expect(x).toMatchObject({ kind: '日常', result: '限期整改', findingCodes: [7, 12], number: `JC2026-${String(id).padStart(6, '0')}` });
    expect(x?.inspectorList.map((i) => i.enforcementNo).sort()).toEqual(['ZF-0001', 'ZF-0002']);
    expect(await getInspection(w.districtB, id)).toBeNull();
    expect((await listInspections(w.districtA, { year: 2026, page: 1, pageSize: 50 })).rows.map((r) => r.id)).toContain(id);
    expect((await listInspections(w.districtB, { page: 1, pageSize: 50 })).total).toBe(0);
    expect((await listInspections(w.admin, { year: 2025, page: 1, pageSize: 50 })).total).toBe(0);
    expect((await listInspections(w.admin, { kind: '专项', page: 1, pageSize: 50 })).total).toBe(0);
    expect((await listInspections(w.admin, { institution: 'TSTA01', region: TOWN_A, page: 1, pageSize: 50 })).total).toBe(1);
    const [a] = await sql`SELECT actor_name FROM audit_log WHERE action = 'inspection.create' AND target_id = ${String(id)}`;
    expect(a).toMatchObject({ actor_name: 't.district.a' });
  });

  it('refuses one inspector, an inspector without 执法证号, another district, a viewer', async () => {
    await expect(createInspection(w.admin, record({ inspectorIds: [s1.id] }), TODAY, null)).rejects.toThrow(/至少 2 名/);
    await expect(createInspection(w.admin, record({ inspectorIds: [s1.id, noCert.id] }), TODAY, null)).rejects.toThrow(/没有登记执法证号/);
    await expect(createInspection(w.admin, record({ inspectorIds: [s1.id, 999999] }), TODAY, null)).rejects.toThrow(/找不到在用的账户/);
    await expect(createInspection(w.districtB, record(), TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(createInspection(w.viewer, record(), TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(createInspection(w.admin, record({ drawItemId: 1, kind: '双随机' }), TODAY, null)).rejects.toThrow(/双随机任务/);
  });

  it('links a 投诉核查 to its complaint, and the complaint lists it', async () => {
    await expect(createInspection(w.admin, record({ complaintId: w.complaintA }), TODAY, null)).rejects.toThrow(/投诉核查/);
    await expect(createInspection(w.admin, record({ kind: '投诉核查', complaintId: w.complaintB }), TODAY, null)).rejects.toThrow(/关联投诉/);
    const id = await createInspection(w.admin, record({ kind: '投诉核查', complaintId: w.complaintA }), TODAY, null);
    expect((await inspectionsOfComplaint(w.districtA, w.complaintA)).map((x) => x.id)).toEqual([id]);
    expect(await inspectionsOfComplaint(w.districtB, w.complaintA)).toEqual([]);
  });
});

describe('a 双随机 draw item', () => {
  it('is offered while undone, carried out by one 双随机 record, then no longer offered', async () => {
    const [d] = await sql<{ id: number }[]>`
      INSERT INTO draws (year, title, kind, seed_hash, seed, state) VALUES (2026, '2026年第一批双随机', '双随机', ${'a'.repeat(64)}, ${'s'.repeat(32)}, 'drawn') RETURNING id`;
    const [item] = await sql<{ id: number }[]>`
      INSERT INTO draw_items (draw_id, position, institution_id, stratum) VALUES (${d!.id}, 1, ${w.instA}, '合格|中|卫生院') RETURNING id`;
    expect(await openDrawItems(w.districtA, w.instA, 2026)).toEqual([{ id: item!.id, drawTitle: '2026年第一批双随机' }]);
    expect(await openDrawItems(w.districtB, w.instA, 2026)).toEqual([]);
    expect(await openDrawItems(w.districtA, w.instA, 2025)).toEqual([]);
    await expect(createInspection(w.districtA, record({ drawItemId: item!.id }), TODAY, null)).rejects.toThrow(/应为“双随机”/);
    await createInspection(w.districtA, record({ kind: '双随机', drawItemId: item!.id }), TODAY, null);
    await expect(createInspection(w.districtA, record({ kind: '双随机', drawItemId: item!.id }), TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
    expect(await openDrawItems(w.districtA, w.instA, 2026)).toEqual([]);
  });
});

describe('follow-ups', () => {
  it('orders a rectification from the record (reference = inspection number) and links records by id', async () => {
    const id = await createInspection(w.districtA, record(), TODAY, null);
    const rid = await orderRectificationFromInspection(w.districtA, id, { orderedOn: '2026-05-13', periodDays: 30, items: '停止超范围执业' }, TODAY, null);
    const [r] = await sql`SELECT trigger_kind, reference, institution_id FROM rectifications WHERE id = ${rid}`;
    expect(r).toMatchObject({ trigger_kind: 'finding', reference: `检查记录JC2026-${String(id).padStart(6, '0')}` });
    await expect(addFollowUp(w.districtA, id, 'rectification', rid, null)).rejects.toMatchObject({ kind: 'conflict' });
    const [other] = await sql<{ id: number }[]>`
      INSERT INTO rectifications (institution_id, trigger_kind, finding, items, ordered_on, period_days, due_on)
      VALUES (${w.instB}, 'finding', 'x', 'y', '2026-05-01', 10, '2026-05-11') RETURNING id`;
    await expect(addFollowUp(w.admin, id, 'rectification', other!.id, null)).rejects.toThrow(/找不到被检查机构/);
    await expect(addFollowUp(w.districtB, id, 'point', 1, null)).rejects.toMatchObject({ kind: 'not-found' });
    const [p] = await sql<{ id: number }[]>`
      INSERT INTO point_records (institution_id, behaviour, points, source, found_on) VALUES (${w.instA}, '病历不规范', 2, '监督检查', '2026-05-12') RETURNING id`;
    await addFollowUp(w.districtA, id, 'point', p!.id, null);
    const x = await getInspection(w.admin, id);
    expect(x?.followUpList).toEqual([
      { kind: 'point', recordId: p!.id },
      { kind: 'rectification', recordId: rid },
    ]);
    const audits = await sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'inspection.follow_up' AND target_id = ${String(id)}`;
    expect(audits[0]).toMatchObject({ n: 2 });
  });
});

describe('the plan input', () => {
  it('gives every practising institution in the jurisdiction its level history and inspections of the year', async () => {
    await makeEvaluation(w.instB, '差', 2025);
    const rows = await planInput(w.admin, 2026);
    const a = rows.find((r) => r.id === w.instA)!;
    const b = rows.find((r) => r.id === w.instB)!;
    expect(a.done).toBe(4);
    expect(a.townshipName).toBe('甲镇');
    expect(b).toMatchObject({ done: 0, changes: [{ from: '2025-12-20', level: '差' }] });
    expect(institutionPlan(2026, b, '2026-12-31')).toMatchObject({ required: 4, due: 4, overdue: 4, notInspected: true, level: '差' });
    expect((await planInput(w.districtB, 2026)).map((r) => r.id)).toEqual([w.instB]);
    expect((await planInput(w.admin, 2025)).find((r) => r.id === w.instA)?.done).toBe(0);
  });
});
