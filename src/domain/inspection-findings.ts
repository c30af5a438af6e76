/**
 * The fifteen 突出问题 of seed 002 (2024 医疗机构依法执业突出问题专项整治, 二、工作重点), quoted
 * word for word; an inspection records the codes 1..15 it found (inspections.finding_codes, 0010)
 * plus free text. The short labels are ours, for tables and charts.
 */

export interface InspectionFinding {
  code: number;
  label: string;
  /** The seed's wording. */
  text: string;
}

export const INSPECTION_FINDINGS: readonly InspectionFinding[] = [
  { code: 1, label: '未落实依法执业自查', text: '未按《医疗机构依法执业自查管理办法》要求落实依法执业自查的' },
  { code: 2, label: '非营利性机构分配收益', text: '非营利性医疗机构向出资人、举办者分配或者变相分配收益的' },
  { code: 3, label: '违规设立非独立法人机构', text: '政府举办的医疗机构与其他组织投资设立非独立法人资格的医疗卫生机构的' },
  { code: 4, label: '政府资金举办营利性机构', text: '政府资金、捐赠资产举办或者参与举办营利性医疗机构的' },
  { code: 5, label: '伪造出借执业许可证', text: '伪造、变造、买卖、出租、出借医疗机构执业许可证的' },
  { code: 6, label: '出租承包科室', text: '对外出租、承包医疗科室的' },
  { code: 7, label: '超范围、超地点执业', text: '超出登记的诊疗科目、执业地点执业的（经备案的义诊除外）' },
  { code: 8, label: '违规与第三方检测机构合作', text: '医疗机构科室或个人违规与第三方检测机构合作的' },
  { code: 9, label: '违规应用医疗新技术', text: '将未通过技术评估和伦理审查的医疗新技术应用于临床的' },
  { code: 10, label: '伪造出借医师执业证书', text: '伪造、变造、买卖、出租、出借医师执业证书的' },
  { code: 11, label: '医师未按注册执业', text: '医师未按照注册的执业地点、执业类别、执业范围执业的' },
  { code: 12, label: '病历书写保管不规范', text: '未按规定填写、保管病历资料，或者未按规定补记抢救病历的' },
  {
    code: 13,
    label: '擅自开展抗菌药物静脉输注',
    text: '未经县级卫生行政部门核准，村卫生室、诊所、社区卫生服务站擅自使用抗菌药物开展静脉输注活动的',
  },
  {
    code: 14,
    label: '中医诊所备案违规',
    text: '中医诊所提交虚假备案材料取得《中医诊所备案证》的、擅自更改设置未经备案或者实际设置与取得的《中医诊所备案证》记载事项不一致的、出卖、转让、出借《中医诊所备案证》的、超出备案范围开展医疗活动',
  },
  { code: 15, label: '未公示中医（专长）医师执业范围', text: '中医（专长）医师所在医疗机构未在诊疗场所明显位置公示该医师的执业范围以及可以采用的治疗方法' },
];

export const FINDING_CODES: readonly number[] = INSPECTION_FINDINGS.map((f) => f.code);

export function findingOf(code: number): InspectionFinding | undefined {
  return INSPECTION_FINDINGS.find((f) => f.code === code);
}

/** "7 超范围、超地点执业；12 病历书写保管不规范" — how a record's findings read in a table. */
export function findingLabels(codes: readonly number[]): string {
  return codes.map((c) => `${c} ${findingOf(c)?.label ?? '（未知问题）'}`).join('；');
}
