// The one seeded fixture database for end-to-end tests: fictional demo data (fixed seed) plus
// the extra cases each area's browser tests need. Run by tests/e2e/global-setup.ts with
// DATABASE_URL set.
import { withDatabase } from '../../scripts/lib/with-database';
import { loadDemoData } from '../../src/demo/load';
import { loadDemoAccounts } from '../../src/demo/demo-accounts';
import { loadDemoLifecycle } from '../../src/demo/lifecycle';
import * as publicSite from './fixtures/public-site';
import * as intake from './fixtures/intake';
import * as admin from './fixtures/admin';
import * as importFixture from './fixtures/import';

export const E2E_SEED = 42;
export const E2E_INSTITUTIONS = 80;

await withDatabase(async () => {
  await loadDemoData({ institutions: E2E_INSTITUTIONS, seed: E2E_SEED, log: () => {} });
  await loadDemoAccounts();
  await loadDemoLifecycle();
  for (const f of [publicSite, intake, admin, importFixture]) await f.loadFixture();
});
