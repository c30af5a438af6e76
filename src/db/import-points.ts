/**
 * SQL of the points import. Point records are never deleted, and what was recorded (target,
 * behaviour, points, source, date) is never rewritten (0002's guard). So a row is the stored
 * record with the same institution, staff member, 发现日期 and 记分行为; only the recording
 * department and the notice dates can be added or corrected by a later sheet.
 */
import type { PointRow } from '../schemas/import-points';
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

const STAGE = 'import_point_rows';

export const POINT_DIFF: readonly DiffColumn[] = [
  { col: 'department', label: '记分科室', keepWhenNull: true },
  { col: 'notice_served_on', label: '通知书送达日期', keepWhenNull: true },
  { col: 'notice_received_on', label: '通知书签收日期', keepWhenNull: true },
];

export async function stagePoints(tx: Tx, rows: readonly { line: number; row: PointRow }[]): Promise<void> {
  await tx`
    CREATE TEMP TABLE import_point_rows (
      line               integer PRIMARY KEY,
      registration_no    text NOT NULL,
      certificate_no     text,
      staff_name         text,
      behaviour          text NOT NULL,
      points             smallint NOT NULL,
      source             text NOT NULL,
      department         text,
      found_on           date NOT NULL,
      notice_served_on   date,
      notice_received_on date,
      institution_id     bigint,
      staff_id           bigint,
      target_id          bigint,
      changed            text[]
    ) ON COMMIT DROP`;
  await copyRows(
    tx,
    STAGE,
    ['line', 'registration_no', 'certificate_no', 'staff_name', 'behaviour', 'points', 'source', 'department', 'found_on', 'notice_served_on', 'notice_received_on'],
    rows.map(({ line, row: r }) => [line, r.registrationNo, r.certificateNo, r.staffName, r.behaviour, r.points, r.source, r.department, r.foundOn, r.noticeServedOn, r.noticeReceivedOn]),
  );
}

export async function checkPoints(tx: Tx): Promise<RowError[]> {
  const errors = await linkInstitutions(tx, STAGE);
  await tx`
    UPDATE import_point_rows s SET staff_id = t.id
      FROM staff t WHERE s.certificate_no IS NOT NULL AND t.institution_id = s.institution_id AND t.certificate_no = s.certificate_no`;
  const noStaff = await tx<{ line: number }[]>`
    SELECT line FROM import_point_rows
     WHERE certificate_no IS NOT NULL AND institution_id IS NOT NULL AND staff_id IS NULL ORDER BY line`;
  for (const r of noStaff) {
    errors.push({ line: r.line, column: '执业证书编码', message: '该机构的执业人员中没有这个证书编码（请先导入执业人员）' });
  }
  const otherName = await tx<{ line: number; name: string }[]>`
    SELECT s.line, t.name FROM import_point_rows s JOIN staff t ON t.id = s.staff_id
     WHERE s.staff_name IS NOT NULL AND s.staff_name <> t.name ORDER BY s.line`;
  for (const r of otherName) {
    errors.push({ line: r.line, column: '姓名', message: `与执业证书编码登记的人员（${r.name}）不一致` });
  }
  // The first stored record of the same facts (manual entry may have made two).
  await tx`
    UPDATE import_point_rows s SET target_id = m.id
      FROM (SELECT s2.line, min(t.id) AS id
              FROM import_point_rows s2
              JOIN point_records t ON t.institution_id = s2.institution_id AND t.staff_id IS NOT DISTINCT FROM s2.staff_id
                                  AND t.found_on = s2.found_on AND t.behaviour = s2.behaviour
             GROUP BY s2.line) m
     WHERE m.line = s.line`;
  const fixed = await tx<{ line: number; points: number; source: string; newPoints: number; newSource: string }[]>`
    SELECT s.line, t.points, t.source, s.points AS "newPoints", s.source AS "newSource"
      FROM import_point_rows s JOIN point_records t ON t.id = s.target_id
     WHERE t.points <> s.points OR t.source <> s.source ORDER BY s.line`;
  for (const r of fixed) {
    const what = r.points !== r.newPoints ? { column: '记分分值', was: `${r.points}分` } : { column: '记分来源', was: r.source };
    errors.push({
      line: r.line,
      column: what.column,
      message: `这条记分已登记为${what.was}，登记后不能修改（记分不得消除；确属错误的请按申诉程序撤销）`,
    });
  }
  errors.push(...(await sameTargetTwice(tx, STAGE, '记分行为', '同一条记分只能有一行')));
  return errors;
}

export const dropPointLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

export function writePoints(tx: Tx): Promise<WriteResult> {
  return writeStaged(tx, {
    stage: STAGE,
    target: 'point_records',
    diff: POINT_DIFF,
    describe: (s) => ({
      key: `${String(s['registration_no'])}${s['certificate_no'] ? ` ${String(s['certificate_no'])}` : ''}`,
      label: `${String(s['found_on'])} ${String(s['behaviour']).slice(0, 30)}（${String(s['points'])}分）`,
    }),
    insertNew: () =>
      tx`
          INSERT INTO point_records (institution_id, staff_id, behaviour, points, source, department, found_on,
                                     notice_served_on, notice_received_on)
          SELECT institution_id, staff_id, behaviour, points, source, department, found_on, notice_served_on, notice_received_on
            FROM import_point_rows WHERE target_id IS NULL ORDER BY line`,
  });
}
