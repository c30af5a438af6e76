// The layer rules of eslint.config.js bite: a view importing the database fails the lint, a
// handler importing it passes (docs/architecture.md: the layers and their arrows).
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
// The project's own config; type information is switched off because the probe files do not
// exist on disk (the project service would refuse them) and the boundary rules need none.
const eslint = new ESLint({ cwd: root, overrideConfigFile: 'eslint.config.js', overrideConfig: tseslint.configs.disableTypeChecked });

async function importErrors(filePath: string, text: string) {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
}

describe('layer boundaries', () => {
  it('refuse a view importing src/db', async () => {
    const errors = await importErrors('src/components/lint-boundary-probe.ts', "import { sql } from '../db/client';\n\nexport const probe = sql;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.severity).toBe(2);
    expect(errors[0]?.message).toContain('src/components may not import src/db');
  }, 60_000);

  it('allow a handler importing src/db', async () => {
    const errors = await importErrors('src/handlers/lint-boundary-probe.ts', "import { sql } from '../db/client';\n\nexport const probe = sql;\n");
    expect(errors).toEqual([]);
  }, 60_000);
});
