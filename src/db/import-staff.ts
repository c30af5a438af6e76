/**
 * The staff import's own matching (the sheet is src/schemas/import-staff.ts, staged and written
 * by src/db/import-staged.ts). A row is the stored person with the same 执业证书编码 in the same
 * institution; failing that, the one person of that name without a certificate number (or, for
 * a row without one, the one person of that name), so a first register without certificate
 * numbers and a later one with them do not create everyone twice.
 */
import type { RowError } from '../schemas/import-result';
import { sameTargetTwice, type Tx } from './import-common';

/**
 * 双承诺 (seed 004): each row's 依法执业承诺签署日期 becomes the person's commitment for that year,
 * after the staff are written (a new person is found by certificate number, else by name).
 */
export async function writeStaffCommitments(tx: Tx, stage: string): Promise<number> {
  const rows = await tx`
    INSERT INTO staff_commitments (staff_id, year, signed_on)
    SELECT p.id, extract(year FROM s.commitment_signed_on)::smallint, s.commitment_signed_on
      FROM ${tx(stage)} s
      JOIN LATERAL (SELECT t.id FROM staff t
                     WHERE t.id = s.target_id
                        OR (s.target_id IS NULL AND t.institution_id = s.institution_id
                            AND (t.certificate_no = s.certificate_no OR (s.certificate_no IS NULL AND t.name = s.name)))
                     ORDER BY t.id DESC LIMIT 1) p ON true
     WHERE s.commitment_signed_on IS NOT NULL
    ON CONFLICT (staff_id, year) DO UPDATE SET signed_on = EXCLUDED.signed_on
    RETURNING staff_id`;
  return rows.length;
}

export async function checkStaff(tx: Tx, stage: string): Promise<RowError[]> {
  const errors: RowError[] = [];
  // By certificate number first.
  await tx`
    UPDATE ${tx(stage)} s SET target_id = t.id
      FROM staff t
     WHERE s.certificate_no IS NOT NULL AND t.institution_id = s.institution_id AND t.certificate_no = s.certificate_no`;
  // Then by name, when exactly one stored person of that name can be meant.
  const byName = await tx<{ line: number; ids: number[] }[]>`
    SELECT s.line, array_agg(t.id ORDER BY t.id) AS ids
      FROM ${tx(stage)} s
      JOIN staff t ON t.institution_id = s.institution_id AND t.name = s.name
                  AND (s.certificate_no IS NULL OR t.certificate_no IS NULL)
     WHERE s.target_id IS NULL
     GROUP BY s.line`;
  for (const m of byName) {
    if (m.ids.length === 1) {
      await tx`UPDATE ${tx(stage)} SET target_id = ${m.ids[0] as number} WHERE line = ${m.line}`;
    } else {
      errors.push({ line: m.line, column: '执业证书编码', message: `该机构有${m.ids.length}名同名人员，请填写执业证书编码以区分` });
    }
  }
  errors.push(...(await sameTargetTwice(tx, stage, '姓名', '同一人只能有一行')));
  return errors;
}
