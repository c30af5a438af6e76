import { sql } from './client';

/**
 * The search fallback for browsers without JavaScript (/search/results): institutions whose name
 * or address contains every term, optionally within an area (county or township) and of a type.
 * Exact names first, then names that contain the first term, then shorter names. Parametrised;
 * strpos, not LIKE, so % and _ in a query are plain characters.
 */
export async function searchInstitutionIds(opts: { terms: string[]; area: string | null; type: string | null; limit: number }): Promise<number[]> {
  const { terms, area, type, limit } = opts;
  const whole = terms.join(' ');
  const rows = await sql<{ id: number }[]>`
    SELECT i.id
    FROM institutions i
    LEFT JOIN regions r ON r.code = i.region_code
    WHERE NOT EXISTS (
            SELECT 1 FROM unnest(${terms}::text[]) AS t(term)
            WHERE strpos(i.name, t.term) = 0 AND strpos(coalesce(i.address, ''), t.term) = 0)
      AND (${area}::text IS NULL OR i.region_code = ${area} OR r.parent_code = ${area})
      AND (${type}::text IS NULL OR i.type = ${type})
    ORDER BY (i.name = ${whole}) DESC, (strpos(i.name, ${terms[0] ?? ''}) > 0) DESC, length(i.name), i.code
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Counties and townships that have institutions (the 辖区 filter of the search form). */
export async function searchAreas(): Promise<{ code: string; name: string; level: number; parentName: string | null }[]> {
  return sql<{ code: string; name: string; level: number; parentName: string | null }[]>`
    WITH used AS (SELECT DISTINCT region_code AS code FROM institutions WHERE region_code IS NOT NULL),
         areas AS (SELECT code FROM used UNION SELECT r.parent_code FROM regions r JOIN used u ON u.code = r.code)
    SELECT r.code, r.name, r.level, p.name AS "parentName"
    FROM regions r JOIN areas a ON a.code = r.code LEFT JOIN regions p ON p.code = r.parent_code
    WHERE r.level IN (3, 4)
    ORDER BY r.code`;
}

/** Institution types present (the 类别 filter). */
export async function searchTypes(): Promise<string[]> {
  const rows = await sql<{ type: string }[]>`SELECT DISTINCT type FROM institutions`;
  return rows.map((r) => r.type);
}
