import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REAL_INSTITUTIONS_CSV, realInstitutions, realInstitutionsFromCsv } from '../../support/fixtures/public-site';

describe('real names in the public-site fixture', () => {
  it.skipIf(!fs.existsSync(REAL_INSTITUTIONS_CSV))('are the embedded copy of the shared CSV selection', () => {
    const fromCsv = realInstitutionsFromCsv().map((r) => [r.name, r.address]);
    expect(realInstitutions().map((r) => [r.name, r.address])).toEqual(fromCsv);
  });

  it('are about 200 distinct names, most with 路 or 街 (the hard case for Chinese search)', () => {
    const names = realInstitutions().map((r) => r.name);
    expect(names).toHaveLength(200);
    expect(new Set(names).size).toBe(200);
    expect(names.filter((n) => /[路街]/.test(n)).length).toBeGreaterThan(100);
  });
});
