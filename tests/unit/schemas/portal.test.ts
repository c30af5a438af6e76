// The portal's forms: price lines as typed (naming the line), the stored payloads read back.
import { describe, expect, it } from 'vitest';
import { activationSchema, parsePriceLines, portalDecisionSchema, readPayload, selfInspectionForm } from '../../../src/schemas/portal';

describe('price lines', () => {
  it('reads "项目 | 单位 | 价格 | 备注" per line, blank lines skipped, full-width bars too', () => {
    expect(parsePriceLines('普通门诊诊查费 | 次 | 10 | 医保报销\n\n血常规｜项｜15.5元｜')).toEqual({
      items: [
        { item: '普通门诊诊查费', unit: '次', priceCents: 1000, note: '医保报销' },
        { item: '血常规', unit: '项', priceCents: 1550, note: null },
      ],
      errors: [],
    });
  });
  it('names the line of a bad price, an empty item and a repeated item', () => {
    const r = parsePriceLines('挂号 | 次 | 五元\n | 次 | 3\n挂号 | 次 | 1\n挂号 | 次 | 2');
    expect(r.errors).toEqual([
      '价格表第 1 行：价格应为数字（元，最多两位小数），格式为“项目 | 单位 | 价格 | 备注”',
      '价格表第 2 行：项目名称应为 1–100 个字，单位不超过 20 个字，备注不超过 200 个字',
      '价格表第 4 行：项目“挂号”重复',
    ]);
    expect(r.items.map((i) => i.priceCents)).toEqual([100]);
  });
});

describe('forms and payloads', () => {
  it('a self-inspection form: the rectified choice becomes true / false / null', () => {
    const base = { kind: '季度常规', inspectedOn: '2026-06-30', result: '合格', findings: '' };
    expect(selfInspectionForm.parse({ ...base, rectified: 'yes' })).toMatchObject({ rectified: true, findings: null });
    expect(selfInspectionForm.parse({ ...base, rectified: 'no' }).rectified).toBe(false);
    expect(selfInspectionForm.parse({ ...base, rectified: '' }).rectified).toBeNull();
    expect(selfInspectionForm.safeParse({ ...base, kind: '月度', rectified: '' }).success).toBe(false);
  });
  it('every payload reads back as it was stored (nulls included)', () => {
    const stored = [
      {
        kind: 'self-inspection',
        payload: selfInspectionForm.parse({ kind: '年度全面', inspectedOn: '2026-01-10', result: '合格', findings: '', rectified: '' }),
      },
      { kind: 'hours-prices', payload: { openingHours: null, priceUrl: null, items: parsePriceLines('挂号 | | 1').items } },
      { kind: 'rectification-report', payload: { rectificationId: 5, reportText: null } },
      { kind: 'staff-commitments', payload: { year: 2026, entries: [{ staffId: 1, signedOn: '2026-01-02' }] } },
    ];
    for (const s of stored) expect(readPayload(s.kind, JSON.parse(JSON.stringify(s.payload)))).toEqual(s);
  });
  it('a stored payload that no longer fits is unreadable (never approved)', () => {
    expect(readPayload('reply', { subjectKind: 'evaluation', subjectId: 3, body: '回应' })).toMatchObject({ kind: 'reply' });
    expect(readPayload('reply', { subjectKind: 'evaluation', subjectId: 3, body: 'x'.repeat(1001) })).toBeNull();
    expect(readPayload('other', {})).toBeNull();
  });
  it('a rejection needs its reason; the two passwords must match', () => {
    expect(portalDecisionSchema.safeParse({ op: 'reject', id: '4', reason: '' }).success).toBe(false);
    expect(portalDecisionSchema.parse({ op: 'approve', id: '4', reason: '' })).toEqual({ op: 'approve', id: 4, reason: null });
    const token = 'a'.repeat(43);
    expect(activationSchema.safeParse({ token, password: 'x', password2: 'y' }).error?.issues[0]?.message).toBe('两次输入的密码不一致');
  });
});
