import { sql } from './client';
import { writeAudit } from './audit-log';
import { inScope } from './admin-complaints-read';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';

/**
 * Routing complaints to a district (分派辖区). A complaint is supervised in its own region, else
 * its institution's; one with neither (an unlisted place reported through the API without a
 * township, or older data) is seen by no district supervisor. Administrators see those in the
 * "未分派辖区" queue of the complaint table and set the region here; from then on the district
 * supervisors of that region see the complaint and it can be assigned to them.
 */

/** Complaints the actor can see whose region is unknown (only commission-wide accounts see any). */
export async function countUnrouted(actor: Pick<Actor, 'id'>): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n
      FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE coalesce(c.region_code, i.region_code) IS NULL AND ${inScope(actor)}`;
  return row?.n ?? 0;
}

/** Regions a complaint can be routed to: counties, townships and villages, in code order. */
export async function routableRegions(): Promise<{ code: string; name: string; level: number }[]> {
  return [
    ...(await sql<{ code: string; name: string; level: number }[]>`
    SELECT code, name, level FROM regions WHERE level BETWEEN 3 AND 4 ORDER BY code LIMIT 5000`),
  ];
}

/** Sets the region of a complaint (administrators), with its history entry and audit row. */
export async function routeComplaint(actor: Actor, id: number, regionCode: string, ip: string | null): Promise<{ regionName: string }> {
  requirePermission(actor, 'complaint.route');
  return sql.begin(async (tx) => {
    const t = tx;
    const [region] = await t<{ name: string }[]>`SELECT name FROM regions WHERE code = ${regionCode} AND level >= 3`;
    if (!region) throw new DomainError('辖区：没有找到该行政区划，请从列表中选择。', 'invalid');
    const [c] = await t<{ id: number; before: string | null }[]>`
      SELECT c.id, coalesce(c.region_code, i.region_code) AS before
        FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
       WHERE c.id = ${id} AND ${inScope(actor)}
         FOR UPDATE OF c`;
    if (!c) throw new DomainError('投诉不存在，或不在您的辖区内。', 'not-found');
    await t`UPDATE complaints SET region_code = ${regionCode} WHERE id = ${id}`;
    await t`
      INSERT INTO complaint_events (complaint_id, actor_id, action, note)
      VALUES (${id}, ${actor.id}, 'route', ${`分派辖区：${region.name}`})`;
    await writeAudit(t, {
      actor,
      action: 'complaint.route',
      targetKind: 'complaint',
      targetId: id,
      detail: { from: c.before, to: regionCode },
      ip,
    });
    return { regionName: region.name };
  });
}
