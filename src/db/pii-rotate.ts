import { sql, transaction } from './client';
import { writeAudit } from './audit-log';

/**
 * Re-encrypting stored personal data in place (`npm run pii:rotate`): one table at a time, by id
 * ranges, each batch its own short transaction (rows locked only for that batch, so intake and
 * the supervisor area keep working), and resumable — a batch only touches values still in an
 * old format or key, so running again after an interruption redoes nothing already done.
 * The cryptography is the caller's (src/server/pii-crypto.ts): src/db holds no keys.
 */

export interface PiiColumn {
  column: string;
  field: 'complainant_name' | 'complainant_phone' | 'complainant_email' | 'callback_secret';
}

export interface PiiTable {
  table: 'complaints' | 'api_clients';
  columns: PiiColumn[];
}

/** Every encrypted personal-data column (0001, 0012). */
export const PII_TABLES: readonly PiiTable[] = [
  {
    table: 'complaints',
    columns: [
      { column: 'complainant_name_enc', field: 'complainant_name' },
      { column: 'complainant_phone_enc', field: 'complainant_phone' },
      { column: 'complainant_email_enc', field: 'complainant_email' },
    ],
  },
  { table: 'api_clients', columns: [{ column: 'callback_secret_enc', field: 'callback_secret' }] },
];

/** Rows of `t` with at least one value stored, and the highest id (for progress). */
export async function piiRowCount(t: PiiTable): Promise<{ rows: number; maxId: number }> {
  const [r] = await sql<{ rows: number; maxId: string | null }[]>`
    SELECT count(*)::int AS rows, max(id)::text AS "maxId" FROM ${sql(t.table)} WHERE num_nonnulls(${sql(t.columns.map((c) => c.column))}) > 0`;
  return { rows: r?.rows ?? 0, maxId: Number(r?.maxId ?? 0) };
}

/**
 * One batch: the next `limit` rows after `afterId` (locked FOR UPDATE for this transaction only),
 * each value passed through `convert` (null: leave as is). Returns the last id seen (null when
 * the table is done) and how many values were rewritten.
 */
export async function rotateBatch(
  t: PiiTable,
  afterId: number,
  limit: number,
  convert: (value: Uint8Array, c: PiiColumn) => Buffer | null,
  dryRun = false,
): Promise<{ lastId: number | null; rows: number; changed: number }> {
  return transaction(async (tx) => {
    const cols = t.columns.map((c) => c.column);
    const rows = await tx<Record<string, Uint8Array | null | string>[]>`
      SELECT id::text AS id, ${tx(cols)} FROM ${tx(t.table)} WHERE id > ${afterId} ORDER BY id LIMIT ${limit} FOR UPDATE`;
    let changed = 0;
    for (const row of rows) {
      const update: Record<string, Buffer> = {};
      for (const c of t.columns) {
        const value = row[c.column];
        if (!(value instanceof Uint8Array)) continue;
        const next = convert(value, c);
        if (next) update[c.column] = next;
      }
      const n = Object.keys(update).length;
      if (n === 0) continue;
      changed += n;
      if (!dryRun) await tx`UPDATE ${tx(t.table)} SET ${tx(update)} WHERE id = ${String(row['id'])}`;
    }
    const last = rows.at(-1);
    return { lastId: last ? Number(last['id']) : null, rows: rows.length, changed };
  });
}

/** Values still needing conversion, per column (`count 0` is the end state after a rotation). */
export async function countPending(isPending: (value: Uint8Array) => boolean): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of PII_TABLES) {
    for (const c of t.columns) {
      let n = 0;
      const cursor = sql<{ v: Uint8Array }[]>`SELECT ${sql(c.column)} AS v FROM ${sql(t.table)} WHERE ${sql(c.column)} IS NOT NULL`.cursor(2000);
      for await (const rows of cursor) n += rows.filter((r) => isPending(r.v)).length;
      out[`${t.table}.${c.column}`] = n;
    }
  }
  return out;
}

/** The rotation's entry in the audit log (who ran it, how many values). */
export async function auditRotation(detail: Record<string, number | string>): Promise<void> {
  await transaction((tx) => writeAudit(tx, { actor: null, actorName: 'cli', action: 'pii.rotate', targetKind: 'database', detail }));
}
