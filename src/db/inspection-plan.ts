import { sql } from './client';
import { institutionInScope } from './points-read';
import { TOWNSHIP_CODE } from './inspections';
import type { Actor } from '../domain/roles';
import type { CreditLevel } from '../domain/credit-level';
import type { LevelChange, RiskGrade } from '../domain/inspection-plan';
import type { IsoDate } from '../domain/working-days';

/**
 * The plan's input for a year in one query (/admin/plan must stay fast with ~7,000 institutions):
 * every practising institution in the jurisdiction with its township, risk grade, level history up
 * to the year's end (annual evaluations from their evaluation date, approved downgrades from their
 * decision) and the number of inspections recorded in the year. The arithmetic is
 * src/domain/inspection-plan.ts.
 */

export interface PlanInputRow {
  id: number;
  code: string;
  name: string;
  type: string;
  risk: RiskGrade | null;
  townshipCode: string | null;
  townshipName: string | null;
  changes: LevelChange[];
  done: number;
}

/** `upTo`: count inspections up to that day only (a monthly report for a past month). */
export async function planInput(actor: Pick<Actor, 'id'>, year: number, upTo: IsoDate = `${year}-12-31`): Promise<PlanInputRow[]> {
  const yearEnd = `${year}-12-31`;
  const rows = await sql<(Omit<PlanInputRow, 'changes'> & { changes: { from: IsoDate; level: CreditLevel }[] | null })[]>`
    WITH ch AS (
      SELECT institution_id, json_agg(json_build_object('from', to_char(on_date, 'YYYY-MM-DD'), 'level', level) ORDER BY on_date) AS changes
        FROM (SELECT e.institution_id, e.evaluated_on AS on_date, e.level FROM evaluations e WHERE e.evaluated_on <= ${yearEnd}::date
              UNION ALL
              SELECT e.institution_id, d.decided_on, d.to_level FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id
               WHERE d.state = 'downgraded' AND d.decided_on <= ${yearEnd}::date) c
       GROUP BY institution_id),
    dn AS (
      SELECT institution_id, count(*)::int AS done FROM inspections
       WHERE inspected_on >= make_date(${year}, 1, 1) AND inspected_on <= LEAST(${yearEnd}::date, ${upTo}::date) GROUP BY institution_id)
    SELECT i.id, i.code, i.name, i.type, i.risk_grade AS risk, t.code AS "townshipCode", t.name AS "townshipName",
           ch.changes, COALESCE(dn.done, 0) AS done
      FROM institutions i LEFT JOIN regions r ON r.code = i.region_code
      LEFT JOIN regions t ON t.code = ${TOWNSHIP_CODE()}
      LEFT JOIN ch ON ch.institution_id = i.id LEFT JOIN dn ON dn.institution_id = i.id
     WHERE i.status = '执业' AND ${institutionInScope(actor)}
     ORDER BY t.code NULLS FIRST, i.name, i.id`;
  return rows.map((r) => ({ ...r, changes: r.changes ?? [] }));
}
