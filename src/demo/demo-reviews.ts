/**
 * The demo's review states (复核中 / 已复核) go through the same db functions as a supervisor's:
 * the generator says which evaluations are under review or were reviewed; the loader stores them
 * as 无 and then files, accepts (and decides) a review application as the demo administrator, which
 * sets evaluations.review_status (src/db/reviews.ts). Demo only.
 */
import type { EvaluationRow } from '../db/demo-rows';
import { findForLogin, loadActor } from '../db/supervisors';
import { actOnReview, recordReview } from '../db/reviews';
import { DEMO_ACCOUNTS, loadDemoAccounts } from './demo-accounts';
import { addCalendarDays, chinaDate, type IsoDate } from '../domain/working-days';
import type { Actor } from '../domain/roles';

export interface DemoReviewIntent {
  evaluationId: number;
  institutionId: number;
  evaluatedOn: IsoDate;
  decided: boolean;
}

/** Takes the generated review status off the rows (stored as 无) and returns what to file. */
export function takeReviewIntents(rows: EvaluationRow[]): DemoReviewIntent[] {
  const intents: DemoReviewIntent[] = [];
  for (const row of rows) {
    if (row.review_status === '无') continue;
    intents.push({ evaluationId: row.id, institutionId: row.institution_id, evaluatedOn: row.evaluated_on, decided: row.review_status === '已复核' });
    row.review_status = '无';
  }
  return intents;
}

/** The demo administrator (its account is created first when missing). */
export async function demoAdmin(): Promise<Actor> {
  await loadDemoAccounts();
  const username = DEMO_ACCOUNTS.find((a) => a.role === 'admin')?.username ?? 'admin';
  const account = await findForLogin(username);
  const admin = account ? await loadActor(account.id) : null;
  if (!admin) throw new Error(`演示管理员账号 ${username} 不存在`);
  return admin;
}

/** Files the reviews as the demo administrator. */
export async function fileDemoReviews(intents: readonly DemoReviewIntent[]): Promise<void> {
  if (intents.length === 0) return;
  const admin = await demoAdmin();
  for (const r of intents) {
    const received = addCalendarDays(r.evaluatedOn, 2);
    const filed = addCalendarDays(received, 1);
    const accepted = addCalendarDays(filed, 1);
    const decided = addCalendarDays(accepted, 5);
    // The fictional dates may lie after the real today; "today" only guards against typing errors.
    const last = r.decided ? decided : accepted;
    const today = chinaDate(new Date()) > last ? chinaDate(new Date()) : last;
    const id = await recordReview(
      admin,
      {
        institutionId: r.institutionId,
        target: { item: 'evaluation', evaluationId: r.evaluationId },
        applicant: '机构负责人',
        grounds: '对评价得分有异议（演示数据）',
        noticeReceivedOn: received,
        filedOn: filed,
        reason: '收到书面复核申请（演示数据）',
      },
      today,
      null,
    );
    await actOnReview(admin, id, { action: 'accept', on: accepted, reason: '申请材料齐全，予以受理（演示数据）' }, today, null);
    if (r.decided) await actOnReview(admin, id, { action: 'maintain', on: decided, reason: '经复核，评分无误（演示数据）' }, today, null);
  }
}
