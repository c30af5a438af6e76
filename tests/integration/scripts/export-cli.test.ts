// npm run export: the same ledger as the admin screen, arguments checked with one clear sentence.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld } from '../handlers/admin/world';

const db = useTestDatabase();
const node = path.resolve('node_modules/.bin/node');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-cli-'));

function run(...args: string[]) {
  const r = spawnSync(node, ['--import', 'tsx', 'scripts/export.ts', ...args], {
    env: { ...process.env, DATABASE_URL: db.url(), EXPORT_AUTHORITY_NAME: '示范县卫生健康委员会', EXPORT_AUTHORITY_USCC: '12419921MB0000000Y' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

beforeAll(async () => {
  const w = await makeWorld();
  await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, fine_yuan, shown_until)
            VALUES (${w.instA}, '示卫医罚〔2026〕1号', '2026-03-02', '超范围执业。', '《医疗机构管理条例》第四十七条', '警告', NULL, '2029-03-02')`;
});

describe('npm run export', () => {
  it('writes the file, records it in the ledger (no account: the command line), and the next incremental run is empty', async () => {
    const out = path.join(dir, 'p.json');
    const first = run('penalties', '--format', 'json', '--out', out);
    expect(first.status, first.out).toBe(0);
    expect(first.out).toContain('已导出行政处罚（双公示）：首次导出，全部 1 条');
    const file = fs.readFileSync(out);
    const records = (JSON.parse(file.toString('utf8')) as { records: Record<string, unknown>[] }).records;
    expect(records[0]).toMatchObject({ 处罚决定书文号: '示卫医罚〔2026〕1号', 处罚机关: '示范县卫生健康委员会' });
    const [ledger] = await sql`SELECT created_by, sha256, row_count FROM exports ORDER BY id DESC LIMIT 1`;
    expect(ledger).toEqual({ created_by: null, sha256: crypto.createHash('sha256').update(file).digest('hex'), row_count: 1 });
    const second = run('penalties', '--out', path.join(dir, 'p.csv'));
    expect(second.status, second.out).toBe(0);
    expect(second.out).toMatch(/新增或变更的 0 条/);
    const [audit] = await sql`SELECT actor_name FROM audit_log WHERE action = 'export.run' ORDER BY id DESC LIMIT 1`;
    expect(audit!['actor_name']).toBe('cli');
  }, 120_000);

  it('refuses unknown kinds, formats and options with one Chinese sentence and the usage', () => {
    for (const args of [['fines'], ['penalties', '--format', 'pdf'], ['penalties', '--since', 'x'], []]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.out).toMatch(/不认识|只能是/);
      expect(r.out).toContain('用法：npm run export');
      expect(r.out).not.toMatch(/at .*\.ts:\d+/);
    }
    const json = run('provincial-points', '--format', 'json', '--out', path.join(dir, 'x.json'));
    expect(json.status).toBe(1);
    expect(json.out).toContain('导出失败：省平台记分录入只能导出为 CSV、XLSX');
  }, 120_000);
});
