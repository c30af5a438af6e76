/** SQL of the regions import, keyed by the division code. */
import type { RowError, WriteResult } from '../schemas/import-result';
import { assignments, changeDetails, dropLines, markChanges, type Tx } from './import-common';
import { diffOf, stageLines, stageTable, type Compared, type StageColumn } from './import-staged';
import type { StagedColumn } from '../schemas/import-sheet';

const STAGE = 'import_region_rows';

export interface StagedRegion {
  line: number;
  code: string;
  name: string;
  level: number;
  /** Given in the sheet (must exist), or null. */
  parentGiven: string | null;
  /** Implied by the code; used only when it exists (in the table or the file). */
  parentImplied: string | null;
}

/** The staging table's columns, in COPY order, then those the checks fill in; name and parent_code are compared with the stored region. */
const STAGED: readonly Compared<StageColumn<StagedRegion>>[] = [
  { column: 'code', pg: 'text', notNull: true, value: (r) => r.code },
  { column: 'name', pg: 'text', notNull: true, value: (r) => r.name, diff: { label: '名称', keepWhenNull: false } },
  { column: 'level', pg: 'smallint', notNull: true, value: (r) => r.level },
  { column: 'parent_given', pg: 'text', notNull: false, value: (r) => r.parentGiven },
  { column: 'parent_implied', pg: 'text', notNull: false, value: (r) => r.parentImplied },
];

const FILLED: readonly Compared<StagedColumn>[] = [
  { column: 'parent_code', pg: 'text', notNull: false, diff: { label: '上级代码', keepWhenNull: true } },
  // regions has no id: the code is the key; target_id holds it for the shared diff helpers.
  { column: 'target_id', pg: 'text', notNull: false },
  { column: 'changed', pg: 'text[]', notNull: false },
];

export const REGION_DIFF = diffOf([...STAGED, ...FILLED]);

export async function stageRegions(tx: Tx, rows: readonly StagedRegion[]): Promise<void> {
  await stageTable(tx, STAGE, STAGED, FILLED, stageLines(STAGED, rows));
}

export async function checkRegions(tx: Tx): Promise<RowError[]> {
  // regions has no id: the code is the key; target_id holds it for the shared diff helpers.
  await tx`UPDATE import_region_rows s SET target_id = t.code FROM regions t WHERE t.code = s.code`;
  await tx`
    UPDATE import_region_rows s SET parent_code = COALESCE(s.parent_given,
      CASE WHEN EXISTS (SELECT 1 FROM regions r WHERE r.code = s.parent_implied)
             OR EXISTS (SELECT 1 FROM import_region_rows o WHERE o.code = s.parent_implied)
           THEN s.parent_implied END)`;
  const missing = await tx<{ line: number; parent: string }[]>`
    SELECT s.line, s.parent_given AS parent FROM import_region_rows s
     WHERE s.parent_given IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.code = s.parent_given)
       AND NOT EXISTS (SELECT 1 FROM import_region_rows o WHERE o.code = s.parent_given)
     ORDER BY s.line`;
  return missing.map((r) => ({ line: r.line, column: '上级代码', message: `平台和本文件中都没有上级区划${r.parent}（请一并导入）` }));
}

export const dropRegionLines = (tx: Tx, lines: readonly number[]) => dropLines(tx, STAGE, lines);

export async function writeRegions(tx: Tx): Promise<WriteResult> {
  // The shared helpers join on t.id; regions are keyed by code, so compare through a view of it.
  await tx`CREATE TEMP VIEW import_region_targets AS SELECT code AS id, name, parent_code FROM regions`;
  const counts = await markChanges(tx, STAGE, 'import_region_targets', REGION_DIFF);
  const details = await changeDetails(tx, STAGE, 'import_region_targets', REGION_DIFF, counts, (s) => ({
    key: String(s['code']),
    label: String(s['name']),
  }));
  await tx`DROP VIEW import_region_targets`;
  // One statement: a parent and its children in the same file are checked at its end.
  await tx`
    INSERT INTO regions (code, name, level, parent_code)
    SELECT code, name, level, parent_code FROM import_region_rows WHERE target_id IS NULL ORDER BY line`;
  await tx`
    UPDATE regions t SET ${assignments(tx, REGION_DIFF)}
      FROM import_region_rows s WHERE t.code = s.target_id AND cardinality(s.changed) > 0`;
  return { ...counts, ...details, levelChanges: [], notes: [] };
}
