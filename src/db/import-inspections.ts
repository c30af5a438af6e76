/**
 * The inspections import's database side (the sheet is src/schemas/import-inspections.ts): the
 * institution by 机构编码 or 登记号, the inspectors by 执法证号, and the rows written. A row whose
 * institution already has an inspection of the same kind on the same day is that record
 * (unchanged): importing the same sheet twice adds nothing. Administrators only (data.import).
 */
import type { Tx } from './import-common';
import { writeAudit } from './audit-log';

export interface InspectionRefs {
  institutions: Map<string, { id: number; name: string }>;
  inspectors: Map<string, { id: number; name: string }>;
}

/** Institutions keyed by 'C:'+code and 'R:'+登记号; active inspectors keyed by 执法证号. */
export async function inspectionRefs(tx: Tx, codes: string[], registrationNos: string[], enforcementNos: string[]): Promise<InspectionRefs> {
  const inst = await tx<{ id: number; name: string; code: string; registrationNo: string }[]>`
    SELECT id, name, code, registration_no AS "registrationNo" FROM institutions
     WHERE code = ANY(${codes}::text[]) OR registration_no = ANY(${registrationNos}::text[])`;
  const people = await tx<{ id: number; name: string; enforcementNo: string }[]>`
    SELECT id, display_name AS name, enforcement_no AS "enforcementNo" FROM supervisors WHERE active AND enforcement_no = ANY(${enforcementNos}::text[])`;
  const institutions = new Map<string, { id: number; name: string }>();
  for (const i of inst) {
    institutions.set(`C:${i.code}`, i);
    institutions.set(`R:${i.registrationNo}`, i);
  }
  return { institutions, inspectors: new Map(people.map((p) => [p.enforcementNo, p])) };
}

export interface ImportedInspection {
  line: number;
  institutionId: number;
  inspectedOn: string;
  kind: string;
  findingCodes: number[];
  findingsText: string | null;
  result: string;
  inspectorIds: number[];
}

/** Writes the new ones; returns the lines written and the lines already recorded. */
export async function writeImportedInspections(
  tx: Tx,
  rows: readonly ImportedInspection[],
  recordedBy: number | null,
): Promise<{ created: number[]; existing: number[] }> {
  const created: number[] = [];
  const existing: number[] = [];
  for (const r of rows) {
    const [found] = await tx`SELECT 1 FROM inspections WHERE institution_id = ${r.institutionId} AND inspected_on = ${r.inspectedOn} AND kind = ${r.kind}`;
    if (found) {
      existing.push(r.line);
      continue;
    }
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO inspections (institution_id, inspected_on, kind, finding_codes, findings_text, result, recorded_by)
      VALUES (${r.institutionId}, ${r.inspectedOn}, ${r.kind}, ${r.findingCodes}::smallint[], ${r.findingsText}, ${r.result}, ${recordedBy})
      RETURNING id`;
    if (!row) throw new Error('INSERT … RETURNING returned nothing');
    await tx`INSERT INTO inspection_inspectors (inspection_id, supervisor_id) SELECT ${row.id}, unnest(${r.inspectorIds}::bigint[])`;
    await writeAudit(tx, {
      // The batch's own audit entry names who confirmed the import (src/import/audit.ts).
      actor: null,
      actorName: '数据导入',
      action: 'inspection.create',
      targetKind: 'inspection',
      targetId: row.id,
      detail: {
        institutionId: r.institutionId,
        kind: r.kind,
        result: r.result,
        inspectors: r.inspectorIds,
        findings: r.findingCodes,
        via: 'import',
        line: r.line,
      },
    });
    created.push(r.line);
  }
  return { created, existing };
}
