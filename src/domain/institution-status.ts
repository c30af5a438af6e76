/**
 * Practice status of a medical institution and whether its credit level may be shown.
 *
 * Seed 001 附件1 七(三): an institution must stop using (and hand back) its credit-level sign
 * when it 1. 歇业 (closes), or 2. has its 《医疗机构执业许可证》 吊销 (revoked) or 注销 (cancelled).
 * The public page then shows a sentence instead of the level; the history stays in the record.
 */

export const INSTITUTION_STATUSES = ['执业', '歇业', '注销', '吊销'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export function isInstitutionStatus(value: unknown): value is InstitutionStatus {
  return typeof value === 'string' && (INSTITUTION_STATUSES as readonly string[]).includes(value);
}

/** Parses a status cell; accepts a few common synonyms. Returns null if unknown. */
export function parseInstitutionStatus(value: string): InstitutionStatus | null {
  const v = value.trim();
  if (isInstitutionStatus(v)) return v;
  const synonyms: Record<string, InstitutionStatus> = {
    正常: '执业',
    正常执业: '执业',
    在业: '执业',
    停业: '歇业',
    已歇业: '歇业',
    已注销: '注销',
    注销许可证: '注销',
    已吊销: '吊销',
    吊销许可证: '吊销',
  };
  return synonyms[v] ?? null;
}

/** Whether the credit level may be displayed for an institution with this status. */
export function levelVisible(status: InstitutionStatus): boolean {
  return status === '执业';
}

/**
 * The sentence shown instead of the level when it is not visible, or null when the level is
 * visible.
 */
export function levelHiddenNotice(status: InstitutionStatus): string | null {
  switch (status) {
    case '执业':
      return null;
    case '歇业':
      return '该机构已歇业，按规定停止使用信用级别标识，不再公示信用级别。';
    case '注销':
      return '该机构《医疗机构执业许可证》已被注销，按规定停止使用信用级别标识，不再公示信用级别。';
    case '吊销':
      return '该机构《医疗机构执业许可证》已被吊销，按规定停止使用信用级别标识，不再公示信用级别。';
  }
}

/**
 * What a closed institution (歇业/注销/吊销) still offers (issue 12 item 8). Seed 001 附件1 七(三):
 * it must "停止使用信用级别标识并交回评定机构", so nothing that carries the level is offered: no
 * level, no printable 公示栏 poster (it prints the level and the QR code) and no rating link (评价
 * rates a practising institution). The history stays visible, and so does the complaint link:
 * practising after closing is exactly what citizens must be able to report.
 */
export interface ClosedInstitutionOffer {
  level: boolean;
  poster: boolean;
  ratingLink: boolean;
  complaintLink: boolean;
  history: boolean;
}

export function institutionOffers(status: InstitutionStatus): ClosedInstitutionOffer {
  const practising = levelVisible(status);
  return { level: practising, poster: practising, ratingLink: practising, complaintLink: true, history: true };
}

/** Whether the printable poster (/i/{code}/poster/) is offered. */
export function posterAvailable(status: InstitutionStatus): boolean {
  return institutionOffers(status).poster;
}

/** Whether the page links to the rating form. */
export function ratingLinkAvailable(status: InstitutionStatus): boolean {
  return institutionOffers(status).ratingLink;
}

export interface StatusChange {
  from: InstitutionStatus;
  to: InstitutionStatus;
  changedOn: string;
  reason: string;
}

/**
 * Problems with a change of practice status (Chinese, empty when fine). The date is the day the
 * status took effect (歇业 registered, licence 注销 or 吊销): not in the future, and not before
 * the last recorded change, so the history reads in order.
 */
export function statusChangeProblems(c: StatusChange, today: string, lastChangedOn: string | null): string[] {
  const issues: string[] = [];
  if (c.from === c.to) issues.push(`该机构当前已是“${c.to}”状态`);
  if (c.reason.trim() === '') issues.push('请填写变更原因（如注销或吊销的决定文号）');
  if (c.changedOn > today) issues.push('变更日期不能晚于今天');
  if (lastChangedOn !== null && c.changedOn < lastChangedOn) issues.push(`变更日期不能早于上一次状态变更（${lastChangedOn}）`);
  return issues;
}
