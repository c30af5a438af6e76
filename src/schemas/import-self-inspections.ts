/**
 * The self-inspections sheet (自查结果, seed 004): one result per institution per inspection
 * date, found again by 登记号 + 自查日期.
 */
import { choiceCell, requiredChoice, optionalText, optionalYesNo, requiredDate } from './import-cells';
import { institutionRecordSheet, type RowOf } from './import-sheet';

export const SELF_INSPECTION_RESULTS = ['合格', '基本合格', '不合格'] as const;
export const SELF_INSPECTION_KINDS = ['年度全面', '季度常规'] as const;

export const selfInspectionSheet = institutionRecordSheet(
  'inspectedOn',
  {
    inspectedOn: { header: '自查日期', aliases: ['日期'], required: true, help: '日期，如2025-06-30', cell: requiredDate(), pg: 'date' },
    result: {
      header: '自查结果',
      aliases: ['结果'],
      required: true,
      help: `${SELF_INSPECTION_RESULTS.join('、')}之一`,
      cell: requiredChoice(SELF_INSPECTION_RESULTS),
      pg: 'text',
    },
    findings: { header: '发现问题', aliases: ['存在问题'], required: false, help: '不超过2000字', cell: optionalText(2000), pg: 'text' },
    kind: {
      header: '自查类型',
      aliases: ['类型'],
      required: false,
      help: `${SELF_INSPECTION_KINDS.join('、')}之一（每年至少一次全面自查、每季度至少一次日常自查）；新记录不填为年度全面`,
      cell: choiceCell(SELF_INSPECTION_KINDS, { 全面自查: '年度全面', 年度: '年度全面', 日常自查: '季度常规', 季度: '季度常规' }),
      pg: 'text',
    },
    rectified: { header: '是否整改', aliases: ['已整改', '整改情况'], required: false, help: '是/否', cell: optionalYesNo(), pg: 'boolean' },
  },
  {
    name: 'self-inspections',
    title: '自查结果',
    unit: '条',
    table: 'self_inspections',
    why: '同一机构同一天只能有一条自查结果',
    whenNew: { kind: () => '年度全面' },
    label: (s) => `${String(s['inspected_on'])}自查`,
  },
);

export type SelfInspectionRow = RowOf<typeof selfInspectionSheet>;
