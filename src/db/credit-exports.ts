import crypto from 'node:crypto';
import { sql, transaction, type Tx } from './client';
import { writeAudit } from './audit-log';
import { TOPICS } from './outbox';
import { DomainError } from '../domain/errors';
import { can, type Actor } from '../domain/roles';
import {
  EXPORT_KIND_LABELS,
  recordsToExport,
  rowHash,
  validateRows,
  type DishonestySource,
  type ExportFormat,
  type ExportKind,
  type ExportRecord,
  type PenaltySource,
  type PointSourceRow,
} from '../domain/credit-exports';
import type { IsoDate } from '../domain/working-days';

/**
 * The exports' ledger (0014): what was exported when, by whom, how many rows, the file and its
 * SHA-256, and per exported record the hash of what was sent, so that "仅导出新增/变更" sends
 * exactly the records that are new or changed since their last export. Exports are
 * commission-wide: only administrators run them (checked here and again in SQL).
 */

// ---------------------------------------------------------------------------------------------
// The sources

export async function penaltySources(): Promise<PenaltySource[]> {
  const rows = await sql<PenaltySource[]>`
    SELECT p.id::int AS id, i.name AS "institutionName", i.uscc, i.legal_representative AS "legalRepresentative",
           i.registration_no AS "registrationNo", p.decision_no AS "decisionNo", p.decided_on::text AS "decidedOn",
           p.violation, p.basis, p.penalty, p.fine_yuan::float8 AS "fineYuan", p.shown_until::text AS "shownUntil"
      FROM penalties p JOIN institutions i ON i.id = p.institution_id
     ORDER BY p.decided_on, p.id`;
  return [...rows];
}

/** 严重失信名单: the entries in the listed state (repair applied for still counts: it is listed until granted). */
export async function dishonestySources(): Promise<DishonestySource[]> {
  const rows = await sql<DishonestySource[]>`
    SELECT d.id::int AS id, i.name, i.uscc, i.legal_representative AS "legalRepresentative", d.decision_no AS "decisionNo",
           d.listed_on::text AS "listedOn", d.reason, d.legal_basis AS "legalBasis", d.display_until::text AS "displayUntil"
      FROM serious_dishonesty d JOIN institutions i ON i.id = d.institution_id
     WHERE d.state IN ('listed', 'repair-applied') AND d.removed_on IS NULL
     ORDER BY d.listed_on, d.id`;
  return [...rows];
}

/** Points in force (有效) for the provincial platform; points under appeal wait for the decision. */
export async function provincialPointSources(): Promise<PointSourceRow[]> {
  const rows = await sql<PointSourceRow[]>`
    SELECT p.id::int AS id, i.name AS "institutionName", i.uscc, i.registration_no AS "registrationNo",
           st.name AS "staffName", st.certificate_no AS "certificateNo", p.behaviour, p.points::int AS points,
           p.found_on::text AS "foundOn", p.source, p.department, p.approved_on::text AS "approvedOn",
           p.notice_served_on::text AS "noticeServedOn"
      FROM point_records p JOIN institutions i ON i.id = p.institution_id LEFT JOIN staff st ON st.id = p.staff_id
     WHERE p.status = '有效'
     ORDER BY p.found_on, p.id`;
  return [...rows];
}

// ---------------------------------------------------------------------------------------------
// Running an export

export interface BuiltFile {
  content: Buffer;
  fileName: string;
}

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  incremental: boolean;
  /** null: the command line. */
  actor: Actor | null;
  ip: string | null;
  /** Every current record of the kind. */
  records: readonly ExportRecord[];
  /** Writes the file of the chosen rows (the ledger id is known by then). */
  build: (chosen: ExportRecord[], meta: { id: number; createdAt: Date }) => Promise<BuiltFile>;
  /** Queue a push (an outbox row) with the ledger entry: EXPORT_PUSH_URL is set. */
  push: boolean;
}

export interface ExportResult {
  id: number;
  rowCount: number;
  sha256: string;
  fileName: string;
  content: Buffer;
  since: Date | null;
}

function requireExporter(actor: Actor | null): void {
  if (actor && !can(actor.role, 'export.run')) throw new DomainError('只有管理员可以导出报送数据。', 'forbidden');
}

/**
 * One export: under a lock per kind (two exports of a kind at once would both send the same
 * "new" records), choose the rows (all, or new/changed since their last export), validate them
 * against the column list, write the file, the ledger entry, the per-record hashes, the push
 * (outbox) and the audit entry — all in one transaction.
 */
