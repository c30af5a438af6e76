import { sql, transaction, type Tx } from './client';
import { writeAudit, type AuditEntry } from './audit-log';
import {
  EMPTY_SNAPSHOT,
  completeDiff,
  diffSnapshots,
  type Level,
  type RowChange,
  type SiteSnapshot,
  type SnapshotDiff,
  type StoredSnapshotDiff,
} from '../domain/publish-changes';

/**
 * Snapshots of what the public site shows (levels, penalties, downgrades) and the publications
 * table: each publication stores the snapshot it was built from, so the next one can say what
 * changes.
 */

export async function takeSnapshot(tx: Tx = sql): Promise<SiteSnapshot> {
  const levels = await tx<{ id: number; code: string; name: string; year: number; level: Level }[]>`
    SELECT DISTINCT ON (e.institution_id) e.institution_id AS id, i.code, i.name, e.year, e.level
      FROM evaluations e JOIN institutions i ON i.id = e.institution_id
     ORDER BY e.institution_id, e.year DESC`;
  const penalties = await tx<{ id: number }[]>`SELECT id FROM penalties ORDER BY id`;
  // Only downgrades the public pages show: approved, with their notice issued (public-read.ts).
  const downgrades = await tx<{ id: number }[]>`SELECT id FROM downgrades WHERE state = 'downgraded' AND notice_no IS NOT NULL ORDER BY id`;
  // Fingerprints (12 hex digits of md5) of what each public page shows; bookkeeping timestamps
  // are left out so a re-import that changes nothing changes nothing here either.
  const institutions = await tx<{ id: number; h: string }[]>`
    SELECT i.id, left(md5(concat_ws('#',
             (to_jsonb(i) - 'created_at' - 'updated_at')::text,
             (SELECT string_agg((to_jsonb(s) - 'created_at' - 'updated_at')::text, '|' ORDER BY s.id) FROM staff s WHERE s.institution_id = i.id),
             (SELECT string_agg((to_jsonb(c) - 'created_at' - 'updated_at')::text, '|' ORDER BY c.id) FROM commitments c WHERE c.institution_id = i.id),
             (SELECT string_agg((to_jsonb(x) - 'created_at' - 'updated_at')::text, '|' ORDER BY x.id) FROM self_inspections x WHERE x.institution_id = i.id),
             -- 限期整改 and 复核 lines under the level (level-notes.ts)
             (SELECT string_agg((to_jsonb(r) - 'created_at')::text, '|' ORDER BY r.id) FROM rectifications r WHERE r.institution_id = i.id),
             (SELECT string_agg((to_jsonb(v) - 'created_at')::text, '|' ORDER BY v.id) FROM reviews v WHERE v.institution_id = i.id))), 12) AS h
      FROM institutions i`;
  const points = await tx<{ id: number; h: string }[]>`
    SELECT p.id, left(md5((to_jsonb(p) - 'created_at' - 'updated_at')::text), 12) AS h FROM point_records p`;
  const ratings = await tx<{ id: number; h: string }[]>`
    SELECT institution_id AS id,
           left(md5(concat_ws('#', count(*), sum(stars),
             string_agg(CASE WHEN comment_status = '已公开' THEN id::text || ':' || coalesce(comment_public, '') END, '|' ORDER BY id))), 12) AS h
      FROM ratings GROUP BY institution_id`;
  const comments = await tx<{ id: number }[]>`SELECT id FROM ratings WHERE comment_status = '已公开' ORDER BY id`;
  const snapshot: SiteSnapshot = {
    levels: {},
    penaltyIds: penalties.map((p) => p.id),
    downgradeIds: downgrades.map((d) => d.id),
    institutions: Object.fromEntries(institutions.map((r) => [String(r.id), r.h])),
    points: Object.fromEntries(points.map((r) => [String(r.id), r.h])),
    ratings: Object.fromEntries(ratings.map((r) => [String(r.id), r.h])),
    commentIds: comments.map((c) => c.id),
  };
  for (const l of levels) snapshot.levels[String(l.id)] = { code: l.code, name: l.name, year: l.year, level: l.level };
  return snapshot;
}

