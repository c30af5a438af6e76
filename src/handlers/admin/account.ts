import { findForLogin, loginHistory, setSupervisorPassword } from '../../db/supervisors';
import { verifyPassword, hashPassword } from '../../server/auth';
import { DomainError } from '../../domain/errors';
import { changePasswordSchema, CHANGE_PASSWORD_LABELS } from '../../schemas/admin-accounts';
import { PASSWORD_MIN_LENGTH } from '../../domain/passwords';
import { config } from '../../config';
import { actorOf, ipOf, parseOrThrow, readForm, refused, seeOther, type AdminContext } from './http';
import { newPasswordProblems } from './accounts';

/**
 * One's own account (/admin/account), open to every role: change the password (forced after an
 * administrator set it — the guard sends every other page here until then) and see one's own
 * recent logins, refused ones included, with time and address (等保 8.1.4.1, 8.1.4.3).
 */

const HISTORY_ROWS = 20;

export async function accountPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  let errors: string[] = [];
  let status = 200;
  if (ctx.request.method === 'POST') {
    try {
      await changeOwnPassword(ctx);
      // Changing the password ends every session of the account, this one too: log in again.
      return seeOther('/admin/login?changed=1');
    } catch (e) {
      ({ errors, status } = refused(e));
    }
  }
  const must = ctx.url.searchParams.get('must') === '1';
  return {
    status,
    errors,
    must,
    logins: await loginHistory(actor, HISTORY_ROWS),
    policy: { minLength: PASSWORD_MIN_LENGTH, minClasses: config.PASSWORD_MIN_CLASSES, history: config.PASSWORD_HISTORY },
    timeouts: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS },
  };
}

async function changeOwnPassword(ctx: AdminContext): Promise<void> {
  const actor = actorOf(ctx);
  const input = parseOrThrow(changePasswordSchema, await readForm(ctx.request), CHANGE_PASSWORD_LABELS);
  const account = await findForLogin(actor.username);
  if (!account || !(await verifyPassword(account.passwordHash, input.current))) throw new DomainError('当前密码：不正确', 'invalid');
  const problems = await newPasswordProblems(input.password, { username: actor.username, displayName: actor.displayName }, actor.id);
  if (problems.length) throw new DomainError(problems.map((p) => `新密码：${p}`).join('；'), 'invalid');
  await setSupervisorPassword(actor, actor.id, await hashPassword(input.password), '本人修改密码', ipOf(ctx));
}
