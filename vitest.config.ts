import { defineConfig } from 'vitest/config';

// Unit tests (pure code) and integration tests (real embedded PostgreSQL) run under vitest;
// browser tests run under Playwright (playwright.config.ts).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/support/vitest-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['src/domain/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { branches: 90 },
    },
  },
});
