import { sql, transaction, type Tx } from './client';
import { writeAudit } from './audit-log';
import { inScope } from './admin-complaints-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import {
  BAD_LEVELS,
  checkReviewAllowed,
  followUpAfterReview,
  followUpDueDate,
  resolutionOf,
  reviewDeadline,
  SATISFIED_LEVELS,
  type DistrictMonthCounts,
  type FollowUpResolution,
  type FollowUpVerification,
  type SatisfactionLevel,
} from '../domain/complaint-satisfaction';
import { chinaDate, type IsoDate } from '../domain/working-days';

/**
 * 好差评 of complaints (rules: src/domain/complaint-satisfaction.ts; tables: migration 0009).
 * A review is appended as a new version, never updated; a bad one opens the district's
 * follow-up in the same transaction; every step is in the audit log. The citizen's side is
 * authenticated by the status page's steps (tracking number + query code) before these run.
 */

export interface SatisfactionReviewRecord {
  complaintId: number;
  level: SatisfactionLevel;
  reasons: readonly string[];
  comment: string | null;
  channel: 'web' | 'api';
}

export interface SavedSatisfactionReview {
  version: number;
  /** The last day the review can still be changed. */
  changeableUntil: IsoDate;
  /** The follow-up this review opened, if any. */
  openedFollowUp: { id: number; dueOn: IsoDate } | null;
}

/** Who the audit log names for a review: the holder of the query code, never a person. */
const REVIEWER = '投诉人（凭查询码）';

/** Records a review (or a changed one) of a closed complaint; `at` is the moment it is given. */
export function submitSatisfactionReview(r: SatisfactionReviewRecord, at: Date = new Date(), tx?: Tx): Promise<SavedSatisfactionReview> {
  return tx ? submitIn(tx, r, at) : transaction((t) => submitIn(t, r, at));
}

async function submitIn(t: Tx, r: SatisfactionReviewRecord, at: Date): Promise<SavedSatisfactionReview> {
  const [c] = await t<{ status: string; closedOn: IsoDate | null }[]>`
    SELECT status, to_char(closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "closedOn"
      FROM complaints WHERE id = ${r.complaintId} FOR UPDATE`;
  if (!c) throw new DomainError('没有这件投诉。', 'not-found');
  checkReviewAllowed(c, chinaDate(at));
  const [last] = await t<{ version: number }[]>`
    SELECT coalesce(max(version), 0)::int AS version FROM complaint_satisfaction_reviews WHERE complaint_id = ${r.complaintId}`;
  const version = (last?.version ?? 0) + 1;
  const [saved] = await t<{ id: number }[]>`
    INSERT INTO complaint_satisfaction_reviews (complaint_id, version, level, reasons, comment, channel, submitted_at)
    VALUES (${r.complaintId}, ${version}, ${r.level}, ${[...r.reasons]}::text[], ${r.comment}, ${r.channel}, ${at})
    RETURNING id`;
  const reviewId = Number(saved?.id);
  await writeAudit(t, {
    actor: null,
    actorName: REVIEWER,
    action: 'complaint.satisfaction_review',
    targetKind: 'complaint',
    targetId: r.complaintId,
    detail: { version, level: r.level, reasons: [...r.reasons], channel: r.channel },
  });
  const [open] = await t`SELECT 1 FROM complaint_satisfaction_follow_ups WHERE complaint_id = ${r.complaintId} AND closed_at IS NULL`;
  let openedFollowUp: SavedSatisfactionReview['openedFollowUp'] = null;
  if (followUpAfterReview(r.level, open !== undefined) === 'open') {
    const dueOn = followUpDueDate(chinaDate(at));
    const [f] = await t<{ id: number }[]>`
      INSERT INTO complaint_satisfaction_follow_ups (complaint_id, review_id, opened_at, due_on)
      VALUES (${r.complaintId}, ${reviewId}, ${at}, ${dueOn}) RETURNING id`;
    openedFollowUp = { id: Number(f?.id), dueOn };
    await writeAudit(t, {
      actor: null,
      actorName: REVIEWER,
      action: 'complaint.satisfaction_follow_up_open',
      targetKind: 'complaint',
      targetId: r.complaintId,
      detail: { followUpId: openedFollowUp.id, dueOn, level: r.level },
    });
  }
  return { version, changeableUntil: reviewDeadline(c.closedOn as IsoDate), openedFollowUp };
}

export interface FollowUpResult {
  verification: FollowUpVerification;
  findings: string;
  result: string;
}

/**
 * A supervisor closes the open follow-up of a complaint in their jurisdiction (role and region
 * checked in the statement that locks it).
 */
