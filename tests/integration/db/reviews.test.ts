// 复核 applications (seed 000 二's periods) against PostgreSQL: evaluation and downgrade reviews,
// evaluations.review_status kept in step, jurisdiction and roles, the public lines, and point
// appeals listed from the existing points workflow (not a second one).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { makeEvaluation } from './credit-world';
import { actOnReview, getReview, listPointAppeals, listReviews, recordReview, reviewableItems, type NewReview } from '../../../src/db/reviews';
import { acceptAppeal, createPoint, decideAppeal, fileAppeal } from '../../../src/db/points-write';
import { loadInstitutionsByIds } from '../../../src/db/public-read';
import { disclosureBoard } from '../../../src/domain/disclosure-board';

useTestDatabase();
let w: World;
let evalA: number;
let evalB: number;
let downgradeB: number;
const TODAY = '2026-06-30';

const application = (over: Partial<NewReview> = {}): NewReview => ({
  institutionId: w.instA,
  target: { item: 'evaluation', evaluationId: evalA },
  applicant: '甲镇卫生院',
  grounds: '评分有误',
  noticeReceivedOn: '2026-03-02',
  filedOn: '2026-03-04',
  reason: '机构书面申请',
  ...over,
});

const reviewStatus = async (id: number) => (await sql<{ s: string }[]>`SELECT review_status AS s FROM evaluations WHERE id = ${id}`)[0]!.s;
const boardOf = async (id: number) => disclosureBoard((await loadInstitutionsByIds([id]))[0]!, new Map() as never, TODAY);

beforeAll(async () => {
  w = await makeWorld();
  evalA = await makeEvaluation(w.instA, '合格');
  evalB = await makeEvaluation(w.instB, '优秀');
  const [d] = await sql<{ id: number }[]>`
    INSERT INTO downgrades (evaluation_id, decided_on, notice_no, from_level, to_level, reason)
    VALUES (${evalB}, '2026-02-20', '青禾卫健降〔2026〕1号', '优秀', '合格', '受到行政处罚') RETURNING id`;
  downgradeB = d!.id;
});

