/**
 * Vocabulary for the fictional demo data: people's names, place names, shop names (字号) and
 * addresses. Everything here is invented or generic; no real institution list is used (the real
 * list in /work/shared/data must never feed the demo). Place names are combinations of common
 * characters, so a generated county may by chance share a name with a real one; its codes
 * (prefecture 419x, which GB/T 2260 does not assign) and the 演示数据 banner say it is fictional.
 */
import type { Rng } from './random';

/** Common surnames, roughly by frequency (the first ones weigh more, see `personName`). */
export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '于',
  '蒋',
  '蔡',
  '余',
  '杜',
  '叶',
  '程',
  '苏',
  '魏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '姜',
  '崔',
  '钟',
  '谭',
  '陆',
  '汪',
  '范',
  '金',
  '石',
  '廖',
  '贾',
  '夏',
  '韦',
  '付',
  '方',
  '白',
  '邹',
  '孟',
  '熊',
  '秦',
  '邱',
  '江',
  '尹',
  '薛',
  '闫',
  '段',
  '雷',
  '侯',
  '龙',
  '史',
  '陶',
  '黎',
  '贺',
  '顾',
  '毛',
  '郝',
  '龚',
  '邵',
  '万',
  '钱',
  '严',
  '武',
  '戴',
  '孔',
] as const;

const COMPOUND = ['欧阳', '司马', '上官', '诸葛'] as const;

const GIVEN_MALE = [
  '伟',
  '强',
  '磊',
  '军',
  '勇',
  '杰',
  '涛',
  '斌',
  '超',
  '明',
  '刚',
  '平',
  '辉',
  '鹏',
  '华',
  '飞',
  '鑫',
  '波',
  '宁',
  '凯',
  '建国',
  '建军',
  '志强',
  '志刚',
  '海洋',
  '国庆',
  '红军',
  '新民',
  '卫东',
  '振华',
  '晓东',
  '文博',
  '子豪',
  '浩然',
  '宇航',
  '俊杰',
  '家豪',
  '立新',
  '德明',
  '永强',
  '春生',
  '金龙',
  '长青',
  '书文',
  '保国',
  '安民',
  '双喜',
  '广才',
  '世杰',
  '向阳',
] as const;

const GIVEN_FEMALE = [
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '艳',
  '娟',
  '霞',
  '燕',
  '玲',
  '红',
  '洁',
  '琳',
  '倩',
  '婷',
  '雪',
  '慧',
  '颖',
  '萍',
  '蕾',
  '秀英',
  '桂英',
  '玉兰',
  '秀兰',
  '红梅',
  '丽娟',
  '海燕',
  '晓燕',
  '雪梅',
  '美玲',
  '春花',
  '翠花',
  '冬梅',
  '淑芬',
  '佳怡',
  '梦瑶',
  '欣怡',
  '思雨',
  '雨婷',
  '雅琴',
  '凤英',
  '小红',
  '丽华',
  '彩霞',
  '金凤',
  '亚楠',
  '晓丽',
  '文静',
  '素芳',
  '秋菊',
] as const;

/** A fictional person's name, e.g. 张建国, 李娟, rarely 欧阳文静. */
export function personName(rng: Rng, female?: boolean): string {
  const isFemale = female ?? rng.chance(0.5);
  // Skew towards frequent surnames: min of two uniforms puts more weight on the low indexes.
  const surname = rng.chance(0.003) ? rng.pick(COMPOUND) : (SURNAMES[Math.min(rng.int(0, SURNAMES.length - 1), rng.int(0, SURNAMES.length - 1))] as string);
  return surname + rng.pick(isFemale ? GIVEN_FEMALE : GIVEN_MALE);
}

