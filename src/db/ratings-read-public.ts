import { sql } from './client';

/**
 * Published rating figures: the mean and count of stars per institution, for the disclosure
 * page and the open data (read when the static site is built, so they change on publication),
 * and the comments a supervisor has approved (their redacted text only).
 */

export interface RatingSummary {
  institutionId: number;
  /** Mean stars, one decimal. */
  mean: number;
  count: number;
}

/** Every institution that has ratings. */
export async function ratingSummaries(ids: readonly number[] | null = null): Promise<Map<number, RatingSummary>> {
  const rows = await sql<RatingSummary[]>`
    SELECT institution_id AS "institutionId", round(avg(stars), 1)::float8 AS mean, count(*)::int AS count
      FROM ratings ${ids ? sql`WHERE institution_id = ANY(${[...ids]}::bigint[])` : sql``} GROUP BY institution_id`;
  return new Map(rows.map((r) => [r.institutionId, r]));
}

export async function ratingSummaryFor(institutionId: number): Promise<RatingSummary | null> {
  const [row] = await sql<RatingSummary[]>`
    SELECT institution_id AS "institutionId", round(avg(stars), 1)::float8 AS mean, count(*)::int AS count
      FROM ratings WHERE institution_id = ${institutionId} GROUP BY institution_id`;
  return row ?? null;
}

export interface PublishedComment {
  stars: number;
  text: string;
  date: string;
}

/** Approved comments (redacted text), newest first. */
export async function publishedComments(institutionId: number, limit = 20): Promise<PublishedComment[]> {
  return sql<PublishedComment[]>`
    SELECT stars, comment_public AS text, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date
      FROM ratings
     WHERE institution_id = ${institutionId} AND comment_status = '已公开' AND comment_public IS NOT NULL
     ORDER BY created_at DESC LIMIT ${limit}`;
}
