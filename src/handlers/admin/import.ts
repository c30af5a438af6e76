/**
 * The import in the supervisor area (/admin/import): upload → preview of changes and errors →
 * confirm, recorded in the audit log. Administrators only.
 *
 * Two layers:
 * - `previewImport` / `applyImport`: the reusable core on bytes (a dry run, and the real thing
 *   with an audit hook), the same pipeline as `npm run import`.
 * - the pages' view functions: the uploaded file waits in import_batches between the preview and
 *   the confirmation (the server stays stateless), and is imported again on confirmation — the
 *   database may have changed in between, so the confirmation re-checks everything and applies
 *   nothing if new errors appeared.
 */
import { createHash } from 'node:crypto';
import { transaction } from '../../db/client';
import { writeAudit } from '../../db/audit-log';
import {
  attachBatchDetails,
  createPendingBatch,
  expireStaleBatches,
  finishBatch,
  getBatch,
  isActiveAdmin,
  listBatches,
  type Batch,
  type BatchSummary,
} from '../../db/import-batches';
import type { Tx } from '../../db/import-common';
import { can, type Actor } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { IMPORT_UPLOAD_LABELS, importDecisionSchema, importUploadSchema, MAX_UPLOAD_BYTES } from '../../schemas/import-upload';
import { recordIdOf } from '../../schemas/admin-common';
import { actorOf, formDataOf, ipOf, parseForm, refused, type AdminContext } from './http';
import { auditDetail, IMPORT_AUDIT_ACTION } from '../../import/audit';
import { errorFileCsv } from '../../import/error-file';
import { kindOf } from '../../import/kinds';
import { runImport, type AuditInfo, type ImportOutcome, type RejectedRow } from '../../import/pipeline';
import { ImportFileError } from '../../import/sheet';
import { IMPORT_KINDS, type ImportKindName, type ImportReport } from '../../import/types';
import type { ImportSummary } from '../../schemas/import-result';

export interface ImportFileOptions {
  skipInvalid?: boolean;
  sheet?: string | null;
}

/** A dry run on uploaded bytes: what would change, and every error. Throws ImportFileError. */
export function previewImport(kind: ImportKindName, bytes: Uint8Array, fileName: string, options: ImportFileOptions = {}): Promise<ImportOutcome> {
  return runImport(
    kind,
    { bytes, fileName },
    { dryRun: true, skipInvalid: options.skipInvalid ?? false, sheet: options.sheet ?? undefined },
    { offThread: true },
  );
}

/** The real import on uploaded bytes; `audit` runs inside its transaction. Throws ImportFileError. */
export function applyImport(
  kind: ImportKindName,
  bytes: Uint8Array,
  fileName: string,
  options: ImportFileOptions,
  audit: (tx: Tx, info: AuditInfo) => Promise<void>,
  by: { batchId?: number; enteredBy?: number } = {},
): Promise<ImportOutcome> {
  return runImport(
    kind,
    { bytes, fileName },
    { skipInvalid: options.skipInvalid ?? false, sheet: options.sheet ?? undefined },
    { audit, offThread: true, ...by },
  );
}

// ---------------------------------------------------------------------------------------------
// What the pages show, kept as JSON with the batch.

/** Rows shown (and kept) per list; the counts are always complete. */
const SHOWN = { errors: 1000, changes: 500, rejected: 5000 } as const;

/** A preview or result as stored with the batch: what the screens show, and what a later step needs. */
export interface StoredImport extends ImportSummary {
  fileHeader: string[];
  rejected: RejectedRow[];
  rejectedTruncated: boolean;
  durationMs: number;
}

export function storedImport(outcome: ImportOutcome): StoredImport {
  const r: ImportReport = outcome.report;
  return {
    rowsRead: r.rowsRead,
    validRows: r.validRows,
    invalidRows: r.invalidRows,
    format: r.format,
    encoding: r.encoding,
    sheetName: r.sheetName,
    errors: r.errors.slice(0, SHOWN.errors),
    errorCount: r.errors.length,
    counts: r.result ? { created: r.result.created, updated: r.result.updated, unchanged: r.result.unchanged } : null,
    changes: r.result?.changes.slice(0, SHOWN.changes) ?? [],
    levelChanges: r.result?.levelChanges ?? [],
    notes: r.result?.notes ?? [],
    fileHeader: outcome.fileHeader,
    rejected: outcome.rejected.slice(0, SHOWN.rejected),
    rejectedTruncated: outcome.rejected.length > SHOWN.rejected,
    durationMs: r.durationMs,
  };
}

// ---------------------------------------------------------------------------------------------
// The supervisor flow.

function requireAdmin(actor: Actor): void {
  if (!can(actor.role, 'data.import')) throw new DomainError('只有管理员可以导入数据。', 'forbidden');
}

