/**
 * SQL shared by the importers (src/db/import-*.ts): bulk staging with COPY, the diff of a staged
 * row against the stored one, and lookups every sheet needs.
 *
 * The pattern of every importer: parsed rows are COPYed into a temporary table (dropped at
 * commit), checked against the database with set-based queries, compared column by column with
 * the stored rows, and applied with one INSERT … SELECT and one UPDATE … FROM. That is what makes
 * 100,000 rows take seconds, not minutes (docs/import.md has the figures).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';

import { CHANGE_DETAIL_LIMIT, type ChangeEntry, type RowError, type WriteResult } from '../schemas/import-result';
import type { CopyValue, DiffColumn } from '../schemas/import-sheet';
export type { CopyValue, DiffColumn };

/** The transaction every importer runs in. */
import type { Tx } from './client';
export type { Tx };

/** COPY text format: backslash, tab, line feed and carriage return escaped; \N is NULL. */
function copyText(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal with every element quoted, so commas and braces inside items are safe. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (Array.isArray(v)) return copyText(arrayLiteral(v as readonly string[]));
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return copyText(String(v));
}

/**
 * COPY rows into a table (normally a temporary staging table). `columns` are identifiers from
 * the importer's own code, never from the file.
 */
export async function copyRows(tx: Tx, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  const writable = await tx`COPY ${tx(table)} (${tx(columns as string[])}) FROM STDIN`.writable();
  // Yields to the event loop between chunks: 100,000 rows are seconds of string building, and the
  // server serves pages meanwhile (issue 17, item 10).
  async function* chunks(): AsyncGenerator<string> {
    let buffer = '';
    for (const row of rows) {
      buffer += row.map(copyField).join('\t') + '\n';
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = '';
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(chunks()), writable);
}

function join(tx: Tx, fragments: postgres.PendingQuery<postgres.Row[]>[], separator: 'comma' | 'or'): postgres.PendingQuery<postgres.Row[]> {
  return fragments.reduce((acc, f) => (separator === 'comma' ? tx`${acc}, ${f}` : tx`${acc} OR ${f}`));
}

/** `text[]` of the labels of the columns that differ: s.col given and not equal to t.col. */
export function changedLabels(tx: Tx, columns: readonly DiffColumn[]): postgres.PendingQuery<postgres.Row[]> {
  const cases = columns.map((c) =>
    c.keepWhenNull
      ? tx`CASE WHEN s.${tx(c.col)} IS NOT NULL AND s.${tx(c.col)} IS DISTINCT FROM t.${tx(c.col)} THEN ${c.label}::text END`
      : tx`CASE WHEN s.${tx(c.col)} IS DISTINCT FROM t.${tx(c.col)} THEN ${c.label}::text END`,
  );
  return tx`array_remove(ARRAY[${join(tx, cases, 'comma')}]::text[], NULL)`;
}

/** `col = COALESCE(s.col, t.col), …` for an UPDATE t … FROM staging s. */
export function assignments(tx: Tx, columns: readonly DiffColumn[]): postgres.PendingQuery<postgres.Row[]> {
  return join(
    tx,
    columns.map((c) => (c.keepWhenNull ? tx`${tx(c.col)} = COALESCE(s.${tx(c.col)}, t.${tx(c.col)})` : tx`${tx(c.col)} = s.${tx(c.col)}`)),
    'comma',
  );
}

/** How a stored value reads in a change report (dates, lists, booleans, numbers). */
export function displayValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length ? v.map(String).join('、') : null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.slice(0, 10);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v);
  // to_jsonb gives JSON values only; no diffed column holds an object, which would read as JSON.
  return JSON.stringify(v);
}