export async function runExport(r: ExportRequest): Promise<ExportResult> {
  requireExporter(r.actor);
  return transaction(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`export:${r.kind}`}))`;
    if (r.actor) {
      const [ok] = await tx<{ ok: boolean }[]>`SELECT supervisor_has_role(${r.actor.id}, '{admin}') AS ok`;
      if (!ok?.ok) throw new DomainError('只有管理员可以导出报送数据。', 'forbidden');
    }
    const [last] = await tx<{ createdAt: Date }[]>`
      SELECT created_at AS "createdAt" FROM exports WHERE kind = ${r.kind} ORDER BY created_at DESC, id DESC LIMIT 1`;
    const hashes = r.incremental ? await lastHashes(tx, r.kind) : new Map<string, string>();
    const chosen = recordsToExport(r.records, hashes, r.incremental);
    const problems = validateRows(
      r.kind,
      chosen.map((c) => c.row),
    );
    if (problems.length) {
      throw new DomainError(`${EXPORT_KIND_LABELS[r.kind]}数据不符合报送字段要求：${problems.slice(0, 10).join('；')}`, 'invalid');
    }
    const [next] = await tx<{ id: number; now: Date }[]>`SELECT nextval('exports_id_seq')::int AS id, now() AS now`;
    if (!next) throw new Error('nextval returned nothing');
    const file = await r.build(chosen, { id: next.id, createdAt: next.now });
    const sha256 = crypto.createHash('sha256').update(file.content).digest('hex');
    const since = r.incremental ? (last?.createdAt ?? null) : null;
    await tx`
      INSERT INTO exports (id, kind, format, incremental, since, until, row_count, sha256, file_name, content, created_by, created_at, push_state)
      VALUES (${next.id}, ${r.kind}, ${r.format}, ${r.incremental}, ${since}, ${next.now}, ${chosen.length}, ${sha256}, ${file.fileName},
              ${file.content}, ${r.actor?.id ?? null}, ${next.now}, ${r.push ? 'pending' : null})`;
    if (chosen.length) {
      // Two array parameters, not three per row: a province's full export has more than the
      // 65,534 parameters one statement may carry.
      await tx`INSERT INTO export_records (export_id, record_key, content_hash)
               SELECT ${next.id}, k, h FROM unnest(${chosen.map((c) => c.key)}::text[], ${chosen.map((c) => rowHash(c.row))}::text[]) AS r(k, h)`;
    }
    if (r.push) await tx`INSERT INTO outbox (topic, payload) VALUES (${TOPICS.exportPush}, ${tx.json({ exportId: next.id })})`;
    await writeAudit(tx, {
      actor: r.actor,
      actorName: 'cli',
      action: 'export.run',
      targetKind: 'exports',
      targetId: next.id,
      ip: r.ip,
      detail: { kind: r.kind, format: r.format, incremental: r.incremental, rows: chosen.length, sha256 },
    });
    return { id: next.id, rowCount: chosen.length, sha256, fileName: file.fileName, content: file.content, since };
  });
}

/** Record key → hash of its latest export, for one kind. */
async function lastHashes(tx: Tx, kind: ExportKind): Promise<Map<string, string>> {
  const rows = await tx<{ key: string; hash: string }[]>`
    SELECT DISTINCT ON (r.record_key) r.record_key AS key, r.content_hash AS hash
      FROM export_records r JOIN exports e ON e.id = r.export_id
     WHERE e.kind = ${kind}
     ORDER BY r.record_key, r.export_id DESC`;
  return new Map(rows.map((r) => [r.key, r.hash]));
}

// ---------------------------------------------------------------------------------------------
// The ledger

/** The point id in a provincial-points record key ('point:17'), so the join uses point_records' primary key. */
const pointIdOf = (alias: 'r' | 'x') => sql.unsafe(`split_part(${alias}.record_key, ':', 2)::bigint`);

export interface LedgerRow {
  id: number;
  kind: ExportKind;
  format: ExportFormat;
  incremental: boolean;
  since: Date | null;
  until: Date;
  rowCount: number;
  sha256: string;
  fileName: string;
  createdByName: string | null;
  createdAt: Date;
  pushState: 'pending' | 'sent' | 'failed' | null;
  pushedAt: Date | null;
  /** provincial-points: points of this export not yet marked as entered. */
  pendingEntry: number;
}

export async function listExports(limit = 100): Promise<LedgerRow[]> {
  const rows = await sql<LedgerRow[]>`
    SELECT e.id::int AS id, e.kind, e.format, e.incremental, e.since, e.until, e.row_count AS "rowCount", e.sha256,
           e.file_name AS "fileName", s.display_name AS "createdByName", e.created_at AS "createdAt",
           e.push_state AS "pushState", e.pushed_at AS "pushedAt",
           CASE WHEN e.kind = 'provincial-points' THEN (
             SELECT count(*)::int FROM export_records r JOIN point_records p ON p.id = ${pointIdOf('r')}
              WHERE r.export_id = e.id AND p.provincial_entered_on IS NULL) ELSE 0 END AS "pendingEntry"
      FROM exports e LEFT JOIN supervisors s ON s.id = e.created_by
     ORDER BY e.created_at DESC, e.id DESC
     LIMIT ${limit}`;
  return [...rows];
}

/** A past export's file, for download (administrators only). */
export async function exportFile(actor: Actor, id: number): Promise<{ fileName: string; format: ExportFormat; kind: ExportKind; content: Buffer } | null> {
  requireExporter(actor);
  const [row] = await sql<{ fileName: string; format: ExportFormat; kind: ExportKind; content: Buffer }[]>`
    SELECT file_name AS "fileName", format, kind, content FROM exports
     WHERE id = ${id} AND supervisor_has_role(${actor.id}, '{admin}')`;
  return row ?? null;
}

/** What the push delivers: the file and its ledger data. */
export async function exportForPush(
  id: number,
): Promise<{ id: number; kind: ExportKind; format: ExportFormat; fileName: string; sha256: string; content: Buffer } | null> {
  const [row] = await sql<{ id: number; kind: ExportKind; format: ExportFormat; fileName: string; sha256: string; content: Buffer }[]>`
    SELECT id::int AS id, kind, format, file_name AS "fileName", sha256, content FROM exports WHERE id = ${id}`;
  return row ?? null;
}

export async function markPushed(id: number, ok: boolean): Promise<void> {
  await sql`UPDATE exports SET push_state = ${ok ? 'sent' : 'failed'}, pushed_at = CASE WHEN ${ok} THEN now() ELSE pushed_at END WHERE id = ${id}`;
}

// ---------------------------------------------------------------------------------------------
// 录入省平台

/**
 * Records that the points of a provincial-points export were entered into the provincial
 * platform on `enteredOn` (points already marked keep their date). Returns how many were marked.
 */
export async function markExportEntered(actor: Actor, exportId: number, enteredOn: IsoDate, ip: string | null): Promise<number> {
  requireExporter(actor);
  return transaction(async (tx) => {
    const [e] = await tx<{ kind: string }[]>`
      SELECT kind FROM exports WHERE id = ${exportId} AND supervisor_has_role(${actor.id}, '{admin}') FOR UPDATE`;
    if (!e) throw new DomainError('没有这次导出', 'not-found');
    if (e.kind !== 'provincial-points') throw new DomainError('只有省平台记分导出可以登记录入日期', 'invalid');
    const r = await tx`
      UPDATE point_records p SET provincial_entered_on = ${enteredOn}, provincial_entered_by = ${actor.id}
        FROM export_records x
       WHERE x.export_id = ${exportId} AND p.id = ${pointIdOf('x')} AND p.provincial_entered_on IS NULL
         AND p.found_on <= ${enteredOn}`;
    await writeAudit(tx, {
      actor,
      action: 'point.provincial_entry',
      targetKind: 'exports',
      targetId: exportId,
      ip,
      detail: { enteredOn, points: r.count },
    });
    return r.count;
  });
}

/** Records the provincial entry of one point (on its page). Only points in force; a later date never replaces an earlier one. */
export async function markPointEntered(actor: Actor, pointId: number, enteredOn: IsoDate, ip: string | null): Promise<void> {
  requireExporter(actor);
  await transaction(async (tx) => {
    const [p] = await tx<{ status: string; foundOn: string; entered: string | null }[]>`
      SELECT p.status, p.found_on::text AS "foundOn", p.provincial_entered_on::text AS entered
        FROM point_records p WHERE p.id = ${pointId} AND supervisor_has_role(${actor.id}, '{admin}') FOR UPDATE`;
    if (!p) throw new DomainError('记分记录不存在', 'not-found');
    if (p.status !== '有效') throw new DomainError('只有有效的记分录入省平台', 'conflict');
    if (enteredOn < p.foundOn) throw new DomainError('录入省平台日期不能早于发现日期', 'invalid');
    if (p.entered) throw new DomainError(`该记分已于 ${p.entered} 登记录入省平台`, 'conflict');
    await tx`UPDATE point_records SET provincial_entered_on = ${enteredOn}, provincial_entered_by = ${actor.id} WHERE id = ${pointId}`;
    await writeAudit(tx, { actor, action: 'point.provincial_entry', targetKind: 'point', targetId: pointId, ip, detail: { enteredOn } });
  });
}
