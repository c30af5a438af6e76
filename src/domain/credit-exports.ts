import crypto from 'node:crypto';
import { csvDocument, type CsvValue } from './csv';
import type { PenaltyRecord } from './disclosure-board';
import { isIsoDate, type IsoDate } from './working-days';

/**
 * Exports to the systems the seeds name: the public credit information platform (双公示 —
 * 行政处罚, the 红榜/黑榜 and the 严重失信名单, seed 004 "推送至公共信用信息平台") and the
 * provincial 医疗服务综合监管平台 (approved points, seed 000 "办公室于3日内在XX省医疗服务综合监管平台进行记分").
 *
 * Each kind's columns are defined here once, with where each value comes from; the CSV, XLSX and
 * JSON files, the admin screen's column list and the validation of every exported row all read
 * this table. The 行政处罚 columns follow the national 双公示 行政处罚 field set as the issue lists
 * it (the standard's text could not be looked up; docs/integrations.md says so).
 */

export const EXPORT_KINDS = ['penalties', 'red-black', 'serious-dishonesty', 'provincial-points'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  penalties: '行政处罚（双公示）',
  'red-black': '红榜/黑榜',
  'serious-dishonesty': '严重失信名单',
  'provincial-points': '省平台记分录入',
};

/** Formats each kind can be written in: the provincial platform takes sheets, not JSON. */
export const KIND_FORMATS: Record<ExportKind, readonly ExportFormat[]> = {
  penalties: EXPORT_FORMATS,
  'red-black': EXPORT_FORMATS,
  'serious-dishonesty': EXPORT_FORMATS,
  'provincial-points': ['csv', 'xlsx'],
};

export type ColumnType = 'text' | 'date' | 'number' | 'uscc';

export interface ExportColumn {
  header: string;
  type: ColumnType;
  required: boolean;
  /** Where the value comes from (shown on the export screen, and the docs). */
  source: string;
}

const col = (header: string, type: ColumnType, required: boolean, source: string): ExportColumn => ({ header, type, required, source });

const AUTHORITY = [
  col('处罚机关', 'text', true, '配置 EXPORT_AUTHORITY_NAME（本委名称）'),
  col('处罚机关统一社会信用代码', 'uscc', true, '配置 EXPORT_AUTHORITY_USCC'),
  col('数据来源单位', 'text', true, '配置 EXPORT_AUTHORITY_NAME'),
  col('数据来源单位统一社会信用代码', 'uscc', true, '配置 EXPORT_AUTHORITY_USCC'),
];

/** The institution as three exports name it (the penalties export uses the 行政相对人 headers instead). */
const INSTITUTION_NAME = col('机构名称', 'text', true, 'institutions.name');
const INSTITUTION_USCC = col('统一社会信用代码', 'uscc', false, 'institutions.uscc');
const INSTITUTION_IDS = [INSTITUTION_NAME, INSTITUTION_USCC, col('登记号', 'text', true, 'institutions.registration_no')];

