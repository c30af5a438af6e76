import { describe, expect, it } from 'vitest';
import {
  dishonestyRecord,
  EXPORT_COLUMNS,
  EXPORT_KINDS,
  exportCsv,
  exportFileName,
  exportJson,
  listedRecord,
  penaltyCategories,
  penaltyRecord,
  pointRecord,
  recordsToExport,
  rowHash,
  tenThousandYuan,
  validateRows,
  violationType,
  type ExportRow,
  type PenaltySource,
} from '../../../src/domain/credit-exports';

const A = { name: '示范县卫生健康委员会', uscc: '12419921MB0000000Y' };
const PENALTY: PenaltySource = {
  id: 7,
  institutionName: '示范县幸福诊所',
  uscc: '52419901MJ1234567X',
  legalRepresentative: '张三',
  registrationNo: 'PDY-001',
  decisionNo: '示卫医罚〔2026〕7号',
  decidedOn: '2026-03-02',
  violation: '使用非卫生技术人员从事医疗卫生技术工作，情节轻微。',
  basis: '《医疗机构管理条例》第四十七条',
  penalty: '警告，罚款人民币5000元',
  fineYuan: 5000,
  shownUntil: '2029-03-02',
};

describe('the column lists', () => {
  it('every kind has unique headers, and its mapper fills exactly them (a valid row)', () => {
    const rows: Record<(typeof EXPORT_KINDS)[number], ExportRow> = {
      penalties: penaltyRecord(PENALTY, A).row,
      'red-black': listedRecord(
        {
          list: '红榜',
          year: 2025,
          name: '甲镇卫生院',
          uscc: null,
          registrationNo: 'R1',
          level: '优秀',
          score: 95.5,
          evaluatedOn: '2025-12-01',
          reason: '得分 95.50',
        },
        A,
      ).row,
      'serious-dishonesty': dishonestyRecord(
        {
          id: 1,
          name: '乙镇诊所',
          uscc: null,
          legalRepresentative: null,
          decisionNo: null,
          listedOn: '2026-02-01',
          reason: '拒不整改',
          legalBasis: null,
          displayUntil: '2029-02-01',
        },
        A,
      ).row,
      'provincial-points': pointRecord({
        id: 3,
        institutionName: '甲镇卫生院',
        uscc: null,
        registrationNo: 'R1',
        staffName: '李医生',
        certificateNo: '110000000000001',
        behaviour: '未按规定书写病历',
        points: 2,
        foundOn: '2026-03-01',
        source: '综合监督',
        department: null,
        approvedOn: null,
        noticeServedOn: '2026-03-03',
      }).row,
    };
    for (const kind of EXPORT_KINDS) {
      const headers = EXPORT_COLUMNS[kind].map((c) => c.header);
      expect(new Set(headers).size).toBe(headers.length);
      expect(Object.keys(rows[kind])).toEqual(headers);
      expect(validateRows(kind, [rows[kind]])).toEqual([]);
    }
    expect(rows['provincial-points']['记分部门']).toBe('未填写科室');
  });

  it('names the row and the column of every problem: missing, extra, empty required, bad date, number and credit code', () => {
    const good = penaltyRecord(PENALTY, A).row;
    const { 处罚依据: _, ...missing } = good;
    const problems = validateRows('penalties', [
      good,
      { ...missing, 多余: 'x' },
      { ...good, 违法事实: '', 处罚决定日期: '2026/03/02', '罚款金额（万元）': -1, 统一社会信用代码: '123', 行政相对人名称: 5 as unknown as string },
      { ...good, 统一社会信用代码: null, '罚款金额（万元）': '0.5' as unknown as number },
    ]);
    expect(problems).toEqual([
      '第 2 行“处罚依据”列：缺少该列',
      '第 2 行：多余的列“多余”',
      '第 3 行“行政相对人名称”列：应为文字',
      '第 3 行“统一社会信用代码”列：统一社会信用代码格式不正确（18 位）',
      '第 3 行“违法事实”列：必填项为空',
      '第 3 行“罚款金额（万元）”列：应为非负数字',
      '第 3 行“处罚决定日期”列：应为日期 YYYY-MM-DD',
      '第 4 行“罚款金额（万元）”列：应为非负数字',
    ]);
  });
});

