// 限期整改 (seed 001) against PostgreSQL: opening from a 差 level or a finding, jurisdiction and roles
// in SQL, the deadline rules, the 暂缓校验 second person, the licence 注销, audit rows with reasons.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { makeEvaluation } from './credit-world';
import {
  actOnRectification,
  getRectification,
  listRectifications,
  orderRectification,
  poorLevelsWithoutRectification,
  recordLicenceCancellation,
  rectificationHistory,
  type NewRectification,
} from '../../../src/db/rectifications';
import { loadInstitutionsByIds } from '../../../src/db/public-read';
import { disclosureBoard } from '../../../src/domain/disclosure-board';

useTestDatabase();
let w: World;
let poorEval: number;
let goodEval: number;

const finding = (w: World, over: Partial<NewRectification> = {}): NewRectification => ({
  institutionId: w.instA,
  trigger: { kind: 'finding', finding: '消毒记录不全', reference: '青禾卫监意〔2026〕3号' },
  orderedOn: '2026-03-02',
  periodDays: 30,
  items: '补齐消毒登记\n培训院感人员',
  ...over,
});
const TODAY = '2026-06-30';

beforeAll(async () => {
  w = await makeWorld();
  poorEval = await makeEvaluation(w.instA, '差');
  goodEval = await makeEvaluation(w.instB, '合格');
});

