/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) mapped onto the complaint intake:
 * services are the seed complaint categories' items (src/domain/complaint-categories.ts: the
 * sub-category id is the stable service_code, its label the service_name, the category the
 * group), and the workflow states are the spec's two: open and closed.
 *
 * Seed 003 (永安方案) gives the categories and items; seed 002 adds its 突出问题 under them.
 */
import { CATEGORIES, findCategory, findSubcategory, type Category, type Subcategory } from './complaint-categories';
import type { ComplaintStatus } from './complaint-workflow';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export const OPEN311_SERVICES: readonly Open311Service[] = CATEGORIES.flatMap((c) =>
  c.subcategories.map((s) => ({
    service_code: s.id,
    service_name: s.label,
    description: `${c.name}：${s.label}（依据：${s.source}）。${c.hint}`,
    // Every service has attributes (the institution, real name …): clients read services/{code}.json.
    metadata: true,
    type: 'realtime' as const,
    keywords: c.name,
    group: c.name,
  })),
);

/** The category and item of a service_code, or null when there is no such service. */
export function serviceOf(code: string): { category: Category; subcategory: Subcategory } | null {
  for (const category of CATEGORIES) {
    const subcategory = category.subcategories.find((s) => s.id === code);
    if (subcategory) return { category, subcategory };
  }
  return null;
}

/** The service_code of a stored complaint (category name + item label), null when it has no item. */
export function serviceCodeOf(categoryName: string, subcategoryLabel: string | null): string | null {
  if (!subcategoryLabel) return null;
  return findSubcategory(categoryName, subcategoryLabel)?.id ?? null;
}

/** service_name of a stored complaint: its item, else its category. */
export function serviceNameOf(categoryName: string, subcategoryLabel: string | null): string {
  return subcategoryLabel ?? findCategory(categoryName)?.name ?? categoryName;
}

/** 待受理/已受理/调查中 are open; 已办结 and 不予受理 are closed. */
export function open311Status(status: ComplaintStatus): 'open' | 'closed' {
  return status === '已办结' || status === '不予受理' ? 'closed' : 'open';
}

/** Which stored statuses an Open311 status filter means. */
export function statusesOf(filter: readonly ('open' | 'closed')[]): ComplaintStatus[] {
  const out: ComplaintStatus[] = [];
  if (filter.includes('open')) out.push('待受理', '已受理', '调查中');
  if (filter.includes('closed')) out.push('已办结', '不予受理');
  return out;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

/**
 * The attributes of every service: what our complaint needs beyond the spec's standard fields
 * (description; first_name, last_name, phone, email for a real-name complaint).
 */
export const OPEN311_ATTRIBUTES: readonly Open311Attribute[] = [
  {
    variable: true,
    code: 'institution_code',
    datatype: 'string',
    required: false,
    datatype_description: '4–12 位字母数字，即机构公示页网址 /i/{编码}/ 中的编码',
    order: 1,
    description: '被投诉机构的公示编码。机构不在平台上（如无证行医）时不填，改填 unlisted_name 和 unlisted_address。',
  },
  {
    variable: true,
    code: 'unlisted_name',
    datatype: 'string',
    required: false,
    datatype_description: '2–100 字',
    order: 2,
    description: '未列出的机构名称或行医者称呼（与 institution_code 二选一）。',
  },
  {
    variable: true,
    code: 'unlisted_address',
    datatype: 'string',
    required: false,
    datatype_description: '2–200 字；也可用标准字段 address_string',
    order: 3,
    description: '未列出机构的地址或行医地点，填写 unlisted_name 时必填。',
  },
  {
    variable: true,
    code: 'region_code',
    datatype: 'string',
    required: false,
    datatype_description: '9 位乡镇（街道）行政区划代码，县级 6 位也可',
    order: 4,
    description: '未列出机构所在的乡镇（街道），投诉按它分派给辖区监督员。',
  },
  {
    variable: true,
    code: 'occurred_on',
    datatype: 'string',
    required: false,
    datatype_description: 'YYYY-MM-DD，不晚于今天',
    order: 5,
    description: '问题发生日期。',
  },
  {
    variable: true,
    code: 'anonymous',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: 'true 或 false；不填时：填了电话为实名，否则匿名',
    order: 6,
    description: '是否匿名举报。实名举报须填 first_name/last_name 和 phone，办结后可看到办理结果和反馈。',
    values: [
      { key: 'true', name: '匿名举报' },
      { key: 'false', name: '实名举报' },
    ],
  },
  {
    variable: true,
    code: 'client_request_id',
    datatype: 'string',
    required: false,
    datatype_description: '1–100 个字符（字母、数字、- _ . /）',
    order: 7,
    description: '来源系统自己的工单号（如 12345 工单号）。同一工单号重复提交时返回原受理编号，不会重复立案。',
  },
];

/** What the public status page says of each state (src/handlers/intake/status.ts), also Open311's status_notes. */
export const STATUS_EXPLANATIONS: Record<string, string> = {
  待受理: '投诉已收到，正在等待卫生监督机构受理。',
  已受理: '投诉已受理，将安排调查核实。',
  调查中: '卫生监督员正在调查核实。',
  已办结: '投诉已办结。',
  不予受理: '经审查，该投诉不予受理。',
};

export interface StatusNoteInput {
  status: ComplaintStatus;
  anonymous: boolean;
  outcome: string | null;
  feedback: string | null;
  rejectReason: string | null;
}

/**
 * status_notes: only what the public status page shows the complainant (src/handlers/intake/status.ts):
 * the state's explanation for everyone; the outcome, the reason for not accepting and the
 * supervisors' feedback only for a real-name complaint. Never the complainant's details, the
 * findings or who handles it.
 */
export function statusNotes(c: StatusNoteInput, explanation: string): string {
  const parts = [explanation];
  if (!c.anonymous) {
    if (c.status === '不予受理' && c.rejectReason) parts.push(`不予受理理由：${c.rejectReason}`);
    if (c.outcome) parts.push(`办理结果：${c.outcome}。`);
    if (c.feedback) parts.push(`反馈：${c.feedback}`);
  }
  return parts.filter(Boolean).join(' ');
}

/** A real-name complainant's name from Open311's first_name / last_name: 姓 (last) before 名 (first), as Chinese writes it. */
export function personName(first: string | undefined, last: string | undefined): string | undefined {
  const f = (first ?? '').trim();
  const l = (last ?? '').trim();
  // Latin names keep their order and a space ("Anna Lee"); Chinese ones are written 姓名 together.
  const name = /[A-Za-z]$/.test(f) && /^[A-Za-z]/.test(l) ? `${f} ${l}` : `${l}${f}`;
  return name === '' ? undefined : name;
}
