/**
 * Inspection records (issue 13): kinds, results and the rules a record must meet before it is
 * stored. The kinds and results are the CHECK lists of migration 0010.
 *
 * - At least two inspectors, each with a 执法证号: administrative inspections are carried out by
 *   no fewer than two law-enforcement officers showing their certificates (行政处罚法 第四十二条;
 *   seed 004 "随机选派执法检查人员" draws inspectors, never one alone).
 * - Findings are codes of the seed-002 list (inspection-findings.ts) plus free text; a result
 *   other than 未发现问题 needs at least one finding, and 未发现问题 allows none.
 * - 投诉核查 may name the complaint it checks, 双随机 the draw item it carries out; no other kind may.
 */
import { codesOf } from './code-lists';
import { FINDING_CODES } from './inspection-findings';
import { toDayNumber, type IsoDate } from './working-days';

export const INSPECTION_KINDS = ['双随机', '日常', '专项', '投诉核查', '回头看', '飞行检查'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export const INSPECTION_RESULTS = ['未发现问题', '责令改正', '限期整改', '立案查处'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

/**
 * What an inspection can lead to, one row a kind: its name, and the supervisor area's list under
 * which such a record has its page (penalties have no page of their own).
 */
const FOLLOW_UPS = {
  rectification: { label: '责令整改', pages: '/admin/rectifications' },
  point: { label: '不良执业行为记分', pages: '/admin/points' },
  penalty: { label: '行政处罚', pages: null },
  downgrade: { label: '信用降级', pages: '/admin/downgrades' },
} as const satisfies Record<string, { label: string; pages: string | null }>;
export type FollowUpKind = keyof typeof FOLLOW_UPS;
export const FOLLOW_UP_KINDS = codesOf(FOLLOW_UPS);

export function followUpLabel(kind: FollowUpKind): string {
  return FOLLOW_UPS[kind].label;
}

/** Where a follow-up's record is shown in the supervisor area (null: nowhere). */
export function followUpHref(kind: FollowUpKind, id: number): string | null {
  const pages = FOLLOW_UPS[kind].pages;
  return pages === null ? null : `${pages}/${id}`;
}

export const MIN_INSPECTORS = 2;

export interface InspectorInput {
  id: number;
  name: string;
  enforcementNo: string | null;
}

export interface InspectionInput {
  inspectedOn: IsoDate;
  kind: InspectionKind;
  findingCodes: readonly number[];
  findingsText: string | null;
  result: InspectionResult;
  complaintId: number | null;
  /** The 双随机 draw item the inspection carries out. */
  drawItemId: number | null;
  inspectors: readonly InspectorInput[];
}

/** Every problem of a record, in Chinese naming the field; empty when it may be stored. */
export function inspectionIssues(r: InspectionInput, today: IsoDate): string[] {
  const issues: string[] = [];
  if (toDayNumber(r.inspectedOn) > toDayNumber(today)) issues.push('检查日期：不能晚于今天');
  const ids = new Set(r.inspectors.map((i) => i.id));
  if (ids.size < MIN_INSPECTORS) issues.push(`检查人员：至少 ${MIN_INSPECTORS} 名执法人员`);
  if (ids.size !== r.inspectors.length) issues.push('检查人员：同一人不能重复登记');
  for (const i of r.inspectors) if (!i.enforcementNo?.trim()) issues.push(`检查人员：${i.name} 没有登记执法证号，不能作为检查人员`);
  const bad = r.findingCodes.filter((c) => !FINDING_CODES.includes(c));
  if (bad.length > 0) issues.push(`发现问题：编号 ${bad.join('、')} 不在 1–15 之内`);
  if (new Set(r.findingCodes).size !== r.findingCodes.length) issues.push('发现问题：编号重复');
  const hasFindings = r.findingCodes.length > 0 || (r.findingsText?.trim() ?? '') !== '';
  if (r.result !== '未发现问题' && !hasFindings) issues.push(`发现问题：检查结果为“${r.result}”时须选择或填写发现的问题`);
  if (r.result === '未发现问题' && r.findingCodes.length > 0) issues.push('检查结果：选择了发现问题，结果不能为“未发现问题”');
  if (r.complaintId !== null && r.kind !== '投诉核查') issues.push('检查类型：关联投诉的检查应为“投诉核查”');
  if (r.drawItemId !== null && r.kind !== '双随机') issues.push('检查类型：执行双随机抽取任务的检查应为“双随机”');
  return issues;
}

/** The number printed on a record and cited by its follow-ups: JC2026-000123. */
export function inspectionNumber(id: number, inspectedOn: IsoDate): string {
  return `JC${inspectedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`;
}

/** A list typed into one cell or field: "7、12" or "3;5" (、 ； ; , ， and spaces separate). */
export function splitList(text: string): string[] {
  return text
    .split(/[、；;,，\s]+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
