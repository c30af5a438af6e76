import { describe, expect, it } from 'vitest';
import { codesOf } from '../../../src/domain/code-lists';
import { FOLLOW_UP_KINDS, followUpHref, followUpLabel } from '../../../src/domain/inspections';
import { PORTAL_KINDS, PORTAL_KIND_LABELS, PORTAL_STATES } from '../../../src/domain/portal';

describe('codesOf', () => {
  it('gives the keys in the order written, hyphenated and Chinese keys alike', () => {
    expect(codesOf({ b: 1, a: 2, 'c-d': 3 })).toEqual(['b', 'a', 'c-d']);
    expect(codesOf({ 待审批: '待审批', 已批准: '已批准' })).toEqual(['待审批', '已批准']);
  });

  it('refuses an empty table (a closed set needs at least one code, and z.enum a non-empty tuple)', () => {
    expect(() => codesOf({})).toThrow(/no codes/);
  });

  it('the portal kinds and states and the follow-up kinds keep their order (the 0011 CHECK, the filter and the select list them so)', () => {
    expect(PORTAL_KINDS).toEqual(['self-inspection', 'rectification-report', 'hours-prices', 'staff-commitments', 'reply']);
    expect(PORTAL_KINDS.map((k) => PORTAL_KIND_LABELS[k])).toEqual(['自查结果', '整改报告', '诊疗时间与收费公示', '医务人员依法执业承诺', '机构回应']);
    expect(PORTAL_STATES).toEqual(['pending', 'approved', 'rejected', 'withdrawn']);
    expect(FOLLOW_UP_KINDS).toEqual(['rectification', 'point', 'penalty', 'downgrade']);
    expect(FOLLOW_UP_KINDS.map(followUpLabel)).toEqual(['责令整改', '不良执业行为记分', '行政处罚', '信用降级']);
    expect(FOLLOW_UP_KINDS.map((k) => followUpHref(k, 3))).toEqual(['/admin/rectifications/3', '/admin/points/3', null, '/admin/downgrades/3']);
  });
});
