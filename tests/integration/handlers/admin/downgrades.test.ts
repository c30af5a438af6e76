// Downgrade during the year (seed 001 附件1 七(二)) against PostgreSQL: the finding, the re-score,
// the report and the second person's approval; roles, jurisdiction, audit, poster version, and
// what the public read then gives (the re-score as the basis of the level in force).
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor, makeWorld, type World } from './world';
import {
  approveDowngrade,
  closeDowngrade,
  recordFinding,
  rescoreDowngrade,
  revokeDowngrade,
  setDowngradeNoticeNo,
  submitDowngrade,
  type NewFinding,
} from '../../../../src/db/downgrades-write';
import { issueDowngradeNotice } from '../../../../src/handlers/admin/downgrade-notice';
import { downgradeEvents, evaluationInputOf, getDowngrade, listDowngrades } from '../../../../src/db/downgrades-read';
import { loadInstitutionByCode } from '../../../../src/db/public-read';
import { disclosureBoard, indexRegions } from '../../../../src/domain/disclosure-board';
import { SECOND_PERSON_REFUSAL } from '../../../../src/domain/lifecycle-transitions';
import type { CreditEvaluationInput } from '../../../../src/domain/credit-level';
import type { Actor } from '../../../../src/domain/roles';
import { FACTS } from '../../../unit/domain/builders';

useTestDatabase();
let w: World;
let admin2: Actor;
const TODAY = '2026-11-20';

const ANNUAL: CreditEvaluationInput = { ...FACTS, actualScore: 92.5, singleStarNotMet: 1 };
/** The re-score: 55.00 on the sheet, so 差 by the score band. */
const RESCORE: CreditEvaluationInput = { ...ANNUAL, actualScore: 55 };

async function evaluate(institutionId: number): Promise<void> {
  // 92.50 with one ★ item not met: 合格, "按标化得分应为优秀" — the contradiction the issue saw.
  await sql`
    INSERT INTO evaluations (institution_id, year, actual_score, single_star_not_met, standardized_score, score_level, level, reasons, evaluated_on)
    VALUES (${institutionId}, 2026, 92.5, 1, 92.5, '优秀', '合格', ${['单星（★）项有1项不符合要求，不能评为优秀等级']}, '2026-09-15')`;
}

const finding = (w: World): NewFinding => ({
  institutionId: w.instA,
  foundOn: '2026-11-02',
  source: '日常监督',
  finding: '使用非卫生技术人员从事医疗卫生技术工作',
  linkKind: 'inspection',
  linkRef: '监督检查记录2026-118',
});

beforeAll(async () => {
  w = await makeWorld();
  admin2 = await makeSupervisor('t.admin2', 'admin');
  await evaluate(w.instA);
  await evaluate(w.instB);
});

