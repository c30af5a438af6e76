/**
 * What a complaint can be about (投诉举报类别), and how fast each kind must be handled.
 *
 * The four categories and their items are seed 003's 整治重点 (执业资质, 违规诊疗, 院感防控,
 * 信息公示), in the seed's order. Seed 002's 15 突出问题 are added as further sub-categories
 * under the category they belong to, each marked with its number in that seed (二(一)…二(十五)).
 * A fifth category 其他 takes what fits nowhere else, so that no clue goes unrecorded.
 *
 * A complaint stores the category name and the sub-category's short label (both are columns
 * limited to 30 and 60 characters); the full wording of the seed is kept here for the form.
 */
import type { DeadlineRule } from './complaint-workflow';

export interface Subcategory {
  /** Stable id, e.g. "ZZ01" (资质 item 1) or "TC05" (seed 002 突出问题 5). */
  id: string;
  /** Short label shown in the form and stored in complaints.subcategory (≤ 60 characters). */
  label: string;
  /** Where it comes from, e.g. "永安方案 三(一)1" or "2024年工作计划 二(五)". */
  source: string;
}

export interface Category {
  name: string;
  /** One sentence for the form, plain words for the public. */
  hint: string;
  subcategories: readonly Subcategory[];
  deadlines: DeadlineRule;
}

const S003 = '永安方案';
const S002 = '2024年工作计划';

/**
 * Deadlines: the seeds set none for complaints, so these are the platform's defaults, kept in
 * one place for the supervisor area. Accept within 3 and close within 15 working days; infection
 * control is faster (accept within 1, close within 10) because an unsterilised instrument or
 * medical waste harms the next patient, not just the complainant.
 */
const STANDARD: DeadlineRule = { acceptWithinWorkingDays: 3, closeWithinWorkingDays: 15 };
const URGENT: DeadlineRule = { acceptWithinWorkingDays: 1, closeWithinWorkingDays: 10 };

