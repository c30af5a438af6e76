import { sql, transaction, type Tx } from './client';

/**
 * What changed since a release (issue 16, incremental publish): the triggers of migration 0019
 * write one row per changed institution and statement into publish_changes (institution_id NULL
 * for a table that feeds pages without belonging to one institution). A release records
 * currentChangeSeq() read BEFORE its build started, so a change made during the build is seen
 * again by the next publish rather than lost.
 */

/**
 * The position a release records before its build: the last seq written ('0' on an empty table;
 * bigint travels as a string). Writers hold a shared advisory lock until they commit (migration
 * 0020); taking it exclusively here waits for the writes in flight, so no transaction open now can
 * later commit a seq at or below the position and be skipped by the next publish.
 */
export function currentChangeSeq(): Promise<string> {
  return transaction(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext('credit-platform:publish-changes'))`;
    const [row] = await tx<{ seq: string }[]>`SELECT COALESCE(max(seq), 0)::text AS seq FROM publish_changes`;
    return row?.seq ?? '0';
  });
}

export interface ChangesSince {
  /** The last seq read (pass it to the next call). */
  seq: string;
  /** Codes of the institutions that still exist and changed (a deleted one has no code: its missing pages make a full build). */
  codes: string[];
  /** Tables touched that feed pages globally (regions, site_settings, draws, or any TRUNCATE). */
  global: string[];
}

export async function changesSince(seq: string, tx: Tx = sql): Promise<ChangesSince> {
  const rows = await tx<{ code: string | null; table_name: string | null; last: string }[]>`
    WITH c AS (SELECT institution_id, table_name, seq FROM publish_changes WHERE seq > ${seq}::bigint)
    SELECT i.code, g.table_name, (SELECT COALESCE(max(seq), ${seq}::bigint)::text FROM c) AS last
      FROM (SELECT DISTINCT institution_id, CASE WHEN institution_id IS NULL THEN table_name END AS table_name FROM c) g
      LEFT JOIN institutions i ON i.id = g.institution_id
     WHERE g.institution_id IS NULL OR i.code IS NOT NULL
     ORDER BY i.code, g.table_name`;
  return {
    seq: rows[0]?.last ?? seq,
    codes: rows.flatMap((r) => (r.code === null ? [] : [r.code])),
    global: rows.flatMap((r) => (r.code === null && r.table_name !== null ? [r.table_name] : [])),
  };
}

/** Keeps the table small: rows at or before the oldest kept release's seq are no longer needed. */
export async function pruneChanges(upToSeq: string, tx: Tx = sql): Promise<number> {
  const r = await tx`DELETE FROM publish_changes WHERE seq <= ${upToSeq}::bigint`;
  return r.count;
}

/**
 * Tables with an institution_id column that migration 0019 deliberately does not track, and why
 * (tests/integration/db/publish-changes.test.ts fails on any other untracked one).
 */
export const UNTRACKED_INSTITUTION_TABLES: Readonly<Record<string, string>> = {
  complaints: '投诉只进入满意度统计页和开放数据（无参数的页面，每次发布都重新生成），不进机构页',
  evaluation_submissions: '机构报送的自评在审核通过前不公开；通过时写入 evaluations（已跟踪）',
  portal_submissions: '机构门户的报送在审核通过前不公开；通过时写入目标表（已跟踪）',
  portal_accounts: '机构门户账号不公开',
  inspector_recusals: '监督员回避记录不公开',
};
