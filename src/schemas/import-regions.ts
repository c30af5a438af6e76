/**
 * The regions sheet (行政区划): the platform's own region table, which institutions (行政区划),
 * evaluations (评价辖区) and supervisors' jurisdictions refer to. Keyed by the code (GB/T 2260,
 * 9/12 digits for townships and villages). A deployment loads its county's townships and
 * villages once, and again when the statistical codes change.
 */
import { z } from 'zod';
import { checkDivisionCode } from '../domain/identifiers';
import { cleanIdentifier, requiredLine } from './import-cells';
import { columnsOf, rowObjectOf, type ContractField } from './import-sheet';

const LEVELS = { province: 1, prefecture: 2, county: 3, township: 4, village: 5 } as const;

function divisionCell(required: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): { code: string; level: number } | null => {
      const v = cleanIdentifier(raw ?? '');
      if (v === '') {
        if (required) ctx.addIssue({ code: 'custom', message: '必填' });
        return required ? z.NEVER : null;
      }
      const check = checkDivisionCode(v);
      if (!check.valid || !check.level) {
        ctx.addIssue({ code: 'custom', message: check.message ?? '行政区划代码不正确' });
        return z.NEVER;
      }
      return { code: v, level: LEVELS[check.level] };
    });
}

/** The sheet's columns and cells, one table (import-sheet.ts columnsOf, rowObjectOf). */
const REGION_FIELDS = {
  code: {
    header: '行政区划代码',
    aliases: ['区划代码', '代码'],
    required: true,
    help: '6位（省、市、县级）、9位（乡镇街道）或12位（村、社区）数字；再次导入时用它找到原记录',
    cell: divisionCell(true),
  },
  name: {
    header: '名称',
    aliases: ['区划名称', '行政区划名称'],
    required: true,
    help: '如“城关镇”，不超过60字；名称在平台内不重名时，机构名册可以直接填名称',
    cell: requiredLine(60),
  },
  parentCode: {
    header: '上级代码',
    aliases: ['上级区划代码'],
    required: false,
    help: '不填则按代码推算（村→乡镇，乡镇→县，县→市，市→省）；推算出的上级不在平台中时作为最上级',
    cell: divisionCell(false),
  },
} satisfies Record<string, ContractField>;

export const REGION_COLUMNS = columnsOf(REGION_FIELDS);

export const regionRowSchema = rowObjectOf(REGION_FIELDS).superRefine((row, ctx) => {
  if (row.code && row.parentCode && row.parentCode.level >= row.code.level) {
    ctx.addIssue({ code: 'custom', path: ['parentCode'], message: '上级区划的级别必须高于本区划' });
  }
});

export type RegionRow = z.output<typeof regionRowSchema>;
