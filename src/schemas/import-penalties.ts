/**
 * The penalties sheet (行政处罚): one row per 处罚决定书, found again by its 文号. Shown on the
 * institution's public page until 公示截止日期.
 */
import { addCalendarYears, optionalDate, optionalMoney, requiredDate, requiredLine, requiredText } from './import-cells';
import { defineSheet, registrationNoField, type RowOf } from './import-sheet';

/**
 * Default public display period when 公示截止日期 is empty: one year from the decision, the
 * longest period for ordinary (一般) dishonest conduct under 《失信行为纠正后的信用信息修复管理办法
 * （试行）》(国家发展改革委令2023年第58号). Serious cases need a longer period: fill the column.
 */
export const DEFAULT_PENALTY_DISPLAY_YEARS = 1;

export const penaltySheet = defineSheet(
  {
    decisionNo: {
      header: '处罚决定书文号',
      aliases: ['决定书文号', '文号', '行政处罚决定书文号'],
      required: true,
      help: '如“X卫医罚〔2025〕12号”，不超过60字；再次导入时用它找到原记录',
      cell: requiredLine(60),
      pg: 'text',
      onUpdate: 'never',
    },
    registrationNo: registrationNoField('被处罚机构的登记号（机构须已导入）'),
    decidedOn: { header: '处罚日期', aliases: ['处罚决定日期', '决定日期'], required: true, help: '日期，如2025-04-18', cell: requiredDate(), pg: 'date' },
    violation: { header: '违法事实', aliases: ['主要违法事实', '违法行为'], required: true, help: '不超过1000字', cell: requiredText(1000), pg: 'text' },
    basis: { header: '处罚依据', aliases: [], required: true, help: '法律条款，不超过1000字', cell: requiredText(1000), pg: 'text' },
    penalty: {
      header: '处罚内容',
      aliases: ['处罚结果', '处罚种类'],
      required: true,
      help: '如“警告，罚款5000元”，不超过500字',
      cell: requiredText(500),
      pg: 'text',
    },
    fineYuan: {
      header: '罚款金额',
      aliases: ['罚款金额（元）', '罚款金额(元)', '罚没金额'],
      required: false,
      help: '元，最多两位小数',
      cell: optionalMoney(),
      pg: 'numeric(12,2)',
    },
    // Empty: a stored date stays; a new penalty gets defaultShownUntil.
    shownUntil: {
      header: '公示截止日期',
      aliases: ['公示期限至', '公示截止'],
      required: false,
      help: `不早于处罚日期；不填为处罚日期后${DEFAULT_PENALTY_DISPLAY_YEARS}年`,
      cell: optionalDate(),
      pg: 'date',
    },
  },
  {
    name: 'penalties',
    title: '行政处罚',
    unit: '条',
    table: 'penalties',
    fileKey: (row) => row.decisionNo,
    duplicate: { column: '处罚决定书文号', why: '一个文号只能有一行' },
    whenNew: { shown_until: (row) => defaultShownUntil(row.decidedOn) },
    describe: (s) => ({ key: String(s['decision_no']), label: `登记号${String(s['registration_no'])}` }),
    rules: [
      {
        fields: ['shownUntil', 'decidedOn'],
        check: (row, ctx) => {
          if (row.shownUntil !== null && row.shownUntil < row.decidedOn) {
            ctx.addIssue({ code: 'custom', path: ['shownUntil'], message: '不能早于处罚日期' });
          }
        },
      },
    ],
  },
);

export type PenaltyRow = RowOf<typeof penaltySheet>;

/** 公示截止日期 of a new penalty whose cell was empty. */
export function defaultShownUntil(decidedOn: string): string {
  return addCalendarYears(decidedOn, DEFAULT_PENALTY_DISPLAY_YEARS);
}
