// ESLint flat config. The layer rules below are the architecture of docs/architecture.md: keep the
// two in step (tests/unit/architecture/lint-boundaries.test.ts checks that a forbidden import fails).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

/**
 * The layers under src/ and what each may import (besides itself, npm packages and node: modules).
 * An arrow not listed here is forbidden.
 */
export const LAYERS = {
  domain: [],
  schemas: ['domain'],
  db: ['domain', 'schemas', 'config'],
  import: ['db', 'domain', 'schemas', 'config'],
  release: ['db', 'domain', 'schemas', 'config'],
  documents: ['domain', 'config'],
  demo: ['db', 'domain', 'schemas', 'import', 'handlers', 'server', 'config'],
  server: ['db', 'domain', 'schemas', 'release', 'config'],
  handlers: ['db', 'domain', 'schemas', 'server', 'import', 'release', 'documents', 'config'],
  components: ['components', 'layouts', 'domain', 'schemas', 'styles'],
  layouts: ['components', 'layouts', 'domain', 'schemas', 'styles'],
  pages: ['handlers', 'components', 'layouts', 'domain', 'schemas', 'config'],
  config: ['schemas'],
};
const ALL = ['domain', 'schemas', 'db', 'import', 'release', 'documents', 'demo', 'server', 'handlers', 'components', 'layouts', 'pages', 'config', 'styles'];

/** Relative imports that reach into a layer: `../db/client`, `../../server/csrf`, `../config`. */
function layerPattern(layer) {
  return `^(\\.\\./)+${layer}(/|$|\\.ts$)`;
}

function boundaryRules(layer) {
  const allowed = new Set([layer, ...LAYERS[layer]]);
  const forbidden = ALL.filter((l) => !allowed.has(l));
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((l) => ({
          regex: layerPattern(l),
          message: `src/${layer} may not import src/${l} (docs/architecture.md: the layers and their arrows).`,
        })),
      },
    ],
  };
}

/**
 * Tests get the recommended rules, not the strict type-checked set: the rules strict adds on top
 * of recommended are switched off there (fixtures and assertions lean on `!` by design).
 */
const recommendedRules = new Set(tseslint.configs.recommended.flatMap((c) => Object.keys(c.rules ?? {})));
const strictOnlyOff = Object.fromEntries(
  tseslint.configs.strictTypeChecked
    .flatMap((c) => Object.keys(c.rules ?? {}))
    .filter((rule) => !recommendedRules.has(rule))
    .map((rule) => [rule, 'off']),
);

const layerConfigs = Object.keys(LAYERS).map((layer) => ({
  files: layer === 'config' ? ['src/config.ts'] : [`src/${layer}/**/*.{ts,tsx,astro}`],
  rules: boundaryRules(layer),
}));

export default tseslint.config(
  // What .gitignore names (build output, data, releases) and the static files.
  { ignores: ['dist/**', '.astro/**', '.data/**', '.releases/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...astro.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.astro'] },
    },
    rules: {
      // Numbers in template strings are how every Chinese message here is built (`第 ${line} 行`).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Plain JavaScript outside the TypeScript project (this file): linted without type information.
    files: ['*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // Tests: js recommended + typescript-eslint recommended, without type information.
    files: ['tests/**/*.{ts,tsx,mjs,js}'],
    extends: [tseslint.configs.disableTypeChecked, ...tseslint.configs.recommended],
    rules: {
      ...strictOnlyOff,
      // Omitting a field by destructuring (`const { id: _id, ...rest } = row`) is how tests compare rows.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Playwright fixtures and hooks must destructure their first parameter, even when empty.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    files: ['**/*.astro'],
    languageOptions: { parserOptions: { projectService: false, project: true } },
  },
  ...layerConfigs,
  {
    // Scripts are entry points: they may use any layer except the views and routes.
    files: ['scripts/**/*.{ts,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['pages', 'components', 'layouts'].map((l) => ({ regex: `(^|/)src/${l}(/|$)`, message: `scripts may not import src/${l}.` })) },
      ],
    },
  },
);
