/**
 * Import history and uploads waiting for confirmation (table import_batches, migration 0003).
 */
import { sql } from './client';
import type { Tx } from './import-common';
import type { ImportKindName } from '../schemas/import-result';

export type BatchStatus = '待确认' | '已导入' | '已放弃' | '失败';

export interface BatchSummary {
  id: number;
  kind: ImportKindName;
  fileName: string;
  origin: 'admin' | 'cli';
  status: BatchStatus;
  skipInvalid: boolean;
  sheetName: string | null;
  preview: Record<string, unknown>;
  result: Record<string, unknown> | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Batch extends BatchSummary {
  content: Uint8Array | null;
  sha256: string;
}

// A function, not a constant: `sql` connects on first use, never at import.
const columns = () => sql`
  b.id, b.kind, b.file_name AS "fileName", b.origin, b.status, b.skip_invalid AS "skipInvalid",
  b.sheet_name AS "sheetName", b.preview, b.result, b.created_by AS "createdBy",
  s.display_name AS "createdByName",
  to_char(b.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS "createdAt",
  to_char(b.finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS "finishedAt"`;

/** An uploaded file waiting for confirmation. */
export async function createPendingBatch(input: {
  kind: ImportKindName;
  fileName: string;
  content: Uint8Array;
  sha256: string;
  skipInvalid: boolean;
  sheetName: string | null;
  preview: Record<string, unknown>;
  createdBy: number;
}): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO import_batches (kind, file_name, content, sha256, skip_invalid, sheet_name, origin, status, preview, created_by)
    VALUES (${input.kind}, ${input.fileName}, ${Buffer.from(input.content)}, ${input.sha256}, ${input.skipInvalid},
            ${input.sheetName}, 'admin', '待确认', ${sql.json(input.preview as never)}, ${input.createdBy})
    RETURNING id`;
  if (!row) throw new Error('import_batches: insert returned nothing');
  return row.id;
}

export async function getBatch(id: number): Promise<Batch | null> {
  const [row] = await sql<Batch[]>`
    SELECT ${columns()}, b.content, b.sha256
      FROM import_batches b LEFT JOIN supervisors s ON s.id = b.created_by
     WHERE b.id = ${id}`;
  return row ?? null;
}

/**
 * Marks a waiting batch finished (its file is dropped). Returns false when it was not waiting
 * any more (confirmed twice, or dropped meanwhile), so a double submit applies nothing twice.
 */
export async function finishBatch(tx: Tx, id: number, status: Exclude<BatchStatus, '待确认'>, result: Record<string, unknown> | null): Promise<boolean> {
  const rows = await tx`
    UPDATE import_batches SET status = ${status}, result = ${result === null ? null : tx.json(result as never)},
           content = NULL, finished_at = now()
     WHERE id = ${id} AND status = '待确认'`;
  return rows.count === 1;
}

/** Locks a waiting batch for the confirmation (a second confirmation waits, then finds it done). */
export async function lockPendingBatch(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx`SELECT 1 FROM import_batches WHERE id = ${id} AND status = '待确认' FOR UPDATE`;
  return rows.length === 1;
}

/** An import run from the command line, recorded when it wrote something. */
export async function recordCliBatch(
  tx: Tx,
  input: { kind: ImportKindName; fileName: string; sha256: string; skipInvalid: boolean; sheetName: string | null; result: Record<string, unknown> },
): Promise<number> {
  const [row] = await tx<{ id: number }[]>`
    INSERT INTO import_batches (kind, file_name, sha256, skip_invalid, sheet_name, origin, status, result, finished_at)
    VALUES (${input.kind}, ${input.fileName}, ${input.sha256}, ${input.skipInvalid}, ${input.sheetName}, 'cli', '已导入',
            ${tx.json(input.result as never)}, now())
    RETURNING id`;
  if (!row) throw new Error('import_batches: insert returned nothing');
  return row.id;
}

export async function listBatches(limit = 30): Promise<BatchSummary[]> {
  const rows = await sql<BatchSummary[]>`
    SELECT ${columns()}
      FROM import_batches b LEFT JOIN supervisors s ON s.id = b.created_by
     ORDER BY b.created_at DESC, b.id DESC LIMIT ${limit}`;
  return [...rows];
}

/** Uploads nobody confirmed within a day are dropped with their file. */
export async function expireStaleBatches(): Promise<number> {
  const rows = await sql`
    UPDATE import_batches SET status = '已放弃', content = NULL, finished_at = now()
     WHERE status = '待确认' AND created_at < now() - interval '1 day'`;
  return rows.count;
}

/** Whether the account is an active administrator now (checked in the import's transaction). */
export async function isActiveAdmin(tx: Tx, supervisorId: number): Promise<boolean> {
  const [row] = await tx<{ ok: boolean }[]>`SELECT supervisor_has_role(${supervisorId}, '{admin}') AS ok`;
  return row?.ok === true;
}

/** Adds the page's details (changes, errors, rejected rows) to a finished batch's result. */
export async function attachBatchDetails(id: number, details: Record<string, unknown>): Promise<void> {
  await sql`
    UPDATE import_batches SET result = COALESCE(result, '{}'::jsonb) || ${sql.json(details as never)}
     WHERE id = ${id} AND status <> '待确认'`;
}
