// The /admin/evaluations screens' handlers (issue 12 items 1 and 2): the form's 行政处罚次数 starts
// from the year's penalty records, a different number is flagged in the preview, bad input is a
// Chinese message (never a 500), and 提交审批 leads to the submission's page.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor, makeWorld, adminContext, type World } from './world';
import { evaluationListPage, newEvaluationPage, submissionPage, type NewEvaluationView } from '../../../../src/handlers/admin/evaluations';
import type { Actor } from '../../../../src/domain/roles';
import { chinaDate } from '../../../../src/domain/working-days';

useTestDatabase();
let w: World;
let admin2: Actor;
const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));

const ctx = adminContext;

const form = (o: Record<string, string> = {}): Record<string, string> => ({
  institutionId: String(w.instA),
  year: String(year),
  evaluatedOn: today,
  actualScore: '86',
  reasonableMissingPoints: '0',
  doubleStarNotMet: '0',
  singleStarNotMet: '0',
  penaltiesThisYear: '0',
  conductViolation: '否',
  seriousViolationOrImpact: '否',
  establishmentNonCompliant: '否',
  validationSuspended: '否',
  majorAccidentFullResponsibility: '否',
  safetyOrFireAccident: '否',
  publicHealthScore: '',
  op: 'preview',
  ...o,
});

beforeAll(async () => {
  w = await makeWorld();
  admin2 = await makeSupervisor('t.admin2', 'admin');
  await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, shown_until)
            VALUES (${w.instA}, '示卫罚〔测试〕1号', ${`${year}-01-02`}, '未按规定', '条例', '警告', ${`${year + 1}-01-02`})`;
});

describe('the evaluation form', () => {
  it('starts 行政处罚次数 from the year’s penalty records', async () => {
    const v = (await newEvaluationPage(ctx(w.districtA, `/admin/evaluations/new?institution=${w.instA}`))) as NewEvaluationView;
    expect(v.values['penaltiesThisYear']).toBe('1');
    expect(v.penalty).toEqual({ recorded: 1, recordedNos: ['示卫罚〔测试〕1号'], message: null });
  });

  it('flags a different number in the preview, and shows the level and the cut', async () => {
    const v = (await newEvaluationPage(ctx(w.districtA, '/admin/evaluations/new', { method: 'POST', form: form() }))) as NewEvaluationView;
    expect(v.status).toBe(200);
    expect(v.preview).toMatchObject({ level: '合格', decidingReasons: ['标化得分86.00，在60分（含）至90分之间'] });
    expect(v.preview!.notes.join()).toContain('参评1家');
    expect(v.penalty!.message).toMatch(/评价填报\d{4}年受到行政处罚0次，行政处罚记录中\d{4}年有1件（示卫罚〔测试〕1号），两者不一致/);
  });

  it('answers bad input with Chinese messages, and an institution outside the jurisdiction with a refusal', async () => {
    const bad = (await newEvaluationPage(
      ctx(w.districtA, '/admin/evaluations/new', { method: 'POST', form: form({ actualScore: 'abc', area0: '10', conductViolation: '也许' }) }),
    )) as NewEvaluationView;
    expect(bad.status).toBe(400);
    expect(bad.errors).toEqual(expect.arrayContaining(['实际得分：不是数字', expect.stringMatching(/^行风违规：/)]));
    const sum = (await newEvaluationPage(ctx(w.districtA, '/admin/evaluations/new', { method: 'POST', form: form({ area0: '10' }) }))) as NewEvaluationView;
    expect(sum.errors).toEqual(['各评价内容得分之和（10.00）与实际得分（86.00）不一致']);
    const outside = (await newEvaluationPage(
      ctx(w.districtA, '/admin/evaluations/new', { method: 'POST', form: form({ institutionId: String(w.instB) }) }),
    )) as NewEvaluationView;
    expect(outside.status).toBe(404);
  });

  it('提交审批 → the submission page; the enterer sees no approve action, another administrator does and approves', async () => {
    const r = (await newEvaluationPage(
      ctx(w.districtA, '/admin/evaluations/new', { method: 'POST', form: form({ op: 'submit', penaltiesThisYear: '1' }) }),
    )) as Response;
    expect(r.status).toBe(303);
    const id = /evaluations\/(\d+)/.exec(r.headers.get('location')!)![1]!;
    const mine = await submissionPage(ctx(w.districtA, `/admin/evaluations/${id}`, { params: { id } }));
    expect(mine).toMatchObject({ actions: ['withdraw'], penalty: { message: null }, s: { state: '待审批' } });
    const theirs = await submissionPage(ctx(admin2, `/admin/evaluations/${id}`, { params: { id } }));
    expect(theirs).toMatchObject({ actions: ['approve', 'return', 'withdraw'], preview: { level: '合格' } });
    const list = await evaluationListPage(ctx(w.viewer, `/admin/evaluations?state=待审批&year=${year}`));
    expect(list).toMatchObject({ total: 1, canApprove: false, canWrite: false });
  });
});
