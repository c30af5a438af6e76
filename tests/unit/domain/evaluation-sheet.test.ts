import { describe, expect, it } from 'vitest';
import { EVALUATION_COLUMNS, formatSheetError, REQUIRED_EVALUATION_COLUMNS, type SheetRowInput } from '../../../src/domain/evaluation-sheet';
import { evaluateSheet, parseEvaluationRow } from '../../../src/schemas/evaluation-sheet';

const C = EVALUATION_COLUMNS;

function cells(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    [C.registrationNo]: 'PDY001',
    [C.name]: '舞钢康宁诊所',
    [C.year]: '2025',
    [C.actualScore]: '80',
    [C.reasonableMissingPoints]: '0',
    [C.doubleStarNotMet]: '0',
    [C.singleStarNotMet]: '0',
    [C.penaltiesThisYear]: '0',
    [C.conductViolation]: '否',
    [C.seriousViolationOrImpact]: '否',
    [C.establishmentNonCompliant]: '否',
    [C.validationSuspended]: '否',
    [C.majorAccidentFullResponsibility]: '否',
    [C.safetyOrFireAccident]: '否',
    [C.publicHealthScore]: '',
    ...overrides,
  };
}

function errorsOf(line: number, c: Record<string, string>): string[] {
  const r = parseEvaluationRow(line, c);
  return r.ok ? [] : r.errors.map(formatSheetError);
}

describe('columns', () => {
  it('are the 15 DESIGN.md columns in order', () => {
    expect(REQUIRED_EVALUATION_COLUMNS).toEqual([
      '登记号',
      '机构名称',
      '评价年度',
      '实际得分',
      '合理缺项分值',
      '双星项不符合数',
      '单星项不符合数',
      '行政处罚次数',
      '行风违规',
      '严重违法或严重社会影响',
      '设置不符合规定',
      '暂缓校验',
      '重大医疗事故负完全责任',
      '安全生产消防事故',
      '基本公卫绩效得分',
    ]);
  });
});

