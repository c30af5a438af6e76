// Evaluations entered or imported as submissions and approved by a second person (issue 12
// item 1), against PostgreSQL: roles, jurisdiction, second person, return/withdraw, the 10 % cut
// recomputed on approval, the import creating submissions, and the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { COUNTY, makeSupervisor, makeWorld, TOWN_A, type World } from '../handlers/admin/world';
import {
  approveSubmissions,
  getSubmission,
  listSubmissions,
  previewEvaluation,
  returnSubmission,
  submitEvaluation,
  withdrawSubmission,
  type EvaluationEntry,
} from '../../../src/db/evaluation-submissions';
import { confirmBatch, uploadForConfirmation } from '../../../src/handlers/admin/import';
import { SECOND_PERSON_REFUSAL } from '../../../src/domain/lifecycle-transitions';
import type { Actor } from '../../../src/domain/roles';
import { evaluationInput } from '../../../src/demo/factory';

useTestDatabase();
const TODAY = '2025-11-20';
let w: World;
let admin2: Actor;
/** Ten more institutions in 甲镇 (the county then has 12: a quota of one 优秀). */
const extra: number[] = [];

const entry = (institutionId: number, o: Partial<EvaluationEntry> = {}): EvaluationEntry => ({
  ...evaluationInput({ actualScore: 80 }),
  institutionId,
  year: 2025,
  evaluatedOn: '2025-10-30',
  itemScores: [],
  note: null,
  ...o,
});

const stored = async (institutionId: number) =>
  (await sql<{ level: string; reasons: string[] }[]>`SELECT level, reasons FROM evaluations WHERE institution_id = ${institutionId} AND year = 2025`)[0];

beforeAll(async () => {
  w = await makeWorld();
  admin2 = await makeSupervisor('t.admin2', 'admin');
  for (let i = 0; i < 10; i += 1) {
    const [r] = await sql<{ id: number }[]>`
      INSERT INTO institutions (code, registration_no, name, region_code) VALUES (${'TSX' + i}, ${'REG-X' + i}, ${'甲镇诊所' + i}, ${TOWN_A}) RETURNING id`;
    extra.push(r!.id);
  }
});

