/**
 * All SQL of the demo-data loader: COPY streams for the bulk rows, the reset, and the few
 * statements around them. Rows come from src/demo/factory.ts with database column names (types: ./demo-rows.ts).
 *
 * COPY (text format) is used rather than INSERT because 100,000 institutions mean well over a
 * million rows: one COPY per table and chunk is several times faster than multi-row INSERTs and
 * has no parameter limit. Every value is escaped here; nothing is interpolated into SQL text
 * except table and column identifiers, which postgres.js quotes.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Tx } from './client';
import { writeAudit } from './audit-log';
import { CREDIT_FACT_COLUMNS } from './import-evaluations';
import type { Role } from '../domain/roles';
import type {
  IdCounters,
  CommitmentRow,
  ComplaintEventRow,
  ComplaintRow,
  DowngradeRow,
  EvaluationRow,
  InstitutionRow,
  PenaltyRow,
  PointAppealRow,
  PointRecordRow,
  RatingRow,
  RegionRow,
  SelfInspectionRow,
  SeriousDishonestyRow,
  StaffRow,
} from './demo-rows';

export type CopyValue = string | number | boolean | null | readonly string[] | Uint8Array;

// ---------------------------------------------------------------------------------------------
// COPY text format

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Escapes a value for COPY's text format (backslash, tab, newline, carriage return). */
function escapeText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal: every element quoted, so commas, braces and spaces need no thought. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function encodeCopyValue(v: CopyValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`COPY: not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'string') return escapeText(v);
  // bytea as hex: \\x… (the backslash itself escaped for COPY).
  if (v instanceof Uint8Array) return `\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  return escapeText(arrayLiteral(v));
}

export function encodeCopyRow(values: readonly (CopyValue | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) line += '\t';
    line += encodeCopyValue(values[i]);
  }
  return `${line}\n`;
}

