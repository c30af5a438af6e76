/**
 * The four notices the seeds require, as text blocks a renderer lays out on one A4 page
 * (issue 12 item 7). Pure: the caller gives plain facts; numbering is from a yearly sequence.
 *
 * - 评价结果告知书 — seed 001 五、5: "制作《医疗机构依法执业信用评价结果告知书》,书面告知医疗机构
 *   评价结果" (附件6).
 * - 降级通知书 — seed 001 附件1 七(二): "经审查后出具《…信用评价等级降级通知书》予以降级" (附件7).
 * - 不良执业行为记分通知书 — seed 000 二: "填写附件2或附件3报分管领导审批后，3日内送被记分单位";
 *   appeal: "在收到《记分通知书》之日起3日内可向区卫生计生委进行申诉，受理后10个工作日内须做出决定".
 * - 限期整改通知书 — seed 001 附件1 五 "限期整改", 七(一) "同时责令整改"; consequence from 实施方案
 *   六(三). The seeds do not name this notice; the issue's name is used.
 *
 * Numbers follow the seeds' own style "舞卫健发〔2021〕89号": the commission's abbreviation, one
 * character for the kind, the year in 〔〕, the sequence, 号 — e.g. 青禾卫健降〔2026〕1号. The kind
 * characters (评/降/记/改) are ours (the seeds only show 发); the sequence restarts each year per kind.
 */
import { formatHundredths, type CreditLevel } from './credit-level';
import { OVERDUE_CONSEQUENCE_TEXT } from './rectification';
import { APPEAL_WITHIN_DAYS, DECISION_WITHIN_WORKING_DAYS } from './points';
import { supervisionPlan } from './supervision';
import { parseIsoDate, type IsoDate } from './working-days';

export const DOCUMENT_KINDS = ['evaluation-result', 'downgrade', 'points', 'rectification'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  'evaluation-result': '医疗机构依法执业信用评价结果告知书',
  downgrade: '医疗机构依法执业信用评价等级降级通知书',
  points: '不良执业行为记分通知书',
  rectification: '限期整改通知书',
};

/** The kind character in the document number. */
export const DOCUMENT_PREFIXES: Record<DocumentKind, string> = {
  'evaluation-result': '评',
  downgrade: '降',
  points: '记',
  rectification: '改',
};

const ABBREVIATION = /^[\u4e00-\u9fff]{2,10}$/;

export class DocumentNumberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentNumberError';
  }
}

