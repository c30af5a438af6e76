/**
 * The evaluation sheet as the importer reads it: exactly the contract of DESIGN.md (parsed by
 * src/domain/evaluation-sheet.ts, the same code `npm run credit` uses), plus two optional
 * columns the database needs: 评价日期 (already part of the domain's sheet) and 评价辖区, the
 * jurisdiction whose 10 % quota the evaluation counts in.
 */
import { z } from 'zod';
import { EVALUATION_COLUMNS, OPTIONAL_EVALUATION_COLUMNS } from '../domain/evaluation-sheet';
import { regionRefCell, type SheetColumn } from './import-cells';

const HELP: Readonly<Record<keyof typeof EVALUATION_COLUMNS | keyof typeof OPTIONAL_EVALUATION_COLUMNS, string>> = {
  registrationNo: '机构的登记号（机构须已导入）',
  name: '机构名称（用于核对，不会修改机构名册）',
  year: '四位年份，如2025；每家机构每年一条',
  actualScore: '现场评价实际得分，0到100，最多两位小数',
  reasonableMissingPoints: '合理缺项的分值合计，没有填0',
  doubleStarNotMet: '双星（★★）否决项不符合的项数，没有填0',
  singleStarNotMet: '单星（★）否决项不符合的项数，没有填0',
  penaltiesThisYear: '当年受到卫生健康行政部门行政处罚的次数，没有填0',
  conductViolation: '是/否（也接受Y/N、1/0）',
  seriousViolationOrImpact: '是/否',
  establishmentNonCompliant: '是/否',
  validationSuspended: '是/否',
  majorAccidentFullResponsibility: '是/否',
  safetyOrFireAccident: '是/否',
  publicHealthScore: '基本公共卫生服务项目绩效考核得分；不参加考核的留空',
  evaluatedOn: '综合评定日期，公示时与级别一起显示；不填为导入当天',
};

export const JURISDICTION_COLUMN: SheetColumn = {
  field: 'jurisdiction',
  header: '评价辖区',
  aliases: ['辖区', '辖区代码'],
  required: false,
  help: '作出评价的属地行政区划代码或名称（10%优秀名额按辖区和年度计算）；不填为机构所在县（区）',
};

export const EVALUATION_IMPORT_COLUMNS: readonly SheetColumn[] = [
  ...Object.entries(EVALUATION_COLUMNS).map(([field, header]) => ({
    field,
    header,
    required: true,
    help: HELP[field as keyof typeof HELP],
  })),
  ...Object.entries(OPTIONAL_EVALUATION_COLUMNS).map(([field, header]) => ({
    field,
    header,
    required: false,
    help: HELP[field as keyof typeof HELP],
  })),
  JURISDICTION_COLUMN,
];

/** The column the domain's sheet does not know. */
export const evaluationExtraSchema = z.object({ jurisdiction: regionRefCell() });
export type EvaluationExtra = z.output<typeof evaluationExtraSchema>;
