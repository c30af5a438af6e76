import { describe, expect, it } from 'vitest';
import { listMigrations } from '../../src/db/migrate';

describe('migrations on disk', () => {
  it('are numbered from 0001 without gaps', () => {
    const list = listMigrations();
    expect(list.length).toBeGreaterThan(0);
    list.forEach((m, i) => expect(m.version).toBe(i + 1));
  });
});