export interface UploadInput {
  kind: ImportKindName;
  fileName: string;
  bytes: Uint8Array;
  skipInvalid: boolean;
  sheet: string | null;
}

/** Previews an upload and keeps it for the confirmation; returns the batch id. */
export async function uploadForConfirmation(actor: Actor, input: UploadInput): Promise<number> {
  requireAdmin(actor);
  let outcome: ImportOutcome;
  try {
    outcome = await previewImport(input.kind, input.bytes, input.fileName, { skipInvalid: input.skipInvalid, sheet: input.sheet });
  } catch (e) {
    if (e instanceof ImportFileError) throw new DomainError(e.message, 'invalid');
    throw e;
  }
  return createPendingBatch({
    kind: input.kind,
    fileName: input.fileName,
    content: input.bytes,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    skipInvalid: input.skipInvalid,
    sheetName: input.sheet,
    preview: storedImport(outcome) as unknown as Record<string, unknown>,
    createdBy: actor.id,
  });
}

/**
 * Imports a waiting upload. The batch is closed in the import's own transaction, so a second
 * confirmation (double click, two administrators) applies nothing twice.
 */
export async function confirmBatch(actor: Actor, batchId: number, ip: string | null): Promise<ImportOutcome> {
  requireAdmin(actor);
  const batch = await getBatch(batchId);
  if (!batch) throw new DomainError('该导入批次不存在。', 'not-found');
  if (batch.status !== '待确认' || !batch.content) throw new DomainError(`该导入批次的状态是“${batch.status}”，不能再确认。`, 'conflict');
  let outcome: ImportOutcome;
  try {
    outcome = await applyImport(
      batch.kind,
      batch.content,
      batch.fileName,
      { skipInvalid: batch.skipInvalid, sheet: batch.sheetName },
      async (tx, info) => {
        if (!(await isActiveAdmin(tx, actor.id))) throw new DomainError('只有管理员可以导入数据。', 'forbidden');
        const detail = auditDetail(info);
        if (!(await finishBatch(tx, batchId, '已导入', detail))) throw new DomainError('该导入批次已由他人处理，未重复导入。', 'conflict');
        await writeAudit(tx, { actor, action: IMPORT_AUDIT_ACTION, targetKind: 'import_batch', targetId: batchId, ip, detail });
      },
      { batchId, enteredBy: actor.id },
    );
  } catch (e) {
    if (e instanceof ImportFileError) throw new DomainError(e.message, 'invalid');
    throw e;
  }
  const stored = storedImport(outcome) as unknown as Record<string, unknown>;
  if (outcome.report.result === null) {
    // New errors since the preview (the database changed): nothing was written.
    await transaction((tx) => finishBatch(tx, batchId, '失败', stored));
  } else {
    await attachBatchDetails(batchId, stored);
  }
  return outcome;
}

export async function discardBatch(actor: Actor, batchId: number): Promise<void> {
  requireAdmin(actor);
  const done = await transaction((tx) => finishBatch(tx, batchId, '已放弃', null));
  if (!done) throw new DomainError('该导入批次已处理，不能放弃。', 'conflict');
}

// ---------------------------------------------------------------------------------------------
// Page views.

export interface KindChoice {
  name: ImportKindName;
  title: string;
  required: string[];
}

/** A row of the import history: the batch and its kind's title. */
export type HistoryRow = BatchSummary & { kindTitle: string };

export interface ImportPageView {
  status: number;
  actor: Actor;
  kinds: KindChoice[];
  batches: HistoryRow[];
  errors: string[];
  form: { kind: string; skipInvalid: boolean; sheet: string };
  maxMegabytes: number;
}

function kindChoices(): KindChoice[] {
  return IMPORT_KINDS.map((name) => {
    const def = kindOf(name);
    return { name, title: def.title, required: def.columns.filter((c) => c.required).map((c) => c.header) };
  });
}

async function readUpload(request: Request): Promise<{ fields: Record<string, string>; file: File | null }> {
  const form = await formDataOf(request, '无法读取上传的表单，请重新选择文件后提交。');
  const fields: Record<string, string> = {};
  let file: File | null = null;
  for (const [k, v] of form.entries()) {
    if (typeof v === 'string') {
      if (k !== '_csrf') fields[k] = v;
    } else if (k === 'file') {
      file = v;
    }
  }
  return { fields, file };
}

