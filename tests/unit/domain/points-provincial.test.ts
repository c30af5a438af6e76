import { describe, expect, it } from 'vitest';
import { provincialEntryDueDate } from '../../../src/domain/points';

// Seed 000: "…10日内报至…办公室，办公室于3日内在XX省医疗服务综合监管平台进行记分" — 3 calendar days
// (the seed writes 工作日 where it means working days), counted the statutory way.
describe('provincialEntryDueDate (录入省平台, seed 000: 3日内)', () => {
  it('counts 3 days from the approval, the start day not counted', () => {
    expect(provincialEntryDueDate({ foundOn: '2026-03-01', approvedOn: '2026-03-03' })).toBe('2026-03-06');
  });
  it('from the finding when no approval date is recorded; a period ending on a Sunday ends on Monday', () => {
    expect(provincialEntryDueDate({ foundOn: '2026-03-05', approvedOn: null })).toBe('2026-03-09');
  });
  it('a period ending in the National Day holiday ends on the first working day after it', () => {
    expect(provincialEntryDueDate({ foundOn: '2026-09-28', approvedOn: '2026-09-29' })).toBe('2026-10-08');
  });
});
