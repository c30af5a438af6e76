import { sql } from './client';

/**
 * What the public intake reads: institutions to complain about, and a complaint's progress for
 * the status page. No query here selects the complainant's name or phone, or the description;
 * the public side cannot leak what it never loads.
 */

export interface IntakeInstitution {
  id: number;
  code: string;
  name: string;
  address: string | null;
  regionCode: string | null;
  status: string;
}

export async function findInstitutionByCode(code: string): Promise<IntakeInstitution | null> {
  const [row] = await sql<IntakeInstitution[]>`
    SELECT id, code, name, address, region_code AS "regionCode", status
      FROM institutions WHERE code = ${code}`;
  return row ?? null;
}

/** The first practising institution (by id), for examples that must work on this deployment; null when there is none. */
export async function firstPractisingInstitutionCode(): Promise<string | null> {
  const [row] = await sql<{ code: string }[]>`SELECT code FROM institutions WHERE status = '执业' ORDER BY id LIMIT 1`;
  return row?.code ?? null;
}

function likePattern(q: string): string {
  return '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

/** Institutions whose name or address contains `q` (or whose code is `q`), best matches first. */
export async function searchInstitutions(q: string, limit = 12): Promise<IntakeInstitution[]> {
  const term = q.trim();
  if (term === '') return [];
  const pattern = likePattern(term);
  return sql<IntakeInstitution[]>`
    SELECT id, code, name, address, region_code AS "regionCode", status
      FROM institutions
     WHERE name ILIKE ${pattern} OR address ILIKE ${pattern} OR code = ${term.toUpperCase()}
     ORDER BY (code = ${term.toUpperCase()}) DESC, (name ILIKE ${term.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}) DESC,
              length(name), name
     LIMIT ${limit}`;
}

export interface Township {
  code: string;
  name: string;
  /** The county (区县) it belongs to, for grouping the list. */
  county: string | null;
}

/**
 * The townships (乡镇/街道) a citizen can pick for an unlisted place; a region table that has
 * no township level yet offers its counties instead, so the choice is never empty.
 */
export async function listTownships(): Promise<Township[]> {
  const rows = await sql<Township[]>`
    SELECT r.code, r.name, p.name AS county
      FROM regions r LEFT JOIN regions p ON p.code = r.parent_code
     WHERE r.level = (SELECT CASE WHEN EXISTS (SELECT 1 FROM regions WHERE level = 4) THEN 4 ELSE 3 END)
     ORDER BY r.code
     LIMIT 5000`;
  return [...rows];
}

export interface ComplaintProgress {
  id: number;
  trackingNo: string;
  queryCodeHash: string;
  anonymous: boolean;
  status: string;
  category: string;
  subcategory: string | null;
  institutionName: string | null;
  receivedAt: Date;
  acceptDue: string;
  closeDue: string;
  acceptedAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  feedback: string | null;
  rejectReason: string | null;
  history: { at: Date; toStatus: string }[];
}

/** A complaint's progress by tracking number; the caller checks the query code. */
export async function findProgress(trackingNo: string): Promise<ComplaintProgress | null> {
  const [row] = await sql<Omit<ComplaintProgress, 'history'>[]>`
    SELECT c.id::int AS id, c.tracking_no AS "trackingNo", c.query_code_hash AS "queryCodeHash", c.anonymous, c.status,
           c.category, c.subcategory, coalesce(i.name, c.unlisted_name) AS "institutionName",
           c.received_at AS "receivedAt", to_char(c.accept_due, 'YYYY-MM-DD') AS "acceptDue",
           to_char(c.close_due, 'YYYY-MM-DD') AS "closeDue", c.accepted_at AS "acceptedAt", c.closed_at AS "closedAt",
           c.outcome, c.feedback, c.reject_reason AS "rejectReason"
      FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE c.tracking_no = ${trackingNo}`;
  if (!row) return null;
  const history = await sql<{ at: Date; toStatus: string }[]>`
    SELECT at, to_status AS "toStatus" FROM complaint_events
     WHERE complaint_id = ${row.id} AND to_status IS NOT NULL
       AND (from_status IS NULL OR from_status IS DISTINCT FROM to_status)
     ORDER BY at, id`;
  return { ...row, history };
}
