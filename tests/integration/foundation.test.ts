import { describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../support/db';
import { listMigrations, migrate } from '../../src/db/migrate';

useTestDatabase();

describe('database foundation', () => {
  it('stores Chinese text as UTF-8', async () => {
    const [row] = await sql<{ n: number; enc: string }[]>`SELECT length('医院') AS n, current_setting('server_encoding') AS enc`;
    expect(row).toEqual({ n: 2, enc: 'UTF8' });
  });

  it('has applied every migration, numbered without gaps, and migrating again is a no-op', async () => {
    const files = listMigrations();
    const rows = await sql<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
    expect(rows.map((r) => r.version)).toEqual(files.map((f) => f.version));
    expect(await migrate()).toBe(0);
  });

  it('refuses what the domain forbids, in SQL', async () => {
    await sql`INSERT INTO regions (code, name, level) VALUES ('419901', '测试县', 3)`;
    const bad = [
      sql`INSERT INTO institutions (code, registration_no, name, status) VALUES ('ABC123', 'R1', '甲诊所', '停业')`,
      sql`INSERT INTO institutions (code, registration_no, name, risk_grade) VALUES ('ABC124', 'R2', '乙诊所', '极高')`,
      sql`INSERT INTO institutions (code, registration_no, name) VALUES ('abc', 'R3', '丙诊所')`,
      sql`INSERT INTO regions (code, name, level) VALUES ('12345', '坏代码', 3)`,
    ];
    for (const q of bad) await expect(q).rejects.toThrow();
    const [inst] = await sql<{ id: number }[]>`INSERT INTO institutions (code, registration_no, name, region_code)
      VALUES ('ABC125', 'R4', '丁诊所', '419901') RETURNING id`;
    // An evaluation whose actual score exceeds the applicable full score is refused.
    await expect(sql`INSERT INTO evaluations (institution_id, year, actual_score, reasonable_missing, standardized_score, score_level, level, evaluated_on)
      VALUES (${inst!.id}, 2026, 95, 10, 100, '优秀', '优秀', '2026-10-01')`).rejects.toThrow();
  });

  it('keeps the audit log append-only', async () => {
    await sql`INSERT INTO audit_log (action) VALUES ('test')`;
    await expect(sql`UPDATE audit_log SET action = 'x'`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`).rejects.toThrow(/append-only/);
  });
});