describe('penalty fields', () => {
  it('处罚类别 from the decision’s words, in the order of 行政处罚法 第九条', () => {
    expect(penaltyCategories('警告，罚款人民币5000元', 5000)).toBe('警告、罚款');
    expect(penaltyCategories('通报批评', null)).toBe('警告');
    expect(penaltyCategories('罚款', null)).toBe('罚款');
    expect(penaltyCategories('没收违法所得3000元，没收药品器械', 0)).toBe('没收违法所得');
    expect(penaltyCategories('吊销医疗机构执业许可证', null)).toBe('暂扣或吊销许可证');
    expect(penaltyCategories('暂扣医师执业证书六个月', null)).toBe('暂扣或吊销许可证');
    expect(penaltyCategories('责令停业整顿', null)).toBe('责令停产停业');
    expect(penaltyCategories('责令改正', null)).toBe('其他');
  });

  it('违法行为类型 is the first clause of the facts, at most 50 characters', () => {
    expect(violationType('使用非卫生技术人员，情节轻微。')).toBe('使用非卫生技术人员');
    expect(violationType('，以逗号开头')).toBe('，以逗号开头');
    expect(violationType('超'.repeat(60))).toHaveLength(50);
  });

  it('罚款金额 in 万元', () => {
    expect(tenThousandYuan(5000)).toBe(0.5);
    expect(tenThousandYuan(1)).toBe(0.0001);
    expect(tenThousandYuan(123.45)).toBe(0.012345);
    expect(tenThousandYuan(null)).toBeNull();
  });

  it('a licence is named only when it is suspended or revoked; the commission comes from the authority', () => {
    expect(penaltyRecord(PENALTY, A).row['暂扣或吊销证照名称及编号']).toBeNull();
    const r = penaltyRecord({ ...PENALTY, penalty: '吊销医疗机构执业许可证', fineYuan: null }, A);
    expect(r.key).toBe('penalty:7');
    expect(r.row).toMatchObject({
      暂扣或吊销证照名称及编号: '医疗机构执业许可证 PDY-001',
      处罚机关: A.name,
      数据来源单位统一社会信用代码: A.uscc,
      '罚款金额（万元）': null,
    });
  });
});

describe('incremental exports', () => {
  const recs = [penaltyRecord(PENALTY, A), penaltyRecord({ ...PENALTY, id: 8, decisionNo: '示卫医罚〔2026〕8号' }, A)];
  it('full: everything; incremental: only new records and those whose content changed', () => {
    expect(recordsToExport(recs, new Map(), false)).toHaveLength(2);
    expect(recordsToExport(recs, new Map(), true)).toHaveLength(2);
    const sent = new Map(recs.map((r) => [r.key, rowHash(r.row)]));
    expect(recordsToExport(recs, sent, true)).toEqual([]);
    expect(recordsToExport(recs, sent, false)).toHaveLength(2);
    const changed = [recs[0]!, penaltyRecord({ ...PENALTY, id: 8, decisionNo: '示卫医罚〔2026〕8号', fineYuan: 8000 }, A)];
    expect(recordsToExport(changed, sent, true).map((r) => r.key)).toEqual(['penalty:8']);
  });

  it('the hash does not depend on key order, and does on every value', () => {
    expect(rowHash({ a: 1, b: 'x' })).toBe(rowHash({ b: 'x', a: 1 }));
    expect(rowHash({ a: 1, b: 'x' })).not.toBe(rowHash({ a: 1, b: 'y' }));
    expect(rowHash({ a: null })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('files', () => {
  it('CSV: the one encoder (BOM, header in column order, formula guard)', () => {
    const row = { ...penaltyRecord(PENALTY, A).row, 违法事实: '=HYPERLINK("x")' };
    const text = exportCsv('penalties', [row]);
    expect(text.startsWith('\ufeff行政相对人名称,行政相对人类别,统一社会信用代码')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('JSON: one object per row in column order, with the ledger data', () => {
    const parsed = JSON.parse(
      exportJson('penalties', [penaltyRecord(PENALTY, A).row], { exportId: 4, createdAt: '2026-03-05T00:00:00.000Z', incremental: true }),
    ) as {
      kind: string;
      count: number;
      records: Record<string, unknown>[];
    };
    expect(parsed).toMatchObject({ kind: 'penalties', label: '行政处罚（双公示）', exportId: 4, incremental: true, count: 1 });
    expect(Object.keys(parsed.records[0]!)).toEqual(EXPORT_COLUMNS.penalties.map((c) => c.header));
    const sparse = JSON.parse(exportJson('red-black', [{}], { exportId: 1, createdAt: '', incremental: false })) as { records: Record<string, unknown>[] };
    expect(Object.values(sparse.records[0]!).every((v) => v === null)).toBe(true);
    expect(exportCsv('red-black', [{}]).split('\r\n')[1]).toBe(','.repeat(EXPORT_COLUMNS['red-black'].length - 1));
  });

  it('file names: kind, date and ledger number', () => {
    expect(exportFileName('provincial-points', 'xlsx', 12, '2026-03-05')).toBe('provincial-points-20260305-12.xlsx');
  });
});
