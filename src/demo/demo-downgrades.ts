/**
 * The demo's downgrades, recorded the way supervisors record them (issue 12 item 3): the demo
 * district supervisor records the finding, re-scores and reports; the demo administrator (a
 * second person) approves; the 降级通知书 is issued. So every downgraded demo institution has a
 * re-score as the basis of its level, exactly as a real one would.
 *
 * Jurisdiction is kept: the proposer is the district account, so the downgrades are chosen among
 * the current-year evaluations in its region (loadDemoAccounts gives it the township with the most
 * institutions). Runs after the accounts exist.
 */
import { downgradeCandidates } from '../db/downgrades-read';
import { approveDowngrade, recordFinding, rescoreDowngrade, submitDowngrade } from '../db/downgrades-write';
import { findForLogin, loadActor } from '../db/supervisors';
import type { Actor } from '../domain/roles';
import { issueDowngradeNotice } from '../handlers/admin/downgrade-notice';
import { DEMO_YEAR, planDowngrades } from './factory';
import { DEMO_ACCOUNTS } from './demo-accounts';

export async function demoActor(role: 'admin' | 'district'): Promise<Actor> {
  const username = DEMO_ACCOUNTS.find((a) => a.role === role)?.username ?? role;
  const login = await findForLogin(username);
  const actor = login ? await loadActor(login.id) : null;
  if (!actor) throw new Error(`演示账号 ${username} 不存在：请先载入演示账号。`);
  return actor;
}

/** Records the planned downgrades; returns how many were approved. */
export async function loadDemoDowngrades(seed: number): Promise<number> {
  const district = await demoActor('district');
  const admin = await demoActor('admin');
  const plans = planDowngrades(seed, await downgradeCandidates(district, DEMO_YEAR));
  for (const p of plans) {
    const id = await recordFinding(
      district,
      { institutionId: p.institutionId, foundOn: p.foundOn, source: '日常监督', finding: p.finding, linkKind: 'inspection', linkRef: p.linkRef },
      p.foundOn,
      null,
    );
    await rescoreDowngrade(district, id, p.rescoredOn, p.input, '按现场评价表重新评分', p.rescoredOn, null);
    await submitDowngrade(district, id, '重新评分低于当前级别，上报信用评价小组审查', null);
    await approveDowngrade(admin, id, '经信用评价小组审查，同意降级', p.decidedOn, null);
    await issueDowngradeNotice(admin, id, p.decidedOn, null);
  }
  return plans.length;
}
