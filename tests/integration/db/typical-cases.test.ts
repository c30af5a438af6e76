// 典型案例 (issue 12 item 10) against PostgreSQL: administrators only, linked to a penalty by its
// decision number, published and withdrawn with audit rows; no personal details go public.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { actOnCase, createCase, listCases, publishedCases } from '../../../src/db/typical-cases';

useTestDatabase();
let w: World;
const TODAY = '2026-06-30';
const draft = {
  title: '某诊所使用非卫生技术人员被处罚',
  body: '2026年5月，执法人员检查发现该诊所使用非卫生技术人员从事诊疗活动，依法给予警告并处罚款。',
  caseDate: '2026-06-01',
  penaltyDecisionNo: '示卫医罚〔2026〕1号',
};

beforeAll(async () => {
  w = await makeWorld();
  await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, shown_until)
            VALUES (${w.instA}, '示卫医罚〔2026〕1号', '2026-05-20', '使用非卫生技术人员', '《医疗机构管理条例》第四十七条', '警告，罚款5000元', '2029-05-20')`;
});

describe('typical cases', () => {
  it('only an administrator writes one; the penalty must exist; personal details are refused', async () => {
    await expect(createCase(w.districtA, draft, TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(createCase(w.admin, { ...draft, penaltyDecisionNo: '不存在〔2026〕9号' }, TODAY, null)).rejects.toThrow(/没有找到/);
    await expect(createCase(w.admin, { ...draft, body: `${draft.body}投诉人电话13812345678。` }, TODAY, null)).rejects.toThrow(/个人信息/);
    await expect(createCase(w.admin, { ...draft, body: `投诉人姓名：王小明，${draft.body}` }, TODAY, null)).rejects.toThrow(/个人信息/);
  });

  it('a draft is not public; publish and withdraw are audited', async () => {
    const id = await createCase(w.admin, draft, TODAY, null);
    expect(await publishedCases()).toEqual([]);
    await expect(actOnCase(w.admin, id, 'withdraw', '撤回', TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
    expect(await actOnCase(w.admin, id, 'publish', '经审核公开', TODAY, null)).toBe('published');
    expect(await publishedCases()).toMatchObject([
      { id, title: draft.title, institutionCode: 'TSTA01', penaltyDecisionNo: draft.penaltyDecisionNo, publishedOn: TODAY },
    ]);
    expect(await actOnCase(w.admin, id, 'withdraw', '案情需更正', TODAY, null)).toBe('withdrawn');
    expect(await publishedCases()).toEqual([]);
    expect((await listCases(w.admin))[0]).toMatchObject({ id, state: 'withdrawn' });
    expect(await listCases(w.districtA)).toEqual([]);
    const rows = await sql<{ action: string; reason: string | null }[]>`SELECT action, reason FROM audit_log WHERE target_kind = 'typical_case' ORDER BY id`;
    expect(rows).toEqual([
      { action: 'case.create', reason: null },
      { action: 'case.publish', reason: '经审核公开' },
      { action: 'case.withdraw', reason: '案情需更正' },
    ]);
  });
});
