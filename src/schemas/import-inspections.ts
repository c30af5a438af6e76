/**
 * The inspections sheet (监督检查记录, issue 13): back-entry of inspections recorded on paper. One
 * row per inspection; the institution by 机构编码 or 登记号, the inspectors by their 执法证号 (two
 * or more in one cell), the findings by the seed-002 numbers 1–15.
 */
import { z } from 'zod';
import { INSPECTION_KINDS, INSPECTION_RESULTS, MIN_INSPECTORS, splitList } from '../domain/inspections';
import { cleanIdentifier, cleanText, optionalText, requiredChoice, requiredDate, type SheetColumn } from './import-cells';

export const INSPECTION_IMPORT_COLUMNS: readonly SheetColumn[] = [
  { field: 'code', header: '机构编码', aliases: ['编码'], required: false, help: '平台的机构编码（二维码上的编码）；与登记号填一个即可' },
  { field: 'registrationNo', header: '登记号', aliases: ['机构登记号', '执业许可证登记号'], required: false, help: '机构的登记号；与机构编码填一个即可' },
  { field: 'inspectedOn', header: '检查日期', aliases: ['日期'], required: true, help: '日期，如2026-03-18，不能晚于今天' },
  { field: 'kind', header: '检查类型', aliases: ['类型'], required: true, help: `${INSPECTION_KINDS.join('、')}之一` },
  {
    field: 'enforcementNos',
    header: '检查人员执法证号',
    aliases: ['执法证号'],
    required: true,
    help: '至少两人，用“、”或“;”分隔；须是平台上已登记执法证号的人员',
  },
  { field: 'findingCodes', header: '发现问题编号', aliases: ['问题编号'], required: false, help: '2024年专项整治十五类突出问题的编号1–15，用“、”或“;”分隔' },
  { field: 'findingsText', header: '问题描述', aliases: ['发现问题'], required: false, help: '不超过5000字' },
  { field: 'result', header: '检查结果', aliases: ['结果'], required: true, help: `${INSPECTION_RESULTS.join('、')}之一` },
];

const identifier = z
  .string()
  .optional()
  .transform((v) => cleanIdentifier(v ?? '') || null);

export const inspectionImportSchema = z
  .object({
    code: identifier.pipe(
      z
        .string()
        .regex(/^[0-9A-Z]{4,12}$/, '机构编码应为4至12位数字或大写字母')
        .nullable(),
    ),
    registrationNo: identifier,
    inspectedOn: requiredDate(),
    kind: requiredChoice(INSPECTION_KINDS),
    enforcementNos: z
      .string()
      .optional()
      .transform((v) => [...new Set(splitList(cleanText(v ?? '')))])
      .refine((list) => list.length >= MIN_INSPECTORS, `至少填写${MIN_INSPECTORS}名检查人员的执法证号`),
    findingCodes: z
      .string()
      .optional()
      .transform((v, ctx): number[] => {
        const items = splitList(cleanText(v ?? ''));
        const bad = items.filter((i) => !/^(?:[1-9]|1[0-5])$/.test(i));
        if (bad.length > 0) {
          ctx.addIssue({ code: 'custom', message: `“${bad.join('、')}”不是1–15之间的问题编号` });
          return z.NEVER;
        }
        return [...new Set(items.map(Number))].sort((a, b) => a - b);
      }),
    findingsText: optionalText(5000),
    result: requiredChoice(INSPECTION_RESULTS),
  })
  .superRefine((row, ctx) => {
    if (row.code === null && row.registrationNo === null) ctx.addIssue({ code: 'custom', path: ['registrationNo'], message: '请填写机构编码或登记号' });
  });

export type InspectionImportRow = z.output<typeof inspectionImportSchema>;