/** Streams `rows` into `table` with COPY … FROM STDIN, in ~256 KB pieces (stream backpressure applies). */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], rows: readonly object[]): Promise<number> {
  if (rows.length === 0) return 0;
  function* pieces(): Generator<string> {
    let buf = '';
    for (const row of rows) {
      const r = row as Record<string, CopyValue | undefined>;
      // Inline encodeCopyRow: no array per row (a million rows make that garbage noticeable).
      for (let i = 0; i < columns.length; i += 1) buf += (i > 0 ? '\t' : '') + encodeCopyValue(r[columns[i] as string]);
      buf += '\n';
      if (buf.length >= 1 << 18) {
        yield buf;
        buf = '';
      }
    }
    if (buf.length > 0) yield buf;
  }
  const writable = await tx`COPY ${tx(table)} (${tx([...columns])}) FROM STDIN`.writable();
  await pipeline(Readable.from(pieces()), writable);
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// Column lists (the order COPY receives). `satisfies` keeps them in step with the row types.

/** A demo evaluation entered by the demo district account, waiting for the demo admin's approval. */
export type EvaluationSubmissionRow = Omit<EvaluationRow, 'id' | 'score_level' | 'reasons' | 'review_status'> & { entered_by: number; source: '录入' };

/** An evaluation's facts and score: the same columns in evaluations and evaluation_submissions. */
const EVALUATION_FACTS = ['institution_id', 'year', 'jurisdiction_code', ...CREDIT_FACT_COLUMNS, 'standardized_score'] as const;

export const COLUMNS = {
  institutions: [
    'id',
    'code',
    'registration_no',
    'uscc',
    'name',
    'type',
    'hospital_grade',
    'ownership',
    'address',
    'region_code',
    'legal_representative',
    'principal',
    'departments',
    'license_valid_from',
    'license_valid_to',
    'status',
    'risk_grade',
    'supervising_unit',
    'complaint_phone',
    'poster_version',
  ] as const satisfies readonly (keyof (InstitutionRow & { id: number }))[],
  staff: [
    'id',
    'institution_id',
    'name',
    'profession',
    'practice_category',
    'practice_scope',
    'certificate_no',
    'title',
    'active',
  ] as const satisfies readonly (keyof StaffRow)[],
  commitments: ['id', 'institution_id', 'year', 'signed_on', 'signatory', 'body'] as const satisfies readonly (keyof CommitmentRow)[],
  evaluations: [
    'id',
    ...EVALUATION_FACTS,
    'score_level',
    'level',
    'reasons',
    'evaluated_on',
    'review_status',
  ] as const satisfies readonly (keyof EvaluationRow)[],
  evaluation_submissions: [...EVALUATION_FACTS, 'level', 'evaluated_on', 'source', 'entered_by'] as const satisfies readonly (keyof EvaluationSubmissionRow)[],
  downgrades: [
    'id',
    'evaluation_id',
    'decided_on',
    'notice_no',
    'from_level',
    'to_level',
    'new_score',
    'reason',
  ] as const satisfies readonly (keyof DowngradeRow)[],
  penalties: [
    'id',
    'institution_id',
    'staff_id',
    'decision_no',
    'decided_on',
    'violation',
    'basis',
    'penalty',
    'fine_yuan',
    'shown_until',
  ] as const satisfies readonly (keyof PenaltyRow)[],
  point_records: [
    'id',
    'institution_id',
    'staff_id',
    'behaviour',
    'points',
    'source',
    'source_complaint_id',
    'department',
    'recorded_by',
    'found_on',
    'approved_on',
    'notice_served_on',
    'notice_received_on',
    'status',
    'voided_on',
    'void_reason',
  ] as const satisfies readonly (keyof PointRecordRow)[],
  point_appeals: [
    'id',
    'point_record_id',
    'received_on',
    'accepted_on',
    'decision_due',
    'decided_on',
    'decision',
    'reason',
  ] as const satisfies readonly (keyof PointAppealRow)[],
  self_inspections: ['id', 'institution_id', 'inspected_on', 'result', 'findings', 'rectified'] as const satisfies readonly (keyof SelfInspectionRow)[],
  ratings: [
    'id',
    'institution_id',
    'stars',
    'comment',
    'comment_public',
    'comment_status',
    'moderation_reason',
    'moderated_by',
    'moderated_at',
    'device_hash',
    'created_at',
  ] as const satisfies readonly (keyof RatingRow)[],
  serious_dishonesty: ['id', 'institution_id', 'listed_on', 'decision_no', 'reason', 'removed_on'] as const satisfies readonly (keyof SeriousDishonestyRow)[],
  complaints: [
    'id',
    'tracking_no',
    'query_code_hash',
    'channel',
    'institution_id',
    'unlisted_name',
    'unlisted_address',
    'region_code',
    'category',
    'subcategory',
    'description',
    'occurred_on',
    'anonymous',
    'complainant_name_enc',
    'complainant_phone_enc',
    'status',
    'assigned_to',
    'outcome',
    'duplicate_of',
    'findings',
    'feedback',
    'reject_reason',
    'received_at',
    'accept_due',
    'close_due',
    'accepted_at',
    'closed_at',
    'pii_purged_at',
  ] as const satisfies readonly (keyof ComplaintRow)[],
  complaint_events: [
    'id',
    'complaint_id',
    'at',
    'actor_id',
    'action',
    'from_status',
    'to_status',
    'note',
  ] as const satisfies readonly (keyof ComplaintEventRow)[],
};

export type DemoTable = keyof typeof COLUMNS;

// ---------------------------------------------------------------------------------------------
// Around the bulk load

/**
 * Tables emptied by `--reset`: everything describing institutions, complaints and their
 * history, and the outbox/idempotency entries that point at complaints. Kept: supervisors and
 * their sessions (accounts survive a demo reload), the audit log (append-only by design — the
 * reset itself is logged), publications (release history), rate limits and other site settings.
 * supervisor_regions is emptied by the CASCADE from regions and restored afterwards for every
 * region code that still exists.
 */
export const RESET_TABLES = [
  'official_documents',
  'ratings',
  'serious_dishonesty',
  'self_inspections',
  'point_appeals',
  'point_records',
  'complaint_events',
  'complaint_photos',
  'complaints',
  'penalties',
  'downgrades',
  'evaluation_submissions',
  'evaluations',
  'commitments',
  'staff',
  'institutions',
  'regions',
  'outbox',
  'idempotency_keys',
  'exports',
] as const;

/** Tables whose ids the loader assigns (their sequences are moved past the loaded rows). */
export const ID_TABLES = [
  'institutions',
  'staff',
  'commitments',
  'evaluations',
  'downgrades',
  'penalties',
  'point_records',
  'point_appeals',
  'self_inspections',
  'ratings',
  'serious_dishonesty',
  'complaints',
  'complaint_events',
] as const;

export interface SupervisorRegion {
  supervisor_id: number;
  region_code: string;
}

/**
 * Empties the demo tables; returns the supervisor–region links to restore. The caller must have
 * checked that the data is a demo (`datasetIsDemo`): point records are otherwise never deleted
 * (migrations 0002 and 0004 refuse TRUNCATE on point_records and official_documents), and this lifts those guards for the
 * duration of the statement, inside the transaction.
 */
export async function resetDemoTables(tx: Tx): Promise<DemoResetKept> {
  const kept = await tx<SupervisorRegion[]>`SELECT supervisor_id, region_code FROM supervisor_regions`;
  // supervisors.home_region_code references regions: TRUNCATE regions … CASCADE would otherwise
  // empty supervisors (and reach the append-only audit log). Unlink, restore after the reload.
  const homes = await tx<SupervisorRegion[]>`
    UPDATE supervisors s SET home_region_code = NULL FROM supervisors old
     WHERE old.id = s.id AND old.home_region_code IS NOT NULL
    RETURNING s.id AS supervisor_id, old.home_region_code AS region_code`;
  const guards = await tx<{ table: string; trigger: string }[]>`
    SELECT tgrelid::regclass::text AS table, tgname AS trigger FROM pg_trigger
     WHERE (tgrelid, tgname) IN (('point_records'::regclass, 'point_records_no_truncate'),
                                 ('official_documents'::regclass, 'official_documents_no_truncate'))`;
  for (const g of guards) await tx`ALTER TABLE ${tx(g.table)} DISABLE TRIGGER ${tx(g.trigger)}`;
  // regions is emptied by DELETE, not TRUNCATE … CASCADE: the cascade follows every foreign key to
  // regions whatever the rows, so it would empty supervisors (home_region_code) and so reach the
  // append-only audit log that references them.
  await tx`TRUNCATE ${tx(RESET_TABLES.filter((t) => t !== 'regions'))} RESTART IDENTITY CASCADE`;
  await tx`TRUNCATE draws RESTART IDENTITY CASCADE`;
  await tx`DELETE FROM supervisor_regions`;
  await tx`DELETE FROM county_settings`;
  await tx`DELETE FROM regions`;
  for (const g of guards) await tx`ALTER TABLE ${tx(g.table)} ENABLE TRIGGER ${tx(g.trigger)}`;
  return { links: [...kept], homes: [...homes] };
}

/** What a reset keeps to restore: supervisors' regions and home townships (回避 in 双随机 draws). */
export interface DemoResetKept {
  links: SupervisorRegion[];
  homes: SupervisorRegion[];
}

/** Whether the database says its data is a demo (site_settings 'dataset', written by the loader). */
export async function datasetIsDemo(tx: Tx): Promise<boolean> {
  const [row] = await tx<{ demo: boolean | null }[]>`SELECT (value->>'demo')::boolean AS demo FROM site_settings WHERE key = 'dataset'`;
  return row?.demo === true;
}

/** Restores links whose region exists again; returns how many could not be restored. */
export async function restoreSupervisorRegions(tx: Tx, kept: DemoResetKept, regionCodes: ReadonlySet<string>): Promise<number> {
  const ok = kept.links.filter((l) => regionCodes.has(l.region_code));
  if (ok.length > 0) await tx`INSERT INTO supervisor_regions ${tx(ok.map((l) => ({ ...l })))} ON CONFLICT DO NOTHING`;
  for (const h of kept.homes.filter((l) => regionCodes.has(l.region_code))) {
    await tx`UPDATE supervisors SET home_region_code = ${h.region_code} WHERE id = ${h.supervisor_id}`;
  }
  return kept.links.length - ok.length;
}

const ID_COUNTER: Record<(typeof ID_TABLES)[number], keyof IdCounters> = {
  institutions: 'institution',
  staff: 'staff',
  commitments: 'commitment',
  evaluations: 'evaluation',
  downgrades: 'downgrade',
  penalties: 'penalty',
  point_records: 'point',
  point_appeals: 'appeal',
  self_inspections: 'selfInspection',
  ratings: 'rating',
  serious_dishonesty: 'dishonesty',
  complaints: 'complaint',
  complaint_events: 'event',
};

/**
 * The first free id of each table. After --reset every table is empty, but a database that is
 * "empty" for `npm start` (no institutions) may still hold complaints about unlisted places.
 */
export async function nextIds(tx: Tx): Promise<IdCounters> {
  const ids = {} as IdCounters;
  for (const table of ID_TABLES) {
    const [row] = await tx<{ next: number }[]>`SELECT coalesce(max(id), 0)::bigint + 1 AS next FROM ${tx(table)}`;
    ids[ID_COUNTER[table]] = row?.next ?? 1;
  }
  return ids;
}

/** Rows already present that a demo load must not mix with. */
export async function existingDataCounts(tx: Tx): Promise<{ institutions: number; complaints: number }> {
  const [row] = await tx<{ institutions: number; complaints: number }[]>`
    SELECT (SELECT count(*) FROM institutions)::int AS institutions,
           (SELECT count(*) FROM complaints)::int AS complaints`;
  return row ?? { institutions: 0, complaints: 0 };
}

/** Regions are upserted: an empty database may already hold the (fictional) demo regions. */
export async function upsertRegions(tx: Tx, rows: readonly RegionRow[]): Promise<void> {
  // Parents come before children in `rows`; 4 columns × 4,000 rows stays far below the parameter limit.
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000).map((r) => ({ ...r }));
    await tx`INSERT INTO regions ${tx(batch, 'code', 'name', 'level', 'parent_code')}
             ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code`;
  }
}

