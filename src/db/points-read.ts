import { sql } from './client';
import type { Actor } from '../domain/roles';
import type { PointRecord, PointSource } from '../domain/points';
import type { IsoDate } from '../domain/working-days';

/**
 * Reading bad-practice points (不良执业行为记分) for the supervisor area, inside the actor's
 * jurisdiction (the institution's region), in the SQL of every statement.
 */

type Fragment = ReturnType<typeof sql>;

export function institutionInScope(actor: Pick<Actor, 'id'>): Fragment {
  // Uncorrelated sub-selects: PostgreSQL evaluates them once per statement (InitPlan), not per row.
  return sql`((SELECT supervisor_sees_all(${actor.id})) OR i.region_code = ANY (ARRAY(SELECT code FROM supervisor_region_scope(${actor.id}))))`;
}

export interface PointRow {
  id: number;
  institutionId: number;
  institutionName: string;
  institutionCode: string;
  staffId: number | null;
  staffName: string | null;
  behaviour: string;
  points: number;
  source: string;
  sourceComplaintId: number | null;
  sourceComplaintNo: string | null;
  department: string | null;
  recordedByName: string | null;
  foundOn: IsoDate;
  approvedOn: IsoDate | null;
  noticeServedOn: IsoDate | null;
  noticeReceivedOn: IsoDate | null;
  status: '有效' | '申诉中' | '已撤销';
  voidedOn: IsoDate | null;
  voidReason: string | null;
  /** 录入省平台: when the office entered it on the provincial platform. */
  provincialEnteredOn: IsoDate | null;
  appeal: PointAppeal | null;
}

/** The appeal (申诉) against a point, at most one. */
export interface PointAppeal {
  id: number;
  receivedOn: IsoDate;
  acceptedOn: IsoDate | null;
  decisionDue: IsoDate | null;
  decidedOn: IsoDate | null;
  decision: '维持' | '撤销' | null;
  reason: string | null;
}

const COLUMNS = () => sql`
  p.id, p.institution_id AS "institutionId", i.name AS "institutionName", i.code AS "institutionCode",
  p.staff_id AS "staffId", st.name AS "staffName", p.behaviour, p.points, p.source,
  p.source_complaint_id AS "sourceComplaintId", c.tracking_no AS "sourceComplaintNo", p.department,
  s.display_name AS "recordedByName", p.found_on::text AS "foundOn", p.approved_on::text AS "approvedOn",
  p.notice_served_on::text AS "noticeServedOn", p.notice_received_on::text AS "noticeReceivedOn",
  p.status, p.voided_on::text AS "voidedOn", p.void_reason AS "voidReason", p.provincial_entered_on::text AS "provincialEnteredOn",
  (SELECT json_build_object('id', ap.id, 'receivedOn', ap.received_on::text, 'acceptedOn', ap.accepted_on::text,
                            'decisionDue', ap.decision_due::text, 'decidedOn', ap.decided_on::text,
                            'decision', ap.decision, 'reason', ap.reason)
     FROM point_appeals ap WHERE ap.point_record_id = p.id) AS appeal`;

const FROM = () => sql`
  point_records p
  JOIN institutions i ON i.id = p.institution_id
  LEFT JOIN staff st ON st.id = p.staff_id
  LEFT JOIN complaints c ON c.id = p.source_complaint_id
  LEFT JOIN supervisors s ON s.id = p.recorded_by`;

export interface PointFilter {
  institution?: string | undefined;
  status?: '有效' | '申诉中' | '已撤销' | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  page: number;
  pageSize: number;
}

export async function listPoints(actor: Pick<Actor, 'id'>, f: PointFilter): Promise<{ rows: PointRow[]; total: number }> {
  const like = f.institution ? `%${f.institution.replace(/[\\%_]/g, (ch) => '\\' + ch)}%` : '';
  const where = sql`
    ${institutionInScope(actor)}
    ${f.institution ? sql`AND (i.name ILIKE ${like} OR i.code = ${f.institution.toUpperCase()})` : sql``}
    ${f.status ? sql`AND p.status = ${f.status}` : sql``}
    ${f.from ? sql`AND p.found_on >= ${f.from}::date` : sql``}
    ${f.to ? sql`AND p.found_on <= ${f.to}::date` : sql``}`;
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${FROM()} WHERE ${where}`;
  const rows = await sql<PointRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()} WHERE ${where}
     ORDER BY p.found_on DESC, p.id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: [...rows], total: count?.n ?? 0 };
}

export async function getPoint(actor: Pick<Actor, 'id'>, id: number): Promise<PointRow | null> {
  const [row] = await sql<PointRow[]>`SELECT ${COLUMNS()} FROM ${FROM()} WHERE p.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** Points found between two dates (inclusive), in the actor's jurisdiction. */
export async function pointsFoundBetween(actor: Pick<Actor, 'id'>, from: IsoDate, to: IsoDate): Promise<PointRow[]> {
  const rows = await sql<PointRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()}
     WHERE ${institutionInScope(actor)} AND p.found_on BETWEEN ${from}::date AND ${to}::date
     ORDER BY p.found_on, p.id`;
  return [...rows];
}

/** Open points whose notice or appeal decision is due (for the week's worklist). */
export async function openPoints(actor: Pick<Actor, 'id'>, limit = 500): Promise<PointRow[]> {
  const rows = await sql<PointRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()}
     WHERE ${institutionInScope(actor)} AND p.status <> '已撤销'
       AND (p.notice_served_on IS NULL OR EXISTS (SELECT 1 FROM point_appeals ap WHERE ap.point_record_id = p.id AND ap.decided_on IS NULL))
     ORDER BY p.found_on LIMIT ${limit}`;
  return [...rows];
}

