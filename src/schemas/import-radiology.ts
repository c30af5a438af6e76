/**
 * The radiology sheet (放射诊疗, "扫一扫、就监督", seed 004): one row per radiation device, the
 * institution's 放射诊疗许可证 repeated on each of its rows. One sheet rather than two: the
 * supervisor's register (放射诊疗许可 and 设备台账) is kept per institution as one table, the
 * licence and its devices are checked together, and "import a radiology sheet → the page shows
 * the licence and the equipment" is one upload. A device is found again by 登记号 + 设备编号.
 * The licence columns are staged for the check and written by src/db/import-radiology.ts.
 */
import { choiceCell, optionalDate, optionalLine, requiredLine } from './import-cells';
import { institutionRecordSheet } from './import-sheet';

export const DEVICE_STATUSES = ['在用', '停用', '报废'] as const;
export const DEVICE_TEST_RESULTS = ['合格', '不合格'] as const;

const licence = (header: string, help: string, cell: ReturnType<typeof optionalLine> | ReturnType<typeof optionalDate>, pg: string) =>
  ({ header, aliases: [], required: false, help, cell, pg, stored: false }) as const;

export const radiologySheet = institutionRecordSheet(
  'code',
  {
    licenceNo: licence('放射诊疗许可证号', '同一机构各行相同；不填则不改许可证', optionalLine(60), 'text'),
    licenceValidFrom: licence('许可证有效期起', '日期，如2023-03-01', optionalDate(), 'date'),
    licenceValidTo: licence('许可证有效期至', '日期，如2028-02-28', optionalDate(), 'date'),
    licenceScope: licence('许可项目', '如X射线影像诊断、介入放射学，不超过500字；填了许可证号时必填', optionalLine(500), 'text'),
    code: {
      header: '设备编号',
      aliases: ['编号'],
      required: true,
      help: '机构内唯一，1–12位数字或大写字母，如R01；设备二维码标签打开公示页上该设备处',
      cell: requiredLine(12)
        .transform((v) => v.toUpperCase())
        .refine((v) => /^[0-9A-Z]{1,12}$/.test(v), '应为1–12位数字或大写字母'),
      pg: 'text',
    },
    deviceType: { header: '设备类型', aliases: ['设备名称'], required: true, help: '如CT、DR、牙片机，不超过60字', cell: requiredLine(60), pg: 'text' },
    model: { header: '型号', aliases: ['设备型号'], required: false, help: '不超过100字', cell: optionalLine(100), pg: 'text' },
    room: { header: '机房', aliases: ['所在机房', '位置'], required: false, help: '不超过60字', cell: optionalLine(60), pg: 'text' },
    lastTestedOn: {
      header: '最近状态检测日期',
      aliases: ['检测日期', '最近检测日期'],
      required: false,
      help: '日期；状态检测每年至少一次',
      cell: optionalDate(),
      pg: 'date',
    },
    testResult: {
      header: '检测结果',
      aliases: [],
      required: false,
      help: `${DEVICE_TEST_RESULTS.join('、')}之一`,
      cell: choiceCell(DEVICE_TEST_RESULTS),
      pg: 'text',
    },
    status: {
      header: '设备状态',
      aliases: ['状态'],
      required: false,
      help: `${DEVICE_STATUSES.join('、')}之一；新设备不填为在用`,
      cell: choiceCell(DEVICE_STATUSES),
      pg: 'text',
    },
  },
  {
    name: 'radiology',
    title: '放射诊疗',
    unit: '台',
    table: 'radiation_devices',
    why: '同一机构的同一设备只能有一行',
    whenNew: { status: () => '在用' },
    describe: (s) => ({ key: `${String(s['registration_no'])} ${String(s['code'])}`, label: String(s['device_type']) }),
    rules: [
      {
        fields: ['licenceNo', 'licenceScope'],
        check: (row, ctx) => {
          if (row.licenceNo && !row.licenceScope) ctx.addIssue({ code: 'custom', path: ['licenceScope'], message: '填了放射诊疗许可证号时，许可项目必填' });
        },
      },
      {
        fields: ['licenceValidFrom', 'licenceValidTo'],
        check: (row, ctx) => {
          if (row.licenceValidFrom && row.licenceValidTo && row.licenceValidTo < row.licenceValidFrom) {
            ctx.addIssue({ code: 'custom', path: ['licenceValidTo'], message: '有效期至不能早于有效期起' });
          }
        },
      },
    ],
  },
);