describe('parseEvaluationRow', () => {
  it('parses a good row into the credit input', () => {
    const r = parseEvaluationRow(2, cells({ 评价日期: '2025/10/9', [C.publicHealthScore]: '75.5' }));
    expect(r).toEqual({
      ok: true,
      line: 2,
      row: {
        registrationNo: 'PDY001',
        name: '舞钢康宁诊所',
        year: 2025,
        evaluatedOn: '2025-10-09',
        actualScore: 80,
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
        publicHealthScore: 75.5,
      },
    });
  });

  it('empty 基本公卫绩效得分 = not assessed; absent 评价日期 = null', () => {
    const r = parseEvaluationRow(2, cells());
    expect(r.ok && r.row.publicHealthScore).toBeNull();
    expect(r.ok && r.row.evaluatedOn).toBeNull();
  });

  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['1', true],
    ['0', false],
    ['TRUE', true],
    ['false', false],
    [' 是 ', true],
    ['１', true],
  ])('yes/no cell %j → %s', (text, value) => {
    const r = parseEvaluationRow(2, cells({ [C.conductViolation]: text }));
    expect(r.ok && r.row.conductViolation).toBe(value);
  });

  it('accepts full-width digits, a leading +, trailing zeros and 2.0 for counts', () => {
    const r = parseEvaluationRow(
      2,
      cells({ [C.actualScore]: '８９.５０', [C.penaltiesThisYear]: '2.0', [C.reasonableMissingPoints]: '+5', [C.year]: '2025年度' }),
    );
    expect(r.ok && [r.row.actualScore, r.row.penaltiesThisYear, r.row.reasonableMissingPoints, r.row.year]).toEqual([89.5, 2, 5, 2025]);
  });

  it('reports problems as 第N行 列名: 原因', () => {
    expect(errorsOf(4, cells({ [C.actualScore]: '八十' }))).toEqual(['第4行 实际得分: 不是数字']);
    expect(errorsOf(5, cells({ [C.actualScore]: '' }))).toEqual(['第5行 实际得分: 必填']);
    expect(errorsOf(6, cells({ [C.actualScore]: '-3' }))).toEqual(['第6行 实际得分: 不能为负数']);
    expect(errorsOf(7, cells({ [C.actualScore]: '89.995' }))).toEqual(['第7行 实际得分: 最多两位小数']);
    expect(errorsOf(8, cells({ [C.actualScore]: '100.5' }))).toEqual(['第8行 实际得分: 不能大于100']);
    expect(errorsOf(9, cells({ [C.conductViolation]: '也许' }))).toEqual(['第9行 行风违规: 应填“是/否”、“Y/N”或“1/0”']);
    expect(errorsOf(10, cells({ [C.conductViolation]: '' }))).toEqual(['第10行 行风违规: 必填（应填“是/否”、“Y/N”或“1/0”）']);
    expect(errorsOf(11, cells({ [C.penaltiesThisYear]: '1.5' }))).toEqual(['第11行 行政处罚次数: 必须是整数']);
    expect(errorsOf(12, cells({ [C.penaltiesThisYear]: '' }))).toEqual(['第12行 行政处罚次数: 必填（没有请填0）']);
    expect(errorsOf(13, cells({ [C.penaltiesThisYear]: '-1' }))).toEqual(['第13行 行政处罚次数: 不能为负数']);
    expect(errorsOf(14, cells({ [C.penaltiesThisYear]: '两次' }))).toEqual(['第14行 行政处罚次数: 不是数字']);
    expect(errorsOf(15, cells({ [C.year]: '25' }))).toEqual(['第15行 评价年度: 不是有效年度（应为四位年份，如2025）']);
    expect(errorsOf(16, cells({ [C.year]: '' }))).toEqual(['第16行 评价年度: 必填']);
    expect(errorsOf(17, cells({ [C.registrationNo]: ' ' }))).toEqual(['第17行 登记号: 必填']);
    expect(errorsOf(18, cells({ [C.name]: '院'.repeat(201) }))).toEqual(['第18行 机构名称: 不能超过200个字符']);
    expect(errorsOf(19, cells({ 评价日期: '2025-02-30' }))).toEqual(['第19行 评价日期: 不是有效日期（应为 YYYY-MM-DD）']);
    expect(errorsOf(20, cells({ [C.publicHealthScore]: '优' }))).toEqual(['第20行 基本公卫绩效得分: 不是数字']);
    expect(errorsOf(21, cells({ [C.publicHealthScore]: '101' }))).toEqual(['第21行 基本公卫绩效得分: 不能大于100']);
  });

  it('reports cross-field problems on the right column', () => {
    expect(errorsOf(4, cells({ [C.actualScore]: '96', [C.reasonableMissingPoints]: '5' }))).toEqual([
      '第4行 实际得分: 不能超过满分减合理缺项（100 − 5.00 = 95.00）',
    ]);
    expect(errorsOf(4, cells({ [C.actualScore]: '0', [C.reasonableMissingPoints]: '100' }))).toEqual(['第4行 合理缺项分值: 必须小于满分100分']);
  });

  it('reports the score range together with other bad cells', () => {
    expect(errorsOf(4, cells({ [C.actualScore]: '96', [C.reasonableMissingPoints]: '5', [C.conductViolation]: '?' }))).toEqual([
      '第4行 行风违规: 应填“是/否”、“Y/N”或“1/0”',
      '第4行 实际得分: 不能超过满分减合理缺项（100 − 5.00 = 95.00）',
    ]);
    // no duplicate when the score cell itself is bad, and no range check without both scores
    expect(errorsOf(4, cells({ [C.actualScore]: 'x', [C.conductViolation]: '?' }))).toHaveLength(2);
    expect(errorsOf(4, cells({ [C.reasonableMissingPoints]: 'x', [C.conductViolation]: '?' }))).toHaveLength(2);
    expect(errorsOf(4, cells({ [C.actualScore]: '50', [C.reasonableMissingPoints]: '5', [C.conductViolation]: '?' }))).toHaveLength(1);
  });

  it('reports every bad cell of a row', () => {
    expect(errorsOf(3, cells({ [C.actualScore]: 'x', [C.singleStarNotMet]: 'y', [C.safetyOrFireAccident]: '?' }))).toEqual([
      '第3行 实际得分: 不是数字',
      '第3行 单星项不符合数: 不是数字',
      '第3行 安全生产消防事故: 应填“是/否”、“Y/N”或“1/0”',
    ]);
  });

  it('a missing cell counts as empty', () => {
    const c = cells();
    delete c[C.doubleStarNotMet];
    expect(errorsOf(2, c)).toEqual(['第2行 双星项不符合数: 必填（没有请填0）']);
  });

  it('formatSheetError without a column', () => {
    expect(formatSheetError({ line: 3, column: '', message: '空行' })).toBe('第3行: 空行');
  });
});

