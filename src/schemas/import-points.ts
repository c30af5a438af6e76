/**
 * The points sheet (不良执业行为记分, seed 000): one row per point record, against an institution
 * or, when 执业证书编码 is filled, against one of its staff. Records are never deleted; a row is
 * found again by 登记号 + 执业证书编码 + 发现日期 + 记分行为, so re-importing the same sheet adds
 * nothing twice (docs/import.md).
 */
import { z } from 'zod';
import { POINT_SOURCES } from '../domain/points';
import {
  cleanIdentifier,
  optionalDate,
  optionalLine,
  integerCell,
  registrationNoCell,
  requiredChoice,
  requiredDate,
  requiredText,
  whenValid,
  type SheetColumn,
} from './import-cells';

/**
 * Sources the database accepts (check on point_records.source, 0001 + 0002): the register's
 * short list and the activities seed 000 names.
 */
export const STORED_POINT_SOURCES = [
  ...new Set(['监督检查', '校验', '质控', '投诉举报', '行政处罚', '其他', ...POINT_SOURCES]),
] as readonly string[];

const SOURCE_SYNONYMS: Readonly<Record<string, string>> = { 投诉: '投诉举报', 举报: '投诉举报', 日常检查: '日常管理' };

/** Points per record (check on point_records.points). */
export const MAX_POINTS_PER_RECORD = 12;

export const POINT_COLUMNS: readonly SheetColumn[] = [
  { field: 'registrationNo', header: '登记号', aliases: ['医疗机构登记号'], required: true, help: '被记分机构（或被记分人员所在机构）的登记号' },
  { field: 'certificateNo', header: '执业证书编码', aliases: ['执业证书编号', '证书编码'], required: false, help: '记分对象是医务人员时填写（人员须已导入该机构）；记机构分时留空' },
  { field: 'staffName', header: '姓名', aliases: ['被记分人员'], required: false, help: '记分对象是医务人员时可填写，用于核对证书编码' },
  { field: 'behaviour', header: '记分行为', aliases: ['不良执业行为', '记分事由'], required: true, help: '不超过500字' },
  { field: 'points', header: '记分分值', aliases: ['分值', '记分'], required: true, help: `1到${MAX_POINTS_PER_RECORD}的整数` },
  { field: 'source', header: '记分来源', aliases: ['来源'], required: true, help: `${STORED_POINT_SOURCES.join('、')}之一` },
  { field: 'department', header: '记分科室', aliases: ['记分单位', '记分部门'], required: false, help: '谁检查谁记分：记分的科室或单位，不超过50字' },
  { field: 'foundOn', header: '发现日期', aliases: ['记分日期'], required: true, help: '日期，如2025-05-20' },
  { field: 'noticeServedOn', header: '通知书送达日期', aliases: ['送达日期'], required: false, help: '《记分通知书》送达日期，不早于发现日期' },
  { field: 'noticeReceivedOn', header: '通知书签收日期', aliases: ['签收日期'], required: false, help: '被记分方签收日期，不早于送达日期' },
];

export const pointRowSchema = z
  .object({
    registrationNo: registrationNoCell(),
    certificateNo: optionalLine(40).transform((v) => (v === null ? null : cleanIdentifier(v))),
    staffName: optionalLine(50),
    behaviour: requiredText(500),
    points: integerCell(1, MAX_POINTS_PER_RECORD),
    source: requiredChoice(STORED_POINT_SOURCES, SOURCE_SYNONYMS),
    department: optionalLine(50),
    foundOn: requiredDate(),
    noticeServedOn: optionalDate(),
    noticeReceivedOn: optionalDate(),
  })
  .superRefine((row, ctx) => {
    if (row.noticeServedOn !== null && row.noticeServedOn < row.foundOn) {
      ctx.addIssue({ code: 'custom', path: ['noticeServedOn'], message: '不能早于发现日期' });
    }
  }, whenValid('noticeServedOn', 'foundOn'))
  .superRefine((row, ctx) => {
    if (row.noticeReceivedOn === null) return;
    if (row.noticeServedOn === null) {
      ctx.addIssue({ code: 'custom', path: ['noticeServedOn'], message: '填写了通知书签收日期时必须填写送达日期' });
    } else if (row.noticeReceivedOn < row.noticeServedOn) {
      ctx.addIssue({ code: 'custom', path: ['noticeReceivedOn'], message: '不能早于通知书送达日期' });
    }
  }, whenValid('noticeServedOn', 'noticeReceivedOn'))
  .superRefine((row, ctx) => {
    if (row.staffName !== null && row.certificateNo === null) {
      ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: '记分对象是医务人员时须填写执业证书编码' });
    }
  }, whenValid('staffName', 'certificateNo'));

export type PointRow = z.output<typeof pointRowSchema>;
