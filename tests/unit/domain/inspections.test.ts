import { describe, expect, it } from 'vitest';
import { findingLabels, findingOf, FINDING_CODES, INSPECTION_FINDINGS } from '../../../src/domain/inspection-findings';
import { followUpHref, inspectionIssues, inspectionNumber, splitList, type InspectionInput } from '../../../src/domain/inspections';

describe('the fifteen 突出问题 of seed 002', () => {
  it('has codes 1..15 with the seed wording', () => {
    expect(FINDING_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(findingOf(1)?.text).toBe('未按《医疗机构依法执业自查管理办法》要求落实依法执业自查的');
    expect(findingOf(7)?.text).toBe('超出登记的诊疗科目、执业地点执业的（经备案的义诊除外）');
    expect(findingOf(13)?.text).toContain('擅自使用抗菌药物开展静脉输注活动的');
    expect(findingOf(15)?.text).toBe('中医（专长）医师所在医疗机构未在诊疗场所明显位置公示该医师的执业范围以及可以采用的治疗方法');
    expect(new Set(INSPECTION_FINDINGS.map((f) => f.label)).size).toBe(15);
  });
  it('labels codes for tables, naming an unknown one', () => {
    expect(findingLabels([7, 12])).toBe('7 超范围、超地点执业；12 病历书写保管不规范');
    expect(findingLabels([99])).toBe('99 （未知问题）');
  });
});

const ok: InspectionInput = {
  inspectedOn: '2026-05-10',
  kind: '日常',
  findingCodes: [],
  findingsText: null,
  result: '未发现问题',
  complaintId: null,
  drawItemId: null,
  inspectors: [
    { id: 1, name: '甲', enforcementNo: 'ZF-001' },
    { id: 2, name: '乙', enforcementNo: 'ZF-002' },
  ],
};

describe('inspectionIssues', () => {
  it('accepts two inspectors with their 执法证号 and no findings', () => {
    expect(inspectionIssues(ok, '2026-05-10')).toEqual([]);
  });
  it('refuses a single inspector, a repeated one, and one without 执法证号', () => {
    expect(inspectionIssues({ ...ok, inspectors: [ok.inspectors[0]!] }, '2026-06-01')).toEqual(['检查人员：至少 2 名执法人员']);
    expect(inspectionIssues({ ...ok, inspectors: [ok.inspectors[0]!, ok.inspectors[0]!] }, '2026-06-01')).toEqual([
      '检查人员：至少 2 名执法人员',
      '检查人员：同一人不能重复登记',
    ]);
    expect(inspectionIssues({ ...ok, inspectors: [ok.inspectors[0]!, { id: 3, name: '丙', enforcementNo: ' ' }] }, '2026-06-01')).toEqual([
      '检查人员：丙 没有登记执法证号，不能作为检查人员',
    ]);
  });
  it('refuses a date in the future', () => {
    expect(inspectionIssues(ok, '2026-05-09')).toEqual(['检查日期：不能晚于今天']);
  });
  it('checks findings against the result', () => {
    expect(inspectionIssues({ ...ok, result: '限期整改' }, '2026-06-01')).toEqual(['发现问题：检查结果为“限期整改”时须选择或填写发现的问题']);
    expect(inspectionIssues({ ...ok, result: '限期整改', findingsText: '消毒记录缺失' }, '2026-06-01')).toEqual([]);
    expect(inspectionIssues({ ...ok, findingCodes: [7] }, '2026-06-01')).toEqual(['检查结果：选择了发现问题，结果不能为“未发现问题”']);
    expect(inspectionIssues({ ...ok, result: '责令改正', findingCodes: [16, 7, 7] }, '2026-06-01')).toEqual([
      '发现问题：编号 16 不在 1–15 之内',
      '发现问题：编号重复',
    ]);
  });
  it('links a complaint only to 投诉核查', () => {
    expect(inspectionIssues({ ...ok, complaintId: 5 }, '2026-06-01')).toEqual(['检查类型：关联投诉的检查应为“投诉核查”']);
    expect(inspectionIssues({ ...ok, kind: '投诉核查', complaintId: 5 }, '2026-06-01')).toEqual([]);
  });
  it('links a draw item only to 双随机', () => {
    expect(inspectionIssues({ ...ok, drawItemId: 5 }, '2026-06-01')).toEqual(['检查类型：执行双随机抽取任务的检查应为“双随机”']);
    expect(inspectionIssues({ ...ok, kind: '双随机', drawItemId: 5 }, '2026-06-01')).toEqual([]);
  });
});

describe('numbers, lists and links', () => {
  it('numbers a record by year and id', () => {
    expect(inspectionNumber(123, '2026-03-04')).toBe('JC2026-000123');
  });
  it('splits lists on 、 ； ; , and spaces', () => {
    expect(splitList('7、12；3;4, 5 ，6')).toEqual(['7', '12', '3', '4', '5', '6']);
    expect(splitList('  ')).toEqual([]);
  });
  it('links follow-ups to their pages; penalties have none', () => {
    expect(followUpHref('rectification', 4)).toBe('/admin/rectifications/4');
    expect(followUpHref('point', 5)).toBe('/admin/points/5');
    expect(followUpHref('downgrade', 6)).toBe('/admin/downgrades/6');
    expect(followUpHref('penalty', 7)).toBeNull();
  });
});
