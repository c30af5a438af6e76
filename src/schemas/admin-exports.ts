/** The export screen's forms (/admin/exports): run an export, or record the provincial entry of an exported batch. */
import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_KINDS } from '../domain/credit-exports';
import { isoDateField } from './admin-common';

export const exportActionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({
      op: z.literal('run'),
      kind: z.enum(EXPORT_KINDS, { error: '请选择导出内容' }),
      format: z.enum(EXPORT_FORMATS, { error: '请选择文件格式' }),
      scope: z.enum(['incremental', 'full'], { error: '请选择导出范围' }),
    }),
    z.object({ op: z.literal('entered'), exportId: z.coerce.number().int().positive(), enteredOn: isoDateField }),
  ],
  { error: '未知的操作' },
);

export const EXPORT_LABELS: Record<string, string> = {
  kind: '导出内容',
  format: '文件格式',
  scope: '导出范围',
  exportId: '导出编号',
  enteredOn: '录入省平台日期',
};
