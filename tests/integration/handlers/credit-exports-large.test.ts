// A province's full 双公示 export: more records than one statement may carry parameters for
// (65,534; the ledger wrote three per record, so 21,845 records and up failed with
// MAX_PARAMETERS_EXCEEDED — found loading the 100,000-institution benchmark).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from './admin/world';
import { exportNow } from '../../../src/handlers/credit-exports';

useTestDatabase();

let w: World;
beforeAll(async () => {
  w = await makeWorld();
  await sql`UPDATE institutions SET uscc = '52419901MJ1234567X', legal_representative = '张法人' WHERE id = ${w.instA}`;
  await sql`INSERT INTO site_settings (key, value) VALUES ('dataset', ${sql.json({ demo: true, label: '演示数据', authority: '示范县卫生健康委员会', county: '示范县' })})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, fine_yuan, shown_until)
            SELECT ${w.instA}, '示卫医罚〔2026〕' || n || '号', '2026-03-01', '使用非卫生技术人员从事医疗卫生技术工作，情节轻微。',
                   '《医疗机构管理条例》第四十七条', '警告', NULL, '2029-03-01'
              FROM generate_series(1, 25000) AS n`;
}, 120_000);

describe('a large export', () => {
  it('records all 25,000 penalties in the ledger', async () => {
    const r = await exportNow({ kind: 'penalties', format: 'csv', incremental: false, actor: w.admin, ip: null });
    expect(r.rowCount).toBe(25000);
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM export_records`;
    expect(row?.n).toBe(25000);
  }, 120_000);
});
