/**
 * The points sheet (不良执业行为记分, seed 000): one row per point record, against an institution
 * or, when 执业证书编码 is filled, against one of its staff. Records are never deleted; a row is
 * found again by 登记号 + 执业证书编码 + 发现日期 + 记分行为, so re-importing the same sheet adds
 * nothing twice (docs/import.md).
 */
import { POINT_SOURCES } from '../domain/points';
import { cleanIdentifier, optionalDate, optionalLine, integerCell, requiredChoice, requiredDate, requiredText } from './import-cells';
import { defineSheet, registrationNoField, type RowOf } from './import-sheet';

/**
 * Sources the database accepts (check on point_records.source, 0001 + 0002): the register's
 * short list and the activities seed 000 names.
 */
export const STORED_POINT_SOURCES = [...new Set(['监督检查', '校验', '质控', '投诉举报', '行政处罚', '其他', ...POINT_SOURCES])] as readonly string[];

const SOURCE_SYNONYMS: Readonly<Record<string, string>> = { 投诉: '投诉举报', 举报: '投诉举报', 日常检查: '日常管理' };

/** Points per record (check on point_records.points). */
export const MAX_POINTS_PER_RECORD = 12;

/**
 * What was recorded (behaviour, points, source, date) is never rewritten (0002's guard): only the
 * recording department and the notice dates can be added or corrected by a later sheet.
 */
export const pointSheet = defineSheet(
  {
    registrationNo: registrationNoField('被记分机构（或被记分人员所在机构）的登记号'),
    certificateNo: {
      header: '执业证书编码',
      aliases: ['执业证书编号', '证书编码'],
      required: false,
      help: '记分对象是医务人员时填写（人员须已导入该机构）；记机构分时留空',
      cell: optionalLine(40).transform((v) => (v === null ? null : cleanIdentifier(v))),
      pg: 'text',
      stored: false,
    },
    staffName: {
      header: '姓名',
      aliases: ['被记分人员'],
      required: false,
      help: '记分对象是医务人员时可填写，用于核对证书编码',
      cell: optionalLine(50),
      pg: 'text',
      stored: false,
    },
    behaviour: {
      header: '记分行为',
      aliases: ['不良执业行为', '记分事由'],
      required: true,
      help: '不超过500字',
      cell: requiredText(500),
      pg: 'text',
      onUpdate: 'never',
    },
    points: {
      header: '记分分值',
      aliases: ['分值', '记分'],
      required: true,
      help: `1到${MAX_POINTS_PER_RECORD}的整数`,
      cell: integerCell(1, MAX_POINTS_PER_RECORD),
      pg: 'smallint',
      onUpdate: 'never',
    },
    source: {
      header: '记分来源',
      aliases: ['来源'],
      required: true,
      help: `${STORED_POINT_SOURCES.join('、')}之一`,
      cell: requiredChoice(STORED_POINT_SOURCES, SOURCE_SYNONYMS),
      pg: 'text',
      onUpdate: 'never',
    },
    department: {
      header: '记分科室',
      aliases: ['记分单位', '记分部门'],
      required: false,
      help: '谁检查谁记分：记分的科室或单位，不超过50字',
      cell: optionalLine(50),
      pg: 'text',
    },
    foundOn: { header: '发现日期', aliases: ['记分日期'], required: true, help: '日期，如2025-05-20', cell: requiredDate(), pg: 'date', onUpdate: 'never' },
    noticeServedOn: {
      header: '通知书送达日期',
      aliases: ['送达日期'],
      required: false,
      help: '《记分通知书》送达日期，不早于发现日期',
      cell: optionalDate(),
      pg: 'date',
    },
    noticeReceivedOn: {
      header: '通知书签收日期',
      aliases: ['签收日期'],
      required: false,
      help: '被记分方签收日期，不早于送达日期',
      cell: optionalDate(),
      pg: 'date',
    },
  },
  {
    name: 'points',
    title: '不良执业行为记分',
    unit: '条',
    table: 'point_records',
    fileKey: (row) => [row.registrationNo, row.certificateNo ?? '', row.foundOn, row.behaviour].join('\u0000'),
    duplicate: { column: '记分行为', why: '同一对象同一天的同一行为只能记一次' },
    linked: [{ column: 'staff_id', pg: 'bigint', notNull: false }],
    describe: (s) => ({
      key: `${String(s['registration_no'])}${typeof s['certificate_no'] === 'string' ? ` ${s['certificate_no']}` : ''}`,
      label: `${String(s['found_on'])} ${String(s['behaviour']).slice(0, 30)}（${String(s['points'])}分）`,
    }),
    rules: [
      {
        fields: ['noticeServedOn', 'foundOn'],
        check: (row, ctx) => {
          if (row.noticeServedOn !== null && row.noticeServedOn < row.foundOn) {
            ctx.addIssue({ code: 'custom', path: ['noticeServedOn'], message: '不能早于发现日期' });
          }
        },
      },
      {
        fields: ['noticeServedOn', 'noticeReceivedOn'],
        check: (row, ctx) => {
          if (row.noticeReceivedOn === null) return;
          if (row.noticeServedOn === null) {
            ctx.addIssue({ code: 'custom', path: ['noticeServedOn'], message: '填写了通知书签收日期时必须填写送达日期' });
          } else if (row.noticeReceivedOn < row.noticeServedOn) {
            ctx.addIssue({ code: 'custom', path: ['noticeReceivedOn'], message: '不能早于通知书送达日期' });
          }
        },
      },
      {
        fields: ['staffName', 'certificateNo'],
        check: (row, ctx) => {
          if (row.staffName !== null && row.certificateNo === null) {
            ctx.addIssue({ code: 'custom', path: ['certificateNo'], message: '记分对象是医务人员时须填写执业证书编码' });
          }
        },
      },
    ],
  },
);

export type PointRow = RowOf<typeof pointSheet>;
