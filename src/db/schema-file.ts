import fs from 'node:fs';
import path from 'node:path';
import { listMigrations } from './migrate';

/**
 * db/schema.sql is the readable whole of the schema: every migration in order, with its name.
 * `npm run db:schema` rewrites it; a unit test fails when it is out of date.
 */
export function renderSchemaFile(): string {
  const parts = listMigrations().map(
    (m) => `-- ${'='.repeat(94)}\n-- ${path.basename(m.file)}\n-- ${'='.repeat(94)}\n\n${fs.readFileSync(m.file, 'utf8').trim()}\n`,
  );
  return (
    '-- The whole schema, generated from db/migrations by `npm run db:schema`. Do not edit: write a\n' +
    '-- new migration instead. Migrations are applied in order, each in its own transaction.\n\n' +
    parts.join('\n')
  );
}
