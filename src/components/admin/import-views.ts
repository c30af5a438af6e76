/**
 * The view models of the import screens (importPage and importBatchPage in
 * src/handlers/admin/import.ts give them; the views may not import handlers, db or import). In a
 * .ts file so that every tool resolves them.
 */
import type { ImportKindName, ImportSummary } from '../../schemas/import-result';

/** A sheet kind offered for upload, with its required columns (KindChoice of the handler). */
export interface ImportKindChoice {
  name: ImportKindName;
  title: string;
  required: string[];
}

export type ImportBatchStatus = '待确认' | '已导入' | '已放弃' | '失败';

/** A row of the import history (BatchSummary of src/db/import-batches.ts and its kind's title). */
export interface ImportHistoryRow {
  id: number;
  kindTitle: string;
  fileName: string;
  origin: 'admin' | 'cli';
  status: ImportBatchStatus;
  preview: Record<string, unknown>;
  result: Record<string, unknown> | null;
  createdByName: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** What a batch's page shows of a preview or a result (StoredImport of the handler). */
export interface ShownImport extends ImportSummary {
  rejected: unknown[];
}

/** One import batch's page (BatchPageView of the handler). */
export interface ImportBatchView {
  batch: {
    id: number;
    fileName: string;
    status: ImportBatchStatus;
    skipInvalid: boolean;
    createdByName: string | null;
    createdAt: string;
    finishedAt: string | null;
  };
  unit: string;
  shown: ShownImport | null;
  canConfirm: boolean;
  blocked: boolean;
}
