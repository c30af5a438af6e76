import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listMigrations } from '../../src/db/migrate';
import { renderSchemaFile } from '../../src/db/schema-file';

describe('migrations on disk', () => {
  it('are numbered from 0001 without gaps', () => {
    const list = listMigrations();
    expect(list.length).toBeGreaterThan(0);
    list.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('are all in db/schema.sql (run `npm run db:schema` after adding one)', () => {
    expect(fs.readFileSync('db/schema.sql', 'utf8')).toBe(renderSchemaFile());
  });
});

describe('npm start', () => {
  it('runs node with the arguments the tests and the benchmark use (scripts/lib/start-command.ts)', async () => {
    const { START_ARGS } = await import('../../scripts/lib/start-command');
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toBe(`node ${START_ARGS.join(' ')}`);
  });
});
