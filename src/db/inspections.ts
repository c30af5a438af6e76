import { sql, transaction, type Tx } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { institutionInScope } from './points-read';
import { orderRectification } from './rectifications';
import { requirePermission, type Actor } from '../domain/roles';
import { DomainError } from '../domain/errors';
import { followUpLabel, inspectionIssues, inspectionNumber, type FollowUpKind, type InspectionKind, type InspectionResult } from '../domain/inspections';
import { findingLabels } from '../domain/inspection-findings';
import type { IsoDate } from '../domain/working-days';
import { unknownRegions } from './supervisors';

/**
 * Inspection records (issue 13): writing them (at least two inspectors with 执法证号, findings
 * from the seed-002 list, result), what followed (links to rectifications, points, penalties,
 * downgrades), and reading them for the list and the record's page. Jurisdiction and role are
 * checked in the SQL of every statement; every write is audited in its own transaction.
 */

type Fragment = ReturnType<typeof sql>;

/** Statements that may write: the role is checked again in SQL (roles.ts is not the only guard). */
const WRITER = (actor: Pick<Actor, 'id'>): Fragment => sql`supervisor_has_role(${actor.id}, '{admin,district}')`;

/** The township (乡镇街道) of an institution's region `r`: itself at level 4, its parent for a village. */
export const TOWNSHIP_CODE = (): Fragment => sql`CASE r.level WHEN 5 THEN r.parent_code WHEN 4 THEN r.code END`;

export interface NewInspection {
  institutionId: number;
  inspectedOn: IsoDate;
  kind: InspectionKind;
  findingCodes: number[];
  findingsText: string | null;
  result: InspectionResult;
  complaintId: number | null;
  drawItemId: number | null;
  inspectorIds: number[];
}

