/**
 * SQL of the institutions import: stage with COPY, check against the stored register, diff,
 * insert new institutions (with a public code) and update changed ones — keyed by 登记号.
 */
import type { ChangeEntry, RowError } from '../schemas/import-result';
import type { InstitutionRow } from '../schemas/import-institutions';
import { assignments, changeDetails, dropLines, markChanges, type ChangeCounts, type Tx } from './import-common';
import { diffOf, stageLines, stageTable, type Compared, type StageColumn } from './import-staged';

/** A row ready for staging: the parsed row (src/schemas/import-institutions.ts) with the region resolved to a code. */
export type StagedInstitution = Omit<InstitutionRow, 'region'> & {
  line: number;
  regionCode: string | null;
  /** First candidate public code (used only for new institutions). */
  code: string;
};

const STAGE = 'import_institution_rows';

/**
 * The staging table's columns, in COPY order (target_id and changed are filled in by the checks),
 * with the stored columns' labels in the change preview: name is required, the rest keep stored
 * values when empty.
 */
const STAGED: readonly Compared<StageColumn<StagedInstitution>>[] = [
  { column: 'registration_no', pg: 'text', notNull: true, value: (r) => r.registrationNo },
  { column: 'name', pg: 'text', notNull: true, value: (r) => r.name, diff: { label: '机构名称', keepWhenNull: false } },
  { column: 'uscc', pg: 'text', notNull: false, value: (r) => r.uscc, diff: { label: '统一社会信用代码', keepWhenNull: true } },
  { column: 'type', pg: 'text', notNull: false, value: (r) => r.type, diff: { label: '机构类别', keepWhenNull: true } },
  { column: 'hospital_grade', pg: 'text', notNull: false, value: (r) => r.hospitalGrade, diff: { label: '医院等级', keepWhenNull: true } },
  { column: 'ownership', pg: 'text', notNull: false, value: (r) => r.ownership, diff: { label: '经营性质', keepWhenNull: true } },
  { column: 'address', pg: 'text', notNull: false, value: (r) => r.address, diff: { label: '地址', keepWhenNull: true } },
  { column: 'region_code', pg: 'text', notNull: false, value: (r) => r.regionCode, diff: { label: '行政区划', keepWhenNull: true } },
  { column: 'legal_representative', pg: 'text', notNull: false, value: (r) => r.legalRepresentative, diff: { label: '法定代表人', keepWhenNull: true } },
  { column: 'principal', pg: 'text', notNull: false, value: (r) => r.principal, diff: { label: '主要负责人', keepWhenNull: true } },
  { column: 'departments', pg: 'text[]', notNull: false, value: (r) => r.departments, diff: { label: '诊疗科目', keepWhenNull: true } },
  { column: 'license_valid_from', pg: 'date', notNull: false, value: (r) => r.licenseValidFrom, diff: { label: '许可证有效期起', keepWhenNull: true } },
  { column: 'license_valid_to', pg: 'date', notNull: false, value: (r) => r.licenseValidTo, diff: { label: '许可证有效期至', keepWhenNull: true } },
  { column: 'status', pg: 'text', notNull: false, value: (r) => r.status, diff: { label: '执业状态', keepWhenNull: true } },
  { column: 'risk_grade', pg: 'text', notNull: false, value: (r) => r.riskGrade, diff: { label: '风险等级', keepWhenNull: true } },
  { column: 'supervising_unit', pg: 'text', notNull: false, value: (r) => r.supervisingUnit, diff: { label: '监督单位', keepWhenNull: true } },
  { column: 'complaint_phone', pg: 'text', notNull: false, value: (r) => r.complaintPhone, diff: { label: '投诉电话', keepWhenNull: true } },
  { column: 'opening_hours', pg: 'text', notNull: false, value: (r) => r.openingHours, diff: { label: '诊疗时间', keepWhenNull: true } },
  { column: 'price_url', pg: 'text', notNull: false, value: (r) => r.priceUrl, diff: { label: '收费公示网址', keepWhenNull: true } },
  { column: 'code', pg: 'text', notNull: true, value: (r) => r.code },
];

export const INSTITUTION_DIFF = diffOf(STAGED);

