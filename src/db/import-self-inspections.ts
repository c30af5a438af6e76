/** SQL of the self-inspections import, keyed by 登记号 + 自查日期. */
import type { SelfInspectionRow } from '../schemas/import-self-inspections';
import type { RowError, WriteResult } from '../import/types';
import {
  assignments,
  changeDetails,
  copyRows,
  dropLines,
  linkInstitutions,
  markChanges,
  type DiffColumn,
  type Tx,
} from './import-common';

const STAGE = 'import_self_inspection_rows';

export const SELF_INSPECTION_DIFF: readonly DiffColumn[] = [
  { col: 'result', label: '自查结果', keepWhenNull: false },
  { col: 'findings', label: '发现问题', keepWhenNull: true },
  { col: 'rectified', label: '是否整改', keepWhenNull: true },
];

export async function stageSelfInspections(tx: Tx, rows: readonly { line: number; row: SelfInspectionRow }[]): Promise<void> {
  await tx`
    CREATE TEMP TABLE import_self_inspection_rows (
      line            integer PRIMARY KEY,
      registration_no text NOT NULL,
      inspected_on    date NOT NULL,
      result          text NOT NULL,
      findings        text,
      rectified       boolean,
      institution_id  bigint,
      target_id       bigint,
      changed         text[]
    ) ON COMMIT DROP`;
  await copyRows(
    tx,
    STAGE,
    ['line', 'registration_no', 'inspected_on', 'result', 'findings', 'rectified'],
    rows.map(({ line, row: r }) => [line, r.registrationNo, r.inspectedOn, r.result, r.findings, r.rectified]),
  );
}

export async function checkSelfInspections(tx: Tx): Promise<RowError[]> {
  const errors = await linkInstitutions(tx, STAGE);
  await tx`
    UPDATE import_self_inspection_rows s SET target_id = t.id
      FROM self_inspections t WHERE t.institution_id = s.institution_id AND t.inspected_on = s.inspected_on`;
  return errors;
}

export const dropSelfInspectionLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

export async function writeSelfInspections(tx: Tx): Promise<WriteResult> {
  const counts = await markChanges(tx, STAGE, 'self_inspections', SELF_INSPECTION_DIFF);
  const details = await changeDetails(tx, STAGE, 'self_inspections', SELF_INSPECTION_DIFF, counts, (s) => ({
    key: String(s['registration_no']),
    label: `${String(s['inspected_on'])}自查`,
  }));
  await tx`
    INSERT INTO self_inspections (institution_id, inspected_on, result, findings, rectified)
    SELECT institution_id, inspected_on, result, findings, rectified
      FROM import_self_inspection_rows WHERE target_id IS NULL ORDER BY line`;
  await tx`
    UPDATE self_inspections t SET ${assignments(tx, SELF_INSPECTION_DIFF)}
      FROM import_self_inspection_rows s WHERE t.id = s.target_id AND cardinality(s.changed) > 0`;
  return { ...counts, ...details, levelChanges: [], notes: [] };
}
