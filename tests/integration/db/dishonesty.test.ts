// 严重失信名单 (issue 12 item 6) against PostgreSQL: proposal in the jurisdiction, the second
// person's approval, 信用修复, the end of the period, and the audit rows with their reasons.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeSupervisor, makeWorld, type World } from '../handlers/admin/world';
import { actOnDishonesty, getDishonesty, listDishonesty, proposeDishonesty, type NewDishonesty } from '../../../src/db/dishonesty';
import { loadInstitutionsByIds } from '../../../src/db/public-read';
import type { Actor } from '../../../src/domain/roles';

useTestDatabase();
let w: World;
let admin2: Actor;
const TODAY = '2026-06-30';
const proposal = (institutionId: number): NewDishonesty => ({
  institutionId,
  grounds: ['既往监督检查', '不良记分'],
  reason: '2026年两次使用非卫生技术人员从事医疗卫生技术工作，拒不整改',
  legalBasis: '《医疗机构管理条例》第四十七条',
  listedOn: '2026-06-01',
  displayUntil: '2027-05-31',
});

beforeAll(async () => {
  w = await makeWorld();
  admin2 = await makeSupervisor('t.admin2', 'admin');
});

describe('proposing', () => {
  it('a district supervisor proposes in their own region; outside it, a viewer and a bad proposal are refused', async () => {
    await expect(proposeDishonesty(w.districtA, proposal(w.instB), null)).rejects.toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/辖区/) });
    await expect(proposeDishonesty(w.viewer, proposal(w.instA), null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(proposeDishonesty(w.districtA, { ...proposal(w.instA), grounds: [] }, null)).rejects.toThrow(/列入依据/);
    await expect(proposeDishonesty(w.districtA, { ...proposal(w.instA), reason: '已推送至公共信用信息平台' }, null)).rejects.toThrow(/推送/);
    const id = await proposeDishonesty(w.districtA, proposal(w.instA), '127.0.0.1');
    const row = await getDishonesty(w.districtA, id);
    expect(row).toMatchObject({ state: 'proposed', decisionNo: null, grounds: ['既往监督检查', '不良记分'], proposedByName: 't.district.a显示名' });
    expect(await getDishonesty(w.districtB, id)).toBeNull();
    await expect(proposeDishonesty(w.admin, proposal(w.instA), null)).rejects.toMatchObject({ kind: 'conflict' });
    const [a] = await sql`SELECT actor_name, reason FROM audit_log WHERE action = 'dishonesty.propose' AND target_id = ${String(id)}`;
    expect(a).toMatchObject({ actor_name: 't.district.a', reason: proposal(w.instA).reason });
  });
});

describe('approval, repair and the public record', () => {
  let id = 0;
  beforeAll(async () => {
    id = (await listDishonesty(w.admin, 'proposed'))[0]!.id;
  });

  it('nothing is public while proposed', async () => {
    expect((await loadInstitutionsByIds([w.instA]))[0]?.dishonesty).toEqual([]);
  });

  it('only another person, an administrator, approves; a decision number is required', async () => {
    const approve = { action: 'approve' as const, on: '2026-06-05', note: '同意列入', decisionNo: '示卫失信〔2026〕1号' };
    await expect(actOnDishonesty(w.districtA, id, approve, TODAY, null)).rejects.toMatchObject({
      kind: 'forbidden',
      message: expect.stringMatching(/委机关管理员/),
    });
    await expect(actOnDishonesty(w.districtB, id, approve, TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(actOnDishonesty(w.admin, id, { ...approve, decisionNo: '' }, TODAY, null)).rejects.toThrow(/决定文号/);
    expect(await actOnDishonesty(w.admin, id, approve, TODAY, null)).toBe('listed');
    const row = await getDishonesty(w.admin, id);
    // Decided after the proposed start: listed from the decision date.
    expect(row).toMatchObject({ state: 'listed', listedOn: '2026-06-05', decisionNo: '示卫失信〔2026〕1号', decidedByName: 't.admin显示名' });
    expect((await loadInstitutionsByIds([w.instA]))[0]?.dishonesty).toMatchObject([{ listedOn: '2026-06-05', removedOn: '2027-06-01' }]);
    await expect(actOnDishonesty(w.admin, id, approve, TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('an administrator who proposed cannot approve their own proposal', async () => {
    const own = await proposeDishonesty(w.admin, proposal(w.instB), null);
    await expect(actOnDishonesty(w.admin, own, { action: 'approve', on: '2026-06-10', note: '同意', decisionNo: 'X1' }, TODAY, null)).rejects.toThrow(
      /不能审批本人/,
    );
    expect(await actOnDishonesty(admin2, own, { action: 'reject', on: '2026-06-10', note: '事实不清' }, TODAY, null)).toBe('rejected');
  });

  it('repair: the district registers the application, an administrator decides; the listing ends that day', async () => {
    await expect(actOnDishonesty(w.districtA, id, { action: 'expire', on: '2026-06-20', note: '' }, TODAY, null)).rejects.toThrow(/期满前不能移出/);
    expect(await actOnDishonesty(w.districtA, id, { action: 'apply-repair', on: '2026-06-20', note: '已整改到位，申请信用修复' }, TODAY, null)).toBe(
      'repair-applied',
    );
    await expect(actOnDishonesty(w.districtA, id, { action: 'grant-repair', on: '2026-06-25', note: '同意' }, TODAY, null)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(actOnDishonesty(w.admin, id, { action: 'grant-repair', on: '2026-06-19', note: '同意' }, TODAY, null)).rejects.toThrow(/不能早于申请日期/);
    await expect(actOnDishonesty(w.admin, id, { action: 'grant-repair', on: '2026-07-01', note: '同意' }, TODAY, null)).rejects.toThrow(/晚于今天/);
    expect(await actOnDishonesty(w.admin, id, { action: 'grant-repair', on: '2026-06-25', note: '整改到位，准予修复' }, TODAY, null)).toBe('repaired');
    expect((await loadInstitutionsByIds([w.instA]))[0]?.dishonesty).toMatchObject([{ listedOn: '2026-06-05', removedOn: '2026-06-25' }]);
    const actions = await sql<{ action: string }[]>`SELECT action FROM audit_log WHERE target_kind = 'dishonesty' AND target_id = ${String(id)} ORDER BY id`;
    expect(actions.map((a) => a.action)).toEqual(['dishonesty.propose', 'dishonesty.approve', 'dishonesty.apply-repair', 'dishonesty.grant-repair']);
  });
});