describe('a review of an evaluation', () => {
  it('pending: the evaluation is 复核中 (the level box shows 复核中); decided: 已复核 and the decision is shown', async () => {
    const id = await recordReview(w.districtA, application(), TODAY, null);
    expect(await reviewStatus(evalA)).toBe('复核中');
    expect((await boardOf(w.instA)).levelWord).toBe('复核中');
    await expect(recordReview(w.admin, application(), TODAY, null)).rejects.toThrow(/已有待处理/);
    // Seed 000: the commission accepts and decides; a district supervisor records and withdraws only.
    await expect(actOnReview(w.districtA, id, { action: 'accept', on: '2026-03-05', reason: '受理' }, TODAY, null)).rejects.toThrow(/委机关管理员/);
    await actOnReview(w.admin, id, { action: 'accept', on: '2026-03-05', reason: '材料齐全' }, TODAY, null);
    // 10 working days from 2026-03-05.
    expect(await getReview(w.admin, id)).toMatchObject({ state: 'accepted', decisionDue: '2026-03-19' });
    await expect(actOnReview(w.admin, id, { action: 'change', on: '2026-03-10', reason: '评分有误' }, TODAY, null)).rejects.toThrow(/变更内容/);
    await expect(actOnReview(w.admin, id, { action: 'maintain', on: '2026-03-04', reason: '维持' }, TODAY, null)).rejects.toThrow(/不能早于/);
    await actOnReview(w.admin, id, { action: 'maintain', on: '2026-03-10', reason: '评分无误' }, TODAY, null);
    expect(await reviewStatus(evalA)).toBe('已复核');
    const board = await boardOf(w.instA);
    expect(board.levelWord).toBe('合格');
    expect(board.levelNotes).toEqual(['经复核，维持原2025年度信用评价结果（2026-03-10决定）']);
    const audit = await sql<
      { action: string; reason: string }[]
    >`SELECT action, reason FROM audit_log WHERE target_kind = 'review' AND target_id = ${String(id)} ORDER BY id`;
    expect(audit).toEqual([
      { action: 'review.record', reason: '机构书面申请' },
      { action: 'review.accept', reason: '材料齐全' },
      { action: 'review.maintain', reason: '评分无误' },
    ]);
  });

  it('a late application is recorded but can only be refused; withdrawing ends 复核中', async () => {
    const id = await recordReview(w.admin, application({ noticeReceivedOn: '2026-04-01', filedOn: '2026-04-10' }), TODAY, null);
    await expect(actOnReview(w.admin, id, { action: 'accept', on: '2026-04-10', reason: '受理' }, TODAY, null)).rejects.toThrow(/只能不予受理/);
    await actOnReview(w.admin, id, { action: 'refuse', on: '2026-04-11', reason: '超过申请期限' }, TODAY, null);
    expect(await reviewStatus(evalA)).toBe('已复核'); // the earlier decided review still stands
    const again = await recordReview(w.districtA, application({ noticeReceivedOn: '2026-05-01', filedOn: '2026-05-02' }), TODAY, null);
    expect(await reviewStatus(evalA)).toBe('复核中');
    await actOnReview(w.districtA, again, { action: 'withdraw', on: '2026-05-03', reason: '机构撤回' }, TODAY, null);
    expect(await reviewStatus(evalA)).toBe('已复核');
  });

  it('jurisdiction and roles: another district sees nothing, a viewer cannot record', async () => {
    await expect(recordReview(w.districtB, application(), TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(recordReview(w.viewer, application(), TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await listReviews(w.districtB, false)).toEqual([]);
    expect((await listReviews(w.districtA, false)).length).toBe(3);
    expect(await reviewableItems(w.districtB, w.instA)).toEqual([]);
    await expect(recordReview(w.admin, application({ filedOn: '2026-07-01' }), TODAY, null)).rejects.toThrow(/不能晚于今天/);
  });
});

describe('a review of a downgrade', () => {
  it('the downgrade stays in force, marked 复核中; the decision ends the mark', async () => {
    const id = await recordReview(
      w.districtB,
      application({ institutionId: w.instB, target: { item: 'downgrade', downgradeId: downgradeB }, noticeReceivedOn: '2026-02-21', filedOn: '2026-02-23' }),
      TODAY,
      null,
    );
    expect(await reviewStatus(evalB)).toBe('无');
    let board = await boardOf(w.instB);
    expect(board.levelWord).toBe('合格');
    expect(board.levelNotes).toEqual(['复核中：已于2026-02-23对降级决定提出异议，待受理']);
    await actOnReview(w.admin, id, { action: 'accept', on: '2026-02-24', reason: '受理' }, TODAY, null);
    await actOnReview(w.admin, id, { action: 'change', on: '2026-03-02', reason: '处罚已撤销', decisionNote: '信用级别恢复为优秀' }, TODAY, null);
    board = await boardOf(w.instB);
    expect(board.levelNotes).toEqual(['经复核，变更原降级决定：信用级别恢复为优秀（2026-03-02决定）']);
    expect((await listReviews(w.admin, true)).map((r) => r.id)).not.toContain(id);
  });
});

describe('point appeals', () => {
  it('are listed from the points workflow; the public page says 复核中 until the decision', async () => {
    const point = await createPoint(
      w.districtA,
      {
        institutionId: w.instA,
        staffId: null,
        behaviour: '未公示价格',
        points: 2,
        source: '监督检查',
        sourceComplaintId: null,
        department: null,
        foundOn: '2026-06-01',
        approvedOn: '2026-06-01',
        noticeServedOn: '2026-06-02',
        noticeReceivedOn: '2026-06-02',
      },
      TODAY,
      null,
    );
    await fileAppeal(w.districtA, point, '2026-06-03', null, TODAY, null);
    expect((await listPointAppeals(w.districtA, true)).map((a) => a.pointId)).toEqual([point]);
    expect(await listPointAppeals(w.districtB, true)).toEqual([]);
    const line = () => boardOf(w.instA).then((b) => b.points.flatMap((q) => q.lines).find((l) => l.behaviour === '未公示价格'));
    expect((await line())?.status).toBe('复核中（申诉处理中）');
    await acceptAppeal(w.admin, point, '2026-06-04', TODAY, null);
    await decideAppeal(w.admin, point, '维持', '2026-06-10', '事实清楚', TODAY, null);
    expect((await line())?.status).toBe('有效');
    expect(await listPointAppeals(w.admin, true)).toEqual([]);
  });
});