/** /admin/import: the upload form, the templates and the history. POST uploads and previews. */
export async function importPage(ctx: AdminContext): Promise<ImportPageView | Response> {
  const actor = actorOf(ctx);
  requireAdmin(actor);
  let errors: string[] = [];
  let status = 200;
  let form = { kind: ctx.url.searchParams.get('kind') ?? 'institutions', skipInvalid: false, sheet: '' };
  if (ctx.request.method === 'POST') {
    try {
      const { fields, file } = await readUpload(ctx.request);
      form = { kind: fields['kind'] ?? '', skipInvalid: fields['skipInvalid'] === 'on', sheet: fields['sheet'] ?? '' };
      const parsed = parseForm(importUploadSchema, fields, IMPORT_UPLOAD_LABELS);
      const problems = parsed.errors ? [...parsed.errors] : [];
      if (!file || file.size === 0) problems.push(`${IMPORT_UPLOAD_LABELS.file}：请选择要导入的 CSV 或 XLSX 文件`);
      else if (file.size > MAX_UPLOAD_BYTES) problems.push(`${IMPORT_UPLOAD_LABELS.file}：不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
      if (problems.length > 0 || !parsed.data || !file) throw new DomainError(problems.join('；'), 'invalid');
      const id = await uploadForConfirmation(actor, {
        kind: parsed.data.kind,
        fileName: (file.name || 'upload.csv').slice(0, 255),
        bytes: new Uint8Array(await file.arrayBuffer()),
        skipInvalid: parsed.data.skipInvalid,
        sheet: parsed.data.sheet,
      });
      return new Response(null, { status: 303, headers: { Location: `/admin/import-batch?id=${id}` } });
    } catch (e) {
      ({ errors, status } = refused(e));
    }
  } else {
    await expireStaleBatches();
  }
  return {
    status,
    actor,
    kinds: kindChoices(),
    batches: (await listBatches(30)).map((b) => ({ ...b, kindTitle: kindOf(b.kind).title })),
    errors,
    form,
    maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
  };
}

export interface BatchPageView {
  status: number;
  actor: Actor;
  batch: Omit<Batch, 'content'>;
  kindTitle: string;
  unit: string;
  /** What the page shows: the result once imported (or failed), else the preview. */
  shown: StoredImport | null;
  /** The upload can be confirmed now. */
  canConfirm: boolean;
  /** Errors stop this upload (no skipping asked for). */
  blocked: boolean;
  errors: string[];
  done: string | null;
}

const DONE: Record<string, string> = { confirm: '已导入。', discard: '已放弃该批次，文件已删除。' };

function shownOf(batch: Batch): StoredImport | null {
  const result = batch.result as Partial<StoredImport> | null;
  if (result && Array.isArray(result.errors)) return result as StoredImport;
  const preview = batch.preview as Partial<StoredImport>;
  return Array.isArray(preview.errors) ? (preview as StoredImport) : null;
}

/** The batch without the uploaded file (a page never carries the bytes). */
function withoutContent(batch: Batch): Omit<Batch, 'content'> {
  const { id, kind, fileName, origin, status, skipInvalid, sheetName, preview, result, createdBy, createdByName, createdAt, finishedAt, sha256 } = batch;
  return { id, kind, fileName, origin, status, skipInvalid, sheetName, preview, result, createdBy, createdByName, createdAt, finishedAt, sha256 };
}

/** /admin/import-batch?id=N: the preview, the confirmation, the result; ?download=errors for the bad rows. */
export async function importBatchPage(ctx: AdminContext): Promise<BatchPageView | Response | null> {
  const actor = actorOf(ctx);
  requireAdmin(actor);
  const id = recordIdOf(ctx.url.searchParams.get('id'));
  if (id === null) return null;
  let errors: string[] = [];
  let status = 200;
  if (ctx.request.method === 'POST') {
    try {
      const fields = Object.fromEntries([...(await ctx.request.formData()).entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
      const parsed = parseForm(importDecisionSchema, fields, { op: '操作' });
      if (!parsed.data) throw new DomainError(parsed.errors.join('；'), 'invalid');
      if (parsed.data.op === 'confirm') {
        const outcome = await confirmBatch(actor, id, ipOf(ctx));
        if (outcome.report.result === null)
          throw new DomainError('数据库中的数据在预览之后有变化，导入时发现新的错误，未写入任何数据。请查看下方错误。', 'conflict');
      } else {
        await discardBatch(actor, id);
      }
      return new Response(null, { status: 303, headers: { Location: `/admin/import-batch?id=${id}&done=${parsed.data.op}` } });
    } catch (e) {
      ({ errors, status } = refused(e));
    }
  }
  const batch = await getBatch(id);
  if (!batch) return null;
  const shown = shownOf(batch);
  if (ctx.url.searchParams.get('download') === 'errors') {
    if (!shown || shown.rejected.length === 0) return null;
    const name = `${batch.fileName.replace(/\.[^.]*$/, '')}.错误行.csv`;
    return new Response(new Uint8Array(errorFileCsv(shown.fileHeader, shown.rejected)), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="import-${id}-errors.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      },
    });
  }
  const def = kindOf(batch.kind);
  const blocked = shown !== null && shown.counts === null;
  return {
    status,
    actor,
    batch: withoutContent(batch),
    kindTitle: def.title,
    unit: def.unit,
    shown,
    canConfirm: batch.status === '待确认' && !blocked,
    blocked,
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
  };
}
