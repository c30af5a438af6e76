// The demo's downgrades go through the supervisors' functions: found, re-scored and reported by
// the demo district supervisor, approved by the demo administrator, notice issued; and every
// downgraded demo institution shows its re-score as the basis of its level (issue 12 item 3).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { loadInstitutionByCode, loadRegions } from '../../../src/db/public-read';
import { disclosureBoard, indexRegions } from '../../../src/domain/disclosure-board';

useTestDatabase();
const AS_OF = '2026-12-01';

let summary: Awaited<ReturnType<typeof loadDemoData>>;
beforeAll(async () => {
  summary = await loadDemoData({ institutions: 150, seed: 3 });
}, 120_000);

describe('demo downgrades', () => {
  it('are recorded by the district account and approved by the administrator, each with its notice and a new poster', async () => {
    const rows = await sql<{ id: number; found: string; approver: string; notice: string | null; poster: number; state: string }[]>`
      SELECT d.id, f.username AS found, a.username AS approver, d.notice_no AS notice, i.poster_version AS poster, d.state
        FROM downgrades d JOIN supervisors f ON f.id = d.found_by JOIN supervisors a ON a.id = d.decided_by
        JOIN evaluations e ON e.id = d.evaluation_id JOIN institutions i ON i.id = e.institution_id`;
    expect(rows.length).toBe(summary.rows.downgrades);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows)
      expect(r).toMatchObject({ found: 'district', approver: 'admin', state: 'downgraded', poster: 2, notice: expect.stringMatching(/降〔2026〕/) });
    const [audit] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'downgrade.approve'`;
    expect(audit?.n).toBe(rows.length);
    // Each notice is archived as an official document and its number kept on the downgrade.
    const docs = await sql<{ document_no: string }[]>`SELECT document_no FROM official_documents WHERE kind = 'downgrade' ORDER BY document_no`;
    expect(docs.map((d) => d.document_no)).toEqual(rows.map((r) => r.notice).sort());
  });

  it('every downgraded institution shows its re-score as the basis of its level', async () => {
    const regions = indexRegions(await loadRegions());
    const codes = await sql<{ code: string }[]>`
      SELECT i.code FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id JOIN institutions i ON i.id = e.institution_id`;
    expect(codes.length).toBeGreaterThan(0);
    for (const { code } of codes) {
      const board = disclosureBoard((await loadInstitutionByCode(code))!, regions, AS_OF);
      if (board.level.kind !== 'rated') throw new Error(`${code}: not rated`);
      expect(board.level.downgrade).not.toBeNull();
      expect(board.level.basis.scoreLabel).toBe('重新评分标化得分');
      expect(board.level.basis.basis[0]).toMatch(/^降级原因：日常监督发现/);
      expect(board.level.basis.basis.join('')).not.toContain(board.level.standardizedScore.toFixed(2));
    }
  });
});
