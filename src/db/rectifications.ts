import { sql, transaction, type Tx } from './client';
import type { StoredFile } from './stored-file';
import { writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { requirePermission, type Actor, type Role } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { decideTransition, refusalKind } from '../domain/lifecycle-transitions';
import type { CreditLevel } from '../domain/credit-level';
import {
  levelRequiresRectification,
  RECTIFICATION_TRANSITIONS,
  rectificationDateBlocker,
  rectificationDueDate,
  type RectificationAction,
  type RectificationRecord,
  type RectificationState,
} from '../domain/rectification';
import type { IsoDate } from '../domain/working-days';

/**
 * 限期整改 records (seed 001 七(一), 实施方案 六(三)): ordering, the institution's report with its
 * files, the supervisor's review, the overdue consequence (暂缓校验, then 注销 of the licence).
 * Jurisdiction and role are checked in the statements that read and write; every step writes a
 * rectification_events row and an audit row with its reason in the same transaction.
 */

export interface RectificationRow extends RectificationRecord {
  id: number;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  institutionStatus: string;
  triggerKind: 'poor-level' | 'finding';
  evaluationId: number | null;
  evaluationYear: number | null;
  finding: string | null;
  reference: string | null;
  items: string;
  periodDays: number;
  orderedByName: string | null;
  reportText: string | null;
  overdueOn: IsoDate | null;
  suspensionRecommendedBy: number | null;
  licenceCancelledOn: IsoDate | null;
}

const COLUMNS = () => sql`
  r.id, r.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", i.status AS "institutionStatus",
  r.trigger_kind AS "triggerKind", r.evaluation_id AS "evaluationId", e.year AS "evaluationYear", r.finding, r.reference, r.items, r.state,
  r.ordered_on::text AS "orderedOn", r.period_days AS "periodDays", r.due_on::text AS "dueOn", s.display_name AS "orderedByName",
  r.report_submitted_on::text AS "reportSubmittedOn", r.report_text AS "reportText", r.rectified_on::text AS "rectifiedOn",
  r.overdue_on::text AS "overdueOn", r.suspension_recommended_by AS "suspensionRecommendedBy", r.suspended_on::text AS "suspendedOn",
  r.suspension_ends_on::text AS "suspensionEndsOn", r.licence_cancelled_on::text AS "licenceCancelledOn"`;

const FROM = () => sql`
  rectifications r JOIN institutions i ON i.id = r.institution_id
  LEFT JOIN evaluations e ON e.id = r.evaluation_id
  LEFT JOIN supervisors s ON s.id = r.ordered_by`;

export interface RectificationFilter {
  state?: RectificationState | undefined;
  /** Only the open ones past their deadline. */
  pastDue?: boolean;
  asOf: IsoDate;
  page: number;
  pageSize: number;
}

export async function listRectifications(actor: Pick<Actor, 'id'>, f: RectificationFilter): Promise<{ rows: RectificationRow[]; total: number }> {
  const where = sql`
    ${institutionInScope(actor)}
    ${f.state ? sql`AND r.state = ${f.state}` : sql``}
    ${f.pastDue ? sql`AND r.state = 'rectifying' AND r.due_on < ${f.asOf}::date` : sql``}`;
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${FROM()} WHERE ${where}`;
  const rows = await sql<RectificationRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()} WHERE ${where}
     ORDER BY (r.state IN ('rectified', 'withdrawn', 'cancellation-recommended')), r.due_on, r.id
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}

export async function getRectification(actor: Pick<Actor, 'id'>, id: number): Promise<RectificationRow | null> {
  const [row] = await sql<RectificationRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE r.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

export interface PoorLevelRow {
  evaluationId: number;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  year: number;
  level: CreditLevel;
}

/**
 * 差 levels (the annual one or a downgrade to 差) of practising institutions with no
 * rectification yet: the worklist of orders to issue ("差 … 限期整改").
 */
export async function poorLevelsWithoutRectification(actor: Pick<Actor, 'id'>, institutionId: number | null = null, limit = 100): Promise<PoorLevelRow[]> {
  const rows = await sql<PoorLevelRow[]>`
    SELECT e.id AS "evaluationId", i.id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", e.year,
           COALESCE((SELECT d.to_level FROM downgrades d WHERE d.evaluation_id = e.id ORDER BY d.decided_on DESC, d.id DESC LIMIT 1), e.level) AS level
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     WHERE ${institutionInScope(actor)} AND i.status = '执业' ${institutionId === null ? sql`` : sql`AND i.id = ${institutionId}`}
       AND e.year = (SELECT max(year) FROM evaluations x WHERE x.institution_id = e.institution_id)
       AND (e.level = '差' OR EXISTS (SELECT 1 FROM downgrades d WHERE d.evaluation_id = e.id AND d.to_level = '差'))
       AND NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.evaluation_id = e.id AND r.state <> 'withdrawn')
     ORDER BY e.year DESC, i.code LIMIT ${limit}`;
  return rows.filter((r) => levelRequiresRectification(r.level));
}

export interface RectificationAttachment {
  id: number;
  fileName: string;
  mime: string;
  size: number;
  uploadedAt: string;
}

export interface RectificationEvent {
  at: string;
  actorName: string | null;
  action: string;
  fromState: RectificationState | null;
  toState: RectificationState | null;
  onDate: IsoDate;
  reason: string | null;
}

export async function rectificationHistory(
  actor: Pick<Actor, 'id'>,
  id: number,
): Promise<{ attachments: RectificationAttachment[]; events: RectificationEvent[] }> {
  const attachments = await sql<RectificationAttachment[]>`
    SELECT a.id, a.file_name AS "fileName", a.mime, a.size, to_char(a.uploaded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "uploadedAt"
      FROM rectification_attachments a JOIN rectifications r ON r.id = a.rectification_id JOIN institutions i ON i.id = r.institution_id
     WHERE a.rectification_id = ${id} AND ${institutionInScope(actor)} ORDER BY a.id`;
  const events = await sql<RectificationEvent[]>`
    SELECT to_char(ev.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at, s.display_name AS "actorName", ev.action,
           ev.from_state AS "fromState", ev.to_state AS "toState", ev.on_date::text AS "onDate", ev.reason
      FROM rectification_events ev JOIN rectifications r ON r.id = ev.rectification_id JOIN institutions i ON i.id = r.institution_id
      LEFT JOIN supervisors s ON s.id = ev.actor_id
     WHERE ev.rectification_id = ${id} AND ${institutionInScope(actor)} ORDER BY ev.at, ev.id`;
  return { attachments: [...attachments], events: [...events] };
}

/** One stored file, in the actor's jurisdiction (null: none there). */
export async function rectificationAttachment(actor: Pick<Actor, 'id'>, id: number, attachmentId: number): Promise<StoredFile | null> {
  const [row] = await sql<StoredFile[]>`
    SELECT a.file_name AS "fileName", a.mime, a.content
      FROM rectification_attachments a JOIN rectifications r ON r.id = a.rectification_id JOIN institutions i ON i.id = r.institution_id
     WHERE a.id = ${attachmentId} AND a.rectification_id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

export type RectificationTriggerInput = { kind: 'poor-level'; evaluationId: number } | { kind: 'finding'; finding: string; reference: string | null };

export interface NewRectification {
  institutionId: number;
  trigger: RectificationTriggerInput;
  orderedOn: IsoDate;
  periodDays: number;
  /** 整改事项, one per line; also the reason in the audit log. */
  items: string;
}

const WRITERS: readonly Role[] = ['admin', 'district'];

function checkDate(label: string, on: IsoDate, today: IsoDate, notBefore: IsoDate | null): void {
  if (on > today) throw new DomainError(`${label}：不能晚于今天`, 'invalid');
  if (notBefore && on < notBefore) throw new DomainError(`${label}：不能早于${notBefore}`, 'invalid');
}

function needReason(reason: string): string {
  const r = reason.trim();
  if (!r) throw new DomainError('理由：必填', 'invalid');
  return r;
}

/** 责令限期整改: a 差 level or a finding; the deadline is `periodDays` calendar days from the order. */
export async function orderRectification(actor: Actor, r: NewRectification, today: IsoDate, ip: string | null): Promise<number> {
  requirePermission(actor, 'credit.write');
  const reason = needReason(r.items);
  checkDate('责令整改日期', r.orderedOn, today, null);
  let dueOn: IsoDate;
  try {
    dueOn = rectificationDueDate(r.orderedOn, r.periodDays);
  } catch (e) {
    throw new DomainError(`整改期限：${(e as Error).message}`, 'invalid');
  }
  return transaction(async (tx) => {
    const [inst] = await tx<{ id: number }[]>`
      SELECT i.id FROM institutions i
       WHERE i.id = ${r.institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${WRITERS as Role[]})`;
    if (!inst) throw new DomainError('机构不存在，或不在您负责的辖区内', 'not-found');
    let evaluationId: number | null = null;
    if (r.trigger.kind === 'poor-level') {
      const [ev] = await tx<{ level: CreditLevel; open: boolean }[]>`
        SELECT COALESCE((SELECT d.to_level FROM downgrades d WHERE d.evaluation_id = e.id ORDER BY d.decided_on DESC, d.id DESC LIMIT 1), e.level) AS level,
               EXISTS (SELECT 1 FROM rectifications x WHERE x.evaluation_id = e.id AND x.state <> 'withdrawn') AS open
          FROM evaluations e WHERE e.id = ${r.trigger.evaluationId} AND e.institution_id = ${r.institutionId}`;
      if (!ev) throw new DomainError('信用评价：找不到该机构的这次评价', 'invalid');
      if (!levelRequiresRectification(ev.level)) throw new DomainError(`信用级别为“${ev.level}”，不属于应限期整改的“差”级`, 'invalid');
      if (ev.open) throw new DomainError('这次“差”级评价已责令限期整改，不能重复责令', 'conflict');
      evaluationId = r.trigger.evaluationId;
    }
    const finding = r.trigger.kind === 'finding' ? r.trigger.finding.trim() : null;
    const reference = r.trigger.kind === 'finding' ? r.trigger.reference?.trim() || null : null;
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO rectifications (institution_id, trigger_kind, evaluation_id, finding, reference, items, ordered_on, period_days, due_on, ordered_by)
      VALUES (${r.institutionId}, ${r.trigger.kind}, ${evaluationId}, ${finding}, ${reference}, ${reason}, ${r.orderedOn}, ${r.periodDays}, ${dueOn},
              ${actor.id})
      RETURNING id`;
    if (!row) throw new Error('INSERT … RETURNING returned nothing');
    await logStep(tx, actor, row.id, 'order', null, 'rectifying', r.orderedOn, reason, ip, { institutionId: r.institutionId, dueOn, trigger: r.trigger.kind });
    return row.id;
  });
}

async function logStep(
  tx: Tx,
  actor: Actor,
  id: number,
  action: RectificationAction | 'order' | 'cancel-licence',
  from: RectificationState | null,
  to: RectificationState | null,
  on: IsoDate,
  reason: string,
  ip: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx`INSERT INTO rectification_events (rectification_id, actor_id, action, from_state, to_state, on_date, reason)
           VALUES (${id}, ${actor.id}, ${action}, ${from}, ${to}, ${on}, ${reason})`;
  await writeAudit(tx, {
    actor,
    action: `rectification.${action}`,
    targetKind: 'rectification',
    targetId: id,
    reason,
    ip,
    detail: { ...detail, from, to, on },
  });
}

/** A file of the institution's report, already checked and re-encoded by the caller. */
export interface AttachmentInput {
  fileName: string;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  content: Uint8Array;
}

export interface RectificationStep {
  action: RectificationAction;
  on: IsoDate;
  reason: string;
  /** submit-report: the report's text and files. */
  reportText?: string | null;
  attachments?: readonly AttachmentInput[];
  /** suspend-validation: last day of the 暂缓校验 (the commission's decision). */
  suspensionEndsOn?: IsoDate | null;
  /** submit-report: the institution portal's submission it comes from (in the audit detail). */
  portalSubmissionId?: number;
}

async function lockRectification(tx: Tx, actor: Actor, id: number): Promise<RectificationRow> {
  const [row] = await tx<RectificationRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE r.id = ${id} AND ${institutionInScope(actor)} FOR UPDATE OF r`;
  if (!row) throw new DomainError('整改记录不存在，或不在您负责的辖区内', 'not-found');
  return row;
}

/** Roles of the rule that allows `action` from `state` (for the role check in the UPDATE itself). */
function rolesOf(action: RectificationAction, state: RectificationState): Role[] {
  return [...(RECTIFICATION_TRANSITIONS.rules.find((x) => x.action === action && x.from.includes(state))?.roles ?? [])];
}

/** One step of RECTIFICATION_TRANSITIONS, with its date rules; returns the new state. */
export async function actOnRectification(actor: Actor, id: number, step: RectificationStep, today: IsoDate, ip: string | null): Promise<RectificationState> {
  return transaction((tx) => actOnRectificationIn(tx, actor, id, step, today, ip));
}

/**
 * actOnRectification inside the caller's transaction (the portal's approval submits the
 * institution's report in the same transaction as its decision, src/db/portal.ts).
 */
export async function actOnRectificationIn(
  tx: Tx,
  actor: Actor,
  id: number,
  step: RectificationStep,
  today: IsoDate,
  ip: string | null,
): Promise<RectificationState> {
  requirePermission(actor, 'credit.write');
  const reason = needReason(step.reason);
  const r = await lockRectification(tx, actor, id);
  const decision = decideTransition(RECTIFICATION_TRANSITIONS, r.state, step.action, {
    role: actor.role,
    inJurisdiction: true, // lockRectification found it inside the actor's scope
    isProposer: step.action === 'suspend-validation' && r.suspensionRecommendedBy === actor.id,
  });
  if (!decision.ok) throw new DomainError(decision.message, refusalKind(RECTIFICATION_TRANSITIONS, r.state, step.action));
  checkDate('日期', step.on, today, r.orderedOn);
  const blocker = rectificationDateBlocker(step.action, r, step.on);
  if (blocker) throw new DomainError(blocker, 'conflict');
  const next = decision.next;
  const files = step.attachments ?? [];
  if (step.action === 'submit-report' && !step.reportText?.trim() && files.length === 0) {
    throw new DomainError('整改报告：请填写整改情况或上传整改报告文件', 'invalid');
  }
  if (step.action === 'suspend-validation' && (!step.suspensionEndsOn || step.suspensionEndsOn <= step.on)) {
    throw new DomainError('暂缓校验期限：请填写暂缓校验的截止日期（晚于决定日期）', 'invalid');
  }
  const on = step.on;
  const updated = await tx`
      UPDATE rectifications SET state = ${next},
        report_submitted_on = ${step.action === 'submit-report' ? on : r.reportSubmittedOn},
        report_text = ${step.action === 'submit-report' ? step.reportText?.trim() || null : r.reportText},
        rectified_on = ${next === 'rectified' ? on : r.rectifiedOn},
        overdue_on = ${step.action === 'mark-overdue' ? on : r.overdueOn},
        suspension_recommended_by = ${step.action === 'recommend-suspension' ? actor.id : r.suspensionRecommendedBy},
        suspended_on = ${step.action === 'suspend-validation' ? on : r.suspendedOn},
        suspension_ends_on = ${step.action === 'suspend-validation' ? (step.suspensionEndsOn ?? null) : r.suspensionEndsOn}
       WHERE id = ${id} AND supervisor_has_role(${actor.id}, ${rolesOf(step.action, r.state)})`;
  if (updated.count !== 1) throw new DomainError('您的账户不能办理此事项。', 'forbidden');
  if (files.length > 0) {
    const rows = files.map((f) => ({
      rectification_id: id,
      file_name: f.fileName,
      mime: f.mime,
      content: Buffer.from(f.content),
      size: f.content.byteLength,
      uploaded_by: actor.id,
    }));
    await tx`INSERT INTO rectification_attachments ${tx(rows, 'rectification_id', 'file_name', 'mime', 'content', 'size', 'uploaded_by')}`;
  }
  await logStep(tx, actor, id, step.action, r.state, next, on, reason, ip, {
    ...(files.length ? { files: files.map((f) => f.fileName) } : {}),
    ...(step.portalSubmissionId ? { portalSubmission: step.portalSubmissionId } : {}),
  });
  return next;
}

/**
 * The end of the consequence: an administrator records that the 《医疗机构执业许可证》 was
 * 注销 (the institution's status becomes 注销; its page then shows no level, no poster), only
 * after the 注销 was recommended on this rectification.
 */
export async function recordLicenceCancellation(actor: Actor, id: number, on: IsoDate, reason: string, today: IsoDate, ip: string | null): Promise<void> {
  requirePermission(actor, 'credit.approve');
  const why = needReason(reason);
  await transaction(async (tx) => {
    const r = await lockRectification(tx, actor, id);
    if (r.state !== 'cancellation-recommended' || r.licenceCancelledOn) {
      throw new DomainError(`限期整改当前为“${RECTIFICATION_TRANSITIONS.stateLabels[r.state]}”，不能登记注销执业许可证。`, 'conflict');
    }
    checkDate('注销日期', on, today, r.suspensionEndsOn ?? r.orderedOn);
    const done = await tx`
      UPDATE institutions SET status = '注销', updated_at = now()
       WHERE id = ${r.institutionId} AND status = '执业' AND supervisor_has_role(${actor.id}, '{admin}')`;
    if (done.count !== 1) throw new DomainError(`机构当前执业状态为“${r.institutionStatus}”，不能登记注销`, 'conflict');
    await tx`UPDATE rectifications SET licence_cancelled_on = ${on} WHERE id = ${id}`;
    await logStep(tx, actor, id, 'cancel-licence', r.state, r.state, on, why, ip, { institutionId: r.institutionId, status: '注销' });
  });
}
