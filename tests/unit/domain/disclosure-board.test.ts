import { describe, expect, it } from 'vitest';
import {
  areaLabel,
  disclosureBoard,
  evaluationHistory,
  indexRegions,
  levelDisplay,
  levelSummary,
  licenseState,
  penaltyShown,
  pointsByQuarter,
  shownPenalties,
  type PenaltyRecord,
  type PointRecord,
} from '../../../src/domain/disclosure-board';
import { downgradeRecord, evaluation, institution, REGIONS } from './builders';

const regions = indexRegions(REGIONS);
const asOf = '2026-11-20';

const penalty = (over: Partial<PenaltyRecord>): PenaltyRecord => ({
  decisionNo: '样卫医罚〔2026〕1号',
  decidedOn: '2026-05-01',
  violation: '未按规定公示执业信息',
  basis: '《医疗机构管理条例》',
  penalty: '警告',
  fineYuan: null,
  shownUntil: '2027-05-01',
  staffName: null,
  ...over,
});

describe('level display', () => {
  it('shows the level of the latest evaluation with its year, score, date and supervision', () => {
    const d = levelDisplay(
      institution({
        evaluations: [
          evaluation({ year: 2025, level: '差', scoreLevel: '差' }),
          evaluation({ year: 2026, level: '优秀', scoreLevel: '优秀', standardizedScore: 93 }),
        ],
      }),
      asOf,
    );
    expect(d).toMatchObject({ kind: 'rated', year: 2026, level: '优秀', standardizedScore: 93, evaluatedOn: '2026-10-10', capped: false });
    if (d.kind !== 'rated') throw new Error('rated expected');
    expect(d.supervision.description).toBe('简化监督，1次/年');
  });

  it('explains a level capped by a veto, with the stored reasons', () => {
    const reason = '单星（★）否决项不符合要求1项，不能评为优秀等级';
    const d = levelDisplay(institution({ evaluations: [evaluation({ standardizedScore: 92, scoreLevel: '优秀', level: '合格', reasons: [reason] })] }), asOf);
    expect(d).toMatchObject({ kind: 'rated', level: '合格', scoreLevel: '优秀', capped: true, reasons: [reason] });
  });

  it('applies a downgrade from its notice date on, and says so', () => {
    const e = evaluation({
      level: '优秀',
      scoreLevel: '优秀',
      standardizedScore: 95,
      downgrades: [
        {
          decidedOn: '2026-11-15',
          noticeNo: '样卫降〔2026〕1号',
          fromLevel: '优秀',
          toLevel: '合格',
          newScore: 82,
          reason: '发现违法行为',
          rescoredOn: null,
          rescoreReasons: [],
        },
      ],
    });
    const before = levelDisplay(institution({ evaluations: [e] }), '2026-11-14');
    const after = levelDisplay(institution({ evaluations: [e] }), '2026-11-15');
    expect(before).toMatchObject({ kind: 'rated', level: '优秀', downgrade: null });
    expect(after).toMatchObject({
      kind: 'rated',
      level: '合格',
      annualLevel: '优秀',
      downgrade: { noticeNo: '样卫降〔2026〕1号', from: '优秀', to: '合格', reason: '发现违法行为' },
    });
    if (after.kind !== 'rated') throw new Error('rated expected');
    expect(after.supervision.method).toBe('常规监督');
    expect(levelSummary(after)).toBe('2026年度信用级别：合格（2026-11-15由优秀降级）');
  });

  it('after a downgrade the level rests on the re-score and the finding; the annual score and its explanation only in the history', () => {
    const e = evaluation({
      level: '合格',
      scoreLevel: '优秀',
      standardizedScore: 92.5,
      reasons: ['单星（★）否决项不符合要求1项，不能评为优秀等级'],
      downgrades: [downgradeRecord({ decidedOn: '2026-11-12', noticeNo: '样卫降〔2026〕2号', reason: '使用非卫生技术人员', rescoredOn: '2026-11-06' })],
    });
    const board = disclosureBoard(institution({ evaluations: [e] }), indexRegions(REGIONS), asOf);
    if (board.level.kind !== 'rated') throw new Error('rated expected');
    expect(board.level.basis).toMatchObject({ scoreLabel: '重新评分标化得分', scoreText: '55.00', score: 55 });
    expect(board.level.basis.basis).toEqual([
      '降级原因：使用非卫生技术人员',
      '2026-11-06按现场评价表重新评分，标化得分55.00。',
      '评为“差”的依据：标化得分55.00，低于60分',
    ]);
    expect(board.level.basis.basis.join('')).not.toContain('92.50');
    expect(board.history[0]?.summary).toBe('2026年度：差（年度评价合格，标化得分 92.50，评价日期 2026-10-10；2026-11-12降为差）');
    // Without a downgrade the annual evaluation is the basis.
    const plain = disclosureBoard(institution({ evaluations: [{ ...e, downgrades: [] }] }), indexRegions(REGIONS), asOf);
    if (plain.level.kind !== 'rated') throw new Error('rated expected');
    expect(plain.level.basis).toMatchObject({ scoreLabel: '标化得分', scoreText: '92.50' });
    expect(plain.history[0]?.summary).toBe('2026年度：合格（标化得分 92.50，评价日期 2026-10-10）');
  });

  it('says 复核中 instead of a level while the latest evaluation is reviewed', () => {
    const d = levelDisplay(institution({ evaluations: [evaluation({ year: 2025, level: '优秀' }), evaluation({ reviewStatus: '复核中' })] }), asOf);
    expect(d).toEqual({ kind: 'under-review', year: 2026, evaluatedOn: '2026-10-10' });
  });

  it('says 暂无评价 when never evaluated, and ignores an evaluation dated after the day shown', () => {
    expect(levelDisplay(institution(), asOf)).toEqual({ kind: 'none' });
    expect(levelDisplay(institution({ evaluations: [evaluation({ evaluatedOn: '2026-12-01' })] }), asOf)).toEqual({ kind: 'none' });
  });

  it.each(['歇业', '注销', '吊销'] as const)('shows no level for a %s institution, even with an evaluation', (status) => {
    const d = levelDisplay(institution({ status, evaluations: [evaluation({ level: '优秀' })] }), asOf);
    expect(d.kind).toBe('hidden');
    if (d.kind === 'hidden') expect(d.notice).toContain('不再公示信用级别');
    expect(levelDisplay(institution({ status }), asOf).kind).toBe('hidden');
  });
});

