/**
 * 严重失信名单 (serious-dishonesty list) and 信用修复 (credit repair), issue 12 item 6.
 *
 * What the seeds say — and do not:
 * - Seed 004 三(三)二 建立信用监管: "各区结合医疗机构依法执业自查结果、信用评价结果、校验管理、既往
 *   监督检查、投诉举报、不良记分等情况，建立医疗机构信用记录，公布严重失信者“黑名单”，并向各区公共
 *   信用信息平台推送守信、失信及奖惩信息，使严重失信者“一处失信、处处受限”".
 * - Seed 001 实施方案 六(二): "健全守信联合激励和失信联合惩戒机制，提高违法失信成本".
 * Neither seed gives entry criteria (no count of penalties, no "差 two years running"), a display
 * period, or a repair procedure. So nothing here lists an institution automatically: a district
 * supervisor proposes with the facts, citing at least one of the six sources seed 004 names
 * (DISHONESTY_GROUNDS), a legal basis and a display period; an administrator (another person)
 * decides. 信用修复 is an application and a decision with its date.
 *
 * Seed 004 also says records are pushed to the 公共信用信息平台; this platform does not do that
 * yet, so no text produced here says it does (PLATFORM_PUSH_WORDS lets tests check every text).
 */
import type { DishonestyRecord } from './disclosure-board';
import { defineTransitions, type ActionOf, type StateOf, type TransitionActor } from './lifecycle-transitions';
import { JURISDICTION_REFUSAL, VIEWER_REFUSAL } from './lifecycle-transitions';
import { addCalendarDays, isIsoDate, type IsoDate } from './working-days';

/** The sources seed 004 names for the credit record (…等情况) — the grounds a proposal cites. */
export const DISHONESTY_GROUNDS = ['依法执业自查结果', '信用评价结果', '校验管理', '既往监督检查', '投诉举报', '不良记分'] as const;
export type DishonestyGround = (typeof DISHONESTY_GROUNDS)[number];

export const DISHONESTY_SOURCE_TEXT =
  '各区结合医疗机构依法执业自查结果、信用评价结果、校验管理、既往监督检查、投诉举报、不良记分等情况，建立医疗机构信用记录，公布严重失信者“黑名单”';

/** Words a public text must not contain while nothing is pushed to the platform. */
export const PLATFORM_PUSH_WORDS = ['公共信用信息平台', '推送'] as const;

export function claimsPlatformPush(text: string): boolean {
  return PLATFORM_PUSH_WORDS.some((w) => text.includes(w));
}

export interface DishonestyProposal {
  grounds: readonly DishonestyGround[];
  /** The facts, e.g. "2026年受到2次行政处罚（青禾卫医罚〔2026〕3号、5号），拒不整改". */
  reason: string;
  legalBasis: string;
  listedOn: IsoDate;
  /** Last day of the display period (the seeds give no period: the decision states it). */
  displayUntil: IsoDate;
}

/** Problems with a proposal (Chinese, empty when fine). */
export function checkProposal(p: DishonestyProposal): string[] {
  const issues: string[] = [];
  if (p.grounds.length === 0) issues.push('请至少选择一项列入依据（自查结果、信用评价结果、校验管理、既往监督检查、投诉举报、不良记分）');
  if (p.grounds.some((g) => !(DISHONESTY_GROUNDS as readonly string[]).includes(g))) issues.push('列入依据不正确');
  if (p.reason.trim() === '') issues.push('请填写列入原因（具体失信事实）');
  if (p.legalBasis.trim() === '') issues.push('请填写法律依据');
  if (claimsPlatformPush(p.reason)) issues.push('本平台尚未向公共信用信息平台报送信息，原因中不能写已推送');
  const datesOk = isIsoDate(p.listedOn) && isIsoDate(p.displayUntil);
  if (!datesOk) issues.push('日期格式不正确（应为 YYYY-MM-DD）');
  else if (p.displayUntil < p.listedOn) issues.push('公示截止日期不能早于列入日期');
  return issues;
}

/** Who may propose: a district supervisor within their districts, or an administrator. */
export function proposalRefusal(actor: TransitionActor): string | null {
  if (actor.role === 'viewer') return VIEWER_REFUSAL;
  if (actor.role === 'district' && !actor.inJurisdiction) return JURISDICTION_REFUSAL;
  return null;
}

