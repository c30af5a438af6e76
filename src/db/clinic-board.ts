import { sql, type Tx } from './client';
import { writeAudit } from './audit-log';
import { groupBy, type Owned } from './public-read';
import { institutionInScope } from './points-read';
import { requirePermission, rolesWith, type Actor } from '../domain/roles';
import { notFound } from '../domain/errors';
import {
  COMMENTS_PER_PAGE,
  NO_CLINIC_DETAILS,
  type ClinicDetails,
  type PriceRecord,
  type PublishedCommentRecord,
  type RadiationDeviceRecord,
  type RadiologyLicenceRecord,
  type RadiologyRecord,
  type SelfInspectionKind,
  type StaffExtraRecord,
} from '../domain/clinic-board';
import type { IsoDate } from '../domain/working-days';

/**
 * The clinic page's completeness items (issue 15): reads for the static build and the writes a
 * supervisor (admin form, import) or an approved portal submission makes. Every write takes the
 * caller's transaction (`Tx`), checks jurisdiction and role in SQL, and writes its audit entry in
 * that transaction, so the portal's approval can call it inside its own.
 */

// ---------------------------------------------------------------------------------------------
// Reads (build time)

/** Radiology licences and devices of these institutions (all when `ids` is null): few rows, read with the snapshot. */
export async function loadRadiology(ids: readonly number[] | null): Promise<Map<number, RadiologyRecord>> {
  const filter = (col: string) => (ids ? sql`WHERE ${sql(col)} = ANY(${[...ids]}::bigint[])` : sql``);
  const [licences, devices] = await Promise.all([
    sql<Owned<RadiologyLicenceRecord>[]>`
      SELECT institution_id AS "institutionId", licence_no AS "licenceNo", valid_from::text AS "validFrom", valid_to::text AS "validTo", scope
        FROM radiology_licences ${filter('institution_id')}`,
    sql<Owned<RadiationDeviceRecord>[]>`
      SELECT institution_id AS "institutionId", code, device_type AS "deviceType", model, room,
             last_tested_on::text AS "lastTestedOn", test_result AS "testResult", status
        FROM radiation_devices ${filter('institution_id')} ORDER BY institution_id, code`,
  ]);
  const out = new Map<number, RadiologyRecord>();
  for (const { institutionId, ...l } of licences) out.set(institutionId, { licence: l, devices: [] });
  for (const [id, list] of groupBy(devices)) out.set(id, { licence: out.get(id)?.licence ?? null, devices: list });
  return out;
}

/** Hours, prices, staff extras and the first page of approved comments of these institutions. */
export async function loadClinicDetails(ids: readonly number[]): Promise<Map<number, ClinicDetails>> {
  const list = [...ids];
  const [hours, prices, extras, comments] = await Promise.all([
    sql<{ id: number; openingHours: string | null; priceUrl: string | null }[]>`
      SELECT id, opening_hours AS "openingHours", price_url AS "priceUrl" FROM institutions
       WHERE id = ANY(${list}::bigint[]) AND (opening_hours IS NOT NULL OR price_url IS NOT NULL)`,
    sql<Owned<PriceRecord>[]>`
      SELECT institution_id AS "institutionId", item, unit, price_cents AS "priceCents", note
        FROM institution_prices WHERE institution_id = ANY(${list}::bigint[]) ORDER BY institution_id, position, id`,
    sql<Owned<StaffExtraRecord>[]>`
      SELECT s.institution_id AS "institutionId", s.id AS "staffId", s.treatment_methods AS "treatmentMethods",
             c.year AS "commitmentYear", c.signed_on::text AS "commitmentSignedOn"
        FROM staff s
        LEFT JOIN LATERAL (SELECT year, signed_on FROM staff_commitments WHERE staff_id = s.id ORDER BY year DESC LIMIT 1) c ON true
       WHERE s.active AND s.institution_id = ANY(${list}::bigint[]) AND (s.treatment_methods IS NOT NULL OR c.year IS NOT NULL)`,
    // The first page of each institution's approved comments and how many there are.
    sql<(Owned<PublishedCommentRecord> & { total: number })[]>`
      SELECT institution_id AS "institutionId", stars, text, date, total FROM (
        SELECT institution_id, stars, comment_public AS text,
               to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date,
               row_number() OVER w AS n, (count(*) OVER (PARTITION BY institution_id))::int AS total
          FROM ratings
         WHERE institution_id = ANY(${list}::bigint[]) AND comment_status = '已公开' AND comment_public IS NOT NULL
        WINDOW w AS (PARTITION BY institution_id ORDER BY created_at DESC, id DESC)) x
       WHERE n <= ${COMMENTS_PER_PAGE} ORDER BY institution_id, n`,
  ]);
  const byHours = new Map(hours.map((h) => [h.id, h]));
  const byPrice = groupBy(prices);
  const byExtra = groupBy(extras);
  const byComment = groupBy(comments);
  return new Map(
    list.map((id) => {
      const c = byComment.get(id) ?? [];
      return [
        id,
        {
          ...NO_CLINIC_DETAILS,
          openingHours: byHours.get(id)?.openingHours ?? null,
          priceUrl: byHours.get(id)?.priceUrl ?? null,
          prices: byPrice.get(id) ?? [],
          staffExtras: byExtra.get(id) ?? [],
          comments: c.map(({ stars, text, date }) => ({ stars, text, date })),
          commentCount: c[0]?.total ?? 0,
        },
      ];
    }),
  );
}

