// The review pages: an application recorded from the form, accepted and decided 变更, then the
// page leads to the corrected evaluation; a point chosen on the same form goes to the points
// workflow (its appeal, its page), not to a second review record.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor, makeWorld, type World } from './world';
import { approveDowngrade, recordFinding, rescoreDowngrade, submitDowngrade } from '../../../../src/db/downgrades-write';
import { getDowngrade } from '../../../../src/db/downgrades-read';
import { FACTS } from '../../../unit/domain/builders';
import { makeEvaluation } from '../../db/credit-world';
import { newReviewPage, reviewPage } from '../../../../src/handlers/admin/reviews';
import { createPoint } from '../../../../src/db/points-write';
import type { Actor } from '../../../../src/domain/roles';
import { addCalendarDays, chinaDate } from '../../../../src/domain/working-days';

useTestDatabase();
let w: World;
let evaluationId: number;
const today = chinaDate(new Date());
const yesterday = addCalendarDays(today, -1);

function ctx(actor: Actor, path: string, params: Record<string, string>, form?: Record<string, string>): never {
  const url = new URL('http://127.0.0.1' + path);
  const request = new Request(
    url,
    form ? { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {},
  );
  return { url, request, params, locals: { admin: { actor, csrfToken: 't', sessionId: 's' } }, cookies: {} as never, clientAddress: '198.51.100.7' } as never;
}

beforeAll(async () => {
  w = await makeWorld();
  evaluationId = await makeEvaluation(w.instA, '合格');
});

describe('review pages', () => {
  it('record → accept → 变更: the page links to the corrected evaluation', async () => {
    const form = {
      institutionId: String(w.instA),
      target: `evaluation:${evaluationId}`,
      applicant: '甲镇卫生院',
      grounds: '合理缺项未扣除',
      noticeReceivedOn: yesterday,
      filedOn: today,
    };
    const missing = (await newReviewPage(ctx(w.districtA, '/admin/reviews/new', {}, { ...form, noticeReceivedOn: '' }))) as {
      status: number;
      errors: string[];
      today: string;
    };
    expect(missing.status).toBe(400);
    // recordFormPage gives every new-record form its latest date (the date fields' max).
    expect(missing.today).toBe(today);
    expect(missing.errors.join()).toMatch(/收到通知书日期/);
    const created = (await newReviewPage(ctx(w.districtA, '/admin/reviews/new', {}, form))) as Response;
    const id = created.headers.get('Location')!.match(/\/admin\/reviews\/(\d+)\?done=record/)![1]!;
    const refused = (await reviewPage(ctx(w.districtA, `/admin/reviews/${id}`, { id }, { action: 'accept', on: today, reason: '受理' }))) as {
      status: number;
      errors: string[];
    };
    expect(refused.status).toBe(403);
    expect(refused.errors.join()).toMatch(/委机关管理员/);
    await reviewPage(ctx(w.admin, `/admin/reviews/${id}`, { id }, { action: 'accept', on: today, reason: '受理' }));
    await reviewPage(ctx(w.admin, `/admin/reviews/${id}`, { id }, { action: 'change', on: today, reason: '合理缺项应扣除', decisionNote: '标化得分更正' }));
    const view = (await reviewPage(ctx(w.admin, `/admin/reviews/${id}`, { id }))) as { correctionHref: string | null; actions: unknown[]; publicText: string };
    expect(view.correctionHref).toBe('/admin/evaluations?institution=TSTA01');
    expect(view.actions).toEqual([]);
    expect(view.publicText).toMatch(/^经复核，变更原2025年度信用评价结果：标化得分更正/);
    expect(await reviewPage(ctx(w.districtB, `/admin/reviews/${id}`, { id }))).toBeNull();
  });

  it('a point goes to its appeal in the points workflow', async () => {
    const point = await createPoint(
      w.admin,
      {
        institutionId: w.instA,
        staffId: null,
        behaviour: '未公示价格',
        points: 1,
        source: '监督检查',
        sourceComplaintId: null,
        department: null,
        foundOn: yesterday,
        approvedOn: null,
        noticeServedOn: yesterday,
        noticeReceivedOn: yesterday,
      },
      today,
      null,
    );
    const r = (await newReviewPage(
      ctx(
        w.districtA,
        '/admin/reviews/new',
        {},
        { institutionId: String(w.instA), target: `point:${point}`, applicant: '甲镇卫生院', grounds: '有异议', filedOn: today },
      ),
    )) as Response;
    expect(r.headers.get('Location')).toBe(`/admin/points/${point}?done=appeal`);
    const [p] = await sql<{ status: string }[]>`SELECT status FROM point_records WHERE id = ${point}`;
    expect(p!.status).toBe('申诉中');
    const [n] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM reviews`;
    expect(n!.n).toBe(1);
  });

  it('a review decided 撤销 against a downgrade ends the downgrade itself (the level in force goes back)', async () => {
    await makeEvaluation(w.instB, '优秀');
    const admin2 = await makeSupervisor('t.admin.review2', 'admin');
    const found = addCalendarDays(today, -10);
    const id = await recordFinding(
      w.admin,
      {
        institutionId: w.instB,
        foundOn: found,
        source: '日常监督',
        finding: '使用非卫生技术人员从事医疗卫生技术工作',
        linkKind: 'inspection',
        linkRef: '检查记录1',
      },
      today,
      null,
    );
    await rescoreDowngrade(w.admin, id, addCalendarDays(found, 2), { ...FACTS, actualScore: 55 }, '现场重新评分', today, null);
    await submitDowngrade(w.admin, id, '上报', null);
    await approveDowngrade(admin2, id, '同意降级', today, null);
    expect((await getDowngrade(w.admin, id))?.state).toBe('downgraded');

    const form = {
      institutionId: String(w.instB),
      target: `downgrade:${id}`,
      applicant: '乙镇诊所',
      grounds: '认定事实有误',
      noticeReceivedOn: yesterday,
      filedOn: today,
    };
    const created = (await newReviewPage(ctx(w.admin, '/admin/reviews/new', {}, form))) as Response;
    const reviewId = created.headers.get('Location')!.match(/\/admin\/reviews\/(\d+)\?done=record/)![1]!;
    await reviewPage(ctx(w.admin, `/admin/reviews/${reviewId}`, { id: reviewId }, { action: 'accept', on: today, reason: '受理' }));
    const decided = await reviewPage(ctx(w.admin, `/admin/reviews/${reviewId}`, { id: reviewId }, { action: 'revoke', on: today, reason: '认定事实不清' }));
    expect(decided).toBeInstanceOf(Response);
    expect(await getDowngrade(w.admin, id)).toMatchObject({ state: 'revoked', revokedOn: today });
  });
});
