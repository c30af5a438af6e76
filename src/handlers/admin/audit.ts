import { AUDIT_ACTIONS, listAudit, type AuditRow } from '../../db/audit-log';
import { lastVerification, type LastVerification } from '../../db/audit-chain';
import { config } from '../../config';
import { isIsoDate } from '../../domain/working-days';
import { resolveComplaintRef } from '../../db/admin-complaints-read';
import { trackingNumberInSearch } from '../../domain/tracking-number';
import { pageParamSchema } from '../../schemas/admin-common';
import { actorOf, queryObject, requireAccess, type AdminContext } from './http';

/** The audit log, read-only, filtered: /admin/audit (administrators). */

const PAGE_SIZE = 100;

export interface AuditView {
  rows: AuditRow[];
  total: number;
  page: number;
  q: Record<'action' | 'actor' | 'target' | 'from' | 'to', string>;
  actions: [string, string][];
  verification: LastVerification | null;
  retentionDays: number;
}

export async function auditPage(ctx: AdminContext): Promise<AuditView> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'audit.read');
  const query = queryObject(ctx.url);
  const action = query['action'] && query['action'] in AUDIT_ACTIONS ? query['action'] : '';
  const date = (v: string | undefined) => (v && isIsoDate(v) ? v : '');
  const target = (query['target'] ?? '').trim().slice(0, 60);
  let [targetKind, targetId] = target.includes(':') ? target.split(':', 2) : ['', ''];
  // A complaint is named by its 受理编号 as printed ("complaint:2673-0913-6642", or the number
  // alone); the log stores the internal id, so translate it (an unknown number finds nothing).
  const tracking = trackingNumberInSearch(targetKind ? (targetId ?? '') : target);
  if (tracking && (!targetKind || targetKind === 'complaint')) {
    const r = await resolveComplaintRef(actor, { kind: 'tracking', trackingNo: tracking });
    targetKind = 'complaint';
    targetId = r.found === 'in-scope' ? String(r.id) : '0';
  }
  const page = pageParamSchema.parse(query['page']);
  const q = { action, actor: (query['actor'] ?? '').trim().slice(0, 40), target, from: date(query['from']), to: date(query['to']) };
  const { rows, total } = await listAudit(actor, {
    action: q.action || undefined,
    actorName: q.actor || undefined,
    targetKind: targetKind || undefined,
    targetId: targetId || undefined,
    from: q.from || undefined,
    to: q.to || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  return {
    rows,
    total,
    page,
    q,
    actions: Object.entries(AUDIT_ACTIONS),
    verification: await lastVerification(actor),
    retentionDays: config.AUDIT_RETENTION_DAYS,
  };
}
