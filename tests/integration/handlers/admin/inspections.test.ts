// The inspection screens' handlers against PostgreSQL: the form (two inspectors, the fifteen findings as
// checkboxes, 投诉核查 prefilled from a complaint), the record's follow-up actions, the complaint page's links.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../support/db';
import { adminContext, makeSupervisor, makeWorld, TOWN_A, type World } from './world';
import { setInspectorDetails } from '../../../../src/db/inspections';
import { inspectionListPage, inspectionPage, newInspectionPage } from '../../../../src/handlers/admin/inspections';
import { complaintPage } from '../../../../src/handlers/admin/complaints';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let w: World;
let s1: Actor;

beforeAll(async () => {
  w = await makeWorld();
  s1 = await makeSupervisor('t.insp.h', 'district', [TOWN_A]);
  await setInspectorDetails(w.admin, s1.id, 'ZF-H1', TOWN_A, null);
  await setInspectorDetails(w.admin, w.districtA.id, 'ZF-H2', TOWN_A, null);
});

describe('/admin/inspections/new', () => {
  it('prefills 投诉核查 from ?complaint and offers the inspectors with 执法证号', async () => {
    const view = await newInspectionPage(adminContext(w.districtA, `/admin/inspections/new?complaint=${w.complaintA}`));
    if (view instanceof Response) throw new Error('unexpected redirect');
    expect(view.institution?.id).toBe(w.instA);
    expect(view.values).toMatchObject({ kind: '投诉核查', complaintId: String(w.complaintA) });
    expect(view.inspectors.map((i) => i.enforcementNo).sort()).toEqual(['ZF-H1', 'ZF-H2']);
    expect(view.findings).toHaveLength(15);
  });

  it('refuses one inspector with a Chinese message and keeps the input; stores two with findings', async () => {
    const form = {
      institutionId: String(w.instA),
      inspectedOn: '2026-03-03',
      kind: '投诉核查',
      complaintId: String(w.complaintA),
      inspector1: String(s1.id),
      finding7: '1',
      finding12: '1',
      result: '责令改正',
      findingsText: '',
    };
    const refused = await newInspectionPage(adminContext(w.districtA, '/admin/inspections/new', { method: 'POST', form }));
    if (refused instanceof Response) throw new Error('unexpected redirect');
    expect(refused.status).toBe(400);
    expect(refused.errors).toEqual(['检查人员：至少 2 名执法人员']);
    expect(refused.values['finding7']).toBe('1');
    const res = await newInspectionPage(
      adminContext(w.districtA, '/admin/inspections/new', { method: 'POST', form: { ...form, inspector2: String(w.districtA.id) } }),
    );
    expect(res).toBeInstanceOf(Response);
    const location = (res as Response).headers.get('location')!;
    expect(location).toMatch(/^\/admin\/inspections\/\d+\?done=created$/);
    const id = location.split('/')[3]!.split('?')[0]!;
    const page = await inspectionPage(adminContext(w.districtA, `/admin/inspections/${id}`, { params: { id } }));
    if (!page || page instanceof Response) throw new Error('no page');
    expect(page.findings.map((f) => f.code)).toEqual([7, 12]);
    expect(page.inspection.complaint?.id).toBe(w.complaintA);
    const list = await inspectionListPage(adminContext(w.districtA, '/admin/inspections?year=2026&kind=投诉核查'));
    expect(list.rows.map((r) => String(r.id))).toEqual([id]);
    const complaint = await complaintPage(adminContext(w.districtA, `/admin/complaints/${w.complaintA}`, { params: { id: String(w.complaintA) } }));
    if (!complaint || complaint instanceof Response) throw new Error('no complaint page');
    expect(complaint.inspections.map((x) => String(x.id))).toEqual([id]);
  });

  it('orders a rectification from the record and refuses a follow-up of an unknown record', async () => {
    const list = await inspectionListPage(adminContext(w.admin, '/admin/inspections'));
    const id = String(list.rows[0]!.id);
    const bad = await inspectionPage(
      adminContext(w.districtA, `/admin/inspections/${id}`, { method: 'POST', params: { id }, form: { op: 'follow-up', kind: 'point', recordId: '99999' } }),
    );
    if (!bad || bad instanceof Response) throw new Error('expected the page with its error');
    expect(bad.errors).toEqual(['不良执业行为记分：找不到被检查机构的第 99999 号记录']);
    const ok = await inspectionPage(
      adminContext(w.districtA, `/admin/inspections/${id}`, {
        method: 'POST',
        params: { id },
        form: { op: 'rectification', orderedOn: '2026-03-04', periodDays: '30', items: '停止超范围执业' },
      }),
    );
    expect((ok as Response).headers.get('location')).toBe(`/admin/inspections/${id}?done=rectification`);
    const page = await inspectionPage(adminContext(w.districtA, `/admin/inspections/${id}`, { params: { id } }));
    if (!page || page instanceof Response) throw new Error('no page');
    expect(page.followUps.map((f) => [f.kind, f.href])).toEqual([['rectification', `/admin/rectifications/${page.followUps[0]!.recordId}`]]);
  });

  it('answers 404 (null) for another district and refuses a viewer the form', async () => {
    const list = await inspectionListPage(adminContext(w.admin, '/admin/inspections'));
    const id = String(list.rows[0]!.id);
    expect(await inspectionPage(adminContext(w.districtB, `/admin/inspections/${id}`, { params: { id } }))).toBeNull();
    await expect(newInspectionPage(adminContext(w.viewer, '/admin/inspections/new'))).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
