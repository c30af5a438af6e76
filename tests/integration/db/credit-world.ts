// Evaluations for the credit-lifecycle integration tests (the columns a level needs, nothing more).
import { sql } from '../../support/db';

export async function makeEvaluation(institutionId: number, level: '优秀' | '合格' | '差', year = 2025, reviewStatus = '无'): Promise<number> {
  const score = level === '差' ? 55 : level === '合格' ? 80 : 95;
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO evaluations (institution_id, year, actual_score, standardized_score, score_level, level, evaluated_on, review_status)
    VALUES (${institutionId}, ${year}, ${score}, ${score}, ${level}, ${level}, ${`${year}-12-20`}, ${reviewStatus}) RETURNING id`;
  return row!.id;
}
