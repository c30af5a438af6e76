import { describe, expect, it } from 'vitest';
import { describeReport, rowsPerSecond } from '../../../src/import/report';
import { lineProgress } from '../../../src/import/progress';
import type { ImportReport } from '../../../src/import/types';

const base: ImportReport = {
  kind: 'institutions',
  fileName: 'bad.csv',
  format: 'csv',
  encoding: 'gb18030',
  sheetName: null,
  rowsRead: 4,
  validRows: 1,
  invalidRows: 3,
  errors: [
    { line: 3, column: '登记号', message: '必填' },
    { line: 4, column: '统一社会信用代码', message: '统一社会信用代码校验位不正确' },
    { line: 5, column: '机构名称', message: '必填' },
  ],
  dryRun: true,
  skipInvalid: false,
  applied: false,
  result: null,
  errorFile: null,
  durationMs: 2000,
  readMs: 500,
};

describe('describeReport', () => {
  it('a refused file: every error by line and column, and no word of anything added or updated', () => {
    const { out, err } = describeReport(base);
    expect(err.slice(0, 3)).toEqual(['第3行 登记号: 必填', '第4行 统一社会信用代码: 统一社会信用代码校验位不正确', '第5行 机构名称: 必填']);
    expect(err[3]).toContain('整个文件未写入任何数据');
    expect([...out, ...err].join('\n')).not.toMatch(/更新|新增|updated/);
    expect(out[0]).toBe('机构名册：bad.csv（CSV，GB18030 编码）');
  });

  it('an import: counts, the first changes, level changes, notes and the speed', () => {
    const { out } = describeReport({
      ...base,
      kind: 'evaluations',
      rowsRead: 2,
      validRows: 2,
      invalidRows: 0,
      errors: [],
      dryRun: false,
      applied: true,
      result: {
        created: 1,
        updated: 1,
        unchanged: 0,
        changes: [
          { line: 2, action: 'new', key: 'A1', label: '甲', fields: [] },
          { line: 3, action: 'updated', key: 'A2', label: '乙', fields: [{ column: '实际得分', before: '80.00', after: null }] },
        ],
        changesTruncated: false,
        levelChanges: [{ registrationNo: 'A3', name: '丙', year: 2025, before: '合格', after: '优秀', reason: '优秀名额重新计算' }],
        notes: ['2025年度：参评3家'],
      },
    });
    expect(out).toContain('已导入：新增 1 家，更新 1 家，未变 0 家');
    expect(out).toContain('  新增 第2行 A1 甲');
    expect(out).toContain('  更新 第3行 A2 乙：实际得分：80.00 → （空）');
    expect(out).toContain('信用等级变化 1 家：');
    expect(out).toContain('  A3 丙 2025年度：合格 → 优秀（优秀名额重新计算）');
    expect(out).toContain('2025年度：参评3家');
    expect(out.at(-1)).toBe('用时 2.00 秒（读取校验 0.50 秒，数据库 1.50 秒；1 行/秒）');
  });

  it('rows per second', () => {
    expect(rowsPerSecond({ ...base, rowsRead: 100_000, durationMs: 5000 })).toBe(20_000);
  });
});

describe('lineProgress', () => {
  it('announces a phase without a total once, and ends a counted phase on what was really read', () => {
    const lines: string[] = [];
    const p = lineProgress((l) => lines.push(l));
    p.phase('读取并校验', 100);
    p.tick(5);
    p.tick(97);
    p.done();
    p.phase('核对数据库并写入', null);
    p.done();
    expect(lines).toEqual(['读取并校验：97/97 行（100%）', '核对数据库并写入……']);
  });
});
