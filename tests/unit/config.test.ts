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