/** Writes one record inside `tx` (the form and the import share it); returns its id. */
export async function insertInspection(
  tx: Tx,
  actor: Actor,
  x: NewInspection,
  today: IsoDate,
  ip: string | null,
  via: 'form' | 'import' = 'form',
): Promise<number> {
  const [inst] = await tx`
    SELECT i.id FROM institutions i WHERE i.id = ${x.institutionId} AND ${institutionInScope(actor)} AND ${WRITER(actor)}`;
  if (!inst) throw new DomainError('被检查机构：不存在或不在您的辖区内', 'not-found');
  const inspectors = await tx<{ id: number; name: string; enforcementNo: string | null }[]>`
    SELECT id, display_name AS name, enforcement_no AS "enforcementNo" FROM supervisors WHERE id = ANY(${x.inspectorIds}::bigint[]) AND active`;
  const missing = x.inspectorIds.filter((id) => !inspectors.some((s) => s.id === id));
  if (missing.length > 0) throw new DomainError(`检查人员：找不到在用的账户 ${missing.join('、')}`, 'invalid');
  const issues = inspectionIssues({ ...x, inspectors: x.inspectorIds.flatMap((id) => inspectors.filter((s) => s.id === id)) }, today);
  if (issues.length > 0) throw new DomainError(issues.join('；'), 'invalid');
  if (x.complaintId !== null) {
    const [c] = await tx`SELECT 1 FROM complaints WHERE id = ${x.complaintId} AND institution_id = ${x.institutionId}`;
    if (!c) throw new DomainError('关联投诉：找不到该机构的这件投诉', 'invalid');
  }
  if (x.drawItemId !== null) {
    const [d] = await tx<{ done: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM inspections x WHERE x.draw_item_id = di.id) AS done
        FROM draw_items di JOIN draws d ON d.id = di.draw_id
       WHERE di.id = ${x.drawItemId} AND di.institution_id = ${x.institutionId} AND d.state IN ('drawn', 'published')`;
    if (!d) throw new DomainError('双随机任务：该机构没有这项已抽取的任务', 'invalid');
    if (d.done) throw new DomainError('双随机任务：这项任务已登记检查记录', 'conflict');
  }
  const rows = await tx<{ id: number }[]>`
    INSERT INTO inspections (institution_id, inspected_on, kind, finding_codes, findings_text, result, draw_item_id, complaint_id, recorded_by)
    VALUES (${x.institutionId}, ${x.inspectedOn}, ${x.kind}, ${x.findingCodes}::smallint[], ${x.findingsText}, ${x.result}, ${x.drawItemId},
            ${x.complaintId}, ${actor.id})
    RETURNING id`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('INSERT … RETURNING returned nothing');
  await tx`INSERT INTO inspection_inspectors (inspection_id, supervisor_id) SELECT ${id}, unnest(${x.inspectorIds}::bigint[])`;
  return auditedInsert(tx, rows, {
    actor,
    action: 'inspection.create',
    targetKind: 'inspection',
    ip,
    detail: { institutionId: x.institutionId, kind: x.kind, result: x.result, inspectors: x.inspectorIds, findings: x.findingCodes, via },
  });
}

export async function createInspection(actor: Actor, x: NewInspection, today: IsoDate, ip: string | null): Promise<number> {
  requirePermission(actor, 'inspection.write');
  return transaction((tx) => insertInspection(tx, actor, x, today, ip));
}

const FOLLOW_UP_OWNER: Record<FollowUpKind, (id: number) => Fragment> = {
  rectification: (id) => sql`SELECT institution_id FROM rectifications WHERE id = ${id}`,
  point: (id) => sql`SELECT institution_id FROM point_records WHERE id = ${id}`,
  penalty: (id) => sql`SELECT institution_id FROM penalties WHERE id = ${id}`,
  downgrade: (id) => sql`SELECT e.institution_id FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id WHERE d.id = ${id}`,
};

async function linkFollowUp(tx: Tx, actor: Actor, id: number, kind: FollowUpKind, recordId: number, ip: string | null): Promise<void> {
  const [x] = await tx<{ institutionId: number }[]>`
    SELECT x.institution_id AS "institutionId" FROM inspections x JOIN institutions i ON i.id = x.institution_id
     WHERE x.id = ${id} AND ${institutionInScope(actor)} AND ${WRITER(actor)} FOR UPDATE OF x`;
  if (!x) throw new DomainError('检查记录不存在，或不在您的辖区内', 'not-found');
  const [owner] = await tx<{ institution_id: number }[]>`${FOLLOW_UP_OWNER[kind](recordId)}`;
  if (owner?.institution_id !== x.institutionId) throw new DomainError(`${followUpLabel(kind)}：找不到被检查机构的第 ${recordId} 号记录`, 'invalid');
  const added = await tx`
    INSERT INTO inspection_follow_ups (inspection_id, kind, record_id) VALUES (${id}, ${kind}, ${recordId}) ON CONFLICT DO NOTHING RETURNING 1`;
  if (added.length === 0) throw new DomainError(`${followUpLabel(kind)}：第 ${recordId} 号记录已经登记`, 'conflict');
  await writeAudit(tx, { actor, action: 'inspection.follow_up', targetKind: 'inspection', targetId: id, ip, detail: { kind, recordId } });
}

/** What followed an inspection, by the id of a record that already exists. */
export async function addFollowUp(actor: Actor, id: number, kind: FollowUpKind, recordId: number, ip: string | null): Promise<void> {
  requirePermission(actor, 'inspection.write');
  await transaction((tx) => linkFollowUp(tx, actor, id, kind, recordId, ip));
}

/**
 * 责令限期整改 straight from the record: a 'finding' rectification citing the inspection number,
 * then the link. orderRectification runs its own transaction (it is the one way a rectification
 * is written), so the link follows in a second one; should that fail, the rectification stands
 * and can be linked by its id.
 */
export async function orderRectificationFromInspection(
  actor: Actor,
  id: number,
  r: { orderedOn: IsoDate; periodDays: number; items: string },
  today: IsoDate,
  ip: string | null,
): Promise<number> {
  requirePermission(actor, 'inspection.write');
  const x = await getInspection(actor, id);
  if (!x) throw new DomainError('检查记录不存在，或不在您的辖区内', 'not-found');
  const finding = x.findings || x.findingsText || `检查结果：${x.result}`;
  const rectificationId = await orderRectification(
    actor,
    {
      institutionId: x.institutionId,
      trigger: { kind: 'finding', finding: finding.slice(0, 1000), reference: `检查记录${x.number}` },
      orderedOn: r.orderedOn,
      periodDays: r.periodDays,
      items: r.items,
    },
    today,
    ip,
  );
  await addFollowUp(actor, id, 'rectification', rectificationId, ip);
  return rectificationId;
}

// Reading ---------------------------------------------------------------------------------------

export interface InspectionFilter {
  year?: number | undefined;
  kind?: InspectionKind | undefined;
  region?: string | undefined;
  /** Name fragment or code of the institution. */
  institution?: string | undefined;
  page: number;
  pageSize: number;
}

export interface InspectionRow {
  id: number;
  number: string;
  inspectedOn: IsoDate;
  kind: InspectionKind;
  result: InspectionResult;
  findingCodes: number[];
  findingsText: string | null;
  institutionId: number;
  institutionCode: string;
  institutionName: string;
  regionName: string | null;
  inspectors: string;
  followUps: number;
}

const ROW_COLUMNS = () => sql`
  x.id, to_char(x.inspected_on, 'YYYY-MM-DD') AS "inspectedOn", x.kind, x.result, x.finding_codes::int[] AS "findingCodes", x.findings_text AS "findingsText",
  i.id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName", r.name AS "regionName",
  (SELECT string_agg(s.display_name, '、' ORDER BY s.display_name) FROM inspection_inspectors ii JOIN supervisors s ON s.id = ii.supervisor_id
    WHERE ii.inspection_id = x.id) AS inspectors,
  (SELECT count(*)::int FROM inspection_follow_ups f WHERE f.inspection_id = x.id) AS "followUps"`;

function withNumber<T extends { id: number; inspectedOn: IsoDate; inspectors: string | null }>(r: T): T & { number: string; inspectors: string } {
  return { ...r, number: inspectionNumber(r.id, r.inspectedOn), inspectors: r.inspectors ?? '' };
}

export async function listInspections(actor: Pick<Actor, 'id'>, f: InspectionFilter): Promise<{ rows: InspectionRow[]; total: number }> {
  const like = f.institution ? `%${f.institution.replace(/[\\%_]/g, (ch) => '\\' + ch)}%` : null;
  const where = sql`
    WHERE ${institutionInScope(actor)}
      ${f.year ? sql`AND x.inspected_on >= make_date(${f.year}, 1, 1) AND x.inspected_on < make_date(${f.year + 1}, 1, 1)` : sql``}
      ${f.kind ? sql`AND x.kind = ${f.kind}` : sql``}
      ${f.region ? sql`AND i.region_code = ANY (ARRAY(SELECT code FROM region_descendants(${f.region})))` : sql``}
      ${like && f.institution ? sql`AND (i.name ILIKE ${like} OR i.code = ${f.institution.toUpperCase()} OR i.registration_no = ${f.institution})` : sql``}`;
  const [count] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM inspections x JOIN institutions i ON i.id = x.institution_id ${where}`;
  const rows = await sql<(Omit<InspectionRow, 'number' | 'inspectors'> & { inspectors: string | null })[]>`
    SELECT ${ROW_COLUMNS()} FROM inspections x JOIN institutions i ON i.id = x.institution_id LEFT JOIN regions r ON r.code = i.region_code
    ${where} ORDER BY x.inspected_on DESC, x.id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`;
  return { rows: rows.map(withNumber), total: count?.n ?? 0 };
}

export interface InspectionDetail extends InspectionRow {
  /** The codes' labels, for a rectification's finding. */
  findings: string;
  complaint: { id: number; trackingNo: string } | null;
  drawItem: { id: number; drawId: number; drawTitle: string } | null;
  inspectorList: { id: number; name: string; enforcementNo: string | null }[];
  followUpList: { kind: FollowUpKind; recordId: number }[];
  recordedBy: string | null;
}

export async function getInspection(actor: Pick<Actor, 'id'>, id: number): Promise<InspectionDetail | null> {
  const [row] = await sql<
    (Omit<InspectionDetail, 'number' | 'inspectors' | 'findings' | 'complaint' | 'drawItem' | 'inspectorList' | 'followUpList'> & {
      inspectors: string | null;
      complaintId: number | null;
      trackingNo: string | null;
      drawItemId: number | null;
      drawId: number | null;
      drawTitle: string | null;
    })[]
  >`
    SELECT ${ROW_COLUMNS()}, x.complaint_id AS "complaintId", c.tracking_no AS "trackingNo",
           x.draw_item_id AS "drawItemId", di.draw_id AS "drawId", d.title AS "drawTitle", rb.display_name AS "recordedBy"
      FROM inspections x JOIN institutions i ON i.id = x.institution_id LEFT JOIN regions r ON r.code = i.region_code
      LEFT JOIN complaints c ON c.id = x.complaint_id
      LEFT JOIN draw_items di ON di.id = x.draw_item_id LEFT JOIN draws d ON d.id = di.draw_id
      LEFT JOIN supervisors rb ON rb.id = x.recorded_by
     WHERE x.id = ${id} AND ${institutionInScope(actor)}`;
  if (!row) return null;
  const inspectorList = await sql<{ id: number; name: string; enforcementNo: string | null }[]>`
    SELECT s.id, s.display_name AS name, s.enforcement_no AS "enforcementNo"
      FROM inspection_inspectors ii JOIN supervisors s ON s.id = ii.supervisor_id WHERE ii.inspection_id = ${id} ORDER BY s.display_name`;
  const followUpList = await sql<{ kind: FollowUpKind; recordId: number }[]>`
    SELECT kind, record_id::int AS "recordId" FROM inspection_follow_ups WHERE inspection_id = ${id} ORDER BY kind, record_id`;
  const { complaintId, trackingNo, drawItemId, drawId, drawTitle, ...rest } = row;
  return {
    ...withNumber(rest),
    findings: findingLabels(rest.findingCodes),
    complaint: complaintId !== null && trackingNo !== null ? { id: complaintId, trackingNo } : null,
    drawItem: drawItemId !== null && drawId !== null ? { id: drawItemId, drawId, drawTitle: drawTitle ?? '' } : null,
    inspectorList: [...inspectorList],
    followUpList: [...followUpList],
  };
}

/** Supervisors who may be named as inspectors: active, with a 执法证号. */
export async function inspectorChoices(): Promise<{ id: number; name: string; enforcementNo: string; township: string | null }[]> {
  const rows = await sql<{ id: number; name: string; enforcementNo: string; township: string | null }[]>`
    SELECT s.id, s.display_name AS name, s.enforcement_no AS "enforcementNo", r.name AS township
      FROM supervisors s LEFT JOIN regions r ON r.code = s.home_region_code
     WHERE s.active AND s.enforcement_no IS NOT NULL ORDER BY s.display_name, s.id LIMIT 1000`;
  return [...rows];
}

/** 双随机 items drawn for an institution in `year` and not yet carried out (offered on the form). */
export async function openDrawItems(actor: Pick<Actor, 'id'>, institutionId: number, year: number): Promise<{ id: number; drawTitle: string }[]> {
  const rows = await sql<{ id: number; drawTitle: string }[]>`
    SELECT di.id, d.title AS "drawTitle" FROM draw_items di JOIN draws d ON d.id = di.draw_id JOIN institutions i ON i.id = di.institution_id
     WHERE di.institution_id = ${institutionId} AND d.year = ${year} AND d.kind = '双随机' AND d.state IN ('drawn', 'published')
       AND NOT EXISTS (SELECT 1 FROM inspections x WHERE x.draw_item_id = di.id) AND ${institutionInScope(actor)}
     ORDER BY d.id, di.position`;
  return [...rows];
}

/** A complaint an inspection may check (投诉核查): in the jurisdiction, about a listed institution. */
export async function complaintForInspection(
  actor: Pick<Actor, 'id'>,
  complaintId: number,
): Promise<{ id: number; trackingNo: string; institutionId: number } | null> {
  const [row] = await sql<{ id: number; trackingNo: string; institutionId: number }[]>`
    SELECT c.id, c.tracking_no AS "trackingNo", c.institution_id AS "institutionId"
      FROM complaints c JOIN institutions i ON i.id = c.institution_id WHERE c.id = ${complaintId} AND ${institutionInScope(actor)}`;
  return row ?? null;
}

/** The 投诉核查 records of a complaint (shown on the complaint's page). */
export async function inspectionsOfComplaint(
  actor: Pick<Actor, 'id'>,
  complaintId: number,
): Promise<{ id: number; number: string; inspectedOn: IsoDate; result: string }[]> {
  const rows = await sql<{ id: number; inspectedOn: IsoDate; result: string }[]>`
    SELECT x.id, to_char(x.inspected_on, 'YYYY-MM-DD') AS "inspectedOn", x.result
      FROM inspections x JOIN institutions i ON i.id = x.institution_id
     WHERE x.complaint_id = ${complaintId} AND ${institutionInScope(actor)} ORDER BY x.inspected_on, x.id`;
  return rows.map((r) => ({ ...r, number: inspectionNumber(r.id, r.inspectedOn) }));
}

/**
 * An inspector's 执法证号 and home township (0010): who may be named on a record, and whom the
 * 双随机 draw keeps away from their own township. Administrators only (user.manage).
 */
export async function setInspectorDetails(
  actor: Actor,
  supervisorId: number,
  enforcementNo: string | null,
  homeRegionCode: string | null,
  ip: string | null,
): Promise<void> {
  requirePermission(actor, 'user.manage');
  if (homeRegionCode && (await unknownRegions([homeRegionCode])).length > 0) throw new DomainError(`所在乡镇：没有区划代码 ${homeRegionCode}`, 'invalid');
  await transaction(async (tx) => {
    const done = await tx`
      UPDATE supervisors SET enforcement_no = ${enforcementNo}, home_region_code = ${homeRegionCode}
       WHERE id = ${supervisorId} AND supervisor_manages(${actor.id}, ${supervisorId}) RETURNING 1`;
    if (done.length === 0) throw new DomainError('账户不存在', 'not-found');
    await writeAudit(tx, { actor, action: 'inspector.set', targetKind: 'supervisor', targetId: supervisorId, ip, detail: { enforcementNo, homeRegionCode } });
  });
}
