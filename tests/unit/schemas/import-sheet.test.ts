import { describe, expect, it } from 'vitest';
import { commitmentSheet } from '../../../src/schemas/import-commitments';
import { radiologySheet } from '../../../src/schemas/import-radiology';
import { selfInspectionSheet } from '../../../src/schemas/import-self-inspections';

describe('institutionRecordSheet: a record found again by 登记号 + one own column', () => {
  it('puts the 登记号 column first and keeps it out of the record table', () => {
    expect(commitmentSheet.columns[0]).toMatchObject({ field: 'registrationNo', header: '登记号', required: true });
    expect(commitmentSheet.inserted.map((c) => c.column)).not.toContain('registration_no');
  });

  it('derives the file key, the duplicate column and the match from the key field', () => {
    expect(commitmentSheet.fileKey({ registrationNo: 'A1', year: 2025 } as never)).toBe('A1\u00002025');
    expect(commitmentSheet.duplicate).toEqual({ column: '承诺年度', why: '每家机构每年一份承诺' });
    expect(commitmentSheet.match).toEqual(['year']);
    expect(selfInspectionSheet.match).toEqual(['inspected_on']);
    expect(selfInspectionSheet.duplicate.column).toBe('自查日期');
  });

  it('never updates the key column', () => {
    expect(commitmentSheet.diff.map((d) => d.col)).not.toContain('year');
    expect(radiologySheet.diff.map((d) => d.col)).not.toContain('code');
    expect(radiologySheet.diff.map((d) => d.col)).toContain('device_type');
  });

  it('names a record by its 登记号 and label, or by its own describe', () => {
    expect(commitmentSheet.describe({ registration_no: 'A1', year: 2025 })).toEqual({ key: 'A1', label: '2025年度承诺' });
    expect(radiologySheet.describe({ registration_no: 'A1', code: 'R01', device_type: 'CT' })).toEqual({ key: 'A1 R01', label: 'CT' });
  });
});
