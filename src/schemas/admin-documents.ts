import { z } from 'zod';
import { DOCUMENT_KINDS } from '../domain/official-documents';
import { pageParamSchema } from './admin-common';

/** /admin/documents?kind=&year=&institution=&page= — an unknown value is no filter, never an error. */
export const documentListQuerySchema = z.object({
  kind: z.enum(DOCUMENT_KINDS).optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(9999).optional().catch(undefined),
  institution: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  page: pageParamSchema,
});

/** /admin/documents/{id}.pdf — the route parameter. */
export const documentIdParamSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
