import { describe, expect, it } from 'vitest';
import { commitmentSheet } from '../../../src/schemas/import-commitments';
import { INSTITUTION_COLUMNS, institutionRowSchema } from '../../../src/schemas/import-institutions';
import { radiologySheet } from '../../../src/schemas/import-radiology';
import { REGION_COLUMNS, regionRowSchema } from '../../../src/schemas/import-regions';
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

describe('columnsOf and rowObjectOf (one field table for the sheets that are not staged)', () => {
  it('the institutions and regions sheets: columns in table order, aliases default to none, cells parse', () => {
    expect(INSTITUTION_COLUMNS.map((c) => c.field).slice(0, 3)).toEqual(['registrationNo', 'name', 'uscc']);
    // The shared 登记号 column, with the institutions sheet's own help and the alias 登记号码.
    expect(INSTITUTION_COLUMNS[0]).toMatchObject({ header: '登记号', aliases: ['医疗机构登记号', '登记号码'], required: true });
    expect(INSTITUTION_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual(['登记号', '机构名称']);
    expect(REGION_COLUMNS.map((c) => [c.field, c.header, c.required])).toEqual([
      ['code', '行政区划代码', true],
      ['name', '名称', true],
      ['parentCode', '上级代码', false],
    ]);
    expect(regionRowSchema.safeParse({ code: '419921001', name: '城关镇', parentCode: '' }).data).toEqual({
      code: { code: '419921001', level: 4 },
      name: '城关镇',
      parentCode: null,
    });
    expect(institutionRowSchema.safeParse({ registrationNo: '', name: '' }).success).toBe(false);
  });
});