describe('penalties', () => {
  it('are shown until and including their shown-until date, then leave the page', () => {
    const p = penalty({ decidedOn: '2026-01-01', shownUntil: '2026-11-20' });
    expect(penaltyShown(p, '2026-11-20')).toBe(true);
    expect(penaltyShown(p, '2026-11-21')).toBe(false);
    expect(penaltyShown(p, '2025-12-31')).toBe(false);
  });

  it('are listed newest first', () => {
    const list = shownPenalties(
      [
        penalty({ decisionNo: 'A', decidedOn: '2026-01-01' }),
        penalty({ decisionNo: 'B', decidedOn: '2026-06-01' }),
        penalty({ decisionNo: 'C', shownUntil: '2026-01-01', decidedOn: '2025-01-01' }),
      ],
      asOf,
    );
    expect(list.map((p) => p.decisionNo)).toEqual(['B', 'A']);
  });
});

describe('points by quarter', () => {
  const point = (over: Partial<PointRecord>): PointRecord => ({
    foundOn: '2026-08-01',
    behaviour: '行为',
    points: 2,
    source: '监督检查',
    department: '卫生监督所',
    status: '有效',
    staffName: null,
    ...over,
  });

  it('groups standing points by quarter, newest first, leaves voided ones out and masks staff names', () => {
    const q = pointsByQuarter(
      [
        point({ foundOn: '2026-07-01', points: 1.5 }),
        point({ foundOn: '2026-09-30', points: 2, status: '申诉中', staffName: '张三丰' }),
        point({ foundOn: '2026-08-15', points: 6, status: '已撤销' }),
        point({ foundOn: '2026-03-31', points: 3 }),
        point({ foundOn: '2026-12-01', points: 9 }),
      ],
      asOf,
    );
    expect(q.map((x) => [x.label, x.total, x.lines.length])).toEqual([
      ['2026年第三季度', 3.5, 2],
      ['2026年第一季度', 3, 1],
    ]);
    expect(q[0]!.lines[1]).toMatchObject({ target: '医务人员 张**', status: '复核中（申诉处理中）' });
    expect(q[0]!.lines[0]!.target).toBe('本机构');
  });
});

