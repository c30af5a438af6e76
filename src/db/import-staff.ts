/**
 * SQL of the staff import. A row is the stored person with the same 执业证书编码 in the same
 * institution; failing that, the one person of that name without a certificate number (or, for
 * a row without one, the one person of that name), so a first register without certificate
 * numbers and a later one with them do not create everyone twice.
 */
import type { StaffRow } from '../schemas/import-staff';
import type { RowError, WriteResult } from '../import/types';
import {
  copyRows,
  dropLines,
  linkInstitutions,
  sameTargetTwice,
  writeStaged,
  type DiffColumn,
  type Tx,
} from './import-common';

const STAGE = 'import_staff_rows';

export const STAFF_DIFF: readonly DiffColumn[] = [
  { col: 'name', label: '姓名', keepWhenNull: false },
  { col: 'profession', label: '人员类别', keepWhenNull: false },
  { col: 'practice_category', label: '执业类别', keepWhenNull: true },
  { col: 'practice_scope', label: '执业范围', keepWhenNull: true },
  { col: 'certificate_no', label: '执业证书编码', keepWhenNull: true },
  { col: 'title', label: '职称', keepWhenNull: true },
  { col: 'active', label: '在岗', keepWhenNull: true },
];

export async function stageStaff(tx: Tx, rows: readonly { line: number; row: StaffRow }[]): Promise<void> {
  await tx`
    CREATE TEMP TABLE import_staff_rows (
      line              integer PRIMARY KEY,
      registration_no   text NOT NULL,
      name              text NOT NULL,
      profession        text NOT NULL,
      practice_category text,
      practice_scope    text,
      certificate_no    text,
      title             text,
      active            boolean,
      institution_id    bigint,
      target_id         bigint,
      changed           text[]
    ) ON COMMIT DROP`;
  await copyRows(
    tx,
    STAGE,
    ['line', 'registration_no', 'name', 'profession', 'practice_category', 'practice_scope', 'certificate_no', 'title', 'active'],
    rows.map(({ line, row: r }) => [line, r.registrationNo, r.name, r.profession, r.practiceCategory, r.practiceScope, r.certificateNo, r.title, r.active]),
  );
  await tx`ANALYZE import_staff_rows`;
}

export async function checkStaff(tx: Tx): Promise<RowError[]> {
  const errors = await linkInstitutions(tx, STAGE);
  // By certificate number first.
  await tx`
    UPDATE import_staff_rows s SET target_id = t.id
      FROM staff t
     WHERE s.certificate_no IS NOT NULL AND t.institution_id = s.institution_id AND t.certificate_no = s.certificate_no`;
  // Then by name, when exactly one stored person of that name can be meant.
  const byName = await tx<{ line: number; ids: number[] }[]>`
    SELECT s.line, array_agg(t.id ORDER BY t.id) AS ids
      FROM import_staff_rows s
      JOIN staff t ON t.institution_id = s.institution_id AND t.name = s.name
                  AND (s.certificate_no IS NULL OR t.certificate_no IS NULL)
     WHERE s.target_id IS NULL
     GROUP BY s.line`;
  for (const m of byName) {
    if (m.ids.length === 1) {
      await tx`UPDATE import_staff_rows SET target_id = ${m.ids[0] as number} WHERE line = ${m.line}`;
    } else {
      errors.push({ line: m.line, column: '执业证书编码', message: `该机构有${m.ids.length}名同名人员，请填写执业证书编码以区分` });
    }
  }
  errors.push(...(await sameTargetTwice(tx, STAGE, '姓名', '同一人只能有一行')));
  return errors;
}

export const dropStaffLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

export function writeStaff(tx: Tx): Promise<WriteResult> {
  return writeStaged(tx, {
    stage: STAGE,
    target: 'staff',
    diff: STAFF_DIFF,
    describe: (s) => ({
      key: `${String(s['registration_no'])}${s['certificate_no'] ? ` ${String(s['certificate_no'])}` : ''}`,
      label: String(s['name']),
    }),
    insertNew: () =>
      tx`
          INSERT INTO staff (institution_id, name, profession, practice_category, practice_scope, certificate_no, title, active)
          SELECT institution_id, name, profession, practice_category, practice_scope, certificate_no, title, COALESCE(active, true)
            FROM import_staff_rows WHERE target_id IS NULL ORDER BY line`,
  });
}
