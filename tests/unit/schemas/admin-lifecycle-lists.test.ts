import { describe, expect, it } from 'vitest';
import { proposeDishonestySchema } from '../../../src/schemas/admin-lifecycle-lists';
import { DISHONESTY_GROUNDS } from '../../../src/domain/dishonesty';

const form = { institutionId: '3', reason: '伪造病历', legalBasis: '《医疗机构管理条例》', listedOn: '2025-03-01', displayUntil: '2026-02-28' };

describe('the 严重失信名单 proposal form', () => {
  it('reads the ground checkboxes (ground0 …) as the grounds, in the order of DISHONESTY_GROUNDS', () => {
    const r = proposeDishonestySchema.parse({ ...form, ground2: DISHONESTY_GROUNDS[2], ground0: DISHONESTY_GROUNDS[0] });
    expect(r.grounds).toEqual([DISHONESTY_GROUNDS[0], DISHONESTY_GROUNDS[2]]);
    expect(r.institutionId).toBe(3);
  });
  it('refuses a proposal without a ground, naming the field', () => {
    const r = proposeDishonestySchema.safeParse(form);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['grounds', '请至少选择一项列入依据']);
  });
});
