/** County settings (several counties on one deployment, migration 0018): the admin form and the demo. */
import { z } from 'zod';
import { optional, singleLine } from './complaint';

const phone = z
  .string()
  .trim()
  .regex(/^[0-9][0-9-]{4,19}$/, '应为数字和短横线，如 0399-6001234');

export const countySettingsSchema = z.object({
  commissionName: singleLine(2, 60),
  supervisingUnit: optional(singleLine(2, 80)).transform((v) => v ?? null),
  complaintPhone: optional(phone).transform((v) => v ?? null),
  contactPhone: optional(phone).transform((v) => v ?? null),
  contactAddress: optional(singleLine(2, 100)).transform((v) => v ?? null),
  documentAbbr: z
    .string()
    .trim()
    .regex(/^[\u4e00-\u9fff]{2,10}$/, '应为2至10个汉字，如 青禾卫健'),
});
export type CountySettingsInput = z.infer<typeof countySettingsSchema>;

/** A county and its settings as stored (src/db/counties.ts), for the admin screen and the public pages. */
export interface CountySettings {
  code: string;
  /** The county's region name, e.g. 青禾县. */
  name: string;
  /** The prefecture (or province) above it, e.g. 样例市; null at the root. */
  parentName: string | null;
  /** Whether the county has its own settings yet (a row in county_settings). */
  configured: boolean;
  commissionName: string | null;
  supervisingUnit: string | null;
  complaintPhone: string | null;
  contactPhone: string | null;
  contactAddress: string | null;
  documentAbbr: string | null;
}

export const COUNTY_SETTINGS_LABELS: Record<string, string> = {
  commissionName: '卫生健康委员会名称',
  supervisingUnit: '监督单位',
  complaintPhone: '投诉举报电话',
  contactPhone: '联系电话',
  contactAddress: '联系地址',
  documentAbbr: '文号机关简称',
  reason: '修改原因',
};

/** A county's region code in a route parameter (/r/{code}/, /data/{code}/…, /admin/counties/{code}). */
export const countyCodeSchema = z.string().regex(/^[1-8]\d{5}$/, '县级区划代码应为6位数字');
