import { describe, expect, it } from 'vitest';
import {
  checkDowngrade,
  publicCreditDisplay,
  publicLevelView,
  rescoreDueDate,
  SUPERVISION_EXEMPTION_NOTE,
  supervisionPlan,
  type Downgrade,
} from '../../../src/domain/supervision';

describe('supervisionPlan (监督频次表)', () => {
  it('优秀: 简化监督 1次/年', () => {
    expect(supervisionPlan('优秀')).toMatchObject({
      method: '简化监督',
      minPerYear: 1,
      maxPerYear: 1,
      rectificationRequired: false,
      frequencyText: '1次/年',
    });
  });

  it('合格: 常规监督 1-2次/年', () => {
    expect(supervisionPlan('合格')).toMatchObject({ method: '常规监督', minPerYear: 1, maxPerYear: 2, frequencyText: '1-2次/年' });
  });

  it('差: 重点监督 限期整改 不少于4次/年', () => {
    expect(supervisionPlan('差')).toMatchObject({
      method: '重点监督',
      minPerYear: 4,
      maxPerYear: null,
      rectificationRequired: true,
      frequencyText: '不少于4次/年',
      description: '重点监督，限期整改，不少于4次/年',
    });
  });

  it('special checks and complaints are not limited', () => {
    expect(SUPERVISION_EXEMPTION_NOTE).toContain('不受上述频次限制');
  });
});

const downgrade = (overrides: Partial<Downgrade> = {}): Downgrade => ({
  violationFoundOn: '2025-11-03',
  rescoredOn: '2025-11-06',
  newScoreHundredths: 7200,
  newLevel: '合格',
  noticeNo: '舞卫健降〔2025〕3号',
  noticeDate: '2025-11-10',
  ...overrides,
});

describe('downgrades', () => {
  it('re-scoring is due within 5 days (calendar, statutory counting)', () => {
    expect(rescoreDueDate('2025-11-03')).toBe('2025-11-08'.replace('08', '10')); // 11-08 is a Saturday → Monday 11-10
    expect(rescoreDueDate('2025-11-04')).toBe('2025-11-10');
    expect(rescoreDueDate('2025-11-05')).toBe('2025-11-10');
    expect(rescoreDueDate('2025-11-06')).toBe('2025-11-11');
    expect(rescoreDueDate('2025-09-26')).toBe('2025-10-09'); // 10-01 in the National Day holiday
  });

  it('a valid downgrade has no issues', () => {
    expect(checkDowngrade('优秀', downgrade())).toEqual([]);
  });

  it('the new level must be lower', () => {
    expect(checkDowngrade('合格', downgrade({ newLevel: '合格' }))).toEqual([{ field: 'newLevel', message: '降级后的级别必须低于当前级别（合格）' }]);
    expect(checkDowngrade('合格', downgrade({ newLevel: '优秀' }))).toHaveLength(1);
  });

  it('late re-scoring, re-scoring before the finding, notice before re-scoring, empty notice number', () => {
    expect(checkDowngrade('优秀', downgrade({ rescoredOn: '2025-11-11', noticeDate: '2025-11-12' }))).toEqual([
      { field: 'rescoredOn', message: '应在发现之日起5日内重新评分（最迟2025-11-10）' },
    ]);
    expect(checkDowngrade('优秀', downgrade({ rescoredOn: '2025-11-01' }))).toEqual([
      { field: 'rescoredOn', message: '重新评分日期不能早于发现违法违规行为的日期' },
    ]);
    expect(checkDowngrade('优秀', downgrade({ noticeDate: '2025-11-05' }))).toEqual([{ field: 'noticeDate', message: '降级通知书日期不能早于重新评分日期' }]);
    expect(checkDowngrade('优秀', downgrade({ noticeNo: ' ' }))).toEqual([{ field: 'noticeNo', message: '请填写降级通知书文号' }]);
  });

  it('bad dates are reported and stop the date comparisons', () => {
    expect(checkDowngrade('优秀', downgrade({ rescoredOn: '2025-11-31' }))).toEqual([{ field: 'rescoredOn', message: '日期格式不正确（应为 YYYY-MM-DD）' }]);
  });
});

describe('publicLevelView', () => {
  const annual = { year: 2025, level: '优秀' as const, evaluatedOn: '2025-10-15' };

  it('without downgrades shows the annual level with year and date', () => {
    const v = publicLevelView(annual, [], '2025-12-01');
    expect(v).toMatchObject({ currentLevel: '优秀', annualLevel: '优秀', downgrade: null, downgrades: [] });
    expect(v.text).toBe('2025年度信用级别：优秀（评价日期2025-10-15）');
    expect(v.supervision.method).toBe('简化监督');
  });

  it('a downgrade takes effect on its notice date', () => {
    const d = downgrade();
    expect(publicLevelView(annual, [d], '2025-11-09').currentLevel).toBe('优秀');
    const v = publicLevelView(annual, [d], '2025-11-10');
    expect(v.currentLevel).toBe('合格');
    expect(v.downgrade).toEqual({ from: '优秀', to: '合格', noticeNo: '舞卫健降〔2025〕3号', noticeDate: '2025-11-10' });
    expect(v.text).toBe('2025年度信用级别：合格（2025-11-10由优秀降为合格，降级通知书舞卫健降〔2025〕3号；年度评价优秀，评价日期2025-10-15）');
    expect(v.supervision.method).toBe('常规监督');
  });

  it('applies several downgrades in notice-date order and ignores ones that would not lower', () => {
    const first = downgrade();
    const second = downgrade({
      newLevel: '差',
      noticeNo: '舞卫健降〔2025〕7号',
      noticeDate: '2025-12-01',
      rescoredOn: '2025-11-28',
      violationFoundOn: '2025-11-27',
    });
    const stale = downgrade({ newLevel: '合格', noticeNo: '舞卫健降〔2025〕9号', noticeDate: '2025-12-05' });
    const v = publicLevelView(annual, [stale, second, first], '2025-12-31');
    expect(v.currentLevel).toBe('差');
    expect(v.downgrades.map((d) => d.noticeNo)).toEqual(['舞卫健降〔2025〕3号', '舞卫健降〔2025〕7号']);
    expect(v.downgrade?.from).toBe('合格');
    expect(v.supervision).toMatchObject({ method: '重点监督', rectificationRequired: true });
  });
});

describe('publicCreditDisplay', () => {
  const annual = { year: 2025, level: '合格' as const, evaluatedOn: '2025-10-15' };

  it('shows the level for an institution in practice', () => {
    const d = publicCreditDisplay('执业', annual, [], '2025-12-01');
    expect(d.visible && d.view.currentLevel).toBe('合格');
  });

  it.each(['歇业', '注销', '吊销'] as const)('hides the level when %s', (status) => {
    const d = publicCreditDisplay(status, annual, [], '2025-12-01');
    expect(d).toMatchObject({ visible: false, status });
    expect(!d.visible && d.notice).toContain('停止使用信用级别标识');
  });
});
