import { describe, expect, it } from 'vitest';
import { caseProblems, casePath, CASE_TRANSITIONS } from '../../../src/domain/typical-cases';
import { decideTransition } from '../../../src/domain/lifecycle-transitions';

const draft = { title: '某诊所超范围执业被处罚', body: '执法人员检查发现该诊所超出登记的诊疗科目开展诊疗活动，依法给予警告。', caseDate: '2026-06-01' };
const admin = { role: 'admin' as const, inJurisdiction: true };

describe('typical cases (典型案例曝光, issue 12 item 10)', () => {
  it('a case has a title, a text and a date not in the future', () => {
    expect(caseProblems(draft, '2026-06-01')).toEqual([]);
    expect(caseProblems({ ...draft, title: ' ', body: '' }, '2026-06-30')).toEqual(['请填写案例标题', '请填写案例正文']);
    expect(caseProblems(draft, '2026-05-31')).toEqual(['案例日期不能晚于今天']);
    expect(caseProblems({ ...draft, caseDate: '2026-6-1' }, '2026-06-30')).toEqual(['日期格式不正确（应为 YYYY-MM-DD）']);
  });
  it('never names a complainant or a patient: phone numbers, ID numbers and name cues are refused', () => {
    for (const extra of ['投诉人电话13812345678', '患者姓名：李四', '身份证号110101199003071234', '举报人是王小明']) {
      expect(caseProblems({ ...draft, body: draft.body + extra }, '2026-06-30'), extra).toContain(
        '案例中含有个人信息（电话、证件号、住址或投诉人、患者姓名等），公开前请删去',
      );
    }
  });
  it('an administrator publishes a draft, withdraws a published case and may publish it again; others may not', () => {
    expect(decideTransition(CASE_TRANSITIONS, 'draft', 'publish', admin)).toEqual({ ok: true, next: 'published' });
    expect(decideTransition(CASE_TRANSITIONS, 'published', 'withdraw', admin)).toEqual({ ok: true, next: 'withdrawn' });
    expect(decideTransition(CASE_TRANSITIONS, 'withdrawn', 'publish', admin)).toEqual({ ok: true, next: 'published' });
    expect(decideTransition(CASE_TRANSITIONS, 'draft', 'withdraw', admin)).toMatchObject({ ok: false });
    expect(decideTransition(CASE_TRANSITIONS, 'draft', 'publish', { role: 'district', inJurisdiction: true })).toMatchObject({ ok: false });
  });
  it('each case has an anchor on /cases/', () => {
    expect(casePath(12)).toBe('/cases/#case-12');
  });
});
