import { hashPassword, verifyPassword } from '../../server/auth';
import { config } from '../../config';
import { FREE_FAILURES } from './login';
import { actorOf, ipOf, parseForm, parseOrThrow, readForm, refused, requireAccess, seeOther, type AdminContext } from './http';
import { newAccountSchema, ACCOUNT_LABELS } from '../../schemas/admin-accounts';
import { reasonSchema } from '../../schemas/admin-complaints';
import { idFieldSchema } from '../../schemas/admin-common';
import {
  createSupervisor,
  listSupervisors,
  setSupervisorActive,
  setSupervisorPassword,
  unlockSupervisor,
  unknownRegions,
  recentPasswordHashes,
  allRegions,
  type SupervisorListRow,
} from '../../db/supervisors';
import { requiresRegions, type Role } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { passwordProblems, type PasswordContext } from '../../domain/passwords';
import { setInspectorFields } from '../../db/draws';
import { inspectorFieldsSchema, INSPECTOR_LABELS } from '../../schemas/admin-draws';

/** Account management (the users page); logging in and out: ./login.ts. */

export interface UsersView {
  status: number;
  rows: SupervisorListRow[];
  regions: { code: string; name: string; level: number }[];
  errors: string[];
  done: string | null;
  values: Record<string, string>;
  /** Failures in a row before an account must wait (the status column names longer runs). */
  freeFailures: number;
  minClasses: number;
}

const DONE: Record<string, string> = {
  created: '账户已创建。',
  unlocked: '已解除该账户的登录限制，可以立即登录。',
  activated: '账户已启用。',
  deactivated: '账户已停用，其登录会话已结束。',
  password: '密码已重置，该账户的登录会话已结束。',
  inspector: '执法证号和所在乡镇已保存。',
};

export async function usersPage(ctx: AdminContext): Promise<UsersView | Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'user.manage');
  let errors: string[] = [];
  let values: Record<string, string> = {};
  let status = 200;
  if (ctx.request.method === 'POST') {
    const form = await readForm(ctx.request);
    try {
      const done = await userAction(ctx, form);
      return seeOther(`/admin/users?done=${done}`);
    } catch (e) {
      ({ errors, status } = refused(e));
      values = { ...form, password: '' };
    }
  }
  const doneKey = ctx.url.searchParams.get('done') ?? '';
  return {
    status,
    rows: await listSupervisors(actor),
    regions: await allRegions(),
    errors,
    done: DONE[doneKey] ?? null,
    values,
    freeFailures: FREE_FAILURES,
    minClasses: config.PASSWORD_MIN_CLASSES,
  };
}

async function userAction(ctx: AdminContext, form: Record<string, string>): Promise<string> {
  const actor = actorOf(ctx);
  const ip = ipOf(ctx);
  const reason = parseForm(reasonSchema, { reason: form['reason'] ?? '' }, { reason: '原因' });
  if (!reason.data) throw new DomainError(reason.errors.join('；'), 'invalid');
  const op = form['op'];
  if (op === 'create') {
    const parsed = parseForm(newAccountSchema, form, ACCOUNT_LABELS);
    if (!parsed.data) throw new DomainError(parsed.errors.join('；'), 'invalid');
    const a = parsed.data;
    await checkNewAccount(a.role, a.regions, a.password, a.username, a.displayName);
    await createSupervisor(
      actor,
      {
        username: a.username,
        displayName: a.displayName,
        department: a.department ?? null,
        role: a.role,
        regions: a.regions,
        passwordHash: await hashPassword(a.password),
      },
      reason.data.reason,
      ip,
    );
    return 'created';
  }
  const { id } = parseOrThrow(idFieldSchema, { id: form['id'] }, { id: '账户' });
  if (op === 'unlock') {
    await unlockSupervisor(actor, id, reason.data.reason, ip);
    return 'unlocked';
  }
  if (op === 'activate' || op === 'deactivate') {
    await setSupervisorActive(actor, id, op === 'activate', reason.data.reason, ip);
    return op === 'activate' ? 'activated' : 'deactivated';
  }
  if (op === 'password') {
    const password = form['password'] ?? '';
    const problems = await newPasswordProblems(password, { username: form['username'] ?? '' }, id);
    if (problems.length) throw new DomainError(problems.map((p) => `密码：${p}`).join('；'), 'invalid');
    await setSupervisorPassword(actor, id, await hashPassword(password), reason.data.reason, ip);
    return 'password';
  }
  if (op === 'inspector') {
    const f = parseOrThrow(inspectorFieldsSchema, form, INSPECTOR_LABELS);
    await setInspectorFields(actor, f.id, f.enforcementNo ?? null, f.township ?? null, ip);
    return 'inspector';
  }
  throw new DomainError('操作：未知的操作', 'invalid');
}

/** Checks shared by the web form and `npm run user:create`. */
export async function checkNewAccount(role: Role, regions: string[], password: string, username: string, displayName: string): Promise<void> {
  const problems: string[] = [];
  if (requiresRegions(role) && regions.length === 0) problems.push('负责辖区：辖区监督员必须至少负责一个辖区');
  // An administrator with regions is a county administrator (several counties on one deployment,
  // migration 0018): scoped to them like a district supervisor; without regions, the whole deployment.
  const unknown = await unknownRegions(regions);
  if (unknown.length) problems.push(`负责辖区：找不到行政区划 ${unknown.join('、')}`);
  for (const p of await newPasswordProblems(password, { username, displayName }, null)) problems.push(`密码：${p}`);
  if (problems.length) throw new DomainError(problems.join('；'), 'invalid');
}

/**
 * The whole level-3 password policy for a new password (src/domain/passwords.ts plus the
 * configured composition rule), and — for an existing account — reuse of its current or last
 * PASSWORD_HISTORY passwords (checked against their argon2id hashes).
 */
export async function newPasswordProblems(password: string, context: PasswordContext, supervisorId: number | null): Promise<string[]> {
  const problems = passwordProblems(password, context, config.PASSWORD_MIN_CLASSES);
  if (problems.length || supervisorId === null) return problems;
  for (const hash of await recentPasswordHashes(supervisorId, config.PASSWORD_HISTORY)) {
    if (await verifyPassword(hash, password)) return [`不能与最近 ${config.PASSWORD_HISTORY} 次使用过的密码相同`];
  }
  return [];
}
