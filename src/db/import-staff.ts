/**
 * The staff import's own matching (the sheet is src/schemas/import-staff.ts, staged and written
 * by src/db/import-staged.ts). A row is the stored person with the same 执业证书编码 in the same
 * institution; failing that, the one person of that name without a certificate number (or, for
 * a row without one, the one person of that name), so a first register without certificate
 * numbers and a later one with them do not create everyone twice.
 */
import type { RowError } from '../schemas/import-result';
import { sameTargetTwice, type Tx } from './import-common';

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
