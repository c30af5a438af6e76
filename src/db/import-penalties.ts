/**
 * The penalties import's own checks (the sheet is src/schemas/import-penalties.ts, staged and
 * written by src/db/import-staged.ts): a penalty is found again by its 文号 alone, and may not
 * move to another institution.
 */
import type { RowError } from '../schemas/import-result';
import type { Tx } from './import-common';

export async function checkPenalties(tx: Tx, stage: string): Promise<RowError[]> {
  const errors: RowError[] = [];
  await tx`UPDATE ${tx(stage)} s SET target_id = t.id FROM penalties t WHERE t.decision_no = s.decision_no`;
  const otherParty = await tx<{ line: number; registrationNo: string }[]>`
    SELECT s.line, i.registration_no AS "registrationNo"
      FROM ${tx(stage)} s JOIN penalties t ON t.id = s.target_id JOIN institutions i ON i.id = t.institution_id
     WHERE s.institution_id IS NOT NULL AND t.institution_id <> s.institution_id ORDER BY s.line`;
  for (const r of otherParty) {
    errors.push({ line: r.line, column: '登记号', message: `该文号已登记为登记号${r.registrationNo}的机构的处罚，不能改为其他机构` });
  }
  const ends = await tx<{ line: number; shownUntil: string }[]>`
    SELECT s.line, to_char(t.shown_until, 'YYYY-MM-DD') AS "shownUntil"
      FROM ${tx(stage)} s JOIN penalties t ON t.id = s.target_id
     WHERE s.shown_until IS NULL AND t.shown_until < s.decided_on ORDER BY s.line`;
  for (const r of ends) {
    errors.push({ line: r.line, column: '公示截止日期', message: `已登记的公示截止日期（${r.shownUntil}）早于新的处罚日期，请一并填写` });
  }
  return errors;
}