/** 字号 for private clinics, 门诊部 and hospitals (generic auspicious words). */
export const SHOP_NAMES = [
  '仁和',
  '康泰',
  '济民',
  '同仁',
  '博爱',
  '惠民',
  '益康',
  '百姓',
  '安康',
  '德济',
  '健民',
  '仁爱',
  '福康',
  '瑞康',
  '佳和',
  '民生',
  '华康',
  '康宁',
  '永康',
  '长安',
  '慈济',
  '广济',
  '明德',
  '怡康',
  '众康',
  '颐和',
  '春晖',
  '杏林',
  '杏苑',
  '济世',
  '寿康',
  '恒康',
  '天和',
  '和平',
  '新华',
  '嘉禾',
  '景和',
  '泰和',
  '润康',
  '宏康',
  '仁心',
  '德康',
  '普济',
  '善德',
  '康乐',
  '爱民',
  '惠康',
  '益民',
  '同济',
  '协和',
  '建华',
  '东方',
  '阳光',
  '金桥',
  '锦华',
  '鸿康',
  '嘉康',
  '尚德',
  '致和',
  '聚康',
] as const;

/** Specialties that appear in clinic names, with the 诊疗科目 they register. */
export const CLINIC_SPECIALTIES = [
  { label: '口腔', departments: ['口腔科'] },
  { label: '内科', departments: ['内科'] },
  { label: '外科', departments: ['外科'] },
  { label: '妇科', departments: ['妇产科'] },
  { label: '儿科', departments: ['儿科'] },
  { label: '皮肤科', departments: ['皮肤科'] },
  { label: '眼科', departments: ['眼科'] },
  { label: '耳鼻喉科', departments: ['耳鼻咽喉科'] },
  { label: '综合', departments: ['内科', '外科', '医学检验科'] },
  { label: '普通', departments: ['全科医疗科'] },
] as const;

export const TCM_SPECIALTIES = ['中医', '中医内科', '针灸推拿', '中医骨伤', '中医妇科', '中医儿科'] as const;

/** Streets and roads of a county town (address lines). */
export const ROADS = [
  '人民路',
  '解放路',
  '建设路',
  '中山路',
  '文化路',
  '健康路',
  '新华路',
  '朝阳路',
  '胜利路',
  '和平路',
  '团结路',
  '青年路',
  '光明路',
  '工业路',
  '育才路',
  '滨河路',
  '迎宾大道',
  '站前街',
  '东大街',
  '西大街',
  '南大街',
  '北大街',
  '府前街',
  '花园路',
  '商贸街',
  '振兴路',
  '兴业路',
  '长青路',
  '学府路',
  '车站路',
] as const;

/** Town and township names (镇, 乡) — generic rural place names. */
export const TOWN_NAMES = [
  '柳营',
  '石桥',
  '杏花',
  '双河',
  '白庙',
  '马坊',
  '李集',
  '王店',
  '槐树',
  '龙泉',
  '枣林',
  '麦岭',
  '黄楼',
  '桃园',
  '新集',
  '古城',
  '三里河',
  '牛寨',
  '梨园',
  '青石',
  '高庄',
  '铁炉',
  '油坊',
  '丁营',
  '刘湾',
  '沙河',
  '岗头',
  '孙店',
  '白沙',
  '杨庄',
  '花园',
  '五里铺',
  '陈寨',
  '关庙',
  '土门',
  '平岭',
] as const;

/** Street (街道) names of a county seat. */
export const STREET_NAMES = ['城东', '城西', '城南', '城北', '东关', '西关', '南关', '北关', '新城', '滨河'] as const;

/** 社区 names in a 街道. */
export const COMMUNITY_NAMES = [
  '幸福',
  '和谐',
  '建设',
  '文化',
  '花园',
  '长安',
  '朝阳',
  '光明',
  '新华',
  '团结',
  '锦绣',
  '翠苑',
  '育才',
  '春晖',
  '阳光',
  '康乐',
  '滨河',
  '民主',
  '胜利',
  '友谊',
] as const;

const VILLAGE_PREFIX = ['', '东', '西', '南', '北', '前', '后', '大', '小', '上', '下', '新'] as const;
const VILLAGE_SUFFIX = ['庄', '营', '寨', '屯', '店', '集', '洼', '岗', '楼', '湾', '坪', '桥', '铺', '沟', '河'] as const;

/** Size of the village-name space (see `villageName`). */
export const VILLAGE_NAME_COUNT = VILLAGE_PREFIX.length * SURNAMES.length * VILLAGE_SUFFIX.length;

