/** Forms of /admin/clients (API clients) and /admin/jobs (the job queue). */
import { z } from 'zod';
import { blankToUndefined, optional, singleLine } from './complaint';

export const CLIENT_CHANNEL_CODES = ['12345', '政务App', '信访', 'api', 'other'] as const;

export const newClientSchema = z.object({
  name: singleLine(1, 60),
  channel: z.enum(CLIENT_CHANNEL_CODES, { error: '请选择渠道' }),
  rateLimitPerMinute: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: '请填写 1–10000 的整数' }).int('请填写 1–10000 的整数').min(1, '至少为 1').max(10_000, '至多为 10000').default(60),
  ),
  callbackUrl: optional(
    z
      .string()
      .trim()
      .max(500, '不能超过 500 个字符')
      .regex(/^https?:\/\/[^\s]+$/, '应以 http:// 或 https:// 开头')
      .refine((v) => URL.canParse(v), '不是有效的网址'),
  ),
});

export const CLIENT_LABELS: Record<string, string> = {
  name: '名称',
  channel: '渠道',
  rateLimitPerMinute: '每分钟限额',
  callbackUrl: '回调地址',
  reason: '原因',
  id: '接入渠道',
};

/** Retry or discard one job: its queue, its id (a UUID) and why (audit log). */
export const jobActionSchema = z.object({
  op: z.enum(['retry', 'discard'], { error: '未知的操作' }),
  queue: z.string().regex(/^[a-z][a-z0-9.-]{1,60}$/, '队列名称不正确'),
  id: z.uuid({ error: '任务编号不正确' }),
});

export const JOB_LABELS: Record<string, string> = { op: '操作', queue: '队列', id: '任务', reason: '原因' };