export async function recordSatisfactionFollowUp(actor: Actor, complaintId: number, input: FollowUpResult, ip: string | null): Promise<{ id: number }> {
  requirePermission(actor, 'complaint.work');
  return transaction(async (t) => {
    const [f] = await t<{ id: number }[]>`
      SELECT f.id::int AS id FROM complaint_satisfaction_follow_ups f
        JOIN complaints c ON c.id = f.complaint_id LEFT JOIN institutions i ON i.id = c.institution_id
       WHERE f.complaint_id = ${complaintId} AND f.closed_at IS NULL
         AND ${inScope(actor)} AND supervisor_has_role(${actor.id}, '{admin,district}')
         FOR UPDATE OF f`;
    if (!f) throw new DomainError('这件投诉没有待办的差评核实（可能已办结），或不在您的辖区内。', 'conflict');
    return closeFollowUp(t, f.id, input, actor, ip, new Date());
  });
}

/** Closes a follow-up (the caller has checked who may); the demo loader uses it with its own date. */
export async function closeFollowUp(t: Tx, id: number, input: FollowUpResult, actor: Actor | null, ip: string | null, at: Date): Promise<{ id: number }> {
  const resolution: FollowUpResolution = resolutionOf(input.verification);
  const done = await t<{ complaintId: number }[]>`
    UPDATE complaint_satisfaction_follow_ups
       SET verification = ${input.verification}, findings = ${input.findings}, resolution = ${resolution}, result = ${input.result},
           closed_at = ${at}, closed_by = ${actor?.id ?? null}
     WHERE id = ${id} AND closed_at IS NULL RETURNING complaint_id AS "complaintId"`;
  const row = done[0];
  if (!row) throw new DomainError('该差评核实刚被他人办结，请刷新后查看。', 'conflict');
  await writeAudit(t, {
    actor,
    actorName: '演示数据',
    action: 'complaint.satisfaction_follow_up',
    targetKind: 'complaint',
    targetId: row.complaintId,
    detail: { followUpId: id, verification: input.verification, resolution },
    ip,
  });
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SatisfactionReviewRow {
  version: number;
  level: SatisfactionLevel;
  reasons: string[];
  comment: string | null;
  channel: string;
  submittedAt: string;
}

export interface FollowUpRow {
  id: number;
  openedAt: string;
  dueOn: IsoDate;
  verification: FollowUpVerification | null;
  findings: string | null;
  resolution: FollowUpResolution | null;
  result: string | null;
  closedAt: string | null;
  closedByName: string | null;
}

export interface ComplaintSatisfaction {
  /** Every version, newest first (the first is the one that counts). */
  reviews: SatisfactionReviewRow[];
  /** Newest first. */
  followUps: FollowUpRow[];
}

/**
 * A complaint's reviews and follow-ups. The public status page calls it after the query code
 * matched; the supervisor area only for a complaint already found in the actor's jurisdiction.
 */
export async function complaintSatisfaction(complaintId: number): Promise<ComplaintSatisfaction> {
  const reviews = await sql<SatisfactionReviewRow[]>`
    SELECT version, level, reasons, comment, channel,
           to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "submittedAt"
      FROM complaint_satisfaction_reviews WHERE complaint_id = ${complaintId} ORDER BY version DESC`;
  const followUps = await sql<FollowUpRow[]>`
    SELECT f.id::int AS id, to_char(f.opened_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "openedAt", f.due_on::text AS "dueOn",
           f.verification, f.findings, f.resolution, f.result,
           to_char(f.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "closedAt", s.display_name AS "closedByName"
      FROM complaint_satisfaction_follow_ups f LEFT JOIN supervisors s ON s.id = f.closed_by
     WHERE f.complaint_id = ${complaintId} ORDER BY f.opened_at DESC, f.id DESC`;
  return { reviews: [...reviews], followUps: [...followUps] };
}

export interface OpenFollowUpRow {
  complaintId: number;
  trackingNo: string;
  institutionName: string | null;
  regionName: string | null;
  level: SatisfactionLevel;
  dueOn: IsoDate;
}

/** Open follow-ups in the actor's jurisdiction due by `dueUntil` (overdue ones included), earliest first. */
export async function openFollowUpsDue(actor: Pick<Actor, 'id'>, dueUntil: IsoDate, limit = 200): Promise<OpenFollowUpRow[]> {
  const rows = await sql<OpenFollowUpRow[]>`
    SELECT c.id::int AS "complaintId", c.tracking_no AS "trackingNo", coalesce(i.name, c.unlisted_name) AS "institutionName",
           r.name AS "regionName", v.level, f.due_on::text AS "dueOn"
      FROM complaint_satisfaction_follow_ups f
      JOIN complaint_satisfaction_reviews v ON v.id = f.review_id
      JOIN complaints c ON c.id = f.complaint_id
      LEFT JOIN institutions i ON i.id = c.institution_id
      LEFT JOIN regions r ON r.code = coalesce(c.region_code, i.region_code)
     WHERE f.closed_at IS NULL AND f.due_on <= ${dueUntil}::date AND ${inScope(actor)}
     ORDER BY f.due_on, c.id LIMIT ${limit}`;
  return [...rows];
}

/**
 * Counts per district (乡镇/街道: the complaint's region, or its township above a village) and
 * per month of closing, for the public page and open data (`actor` null: everything) or a
 * supervisor's dashboard (their jurisdiction).
 */
export async function satisfactionCounts(actor: Pick<Actor, 'id'> | null): Promise<DistrictMonthCounts[]> {
  const rows = await sql<(Omit<DistrictMonthCounts, 'counts'> & DistrictMonthCounts['counts'])[]>`
    WITH RECURSIVE up (start, code, name, level, parent) AS (
      SELECT r.code, r.code, r.name, r.level, r.parent_code FROM regions r
      UNION ALL
      SELECT up.start, p.code, p.name, p.level, p.parent_code FROM up JOIN regions p ON p.code = up.parent WHERE up.level > 4
    ),
    district AS (SELECT DISTINCT ON (start) start, code, name FROM up WHERE level <= 4 ORDER BY start, level DESC),
    closed AS (
      SELECT c.id, c.status, c.accept_due, c.close_due, (c.closed_at AT TIME ZONE 'Asia/Shanghai')::date AS closed_on,
             d.code AS district_code, coalesce(d.name, '辖区未明') AS district_name
        FROM complaints c
        LEFT JOIN institutions i ON i.id = c.institution_id
        LEFT JOIN district d ON d.start = coalesce(c.region_code, i.region_code)
       WHERE c.status IN ('已办结', '不予受理') AND c.closed_at IS NOT NULL
         ${actor ? sql`AND ${inScope(actor)}` : sql``}
    ),
    latest AS (
      SELECT DISTINCT ON (complaint_id) complaint_id, level FROM complaint_satisfaction_reviews ORDER BY complaint_id, version DESC
    ),
    follow AS (
      SELECT complaint_id, count(*) AS n, count(closed_at) AS done FROM complaint_satisfaction_follow_ups GROUP BY complaint_id
    )
    SELECT to_char(k.closed_on, 'YYYY-MM') AS month, k.district_code AS "districtCode", k.district_name AS "districtName",
           count(*)::int AS closed,
           count(*) FILTER (WHERE k.closed_on <= CASE WHEN k.status = '不予受理' THEN k.accept_due ELSE k.close_due END)::int AS "closedOnTime",
           count(l.level)::int AS reviews,
           count(*) FILTER (WHERE l.level = ANY (${[...SATISFIED_LEVELS]}::text[]))::int AS satisfied,
           count(*) FILTER (WHERE l.level = ANY (${[...BAD_LEVELS]}::text[]))::int AS bad,
           coalesce(sum(f.n), 0)::int AS "followUps",
           coalesce(sum(f.done), 0)::int AS "followUpsClosed"
      FROM closed k
      LEFT JOIN latest l ON l.complaint_id = k.id
      LEFT JOIN follow f ON f.complaint_id = k.id
     GROUP BY 1, 2, 3
     ORDER BY 1, 2`;
  return rows.map(({ month, districtCode, districtName, ...counts }) => ({
    month,
    districtCode,
    districtName,
    counts: {
      closed: counts.closed,
      closedOnTime: counts.closedOnTime,
      reviews: counts.reviews,
      satisfied: counts.satisfied,
      bad: counts.bad,
      followUps: counts.followUps,
      followUpsClosed: counts.followUpsClosed,
    },
  }));
}

/** Closed complaints with their closing time, oldest first (what the demo loader reviews). */
export async function closedComplaints(tx: Tx): Promise<{ id: number; closedAt: Date; anonymous: boolean }[]> {
  const rows = await tx<{ id: number; closedAt: Date; anonymous: boolean }[]>`
    SELECT id::int AS id, closed_at AS "closedAt", anonymous FROM complaints
     WHERE status IN ('已办结', '不予受理') AND closed_at IS NOT NULL ORDER BY closed_at, id`;
  return [...rows];
}