/**
 * The i-th village name (i < VILLAGE_NAME_COUNT), e.g. 王庄, 东李营, 后陈寨. Callers pass a
 * permuted index so that villages of one township do not all share a prefix.
 */
export function villageName(i: number): string {
  const suffix = VILLAGE_SUFFIX[i % VILLAGE_SUFFIX.length] as string;
  const rest = Math.floor(i / VILLAGE_SUFFIX.length);
  const surname = SURNAMES[rest % SURNAMES.length] as string;
  const prefix = VILLAGE_PREFIX[Math.floor(rest / SURNAMES.length) % VILLAGE_PREFIX.length] as string;
  return `${prefix}${surname}${suffix}`;
}

/**
 * Combinations that are real place names (county-level or above), left out so that no demo
 * county shares its name with a real one.
 */
export const REAL_PLACE_NAMES: ReadonlySet<string> = new Set(['青川', '云溪', '松溪', '兰溪', '竹溪', '兰坪', '青原', '松原', '枫溪', '松滨']);

/** Two-character county names for the multi-county (province-like) demo; the first is the small demo's. */
export const COUNTY_FIRST = ['青', '云', '杏', '桐', '槐', '柳', '枫', '榆', '棠', '芷', '兰', '梧', '松', '竹', '苇', '荷'] as const;
export const COUNTY_SECOND = ['禾', '溪', '川', '源', '岭', '泉', '陂', '滨', '原', '湾', '屏', '坪', '垣', '皋', '渚', '汀'] as const;

/** Fictional prefecture-level cities (the first is the small demo's). */
export const PREFECTURE_NAMES = ['禾川', '云岫', '杏坛', '桐岭', '槐原', '柳渚', '枫汀', '榆皋', '棠溪'] as const;

/** Schools and companies whose 医务室 appear in the demo. */
export const INFIRMARY_HOSTS = [
  '第一高级中学',
  '第二高级中学',
  '实验中学',
  '职业技术学校',
  '纺织有限公司',
  '水泥有限公司',
  '机械制造有限公司',
  '食品有限公司',
  '第三中学',
  '电力公司',
  '汽车站',
  '敬老院',
] as const;

/** Private hospitals: 字号 + kind. */
export const PRIVATE_HOSPITAL_KINDS = ['医院', '骨科医院', '眼科医院', '妇产医院', '口腔医院', '中西医结合医院', '康复医院'] as const;

// ---------------------------------------------------------------------------------------------
// Texts. Violations follow seed 002's 15 突出问题 (plus two everyday findings); the legal
// bases are the usual ones for each finding, written as a supervisor would.

export interface ViolationText {
  /** The finding, as written in the 处罚决定书. */
  violation: string;
  basis: string;
  /** Whether the penalty targets a member of staff (then a staff id is attached). */
  staff: boolean;
  /** Possible penalties: text and fine in yuan (null: no fine). */
  penalties: readonly (readonly [string, number | null])[];
  /** Complaint subcategory / self-inspection finding it corresponds to. */
  short: string;
}

