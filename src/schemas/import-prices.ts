/**
 * The price sheet (价格/收费公示, issue 15): the items an institution posts with their prices, one
 * row per item, found again by 登记号 + 项目. The lighter of the two ways the issue offers for a
 * supervisor: a clinic's price list already is a table, so an Excel sheet (many institutions in
 * one file) beats typing items into a form. Items are never deleted by an import; an institution
 * that links an official 收费公示 instead sets 收费公示网址 in the institutions sheet.
 */
import { z } from 'zod';
import { optionalLine, optionalMoney, requiredLine } from './import-cells';
import { institutionRecordSheet } from './import-sheet';

export const priceSheet = institutionRecordSheet(
  'item',
  {
    item: {
      header: '项目',
      aliases: ['收费项目', '项目名称'],
      required: true,
      help: '不超过100字；同一机构内用它找到原记录',
      cell: requiredLine(100),
      pg: 'text',
    },
    priceCents: {
      header: '价格',
      aliases: ['单价', '价格（元）'],
      required: true,
      help: '金额（元），最多两位小数，如12.50',
      cell: optionalMoney().transform((v, ctx) => {
        if (v === null) {
          ctx.addIssue({ code: 'custom', message: '必填（金额，元）' });
          return z.NEVER;
        }
        return Math.round(v * 100);
      }),
      pg: 'integer',
      label: '价格（分）',
    },
    unit: { header: '计价单位', aliases: ['单位'], required: false, help: '如次、张、牙，不超过20字', cell: optionalLine(20), pg: 'text' },
    note: { header: '说明', aliases: ['备注'], required: false, help: '不超过200字', cell: optionalLine(200), pg: 'text' },
  },
  {
    name: 'prices',
    title: '价格公示',
    unit: '项',
    table: 'institution_prices',
    why: '同一机构的同一项目只能有一行',
    label: (s) => String(s['item']),
  },
);
