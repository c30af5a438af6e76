/**
 * The commitments sheet (依法执业承诺, seed 001 公示栏 part 3): one signed commitment per
 * institution per year, found again by 登记号 + 承诺年度.
 */
import { z } from 'zod';
import { yearCell } from './evaluation-sheet';
import { optionalLine, registrationNoCell, requiredDate, requiredText, whenValid, type SheetColumn } from './import-cells';

export const COMMITMENT_COLUMNS: readonly SheetColumn[] = [
  { field: 'registrationNo', header: '登记号', aliases: ['医疗机构登记号'], required: true, help: '机构的登记号（机构须已导入）' },
  { field: 'year', header: '承诺年度', aliases: ['年度'], required: true, help: '四位年份，如2025；每家机构每年一份' },
  { field: 'signedOn', header: '签署日期', aliases: ['承诺日期'], required: true, help: '日期，如2025-03-01' },
  { field: 'signatory', header: '签署人', aliases: ['承诺人'], required: false, help: '法定代表人或主要负责人，不超过50字' },
  { field: 'body', header: '承诺内容', aliases: ['承诺书内容'], required: true, help: '承诺书全文，不超过4000字，可以换行' },
];

export const commitmentRowSchema = z
  .object({
    registrationNo: registrationNoCell(),
    year: yearCell(),
    signedOn: requiredDate(),
    signatory: optionalLine(50),
    body: requiredText(4000),
  })
  .superRefine((row, ctx) => {
    // A commitment for year Y is signed in Y or at the end of Y − 1, never after Y.
    if (Number(row.signedOn.slice(0, 4)) > row.year) {
      ctx.addIssue({ code: 'custom', path: ['signedOn'], message: '不能晚于承诺年度' });
    }
  }, whenValid('signedOn', 'year'));

export type CommitmentRow = z.output<typeof commitmentRowSchema>;
