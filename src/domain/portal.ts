/**
 * The institution portal's rules (issue 15 item 5, docs/portal.md): what an institution may
 * submit, the states of a submission, how a portal account is named in the audit log, and the
 * public line of a reply (the right of reply, beside the level or the penalty it answers).
 */
import { codesOf } from './code-lists';

/** What an institution submits (the 0011 CHECK lists the same codes). */
export const PORTAL_KIND_LABELS = {
  'self-inspection': '自查结果',
  'rectification-report': '整改报告',
  'hours-prices': '诊疗时间与收费公示',
  'staff-commitments': '医务人员依法执业承诺',
  reply: '机构回应',
};
export type PortalKind = keyof typeof PORTAL_KIND_LABELS;
export const PORTAL_KINDS = codesOf(PORTAL_KIND_LABELS);

export function isPortalKind(value: unknown): value is PortalKind {
  return typeof value === 'string' && (PORTAL_KINDS as readonly string[]).includes(value);
}

/** Seed 004: 年度全面自查 once a year, 季度常规自查 every quarter. */
export const SELF_INSPECTION_KINDS = ['年度全面', '季度常规'] as const;

export const PORTAL_STATE_LABELS = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};
export type PortalState = keyof typeof PORTAL_STATE_LABELS;
export const PORTAL_STATES = codesOf(PORTAL_STATE_LABELS);

/** A reply is short, like the FHRS right of reply: what a reader takes in beside a level. */
export const REPLY_MAX_CHARS = 1000;

/** One-time activation links last three days: long enough to hand over, short enough to die unused. */
export const ACTIVATION_HOURS = 72;

/**
 * How a portal account appears in the audit log. audit_log.actor_id references supervisors, so
 * the account is named in actor_name (and its id in the detail): "机构账户 xyz（某某诊所）".
 */
export function portalActorName(username: string, institutionName: string): string {
  return `机构账户 ${username}（${institutionName}）`;
}

/** Which state a submission may move to from which: only a pending one is decided or withdrawn. */
export function portalTransitionProblem(from: PortalState, to: PortalState): string | null {
  if (from === 'pending' && to !== 'pending') return null;
  return `该报送当前为“${PORTAL_STATE_LABELS[from]}”，不能再${to === 'withdrawn' ? '撤回' : '审核'}。`;
}

/** A published reply as the public page shows it. */
export interface ReplyRecord {
  subjectKind: 'evaluation' | 'penalty';
  /** The evaluation's year, or the penalty's decision number (what the page knows them by). */
  subjectKey: string;
  body: string;
  publishedOn: string;
}

/** "机构回应（2026-05-01）：…" */
export function replyLine(r: Pick<ReplyRecord, 'body' | 'publishedOn'>): string {
  return `机构回应（${r.publishedOn}）：${r.body}`;
}

/** The reply shown beside a level (its year) or a penalty (its decision number); the newest wins. */
export function replyFor(replies: readonly ReplyRecord[] | undefined, kind: ReplyRecord['subjectKind'], key: string | number): ReplyRecord | null {
  let best: ReplyRecord | null = null;
  for (const r of replies ?? []) {
    if (r.subjectKind === kind && r.subjectKey === String(key) && (!best || r.publishedOn >= best.publishedOn)) best = r;
  }
  return best;
}

/** Yuan with two decimals from cents (price tables). */
export function yuanOf(cents: number): string {
  return (cents / 100).toFixed(2);
}