export const VIOLATIONS: readonly ViolationText[] = [
  {
    violation: '超出登记的诊疗科目范围开展诊疗活动',
    basis: '《医疗机构管理条例》第二十七条、第四十七条',
    staff: false,
    penalties: [
      ['警告', null],
      ['警告，并处罚款人民币3000元', 3000],
      ['罚款人民币5000元', 5000],
    ],
    short: '超出登记的诊疗科目、执业地点执业',
  },
  {
    violation: '使用非卫生技术人员从事医疗卫生技术工作',
    basis: '《医疗机构管理条例》第二十八条、第四十八条',
    staff: false,
    penalties: [
      ['警告，并处罚款人民币5000元', 5000],
      ['罚款人民币10000元', 10000],
    ],
    short: '使用非卫生技术人员',
  },
  {
    violation: '医师未按照注册的执业地点、执业类别、执业范围执业',
    basis: '《中华人民共和国医师法》第十四条、第五十七条',
    staff: true,
    penalties: [
      ['警告', null],
      ['警告，并处罚款人民币10000元', 10000],
      ['责令暂停六个月执业活动', null],
    ],
    short: '医师未按照注册的执业地点、类别、范围执业',
  },
  {
    violation: '未按照规定填写、保管病历资料',
    basis: '《医疗纠纷预防和处理条例》第十五条、第四十七条',
    staff: false,
    penalties: [
      ['警告', null],
      ['警告，并处罚款人民币2000元', 2000],
    ],
    short: '未按规定填写、保管病历资料',
  },
  {
    violation: '未经县级卫生行政部门核准，擅自使用抗菌药物开展静脉输注活动',
    basis: '《抗菌药物临床应用管理办法》第三十八条、第五十八条',
    staff: false,
    penalties: [
      ['警告，并处罚款人民币3000元', 3000],
      ['罚款人民币5000元', 5000],
    ],
    short: '擅自使用抗菌药物开展静脉输注',
  },
  {
    violation: '对外出租、承包医疗科室',
    basis: '《中华人民共和国基本医疗卫生与健康促进法》第三十九条、第一百条',
    staff: false,
    penalties: [
      ['没收违法所得，并处违法所得二倍的罚款', 40000],
      ['没收违法所得，并处罚款人民币50000元', 50000],
    ],
    short: '对外出租、承包医疗科室',
  },
  {
    violation: '中医诊所超出备案范围开展医疗活动',
    basis: '《中华人民共和国中医药法》第十四条、第五十四条',
    staff: false,
    penalties: [
      ['责令改正，并处罚款人民币10000元', 10000],
      ['罚款人民币20000元', 20000],
    ],
    short: '中医诊所超出备案范围开展医疗活动',
  },
  {
    violation: '未在诊疗场所明显位置公示中医（专长）医师的执业范围及可以采用的治疗方法',
    basis: '《中医医术确有专长人员医师资格考核注册管理暂行办法》第三十四条',
    staff: false,
    penalties: [['警告', null]],
    short: '未公示中医（专长）医师执业范围',
  },
  {
    violation: '医疗废物未按规定分类收集、暂存',
    basis: '《医疗废物管理条例》第十六条、第四十六条',
    staff: false,
    penalties: [
      ['警告', null],
      ['警告，并处罚款人民币3000元', 3000],
    ],
    short: '医疗废物处置不规范',
  },
  {
    violation: '使用后的医疗器械未按规定进行消毒',
    basis: '《消毒管理办法》第四条、第四十一条',
    staff: false,
    penalties: [
      ['警告', null],
      ['罚款人民币2000元', 2000],
    ],
    short: '医疗器械消毒不规范',
  },
];

/** The penalty that ends a 吊销 institution's licence (and its listing as seriously dishonest). */
export const REVOCATION = {
  violation: '伪造、变造、买卖、出租、出借《医疗机构执业许可证》，情节严重',
  basis: '《医疗机构管理条例》第二十三条、第四十六条',
  penalty: '没收违法所得，并处罚款人民币30000元，吊销《医疗机构执业许可证》',
  fine: 30000,
} as const;

/** Bad-practice behaviours (seed 000) with typical points. */
export const BEHAVIOURS: readonly (readonly [string, number, 'institution' | 'staff'])[] = [
  ['未按规定悬挂《医疗机构执业许可证》', 1, 'institution'],
  ['未按规定公示诊疗科目、服务项目和收费标准', 1, 'institution'],
  ['未落实依法执业自查制度', 2, 'institution'],
  ['医疗废物管理不规范', 2, 'institution'],
  ['未按规定报告传染病疫情', 3, 'institution'],
  ['使用过期药品、医疗器械', 3, 'institution'],
  ['超出登记的诊疗科目开展诊疗活动', 6, 'institution'],
  ['使用非卫生技术人员从事医疗卫生技术工作', 6, 'institution'],
  ['病历书写不规范', 1, 'staff'],
  ['未按规定开具处方', 2, 'staff'],
  ['未按照注册的执业范围执业', 4, 'staff'],
  ['出具与执业类别不相符的医学证明文件', 6, 'staff'],
];