export interface RegionRecord {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

/** The whole region table (a county has a few hundred rows, a province some tens of thousands). */
export async function loadRegions(tx: Tx): Promise<RegionRecord[]> {
  return tx<RegionRecord[]>`SELECT code, name, level, parent_code AS "parentCode" FROM regions`;
}

export interface InstitutionRef {
  id: number;
  registrationNo: string;
  name: string;
  regionCode: string | null;
}

/** Institutions by 登记号, for the sheets that refer to them. */
export async function institutionsByRegistration(tx: Tx, registrationNos: readonly string[]): Promise<Map<string, InstitutionRef>> {
  const unique = [...new Set(registrationNos)];
  const rows = unique.length
    ? await tx<InstitutionRef[]>`
        SELECT id, registration_no AS "registrationNo", name, region_code AS "regionCode"
          FROM institutions WHERE registration_no = ANY(${unique}::text[])`
    : [];
  return new Map(rows.map((r) => [r.registrationNo, r]));
}

// ---------------------------------------------------------------------------------------------
// Staging-table steps shared by the sheets that refer to institutions. Every staging table has
// the columns line, registration_no, institution_id, target_id (the stored row it updates) and
// changed (labels of the columns that differ). Table names come from the importers' code.

const UNKNOWN_REGISTRATION = '机构名册中没有这个登记号（请先导入机构名册）';

/** Links rows to institutions by 登记号; rows whose 登记号 is unknown are errors. */
export async function linkInstitutions(tx: Tx, stage: string): Promise<RowError[]> {
  await tx`
    UPDATE ${tx(stage)} s SET institution_id = i.id
      FROM institutions i WHERE i.registration_no = s.registration_no`;
  const missing = await tx<{ line: number }[]>`
    SELECT line FROM ${tx(stage)} WHERE institution_id IS NULL ORDER BY line`;
  return missing.map((r) => ({ line: r.line, column: '登记号', message: UNKNOWN_REGISTRATION }));
}

/**
 * The same check for rows that were not staged because another cell is wrong, so one upload
 * reports an unknown 登记号 together with the cell errors (issue 17, item 19).
 */
export async function unknownRegistrations(tx: Tx, rows: readonly { line: number; registrationNo: string }[]): Promise<RowError[]> {
  if (rows.length === 0) return [];
  const known = await tx<{ registrationNo: string }[]>`
    SELECT registration_no AS "registrationNo" FROM institutions
     WHERE registration_no = ANY(${[...new Set(rows.map((r) => r.registrationNo))]}::text[])`;
  const found = new Set(known.map((r) => r.registrationNo));
  return rows.filter((r) => !found.has(r.registrationNo)).map((r) => ({ line: r.line, column: '登记号', message: UNKNOWN_REGISTRATION }));
}

/** Two rows of the file that turned out to be the same stored row. */
export async function sameTargetTwice(tx: Tx, stage: string, column: string, why: string): Promise<RowError[]> {
  const rows = await tx<{ line: number; first: number }[]>`
    SELECT line, first FROM (
      SELECT line, min(line) OVER (PARTITION BY target_id) AS first FROM ${tx(stage)} WHERE target_id IS NOT NULL) x
     WHERE line <> first ORDER BY line`;
  return rows.map((r) => ({ line: r.line, column, message: `与第${r.first}行是同一条记录（${why}）` }));
}

export async function dropLines(tx: Tx, stage: string, lines: readonly number[]): Promise<void> {
  if (lines.length) await tx`DELETE FROM ${tx(stage)} WHERE line = ANY(${lines as number[]}::int[])`;
}

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Sets `changed` on rows that match a stored row, then counts new / updated / unchanged. */
export async function markChanges(tx: Tx, stage: string, target: string, diff: readonly DiffColumn[]): Promise<ChangeCounts> {
  await tx`
    UPDATE ${tx(stage)} s SET changed = ${changedLabels(tx, diff)}
      FROM ${tx(target)} t WHERE t.id = s.target_id`;
  const [counts] = await tx<ChangeCounts[]>`
    SELECT count(*) FILTER (WHERE target_id IS NULL)::int AS created,
           count(*) FILTER (WHERE cardinality(changed) > 0)::int AS updated,
           count(*) FILTER (WHERE target_id IS NOT NULL AND cardinality(changed) = 0)::int AS unchanged
      FROM ${tx(stage)}`;
  return counts ?? { created: 0, updated: 0, unchanged: 0 };
}

/**
 * The first new and updated rows, for the report. `describe` names a row from its staged values
 * (key as the user knows it, and a readable label).
 */
export async function changeDetails(
  tx: Tx,
  stage: string,
  target: string,
  diff: readonly DiffColumn[],
  counts: ChangeCounts,
  describe: (staged: Record<string, unknown>) => { key: string; label: string },
): Promise<{ changes: ChangeEntry[]; changesTruncated: boolean }> {
  const created = await tx<{ line: number; after: Record<string, unknown> }[]>`
    SELECT line, to_jsonb(s) AS after FROM ${tx(stage)} s
     WHERE target_id IS NULL ORDER BY line LIMIT ${CHANGE_DETAIL_LIMIT}`;
  const updated = await tx<{ line: number; changed: string[]; after: Record<string, unknown>; before: Record<string, unknown> }[]>`
    SELECT s.line, s.changed, to_jsonb(s) AS after, to_jsonb(t) AS before
      FROM ${tx(stage)} s JOIN ${tx(target)} t ON t.id = s.target_id
     WHERE cardinality(s.changed) > 0 ORDER BY s.line LIMIT ${CHANGE_DETAIL_LIMIT}`;
  const byLabel = new Map(diff.map((c) => [c.label, c.col]));
  const changes: ChangeEntry[] = [
    ...created.map((r): ChangeEntry => ({ line: r.line, action: 'new', ...describe(r.after), fields: [] })),
    ...updated.map((r): ChangeEntry => ({
      line: r.line,
      action: 'updated',
      ...describe(r.after),
      fields: r.changed.map((label) => {
        const col = byLabel.get(label) ?? '';
        return { column: label, before: displayValue(r.before[col]), after: displayValue(r.after[col]) };
      }),
    })),
  ].sort((a, b) => a.line - b.line);
  return { changes, changesTruncated: counts.created > CHANGE_DETAIL_LIMIT || counts.updated > CHANGE_DETAIL_LIMIT };
}

/** How one sheet's staged rows are applied (see writeStaged). */
export interface StagedWrite {
  stage: string;
  target: string;
  diff: readonly DiffColumn[];
  /** Names a row in the report from its staged values. */
  describe: (staged: Record<string, unknown>) => { key: string; label: string };
  /** INSERTs the new rows (target_id IS NULL): each sheet has its own columns and defaults. */
  insertNew: () => Promise<unknown>;
}

/**
 * The write step of the sheets that refer to institutions: count and describe the changes, insert
 * the new rows, and update the changed ones column by column (an empty optional cell keeps the
 * stored value, see DiffColumn).
 */
export async function writeStaged(tx: Tx, w: StagedWrite): Promise<WriteResult> {
  const counts = await markChanges(tx, w.stage, w.target, w.diff);
  const details = await changeDetails(tx, w.stage, w.target, w.diff, counts, w.describe);
  await w.insertNew();
  await tx`
    UPDATE ${tx(w.target)} t SET ${assignments(tx, w.diff)}
      FROM ${tx(w.stage)} s WHERE t.id = s.target_id AND cardinality(s.changed) > 0`;
  return { ...counts, ...details, levelChanges: [], notes: [] };
}
