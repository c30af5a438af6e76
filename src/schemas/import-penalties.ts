/**
 * The penalties sheet (行政处罚): one row per 处罚决定书, found again by its 文号. Shown on the
 * institution's public page until 公示截止日期.
 */
import { z } from 'zod';
import {
  addCalendarYears,
  optionalDate,
  optionalMoney,
  registrationNoCell,
  requiredDate,
  requiredLine,
  requiredText,
  whenValid,
  type SheetColumn,
} from './import-cells';

/**
 * Default public display period when 公示截止日期 is empty: one year from the decision, the
 * longest period for ordinary (一般) dishonest conduct under 《失信行为纠正后的信用信息修复管理办法
 * （试行）》(国家发展改革委令2023年第58号). Serious cases need a longer period: fill the column.
 */
export const DEFAULT_PENALTY_DISPLAY_YEARS = 1;

export const PENALTY_COLUMNS: readonly SheetColumn[] = [
  { field: 'decisionNo', header: '处罚决定书文号', aliases: ['决定书文号', '文号', '行政处罚决定书文号'], required: true, help: '如“X卫医罚〔2025〕12号”，不超过60字；再次导入时用它找到原记录' },
  { field: 'registrationNo', header: '登记号', aliases: ['医疗机构登记号'], required: true, help: '被处罚机构的登记号（机构须已导入）' },
  { field: 'decidedOn', header: '处罚日期', aliases: ['处罚决定日期', '决定日期'], required: true, help: '日期，如2025-04-18' },
  { field: 'violation', header: '违法事实', aliases: ['主要违法事实', '违法行为'], required: true, help: '不超过1000字' },
  { field: 'basis', header: '处罚依据', aliases: [], required: true, help: '法律条款，不超过1000字' },
  { field: 'penalty', header: '处罚内容', aliases: ['处罚结果', '处罚种类'], required: true, help: '如“警告，罚款5000元”，不超过500字' },
  { field: 'fineYuan', header: '罚款金额', aliases: ['罚款金额（元）', '罚款金额(元)', '罚没金额'], required: false, help: '元，最多两位小数' },
  { field: 'shownUntil', header: '公示截止日期', aliases: ['公示期限至', '公示截止'], required: false, help: `不早于处罚日期；不填为处罚日期后${DEFAULT_PENALTY_DISPLAY_YEARS}年` },
];

export const penaltyRowSchema = z
  .object({
    decisionNo: requiredLine(60),
    registrationNo: registrationNoCell(),
    decidedOn: requiredDate(),
    violation: requiredText(1000),
    basis: requiredText(1000),
    penalty: requiredText(500),
    fineYuan: optionalMoney(),
    shownUntil: optionalDate(),
  })
  .superRefine((row, ctx) => {
    if (row.shownUntil !== null && row.shownUntil < row.decidedOn) {
      ctx.addIssue({ code: 'custom', path: ['shownUntil'], message: '不能早于处罚日期' });
    }
  }, whenValid('shownUntil', 'decidedOn'));

/** 公示截止日期 of a new penalty whose cell was empty. */
export function defaultShownUntil(decidedOn: string): string {
  return addCalendarYears(decidedOn, DEFAULT_PENALTY_DISPLAY_YEARS);
}

export type PenaltyRow = z.output<typeof penaltyRowSchema>;
