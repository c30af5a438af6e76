/**
 * The demo's credit-lifecycle records that only supervisors create (issue 12 items 6, 8, 10),
 * made through the same db functions as the supervisor area, as the demo accounts: run after the
 * demo data and the demo accounts (scripts/demo-data.ts, npm start on an empty database, the e2e
 * fixture). Fictional, like everything in src/demo.
 *
 *  - 吊销 and 歇业: the administrator changes the status of two clinics in the demo district
 *    (changeInstitutionStatus), so the demo has closed institutions made the real way;
 *  - 严重失信名单: the district supervisor proposes the revoked clinic and another one, the
 *    administrator (another person) approves; the second is then repaired (信用修复), so the
 *    public list shows one current entry and one taken off;
 *  - 典型案例: the administrator writes and publishes two cases about recent penalties.
 *
 * The district account can only act in its own regions, so the clinics are chosen there. Runs
 * once: a database where any of this exists already is left alone.
 */
import { transaction } from '../db/client';
import { actorByUsername, clinicsInScope, demoLifecycleDone, recentPenalties } from '../db/demo-lifecycle';
import { actOnDishonesty, proposeDishonesty, type NewDishonesty } from '../db/dishonesty';
import { changeInstitutionStatus } from '../db/institution-admin';
import { actOnCase, createCase } from '../db/typical-cases';
import { addCalendarDays, chinaDate, type IsoDate } from '../domain/working-days';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DEMO_AS_OF } from './factory';
import { loadDemoDraw } from './draws';

const username = (role: 'admin' | 'district'): string => DEMO_ACCOUNTS.find((a) => a.role === role)?.username ?? role;

export async function loadDemoLifecycle(now = new Date()): Promise<void> {
  const today = chinaDate(now);
  // The demo's "now" (its records end there); never after the real today.
  const asOf: IsoDate = DEMO_AS_OF < today ? DEMO_AS_OF : today;
  const day = (offset: number): IsoDate => addCalendarDays(asOf, offset);
  await transaction(async (tx) => {
    if (await demoLifecycleDone(tx)) return;
    const admin = await actorByUsername(tx, username('admin'));
    const district = await actorByUsername(tx, username('district'));
    if (!admin || !district) return;
    const [revoked, repaired, closed] = await clinicsInScope(tx, district, 3);

    // Proposed by the district account, approved two days later by the administrator.
    const list = async (institutionId: number, facts: Omit<NewDishonesty, 'institutionId' | 'displayUntil'>, years: number, seq: number) => {
      const id = await proposeDishonesty(district, { institutionId, ...facts, displayUntil: addCalendarDays(facts.listedOn, years * 365) }, null, tx);
      const on = addCalendarDays(facts.listedOn, 2);
      const decisionNo = `演示卫健失信〔${on.slice(0, 4)}〕${seq}号`;
      await actOnDishonesty(admin, id, { action: 'approve', on, note: '事实清楚，同意列入', decisionNo }, today, null, tx);
      return id;
    };
    if (revoked) {
      const reason = '出租《医疗机构执业许可证》，情节严重，被吊销《医疗机构执业许可证》';
      await changeInstitutionStatus(admin, revoked.id, { to: '吊销', changedOn: day(-40), reason: `${reason}（演示数据）` }, today, null, tx);
      const facts = { grounds: ['既往监督检查', '校验管理'] as const, reason, legalBasis: '《医疗机构管理条例》第二十三条、第四十六条', listedOn: day(-30) };
      await list(revoked.id, facts, 3, 1);
    }
    if (repaired) {
      const facts = {
        grounds: ['既往监督检查', '不良记分'] as const,
        reason: '一年内两次使用非卫生技术人员从事医疗卫生技术工作，经责令改正仍未改正',
        legalBasis: '《医疗机构管理条例》第四十七条',
        listedOn: day(-200),
      };
      const id = await list(repaired.id, facts, 1, 2);
      const application = '已清退非卫生技术人员，完成整改并作出信用承诺，申请信用修复';
      await actOnDishonesty(district, id, { action: 'apply-repair', on: day(-60), note: application }, today, null, tx);
      await actOnDishonesty(admin, id, { action: 'grant-repair', on: day(-45), note: '经核查整改到位，准予信用修复' }, today, null, tx);
    }
    if (closed) {
      await changeInstitutionStatus(admin, closed.id, { to: '歇业', changedOn: day(-20), reason: '机构申请歇业，已办理歇业登记（演示数据）' }, today, null, tx);
    }

    // Oldest first, so that the newest case is published last and listed first.
    for (const p of (await recentPenalties(tx, asOf, 2)).reverse()) {
      const id = await createCase(
        admin,
        {
          title: `${p.institutionName.slice(0, 80)}违法执业被依法处罚`,
          body:
            `违法事实：${p.violation.replace(/。$/, '')}。\n` +
            `${p.decidedOn}，卫生健康行政部门依法作出行政处罚决定（${p.decisionNo}）：${p.penalty.replace(/。$/, '')}。\n` +
            '医疗机构应严格依法执业。群众发现违法执业行为，可通过本平台投诉举报。（演示数据，机构和案情均为虚构。）',
          caseDate: p.decidedOn,
          penaltyDecisionNo: p.decisionNo,
        },
        today,
        null,
        tx,
      );
      await actOnCase(admin, id, 'publish', '经审核，予以公开（演示数据）', today, null, tx);
    }
  });
  await loadDemoDraw();
}