export async function stageInstitutions(tx: Tx, rows: readonly StagedInstitution[]): Promise<void> {
  const filled = [
    { column: 'target_id', pg: 'bigint', notNull: false },
    { column: 'changed', pg: 'text[]', notNull: false },
  ];
  await stageTable(tx, STAGE, STAGED, filled, stageLines(STAGED, rows));
  await tx`
    UPDATE import_institution_rows s SET target_id = t.id
      FROM institutions t WHERE t.registration_no = s.registration_no`;
}

/** Problems only the stored register can reveal. */
export async function checkInstitutions(tx: Tx): Promise<RowError[]> {
  const errors: RowError[] = [];
  const usccTaken = await tx<{ line: number; other: string; otherName: string }[]>`
    SELECT s.line, t.registration_no AS other, t.name AS "otherName"
      FROM import_institution_rows s
      JOIN institutions t ON t.uscc = s.uscc AND t.registration_no <> s.registration_no
     ORDER BY s.line`;
  for (const r of usccTaken) {
    errors.push({ line: r.line, column: '统一社会信用代码', message: `已被登记号为${r.other}的机构（${r.otherName}）使用` });
  }
  const dates = await tx<{ line: number; validFrom: string }[]>`
    SELECT s.line, to_char(COALESCE(s.license_valid_from, t.license_valid_from), 'YYYY-MM-DD') AS "validFrom"
      FROM import_institution_rows s JOIN institutions t ON t.id = s.target_id
     WHERE COALESCE(s.license_valid_to, t.license_valid_to) < COALESCE(s.license_valid_from, t.license_valid_from)
     ORDER BY s.line`;
  for (const r of dates) {
    errors.push({ line: r.line, column: '许可证有效期至', message: `不能早于已登记的许可证有效期起（${r.validFrom}）` });
  }
  return errors;
}

export async function dropInstitutionLines(tx: Tx, lines: readonly number[]): Promise<void> {
  await dropLines(tx, STAGE, lines);
}

/** New institutions whose candidate code is taken (by a stored institution or an earlier new row). */
export async function codeCollisions(tx: Tx): Promise<{ line: number; registrationNo: string }[]> {
  return tx<{ line: number; registrationNo: string }[]>`
    SELECT n.line, n.registration_no AS "registrationNo"
      FROM (SELECT line, registration_no, code, row_number() OVER (PARTITION BY code ORDER BY line) AS nth
              FROM import_institution_rows WHERE target_id IS NULL) n
     WHERE n.nth > 1 OR EXISTS (SELECT 1 FROM institutions t WHERE t.code = n.code)
     ORDER BY n.line`;
}

export async function setCandidateCode(tx: Tx, line: number, code: string): Promise<void> {
  await tx`UPDATE import_institution_rows SET code = ${code} WHERE line = ${line}`;
}

export interface InstitutionDiff extends ChangeCounts {
  changes: ChangeEntry[];
  changesTruncated: boolean;
}

/** Marks what each staged row changes and reads the counts and the first rows of each kind. */
export async function diffInstitutions(tx: Tx): Promise<InstitutionDiff> {
  const counts = await markChanges(tx, STAGE, 'institutions', INSTITUTION_DIFF);
  const details = await changeDetails(tx, STAGE, 'institutions', INSTITUTION_DIFF, counts, (s) => ({
    key: String(s['registration_no']),
    label: String(s['name']),
  }));
  return { ...counts, ...details };
}

/** Inserts the new institutions and updates the changed ones; returns the rows written. */
export async function applyInstitutions(tx: Tx): Promise<{ inserted: number; updated: number }> {
  const inserted = await tx`
    INSERT INTO institutions (code, registration_no, name, uscc, type, hospital_grade, ownership, address, region_code,
                              legal_representative, principal, departments, license_valid_from, license_valid_to,
                              status, risk_grade, supervising_unit, complaint_phone, opening_hours, price_url)
    SELECT code, registration_no, name, uscc, COALESCE(type, '其他'), hospital_grade, ownership, address, region_code,
           legal_representative, principal, COALESCE(departments, '{}'), license_valid_from, license_valid_to,
           COALESCE(status, '执业'), risk_grade, supervising_unit, complaint_phone, opening_hours, price_url
      FROM import_institution_rows WHERE target_id IS NULL ORDER BY line`;
  const updated = await tx`
    UPDATE institutions t SET ${assignments(tx, INSTITUTION_DIFF)}, updated_at = now()
      FROM import_institution_rows s
     WHERE t.id = s.target_id AND cardinality(s.changed) > 0`;
  return { inserted: inserted.count, updated: updated.count };
}
