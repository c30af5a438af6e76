import { sql, type Tx } from './client';
import type { Actor } from '../domain/roles';
import type { ChainRow } from '../domain/audit-chain';

/**
 * Reading the audit log's hash chain for the verifier, its signed checkpoints, and the record of
 * each verification (0017). The walk itself is pure (src/domain/audit-chain.ts); signing is in
 * src/server/audit-chain.ts (the key is a secret).
 */

export interface ChainHead {
  lastId: number | null;
  lastHash: string;
  rowCount: number;
}

export interface Checkpoint extends ChainHead {
  id: number;
  at: string;
  macAlg: string;
  mac: string;
}

/**
 * Runs `fn` in one REPEATABLE READ, read-only transaction: the head, the checkpoints and the
 * streamed rows are one snapshot, so rows appended while the walk runs neither show up half-way
 * nor make the head disagree with what was walked.
 */
export function inChainSnapshot<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', (tx) => fn(tx)) as Promise<T>;
}

export async function chainHead(tx: Tx): Promise<ChainHead> {
  const [head] = await tx<{ lastId: string | null; lastHash: string; rowCount: string }[]>`
    SELECT last_id::text AS "lastId", last_hash AS "lastHash", row_count::text AS "rowCount" FROM audit_chain_head`;
  if (!head) throw new Error('审计日志链头缺失（迁移 0017 未应用？）');
  return { lastId: head.lastId === null ? null : Number(head.lastId), lastHash: head.lastHash, rowCount: Number(head.rowCount) };
}

/** The rows in id order with their canonical text, `batch` at a time (a cursor: memory stays flat at a million rows). */
export async function streamChain(tx: Tx, batch: number, onRows: (rows: ChainRow[]) => void): Promise<void> {
  const cursor = tx<{ id: string; prevHash: string | null; hash: string | null; hashAlg: string | null; canonical: string }[]>`
    SELECT a.id::text, a.prev_hash AS "prevHash", a.hash, a.hash_alg AS "hashAlg",
           audit_canonical(a.id, a.at, a.actor_id, a.actor_name, a.action, a.target_kind, a.target_id, a.reason, a.detail, a.ip) AS canonical
      FROM audit_log a ORDER BY a.id`.cursor(batch);
  // A row inserted around writeAudit has no chain columns: '' never matches, so it is named.
  for await (const rows of cursor)
    onRows(rows.map((r) => ({ id: Number(r.id), prevHash: r.prevHash ?? '', hash: r.hash ?? '', hashAlg: r.hashAlg ?? '', canonical: r.canonical })));
}

export async function listCheckpoints(tx: Tx): Promise<Checkpoint[]> {
  const rows = await tx<{ id: string; at: string; lastId: string | null; rowCount: string; headHash: string; macAlg: string; mac: string }[]>`
    SELECT id::text, to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at, last_id::text AS "lastId",
           row_count::text AS "rowCount", head_hash AS "headHash", mac_alg AS "macAlg", mac
      FROM audit_checkpoints ORDER BY id`;
  return rows.map((r) => ({ ...r, id: Number(r.id), lastId: r.lastId === null ? null : Number(r.lastId), lastHash: r.headHash, rowCount: Number(r.rowCount) }));
}

/**
 * Stores a checkpoint of the head as it is now, signed by `sign` (called with the head read under
 * the head's lock, so no append slips in between reading and signing).
 */
export async function insertCheckpoint(tx: Tx, sign: (head: ChainHead) => { macAlg: string; mac: string }): Promise<ChainHead & { id: number }> {
  const [locked] = await tx`SELECT 1 FROM audit_chain_head FOR UPDATE`;
  if (!locked) throw new Error('审计日志链头缺失（迁移 0017 未应用？）');
  const head = await chainHead(tx);
  const { macAlg, mac } = sign(head);
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO audit_checkpoints (last_id, row_count, head_hash, mac_alg, mac)
    VALUES (${head.lastId}, ${head.rowCount}, ${head.lastHash}, ${macAlg}, ${mac}) RETURNING id::text`;
  return { ...head, id: Number(row?.id) };
}

export interface VerificationResult {
  ok: boolean;
  rowsChecked: number;
  firstBadId: number | null;
  message: string;
  durationMs: number;
}

export async function recordVerification(r: VerificationResult): Promise<void> {
  await sql`
    INSERT INTO audit_verifications (ok, rows_checked, first_bad_id, message, duration_ms)
    VALUES (${r.ok}, ${r.rowsChecked}, ${r.firstBadId}, ${r.message}, ${r.durationMs})`;
}

export interface LastVerification extends VerificationResult {
  at: string;
  lastCheckpointAt: string | null;
}

/** The latest verification and checkpoint, for the audit page (administrators: checked in SQL). */
export async function lastVerification(actor: Pick<Actor, 'id'>): Promise<LastVerification | null> {
  const [row] = await sql<(Omit<LastVerification, 'rowsChecked' | 'firstBadId'> & { rowsChecked: string; firstBadId: string | null })[]>`
    SELECT to_char(v.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at, v.ok, v.rows_checked::text AS "rowsChecked",
           v.first_bad_id::text AS "firstBadId", v.message, v.duration_ms AS "durationMs",
           (SELECT to_char(max(c.at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') FROM audit_checkpoints c) AS "lastCheckpointAt"
      FROM audit_verifications v
     WHERE supervisor_has_role(${actor.id}, '{admin}')
     ORDER BY v.at DESC, v.id DESC LIMIT 1`;
  if (!row) return null;
  return { ...row, rowsChecked: Number(row.rowsChecked), firstBadId: row.firstBadId === null ? null : Number(row.firstBadId) };
}
