import { sql } from './client';
import type { Actor } from '../domain/roles';
import type { ComplaintStatus } from '../domain/complaint-workflow';
import type { IsoDate } from '../domain/working-days';
import type { ComplaintDetail, ComplaintListRow } from '../domain/complaint-records';

export type { ComplaintDetail, ComplaintListRow };
import type { SortKey } from '../schemas/admin-complaints';
import { trackingNumberInSearch, type ComplaintRef } from '../domain/tracking-number';
import { BAD_LEVELS } from '../domain/complaint-satisfaction';

/**
 * Reading the complaint-intake table (投诉举报受理台账) for the supervisor area.
 *
 * Jurisdiction is part of every statement: `inScope(actor)` keeps only complaints whose region
 * (the complaint's own, else its institution's) is inside the actor's regions — computed by
 * the SQL functions of migration 0002 from supervisor_regions — unless the account reads
 * commission-wide. A district supervisor asking for another district's complaint gets nothing,
 * exactly as if it did not exist.
 */

type Fragment = ReturnType<typeof sql>;

/** The region a complaint is supervised in. */
const REGION = () => sql`coalesce(c.region_code, i.region_code)`;

export function inScope(actor: Pick<Actor, 'id'>): Fragment {
  // Uncorrelated sub-selects: PostgreSQL evaluates them once per statement (InitPlan), not per row.
  return sql`((SELECT supervisor_sees_all(${actor.id})) OR ${REGION()} = ANY (ARRAY(SELECT code FROM supervisor_region_scope(${actor.id}))))`;
}

const FROM = () => sql`
  complaints c
  LEFT JOIN institutions i ON i.id = c.institution_id
  LEFT JOIN regions r ON r.code = coalesce(c.region_code, i.region_code)
  LEFT JOIN supervisors a ON a.id = c.assigned_to`;

