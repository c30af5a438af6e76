/** Accounts of the supervisor area: login form, new account (web and `npm run user:create`). */
import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords';
import { optional, singleLine } from './complaint';

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(40),
  // Not trimmed: spaces are part of a password. Checked for length only (policy is for new ones).
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH * 4),
});

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,40}$/;

export const newAccountSchema = z.object({
  username: z.string().trim().toLowerCase().regex(USERNAME_PATTERN, '只能使用 3–40 位小写字母、数字、下划线、点或短横线'),
  displayName: singleLine(1, 50),
  department: optional(singleLine(1, 50)),
  role: z.enum(ROLES),
  regions: z
    .string()
    .default('')
    .transform((v) => [...new Set(v.split(/[\s,，、]+/).map((c) => c.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[1-8]\d{5}(\d{3}(\d{3})?)?$/, '行政区划代码应为6、9或12位数字')).max(50)),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
});
export type NewAccountInput = z.infer<typeof newAccountSchema>;

export const ACCOUNT_LABELS: Record<string, string> = {
  username: '用户名', displayName: '姓名', department: '科室', role: '角色', regions: '负责辖区', password: '密码', reason: '原因',
};
