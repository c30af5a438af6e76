/**
 * The radiology import's own part (the sheet is src/schemas/import-radiology.ts; devices are
 * staged, diffed and written by src/db/import-staged.ts): the 放射诊疗许可证 repeated on an
 * institution's rows must agree, and is written to radiology_licences after the devices.
 */
import type { RowError } from '../schemas/import-result';
import type { Tx } from './import-common';

/** Rows of one institution that name a different licence than its first row with one. */
export async function checkRadiology(tx: Tx, stage: string): Promise<RowError[]> {
  const rows = await tx<{ line: number }[]>`
    SELECT s.line FROM ${tx(stage)} s
      JOIN LATERAL (SELECT f.licence_no, f.licence_valid_from, f.licence_valid_to, f.licence_scope FROM ${tx(stage)} f
                     WHERE f.institution_id = s.institution_id AND f.licence_no IS NOT NULL ORDER BY f.line LIMIT 1) first ON true
     WHERE s.licence_no IS NOT NULL
       AND (s.licence_no, s.licence_valid_from, s.licence_valid_to, s.licence_scope)
           IS DISTINCT FROM (first.licence_no, first.licence_valid_from, first.licence_valid_to, first.licence_scope)
     ORDER BY s.line`;
  return rows.map((r) => ({ line: r.line, column: '放射诊疗许可证号', message: '同一机构各行的放射诊疗许可证（号码、有效期、许可项目）应相同' }));
}

/** Writes each institution's licence from its rows (rows without a licence number leave it as it is); returns how many. */
export async function writeRadiologyLicences(tx: Tx, stage: string): Promise<number> {
  const rows = await tx`
    INSERT INTO radiology_licences (institution_id, licence_no, valid_from, valid_to, scope)
    SELECT DISTINCT ON (institution_id) institution_id, licence_no, licence_valid_from, licence_valid_to, licence_scope
      FROM ${tx(stage)} WHERE licence_no IS NOT NULL ORDER BY institution_id, line
    ON CONFLICT (institution_id) DO UPDATE SET licence_no = EXCLUDED.licence_no, valid_from = EXCLUDED.valid_from,
      valid_to = EXCLUDED.valid_to, scope = EXCLUDED.scope
    RETURNING institution_id`;
  return rows.length;
}
