/** SQL of the penalties import, keyed by 处罚决定书文号. */
import { defaultShownUntil, type PenaltyRow } from '../schemas/import-penalties';
import type { RowError, WriteResult } from '../import/types';
import {
  copyRows,
  dropLines,
  linkInstitutions,
  writeStaged,
  type DiffColumn,
  type Tx,
} from './import-common';

const STAGE = 'import_penalty_rows';

export const PENALTY_DIFF: readonly DiffColumn[] = [
  { col: 'decided_on', label: '处罚日期', keepWhenNull: false },
  { col: 'violation', label: '违法事实', keepWhenNull: false },
  { col: 'basis', label: '处罚依据', keepWhenNull: false },
  { col: 'penalty', label: '处罚内容', keepWhenNull: false },
  { col: 'fine_yuan', label: '罚款金额', keepWhenNull: true },
  // Empty: a stored date stays; a new penalty gets default_shown_until.
  { col: 'shown_until', label: '公示截止日期', keepWhenNull: true },
];

export async function stagePenalties(tx: Tx, rows: readonly { line: number; row: PenaltyRow }[]): Promise<void> {
  await tx`
    CREATE TEMP TABLE import_penalty_rows (
      line                integer PRIMARY KEY,
      decision_no         text NOT NULL,
      registration_no     text NOT NULL,
      decided_on          date NOT NULL,
      violation           text NOT NULL,
      basis               text NOT NULL,
      penalty             text NOT NULL,
      fine_yuan           numeric(12,2),
      shown_until         date,
      default_shown_until date NOT NULL,
      institution_id      bigint,
      target_id           bigint,
      changed             text[]
    ) ON COMMIT DROP`;
  await copyRows(
    tx,
    STAGE,
    ['line', 'decision_no', 'registration_no', 'decided_on', 'violation', 'basis', 'penalty', 'fine_yuan', 'shown_until', 'default_shown_until'],
    rows.map(({ line, row: r }) => [line, r.decisionNo, r.registrationNo, r.decidedOn, r.violation, r.basis, r.penalty, r.fineYuan, r.shownUntil, defaultShownUntil(r.decidedOn)]),
  );
}

export async function checkPenalties(tx: Tx): Promise<RowError[]> {
  const errors = await linkInstitutions(tx, STAGE);
  await tx`UPDATE import_penalty_rows s SET target_id = t.id FROM penalties t WHERE t.decision_no = s.decision_no`;
  const otherParty = await tx<{ line: number; registrationNo: string }[]>`
    SELECT s.line, i.registration_no AS "registrationNo"
      FROM import_penalty_rows s JOIN penalties t ON t.id = s.target_id JOIN institutions i ON i.id = t.institution_id
     WHERE s.institution_id IS NOT NULL AND t.institution_id <> s.institution_id ORDER BY s.line`;
  for (const r of otherParty) {
    errors.push({ line: r.line, column: '登记号', message: `该文号已登记为登记号${r.registrationNo}的机构的处罚，不能改为其他机构` });
  }
  const ends = await tx<{ line: number; shownUntil: string }[]>`
    SELECT s.line, to_char(t.shown_until, 'YYYY-MM-DD') AS "shownUntil"
      FROM import_penalty_rows s JOIN penalties t ON t.id = s.target_id
     WHERE s.shown_until IS NULL AND t.shown_until < s.decided_on ORDER BY s.line`;
  for (const r of ends) {
    errors.push({ line: r.line, column: '公示截止日期', message: `已登记的公示截止日期（${r.shownUntil}）早于新的处罚日期，请一并填写` });
  }
  return errors;
}

export const dropPenaltyLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

export function writePenalties(tx: Tx): Promise<WriteResult> {
  return writeStaged(tx, {
    stage: STAGE,
    target: 'penalties',
    diff: PENALTY_DIFF,
    describe: (s) => ({
      key: String(s['decision_no']),
      label: `登记号${String(s['registration_no'])}`,
    }),
    insertNew: () =>
      tx`
          INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, fine_yuan, shown_until)
          SELECT institution_id, decision_no, decided_on, violation, basis, penalty, fine_yuan, COALESCE(shown_until, default_shown_until)
            FROM import_penalty_rows WHERE target_id IS NULL ORDER BY line`,
  });
}