export const SELF_INSPECTION_FINDINGS = [
  '病历书写不规范，部分病历缺少医师签名',
  '医疗废物交接登记不完整',
  '未按规定公示收费标准',
  '消毒记录不完整',
  '处方书写不规范',
  '依法执业自查台账不完整',
  '传染病登记本填写不完整',
  '部分药品效期管理不到位',
] as const;

/**
 * Complaint topics: category and sub-category exactly as in src/domain/complaint-categories.ts
 * (a unit test checks that each pair exists there), with what a citizen might write.
 */
export const COMPLAINT_TOPICS: readonly (readonly [string, string, string])[] = [
  ['执业资质', '买卖、租借、转让执业许可证，使用非卫生技术人员', '该诊所为患者输液的人员似乎没有执业证书，询问也说不清楚。'],
  ['执业资质', '医师未按注册的执业地点、类别、范围执业', '坐诊医生的执业证书上登记的不是这家机构，公示栏里也没有他的信息。'],
  ['执业资质', '超范围诊疗', '诊所挂的是内科，却在开展拔牙和美容注射项目。'],
  ['违规诊疗', '违规用药或输液、抗菌药物使用不合理', '孩子感冒去看病，医生直接给挂了抗生素吊瓶，没有做任何检查。'],
  ['违规诊疗', '病历等医疗文书书写不齐全、不规范', '就诊后想复印病历，机构说没有写病历。'],
  ['违规诊疗', '过度检查、过度治疗、大处方、重复检查', '只是嗓子疼，医生开了三百多元的检查和药。'],
  ['院感防控', '接触皮肤、黏膜的器械未一人一用一消毒', '看到针灸针用完后没有更换，直接放回盒子里。'],
  ['院感防控', '医疗废物包装标识不规范、未分类收集、交接登记不全', '机构门口垃圾桶里有用过的输液管和针头。'],
  ['信息公示', '未将执业许可证、诊疗科目、诊疗时间上墙公示', '诊室里找不到公示栏，也没有看到执业许可证。'],
  ['信息公示', '未按规定公示药品、医用材料、医疗服务价格', '收费时价格和上次不一样，墙上没有价目表。'],
] as const;

/** The topic of complaints about unlisted places (unlicensed practice). */
export const UNLISTED_TOPIC = ['执业资质', '无证行医：未取得执业许可证或诊所备案凭证执业', '这里没有挂任何执业许可证，却在给人打针输液。'] as const;

/** Unlicensed places reported by complainants (institution not listed). */
export const UNLISTED_PLACES = [
  ['无名诊所（小区门面房）', '幸福小区南门东侧第三间门面房'],
  ['私人按摩理疗店', '人民路与建设路交叉口向北50米'],
  ['某美容店（开展注射美容）', '商贸街中段二楼'],
  ['流动摊点（拔牙镶牙）', '城关镇集贸市场东口'],
] as const;

export const RATING_COMMENTS = [
  ['医生很耐心，讲得很清楚。', 5],
  ['环境干净，排队时间不长。', 5],
  ['村医随叫随到，很负责。', 5],
  ['价格公道，态度好。', 4],
  ['看病还行，就是人太多了。', 4],
  ['挂号流程有点复杂。', 3],
  ['等了一个多小时才看上。', 2],
  ['收费不透明，没有给明细。', 2],
  ['态度差，问两句就不耐烦。', 1],
] as const;

/**
 * The 依法执业承诺书 body (seed 002 附件 and seed 004 "双承诺"), with the institution's name.
 * Kept to the essentials: it is stored once per institution and year, and 100,000 long letters
 * would be the largest table of the demo.
 */
export function commitmentBody(institutionName: string, year: number): string {
  return (
    `${institutionName}郑重承诺：严格遵守《基本医疗卫生与健康促进法》《医师法》《医疗机构管理条例》等法律法规，` +
    '在登记的诊疗科目和执业地点范围内执业；不使用非卫生技术人员，不出租、承包科室，不出借执业许可证；' +
    '规范书写病历、合理使用抗菌药物；落实依法执业自查，发现问题及时整改；公示执业信息和投诉电话，接受社会监督。' +
    `如有违反，自愿承担相应法律责任。（${year}年度）`
  );
}
