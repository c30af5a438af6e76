import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { sql } from './client';

/**
 * Forward-only migrations: db/migrations/NNNN_name.sql, numbered from 0001 without gaps.
 * Each pending file runs in its own transaction and is recorded in schema_migrations.
 * An advisory lock keeps two processes from migrating at once.
 */

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
}

export function listMigrations(dir = path.join(config.rootDir, 'db/migrations')): MigrationFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const list = files.map((f) => {
    const [, version, name] = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(f) ?? [];
    if (version === undefined || name === undefined) throw new Error(`迁移文件名不合规范（应为 NNNN_name.sql）：${f}`);
    return { version: Number(version), name, file: path.join(dir, f) };
  });
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`迁移编号不连续：期望 ${String(i + 1).padStart(4, '0')}，实际 ${path.basename(m.file)}`);
  });
  return list;
}

export async function migrate(log: (m: string) => void = () => {}): Promise<number> {
  const migrations = listMigrations();
  let applied = 0;
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(727001)`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    const done = new Map((await tx<{ version: number; name: string }[]>`SELECT version, name FROM schema_migrations`).map((r) => [r.version, r.name]));
    for (const m of migrations) {
      const recorded = done.get(m.version);
      if (recorded !== undefined) {
        // A renamed or replaced migration means this database did not get what the file says.
        if (recorded !== m.name) throw new Error(`迁移记录不一致：数据库中第 ${m.version} 号迁移为 ${recorded}，文件为 ${m.name}。`);
        continue;
      }
      await tx.savepoint(async (sp) => {
        await sp.unsafe(fs.readFileSync(m.file, 'utf8'));
        await sp`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
      });
      log(`已应用迁移 ${path.basename(m.file)}`);
      applied++;
    }
  });
  return applied;
}
