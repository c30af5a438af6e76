import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_NAMES, deadlineRuleFor, findSubcategory, SUBCATEGORY_IDS } from '../../../src/domain/complaint-categories';

describe('complaint categories', () => {
  it("are seed 003's four categories (in its order) and 其他", () => {
    expect(CATEGORY_NAMES).toEqual(['执业资质', '违规诊疗', '院感防控', '信息公示', '其他']);
  });

  it("carry every item of seed 003's 整治重点 (10, 9, 6 and 4 items)", () => {
    const fromSeed003 = (name: string) => CATEGORIES.find((c) => c.name === name)!.subcategories.filter((s) => s.source.startsWith('永安方案'));
    expect(fromSeed003('执业资质')).toHaveLength(10);
    expect(fromSeed003('违规诊疗')).toHaveLength(9);
    expect(fromSeed003('院感防控')).toHaveLength(6);
    expect(fromSeed003('信息公示')).toHaveLength(4);
  });

  it("place each of seed 002's 15 prominent problems exactly once", () => {
    const problems = CATEGORIES.flatMap((c) => c.subcategories).filter((s) => s.id.startsWith('TC'));
    expect(problems.map((s) => s.id).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `TC${String(i + 1).padStart(2, '0')}`));
    expect(findSubcategory('信息公示', 'TC15')?.label).toContain('中医（专长）医师');
    expect(findSubcategory('执业资质', 'TC15')).toBeUndefined();
  });

  it('have unique ids and labels that fit the database column (≤ 60 characters)', () => {
    expect(new Set(SUBCATEGORY_IDS).size).toBe(SUBCATEGORY_IDS.length);
    for (const s of CATEGORIES.flatMap((c) => c.subcategories)) expect(Array.from(s.label).length).toBeLessThanOrEqual(60);
    for (const c of CATEGORIES) expect(Array.from(c.name).length).toBeLessThanOrEqual(30);
  });

  it('find a sub-category by id or label, only within its category', () => {
    expect(findSubcategory('执业资质', 'ZZ01')?.label).toBe('无证行医：未取得执业许可证或诊所备案凭证执业');
    expect(findSubcategory('执业资质', '无证行医：未取得执业许可证或诊所备案凭证执业')?.id).toBe('ZZ01');
    expect(findSubcategory('院感防控', 'ZZ01')).toBeUndefined();
    expect(findSubcategory('没有这类', 'ZZ01')).toBeUndefined();
  });

  it('give each category its deadlines: infection control is faster', () => {
    expect(deadlineRuleFor('执业资质')).toEqual({ acceptWithinWorkingDays: 3, closeWithinWorkingDays: 15 });
    expect(deadlineRuleFor('院感防控')).toEqual({ acceptWithinWorkingDays: 1, closeWithinWorkingDays: 10 });
    expect(deadlineRuleFor('未知')).toEqual({ acceptWithinWorkingDays: 3, closeWithinWorkingDays: 15 });
  });
});