describe('ordering a rectification', () => {
  it('lists the 差 level without an order, opens one from it, and then no longer lists it', async () => {
    expect((await poorLevelsWithoutRectification(w.admin)).map((p) => p.evaluationId)).toEqual([poorEval]);
    expect(await poorLevelsWithoutRectification(w.districtB)).toEqual([]);
    expect(await poorLevelsWithoutRectification(w.admin, w.instB)).toEqual([]);
    expect((await poorLevelsWithoutRectification(w.admin, w.instA)).map((p) => p.evaluationId)).toEqual([poorEval]);
    const id = await orderRectification(w.districtA, finding(w, { trigger: { kind: 'poor-level', evaluationId: poorEval } }), TODAY, '127.0.0.1');
    const r = await getRectification(w.districtA, id);
    // "30日内" from 2026-03-02: 2026-04-01 (start day not counted).
    expect(r).toMatchObject({ state: 'rectifying', orderedOn: '2026-03-02', dueOn: '2026-04-01', triggerKind: 'poor-level', evaluationYear: 2025 });
    expect(await poorLevelsWithoutRectification(w.admin)).toEqual([]);
    await expect(orderRectification(w.admin, finding(w, { trigger: { kind: 'poor-level', evaluationId: poorEval } }), TODAY, null)).rejects.toMatchObject({
      kind: 'conflict',
    });
    const [a] = await sql`SELECT actor_name, reason FROM audit_log WHERE action = 'rectification.order' AND target_id = ${String(id)}`;
    expect(a).toMatchObject({ actor_name: 't.district.a', reason: '补齐消毒登记\n培训院感人员' });
  });

  it('refuses a level that is not 差, another district, a viewer, a period over the maximum, a future date', async () => {
    await expect(
      orderRectification(w.admin, finding(w, { institutionId: w.instB, trigger: { kind: 'poor-level', evaluationId: goodEval } }), TODAY, null),
    ).rejects.toThrow(/不属于应限期整改/);
    await expect(orderRectification(w.districtA, finding(w, { institutionId: w.instB }), TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(orderRectification(w.viewer, finding(w), TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(orderRectification(w.admin, finding(w, { periodDays: 366 }), TODAY, null)).rejects.toThrow(/整改期限/);
    await expect(orderRectification(w.admin, finding(w, { orderedOn: '2026-07-01' }), TODAY, null)).rejects.toThrow(/不能晚于今天/);
    await expect(orderRectification(w.admin, finding(w, { items: '  ' }), TODAY, null)).rejects.toThrow(/必填/);
  });
});

describe('report and review', () => {
  it('report → 整改不合格 → report → 整改合格; the public page says 已整改 with its dates', async () => {
    const id = await orderRectification(w.districtB, finding(w, { institutionId: w.instB }), TODAY, null);
    await expect(actOnRectification(w.districtA, id, { action: 'submit-report', on: '2026-03-20', reason: '收到' }, TODAY, null)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(actOnRectification(w.districtB, id, { action: 'submit-report', on: '2026-03-20', reason: '收到' }, TODAY, null)).rejects.toThrow(
      /请填写整改情况或上传/,
    );
    const pdf = new TextEncoder().encode('%PDF-1.4 整改报告');
    await actOnRectification(
      w.districtB,
      id,
      {
        action: 'submit-report',
        on: '2026-03-20',
        reason: '机构提交书面报告',
        reportText: '已整改',
        attachments: [{ fileName: '报告.pdf', mime: 'application/pdf', content: pdf }],
      },
      TODAY,
      null,
    );
    expect(await actOnRectification(w.districtB, id, { action: 'review-fail', on: '2026-03-25', reason: '登记仍不全' }, TODAY, null)).toBe('rectifying');
    await actOnRectification(w.districtB, id, { action: 'submit-report', on: '2026-03-28', reason: '再次提交', reportText: '已补齐' }, TODAY, null);
    expect(await actOnRectification(w.districtB, id, { action: 'review-pass', on: '2026-03-30', reason: '现场复查合格' }, TODAY, null)).toBe('rectified');
    const { attachments, events } = await rectificationHistory(w.districtB, id);
    expect(attachments).toMatchObject([{ fileName: '报告.pdf', mime: 'application/pdf', size: pdf.byteLength }]);
    expect(events.map((e) => e.action)).toEqual(['order', 'submit-report', 'review-fail', 'submit-report', 'review-pass']);
    expect(await rectificationHistory(w.districtA, id)).toEqual({ attachments: [], events: [] });
    const [inst] = await loadInstitutionsByIds([w.instB]);
    const board = disclosureBoard(inst!, new Map() as never, '2026-06-30');
    expect(board.levelNotes).toContain('已整改：2026-03-02责令限期整改，2026-03-30经复查整改合格');
    // Done: no further step, and a viewer never could.
    await expect(actOnRectification(w.admin, id, { action: 'withdraw', on: '2026-04-01', reason: 'x' }, TODAY, null)).rejects.toThrow(/已整改/);
    await expect(actOnRectification(w.viewer, id, { action: 'withdraw', on: '2026-04-01', reason: 'x' }, TODAY, null)).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('a report after the deadline is refused: the record must go to 逾期未整改', async () => {
    const id = await orderRectification(w.admin, finding(w), TODAY, null);
    await expect(
      actOnRectification(w.admin, id, { action: 'submit-report', on: '2026-04-02', reason: '迟交', reportText: '迟交' }, TODAY, null),
    ).rejects.toThrow(/整改期限（2026-04-01）已过/);
    await expect(actOnRectification(w.admin, id, { action: 'mark-overdue', on: '2026-04-01', reason: '到期' }, TODAY, null)).rejects.toThrow(/期限届满前/);
    expect((await listRectifications(w.admin, { pastDue: true, asOf: TODAY, page: 1, pageSize: 10 })).rows.map((r) => r.id)).toContain(id);
  });
});

describe('the overdue consequence', () => {
  it('逾期 → 建议暂缓校验 → another administrator decides → period ends → 注销 recommended → licence 注销 recorded', async () => {
    const admin2 = (await import('../handlers/admin/world')).makeSupervisor('t.admin.2', 'admin');
    const id = await orderRectification(w.districtA, finding(w), TODAY, null);
    await actOnRectification(w.districtA, id, { action: 'mark-overdue', on: '2026-04-02', reason: '期满未提交整改报告' }, TODAY, null);
    await expect(actOnRectification(w.districtA, id, { action: 'suspend-validation', on: '2026-04-03', reason: 'x' }, TODAY, null)).rejects.toThrow(
      /不能登记暂缓校验决定/,
    );
    await actOnRectification(w.admin, id, { action: 'recommend-suspension', on: '2026-04-03', reason: '逾期未整改' }, TODAY, null);
    await expect(
      actOnRectification(w.districtA, id, { action: 'suspend-validation', on: '2026-04-10', reason: 'x', suspensionEndsOn: '2026-05-10' }, TODAY, null),
    ).rejects.toThrow(/委机关管理员/);
    await expect(
      actOnRectification(w.admin, id, { action: 'suspend-validation', on: '2026-04-10', reason: 'x', suspensionEndsOn: '2026-05-10' }, TODAY, null),
    ).rejects.toThrow(/不能审批本人提出/);
    const second = await admin2;
    await expect(actOnRectification(second, id, { action: 'suspend-validation', on: '2026-04-10', reason: '委务会决定' }, TODAY, null)).rejects.toThrow(
      /暂缓校验期限/,
    );
    await actOnRectification(second, id, { action: 'suspend-validation', on: '2026-04-10', reason: '委务会决定', suspensionEndsOn: '2026-05-10' }, TODAY, null);
    await expect(actOnRectification(w.admin, id, { action: 'recommend-cancellation', on: '2026-05-10', reason: 'x' }, TODAY, null)).rejects.toThrow(/期满后/);
    await expect(recordLicenceCancellation(w.admin, id, '2026-05-20', '依法注销', TODAY, null)).rejects.toThrow(/不能登记注销/);
    await actOnRectification(w.admin, id, { action: 'recommend-cancellation', on: '2026-05-11', reason: '期满仍未达到要求' }, TODAY, null);
    await expect(recordLicenceCancellation(w.districtA, id, '2026-05-20', '依法注销', TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(recordLicenceCancellation(w.admin, id, '2026-05-20', ' ', TODAY, null)).rejects.toThrow(/必填/);
    await recordLicenceCancellation(w.admin, id, '2026-05-20', '依法注销《医疗机构执业许可证》', TODAY, null);
    const [inst] = await sql`SELECT status FROM institutions WHERE id = ${w.instA}`;
    expect(inst!['status']).toBe('注销');
    await expect(recordLicenceCancellation(w.admin, id, '2026-05-21', '再次', TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
    const audit = await sql<{ action: string; reason: string }[]>`
      SELECT action, reason FROM audit_log WHERE target_kind = 'rectification' AND target_id = ${String(id)} ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual([
      'rectification.order',
      'rectification.mark-overdue',
      'rectification.recommend-suspension',
      'rectification.suspend-validation',
      'rectification.recommend-cancellation',
      'rectification.cancel-licence',
    ]);
    expect(audit.every((a) => a.reason.length > 0)).toBe(true);
    await sql`UPDATE institutions SET status = '执业' WHERE id = ${w.instA}`;
  });

  it('the database refuses a rectification audit row without a reason', async () => {
    await expect(sql`INSERT INTO audit_log (action) VALUES ('rectification.order')`).rejects.toThrow(/audit_log_rectification_review_reason/);
  });
});
