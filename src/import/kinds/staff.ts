/** The staff register (执业人员), keyed by 登记号 + 执业证书编码 (or 姓名). */
import { checkStaff, dropStaffLines, stageStaff, writeStaff } from '../../db/import-staff';
import { STAFF_COLUMNS, staffRowSchema, type StaffRow } from '../../schemas/import-staff';
import { schemaParser, type ImportKind } from '../kind';

export const staffKind: ImportKind<StaffRow> = {
  name: 'staff',
  title: '执业人员',
  unit: '人',
  columns: STAFF_COLUMNS,
  parse: schemaParser(staffRowSchema, STAFF_COLUMNS),
  fileKey: (row) => `${row.registrationNo}\u0000${row.certificateNo ?? `姓名:${row.name}`}`,
  duplicate: { column: '执业证书编码', why: '同一机构的同一人只能有一行' },
  refersToInstitutions: true,
  async prepare(tx, rows) {
    await stageStaff(tx, rows);
    return {
      check: () => checkStaff(tx),
      drop: (lines) => dropStaffLines(tx, lines),
      write: () => writeStaff(tx),
    };
  },
};
