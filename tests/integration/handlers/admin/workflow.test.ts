// The complaint workflow end to end against PostgreSQL: every allowed transition, every forbidden
// one refused by the application and again by the 0002 trigger, history and audit rows.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeComplaint, makeWorld, type World } from './world';
import { applyComplaintAction } from '../../../../src/db/admin-complaints-write';
import { ACTIONS, COMPLAINT_STATUSES, STATUS_CHANGES, TRANSITIONS, type ActionInput, type ComplaintAction } from '../../../../src/domain/complaint-workflow';

useTestDatabase();
let w: World;
beforeAll(async () => {
  w = await makeWorld();
});

const status = async (id: number) => (await sql<{ status: string }[]>`SELECT status FROM complaints WHERE id = ${id}`)[0]!.status;
const auditCount = async (action: string, id: number) =>
  (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND target_id = ${String(id)}`)[0]!.n;

function sample(action: ComplaintAction, w: World): ActionInput {
  switch (action) {
    case 'accept':
      return { action };
    case 'reject':
      return { action, reason: '不属于卫生健康部门职责' };
    case 'assign':
      return { action, assigneeId: w.districtA.id };
    case 'start':
      return { action };
    case 'findings':
      return { action, findings: '现场检查发现未公示价格' };
    case 'close':
      return { action, outcome: '查实', findings: '经查属实' };
    case 'feedback':
      return { action, feedback: '已责令整改' };
  }
}

/** Brings a fresh complaint to `target` through allowed steps. */
async function complaintIn(target: string): Promise<number> {
  const id = await makeComplaint(w.instA);
  const path: Record<string, ActionInput[]> = {
    待受理: [],
    已受理: [{ action: 'accept' }],
    不予受理: [{ action: 'reject', reason: '重复提交' }],
    调查中: [{ action: 'accept' }, { action: 'start' }],
    已办结: [{ action: 'accept' }, { action: 'start' }, { action: 'close', outcome: '不属实', findings: '未发现问题' }],
  };
  for (const step of path[target]!) await applyComplaintAction(w.districtA, id, step, '127.0.0.1');
  expect(await status(id)).toBe(target);
  return id;
}

describe('complaint workflow', () => {
  it('walks 待受理 → 已受理 → 调查中 → 已办结 with history, audit and timestamps', async () => {
    const id = await makeComplaint(w.instA);
    await applyComplaintAction(w.districtA, id, { action: 'assign', assigneeId: w.districtA.id }, null);
    await applyComplaintAction(w.districtA, id, { action: 'accept' }, null);
    await applyComplaintAction(w.districtA, id, { action: 'start' }, null);
    await applyComplaintAction(w.districtA, id, { action: 'findings', findings: '诊所未公示药品价格' }, null);
    await applyComplaintAction(w.districtA, id, { action: 'close', outcome: '部分查实' }, null);
    await applyComplaintAction(w.districtA, id, { action: 'feedback', feedback: '已责令限期整改' }, null);
    const [c] =
      await sql`SELECT status, outcome, findings, feedback, assigned_to, accepted_at IS NOT NULL AS a, closed_at IS NOT NULL AS b FROM complaints WHERE id = ${id}`;
    expect(c).toMatchObject({
      status: '已办结',
      outcome: '部分查实',
      findings: '诊所未公示药品价格',
      feedback: '已责令限期整改',
      assigned_to: w.districtA.id,
      a: true,
      b: true,
    });
    const events = await sql<{ action: string }[]>`SELECT action FROM complaint_events WHERE complaint_id = ${id} ORDER BY id`;
    expect(events.map((e) => e.action)).toEqual(['assign', 'accept', 'start', 'findings', 'close', 'feedback']);
    for (const a of ['assign', 'accept', 'start', 'findings', 'close', 'feedback']) expect(await auditCount(`complaint.${a}`, id)).toBe(1);
  });

  it('rejects with a reason (不予受理), and the reason is audited', async () => {
    const id = await complaintIn('不予受理');
    const [row] = await sql`SELECT reason FROM audit_log WHERE action = 'complaint.reject' AND target_id = ${String(id)}`;
    expect(row!['reason']).toBe('重复提交');
  });

  it('closing as 重复 needs the original, which must exist in the jurisdiction and not be itself', async () => {
    const id = await complaintIn('调查中');
    await expect(applyComplaintAction(w.districtA, id, { action: 'close', outcome: '重复' }, null)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(applyComplaintAction(w.districtA, id, { action: 'close', outcome: '重复', duplicateOf: id }, null)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(applyComplaintAction(w.districtA, id, { action: 'close', outcome: '重复', duplicateOf: w.complaintB }, null)).rejects.toMatchObject({
      kind: 'invalid',
    });
    await applyComplaintAction(w.districtA, id, { action: 'close', outcome: '重复', duplicateOf: w.complaintA }, null);
    const [c] = await sql`SELECT duplicate_of FROM complaints WHERE id = ${id}`;
    expect(c!['duplicate_of']).toBe(w.complaintA);
  });

  it('closing as 查实 needs findings', async () => {
    const id = await complaintIn('调查中');
    await expect(applyComplaintAction(w.districtA, id, { action: 'close', outcome: '查实' }, null)).rejects.toThrow(/调查情况/);
  });

  it('assigning someone outside the complaint’s district is refused', async () => {
    const id = await makeComplaint(w.instA);
    await expect(applyComplaintAction(w.districtA, id, { action: 'assign', assigneeId: w.districtB.id }, null)).rejects.toThrow(/承办人/);
    await expect(applyComplaintAction(w.districtA, id, { action: 'assign', assigneeId: w.viewer.id }, null)).rejects.toThrow(/承办人/);
  });

  for (const from of COMPLAINT_STATUSES) {
    for (const action of ACTIONS) {
      if (TRANSITIONS[from][action] !== undefined) continue;
      it(`refuses ${action} in ${from} (409) and changes nothing`, async () => {
        const id = await complaintIn(from);
        await expect(applyComplaintAction(w.districtA, id, sample(action, w), null)).rejects.toMatchObject({ kind: 'conflict' });
        expect(await status(id)).toBe(from);
      });
    }
  }

  it('the database refuses every status change the machine does not list, even from raw SQL', async () => {
    const allowed = new Set(STATUS_CHANGES.map(([a, b]) => `${a}>${b}`));
    for (const from of COMPLAINT_STATUSES) {
      for (const to of COMPLAINT_STATUSES) {
        if (from === to || allowed.has(`${from}>${to}`)) continue;
        const id = await complaintIn(from);
        const extra = to === '已办结' ? sql`, outcome = '查实'` : to === '不予受理' ? sql`, reject_reason = 'x'` : sql``;
        await expect(sql`UPDATE complaints SET status = ${to} ${extra} WHERE id = ${id}`).rejects.toThrow(/投诉状态不能从|办理结论|不予受理理由|check/);
        expect(await status(id)).toBe(from);
      }
    }
  });

  it('the database keeps a finished complaint’s decision and refuses a self-duplicate', async () => {
    const id = await complaintIn('已办结');
    await expect(sql`UPDATE complaints SET outcome = '查实' WHERE id = ${id}`).rejects.toThrow(/办理结论不能再修改/);
    await expect(sql`UPDATE complaints SET findings = '改写' WHERE id = ${id}`).rejects.toThrow();
    await sql`UPDATE complaints SET feedback = '补充反馈' WHERE id = ${id}`; // feedback stays writable
    const inv = await complaintIn('调查中');
    await expect(sql`UPDATE complaints SET status = '已办结', outcome = '重复', duplicate_of = ${inv} WHERE id = ${inv}`).rejects.toThrow(/自身/);
  });
});
