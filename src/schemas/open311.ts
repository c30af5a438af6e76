/** Open311 GeoReport v2 inputs: the GET requests.json filters and the values of the POST (src/handlers/open311.ts). */
import { z } from 'zod';
import { parseTrackingNumber } from '../domain/tracking-number';
import { OPEN311_SERVICES } from '../domain/open311';
import { optional } from './complaint';

const SERVICE_CODES = OPEN311_SERVICES.map((s) => s.service_code) as [string, ...string[]];

/** ISO 8601 with a time zone, as the spec requires ("1994-11-05T08:15:30-05:00" or "…Z"). */
const dateTime = z.iso.datetime({ offset: true, error: '应为带时区的 ISO 8601 时间，如 2026-05-01T08:00:00+08:00' }).transform((v) => new Date(v));

export const open311ListQuery = z
  .object({
    service_request_id: optional(
      z
        .string()
        .max(1000)
        .transform((v, ctx) => {
          const out: string[] = [];
          for (const part of v.split(',')) {
            const r = parseTrackingNumber(part);
            if (!r.ok) {
              ctx.addIssue({ code: 'custom', message: `${part.trim() || '（空）'}：${r.message}` });
              return z.NEVER;
            }
            out.push(r.value);
          }
          return out;
        }),
    ),
    service_code: optional(z.enum(SERVICE_CODES, { error: '没有这个服务代码，请以 services.json 为准' })),
    start_date: optional(dateTime),
    end_date: optional(dateTime),
    status: optional(
      z
        .string()
        .transform((v) => v.split(',').map((s) => s.trim()))
        .pipe(z.array(z.enum(['open', 'closed'], { error: '只能是 open、closed 或 open,closed' }))),
    ),
  })
  .refine((q) => !q.start_date || !q.end_date || q.start_date <= q.end_date, { path: ['end_date'], error: 'end_date 不能早于 start_date' });

export const OPEN311_QUERY_LABELS: Record<string, string> = {
  service_request_id: 'service_request_id',
  service_code: 'service_code',
  start_date: 'start_date',
  end_date: 'end_date',
  status: 'status',
};

/** The sender's own request number (12345 工单号), the attribute client_request_id. */
export const clientRequestId = z
  .string()
  .trim()
  .regex(/^[\w\-./]{1,100}$/, 'client_request_id 应为 1–100 个字母、数字或 - _ . /');

export const complainantEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: '邮箱格式不正确' }));

export const anonymousAttribute = z.enum(['true', 'false'], { error: 'attribute[anonymous] 只能是 true 或 false' }).transform((v) => v === 'true');