describe('downgrade lifecycle', () => {
  it('finding → re-score → submit by the district; approval by an administrator; poster version; audit', async () => {
    const id = await recordFinding(w.districtA, finding(w), TODAY, '127.0.0.1');
    let d = await getDowngrade(w.districtA, id);
    expect(d).toMatchObject({ state: 'found', fromLevel: '合格', foundOn: '2026-11-02', linkRef: '监督检查记录2026-118' });
    expect(await evaluationInputOf(w.districtA, w.instA)).toMatchObject({ actualScore: 92.5, singleStarNotMet: 1, year: 2026 });

    await expect(submitDowngrade(w.districtA, id, '上报', null)).rejects.toThrow(/不能上报/);
    const outcome = await rescoreDowngrade(w.districtA, id, '2026-11-05', RESCORE, '现场重新评分', TODAY, null);
    expect(outcome).toMatchObject({ downgrade: true, newLevel: '差', scoreText: '55.00' });
    await submitDowngrade(w.districtA, id, '重新评分低于60分，上报评价小组', null);

    // The district supervisor cannot approve; the viewer cannot; the approver needs credit.approve.
    await expect(approveDowngrade(w.districtA, id, '同意', TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(approveDowngrade(w.viewer, id, '同意', TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });

    const [{ poster_version: before }] = (await sql`SELECT poster_version FROM institutions WHERE id = ${w.instA}`) as unknown as [{ poster_version: number }];
    const approval = await approveDowngrade(w.admin, id, '经审查同意降级', TODAY, null);
    expect(approval).toMatchObject({ fromLevel: '合格', toLevel: '差', posterVersion: before + 1 });
    d = await getDowngrade(w.admin, id);
    expect(d).toMatchObject({ state: 'downgraded', toLevel: '差', decidedOn: TODAY, newScore: 55, noticeNo: null });
    expect(d?.rescoreReasons).toEqual(['标化得分55.00，低于60分']);
    // The annual evaluation row is history: it is not changed.
    const [e] = await sql`SELECT level, standardized_score FROM evaluations WHERE institution_id = ${w.instA}`;
    expect(e).toMatchObject({ level: '合格', standardized_score: 92.5 });

    const events = await downgradeEvents(id);
    expect(events.map((x) => x.action)).toEqual(['downgrade.find', 'downgrade.rescore', 'downgrade.submit', 'downgrade.approve']);
    expect(events.every((x) => x.reason)).toBe(true);

    // Not public until the notice is issued; then the page's basis is the re-score.
    expect((await loadInstitutionByCode('TSTA01'))?.evaluations[0]?.downgrades).toEqual([]);
    await expect(issueDowngradeNotice(w.districtA, id, TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    const notice = await issueDowngradeNotice(w.admin, id, TODAY, null);
    expect(notice.documentNo).toMatch(/降〔2026〕1号$/);
    // Issuing again returns the same archived notice; the number is kept for the public pages.
    expect(await issueDowngradeNotice(w.admin, id, TODAY, null)).toEqual(notice);
    expect((await getDowngrade(w.admin, id))?.noticeNo).toBe(notice.documentNo);
    const [doc] = await sql`SELECT kind, subject_kind, subject_id FROM official_documents WHERE document_no = ${notice.documentNo}`;
    expect(doc).toMatchObject({ kind: 'downgrade', subject_kind: 'downgrade', subject_id: id });
    await expect(setDowngradeNoticeNo(w.districtA, id, notice.documentNo, null)).rejects.toMatchObject({ kind: 'conflict' });
    const inst = await loadInstitutionByCode('TSTA01');
    const board = disclosureBoard(inst!, indexRegions([]), TODAY);
    expect(board.level).toMatchObject({ kind: 'rated', level: '差' });
    if (board.level.kind !== 'rated') throw new Error('rated');
    expect(board.level.basis.scoreText).toBe('55.00');
    expect(board.level.basis.basis.join('')).toContain('使用非卫生技术人员');
    expect(JSON.stringify(board.level.basis)).not.toContain('92.50分');
  });

  it('second person: the administrator who entered the re-score cannot approve it', async () => {
    const id = await recordFinding(w.admin, { ...finding(w), institutionId: w.instB }, TODAY, null);
    await rescoreDowngrade(w.admin, id, '2026-11-04', RESCORE, '重新评分', TODAY, null);
    await submitDowngrade(w.admin, id, '上报', null);
    await expect(approveDowngrade(w.admin, id, '同意', TODAY, null)).rejects.toThrow(SECOND_PERSON_REFUSAL);
    // Returned for correction, re-scored to 合格 (not lower than 合格): it cannot be reported, only dismissed.
    await closeDowngrade(admin2, id, 'return', '请核对评分表', null);
    await rescoreDowngrade(w.admin, id, '2026-11-06', { ...ANNUAL, actualScore: 80 }, '更正评分', TODAY, null);
    await expect(submitDowngrade(w.admin, id, '上报', null)).rejects.toThrow(/不予降级/);
    await closeDowngrade(admin2, id, 'dismiss', '重新评分未低于当前级别', null);
    expect(await getDowngrade(w.admin, id)).toMatchObject({ state: 'not-downgraded', decisionNote: '重新评分未低于当前级别' });
  });

  it('jurisdiction: another district neither sees nor moves the record; a finding outside the district is refused', async () => {
    const { rows } = await listDowngrades(w.districtA, { state: undefined, page: 1, pageSize: 50 });
    expect(rows.every((r) => r.institutionId === w.instA)).toBe(true);
    const [first] = rows;
    expect(await getDowngrade(w.districtB, first!.id)).toBeNull();
    await expect(revokeDowngrade(w.districtB, first!.id, '复核撤销', TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(recordFinding(w.districtA, { ...finding(w), institutionId: w.instB }, TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(recordFinding(w.viewer, finding(w), TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('refuses a finding dated before the evaluation, in the future, or at a 差 level; one open record at a time', async () => {
    await expect(recordFinding(w.admin, { ...finding(w), foundOn: '2026-09-01' }, TODAY, null)).rejects.toThrow(/早于2026年度评价日期/);
    await expect(recordFinding(w.admin, { ...finding(w), foundOn: '2026-11-21' }, TODAY, null)).rejects.toThrow(/晚于今天/);
    // instA is 差 after the first test's downgrade.
    await expect(recordFinding(w.admin, finding(w), TODAY, null)).rejects.toThrow(/已为“差”/);
    const id = await recordFinding(w.admin, { ...finding(w), institutionId: w.instB }, TODAY, null);
    await expect(recordFinding(w.admin, { ...finding(w), institutionId: w.instB }, TODAY, null)).rejects.toThrow(/办理中的降级记录/);
    await closeDowngrade(w.districtB, id, 'withdraw', '误录', null);
    await expect(rescoreDowngrade(w.admin, id, '2026-11-04', RESCORE, 'x', TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('revocation after review puts the level back and bumps the poster again', async () => {
    const { rows } = await listDowngrades(w.admin, { state: 'downgraded', page: 1, pageSize: 50 });
    const d = rows[0]!;
    expect(d.institutionId).toBe(w.instA);
    const [{ poster_version: before }] = (await sql`SELECT poster_version FROM institutions WHERE id = ${d.institutionId}`) as unknown as [
      { poster_version: number },
    ];
    await revokeDowngrade(w.admin, d.id, '复核决定撤销降级', TODAY, null);
    const [{ poster_version: after }] = (await sql`SELECT poster_version FROM institutions WHERE id = ${d.institutionId}`) as unknown as [
      { poster_version: number },
    ];
    expect(after).toBe(before + 1);
    const inst = await loadInstitutionByCode('TSTA01');
    expect(inst?.evaluations[0]?.downgrades).toEqual([]);
  });
});
