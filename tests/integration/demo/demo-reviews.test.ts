// The demo's 复核中 / 已复核 evaluations are made through src/db/reviews.ts as the demo administrator
// (an application, accepted, and decided for 已复核), never by writing review_status directly.
import { describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';

useTestDatabase();

describe('demo reviews', () => {
  it('every evaluation under review or reviewed has its application, recorded by the demo administrator with reasons', async () => {
    await loadDemoData({ institutions: 600, seed: 7 });
    const statuses = await sql<{ status: string; n: number; withReview: number }[]>`
      SELECT e.review_status AS status, count(*)::int AS n,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM reviews v WHERE v.evaluation_id = e.id
               AND v.state = CASE e.review_status WHEN '复核中' THEN 'accepted' ELSE 'maintained' END))::int AS "withReview"
        FROM evaluations e WHERE e.review_status <> '无' GROUP BY 1 ORDER BY 1`;
    expect(statuses.find((s) => s.status === '复核中')?.n).toBeGreaterThan(0);
    for (const s of statuses) expect(s.withReview).toBe(s.n);
    const [orphans] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM reviews v JOIN evaluations e ON e.id = v.evaluation_id WHERE e.review_status = '无'`;
    expect(orphans!.n).toBe(0);
    const actors = await sql<{ actor: string }[]>`SELECT DISTINCT actor_name AS actor FROM audit_log WHERE action LIKE 'review.%' AND reason IS NOT NULL`;
    expect(actors.map((a) => a.actor)).toEqual(['admin']);
  }, 120_000);
});
