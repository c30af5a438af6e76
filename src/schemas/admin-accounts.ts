/** Accounts of the supervisor area: login form, new account (web and `npm run user:create`). */
import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { PASSWORD_MAX_LENGTH } from '../domain/passwords';
import { optional, singleLine } from './complaint';
import { forbiddenCharacter, forbiddenCharacterMessage } from './invisible-chars';

/** Refuses control and invisible characters with the shared Chinese message (NUL would reach PostgreSQL). */
const visible = (v: string, ctx: z.core.$RefinementCtx<string>) => {
  const found = forbiddenCharacter(v, false);
  if (found) ctx.addIssue({ code: 'custom', message: forbiddenCharacterMessage(found), input: v });
};

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(40).superRefine(visible),
  // Not trimmed: spaces are part of a password. Checked for length only (policy is for new ones).
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
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
    .transform((v) => [
      ...new Set(
        v
          .split(/[\s,，、]+/)
          .map((c) => c.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().regex(/^[1-8]\d{5}(\d{3}(\d{3})?)?$/, '行政区划代码应为6、9或12位数字')).max(50)),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
});

export const ACCOUNT_LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  department: '科室',
  role: '角色',
  regions: '负责辖区',
  password: '密码',
  reason: '原因',
};

const AREA = /^\/admin(?:\/|$)/;
const BASE = 'http://same-origin.invalid';

/**
 * Where to go after logging in (`next`): a path of this site inside the supervisor area, never the
 * login page itself. The URL parser resolves dot segments (also %2e%2e) before the area is
 * checked and percent-encodes what is not ASCII, so the result is always a valid Location header
 * (`/admin/投诉` → `/admin/%E6%8A%95%E8%AF%89`). Anything else is not an error for the user: the
 * caller falls back to /admin/ (`safeNext`).
 */
export const adminNextSchema = z
  .string()
  .max(2000)
  .refine((v) => v.startsWith('/') && !v.startsWith('//') && !v.includes('\\'), '不是本站监督管理区的地址')
  .superRefine(visible)
  .transform((v, ctx) => {
    let url: URL;
    try {
      url = new URL(v, BASE);
    } catch {
      ctx.addIssue({ code: 'custom', message: '不是本站监督管理区的地址' });
      return z.NEVER;
    }
    if (url.origin !== BASE || !AREA.test(url.pathname) || url.pathname.startsWith('/admin/login')) {
      ctx.addIssue({ code: 'custom', message: '不是本站监督管理区的地址' });
      return z.NEVER;
    }
    return url.pathname + url.search;
  });

/** The `next` to follow after login, or /admin/ when it is missing or not acceptable. */
export function safeNext(next: string | null | undefined): string {
  const r = adminNextSchema.safeParse(next ?? '');
  return r.success ? r.data : '/admin/';
}

/** The account page's change of one's own password (src/handlers/admin/account.ts). */
export const changePasswordSchema = z
  .object({
    current: z
      .string()
      .min(1, '请输入当前密码')
      .max(PASSWORD_MAX_LENGTH * 4),
    password: z
      .string()
      .min(1, '请输入新密码')
      .max(PASSWORD_MAX_LENGTH * 4),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: '两次输入的新密码不一致' });

export const CHANGE_PASSWORD_LABELS = { current: '当前密码', password: '新密码', confirm: '确认新密码' };
