// 属地管理: a district supervisor sees and touches only complaints in their districts, and this
// holds in the SQL of every query, whatever the page does.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeComplaint, makeWorld, OTHER_COUNTY, TOWN_A, type World } from './world';
import {
  complaintEvents,
  getComplaint,
  getComplaintPhoto,
  listComplaints,
  exportComplaints,
  categoriesInUse,
  complaintInScope,
  type ComplaintFilter,
} from '../../../../src/db/admin-complaints-read';
import { applyComplaintAction, readComplainantSealed } from '../../../../src/db/admin-complaints-write';
import { DomainError } from '../../../../src/domain/errors';

useTestDatabase();
let w: World;
const TODAY = '2025-10-09';
const SUNDAY = '2025-10-12';
const all: ComplaintFilter = { sort: 'received', dir: 'desc', page: 1, pageSize: 50 };

beforeAll(async () => {
  w = await makeWorld();
  await sql`INSERT INTO complaint_photos (complaint_id, content, mime, width, height) VALUES (${w.complaintB}, ${Buffer.from('png')}, 'image/png', 1, 1)`;
});

describe('jurisdiction in every query', () => {
  it('lists only the district supervisor’s own complaints; admin and an unscoped viewer see all', async () => {
    const ids = async (actor: World['admin']) => (await listComplaints(actor, all, TODAY, SUNDAY)).rows.map((r) => r.id).sort();
    expect(await ids(w.districtA)).toEqual([w.complaintA]);
    expect(await ids(w.districtB)).toEqual([w.complaintB]);
    expect(await ids(w.admin)).toEqual([w.complaintA, w.complaintB].sort());
    expect(await ids(w.viewer)).toEqual([w.complaintA, w.complaintB].sort());
    expect(await ids(w.viewerA)).toEqual([w.complaintA]);
    // A county-level assignment covers its townships (regions.parent_code).
    expect(await ids(w.countySupervisor)).toEqual([w.complaintA, w.complaintB].sort());
  });

  it('counts per status respect the jurisdiction', async () => {
    const r = await listComplaints(w.districtA, all, TODAY, SUNDAY);
    expect(r.total).toBe(1);
    expect(r.counts['待受理']).toBe(1);
  });

  it('refuses another district’s complaint by id in every read', async () => {
    expect(await getComplaint(w.districtA, w.complaintB, TODAY)).toBeNull();
    expect(await getComplaint(w.districtB, w.complaintB, TODAY)).not.toBeNull();
    expect(await complaintEvents(w.districtA, w.complaintB)).toEqual([]);
    expect(await getComplaintPhoto(w.districtA, w.complaintB, 1)).toBeNull();
    expect(await complaintInScope(w.districtA, w.complaintB)).toBeNull();
    expect((await exportComplaints(w.districtA, all, TODAY, SUNDAY, 100)).map((r) => r.id)).toEqual([w.complaintA]);
    expect(await categoriesInUse(w.districtA)).toEqual(['违规诊疗']);
  });

  it('refuses another district’s complaint in every write, and the row is unchanged', async () => {
    await expect(applyComplaintAction(w.districtA, w.complaintB, { action: 'accept' }, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(readComplainantSealed(w.districtA, w.complaintB, '核实', null)).rejects.toBeInstanceOf(DomainError);
    const [row] = await sql<{ status: string }[]>`SELECT status FROM complaints WHERE id = ${w.complaintB}`;
    expect(row!.status).toBe('待受理');
  });

  it('a viewer cannot work a complaint even inside its regions', async () => {
    await expect(applyComplaintAction(w.viewerA, w.complaintA, { action: 'accept' }, null)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('the complaint’s own region wins over its institution’s', async () => {
    await sql`INSERT INTO regions (code, name, level) VALUES ('419903', '第三县', 3) ON CONFLICT DO NOTHING`;
    const moved = await makeComplaint(w.instA, { regionCode: OTHER_COUNTY });
    expect(await getComplaint(w.districtA, moved, TODAY)).toBeNull();
    expect(await getComplaint(w.admin, moved, TODAY)).not.toBeNull();
  });

  it('a deactivated account sees nothing', async () => {
    await sql`UPDATE supervisors SET active = false WHERE id = ${w.viewerA.id}`;
    expect((await listComplaints(w.viewerA, all, TODAY, SUNDAY)).rows).toEqual([]);
    await sql`UPDATE supervisors SET active = true WHERE id = ${w.viewerA.id}`;
  });

  it('filters by district (a region and everything below it)', async () => {
    const r = await listComplaints(w.admin, { ...all, region: TOWN_A }, TODAY, SUNDAY);
    expect(r.rows.every((x) => x.regionName === '甲镇')).toBe(true);
    expect(r.rows.length).toBeGreaterThan(0);
  });
});
