// The one seeded fixture database for end-to-end tests: fictional demo data (fixed seed) plus
// the extra cases the browser tests need. Run by tests/e2e/global-setup.ts with DATABASE_URL set.
import { withDatabase } from '../../scripts/lib/with-database';
import { loadDemoData } from '../../src/demo/load';

export const E2E_SEED = 42;
export const E2E_INSTITUTIONS = 80;

await withDatabase(async () => {
  await loadDemoData({ institutions: E2E_INSTITUTIONS, seed: E2E_SEED, log: () => {} });
});
