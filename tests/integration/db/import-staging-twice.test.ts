// One transaction may stage the same sheet kind more than once: the demo province enters each
// county's evaluation sheet in turn inside its one load transaction. ON COMMIT DROP only drops the
// temporary table at the end, so the second CREATE failed ("relation import_evaluation_rows
// already exists") and `bench:build -- --institutions 100000` (several counties) could not load.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../support/db';
import { transaction } from '../../../src/db/client';
import { stageEvaluations, updateLevels } from '../../../src/db/import-evaluations';
import { stageTable } from '../../../src/db/import-staged';

useTestDatabase();

describe('staging twice in one transaction', () => {
  it('replaces the earlier staging table instead of failing', async () => {
    await expect(
      transaction(async (tx) => {
        await stageEvaluations(tx, []);
        await stageEvaluations(tx, []);
        await updateLevels(tx, [{ id: -1, level: '合格', reasons: [] }]);
        await updateLevels(tx, [{ id: -1, level: '合格', reasons: [] }]);
        const columns = [{ column: 'name', pg: 'text', notNull: true }] as const;
        await stageTable(tx, 'import_test_rows', columns, [], [[1, 'a']]);
        await stageTable(tx, 'import_test_rows', columns, [], [[1, 'b']]);
        return 'ok';
      }),
    ).resolves.toBe('ok');
  });
});