export const CATEGORIES: readonly Category[] = [
  {
    name: '执业资质',
    hint: '无证行医、超范围执业、出租出借执业许可证或医师执业证书等',
    deadlines: STANDARD,
    subcategories: [
      { id: 'ZZ01', label: '无证行医：未取得执业许可证或诊所备案凭证执业', source: `${S003} 三(一)1` },
      { id: 'ZZ02', label: '不符合准入、校验规定', source: `${S003} 三(一)2` },
      { id: 'ZZ03', label: '不符合医疗机构基本标准', source: `${S003} 三(一)3` },
      { id: 'ZZ04', label: '名称、地址、负责人、诊疗科目等与许可证或备案不一致', source: `${S003} 三(一)4` },
      { id: 'ZZ05', label: '超范围诊疗', source: `${S003} 三(一)5` },
      { id: 'ZZ06', label: '买卖、租借、转让执业许可证，使用非卫生技术人员', source: `${S003} 三(一)6` },
      { id: 'ZZ07', label: '出租出借医师执业证书，医师未按注册类别、范围、地点执业', source: `${S003} 三(一)7` },
      { id: 'ZZ08', label: '违规发布医疗广告', source: `${S003} 三(一)8` },
      { id: 'ZZ09', label: '诊所未对接信息化监管平台、未上传执业信息', source: `${S003} 三(一)9` },
      { id: 'ZZ10', label: '其他不符合资质执业的行为', source: `${S003} 三(一)10` },
      { id: 'TC01', label: '未按规定落实依法执业自查', source: `${S002} 二(一)` },
      { id: 'TC02', label: '非营利性医疗机构向出资人、举办者分配或变相分配收益', source: `${S002} 二(二)` },
      { id: 'TC03', label: '政府办医疗机构与其他组织投资设立非独立法人机构', source: `${S002} 二(三)` },
      { id: 'TC04', label: '政府资金、捐赠资产举办或参与举办营利性医疗机构', source: `${S002} 二(四)` },
      { id: 'TC05', label: '伪造、变造、买卖、出租、出借医疗机构执业许可证', source: `${S002} 二(五)` },
      { id: 'TC06', label: '对外出租、承包医疗科室', source: `${S002} 二(六)` },
      { id: 'TC07', label: '超出登记的诊疗科目、执业地点执业', source: `${S002} 二(七)` },
      { id: 'TC10', label: '伪造、变造、买卖、出租、出借医师执业证书', source: `${S002} 二(十)` },
      { id: 'TC11', label: '医师未按注册的执业地点、类别、范围执业', source: `${S002} 二(十一)` },
      { id: 'TC14', label: '中医诊所备案造假、擅改设置、出借备案证或超范围执业', source: `${S002} 二(十四)` },
    ],
  },
  {
    name: '违规诊疗',
    hint: '虚假诊断、夸大病情、过度检查治疗、违规用药输液、虚假医学证明等',
    deadlines: STANDARD,
    subcategories: [
      { id: 'ZL01', label: '未遵循诊疗指南、技术操作规范和医学伦理规范', source: `${S003} 三(二)1` },
      { id: 'ZL02', label: '未亲自诊查出具医学证明，或出具虚假医学证明', source: `${S003} 三(二)2` },
      { id: 'ZL03', label: '虚假诊断、夸大病情或疗效，欺骗诱使强迫诊疗', source: `${S003} 三(二)3` },
      { id: 'ZL04', label: '过度检查、过度治疗、大处方、重复检查', source: `${S003} 三(二)4` },
      { id: 'ZL05', label: '违规用药或输液、抗菌药物使用不合理', source: `${S003} 三(二)5` },
      { id: 'ZL06', label: '药品进销存不符、无进药凭据、用量与收费不符', source: `${S003} 三(二)6` },
      { id: 'ZL07', label: '病历等医疗文书书写不齐全、不规范', source: `${S003} 三(二)7` },
      { id: 'ZL08', label: '未向患者说明病情、医疗措施等应告知事项', source: `${S003} 三(二)8` },
      { id: 'ZL09', label: '其他不规范诊疗行为', source: `${S003} 三(二)9` },
      { id: 'TC08', label: '科室或个人违规与第三方检测机构合作', source: `${S002} 二(八)` },
      { id: 'TC09', label: '未经技术评估和伦理审查的医疗新技术用于临床', source: `${S002} 二(九)` },
      { id: 'TC12', label: '未按规定填写、保管病历，或未按规定补记抢救病历', source: `${S002} 二(十二)` },
      { id: 'TC13', label: '村卫生室、诊所、社区卫生服务站擅自开展抗菌药物静脉输注', source: `${S002} 二(十三)` },
    ],
  },
  {
    name: '院感防控',
    hint: '消毒隔离不到位、器械未一人一用一消毒、医疗废物处置不规范等',
    deadlines: URGENT,
    subcategories: [
      { id: 'GK01', label: '未严格执行消毒隔离制度', source: `${S003} 三(三)1` },
      { id: 'GK02', label: '接触皮肤、黏膜的器械未一人一用一消毒', source: `${S003} 三(三)2` },
      { id: 'GK03', label: '未按规定对环境、物表清洁消毒', source: `${S003} 三(三)3` },
      { id: 'GK04', label: '医疗废物包装标识不规范、未分类收集、交接登记不全', source: `${S003} 三(三)4` },
      { id: 'GK05', label: '医疗废物暂存不规范（无专用容器、设施不封闭等）', source: `${S003} 三(三)5` },
      { id: 'GK06', label: '医疗废物未交有资质机构集中处置或暂存超时', source: `${S003} 三(三)6` },
    ],
  },
  {
    name: '信息公示',
    hint: '未公示价格、执业许可证、诊疗科目、医务人员执业信息等',
    deadlines: STANDARD,
    subcategories: [
      { id: 'GS01', label: '未按规定公示药品、医用材料、医疗服务价格', source: `${S003} 三(四)1` },
      { id: 'GS02', label: '未在明显位置公示备案凭证、卫生技术人员执业信息', source: `${S003} 三(四)2` },
      { id: 'GS03', label: '未将执业许可证、诊疗科目、诊疗时间上墙公示', source: `${S003} 三(四)3` },
      { id: 'GS04', label: '未公示其他应公示内容', source: `${S003} 三(四)4` },
      { id: 'TC15', label: '未公示中医（专长）医师的执业范围和治疗方法', source: `${S002} 二(十五)` },
    ],
  },
  {
    name: '其他',
    hint: '以上都不符合的其他违法违规执业问题',
    deadlines: STANDARD,
    subcategories: [{ id: 'QT01', label: '其他违法违规执业问题', source: '本平台' }],
  },
];

export const CATEGORY_NAMES = CATEGORIES.map((c) => c.name) as [string, ...string[]];

export function findCategory(name: string): Category | undefined {
  return CATEGORIES.find((c) => c.name === name);
}

/** The sub-category with this id or label within a category, if it belongs there. */
export function findSubcategory(categoryName: string, idOrLabel: string): Subcategory | undefined {
  return findCategory(categoryName)?.subcategories.find((s) => s.id === idOrLabel || s.label === idOrLabel);
}

/** Every sub-category id, for schemas and the API description. */
export const SUBCATEGORY_IDS = CATEGORIES.flatMap((c) => c.subcategories.map((s) => s.id)) as [string, ...string[]];

/** Deadline rule of a category (the supervisor area reads the same table). */
export function deadlineRuleFor(categoryName: string): DeadlineRule {
  return findCategory(categoryName)?.deadlines ?? STANDARD;
}
