import { describe, expect, it } from 'vitest';
import { copyField } from '../../../src/db/import-common';
import { RegionIndex } from '../../../src/import/regions';
import { recomputeGroup } from '../../../src/db/evaluation-apply';
import type { StoredEvaluation } from '../../../src/db/import-evaluations';

describe('RegionIndex', () => {
  const index = new RegionIndex([
    { code: '410400', name: '平顶山市', level: 2, parentCode: null },
    { code: '410481', name: '舞钢市', level: 3, parentCode: '410400' },
    { code: '410481100', name: '城关镇', level: 4, parentCode: '410481' },
    { code: '410482100', name: '城关镇', level: 4, parentCode: '410482' },
    { code: '410481100201', name: '东村', level: 5, parentCode: '410481100' },
  ]);

  it('resolves codes and unique names, and says why otherwise', () => {
    expect(index.resolve({ code: '410481' })).toEqual({ ok: true, code: '410481' });
    expect(index.resolve({ name: '东村' })).toEqual({ ok: true, code: '410481100201' });
    expect(index.resolve({ name: '城关镇' })).toEqual({ ok: false, message: '有2个区划都叫“城关镇”（410481100、410482100），请填写代码' });
    expect(index.resolve({ code: '410423' })).toEqual({ ok: false, message: '平台行政区划表中没有代码410423' });
    expect(new RegionIndex([]).resolve({ name: '城关镇' })).toEqual({ ok: false, message: '平台尚未导入行政区划，暂不能填写' });
  });

  it('finds the county of a village, township or county; none above a county', () => {
    expect(index.countyOf('410481100201')).toBe('410481');
    expect(index.countyOf('410481')).toBe('410481');
    expect(index.countyOf('410400')).toBeNull();
    expect(index.countyOf(null)).toBeNull();
  });
});

describe('copyField (COPY text format)', () => {
  it('escapes what COPY would misread and writes NULL as \\N', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField(true)).toBe('t');
    expect(copyField(93.5)).toBe('93.5');
    expect(copyField(['内科', 'a,"b"', '\\'])).toBe('{"内科","a,\\\\"b\\\\"","\\\\\\\\"}');
  });
});

describe('recomputeGroup', () => {
  const evaluation = (id: number, actualScore: number, extra: Partial<StoredEvaluation> = {}): StoredEvaluation => ({
    id,
    institutionId: id,
    registrationNo: `R${id}`,
    name: `机构${id}`,
    year: 2025,
    jurisdictionCode: '410481',
    actualScore,
    reasonableMissingPoints: 0,
    doubleStarNotMet: 0,
    singleStarNotMet: 0,
    penaltiesThisYear: 0,
    conductViolation: false,
    seriousViolationOrImpact: false,
    establishmentNonCompliant: false,
    validationSuspended: false,
    majorAccidentFullResponsibility: false,
    safetyOrFireAccident: false,
    publicHealthScore: null,
    level: '合格',
    reasons: [],
    ...extra,
  });

  it('applies the caps, then the 10 % cut over the whole group', () => {
    const list = [
      evaluation(1, 99),
      evaluation(2, 95),
      evaluation(3, 95, { conductViolation: true }),
      ...Array.from({ length: 7 }, (_, i) => evaluation(10 + i, 70)),
    ];
    const r = recomputeGroup({ jurisdictionCode: '410481', year: 2025 }, list);
    expect(r.summary).toMatchObject({ evaluatedCount: 10, quota: 1, candidateCount: 2, excellentCount: 1 });
    expect(r.results.get(1)).toMatchObject({ level: '优秀', heldBack: false, reasons: [] });
    expect(r.results.get(2)).toMatchObject({ level: '合格', heldBack: true });
    expect(r.results.get(2)?.reasons[0]).toContain('优秀比例不超过10%');
    expect(r.results.get(3)).toMatchObject({ level: '合格', heldBack: false, reasons: ['有违反行业作风（行风）行为，不能评为优秀等级'] });
  });
});
