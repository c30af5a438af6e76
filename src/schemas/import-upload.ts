/**
 * The upload form of the supervisor area's import page (/admin/import). The file itself is
 * checked by the importer (format, header, rows); this is the form around it.
 */
import { z } from 'zod';
import { IMPORT_KINDS } from './import-result';

/** Largest upload: the HTTP server's body limit for /admin/import (src/server/http-server.ts). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const importUploadSchema = z.object({
  /** Which sheet the file is. */
  kind: z.enum(IMPORT_KINDS, { error: '请选择数据类型' }),
  /** Checkbox: apply the good rows and set the bad ones aside. */
  skipInvalid: z
    .literal(['on', '1', 'true', ''])
    .optional()
    .transform((v) => v === 'on' || v === '1' || v === 'true'),
  /** XLSX worksheet name; empty = the first sheet. */
  sheet: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(100, '工作表名称不能超过100个字符'))
    .transform((v) => (v === '' ? null : v)),
});

export const IMPORT_UPLOAD_LABELS = { kind: '数据类型', skipInvalid: '跳过有错误的行', sheet: '工作表', file: '文件' } as const;

export type ImportUpload = z.output<typeof importUploadSchema>;

/** The decision on a waiting upload. */
export const importDecisionSchema = z.object({
  op: z.enum(['confirm', 'discard'], { error: '未知的操作' }),
});
