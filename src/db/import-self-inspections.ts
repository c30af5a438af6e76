/** SQL of the self-inspections import, keyed by 登记号 + 自查日期. */
import type { SelfInspectionRow } from '../schemas/import-self-inspections';
import type { RowError, WriteResult } from '../import/types';
import {
  copyRows,
  dropLines,
  linkInstitutions,
  writeStaged,
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

export function writeSelfInspections(tx: Tx): Promise<WriteResult> {
  return writeStaged(tx, {
    stage: STAGE,
    target: 'self_inspections',
    diff: SELF_INSPECTION_DIFF,
    describe: (s) => ({
      key: String(s['registration_no']),
      label: `${String(s['inspected_on'])}自查`,
    }),
    insertNew: () =>
      tx`
          INSERT INTO self_inspections (institution_id, inspected_on, result, findings, rectified)
          SELECT institution_id, inspected_on, result, findings, rectified
            FROM import_self_inspection_rows WHERE target_id IS NULL ORDER BY line`,
  });
}
