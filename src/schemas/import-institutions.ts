/**
 * The institutions sheet (机构名册): one row per medical institution, keyed by 登记号.
 * Only 登记号 and 机构名称 are required; every other column is optional, validated when present,
 * and an empty cell keeps what is stored (docs/import.md).
 */
import { z } from 'zod';
import { INSTITUTION_STATUSES, parseInstitutionStatus, type InstitutionStatus } from '../domain/institution-status';
import { choiceCell, listCell, optionalDate, optionalLine, optionalText, phoneCell, regionRefCell, requiredLine, usccCell, whenValid } from './import-cells';
import { columnsOf, registrationNoField, rowObjectOf, type ContractField } from './import-sheet';

/** Institution types, as the database check on institutions.type lists them. */
export const INSTITUTION_TYPES = [
  '医院',
  '中医医院',
  '妇幼保健院',
  '卫生院',
  '社区卫生服务中心',
  '社区卫生服务站',
  '门诊部',
  '诊所',
  '中医诊所',
  '村卫生室',
  '医务室',
  '专科疾病防治机构',
  '急救中心',
  '其他',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** Names used in existing registers for the same types. */
const TYPE_SYNONYMS: Readonly<Record<string, InstitutionType>> = {
  综合医院: '医院',
  专科医院: '医院',
  中医院: '中医医院',
  中西医结合医院: '中医医院',
  民族医医院: '中医医院',
  妇幼保健计划生育服务中心: '妇幼保健院',
  妇幼保健所: '妇幼保健院',
  乡镇卫生院: '卫生院',
  中心卫生院: '卫生院',
  街道卫生院: '卫生院',
  社区卫生服务中心站: '社区卫生服务站',
  综合门诊部: '门诊部',
  专科门诊部: '门诊部',
  中医门诊部: '门诊部',
  普通诊所: '诊所',
  口腔诊所: '诊所',
  个体诊所: '诊所',
  卫生室: '村卫生室',
  村卫生所: '村卫生室',
  卫生所: '医务室',
  医务所: '医务室',
  专科疾病防治院: '专科疾病防治机构',
  专科疾病防治所: '专科疾病防治机构',
  专科疾病防治站: '专科疾病防治机构',
  急救站: '急救中心',
};

export const RISK_GRADES = ['高', '中', '低'] as const;
const RISK_SYNONYMS: Readonly<Record<string, (typeof RISK_GRADES)[number]>> = {
  高风险: '高',
  中风险: '中',
  低风险: '低',
};

/** The sheet's columns and cells, one table (import-sheet.ts columnsOf, rowObjectOf). */
const INSTITUTION_FIELDS = {
  registrationNo: registrationNoField('《医疗机构执业许可证》登记号，4至40位数字、字母或连字符；同一机构再次导入时用它找到原记录', [
    '医疗机构登记号',
    '登记号码',
  ]),
  name: { header: '机构名称', aliases: ['医疗机构名称', '名称'], required: true, help: '许可证上的机构名称，不超过100字', cell: requiredLine(100) },
  uscc: { header: '统一社会信用代码', aliases: ['信用代码'], required: false, help: '18位，校验位按GB 32100检查', cell: usccCell() },
  type: {
    header: '机构类别',
    aliases: ['类别', '机构类型'],
    required: false,
    help: `${INSTITUTION_TYPES.join('、')}之一（也接受“综合医院”“乡镇卫生院”“卫生室”等常见写法）`,
    cell: choiceCell(INSTITUTION_TYPES, TYPE_SYNONYMS),
  },
  hospitalGrade: { header: '医院等级', aliases: ['等级'], required: false, help: '如三级甲等、二级、一级、未定级，不超过20字', cell: optionalLine(20) },
  ownership: {
    header: '经营性质',
    aliases: ['所有制', '所有制形式'],
    required: false,
    help: '如公立、非营利性、营利性、个体，不超过30字',
    cell: optionalLine(30),
  },
  address: { header: '地址', aliases: ['执业地址', '机构地址'], required: false, help: '执业地址，不超过200字', cell: optionalLine(200) },
  region: {
    header: '行政区划',
    aliases: ['行政区划代码', '所在区域', '乡镇（街道）'],
    required: false,
    help: '行政区划代码（6位县级、9位乡镇级、12位村级）或平台区划表中的名称，如“城关镇”',
    cell: regionRefCell(),
  },
  legalRepresentative: { header: '法定代表人', aliases: ['法人'], required: false, help: '不超过50字', cell: optionalLine(50) },
  principal: { header: '主要负责人', aliases: ['负责人'], required: false, help: '不超过50字', cell: optionalLine(50) },
  departments: {
    header: '诊疗科目',
    aliases: [],
    required: false,
    help: '多个科目用顿号、逗号或分号分隔，如“内科；外科；中医科”；带冒号的一项（如“医学检验科：临床体液、血液专业”）保持完整',
    cell: listCell(100, 60),
  },
  licenseValidFrom: { header: '许可证有效期起', aliases: ['有效期起', '有效期自'], required: false, help: '日期，如2023-05-01', cell: optionalDate() },
  licenseValidTo: { header: '许可证有效期至', aliases: ['有效期至', '有效期止'], required: false, help: '日期，不早于有效期起', cell: optionalDate() },
  status: {
    header: '执业状态',
    aliases: ['状态'],
    required: false,
    help: `${INSTITUTION_STATUSES.join('、')}之一；新机构不填为执业`,
    cell: choiceCell<InstitutionStatus>(INSTITUTION_STATUSES, parseInstitutionStatus),
  },
  riskGrade: { header: '风险等级', aliases: [], required: false, help: '高、中、低之一（也接受“高风险”等）', cell: choiceCell(RISK_GRADES, RISK_SYNONYMS) },
  supervisingUnit: { header: '监督单位', aliases: ['监督机构', '监管单位'], required: false, help: '负责日常监督的单位，不超过100字', cell: optionalLine(100) },
  complaintPhone: {
    header: '投诉电话',
    aliases: ['投诉举报电话', '监督电话'],
    required: false,
    help: '手机号、带区号的座机（如0375-2345678）或12345等服务热线',
    cell: phoneCell(),
  },
  openingHours: {
    header: '诊疗时间',
    aliases: ['门诊时间', '营业时间'],
    required: false,
    help: '如“周一至周六 8:00—18:00”，不超过500字，可以换行',
    cell: optionalText(500),
  },
  priceUrl: {
    header: '收费公示网址',
    aliases: ['价格公示网址'],
    required: false,
    help: '官方收费公示页面的网址，以 http:// 或 https:// 开头',
    cell: optionalLine(500).refine((v) => v === null || /^https?:\/\/\S+$/.test(v), '应为以 http:// 或 https:// 开头的网址'),
  },
} satisfies Record<string, ContractField>;

export const INSTITUTION_COLUMNS = columnsOf(INSTITUTION_FIELDS);

export const institutionRowSchema = rowObjectOf(INSTITUTION_FIELDS).superRefine(
  (row, ctx) => {
    if (row.licenseValidFrom && row.licenseValidTo && row.licenseValidTo < row.licenseValidFrom) {
      ctx.addIssue({ code: 'custom', path: ['licenseValidTo'], message: '不能早于许可证有效期起' });
    }
  },
  whenValid('licenseValidFrom', 'licenseValidTo'),
);

export type InstitutionRow = z.output<typeof institutionRowSchema>;