export interface ComplaintFilter {
  status?: ComplaintStatus | undefined;
  category?: string | undefined;
  /** How it arrived (web, api, 12345, 政务App, 信访, other). */
  channel?: string | undefined;
  /** Part of an institution's name or public code (or an unlisted institution's name). */
  institution?: string | undefined;
  /** A region code: the region and every region below it. */
  region?: string | undefined;
  receivedFrom?: IsoDate | undefined;
  receivedTo?: IsoDate | undefined;
  overdue?: boolean | undefined;
  dueThisWeek?: boolean | undefined;
  mine?: boolean | undefined;
  /** Only complaints whose region is unknown (the administrators' "未分派辖区" queue). */
  unrouted?: boolean | undefined;
  /** 好差评: the latest review is bad (不满意 / 非常不满意). */
  badReview?: boolean | undefined;
  /** 好差评: a follow-up is open ('open'), or open and past its deadline ('overdue'). */
  followUp?: 'open' | 'overdue' | undefined;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Overdue on `today` (the same rule as isOverdue in src/domain/complaint-workflow.ts). */
function overdueSql(today: IsoDate): Fragment {
  return sql`((c.status = '待受理' AND c.accept_due < ${today}::date) OR (c.status IN ('已受理', '调查中') AND c.close_due < ${today}::date))`;
}

/** Due between today and the window's last day (isDueSoon in the domain). */
function dueThisWeekSql(today: IsoDate, dueUntil: IsoDate): Fragment {
  return sql`((c.status = '待受理' AND c.accept_due BETWEEN ${today}::date AND ${dueUntil}::date)
           OR (c.status IN ('已受理', '调查中') AND c.close_due BETWEEN ${today}::date AND ${dueUntil}::date))`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

function conditions(
  actor: Pick<Actor, 'id'>,
  f: Omit<ComplaintFilter, 'sort' | 'dir' | 'page' | 'pageSize'>,
  today: IsoDate,
  dueUntil: IsoDate,
  withStatus: boolean,
): Fragment {
  const like = f.institution ? `%${escapeLike(f.institution)}%` : '';
  // The tracking number as printed ("2673-0913-6642") or typed with spaces finds its complaint.
  const tracking = f.institution ? (trackingNumberInSearch(f.institution) ?? f.institution) : '';
  return sql`
    ${inScope(actor)}
    ${withStatus && f.status ? sql`AND c.status = ${f.status}` : sql``}
    ${f.category ? sql`AND c.category = ${f.category}` : sql``}
    ${f.channel ? sql`AND c.channel = ${f.channel}` : sql``}
    ${f.institution ? sql`AND (i.name ILIKE ${like} OR i.code = ${f.institution.toUpperCase()} OR c.unlisted_name ILIKE ${like} OR c.tracking_no = ${tracking})` : sql``}
    ${f.region ? sql`AND ${REGION()} = ANY (ARRAY(SELECT code FROM region_descendants(${f.region})))` : sql``}
    ${f.receivedFrom ? sql`AND c.received_at >= (${f.receivedFrom}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'` : sql``}
    ${f.receivedTo ? sql`AND c.received_at < ((${f.receivedTo}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}
    ${f.overdue ? sql`AND ${overdueSql(today)}` : sql``}
    ${f.dueThisWeek ? sql`AND ${dueThisWeekSql(today, dueUntil)}` : sql``}
    ${f.mine ? sql`AND c.assigned_to = ${actor.id}` : sql``}
    ${f.unrouted ? sql`AND ${REGION()} IS NULL` : sql``}
    ${f.badReview ? sql`AND (SELECT v.level FROM complaint_satisfaction_reviews v WHERE v.complaint_id = c.id ORDER BY v.version DESC LIMIT 1) = ANY (${[...BAD_LEVELS]}::text[])` : sql``}
    ${f.followUp ? sql`AND EXISTS (SELECT 1 FROM complaint_satisfaction_follow_ups fu WHERE fu.complaint_id = c.id AND fu.closed_at IS NULL ${f.followUp === 'overdue' ? sql`AND fu.due_on < ${today}::date` : sql``})` : sql``}`;
}

// Functions, not constants: a fragment belongs to the client that made it (tests switch clients).
const ORDER: Record<SortKey, () => Fragment> = {
  received: () => sql`c.received_at`,
  accept_due: () => sql`c.accept_due`,
  close_due: () => sql`c.close_due`,
  status: () => sql`array_position(ARRAY['待受理','已受理','调查中','已办结','不予受理']::text[], c.status)`,
  institution: () => sql`coalesce(i.name, c.unlisted_name)`,
};

const LIST_COLUMNS = (today: IsoDate) => sql`
  c.id, c.tracking_no AS "trackingNo",
  to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "receivedAt",
  c.institution_id AS "institutionId", i.name AS "institutionName", i.code AS "institutionCode", c.unlisted_name AS "unlistedName",
  r.name AS "regionName", c.category, c.subcategory, c.status, c.outcome, c.channel,
  c.assigned_to AS "assignedTo", a.display_name AS "assignedName",
  c.accept_due::text AS "acceptDue", c.close_due::text AS "closeDue", c.anonymous,
  ${overdueSql(today)} AS overdue`;

export interface ListResult {
  rows: ComplaintListRow[];
  total: number;
  counts: Record<ComplaintStatus, number>;
  overdue: number;
}

/** One page of the table, the total, counts per status (same filter, any status) and overdue count. */
export async function listComplaints(actor: Pick<Actor, 'id'>, f: ComplaintFilter, today: IsoDate, dueUntil: IsoDate): Promise<ListResult> {
  const where = conditions(actor, f, today, dueUntil, true);
  const dir = f.dir === 'asc' ? sql`ASC` : sql`DESC`;
  const rows = await sql<ComplaintListRow[]>`
    SELECT ${LIST_COLUMNS(today)} FROM ${FROM()}
     WHERE ${where}
     ORDER BY ${ORDER[f.sort]()} ${dir} NULLS LAST, c.id ${dir}
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  const countRows = await sql<{ status: ComplaintStatus; n: number; overdue: number }[]>`
    SELECT c.status, count(*)::int AS n, count(*) FILTER (WHERE ${overdueSql(today)})::int AS overdue
      FROM ${FROM()}
     WHERE ${conditions(actor, f, today, dueUntil, false)}
     GROUP BY c.status`;
  const counts = { 待受理: 0, 不予受理: 0, 已受理: 0, 调查中: 0, 已办结: 0 } as Record<ComplaintStatus, number>;
  let overdue = 0;
  for (const r of countRows) {
    counts[r.status] = r.n;
    overdue += r.overdue;
  }
  const total = f.status ? counts[f.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { rows: [...rows], total, counts, overdue };
}

/** Rows for an export of the current filter (no personal data of complainants). */
export interface ExportRow extends ComplaintListRow {
  description: string;
  findings: string | null;
  feedback: string | null;
  rejectReason: string | null;
  closedAt: string | null;
  duplicateOfTrackingNo: string | null;
}

export async function exportComplaints(actor: Pick<Actor, 'id'>, f: ComplaintFilter, today: IsoDate, dueUntil: IsoDate, limit: number): Promise<ExportRow[]> {
  const dir = f.dir === 'asc' ? sql`ASC` : sql`DESC`;
  const rows = await sql<ExportRow[]>`
    SELECT ${LIST_COLUMNS(today)}, c.description, c.findings, c.feedback, c.reject_reason AS "rejectReason",
           to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "closedAt",
           d.tracking_no AS "duplicateOfTrackingNo"
      FROM ${FROM()} LEFT JOIN complaints d ON d.id = c.duplicate_of
     WHERE ${conditions(actor, f, today, dueUntil, true)}
     ORDER BY ${ORDER[f.sort]()} ${dir} NULLS LAST, c.id ${dir}
     LIMIT ${limit}`;
  return [...rows];
}

export async function getComplaint(actor: Pick<Actor, 'id'>, id: number, today: IsoDate): Promise<ComplaintDetail | null> {
  const [row] = await sql<ComplaintDetail[]>`
    SELECT ${LIST_COLUMNS(today)}, ${REGION()} AS "regionCode", c.unlisted_address AS "unlistedAddress",
           c.description, c.occurred_on::text AS "occurredOn", c.findings, c.feedback, c.reject_reason AS "rejectReason",
           c.duplicate_of AS "duplicateOf", d.tracking_no AS "duplicateOfTrackingNo",
           to_char(c.accepted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "acceptedAt",
           to_char(c.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "closedAt",
           (NOT c.anonymous AND c.pii_purged_at IS NULL AND c.complainant_name_enc IS NOT NULL) AS "hasPii",
           to_char(c.pii_purged_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "piiPurgedAt",
           coalesce((SELECT json_agg(json_build_object('id', p.id, 'mime', p.mime, 'width', p.width, 'height', p.height) ORDER BY p.id)
                       FROM complaint_photos p WHERE p.complaint_id = c.id), '[]'::json) AS photos
      FROM ${FROM()} LEFT JOIN complaints d ON d.id = c.duplicate_of
     WHERE c.id = ${id} AND ${inScope(actor)}`;
  return row ?? null;
}

export interface ComplaintEventRow {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
}

export async function complaintEvents(actor: Pick<Actor, 'id'>, id: number): Promise<ComplaintEventRow[]> {
  const rows = await sql<ComplaintEventRow[]>`
    SELECT e.id, to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS at, s.display_name AS "actorName",
           e.action, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.note
      FROM complaint_events e
      JOIN complaints c ON c.id = e.complaint_id
      LEFT JOIN institutions i ON i.id = c.institution_id
      LEFT JOIN supervisors s ON s.id = e.actor_id
     WHERE e.complaint_id = ${id} AND ${inScope(actor)}
     ORDER BY e.at, e.id`;
  return [...rows];
}

/** A photo of a complaint in the actor's jurisdiction. */
export async function getComplaintPhoto(actor: Pick<Actor, 'id'>, complaintId: number, photoId: number): Promise<{ content: Buffer; mime: string } | null> {
  const [row] = await sql<{ content: Buffer; mime: string }[]>`
    SELECT p.content, p.mime
      FROM complaint_photos p
      JOIN complaints c ON c.id = p.complaint_id
      LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE p.id = ${photoId} AND p.complaint_id = ${complaintId} AND ${inScope(actor)}`;
  return row ?? null;
}

/** Categories present in the actor's complaints (the filter's list; the intake defines the rest). */
export async function categoriesInUse(actor: Pick<Actor, 'id'>): Promise<string[]> {
  const rows = await sql<{ category: string }[]>`
    SELECT DISTINCT c.category FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE ${inScope(actor)} ORDER BY c.category`;
  return rows.map((r) => r.category);
}

/** Whether a complaint exists in the actor's jurisdiction (for links such as 重复 → original). */
export async function complaintInScope(actor: Pick<Actor, 'id'>, id: number): Promise<{ id: number; trackingNo: string } | null> {
  const [row] = await sql<{ id: number; trackingNo: string }[]>`
    SELECT c.id, c.tracking_no AS "trackingNo" FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE c.id = ${id} AND ${inScope(actor)}`;
  return row ?? null;
}

/**
 * A complaint named by a supervisor (tracking number or internal id): its id when it is in the
 * actor's jurisdiction, else whether it does not exist at all or lies outside — so a form can
 * say which, instead of one message for both. Supervisors are staff of the same commission;
 * telling them that a number exists elsewhere reveals nothing of its content.
 */
export async function resolveComplaintRef(
  actor: Pick<Actor, 'id'>,
  ref: ComplaintRef,
): Promise<{ found: 'in-scope'; id: number; trackingNo: string } | { found: 'outside' | 'missing' }> {
  const [row] = await sql<{ id: number; trackingNo: string; inScope: boolean }[]>`
    SELECT c.id, c.tracking_no AS "trackingNo", ${inScope(actor)} AS "inScope"
      FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE ${ref.kind === 'tracking' ? sql`c.tracking_no = ${ref.trackingNo}` : sql`c.id = ${ref.id}`}`;
  if (!row) return { found: 'missing' };
  if (!row.inScope) return { found: 'outside' };
  return { found: 'in-scope', id: row.id, trackingNo: row.trackingNo };
}
