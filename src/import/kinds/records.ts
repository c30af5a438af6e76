/**
 * The staged sheet kinds: penalties (行政处罚), points (不良执业行为记分), commitments (依法执业承诺),
 * self-inspections (自查结果) and staff (执业人员). Each is one definition in src/schemas
 * (defineSheet), staged, checked, diffed and written by src/db/import-staged.ts; a kind with
 * checks of its own adds them from its src/db/import-*.ts module.
 */
import { checkPenalties } from '../../db/import-penalties';
import { checkPoints } from '../../db/import-points';
import { prepareStaged, stageOf } from '../../db/import-staged';
import { checkStaff, writeStaffCommitments } from '../../db/import-staff';
import { checkRadiology, writeRadiologyLicences } from '../../db/import-radiology';
import { radiologySheet } from '../../schemas/import-radiology';
import { priceSheet } from '../../schemas/import-prices';
import type { Tx } from '../../db/client';
import { commitmentSheet } from '../../schemas/import-commitments';
import type { RowError } from '../../schemas/import-result';
import type { SheetKind } from '../../schemas/import-sheet';
import { penaltySheet } from '../../schemas/import-penalties';
import { pointSheet } from '../../schemas/import-points';
import { selfInspectionSheet } from '../../schemas/import-self-inspections';
import { staffSheet } from '../../schemas/import-staff';
import { schemaParser, type ImportKind } from '../kind';

/**
 * A staged kind that writes a second table from the same staged rows once its own rows are
 * written (radiology: the licence; staff: the 依法执业承诺 of each person).
 */
function thenWrite<Row>(
  sheet: SheetKind<Row>,
  check: (tx: Tx, stage: string) => Promise<RowError[]>,
  after: (tx: Tx, stage: string) => Promise<number>,
): ImportKind<Row> {
  const kind = stagedKind(sheet, check);
  return {
    ...kind,
    async prepare(tx, rows, context) {
      const runner = await kind.prepare(tx, rows, context);
      return {
        ...runner,
        async write() {
          const result = await runner.write();
          await after(tx, stageOf(sheet));
          return result;
        },
      };
    },
  };
}

/** The import kind of a sheet definition, with the kind's own database checks. */
export function stagedKind<Row>(sheet: SheetKind<Row>, check?: (tx: Tx, stage: string) => Promise<RowError[]>): ImportKind<Row> {
  return {
    name: sheet.name,
    title: sheet.title,
    unit: sheet.unit,
    columns: sheet.columns,
    parse: schemaParser(sheet.schema, sheet.columns),
    fileKey: sheet.fileKey,
    duplicate: sheet.duplicate,
    refersToInstitutions: true,
    prepare: (tx, rows) => prepareStaged(tx, sheet, rows, check),
  };
}

export const penaltiesKind = stagedKind(penaltySheet, checkPenalties);
export const pointsKind = stagedKind(pointSheet, checkPoints);
export const commitmentsKind = stagedKind(commitmentSheet);
export const selfInspectionsKind = stagedKind(selfInspectionSheet);
export const staffKind = thenWrite(staffSheet, checkStaff, writeStaffCommitments);
export const pricesKind = stagedKind(priceSheet);

/** Radiology: the devices staged like the others, then each institution's licence from its rows. */
export const radiologyKind = thenWrite(radiologySheet, checkRadiology, writeRadiologyLicences);