describe('the whole board', () => {
  it('masks certificate numbers, never guesses a supervising unit and falls back to 12345', () => {
    const b = disclosureBoard(
      institution({
        supervisingUnit: null,
        complaintPhone: null,
        staff: [
          { id: 1, name: '李四', profession: '医师', practiceCategory: '临床', practiceScope: '内科专业', certificateNo: '110419021000123', title: '主治医师' },
        ],
      }),
      regions,
      asOf,
    );
    expect(b.staff[0]!.certificate).toBe('110********0123');
    expect(b.supervisingUnit).toBeNull();
    expect(b.complaintPhone).toBe('12345');
    expect(b.area).toBe('样例县 城关镇');
  });

  it('shows no staff and no history for a revoked institution, but keeps its penalties and listing', () => {
    const b = disclosureBoard(
      institution({
        status: '吊销',
        staff: [{ id: 1, name: '李四', profession: '医师', practiceCategory: null, practiceScope: null, certificateNo: null, title: null }],
        evaluations: [evaluation({ level: '差' })],
        penalties: [penalty({ penalty: '吊销执业许可证' })],
        dishonesty: [{ listedOn: '2026-10-01', decisionNo: '失信1号', reason: '吊销', removedOn: null }],
      }),
      regions,
      asOf,
    );
    expect(b.levelWord).toBe('不公示');
    expect(b.staff).toEqual([]);
    // Issue 12 item 8: no level, but the history stays visible.
    expect(b.history).toHaveLength(1);
    expect(b.dishonestyBanner).toBe('该机构已被列入严重失信名单（2026-10-01，失信1号）。列入原因：吊销');
    expect(b.penalties).toHaveLength(1);
    expect(b.dishonesty).toHaveLength(1);
    expect(b.license).toMatchObject({ state: '许可证已吊销', valid: false });
  });

  it('uses the latest commitment signed by the day shown', () => {
    const b = disclosureBoard(
      institution({
        commitments: [
          { year: 2025, signedOn: '2025-03-01', signatory: '甲', body: '旧' },
          { year: 2026, signedOn: '2026-03-01', signatory: '乙', body: '新' },
          { year: 2027, signedOn: '2027-03-01', signatory: '丙', body: '未来' },
        ],
      }),
      regions,
      asOf,
    );
    expect(b.commitment?.body).toBe('新');
  });
});

describe('history and licence', () => {
  it('keeps every year, newest first, with the sheet figures', () => {
    const h = evaluationHistory(
      [
        evaluation({ year: 2024 }),
        evaluation({ year: 2026, reviewStatus: '复核中' }),
        evaluation({ year: 2025, itemScores: [{ item: '医疗执业管理', score: 18, max: 20 }] }),
      ],
      asOf,
    );
    expect(h.map((x) => [x.year, x.word])).toEqual([
      [2026, '复核中'],
      [2025, '合格'],
      [2024, '合格'],
    ]);
    expect(h[1]!.breakdown.find((r) => r.label === '标化得分')?.value).toBe('80.00');
    expect(h[1]!.breakdown.at(-1)).toEqual({ label: '医疗执业管理', value: '18 / 20' });
    expect(h[0]!.breakdown.find((r) => r.label === '其他否决情形')?.value).toBe('无');
    const flagged = evaluationHistory([evaluation({ conductViolation: true, safetyOrFireAccident: true, publicHealthScore: 55 })], asOf)[0]!.breakdown;
    expect(flagged.find((r) => r.label === '其他否决情形')?.value).toBe('行风违规、安全生产、消防事故');
    expect(flagged.find((r) => r.label === '基本公卫绩效得分')?.value).toBe('55.00');
  });

  it('flags an expired licence', () => {
    expect(licenseState({ status: '执业', licenseValidTo: '2026-11-19' }, asOf)).toEqual({ state: '已超过有效期', valid: false });
    expect(licenseState({ status: '执业', licenseValidTo: '2026-11-20' }, asOf)).toEqual({ state: '执业中', valid: true });
  });

  it('labels areas from the county down, and survives unknown codes', () => {
    expect(areaLabel(regions, '419022001')).toBe('另一县 城关镇');
    expect(areaLabel(regions, '419021')).toBe('样例县');
    expect(areaLabel(regions, '999999')).toBe('');
    expect(areaLabel(regions, null)).toBe('');
  });
});
