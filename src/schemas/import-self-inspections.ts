/**
 * The self-inspections sheet (自查结果, seed 004): one result per institution per inspection
 * date, found again by 登记号 + 自查日期.
 */
import { z } from 'zod';
import {
  requiredChoice,
  optionalText,
  optionalYesNo,
  registrationNoCell,
  requiredDate,
  type SheetColumn,
} from './import-cells';

export const SELF_INSPECTION_RESULTS = ['合格', '基本合格', '不合格'] as const;

export const SELF_INSPECTION_COLUMNS: readonly SheetColumn[] = [
  { field: 'registrationNo', header: '登记号', aliases: ['医疗机构登记号'], required: true, help: '机构的登记号（机构须已导入）' },
  { field: 'inspectedOn', header: '自查日期', aliases: ['日期'], required: true, help: '日期，如2025-06-30' },
  { field: 'result', header: '自查结果', aliases: ['结果'], required: true, help: `${SELF_INSPECTION_RESULTS.join('、')}之一` },
  { field: 'findings', header: '发现问题', aliases: ['存在问题'], required: false, help: '不超过2000字' },
  { field: 'rectified', header: '是否整改', aliases: ['已整改', '整改情况'], required: false, help: '是/否' },
];

export const selfInspectionRowSchema = z.object({
  registrationNo: registrationNoCell(),
  inspectedOn: requiredDate(),
  result: requiredChoice(SELF_INSPECTION_RESULTS),
  findings: optionalText(2000),
  rectified: optionalYesNo(),
});

export type SelfInspectionRow = z.output<typeof selfInspectionRowSchema>;
