/**
 * Recording an import that wrote something: one row in the import history (import_batches) and
 * one in the audit log, in the import's own transaction so they commit together with the data.
 */
import { writeAudit, type AuditAction } from '../db/audit-log';
import { recordCliBatch } from '../db/import-batches';
import { attachSubmissionsToBatch } from '../db/evaluation-submissions';
import type { Tx } from '../db/import-common';
import type { AuditInfo } from './pipeline';

/** The audit action of an import (导入数据). */
export const IMPORT_AUDIT_ACTION: AuditAction = 'import.apply';

export function auditDetail(info: AuditInfo): Record<string, unknown> {
  return {
    kind: info.kind,
    fileName: info.fileName,
    rowsRead: info.rowsRead,
    skippedRows: info.invalidRows,
    created: info.result.created,
    updated: info.result.updated,
    unchanged: info.result.unchanged,
    levelChanges: info.result.levelChanges.length,
  };
}

/** The audit hook of the command line: actor 'cli' (the operator at the server). */
export function cliAuditHook(input: { sha256: string; skipInvalid: boolean; sheetName: string | null }) {
  return async (tx: Tx, info: AuditInfo): Promise<void> => {
    const batchId = await recordCliBatch(tx, {
      kind: info.kind,
      fileName: info.fileName,
      sha256: input.sha256,
      skipInvalid: input.skipInvalid,
      sheetName: input.sheetName,
      result: auditDetail(info),
    });
    // The evaluations this import left waiting are approved as its batch (issue 12 item 1).
    if (info.kind === 'evaluations') await attachSubmissionsToBatch(tx, batchId);
    await writeAudit(tx, {
      actor: null,
      actorName: 'cli',
      action: IMPORT_AUDIT_ACTION,
      targetKind: 'import_batch',
      targetId: batchId,
      detail: auditDetail(info),
    });
  };
}