describe('entering and approving an evaluation', () => {
  it('a district supervisor enters; nothing reaches evaluations until an administrator approves', async () => {
    const id = await submitEvaluation(w.districtA, entry(w.instA, { actualScore: 85, itemScores: [{ item: '医疗执业管理', score: 85 }] }), '127.0.0.1');
    expect(await getSubmission(w.districtA, id)).toMatchObject({ state: '待审批', source: '录入', level: '合格', jurisdictionCode: COUNTY });
    expect(await stored(w.instA)).toBeUndefined();
    const [a] = await sql`SELECT actor_name FROM audit_log WHERE action = 'evaluation.submit' AND target_id = ${String(id)}`;
    expect(a!['actor_name']).toBe('t.district.a');

    await expect(approveSubmissions(w.districtA, { ids: [id] }, TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    const r = await approveSubmissions(w.admin, { ids: [id] }, TODAY, null);
    expect(r.approved).toBe(1);
    expect(await stored(w.instA)).toMatchObject({ level: '合格' });
    expect(await getSubmission(w.admin, id)).toMatchObject({ state: '已批准', decidedByName: 't.admin显示名' });
    const [e] = await sql`SELECT item_scores FROM evaluations WHERE institution_id = ${w.instA}`;
    expect(e!['item_scores']).toEqual([{ item: '医疗执业管理', score: 85 }]);
    const [b] = await sql`SELECT actor_name FROM audit_log WHERE action = 'evaluation.approve' AND target_id = ${String(id)}`;
    expect(b!['actor_name']).toBe('t.admin');
    // Approved once: never again.
    await expect(approveSubmissions(admin2, { ids: [id] }, TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('refuses the enterer as approver (second person), outside the jurisdiction, and a viewer', async () => {
    const id = await submitEvaluation(w.admin, entry(w.instB), null);
    await expect(approveSubmissions(w.admin, { ids: [id] }, TODAY, null)).rejects.toThrow(SECOND_PERSON_REFUSAL);
    await expect(returnSubmission(w.admin, id, '自己退回', null)).rejects.toThrow(SECOND_PERSON_REFUSAL);
    // The database refuses it too, whatever the application does.
    await expect(sql`UPDATE evaluation_submissions SET state = '已批准', decided_by = entered_by, decided_at = now() WHERE id = ${id}`).rejects.toThrow(
      /check constraint/,
    );
    await expect(submitEvaluation(w.districtA, entry(w.instB), null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(submitEvaluation(w.viewer, entry(w.instA), null)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await getSubmission(w.districtA, id)).toBeNull();
    await approveSubmissions(admin2, { ids: [id] }, TODAY, null);
    expect(await stored(w.instB)).toMatchObject({ level: '合格' });
  });

  it('returns with a reason, withdraws, and a newer entry replaces a waiting one', async () => {
    const first = await submitEvaluation(w.districtA, entry(w.instA, { actualScore: 70 }), null);
    await expect(returnSubmission(w.admin, first, '  ', null)).rejects.toThrow(/退回理由/);
    await returnSubmission(w.admin, first, '实际得分与现场评价表不符', null);
    expect(await getSubmission(w.admin, first)).toMatchObject({ state: '已退回', reason: '实际得分与现场评价表不符' });
    await expect(approveSubmissions(admin2, { ids: [first] }, TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });

    const second = await submitEvaluation(w.districtA, entry(w.instA, { actualScore: 71 }), null);
    const third = await submitEvaluation(w.districtA, entry(w.instA, { actualScore: 72 }), null);
    expect(await getSubmission(w.admin, second)).toMatchObject({ state: '已撤回', reason: '被新的录入取代' });
    await expect(withdrawSubmission(w.districtB, third, null, null)).rejects.toMatchObject({ kind: 'not-found' });
    await withdrawSubmission(w.districtA, third, '重新评分', null);
    expect(await getSubmission(w.admin, third)).toMatchObject({ state: '已撤回' });
    // The approved 85 stands.
    const [e] = await sql`SELECT actual_score FROM evaluations WHERE institution_id = ${w.instA}`;
    expect(e!['actual_score']).toBe(85);
    const { rows } = await listSubmissions(w.districtA, { state: '已退回', page: 1, pageSize: 10 });
    expect(rows.map((r) => r.id)).toEqual([first]);
  });
});

describe('the 10 % cut', () => {
  it('is recomputed for the jurisdiction and year on approval, and the preview names whose level moves first', async () => {
    // Ten more evaluations: 95 and 92 are the two 优秀 candidates for one place (12 evaluated).
    const ids = [];
    for (const [i, inst] of extra.entries())
      ids.push(await submitEvaluation(w.districtA, entry(inst, { actualScore: i === 0 ? 95 : i === 1 ? 92 : 75 }), null));
    const r = await approveSubmissions(w.admin, { ids }, TODAY, null);
    expect(r.approved).toBe(10);
    expect(await stored(extra[0]!)).toMatchObject({ level: '优秀' });
    expect((await stored(extra[1]!))!.level).toBe('合格');
    expect(r.notes.join('\n')).toContain('参评12家，优秀名额1个，符合优秀条件2家，评为优秀1家');

    // A correction of 甲镇卫生院 to 98 would take the one place from 甲镇诊所0.
    const before = await sql`SELECT count(*)::int AS n FROM evaluations`;
    const preview = await previewEvaluation(w.districtA, entry(w.instA, { actualScore: 98 }), TODAY);
    expect(preview.level).toBe('优秀');
    expect(preview.decidingReasons).toEqual(['标化得分98.00，90分（含）以上']);
    expect(preview.levelChanges.map((c) => `${c.name} ${c.before}→${c.after}`)).toEqual(['甲镇卫生院 合格→优秀', '甲镇诊所0 优秀→合格']);
    // …and wrote nothing.
    expect(await sql`SELECT count(*)::int AS n FROM evaluations`).toEqual(before);
    expect((await stored(w.instA))!.level).toBe('合格');

    const id = await submitEvaluation(w.districtA, entry(w.instA, { actualScore: 98 }), null);
    const posterBefore = (await sql`SELECT poster_version FROM institutions WHERE id = ${extra[0]!}`)[0]!['poster_version'] as number;
    const approved = await approveSubmissions(admin2, { ids: [id] }, TODAY, null);
    expect(approved.levelChanges.map((c) => c.name)).toEqual(['甲镇卫生院', '甲镇诊所0']);
    expect((await stored(extra[0]!))!.reasons.join()).toContain('优秀比例不超过10%');
    expect((await sql`SELECT poster_version FROM institutions WHERE id = ${extra[0]!}`)[0]!['poster_version']).toBe(posterBefore + 1);
  });
});

describe('the sheet import goes through the same approval', () => {
  const HEADER =
    '登记号,机构名称,评价年度,实际得分,合理缺项分值,双星项不符合数,单星项不符合数,行政处罚次数,行风违规,严重违法或严重社会影响,设置不符合规定,暂缓校验,重大医疗事故负完全责任,安全生产消防事故,基本公卫绩效得分,评价日期';
  const row = (reg: string, name: string, score: number, penalties = 0) => `${reg},${name},2025,${score},0,0,0,${penalties},否,否,否,否,否,否,,2025-10-30`;

  it('creates waiting submissions of the batch, flags penalty counts that disagree, and a second admin approves the batch', async () => {
    await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, shown_until)
              VALUES (${extra[3]!}, '示卫罚〔2025〕7号', '2025-05-06', '未按规定', '条例', '警告', '2026-05-06')`;
    const csv = [HEADER, row('REG-X2', '甲镇诊所2', 91), row('REG-X3', '甲镇诊所3', 76, 0)].join('\n');
    const before = await sql`SELECT id, level, actual_score FROM evaluations ORDER BY id`;
    // The supervisor area's path: upload (preview) → confirm, by admin2.
    const batchId = await uploadForConfirmation(admin2, {
      kind: 'evaluations',
      fileName: 'e.csv',
      bytes: new TextEncoder().encode(csv),
      skipInvalid: false,
      sheet: null,
    });
    const batch = { id: batchId };
    const out = await confirmBatch(admin2, batchId, null);
    expect(out.report.applied).toBe(true);
    const notes = out.report.result!.notes.join('\n');
    expect(notes).toContain('待审批');
    expect(notes).toMatch(/第3行甲镇诊所3：评价填报2025年受到行政处罚0次，行政处罚记录中2025年有1件（示卫罚〔2025〕7号）/);
    // Nothing public changed.
    expect(await sql`SELECT id, level, actual_score FROM evaluations ORDER BY id`).toEqual(before);
    const waiting = await listSubmissions(w.admin, { batchId: batch.id, page: 1, pageSize: 10 });
    expect(waiting.rows.map((r) => [r.institutionName, r.state, r.source])).toEqual([
      ['甲镇诊所3', '待审批', '导入'],
      ['甲镇诊所2', '待审批', '导入'],
    ]);
    // The importer is not the second person.
    await expect(approveSubmissions(admin2, { batchId: batch.id }, TODAY, null)).rejects.toThrow(SECOND_PERSON_REFUSAL);
    const r = await approveSubmissions(w.admin, { batchId: batch.id }, TODAY, '127.0.0.1');
    expect(r.approved).toBe(2);
    expect((await stored(extra[2]!))!.level).toBe('合格'); // 91 but below the 98 and 95 of the county: the cut
    const [a] = await sql`SELECT target_kind, detail FROM audit_log WHERE action = 'evaluation.approve' AND target_id = ${String(batch.id)}`;
    expect(a).toMatchObject({ target_kind: 'import_batch', detail: { count: 2 } });
    await expect(approveSubmissions(w.admin, { batchId: batch.id }, TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