export const EXPORT_COLUMNS: Record<ExportKind, readonly ExportColumn[]> = {
  penalties: [
    col('行政相对人名称', 'text', true, '机构名称 institutions.name'),
    col('行政相对人类别', 'text', true, '固定“法人及非法人组织”（处罚对象为医疗机构）'),
    col('统一社会信用代码', 'uscc', false, '机构 institutions.uscc（个体诊所可能没有）'),
    col('法定代表人', 'text', false, '机构 institutions.legal_representative'),
    col('证件类型', 'text', false, '仅自然人填写；机构为空'),
    col('证件号码', 'text', false, '仅自然人填写；机构为空'),
    col('处罚决定书文号', 'text', true, 'penalties.decision_no'),
    col('违法行为类型', 'text', true, '违法事实的第一句（以“，”“；”或句号分隔），不超过 50 字'),
    col('违法事实', 'text', true, 'penalties.violation'),
    col('处罚依据', 'text', true, 'penalties.basis'),
    col('处罚类别', 'text', true, '由处罚内容和罚款金额归类：警告、罚款、没收违法所得、暂扣或吊销许可证、责令停产停业、其他'),
    col('处罚内容', 'text', true, 'penalties.penalty'),
    col('罚款金额（万元）', 'number', false, 'penalties.fine_yuan ÷ 10000，保留 6 位小数'),
    col('没收违法所得、没收非法财物的金额（万元）', 'number', false, '本平台不记录，留空'),
    col('暂扣或吊销证照名称及编号', 'text', false, '处罚内容含“吊销”“暂扣”时为机构登记号 institutions.registration_no'),
    col('处罚决定日期', 'date', true, 'penalties.decided_on'),
    col('处罚有效期', 'date', true, '公示截止期（本平台不单独记录处罚效力期限）'),
    col('公示截止期', 'date', true, 'penalties.shown_until'),
    ...AUTHORITY,
    col('备注', 'text', false, '空'),
  ],
  'red-black': [
    col('榜单', 'text', true, '红榜（优秀）或黑榜（差），与公示网站 /lists/{年度}/ 同一规则'),
    col('年度', 'number', true, '信用评价年度'),
    ...INSTITUTION_IDS,
    col('信用等级', 'text', true, '现行等级（含降级后的等级）'),
    col('标准化得分', 'number', true, '现行等级所依据的得分'),
    col('评价日期', 'date', true, '评价（或降级）日期'),
    col('列入理由', 'text', true, '公示网站的等级说明'),
    ...AUTHORITY.slice(2),
  ],
  'serious-dishonesty': [
    INSTITUTION_NAME,
    INSTITUTION_USCC,
    col('法定代表人', 'text', false, 'institutions.legal_representative'),
    col('列入决定文号', 'text', false, 'serious_dishonesty.decision_no'),
    col('列入日期', 'date', true, 'serious_dishonesty.listed_on'),
    col('列入事由', 'text', true, 'serious_dishonesty.reason'),
    col('认定依据', 'text', false, 'serious_dishonesty.legal_basis'),
    col('公示截止日期', 'date', false, 'serious_dishonesty.display_until'),
    col('认定机关', 'text', true, '配置 EXPORT_AUTHORITY_NAME'),
    col('认定机关统一社会信用代码', 'uscc', true, '配置 EXPORT_AUTHORITY_USCC'),
  ],
  'provincial-points': [
    ...INSTITUTION_IDS,
    col('人员姓名', 'text', false, '记分对象为医务人员时 staff.name'),
    col('执业证书编码', 'text', false, '记分对象为医务人员时 staff.certificate_no'),
    col('记分行为', 'text', true, 'point_records.behaviour'),
    col('分值', 'number', true, 'point_records.points'),
    col('发现日期', 'date', true, 'point_records.found_on'),
    col('记分来源', 'text', true, 'point_records.source'),
    col('记分部门', 'text', true, 'point_records.department（未填写时为“未填写科室”）'),
    col('审批日期', 'date', false, 'point_records.approved_on'),
    col('通知书送达日期', 'date', false, 'point_records.notice_served_on'),
    col('平台记分编号', 'number', true, 'point_records.id（核对用）'),
  ],
};

export type ExportValue = string | number | null;
/** One exported row, keyed by column header. */
export type ExportRow = Record<string, ExportValue>;

/** A row and the key that identifies its record across exports (e.g. "penalty:17"). */
export interface ExportRecord {
  key: string;
  row: ExportRow;
}

/** The commission as the exports name it (configuration). */
export interface Authority {
  name: string;
  uscc: string;
}

// ---------------------------------------------------------------------------------------------
// Validation

const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function cellProblem(c: ExportColumn, v: ExportValue | undefined): string | null {
  if (v === undefined) return '缺少该列';
  if (v === null || v === '') return c.required ? '必填项为空' : null;
  switch (c.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : '应为非负数字';
    case 'date':
      return typeof v === 'string' && isIsoDate(v) ? null : '应为日期 YYYY-MM-DD';
    case 'uscc':
      return typeof v === 'string' && USCC.test(v) ? null : '统一社会信用代码格式不正确（18 位）';
    case 'text':
      return typeof v === 'string' ? null : '应为文字';
  }
}

/**
 * Every row against its kind's column list: no missing or extra column, required cells filled,
 * dates, numbers and credit codes well formed. Messages name the row (1 = the first data row,
 * as in the file after its header) and the column.
 */