function sheet(specs: { reg: string; score: string; year?: string; extra?: Record<string, string> }[]): SheetRowInput[] {
  return specs.map((s, i) => ({
    line: i + 2,
    cells: cells({ [C.registrationNo]: s.reg, [C.actualScore]: s.score, [C.year]: s.year ?? '2025', ...s.extra }),
  }));
}

describe('evaluateSheet', () => {
  it('evaluates, applies the 10 % cut per year and adds supervision', () => {
    const rows = sheet([
      { reg: 'A', score: '95' },
      { reg: 'B', score: '92' },
      ...Array.from({ length: 8 }, (_, i) => ({ reg: `Q${i}`, score: '70' })),
      { reg: 'A', score: '91', year: '2024' },
    ]);
    const r = evaluateSheet(rows);
    if (!r.ok) throw new Error('expected ok');
    const a = r.results.find((x) => x.registrationNo === 'A' && x.year === 2025);
    const b = r.results.find((x) => x.registrationNo === 'B');
    expect(a).toMatchObject({ level: '优秀', standardizedScoreText: '95.00', reasons: [] });
    expect(a?.supervision.method).toBe('简化监督');
    expect(b).toMatchObject({ levelBeforeCut: '优秀', level: '合格' });
    expect(b?.reasons).toEqual(['优秀比例不超过10%：本年度本辖区10家参评，优秀名额1个，标化得分92.00排名第2，未进入名额，评为合格']);
    expect(b?.supervision.method).toBe('常规监督');
    // 2024 has a single institution → quota 0
    const a2024 = r.results.find((x) => x.year === 2024);
    expect(a2024?.level).toBe('合格');
    expect(r.summaries.get(2025)).toMatchObject({ evaluatedCount: 10, quota: 1, excellentCount: 1, heldBackCount: 1 });
    expect(r.summaries.get(2024)).toMatchObject({ evaluatedCount: 1, quota: 0 });
    expect(r.results.map((x) => x.line)).toEqual(rows.map((x) => x.line));
  });

  it('keeps caps before the cut reason', () => {
    const rows = sheet([{ reg: 'A', score: '95', extra: { [C.penaltiesThisYear]: '1' } }]);
    const r = evaluateSheet(rows);
    expect(r.ok && r.results[0]?.reasons).toEqual(['当年受到卫生健康行政部门行政处罚，不能评为优秀等级']);
  });

  it('any bad row → every error and no results', () => {
    const rows = sheet([
      { reg: 'A', score: '95' },
      { reg: 'B', score: 'abc' },
      { reg: 'C', score: '70' },
      { reg: 'D', score: '', extra: { [C.conductViolation]: '?' } },
    ]);
    const r = evaluateSheet(rows);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map(formatSheetError)).toEqual(['第3行 实际得分: 不是数字', '第5行 实际得分: 必填', '第5行 行风违规: 应填“是/否”、“Y/N”或“1/0”']);
  });

  it('one evaluation per institution per year', () => {
    const r = evaluateSheet(
      sheet([
        { reg: 'A', score: '95' },
        { reg: 'B', score: '70' },
        { reg: 'A', score: '80' },
      ]),
    );
    expect(!r.ok && r.errors.map(formatSheetError)).toEqual(['第4行 登记号: 与第2行重复（同一机构同一年度只能有一条评价）']);
  });

  it('an empty sheet evaluates to nothing', () => {
    const r = evaluateSheet([]);
    expect(r.ok && r.results).toEqual([]);
  });
});