/** Points in force not yet entered into the provincial platform (the due list's 待录入省平台), oldest first. */
export async function pointsAwaitingProvincialEntry(actor: Pick<Actor, 'id'>, limit = 500): Promise<PointRow[]> {
  const rows = await sql<PointRow[]>`
    SELECT ${COLUMNS()} FROM ${FROM()}
     WHERE ${institutionInScope(actor)} AND p.status = '有效' AND p.provincial_entered_on IS NULL
     ORDER BY coalesce(p.approved_on, p.found_on), p.id LIMIT ${limit}`;
  return [...rows];
}

/**
 * ADAPTER to the credit engine's PointRecord (src/domain/points.ts), whose source list is seed
 * 000's wording: the short names of the 0001 schema are mapped to the seed's words.
 */
const SOURCE_TO_SEED: Record<string, PointSource> = { 监督检查: '综合监督', 校验: '审批校验', 质控: '质控督查' };

export function toDomainRecord(r: PointRow): PointRecord {
  const appeal = r.appeal;
  return {
    id: String(r.id),
    target:
      r.staffId === null
        ? { kind: 'institution', institutionId: String(r.institutionId) }
        : { kind: 'staff', staffId: String(r.staffId), institutionId: String(r.institutionId) },
    source: SOURCE_TO_SEED[r.source] ?? (r.source as PointSource),
    department: r.department ?? '未填写科室',
    foundOn: r.foundOn,
    approvedOn: r.approvedOn,
    points: r.points,
    description: r.behaviour,
    noticeSentOn: r.noticeServedOn,
    noticeReceivedOn: r.noticeReceivedOn,
    appeal: appeal
      ? {
          filedOn: appeal.receivedOn,
          acceptedOn: appeal.acceptedOn,
          decision:
            appeal.decision && appeal.decidedOn
              ? { decidedOn: appeal.decidedOn, outcome: appeal.decision === '撤销' ? 'upheld' : 'rejected', note: appeal.reason ?? '' }
              : null,
        }
      : null,
  };
}

export interface InstitutionChoice {
  id: number;
  code: string;
  name: string;
  regionName: string | null;
}

/** Institutions in the actor's jurisdiction matching a name or code fragment (for forms). */
export async function findInstitutions(actor: Pick<Actor, 'id'>, q: string, limit = 30): Promise<InstitutionChoice[]> {
  const like = `%${q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
  const rows = await sql<InstitutionChoice[]>`
    SELECT i.id, i.code, i.name, r.name AS "regionName"
      FROM institutions i LEFT JOIN regions r ON r.code = i.region_code
     WHERE ${institutionInScope(actor)} AND (${q} = '' OR i.name ILIKE ${like} OR i.code = ${q.toUpperCase()})
     ORDER BY i.name LIMIT ${limit}`;
  return [...rows];
}

export async function getInstitutionInScope(actor: Pick<Actor, 'id'>, id: number): Promise<InstitutionChoice | null> {
  const [row] = await sql<InstitutionChoice[]>`
    SELECT i.id, i.code, i.name, r.name AS "regionName"
      FROM institutions i LEFT JOIN regions r ON r.code = i.region_code
     WHERE i.id = ${id} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

export async function staffOf(actor: Pick<Actor, 'id'>, institutionId: number): Promise<{ id: number; name: string; profession: string }[]> {
  const rows = await sql<{ id: number; name: string; profession: string }[]>`
    SELECT st.id, st.name, st.profession FROM staff st JOIN institutions i ON i.id = st.institution_id
     WHERE st.institution_id = ${institutionId} AND ${institutionInScope(actor)} ORDER BY st.name LIMIT 500`;
  return [...rows];
}

/** Closed complaints about an institution: a point may cite one as its source. */
export async function closedComplaintsOf(actor: Pick<Actor, 'id'>, institutionId: number): Promise<{ id: number; trackingNo: string; outcome: string }[]> {
  const rows = await sql<{ id: number; trackingNo: string; outcome: string }[]>`
    SELECT c.id, c.tracking_no AS "trackingNo", c.outcome FROM complaints c JOIN institutions i ON i.id = c.institution_id
     WHERE c.institution_id = ${institutionId} AND c.status = '已办结' AND c.outcome IN ('查实', '部分查实')
       AND ${institutionInScope(actor)}
     ORDER BY c.closed_at DESC LIMIT 100`;
  return [...rows];
}

/** Departments that recorded points, for the monthly report's rows besides the seed's list. */
export async function recordingDepartments(): Promise<string[]> {
  const rows = await sql<{ department: string }[]>`SELECT DISTINCT department FROM point_records WHERE department IS NOT NULL ORDER BY 1`;
  return rows.map((r) => r.department);
}