/** "青禾卫健降〔2026〕1号". The abbreviation is 2–10 Chinese characters (e.g. 青禾卫健). */
export function documentNumber(abbreviation: string, kind: DocumentKind, year: number, sequence: number): string {
  if (!ABBREVIATION.test(abbreviation)) throw new DocumentNumberError(`机关简称应为2至10个汉字：${abbreviation}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new DocumentNumberError(`年份不正确：${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new DocumentNumberError(`序号必须是正整数：${sequence}`);
  return `${abbreviation}${DOCUMENT_PREFIXES[kind]}〔${year}〕${sequence}号`;
}

const NUMBER = /^([\u4e00-\u9fff]{2,10})([评降记改])〔(\d{4})〕([1-9]\d*)号$/;

export interface ParsedDocumentNumber {
  abbreviation: string;
  kind: DocumentKind;
  year: number;
  sequence: number;
}

export function parseDocumentNumber(no: string): ParsedDocumentNumber | null {
  const m = NUMBER.exec(no);
  if (!m) return null;
  const kind = DOCUMENT_KINDS.find((k) => DOCUMENT_PREFIXES[k] === m[2]) as DocumentKind;
  return { abbreviation: m[1] as string, kind, year: Number(m[3]), sequence: Number(m[4]) };
}

/** Next sequence number of a kind in a year, from the numbers already issued (max + 1). */
export function nextSequence(issued: readonly string[], abbreviation: string, kind: DocumentKind, year: number): number {
  let max = 0;
  for (const no of issued) {
    const p = parseDocumentNumber(no);
    if (p && p.abbreviation === abbreviation && p.kind === kind && p.year === year) max = Math.max(max, p.sequence);
  }
  return max + 1;
}

/** "2026年11月2日" — dates on official documents. */
export function chineseDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

// ---------------------------------------------------------------------------------------------
// Text blocks

export interface Issuer {
  /** Full name, e.g. "青禾县卫生健康委员会" (the addressee's appeal goes there too). */
  commissionName: string;
  /** Abbreviation for numbers, e.g. "青禾卫健". */
  commissionAbbreviation: string;
  /** The local scheme, e.g. "青禾县医疗机构依法执业信用评价实施方案". */
  schemeTitle: string;
}

export interface NoticeBlocks {
  kind: DocumentKind;
  title: string;
  documentNo: string;
  /** "青禾县城关镇某诊所：" */
  addressee: string;
  body: string[];
  legalBasis: string;
  /** Appeal / review rights with the seeds' periods; null where the seeds give none. */
  appealRights: string | null;
  issuer: string;
  issuedOn: IsoDate;
  issuedOnText: string;
}

interface Common {
  issuer: Issuer;
  institutionName: string;
  issuedOn: IsoDate;
  sequence: number;
}

function blocks(kind: DocumentKind, c: Common, year: number, body: string[], legalBasis: string, appealRights: string | null): NoticeBlocks {
  return {
    kind,
    title: DOCUMENT_TITLES[kind],
    documentNo: documentNumber(c.issuer.commissionAbbreviation, kind, year, c.sequence),
    addressee: `${c.institutionName}：`,
    body,
    legalBasis,
    appealRights,
    issuer: c.issuer.commissionName,
    issuedOn: c.issuedOn,
    issuedOnText: chineseDate(c.issuedOn),
  };
}

function reviewRights(issuer: Issuer, noticeWord: string, subject: string): string {
  return (
    `如对${subject}有异议，可在收到本${noticeWord}之日起${APPEAL_WITHIN_DAYS}日内向${issuer.commissionName}提出复核申请，` +
    `${issuer.commissionName}受理后${DECISION_WITHIN_WORKING_DAYS}个工作日内作出决定。`
  );
}

function score(n: number): string {
  return formatHundredths(Math.round(n * 100));
}

function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}

export interface EvaluationResultFacts extends Common {
  year: number;
  standardizedScore: number;
  level: CreditLevel;
  /** What decided the level (level-reason.ts). */
  decidingReasons: readonly string[];
}

export function evaluationResultNotice(f: EvaluationResultFacts): NoticeBlocks {
  const plan = supervisionPlan(f.level);
  const body = [
    `根据《${f.issuer.schemeTitle}》，经现场评价和信用综合评定，你单位${f.year}年度依法执业信用评价标化得分为${score(f.standardizedScore)}分，信用级别为“${f.level}”。`,
    ...(f.decidingReasons.length > 0 ? [`评定依据：${f.decidingReasons.join('；')}。`] : []),
    `依据信用级别，对你单位实行${plan.description}。`,
    ...(f.level === '差' ? ['你单位已纳入医疗机构整改单位和重点监管范围，请按限期整改通知书的要求整改。'] : []),
    '请在确认信用级别后1个月内，在醒目位置悬挂统一格式的医疗机构依法执业信息公示栏，接受社会监督。',
  ];
  return blocks('evaluation-result', f, f.year, body, `《${f.issuer.schemeTitle}》`, reviewRights(f.issuer, '告知书', '评价结果'));
}

export interface DowngradeNoticeFacts extends Common {
  year: number;
  foundOn: IsoDate;
  findingSource: string;
  finding: string;
  rescoredOn: IsoDate;
  rescoreScore: number;
  fromLevel: CreditLevel;
  toLevel: CreditLevel;
  decidingReasons: readonly string[];
}

export function downgradeNotice(f: DowngradeNoticeFacts): NoticeBlocks {
  const body = [
    `${chineseDate(f.foundOn)}，在${f.findingSource}中发现你单位存在以下违法违规行为：${f.finding}`,
    `根据《${f.issuer.schemeTitle}》有关信用级别变动的规定，于${chineseDate(f.rescoredOn)}使用现场评价表重新评分，标化得分为${score(f.rescoreScore)}分。经信用评价小组审查，你单位${f.year}年度依法执业信用级别由“${f.fromLevel}”降为“${f.toLevel}”，自本通知书发出之日起执行。`,
    ...(f.decidingReasons.length > 0 ? [`评定依据：${f.decidingReasons.join('；')}。`] : []),
    `依据调整后的信用级别，对你单位实行${supervisionPlan(f.toLevel).description}。请及时更新信用级别标识。`,
  ];
  return blocks('downgrade', f, yearOf(f.issuedOn), body, `《${f.issuer.schemeTitle}》`, reviewRights(f.issuer, '通知书', '降级决定'));
}

export interface PointsNoticeFacts extends Common {
  /** The province's measure, e.g. "XX省医疗机构及医务人员不良执业行为记分管理办法（试行）". */
  measureTitle: string;
  foundOn: IsoDate;
  department: string;
  source: string;
  /** "你单位" or "你单位医务人员张某某". */
  target: string;
  behaviour: string;
  points: number;
}

export function pointsNotice(f: PointsNoticeFacts): NoticeBlocks {
  const body = [
    `${chineseDate(f.foundOn)}，${f.department}在${f.source}中发现${f.target}存在以下不良执业行为：${f.behaviour}`,
    `依据《${f.measureTitle}》，记${score(f.points).replace(/\.00$/, '')}分。`,
    '不良执业行为记分作为医疗机构校验依据，记分记录不予消除。',
  ];
  const appeal =
    `如对记分有异议，可在收到本通知书之日起${APPEAL_WITHIN_DAYS}日内向${f.issuer.commissionName}申诉，` +
    `${f.issuer.commissionName}受理后${DECISION_WITHIN_WORKING_DAYS}个工作日内作出决定。`;
  return blocks('points', f, yearOf(f.issuedOn), body, `《${f.measureTitle}》`, appeal);
}

export interface RectificationNoticeFacts extends Common {
  orderedOn: IsoDate;
  dueOn: IsoDate;
  /** Why: "你单位2026年度信用级别为“差”" or the finding. */
  cause: string;
  /** The items to rectify, one per line. */
  items: readonly string[];
}

export function rectificationNotice(f: RectificationNoticeFacts): NoticeBlocks {
  const body = [
    `因${f.cause}，根据《${f.issuer.schemeTitle}》，责令你单位对下列问题限期整改：`,
    ...f.items.map((item, i) => `${i + 1}. ${item}`),
    `请于${chineseDate(f.dueOn)}前（含当日）整改完毕，并向${f.issuer.commissionName}提交书面整改报告。`,
    OVERDUE_CONSEQUENCE_TEXT,
  ];
  return blocks('rectification', f, yearOf(f.orderedOn), body, `《${f.issuer.schemeTitle}》`, null);
}

/**
 * The issuer named on the notices, from the site's authority and county ("青禾县卫生健康委员会",
 * "青禾县"): the abbreviation drops the county's last character (县/区/市/旗) and adds 卫健, as in
 * the seeds' "舞卫健发" for 舞阳县; the scheme title follows seed 001's "XX县医疗机构依法执业信用评价实施方案".
 * A deployment names its commission and abbreviation itself (SITE_COMMISSION_NAME /
 * SITE_COMMISSION_ABBR, `configured`): those win over what is derived.
 */
export function issuerFor(authority: string, county: string, configured: { name?: string | undefined; abbreviation?: string | undefined } = {}): Issuer {
  const name = configured.name ?? authority;
  const place = county.trim() || name.replace(/卫生健康委员会$|卫生健康局$/, '');
  const stem = place.replace(/(自治县|自治旗|县|区|市|旗)$/, '').replace(/[^\u4e00-\u9fff]/g, '');
  const abbreviation = `${stem}卫健`.slice(-10);
  return {
    commissionName: name.trim() || `${place}卫生健康委员会`,
    commissionAbbreviation: configured.abbreviation ?? (abbreviation.length >= 2 ? abbreviation : '卫健'),
    schemeTitle: `${place}医疗机构依法执业信用评价实施方案`,
  };
}
