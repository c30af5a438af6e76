// Points and appeals (seed 000) against PostgreSQL: jurisdiction, a closed complaint as source,
// the 3-day appeal window, the 10-working-day decision, voiding without deleting.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeComplaint, makeWorld, type World } from './world';
import { acceptAppeal, createPoint, decideAppeal, fileAppeal, recordNotice, type NewPoint } from '../../../../src/db/points-write';
import { getPoint, listPoints, pointsFoundBetween, toDomainRecord } from '../../../../src/db/points-read';
import { applyComplaintAction } from '../../../../src/db/admin-complaints-write';
import { monthlyReports, quarterlyPublication, SEED_DEPARTMENTS } from '../../../../src/domain/points';

useTestDatabase();
let w: World;
const TODAY = '2025-10-31';
const base = (w: World): NewPoint => ({
  institutionId: w.instA,
  staffId: null,
  behaviour: '未按规定公示医疗服务价格',
  points: 2,
  source: '监督检查',
  sourceComplaintId: null,
  department: '卫生监督所',
  foundOn: '2025-09-29',
  approvedOn: null,
  noticeServedOn: null,
  noticeReceivedOn: null,
});
beforeAll(async () => {
  w = await makeWorld();
});

describe('recording points', () => {
  it('records a point in the jurisdiction, with an audit row', async () => {
    const id = await createPoint(w.districtA, base(w), TODAY, '127.0.0.1');
    const p = await getPoint(w.districtA, id);
    expect(p).toMatchObject({ institutionName: '甲镇卫生院', points: 2, status: '有效', recordedByName: 't.district.a显示名' });
    const [a] = await sql`SELECT actor_name FROM audit_log WHERE action = 'point.create' AND target_id = ${String(id)}`;
    expect(a!['actor_name']).toBe('t.district.a');
  });

  it('refuses an institution outside the jurisdiction, a viewer, staff of another institution', async () => {
    await expect(createPoint(w.districtA, { ...base(w), institutionId: w.instB }, TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(createPoint(w.viewer, base(w), TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    const [st] = await sql<{ id: number }[]>`INSERT INTO staff (institution_id, name, profession) VALUES (${w.instB}, '王医生', '医师') RETURNING id`;
    await expect(createPoint(w.admin, { ...base(w), staffId: st!.id }, TODAY, null)).rejects.toThrow(/不是该机构的人员/);
    expect(await getPoint(w.districtB, (await listPoints(w.districtA, { page: 1, pageSize: 10 })).rows[0]!.id)).toBeNull();
  });

  it('checks dates', async () => {
    await expect(createPoint(w.admin, { ...base(w), foundOn: '2025-11-01' }, TODAY, null)).rejects.toThrow(/发现日期/);
    await expect(createPoint(w.admin, { ...base(w), noticeReceivedOn: '2025-10-01' }, TODAY, null)).rejects.toThrow(/送达日期/);
    await expect(createPoint(w.admin, { ...base(w), approvedOn: '2025-09-01' }, TODAY, null)).rejects.toThrow(/审批日期/);
  });

  it('a closed (查实) complaint about the same institution can be the source', async () => {
    const c = await makeComplaint(w.instA);
    await expect(createPoint(w.admin, { ...base(w), source: '投诉举报', sourceComplaintId: c }, TODAY, null)).rejects.toThrow(/已办结/);
    for (const step of [{ action: 'accept' }, { action: 'start' }, { action: 'close', outcome: '查实', findings: '属实' }] as const) {
      await applyComplaintAction(w.admin, c, step as never, null);
    }
    await expect(createPoint(w.admin, { ...base(w), source: '监督检查', sourceComplaintId: c }, TODAY, null)).rejects.toThrow(/投诉举报/);
    const id = await createPoint(w.admin, { ...base(w), source: '投诉举报', sourceComplaintId: c }, TODAY, null);
    expect((await getPoint(w.admin, id))?.sourceComplaintId).toBe(c);
  });
});

describe('notice, appeal and decision', () => {
  it('an appeal within 3 days of receipt, accepted, decided 撤销: the record is voided and kept', async () => {
    const id = await createPoint(w.districtA, base(w), TODAY, null);
    await expect(fileAppeal(w.districtA, id, '2025-10-09', null, TODAY, null)).rejects.toThrow(/签收日期/);
    // Served Tue 30 Sep, received Tue 30 Sep: 3 days → 3 Oct falls in the holiday → last day Thu 9 Oct.
    await recordNotice(w.districtA, id, '2025-09-30', '2025-09-30', TODAY, null);
    await expect(fileAppeal(w.districtA, id, '2025-10-10', null, TODAY, null)).rejects.toThrow(/2025-10-09/);
    await fileAppeal(w.districtA, id, '2025-10-09', null, TODAY, null);
    expect((await getPoint(w.districtA, id))?.status).toBe('申诉中');
    await expect(decideAppeal(w.districtA, id, '撤销', '2025-10-10', '理由', TODAY, null)).rejects.toThrow(/尚未受理/);
    await acceptAppeal(w.districtA, id, '2025-10-10', TODAY, null);
    // Accepted Fri 10 Oct 2025: the 调休 Saturday 11 Oct is working day 1, so day 10 is Thu 23 Oct (not Fri 24).
    expect((await getPoint(w.districtA, id))?.appeal?.decisionDue).toBe('2025-10-23');
    await expect(decideAppeal(w.districtA, id, '撤销', '2025-10-20', '   ', TODAY, null)).rejects.toThrow(/决定理由/);
    await decideAppeal(w.districtA, id, '撤销', '2025-10-20', '证据不足', TODAY, null);
    const p = await getPoint(w.districtA, id);
    expect(p).toMatchObject({ status: '已撤销', voidedOn: '2025-10-20', voidReason: '证据不足' });
    await expect(decideAppeal(w.districtA, id, '维持', '2025-10-21', 'x', TODAY, null)).rejects.toThrow();
    const [a] = await sql`SELECT reason FROM audit_log WHERE action = 'point.decide' AND target_id = ${String(id)}`;
    expect(a!['reason']).toBe('证据不足');
  });

  it('维持 keeps the points standing', async () => {
    const id = await createPoint(w.districtA, { ...base(w), noticeServedOn: '2025-10-13', noticeReceivedOn: '2025-10-14' }, TODAY, null);
    await fileAppeal(w.districtA, id, '2025-10-15', '2025-10-15', TODAY, null);
    await decideAppeal(w.districtA, id, '维持', '2025-10-20', '事实清楚', TODAY, null);
    expect((await getPoint(w.districtA, id))?.status).toBe('有效');
    await expect(fileAppeal(w.districtA, id, '2025-10-16', null, TODAY, null)).rejects.toThrow();
  });

  it('points can never be deleted, nor rewritten, nor un-voided', async () => {
    const [voided] = await sql<{ id: number }[]>`SELECT id FROM point_records WHERE status = '已撤销' LIMIT 1`;
    await expect(sql`DELETE FROM point_records WHERE id = ${voided!.id}`).rejects.toThrow(/不得删除/);
    await expect(sql`DELETE FROM point_appeals`).rejects.toThrow(/不得删除/);
    await expect(sql`TRUNCATE point_records CASCADE`).rejects.toThrow(/不得删除/);
    await expect(sql`UPDATE point_records SET status = '有效', voided_on = NULL WHERE id = ${voided!.id}`).rejects.toThrow(/不能恢复/);
    await expect(sql`UPDATE point_records SET points = 1 WHERE id = ${voided!.id}`).rejects.toThrow(/不能修改/);
  });
});

describe('publication and reports with the credit engine', () => {
  it('the quarterly list leaves out voided records; the monthly report has zero reports', async () => {
    const rows = await pointsFoundBetween(w.admin, '2025-07-01', '2025-09-30');
    const pub = quarterlyPublication(rows.map(toDomainRecord), { year: 2025, quarter: 3 });
    expect(pub.dueDate).toBe('2025-10-10');
    expect(pub.entries.length).toBe(rows.filter((r) => r.status !== '已撤销').length);
    expect(rows.some((r) => r.status === '已撤销')).toBe(true);
    const reports = monthlyReports(rows.map(toDomainRecord), SEED_DEPARTMENTS, 2025, 9);
    expect(reports.find((r) => r.department === '卫生监督所')?.zeroReport).toBe(false);
    expect(reports.find((r) => r.department === '家庭发展')?.zeroReport).toBe(true);
  });

  it('a district supervisor’s lists hold only their institutions', async () => {
    await createPoint(w.districtB, { ...base(w), institutionId: w.instB }, TODAY, null);
    const a = await pointsFoundBetween(w.districtA, '2025-01-01', '2025-12-31');
    expect(a.every((r) => r.institutionId === w.instA)).toBe(true);
    const b = await listPoints(w.districtB, { page: 1, pageSize: 50 });
    expect(b.rows.every((r) => r.institutionId === w.instB)).toBe(true);
    expect(b.total).toBe(1);
  });
});
