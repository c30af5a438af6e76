/**
 * The one staged writer of the sheet kinds defined with defineSheet (src/schemas/import-sheet.ts):
 * the staging table and the COPY column list come from the definition, rows are linked to their
 * institution and to the stored row, and writeStaged counts, previews, inserts and updates.
 * A kind with checks of its own (penalties, points, staff) passes them as `check`.
 */
import type { RowError, WriteResult } from '../schemas/import-result';
import type { CopyValue, SheetKind, StagedColumn } from '../schemas/import-sheet';
import { copyRows, dropLines, linkInstitutions, writeStaged, type DiffColumn, type Tx } from './import-common';

/** The staging table of a kind: code-given names only (never from the file). */
export const stageOf = (kind: { table: string }): string => `import_${kind.table}_rows`;

/** Column types are code, not data; the guard keeps a typo from becoming SQL. */
const PG_TYPE = /^[a-z][a-z0-9_ ]*(\(\d+(,\d+)?\))?(\[\])?$/;

/** A column of a staging table and where a staged row's value for it comes from. */
export interface StageColumn<Row> extends StagedColumn {
  value: (row: Row) => CopyValue;
}

/** A column compared with the stored row: its label in the change preview and its null policy. */
export type Compared<C> = C & { diff?: Omit<DiffColumn, 'col'> };

/** The change preview's columns of a staging table (those with a `diff`), in table order. */
export function diffOf(columns: readonly Compared<StagedColumn>[]): DiffColumn[] {
  return columns.flatMap((c) => (c.diff ? [{ col: c.column, ...c.diff }] : []));
}

/** The COPY lines of `rows` for `columns`: the line number, then each column's value. */
export function stageLines<Row extends { line: number }>(columns: readonly StageColumn<Row>[], rows: Iterable<Row>): Iterable<CopyValue[]> {
  return (function* () {
    for (const r of rows) yield [r.line, ...columns.map((c) => c.value(r))];
  })();
}

/**
 * Creates a staging table — `line`, the `columns` (COPYed from `lines`), then the `filled`
 * columns the checks fill in — and loads it. Each column is written once: its type makes the
 * table, its name the COPY list.
 */
export async function stageTable(
  tx: Tx,
  name: string,
  columns: readonly StagedColumn[],
  filled: readonly StagedColumn[],
  lines: Iterable<readonly CopyValue[]>,
): Promise<void> {
  const all = [...columns, ...filled];
  for (const c of all) if (!PG_TYPE.test(c.pg)) throw new Error(`${name}: bad column type ${c.pg}`);
  const definition = all.map((c) => `"${c.column}" ${c.pg}${c.notNull ? ' NOT NULL' : ''}`).join(',\n      ');
  // Several stagings of one kind in a transaction: the earlier one is finished (see stageEvaluations).
  await tx.unsafe(`DROP TABLE IF EXISTS pg_temp."${name}"`);
  await tx.unsafe(`
    CREATE TEMP TABLE "${name}" (
      line           integer PRIMARY KEY,
      ${definition}
    ) ON COMMIT DROP`);
  await copyRows(tx, name, ['line', ...columns.map((c) => c.column)], lines);
  await tx`ANALYZE ${tx(name)}`;
}

/** What the checks of every staged kind fill in: the institution, the stored row, what changes. */
export const LINKED: readonly StagedColumn[] = [
  { column: 'institution_id', pg: 'bigint', notNull: false },
  { column: 'target_id', pg: 'bigint', notNull: false },
  { column: 'changed', pg: 'text[]', notNull: false },
];

async function stage<Row>(tx: Tx, kind: SheetKind<Row>, rows: readonly { line: number; row: Row }[]): Promise<void> {
  const lines = rows.map(({ line, row }) => [line, ...kind.values(row)]);
  await stageTable(tx, stageOf(kind), kind.staged, [...(kind.linked ?? []), ...LINKED], lines);
}

/** The stored row with the same institution and the same `match` columns. */
async function matchStored(tx: Tx, kind: SheetKind<unknown>, match: readonly string[]): Promise<void> {
  const same = match.reduce((acc, c) => tx`${acc} AND t.${tx(c)} = s.${tx(c)}`, tx`t.institution_id = s.institution_id`);
  await tx`UPDATE ${tx(stageOf(kind))} s SET target_id = t.id FROM ${tx(kind.table)} t WHERE ${same}`;
}

async function insertNew(tx: Tx, kind: SheetKind<unknown>): Promise<void> {
  const target = ['institution_id', ...kind.inserted.map((c) => c.column)];
  const source = kind.inserted.reduce(
    (acc, c) => (c.whenNew ? tx`${acc}, COALESCE(${tx(c.column)}, ${tx(c.whenNew)})` : tx`${acc}, ${tx(c.column)}`),
    tx`institution_id`,
  );
  await tx`
    INSERT INTO ${tx(kind.table)} (${tx(target)})
    SELECT ${source} FROM ${tx(stageOf(kind))} WHERE target_id IS NULL ORDER BY line`;
}

/** What the pipeline runs for one staged kind inside its transaction (src/import/kind.ts). */
export interface StagedRunner {
  check(): Promise<RowError[]>;
  drop(lines: readonly number[]): Promise<void>;
  write(): Promise<WriteResult>;
}

/**
 * Stages the rows and returns the runner: check links institutions, finds the stored rows (by
 * `match`, or by the kind's own `check`) and adds the kind's own errors.
 */
export async function prepareStaged<Row>(
  tx: Tx,
  kind: SheetKind<Row>,
  rows: readonly { line: number; row: Row }[],
  check?: (tx: Tx, stage: string) => Promise<RowError[]>,
): Promise<StagedRunner> {
  await stage(tx, kind, rows);
  const name = stageOf(kind);
  const any = kind as SheetKind<unknown>;
  return {
    async check() {
      const errors = await linkInstitutions(tx, name);
      if (kind.match) await matchStored(tx, any, kind.match);
      if (check) errors.push(...(await check(tx, name)));
      return errors;
    },
    drop: (lines) => dropLines(tx, name, lines),
    write: () => writeStaged(tx, { stage: name, target: kind.table, diff: kind.diff, describe: kind.describe, insertNew: () => insertNew(tx, any) }),
  };
}