/** Institutions (practising or not) with more approved comments than the first page holds. */
export async function institutionsWithMoreComments(): Promise<{ institutionId: number; code: string; count: number }[]> {
  return sql<{ institutionId: number; code: string; count: number }[]>`
    SELECT i.id AS "institutionId", i.code, count(*)::int AS count
      FROM ratings r JOIN institutions i ON i.id = r.institution_id
     WHERE r.comment_status = '已公开' AND r.comment_public IS NOT NULL
     GROUP BY i.id, i.code HAVING count(*) > ${COMMENTS_PER_PAGE} ORDER BY i.code`;
}

/** Page `page` (1-based) of an institution's approved comments, newest first. */
export async function approvedCommentsPage(institutionId: number, page: number): Promise<PublishedCommentRecord[]> {
  return sql<PublishedCommentRecord[]>`
    SELECT stars, comment_public AS text, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date
      FROM ratings
     WHERE institution_id = ${institutionId} AND comment_status = '已公开' AND comment_public IS NOT NULL
     ORDER BY created_at DESC, id DESC LIMIT ${COMMENTS_PER_PAGE} OFFSET ${(page - 1) * COMMENTS_PER_PAGE}`;
}

/** Whether this device rated the institution within the window (told before the form is filled). */
export async function ratedRecently(institutionId: number, deviceHash: string, windowDays: number): Promise<boolean> {
  const rows = await sql`
    SELECT 1 FROM ratings WHERE institution_id = ${institutionId} AND device_hash = ${deviceHash}
       AND created_at > now() - make_interval(days => ${windowDays}) LIMIT 1`;
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Writes (supervisors; the portal's approvals)

/** Roles that may set board items (the SQL guard; the same as the credit work). */
const CAN_SET = `{${rolesWith('credit.write').join(',')}}`;

async function lockInstitution(tx: Tx, actor: Actor, institutionId: number): Promise<void> {
  requirePermission(actor, 'credit.write');
  const [row] = await tx`
    SELECT i.id FROM institutions i
     WHERE i.id = ${institutionId} AND ${institutionInScope(actor)} AND supervisor_has_role(${actor.id}, ${CAN_SET})
       FOR UPDATE OF i`;
  if (!row) throw notFound('机构不存在，或不在您的管辖范围内。');
}

export interface PriceInput {
  item: string;
  unit: string | null;
  priceCents: number;
  note: string | null;
}

export interface HoursAndPricesInput {
  openingHours: string | null;
  priceUrl: string | null;
  /** Replaces the whole price list when given; left as it is when undefined. */
  prices?: readonly PriceInput[];
}

/** 诊疗时间 and 价格公示 (a list of items or the official link). */
export async function setOpeningHoursAndPrices(
  tx: Tx,
  institutionId: number,
  input: HoursAndPricesInput,
  actor: Actor,
  reason: string | null = null,
): Promise<void> {
  await lockInstitution(tx, actor, institutionId);
  await tx`UPDATE institutions SET opening_hours = ${input.openingHours}, price_url = ${input.priceUrl}, updated_at = now() WHERE id = ${institutionId}`;
  if (input.prices) {
    await tx`DELETE FROM institution_prices WHERE institution_id = ${institutionId}`;
    for (const [i, p] of input.prices.entries()) {
      await tx`INSERT INTO institution_prices (institution_id, item, unit, price_cents, note, position)
               VALUES (${institutionId}, ${p.item}, ${p.unit}, ${p.priceCents}, ${p.note}, ${i + 1})`;
    }
  }
  await writeAudit(tx, {
    actor,
    action: 'institution.hours-prices',
    targetKind: 'institution',
    targetId: institutionId,
    reason,
    detail: { openingHours: input.openingHours, priceUrl: input.priceUrl, prices: input.prices?.length ?? null },
  });
}

async function staffInstitution(tx: Tx, staffId: number): Promise<number> {
  const [row] = await tx<{ institutionId: number }[]>`SELECT institution_id AS "institutionId" FROM staff WHERE id = ${staffId}`;
  if (!row) throw notFound('医护人员不存在。');
  return row.institutionId;
}

export interface StaffCommitmentInput {
  year: number;
  signedOn: IsoDate;
  /** Null: the standard 依法执业承诺书 text of the year. */
  body: string | null;
}

/** A staff member's signed 依法执业承诺 (双承诺, seed 004); one per year, a second one replaces it. */
export async function setStaffCommitment(tx: Tx, staffId: number, input: StaffCommitmentInput, actor: Actor, reason: string | null = null): Promise<void> {
  const institutionId = await staffInstitution(tx, staffId);
  await lockInstitution(tx, actor, institutionId);
  await tx`INSERT INTO staff_commitments (staff_id, year, signed_on, body) VALUES (${staffId}, ${input.year}, ${input.signedOn}, ${input.body})
           ON CONFLICT (staff_id, year) DO UPDATE SET signed_on = EXCLUDED.signed_on, body = EXCLUDED.body`;
  await writeAudit(tx, {
    actor,
    action: 'staff.commitment',
    targetKind: 'staff',
    targetId: staffId,
    reason,
    detail: { year: input.year, signedOn: input.signedOn },
  });
}

/** The 中医（专长）医师's treatment methods, shown beside the scope (seed 002 问题十五). */
export async function setTreatmentMethods(tx: Tx, staffId: number, methods: string | null, actor: Actor, reason: string | null = null): Promise<void> {
  const institutionId = await staffInstitution(tx, staffId);
  await lockInstitution(tx, actor, institutionId);
  await tx`UPDATE staff SET treatment_methods = ${methods} WHERE id = ${staffId}`;
  await writeAudit(tx, { actor, action: 'staff.treatment-methods', targetKind: 'staff', targetId: staffId, reason, detail: { treatmentMethods: methods } });
}

export interface SelfInspectionInput {
  inspectedOn: IsoDate;
  kind: SelfInspectionKind;
  result: '合格' | '基本合格' | '不合格';
  findings: string | null;
  rectified: boolean | null;
}

/** One self-inspection result (seed 004: yearly full, quarterly routine); the same date replaces it. */
export async function recordSelfInspection(
  tx: Tx,
  institutionId: number,
  input: SelfInspectionInput,
  actor: Actor,
  reason: string | null = null,
): Promise<number> {
  await lockInstitution(tx, actor, institutionId);
  const [row] = await tx<{ id: number }[]>`
    INSERT INTO self_inspections (institution_id, inspected_on, kind, result, findings, rectified)
    VALUES (${institutionId}, ${input.inspectedOn}, ${input.kind}, ${input.result}, ${input.findings}, ${input.rectified})
    ON CONFLICT (institution_id, inspected_on) DO UPDATE SET kind = EXCLUDED.kind, result = EXCLUDED.result, findings = EXCLUDED.findings, rectified = EXCLUDED.rectified
    RETURNING id`;
  const id = Number(row?.id);
  await writeAudit(tx, { actor, action: 'self-inspection.record', targetKind: 'institution', targetId: institutionId, reason, detail: { ...input } });
  return id;
}

/** A device as a supervisor (or the import) registers it: the stored record itself. */
export type DeviceInput = RadiationDeviceRecord;

/**
 * The 放射诊疗许可证 (when given) and devices (added or updated by code; devices not named stay
 * as they are — a device leaves the page only by being marked 报废, so its history is not lost).
 */
export async function setRadiology(
  tx: Tx,
  institutionId: number,
  input: { licence: RadiologyLicenceRecord | null; devices: readonly DeviceInput[] },
  actor: Actor,
  reason: string | null = null,
): Promise<void> {
  await lockInstitution(tx, actor, institutionId);
  const l = input.licence;
  if (l) {
    await tx`INSERT INTO radiology_licences (institution_id, licence_no, valid_from, valid_to, scope)
             VALUES (${institutionId}, ${l.licenceNo}, ${l.validFrom}, ${l.validTo}, ${l.scope})
             ON CONFLICT (institution_id) DO UPDATE SET licence_no = EXCLUDED.licence_no, valid_from = EXCLUDED.valid_from,
               valid_to = EXCLUDED.valid_to, scope = EXCLUDED.scope`;
  }
  for (const d of input.devices) {
    await tx`INSERT INTO radiation_devices (institution_id, code, device_type, model, room, last_tested_on, test_result, status)
             VALUES (${institutionId}, ${d.code}, ${d.deviceType}, ${d.model}, ${d.room}, ${d.lastTestedOn}, ${d.testResult}, ${d.status})
             ON CONFLICT (institution_id, code) DO UPDATE SET device_type = EXCLUDED.device_type, model = EXCLUDED.model, room = EXCLUDED.room,
               last_tested_on = EXCLUDED.last_tested_on, test_result = EXCLUDED.test_result, status = EXCLUDED.status`;
  }
  await writeAudit(tx, {
    actor,
    action: 'institution.radiology',
    targetKind: 'institution',
    targetId: institutionId,
    reason,
    detail: { licenceNo: l?.licenceNo ?? null, devices: input.devices.map((d) => d.code) },
  });
}

/** The devices of an institution, by its public code (the on-demand label sheet). */
export async function devicesOfInstitution(code: string): Promise<RadiationDeviceRecord[]> {
  return sql<RadiationDeviceRecord[]>`
    SELECT d.code, d.device_type AS "deviceType", d.model, d.room, d.last_tested_on::text AS "lastTestedOn", d.test_result AS "testResult", d.status
      FROM radiation_devices d JOIN institutions i ON i.id = d.institution_id
     WHERE i.code = ${code} ORDER BY d.code`;
}

export interface BoardTarget {
  id: number;
  code: string;
  type: string;
  departments: string[];
  /** Active doctors of the 中医 category (candidates for treatment methods) and all active staff ids. */
  chineseMedicineDoctors: number[];
  staffIds: number[];
}

/** Practising institutions with their active staff: what the demo fills in (src/demo/demo-clinic-board.ts). */
export async function practisingBoardTargets(limit: number): Promise<BoardTarget[]> {
  return sql<BoardTarget[]>`
    SELECT i.id, i.code, i.type, i.departments,
           COALESCE(array_agg(s.id ORDER BY s.id) FILTER (WHERE s.practice_category = '中医' AND s.profession IN ('医师','助理医师')), '{}') AS "chineseMedicineDoctors",
           COALESCE(array_agg(s.id ORDER BY s.id) FILTER (WHERE s.id IS NOT NULL), '{}') AS "staffIds"
      FROM institutions i LEFT JOIN staff s ON s.institution_id = i.id AND s.active
     WHERE i.status = '执业'
     GROUP BY i.id ORDER BY i.id LIMIT ${limit}`;
}
