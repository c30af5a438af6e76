/**
 * The sheets of records about institutions: penalties (行政处罚), points (不良执业行为记分),
 * commitments (依法执业承诺) and self-inspections (自查结果). Each is staged, checked, diffed and
 * written by its src/db/import-*.ts module.
 */
import { checkCommitments, dropCommitmentLines, stageCommitments, writeCommitments } from '../../db/import-commitments';
import { checkPenalties, dropPenaltyLines, stagePenalties, writePenalties } from '../../db/import-penalties';
import { checkPoints, dropPointLines, stagePoints, writePoints } from '../../db/import-points';
import {
  checkSelfInspections,
  dropSelfInspectionLines,
  stageSelfInspections,
  writeSelfInspections,
} from '../../db/import-self-inspections';
import { COMMITMENT_COLUMNS, commitmentRowSchema, type CommitmentRow } from '../../schemas/import-commitments';
import { PENALTY_COLUMNS, penaltyRowSchema, type PenaltyRow } from '../../schemas/import-penalties';
import { POINT_COLUMNS, pointRowSchema, type PointRow } from '../../schemas/import-points';
import {
  SELF_INSPECTION_COLUMNS,
  selfInspectionRowSchema,
  type SelfInspectionRow,
} from '../../schemas/import-self-inspections';
import { schemaParser, type ImportKind } from '../kind';

export const penaltiesKind: ImportKind<PenaltyRow> = {
  name: 'penalties',
  title: '行政处罚',
  unit: '条',
  columns: PENALTY_COLUMNS,
  parse: schemaParser(penaltyRowSchema, PENALTY_COLUMNS),
  fileKey: (row) => row.decisionNo,
  duplicate: { column: '处罚决定书文号', why: '一个文号只能有一行' },
  refersToInstitutions: true,
  async prepare(tx, rows) {
    await stagePenalties(tx, rows);
    return { check: () => checkPenalties(tx), drop: (l) => dropPenaltyLines(tx, l), write: () => writePenalties(tx) };
  },
};

export const pointsKind: ImportKind<PointRow> = {
  name: 'points',
  title: '不良执业行为记分',
  unit: '条',
  columns: POINT_COLUMNS,
  parse: schemaParser(pointRowSchema, POINT_COLUMNS),
  fileKey: (row) => [row.registrationNo, row.certificateNo ?? '', row.foundOn, row.behaviour].join('\u0000'),
  duplicate: { column: '记分行为', why: '同一对象同一天的同一行为只能记一次' },
  refersToInstitutions: true,
  async prepare(tx, rows) {
    await stagePoints(tx, rows);
    return { check: () => checkPoints(tx), drop: (l) => dropPointLines(tx, l), write: () => writePoints(tx) };
  },
};

export const commitmentsKind: ImportKind<CommitmentRow> = {
  name: 'commitments',
  title: '依法执业承诺',
  unit: '份',
  columns: COMMITMENT_COLUMNS,
  parse: schemaParser(commitmentRowSchema, COMMITMENT_COLUMNS),
  fileKey: (row) => `${row.registrationNo}\u0000${row.year}`,
  duplicate: { column: '承诺年度', why: '每家机构每年一份承诺' },
  refersToInstitutions: true,
  async prepare(tx, rows) {
    await stageCommitments(tx, rows);
    return { check: () => checkCommitments(tx), drop: (l) => dropCommitmentLines(tx, l), write: () => writeCommitments(tx) };
  },
};

export const selfInspectionsKind: ImportKind<SelfInspectionRow> = {
  name: 'self-inspections',
  title: '自查结果',
  unit: '条',
  columns: SELF_INSPECTION_COLUMNS,
  parse: schemaParser(selfInspectionRowSchema, SELF_INSPECTION_COLUMNS),
  fileKey: (row) => `${row.registrationNo}\u0000${row.inspectedOn}`,
  duplicate: { column: '自查日期', why: '同一机构同一天只能有一条自查结果' },
  refersToInstitutions: true,
  async prepare(tx, rows) {
    await stageSelfInspections(tx, rows);
    return {
      check: () => checkSelfInspections(tx),
      drop: (l) => dropSelfInspectionLines(tx, l),
      write: () => writeSelfInspections(tx),
    };
  },
};