/** Moves each id sequence past the highest id, so later inserts by the application do not collide. */
export async function syncIdSequences(tx: Tx): Promise<void> {
  for (const table of ID_TABLES) {
    await tx`SELECT setval(pg_get_serial_sequence(${table}, 'id'), GREATEST((SELECT max(id) FROM ${tx(table)}), 1),
                           (SELECT max(id) IS NOT NULL FROM ${tx(table)}))`;
  }
}

/** Records the load in the append-only audit log. */
export async function logDemoLoad(tx: Tx, detail: Record<string, unknown>): Promise<void> {
  await writeAudit(tx, { actor: null, actorName: 'demo-data', action: 'demo_data.load', targetKind: 'database', reason: '载入虚构演示数据', detail });
}

/** Refreshes planner statistics after a bulk load (inside the transaction: ANALYZE is allowed there). */
export async function analyzeDemoTables(tx: Tx): Promise<void> {
  await tx`ANALYZE ${tx([...ID_TABLES, 'regions'])}`;
}

/** One loader at a time (two `npm start` racing on an empty database): held until the transaction ends. */
export async function lockDemoLoad(tx: Tx): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(hashtext('credit-platform:demo-data'))`;
}

// ---------------------------------------------------------------------------------------------
// Demo supervisor accounts (src/demo/demo-accounts.ts)

/**
 * The district supervisor's region: the township with the most institutions (ties: lowest
 * code), else the county with the most; null when the demo data has no regions.
 */
export async function demoDistrictRegion(tx: Tx): Promise<{ code: string; name: string } | null> {
  const [row] = await tx<{ code: string; name: string }[]>`
    SELECT r.code, r.name
      FROM regions r LEFT JOIN institutions i ON i.region_code = r.code
     WHERE r.level IN (3, 4)
     GROUP BY r.code, r.name, r.level
     ORDER BY (r.level = 4 AND count(i.id) > 0) DESC, count(i.id) DESC, r.code
     LIMIT 1`;
  return row ?? null;
}

export interface DemoAccountRow {
  username: string;
  displayName: string;
  department: string;
  role: Role;
  passwordHash: string;
}

/**
 * Creates the account or resets it to the documented state (password, role, unlocked), and sets
 * its regions to `regionCode` alone (none when null).
 */
export async function upsertDemoAccount(tx: Tx, a: DemoAccountRow, regionCode: string | null): Promise<void> {
  const [row] = await tx<{ id: number }[]>`
    INSERT INTO supervisors (username, display_name, department, password_hash, role, password_changed_at)
    VALUES (${a.username}, ${a.displayName}, ${a.department}, ${a.passwordHash}, ${a.role}, now())
    ON CONFLICT (username) DO UPDATE
      SET display_name = EXCLUDED.display_name, department = EXCLUDED.department, password_hash = EXCLUDED.password_hash,
          role = EXCLUDED.role, active = true, failed_logins = 0, locked_until = NULL
    RETURNING id`;
  if (!row) throw new Error(`演示账号 ${a.username} 未能写入。`);
  await tx`DELETE FROM supervisor_regions WHERE supervisor_id = ${row.id}`;
  if (regionCode !== null) {
    await tx`INSERT INTO supervisor_regions (supervisor_id, region_code) VALUES (${row.id}, ${regionCode})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Demo evaluations go through the submission and approval path (src/db/evaluation-submissions.ts)

