/** SQL of the commitments import, keyed by 登记号 + 承诺年度. */
import type { CommitmentRow } from '../schemas/import-commitments';
import type { RowError, WriteResult } from '../import/types';
import {
  copyRows,
  dropLines,
  linkInstitutions,
  writeStaged,
  type DiffColumn,
  type Tx,
} from './import-common';

const STAGE = 'import_commitment_rows';

export const COMMITMENT_DIFF: readonly DiffColumn[] = [
  { col: 'signed_on', label: '签署日期', keepWhenNull: false },
  { col: 'signatory', label: '签署人', keepWhenNull: true },
  { col: 'body', label: '承诺内容', keepWhenNull: false },
];

export async function stageCommitments(tx: Tx, rows: readonly { line: number; row: CommitmentRow }[]): Promise<void> {
  await tx`
    CREATE TEMP TABLE import_commitment_rows (
      line            integer PRIMARY KEY,
      registration_no text NOT NULL,
      year            smallint NOT NULL,
      signed_on       date NOT NULL,
      signatory       text,
      body            text NOT NULL,
      institution_id  bigint,
      target_id       bigint,
      changed         text[]
    ) ON COMMIT DROP`;
  await copyRows(
    tx,
    STAGE,
    ['line', 'registration_no', 'year', 'signed_on', 'signatory', 'body'],
    rows.map(({ line, row: r }) => [line, r.registrationNo, r.year, r.signedOn, r.signatory, r.body]),
  );
}

export async function checkCommitments(tx: Tx): Promise<RowError[]> {
  const errors = await linkInstitutions(tx, STAGE);
  await tx`
    UPDATE import_commitment_rows s SET target_id = t.id
      FROM commitments t WHERE t.institution_id = s.institution_id AND t.year = s.year`;
  return errors;
}

export const dropCommitmentLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

export function writeCommitments(tx: Tx): Promise<WriteResult> {
  return writeStaged(tx, {
    stage: STAGE,
    target: 'commitments',
    diff: COMMITMENT_DIFF,
    describe: (s) => ({
      key: String(s['registration_no']),
      label: `${String(s['year'])}年度承诺`,
    }),
    insertNew: () =>
      tx`
          INSERT INTO commitments (institution_id, year, signed_on, signatory, body)
          SELECT institution_id, year, signed_on, signatory, body FROM import_commitment_rows WHERE target_id IS NULL ORDER BY line`,
  });
}
