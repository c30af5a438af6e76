import { sql, transaction, type Tx } from './client';
import { writeAudit } from './audit-log';
import { DomainError } from '../domain/errors';
import type { Actor } from '../domain/roles';
import type { CountySettings, CountySettingsInput } from '../schemas/admin-counties';

export type { CountySettings };

/**
 * Several counties on one deployment (migration 0018, docs/scale.md): each county's own
 * commission, contacts and document-number prefix. Read by the public site for every county;
 * written by the province administrator or that county's administrator — both checked in the
 * same statement (`supervisor_covers`), with the audit entry in the same transaction.
 */

const COLUMNS = () => sql`
  r.code, r.name, p.name AS "parentName", (cs.region_code IS NOT NULL) AS configured,
  cs.commission_name AS "commissionName", cs.supervising_unit AS "supervisingUnit", cs.complaint_phone AS "complaintPhone",
  cs.contact_phone AS "contactPhone", cs.contact_address AS "contactAddress", cs.document_abbr AS "documentAbbr"`;

/** Every county of the deployment (regions of level 3), with its settings when it has them. */
export async function listCounties(t: Tx = sql): Promise<CountySettings[]> {
  return [
    ...(await t<CountySettings[]>`
      SELECT ${COLUMNS()} FROM regions r
        LEFT JOIN regions p ON p.code = r.parent_code
        LEFT JOIN county_settings cs ON cs.region_code = r.code
       WHERE r.level = 3 ORDER BY r.code`),
  ];
}

/** The counties an account may see and edit: all for the province administrator, else their own. */
export async function countiesInScope(actor: Pick<Actor, 'id'>): Promise<CountySettings[]> {
  return [
    ...(await sql<CountySettings[]>`
      SELECT ${COLUMNS()} FROM regions r
        LEFT JOIN regions p ON p.code = r.parent_code
        LEFT JOIN county_settings cs ON cs.region_code = r.code
       WHERE r.level = 3 AND supervisor_covers(${actor.id}, ARRAY[r.code])
       ORDER BY r.code`),
  ];
}

/**
 * Save a county's settings. Refused unless the actor is an active administrator whose
 * jurisdiction covers the county (the province administrator, or that county's administrator).
 */
export async function saveCountySettings(
  actor: Pick<Actor, 'id' | 'username'> | null,
  code: string,
  s: CountySettingsInput,
  reason: string | null,
  ip: string | null = null,
  t?: Tx,
): Promise<void> {
  const work = async (tx: Tx) => {
    const [county] = await tx<{ ok: boolean }[]>`
      SELECT (${actor === null} OR (supervisor_has_role(${actor?.id ?? 0}, '{admin}') AND supervisor_covers(${actor?.id ?? 0}, ARRAY[r.code]))) AS ok
        FROM regions r WHERE r.code = ${code} AND r.level = 3`;
    if (!county) throw new DomainError(`没有区划代码为 ${code} 的县（市、区）。`, 'not-found');
    if (!county.ok) throw new DomainError('只有省（市）管理员或本县管理员可以修改本县设置。', 'forbidden');
    await tx`
      INSERT INTO county_settings (region_code, commission_name, supervising_unit, complaint_phone, contact_phone, contact_address, document_abbr, updated_by)
      VALUES (${code}, ${s.commissionName}, ${s.supervisingUnit}, ${s.complaintPhone}, ${s.contactPhone}, ${s.contactAddress}, ${s.documentAbbr}, ${actor?.id ?? null})
      ON CONFLICT (region_code) DO UPDATE SET
        commission_name = EXCLUDED.commission_name, supervising_unit = EXCLUDED.supervising_unit, complaint_phone = EXCLUDED.complaint_phone,
        contact_phone = EXCLUDED.contact_phone, contact_address = EXCLUDED.contact_address, document_abbr = EXCLUDED.document_abbr,
        updated_at = now(), updated_by = EXCLUDED.updated_by`;
    await writeAudit(tx, {
      actor,
      actorName: 'system',
      action: 'county.settings',
      targetKind: 'region',
      targetId: code,
      reason,
      ip,
      detail: { ...s },
    });
  };
  if (t) await work(t);
  else await transaction(work);
}

/** The county an institution lies in, with its settings (null on a deployment without counties). */
export async function countyOfInstitution(institutionId: number, t: Tx = sql): Promise<CountySettings | null> {
  const [row] = await t<CountySettings[]>`
    SELECT ${COLUMNS()} FROM institutions i
      JOIN regions r ON r.code = region_county(i.region_code)
      LEFT JOIN regions p ON p.code = r.parent_code
      LEFT JOIN county_settings cs ON cs.region_code = r.code
     WHERE i.id = ${institutionId}`;
  return row ?? null;
}