export const DISHONESTY_TRANSITIONS = defineTransitions({
  kind: '严重失信名单记录',
  stateLabels: {
    proposed: '已提议，待审批',
    rejected: '未批准列入',
    withdrawn: '提议已撤回',
    listed: '公示中',
    'repair-applied': '公示中，信用修复申请审核中',
    repaired: '已信用修复，移出名单',
    expired: '公示期满，移出名单',
    revoked: '经复核撤销列入',
  },
  actionLabels: {
    approve: '批准列入',
    reject: '不批准列入',
    withdraw: '撤回提议',
    'apply-repair': '登记信用修复申请',
    'grant-repair': '准予信用修复',
    'refuse-repair': '不予信用修复',
    expire: '公示期满移出',
    revoke: '按复核决定撤销列入',
  },
  rules: [
    { from: ['proposed'], action: 'approve', to: 'listed', roles: ['admin'], secondPerson: true },
    { from: ['proposed'], action: 'reject', to: 'rejected', roles: ['admin'], secondPerson: true },
    { from: ['proposed'], action: 'withdraw', to: 'withdrawn', roles: ['admin', 'district'] },
    { from: ['listed'], action: 'apply-repair', to: 'repair-applied', roles: ['admin', 'district'] },
    { from: ['repair-applied'], action: 'grant-repair', to: 'repaired', roles: ['admin'] },
    { from: ['repair-applied'], action: 'refuse-repair', to: 'listed', roles: ['admin'] },
    { from: ['listed', 'repair-applied'], action: 'expire', to: 'expired', roles: ['admin', 'district'] },
    { from: ['listed', 'repair-applied'], action: 'revoke', to: 'revoked', roles: ['admin'] },
  ],
});
export type DishonestyState = StateOf<typeof DISHONESTY_TRANSITIONS>;
export type DishonestyAction = ActionOf<typeof DISHONESTY_TRANSITIONS>;

export interface DishonestyEntryRecord extends DishonestyProposal {
  state: DishonestyState;
  decisionNo: string | null;
  repairAppliedOn: IsoDate | null;
  /** Date of the repair decision, the revocation, or the end of the period, as applicable. */
  endedOn: IsoDate | null;
}

/** Date rules of an action on `on` (null when fine). */
export function dishonestyDateBlocker(action: DishonestyAction, r: DishonestyEntryRecord, on: IsoDate): string | null {
  if (action === 'expire' && on <= r.displayUntil) return `公示期至${r.displayUntil}，期满前不能移出`;
  if ((action === 'grant-repair' || action === 'refuse-repair') && r.repairAppliedOn !== null && on < r.repairAppliedOn) {
    return '修复决定日期不能早于申请日期';
  }
  if (action === 'approve' && r.decisionNo === null) return '请填写列入决定文号';
  return null;
}

/** Listed for the public on `asOf`: approved, and the period not yet over. */
export function isShownOn(r: DishonestyEntryRecord, asOf: IsoDate): boolean {
  if (r.state !== 'listed' && r.state !== 'repair-applied') return false;
  return r.listedOn <= asOf && asOf <= r.displayUntil;
}

/**
 * The public record (disclosure-board.ts DishonestyRecord) of an approved entry, or null for
 * proposals never approved. `removedOn` is the first day off the list (dishonestyActive).
 */
export function publicRecord(r: DishonestyEntryRecord): DishonestyRecord | null {
  if (r.state === 'proposed' || r.state === 'rejected' || r.state === 'withdrawn' || r.decisionNo === null) return null;
  const periodEnd = addCalendarDays(r.displayUntil, 1);
  const ended = r.state === 'repaired' || r.state === 'revoked' || r.state === 'expired' ? (r.endedOn ?? periodEnd) : null;
  const removedOn = ended !== null && ended < periodEnd ? ended : periodEnd;
  return { listedOn: r.listedOn, decisionNo: r.decisionNo, reason: r.reason, removedOn };
}

/** The banner at the top of the institution's page on `asOf` (null: no banner). */
export function dishonestyBanner(r: DishonestyEntryRecord, asOf: IsoDate): string | null {
  if (!isShownOn(r, asOf)) return null;
  const head = `该机构已列入严重失信名单（${r.decisionNo ?? ''}，${r.listedOn}起公示，公示期至${r.displayUntil}）。列入原因：${r.reason}`;
  return r.state === 'repair-applied' ? `${head}。该机构已于${r.repairAppliedOn ?? ''}申请信用修复，正在审核。` : `${head}。`;
}

/** The history line (list and page history) once the entry is no longer shown; null before. */
export function dishonestyHistoryLine(r: DishonestyEntryRecord, asOf: IsoDate): string | null {
  const rec = publicRecord(r);
  if (rec === null || isShownOn(r, asOf) || asOf < r.listedOn) return null;
  const head = `${r.listedOn}列入严重失信名单（${rec.decisionNo}）`;
  switch (r.state) {
    case 'repaired':
      return `${head}，${r.endedOn ?? ''}经信用修复移出`;
    case 'revoked':
      return `${head}，${r.endedOn ?? ''}经复核撤销列入`;
    default:
      return `${head}，公示期至${r.displayUntil}，期满移出`;
  }
}

/**
 * The first day on the list once approved on `decidedOn`: the proposed start date, or the
 * decision date when the decision comes later (nobody is listed before the decision exists).
 */
export function approvedListedOn(r: Pick<DishonestyProposal, 'listedOn'>, decidedOn: IsoDate): IsoDate {
  return decidedOn > r.listedOn ? decidedOn : r.listedOn;
}

/** Actions that need a written reason or decision text (all of them but 公示期满移出, which the dates prove). */
export function dishonestyNoteRequired(action: DishonestyAction): boolean {
  return action !== 'expire';
}