export function validateRows(kind: ExportKind, rows: readonly ExportRow[]): string[] {
  const columns = EXPORT_COLUMNS[kind];
  const known = new Set(columns.map((c) => c.header));
  const problems: string[] = [];
  rows.forEach((row, i) => {
    for (const c of columns) {
      const p = cellProblem(c, row[c.header]);
      if (p) problems.push(`第 ${i + 1} 行“${c.header}”列：${p}`);
    }
    for (const k of Object.keys(row)) if (!known.has(k)) problems.push(`第 ${i + 1} 行：多余的列“${k}”`);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Incremental exports

/** A record's content hash: a changed value makes it "变更" for the next incremental export. */
export function rowHash(row: ExportRow): string {
  const ordered = Object.keys(row)
    .sort()
    .map((k) => [k, row[k] ?? null]);
  return crypto.createHash('sha256').update(JSON.stringify(ordered), 'utf8').digest('hex');
}

/**
 * The records to export: all of them (full), or those that are new or whose content changed
 * since they were last exported (`lastHashes`: record key → hash of its last export).
 */
export function recordsToExport(records: readonly ExportRecord[], lastHashes: ReadonlyMap<string, string>, incremental: boolean): ExportRecord[] {
  if (!incremental) return [...records];
  return records.filter((r) => lastHashes.get(r.key) !== rowHash(r.row));
}

// ---------------------------------------------------------------------------------------------
// Mapping source records to rows

/** A penalty as the disclosure board has it, with the institution the credit platform needs. */
export interface PenaltySource extends Pick<PenaltyRecord, 'decisionNo' | 'decidedOn' | 'violation' | 'basis' | 'penalty' | 'fineYuan' | 'shownUntil'> {
  id: number;
  institutionName: string;
  uscc: string | null;
  legalRepresentative: string | null;
  registrationNo: string;
}

/**
 * 处罚类别 from what the decision says (the platform stores the decision's wording, not a code).
 * Several kinds are joined with "、" in the order of 行政处罚法 第九条.
 */
export function penaltyCategories(penalty: string, fineYuan: number | null): string {
  const kinds: string[] = [];
  if (penalty.includes('警告') || penalty.includes('通报批评')) kinds.push('警告');
  if ((fineYuan ?? 0) > 0 || penalty.includes('罚款')) kinds.push('罚款');
  if (penalty.includes('没收')) kinds.push('没收违法所得');
  if (/暂扣|吊销|降低资质等级/.test(penalty)) kinds.push('暂扣或吊销许可证');
  if (/停产|停业|关闭|限制开展/.test(penalty)) kinds.push('责令停产停业');
  return kinds.length ? kinds.join('、') : '其他';
}

/** 违法行为类型: the first clause of the facts, at most 50 characters. */
export function violationType(violation: string): string {
  const first = violation.split(/[，,；;。]/)[0]?.trim() ?? '';
  const text = first || violation.trim();
  return text.length > 50 ? text.slice(0, 50) : text;
}

/** Yuan to 万元, 6 decimals (the field is in 万元; 1 元 = 0.0001 万元). */
export function tenThousandYuan(yuan: number | null): number | null {
  if (yuan === null) return null;
  return Math.round(yuan * 100) / 1_000_000;
}

export function penaltyRecord(p: PenaltySource, a: Authority): ExportRecord {
  const licence = /暂扣|吊销/.test(p.penalty) ? `医疗机构执业许可证 ${p.registrationNo}` : null;
  return {
    key: `penalty:${p.id}`,
    row: {
      行政相对人名称: p.institutionName,
      行政相对人类别: '法人及非法人组织',
      统一社会信用代码: p.uscc,
      法定代表人: p.legalRepresentative,
      证件类型: null,
      证件号码: null,
      处罚决定书文号: p.decisionNo,
      违法行为类型: violationType(p.violation),
      违法事实: p.violation,
      处罚依据: p.basis,
      处罚类别: penaltyCategories(p.penalty, p.fineYuan),
      处罚内容: p.penalty,
      '罚款金额（万元）': tenThousandYuan(p.fineYuan),
      '没收违法所得、没收非法财物的金额（万元）': null,
      暂扣或吊销证照名称及编号: licence,
      处罚决定日期: p.decidedOn,
      处罚有效期: p.shownUntil,
      公示截止期: p.shownUntil,
      处罚机关: a.name,
      处罚机关统一社会信用代码: a.uscc,
      数据来源单位: a.name,
      数据来源单位统一社会信用代码: a.uscc,
      备注: null,
    },
  };
}

export interface ListedSource {
  list: '红榜' | '黑榜';
  year: number;
  name: string;
  uscc: string | null;
  registrationNo: string;
  level: string;
  score: number;
  evaluatedOn: IsoDate;
  reason: string;
}

export function listedRecord(s: ListedSource, a: Authority): ExportRecord {
  return {
    key: `list:${s.year}:${s.registrationNo}`,
    row: {
      榜单: s.list,
      年度: s.year,
      机构名称: s.name,
      统一社会信用代码: s.uscc,
      登记号: s.registrationNo,
      信用等级: s.level,
      标准化得分: s.score,
      评价日期: s.evaluatedOn,
      列入理由: s.reason,
      数据来源单位: a.name,
      数据来源单位统一社会信用代码: a.uscc,
    },
  };
}

export interface DishonestySource {
  id: number;
  name: string;
  uscc: string | null;
  legalRepresentative: string | null;
  decisionNo: string | null;
  listedOn: IsoDate;
  reason: string;
  legalBasis: string | null;
  displayUntil: IsoDate | null;
}

export function dishonestyRecord(s: DishonestySource, a: Authority): ExportRecord {
  return {
    key: `dishonesty:${s.id}`,
    row: {
      机构名称: s.name,
      统一社会信用代码: s.uscc,
      法定代表人: s.legalRepresentative,
      列入决定文号: s.decisionNo,
      列入日期: s.listedOn,
      列入事由: s.reason,
      认定依据: s.legalBasis,
      公示截止日期: s.displayUntil,
      认定机关: a.name,
      认定机关统一社会信用代码: a.uscc,
    },
  };
}

export interface PointSourceRow {
  id: number;
  institutionName: string;
  uscc: string | null;
  registrationNo: string;
  staffName: string | null;
  certificateNo: string | null;
  behaviour: string;
  points: number;
  foundOn: IsoDate;
  source: string;
  department: string | null;
  approvedOn: IsoDate | null;
  noticeServedOn: IsoDate | null;
}

export function pointRecord(p: PointSourceRow): ExportRecord {
  return {
    key: `point:${p.id}`,
    row: {
      机构名称: p.institutionName,
      统一社会信用代码: p.uscc,
      登记号: p.registrationNo,
      人员姓名: p.staffName,
      执业证书编码: p.certificateNo,
      记分行为: p.behaviour,
      分值: p.points,
      发现日期: p.foundOn,
      记分来源: p.source,
      记分部门: p.department ?? '未填写科室',
      审批日期: p.approvedOn,
      通知书送达日期: p.noticeServedOn,
      平台记分编号: p.id,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Files

/** The rows as the kind's CSV (the one encoder; formula guard included). */
export function exportCsv(kind: ExportKind, rows: readonly ExportRow[]): string {
  const headers = EXPORT_COLUMNS[kind].map((c) => c.header);
  return csvDocument([headers, ...rows.map((r) => headers.map((h): CsvValue => r[h] ?? null))]);
}

/** The rows as JSON: one object per row with the column headers as keys, in column order. */
export function exportJson(kind: ExportKind, rows: readonly ExportRow[], meta: { exportId: number; createdAt: string; incremental: boolean }): string {
  const headers = EXPORT_COLUMNS[kind].map((c) => c.header);
  const records = rows.map((r) => Object.fromEntries(headers.map((h) => [h, r[h] ?? null])));
  return JSON.stringify({ kind, label: EXPORT_KIND_LABELS[kind], ...meta, count: rows.length, records }, null, 2);
}

/** File name of an export: kind, date and number, ASCII (the Chinese name goes in filename*). */
export function exportFileName(kind: ExportKind, format: ExportFormat, id: number, on: IsoDate): string {
  return `${kind}-${on.replace(/-/g, '')}-${id}.${format}`;
}

/** Media type of each export format (downloads and the push). */
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