/** The snapshot of the release the public sees now (the last one switched to). */
export async function publishedSnapshot(): Promise<{ snapshot: SiteSnapshot; publicationId: number | null; releaseId: string | null }> {
  const [row] = await sql<{ id: number; releaseId: string; summary: { snapshot?: SiteSnapshot } }[]>`
    SELECT id, release_id AS "releaseId", summary FROM publications
     WHERE status = '已发布' ORDER BY switched_at DESC NULLS LAST, id DESC LIMIT 1`;
  return { snapshot: row?.summary.snapshot ?? EMPTY_SNAPSHOT, publicationId: row?.id ?? null, releaseId: row?.releaseId ?? null };
}

export interface ChangeDetails {
  diff: SnapshotDiff;
  penalties: { id: number; code: string; name: string; decisionNo: string; decidedOn: string; penalty: string }[];
  downgrades: { id: number; code: string; name: string; noticeNo: string; decidedOn: string; fromLevel: string; toLevel: string }[];
  points: { id: number; code: string; name: string; behaviour: string; points: number; status: string; foundOn: string }[];
  institutions: { id: number; code: string; name: string; change: RowChange }[];
  ratings: { id: number; code: string; name: string }[];
  comments: { id: number; code: string; name: string; stars: number; text: string | null }[];
}

/** The diff with the new penalties' and downgrades' particulars, for the preview page. */
export async function describeChanges(stored: StoredSnapshotDiff, limit = 500): Promise<ChangeDetails> {
  const diff = completeDiff(stored);
  const penaltyIds = diff.newPenaltyIds.slice(0, limit);
  const downgradeIds = diff.newDowngradeIds.slice(0, limit);
  const penalties = penaltyIds.length
    ? await sql<ChangeDetails['penalties']>`
        SELECT p.id, i.code, i.name, p.decision_no AS "decisionNo", p.decided_on::text AS "decidedOn", p.penalty
          FROM penalties p JOIN institutions i ON i.id = p.institution_id WHERE p.id = ANY(${penaltyIds}) ORDER BY p.decided_on DESC`
    : [];
  const downgrades = downgradeIds.length
    ? await sql<ChangeDetails['downgrades']>`
        SELECT d.id, i.code, i.name, d.notice_no AS "noticeNo", d.decided_on::text AS "decidedOn", d.from_level AS "fromLevel", d.to_level AS "toLevel"
          FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id JOIN institutions i ON i.id = e.institution_id
         WHERE d.id = ANY(${downgradeIds}) ORDER BY d.decided_on DESC`
    : [];
  const pointIds = diff.pointChanges
    .filter((c) => c.change !== 'removed')
    .slice(0, limit)
    .map((c) => c.pointId);
  const points = pointIds.length
    ? await sql<ChangeDetails['points']>`
        SELECT p.id, i.code, i.name, p.behaviour, p.points, p.status, p.found_on::text AS "foundOn"
          FROM point_records p JOIN institutions i ON i.id = p.institution_id WHERE p.id = ANY(${pointIds}) ORDER BY p.found_on DESC, p.id`
    : [];
  const instIds = [...new Set([...diff.institutionChanges.map((c) => c.institutionId), ...diff.ratingInstitutionIds])].slice(0, limit * 2);
  const names = instIds.length
    ? await sql<{ id: number; code: string; name: string }[]>`SELECT id, code, name FROM institutions WHERE id = ANY(${instIds})`
    : [];
  const byId = new Map(names.map((n) => [n.id, n]));
  const named = (id: number) => byId.get(id) ?? { id, code: '—', name: '（已删除的机构）' };
  const commentIds = diff.newCommentIds.slice(0, limit);
  const comments = commentIds.length
    ? await sql<ChangeDetails['comments']>`
        SELECT r.id, i.code, i.name, r.stars, r.comment_public AS text
          FROM ratings r JOIN institutions i ON i.id = r.institution_id WHERE r.id = ANY(${commentIds}) ORDER BY r.id`
    : [];
  return {
    diff,
    penalties: [...penalties],
    downgrades: [...downgrades],
    points: [...points],
    institutions: diff.institutionChanges.slice(0, limit).map((c) => ({ ...named(c.institutionId), change: c.change })),
    ratings: diff.ratingInstitutionIds.slice(0, limit).map(named),
    comments: [...comments],
  };
}

