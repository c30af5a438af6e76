/**
 * The institution portal in the demo (docs/portal.md): one institution's account, activated
 * through its one-time link, and three submissions — an approved reply (shown on its public page),
 * a rejected one with its reason, and a pending quarterly self-inspection — all through the same
 * db functions as the portal and the supervisors. DEMO ONLY: the password is public (README).
 */
import { sql } from '../db/client';
import { demoPortalInstitution } from '../db/demo-write';
import { activatePortalAccount, createPortalAccount, decideSubmission, findPortalLogin, ownRecords, submitToPortal, type PortalAccount } from '../db/portal';
import { findForLogin, loadActor } from '../db/supervisors';
import { hashPassword } from '../server/auth';
import { hashSessionId, randomToken } from '../server/sessions';
import { chinaDate } from '../domain/working-days';
import { DEMO_ACCOUNTS } from './demo-accounts';

export const DEMO_PORTAL_ACCOUNT = { username: 'clinic', password: 'Jigou-Baosong-2026', displayName: '演示机构负责人' } as const;

export async function loadDemoPortal(): Promise<void> {
  if (await findPortalLogin(DEMO_PORTAL_ACCOUNT.username)) return;
  const inst = await demoPortalInstitution(sql);
  const supervisor = await findForLogin(DEMO_ACCOUNTS.find((a) => a.role === 'district')?.username ?? 'district');
  const district = supervisor ? await loadActor(supervisor.id) : null;
  if (!inst || !district) return; // an empty demo (no institutions) has no portal either
  const token = randomToken();
  const id = await createPortalAccount(
    district,
    { institutionId: inst.id, username: DEMO_PORTAL_ACCOUNT.username, displayName: DEMO_PORTAL_ACCOUNT.displayName },
    hashSessionId(token),
    null,
  );
  await activatePortalAccount(hashSessionId(token), await hashPassword(DEMO_PORTAL_ACCOUNT.password), null);
  const account: PortalAccount = {
    id,
    username: DEMO_PORTAL_ACCOUNT.username,
    displayName: DEMO_PORTAL_ACCOUNT.displayName,
    institutionId: inst.id,
    institutionCode: inst.code,
    institutionName: inst.name,
  };
  const today = chinaDate(new Date());
  const evaluation = (await ownRecords(account)).evaluations[0];
  if (evaluation) {
    const reply = await submitToPortal(
      account,
      { kind: 'reply', payload: { subjectKind: 'evaluation', subjectId: evaluation.id, body: '本机构已对照评价意见逐项整改，欢迎群众监督。（演示数据）' } },
      [],
      null,
    );
    await decideSubmission(district, reply, 'approve', null, today, null);
  }
  const hours = await submitToPortal(account, { kind: 'hours-prices', payload: { openingHours: '全天（演示数据）', priceUrl: null, items: [] } }, [], null);
  await decideSubmission(district, hours, 'reject', '诊疗时间请写明每天的起止时间，与大厅公示一致。（演示数据）', today, null);
  await submitToPortal(
    account,
    { kind: 'self-inspection', payload: { kind: '季度常规', inspectedOn: today, result: '合格', findings: null, rectified: null } },
    [],
    null,
  );
}