/**
 * The demo district and admin accounts exist before the evaluations are entered and approved
 * (loadDemoAccounts sets their passwords and regions afterwards): created when missing, made
 * active with their role when present, nothing else touched.
 */
export async function ensureDemoAccount(tx: Tx, a: DemoAccountRow): Promise<number> {
  const [row] = await tx<{ id: number }[]>`
    INSERT INTO supervisors (username, display_name, department, password_hash, role, password_changed_at)
    VALUES (${a.username}, ${a.displayName}, ${a.department}, ${a.passwordHash}, ${a.role}, now())
    ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, active = true
    RETURNING id`;
  if (!row) throw new Error(`演示账号 ${a.username} 未能写入。`);
  return row.id;
}

/** The stored evaluation id of each (institution, year) — what the demo's downgrades refer to. */
export async function evaluationIdsOf(tx: Tx, institutionIds: readonly number[]): Promise<Map<string, number>> {
  if (institutionIds.length === 0) return new Map();
  const rows = await tx<{ id: number; institutionId: number; year: number }[]>`
    SELECT id, institution_id AS "institutionId", year::int AS year FROM evaluations
     WHERE institution_id = ANY(${institutionIds as number[]}::bigint[])`;
  return new Map(rows.map((r) => [`${r.institutionId}|${r.year}`, r.id]));
}

/**
 * The demo institution of the institution portal (src/demo/demo-portal.ts): a practising one with
 * an evaluation in the demo district supervisor's region, so that account can review it.
 */
export async function demoPortalInstitution(tx: Tx): Promise<{ id: number; code: string; name: string } | null> {
  const region = await demoDistrictRegion(tx);
  const [row] = await tx<{ id: number; code: string; name: string }[]>`
    SELECT i.id::int AS id, i.code, i.name FROM institutions i
     WHERE i.status = '执业' AND i.region_code = ${region?.code ?? null} AND EXISTS (SELECT 1 FROM evaluations e WHERE e.institution_id = i.id)
     ORDER BY i.id LIMIT 1`;
  return row ?? null;
}
