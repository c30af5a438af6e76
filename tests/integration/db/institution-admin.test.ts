// Changing an institution's practice status (issue 12 item 8) against PostgreSQL: administrators
// only, with date and reason, history and audit row; the public page then offers no level,
// poster or rating link, and the rating form refuses the institution.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { changeInstitutionStatus, getInstitutionByCode, statusHistory } from '../../../src/db/institution-admin';
import { loadInstitutionsByIds } from '../../../src/db/public-read';
import { disclosureBoard, indexRegions } from '../../../src/domain/disclosure-board';
import { closedNotice } from '../../../src/handlers/intake/rating';
import { posterAvailable, ratingLinkAvailable } from '../../../src/domain/institution-status';

useTestDatabase();
let w: World;
const TODAY = '2026-06-30';

beforeAll(async () => {
  w = await makeWorld();
});

describe('changing the practice status', () => {
  it('a district supervisor and a viewer cannot; a bad change is refused with the reason', async () => {
    const c = { to: '歇业' as const, changedOn: '2026-06-01', reason: '机构申请歇业' };
    await expect(changeInstitutionStatus(w.districtA, w.instA, c, TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(changeInstitutionStatus(w.viewer, w.instA, c, TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(changeInstitutionStatus(w.admin, w.instA, { ...c, to: '执业' }, TODAY, null)).rejects.toThrow(/当前已是/);
    await expect(changeInstitutionStatus(w.admin, w.instA, { ...c, changedOn: '2026-07-01' }, TODAY, null)).rejects.toThrow(/晚于今天/);
  });

  it('an administrator changes it: history, audit, poster version; the public page drops level, poster and rating', async () => {
    const before = await getInstitutionByCode(w.admin, 'TSTB01');
    await changeInstitutionStatus(w.admin, w.instB, { to: '吊销', changedOn: '2026-06-10', reason: '示卫医罚〔2026〕7号 吊销许可证' }, TODAY, '127.0.0.1');
    const after = await getInstitutionByCode(w.admin, 'TSTB01');
    expect(after).toMatchObject({ status: '吊销', posterVersion: before!.posterVersion + 1 });
    expect(await statusHistory(w.instB)).toMatchObject([{ fromStatus: '执业', toStatus: '吊销', changedOn: '2026-06-10', changedByName: 't.admin显示名' }]);
    const [a] = await sql`SELECT reason, detail FROM audit_log WHERE action = 'institution.status' AND target_id = ${String(w.instB)}`;
    expect(a).toMatchObject({ reason: '示卫医罚〔2026〕7号 吊销许可证', detail: { from: '执业', to: '吊销' } });
    await expect(changeInstitutionStatus(w.admin, w.instB, { to: '执业', changedOn: '2026-06-09', reason: 'x' }, TODAY, null)).rejects.toThrow(
      /不能早于上一次/,
    );

    const [inst] = await loadInstitutionsByIds([w.instB]);
    const board = disclosureBoard(inst!, indexRegions([]), TODAY);
    expect(board.level.kind).toBe('hidden');
    expect(posterAvailable(inst!.status)).toBe(false);
    expect(ratingLinkAvailable(inst!.status)).toBe(false);
    expect(closedNotice(inst!.status)).toMatch(/不接受评价/);
    expect(closedNotice('执业')).toBeNull();
  });

  it('a district supervisor sees only institutions of their regions', async () => {
    expect(await getInstitutionByCode(w.districtA, 'TSTB01')).toBeNull();
    expect(await getInstitutionByCode(w.districtA, 'TSTA01')).toMatchObject({ status: '执业' });
  });
});