/** What publishing now would change compared with the published release. */
export async function pendingChanges(): Promise<SnapshotDiff> {
  const [{ snapshot: before }, after] = await Promise.all([publishedSnapshot(), takeSnapshot()]);
  return diffSnapshots(before, after);
}

export type PublicationStatus = '构建中' | '待发布' | '已发布' | '已放弃' | '失败';

export interface PublicationRow {
  id: number;
  releaseId: string;
  status: PublicationStatus;
  startedAt: string;
  finishedAt: string | null;
  switchedAt: string | null;
  publishedBy: string | null;
  summaryLine: string | null;
  error: string | null;
  diff: StoredSnapshotDiff | null;
}

/** A publication row as PublicationRow reads it (times in China), with who published it. */
const PUBLICATION = () => sql`
    SELECT p.id, p.release_id AS "releaseId", p.status,
           to_char(p.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS "startedAt",
           to_char(p.finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS "finishedAt",
           to_char(p.switched_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS "switchedAt",
           s.display_name AS "publishedBy", p.summary->>'line' AS "summaryLine", p.error, p.summary->'diff' AS diff
      FROM publications p LEFT JOIN supervisors s ON s.id = p.published_by`;

export async function listPublications(limit = 20): Promise<PublicationRow[]> {
  const rows = await sql<PublicationRow[]>`${PUBLICATION()} ORDER BY p.id DESC LIMIT ${limit}`;
  return [...rows];
}

export async function getPublication(id: number): Promise<PublicationRow | null> {
  const rows = await sql<PublicationRow[]>`${PUBLICATION()} WHERE p.id = ${id}`;
  return rows[0] ?? null;
}

/**
 * A build is alive only while its process holds a session-level advisory lock (key: the release
 * id) on a connection reserved for the whole build. kill -9 of the builder ends its session, so
 * PostgreSQL drops the lock at once and the next publish takes the row for dead right away
 * (issue 17: it used to wait an hour). The lock is taken before the row is inserted, so a row in
 * 构建中 is never seen without its lock.
 */
const BUILD_LOCK = 727100;
const leases = new Map<number, Awaited<ReturnType<typeof sql.reserve>>>();

/** Marks 构建中 rows whose builder is gone as 失败; returns their release ids (partial folders). */
export async function clearDeadBuilds(): Promise<string[]> {
  // pg_try_advisory_xact_lock succeeds only when no session holds the build's lock; the probe's
  // lock ends with this statement.
  const rows = await sql<{ releaseId: string }[]>`
    UPDATE publications SET status = '失败', error = '生成进程意外结束，未完成', finished_at = now()
     WHERE status = '构建中' AND pg_try_advisory_xact_lock(${BUILD_LOCK}, hashtext(release_id))
     RETURNING release_id AS "releaseId"`;
  return rows.map((r) => r.releaseId);
}

/**
 * Starts a publication row in 构建中, holding its build lock until markBuilt or markFailed.
 * Returns null when another live build is running (the unique index of 0002 allows one 构建中 row).
 */
