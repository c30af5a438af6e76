/**
 * The points import's own checks (the sheet is src/schemas/import-points.ts, staged and written
 * by src/db/import-staged.ts). Point records are never deleted, and what was recorded (target,
 * behaviour, points, source, date) is never rewritten (0002's guard). So a row is the stored
 * record with the same institution, staff member, 发现日期 and 记分行为; only the recording
 * department and the notice dates can be added or corrected by a later sheet.
 */
import type { RowError } from '../schemas/import-result';
import { sameTargetTwice, type Tx } from './import-common';

export async function checkPoints(tx: Tx, stage: string): Promise<RowError[]> {
  const errors: RowError[] = [];
  await tx`
    UPDATE ${tx(stage)} s SET staff_id = t.id
      FROM staff t WHERE s.certificate_no IS NOT NULL AND t.institution_id = s.institution_id AND t.certificate_no = s.certificate_no`;
  const noStaff = await tx<{ line: number }[]>`
    SELECT line FROM ${tx(stage)}
     WHERE certificate_no IS NOT NULL AND institution_id IS NOT NULL AND staff_id IS NULL ORDER BY line`;
  for (const r of noStaff) {
    errors.push({ line: r.line, column: '执业证书编码', message: '该机构的执业人员中没有这个证书编码（请先导入执业人员）' });
  }
  const otherName = await tx<{ line: number; name: string }[]>`
    SELECT s.line, t.name FROM ${tx(stage)} s JOIN staff t ON t.id = s.staff_id
     WHERE s.staff_name IS NOT NULL AND s.staff_name <> t.name ORDER BY s.line`;
  for (const r of otherName) {
    errors.push({ line: r.line, column: '姓名', message: `与执业证书编码登记的人员（${r.name}）不一致` });
  }
  // The first stored record of the same facts (manual entry may have made two).
  await tx`
    UPDATE ${tx(stage)} s SET target_id = m.id
      FROM (SELECT s2.line, min(t.id) AS id
              FROM ${tx(stage)} s2
              JOIN point_records t ON t.institution_id = s2.institution_id AND t.staff_id IS NOT DISTINCT FROM s2.staff_id
                                  AND t.found_on = s2.found_on AND t.behaviour = s2.behaviour
             GROUP BY s2.line) m
     WHERE m.line = s.line`;
  const fixed = await tx<{ line: number; points: number; source: string; newPoints: number; newSource: string }[]>`
    SELECT s.line, t.points, t.source, s.points AS "newPoints", s.source AS "newSource"
      FROM ${tx(stage)} s JOIN point_records t ON t.id = s.target_id
     WHERE t.points <> s.points OR t.source <> s.source ORDER BY s.line`;
  for (const r of fixed) {
    const what = r.points !== r.newPoints ? { column: '记分分值', was: `${r.points}分` } : { column: '记分来源', was: r.source };
    errors.push({
      line: r.line,
      column: what.column,
      message: `这条记分已登记为${what.was}，登记后不能修改（记分不得消除；确属错误的请按申诉程序撤销）`,
    });
  }
  errors.push(...(await sameTargetTwice(tx, stage, '记分行为', '同一条记分只能有一行')));
  return errors;
}
