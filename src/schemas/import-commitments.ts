/**
 * The commitments sheet (依法执业承诺, seed 001 公示栏 part 3): one signed commitment per
 * institution per year, found again by 登记号 + 承诺年度.
 */
import { yearCell } from './evaluation-sheet';
import { optionalLine, requiredDate, requiredText } from './import-cells';
import { institutionRecordSheet, type RowOf } from './import-sheet';

export const commitmentSheet = institutionRecordSheet(
  'year',
  {
    year: { header: '承诺年度', aliases: ['年度'], required: true, help: '四位年份，如2025；每家机构每年一份', cell: yearCell(), pg: 'smallint' },
    signedOn: { header: '签署日期', aliases: ['承诺日期'], required: true, help: '日期，如2025-03-01', cell: requiredDate(), pg: 'date' },
    signatory: { header: '签署人', aliases: ['承诺人'], required: false, help: '法定代表人或主要负责人，不超过50字', cell: optionalLine(50), pg: 'text' },
    body: { header: '承诺内容', aliases: ['承诺书内容'], required: true, help: '承诺书全文，不超过4000字，可以换行', cell: requiredText(4000), pg: 'text' },
  },
  {
    name: 'commitments',
    title: '依法执业承诺',
    unit: '份',
    table: 'commitments',
    why: '每家机构每年一份承诺',
    label: (s) => `${String(s['year'])}年度承诺`,
    rules: [
      {
        fields: ['signedOn', 'year'],
        // A commitment for year Y is signed in Y or at the end of Y − 1, never after Y.
        check: (row, ctx) => {
          if (Number(row.signedOn.slice(0, 4)) > row.year) {
            ctx.addIssue({ code: 'custom', path: ['signedOn'], message: '不能晚于承诺年度' });
          }
        },
      },
    ],
  },
);

export type CommitmentRow = RowOf<typeof commitmentSheet>;