export async function beginPublication(releaseId: string, publishedBy: number | null): Promise<number | null> {
  // A builder killed a moment ago still holds its lock until PostgreSQL notices its connection
  // is gone (a few milliseconds, longer on a busy machine): look again for up to 3 s before
  // calling the other build live.
  const until = Date.now() + 3_000;
  for (;;) {
    const id = await tryBeginPublication(releaseId, publishedBy);
    if (id !== null || Date.now() >= until) return id;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function tryBeginPublication(releaseId: string, publishedBy: number | null): Promise<number | null> {
  await clearDeadBuilds();
  const conn = await sql.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${BUILD_LOCK}, hashtext(${releaseId}))`;
    const [row] = await conn<{ id: number }[]>`
      INSERT INTO publications (release_id, published_by, status) VALUES (${releaseId}, ${publishedBy}, '构建中') RETURNING id`;
    if (!row) throw new Error('INSERT … RETURNING returned nothing');
    leases.set(row.id, conn);
    return row.id;
  } catch (e) {
    await conn`SELECT pg_advisory_unlock_all()`.catch(() => {});
    conn.release();
    if ((e as { code?: string }).code === '23505') return null;
    throw e;
  }
}

/** Gives up the build lock of a publication built or failed by this process. */
async function endLease(id: number): Promise<void> {
  const conn = leases.get(id);
  if (!conn) return;
  leases.delete(id);
  await conn`SELECT pg_advisory_unlock_all()`.catch(() => {});
  conn.release();
}

/**
 * False when the row was no longer 构建中: the build lock was lost (its connection broke, e.g. a
 * PostgreSQL restart) and another publish has taken the row for dead meanwhile.
 */
export async function markBuilt(id: number, snapshot: SiteSnapshot, diff: SnapshotDiff, line: string): Promise<boolean> {
  try {
    const rows = await sql`UPDATE publications SET status = '待发布', finished_at = now(),
                  summary = ${sql.json({ snapshot, diff, line } as never)} WHERE id = ${id} AND status = '构建中' RETURNING id`;
    return rows.length > 0;
  } finally {
    await endLease(id);
  }
}

export async function markFailed(id: number, error: string): Promise<void> {
  try {
    await sql`UPDATE publications SET status = '失败', finished_at = now(), error = ${error.slice(0, 4000)} WHERE id = ${id}`;
  } finally {
    await endLease(id);
  }
}

/** Staged releases superseded by a newer switch are dropped. */
export async function markSwitched(tx: Tx, id: number, publishedBy: number | null): Promise<boolean> {
  const rows = await tx`UPDATE publications SET status = '已发布', switched_at = now(), published_by = coalesce(${publishedBy}, published_by)
                         WHERE id = ${id} AND status = '待发布' RETURNING id`;
  if (rows.length === 0) return false;
  await tx`UPDATE publications SET status = '已放弃' WHERE status = '待发布' AND id < ${id}`;
  return true;
}

/**
 * The switch of a built publication, in one transaction: the row becomes 已发布, the audit row is
 * written, and `last` (the switch of the live folder) runs inside it, so a failed switch rolls the
 * record back. False when the row was no longer 待发布 (nothing is written, `last` does not run).
 */
export async function recordSwitch(id: number, publishedBy: number | null, audit: AuditEntry, last: () => void): Promise<boolean> {
  return transaction(async (tx) => {
    if (!(await markSwitched(tx, id, publishedBy))) return false;
    await writeAudit(tx, audit);
    last();
    return true;
  });
}

/** Whether a release may be previewed: built and waiting (待发布) or published. */
export async function isPreviewable(releaseId: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM publications WHERE release_id = ${releaseId} AND status IN ('待发布', '已发布')`;
  return row !== undefined;
}

export async function markDiscarded(id: number): Promise<boolean> {
  const rows = await sql`UPDATE publications SET status = '已放弃' WHERE id = ${id} AND status = '待发布' RETURNING id`;
  return rows.length > 0;
}

/** Release ids still waiting for a decision (pruning must keep their folders). */
export async function stagedReleaseIds(): Promise<string[]> {
  const rows = await sql<{ releaseId: string }[]>`SELECT release_id AS "releaseId" FROM publications WHERE status IN ('构建中', '待发布')`;
  return rows.map((r) => r.releaseId);
}
