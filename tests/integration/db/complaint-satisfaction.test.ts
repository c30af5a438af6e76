// The 好差评 aggregation per district and month, and the follow-up due list, against PostgreSQL:
// a village rolls up to its township, the latest version counts, on time is by the right
// deadline, and a district supervisor sees only their jurisdiction.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeComplaint, makeWorld, TOWN_A, type World } from '../handlers/admin/world';
import { openFollowUpsDue, satisfactionCounts, submitSatisfactionReview } from '../../../src/db/complaint-satisfaction';

useTestDatabase();
let w: World;
const VILLAGE = '419901001001';

async function closeOn(id: number, closedAt: string, status: '已办结' | '不予受理' = '已办结') {
  if (status === '不予受理') {
    await sql`UPDATE complaints SET status = '不予受理', reject_reason = '不属于职责范围' WHERE id = ${id}`;
  } else {
    await sql`UPDATE complaints SET status = '已受理' WHERE id = ${id}`;
    await sql`UPDATE complaints SET status = '调查中' WHERE id = ${id}`;
    await sql`UPDATE complaints SET status = '已办结', outcome = '不属实', findings = '未发现问题' WHERE id = ${id}`;
  }
  await sql`UPDATE complaints SET closed_at = ${closedAt} WHERE id = ${id}`;
}

const review = (complaintId: number, level: '满意' | '不满意' | '基本满意' | '非常满意', at: string) =>
  submitSatisfactionReview({ complaintId, level, reasons: [], comment: null, channel: 'web' }, new Date(at));

beforeAll(async () => {
  w = await makeWorld();
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES (${VILLAGE}, '甲村', 5, ${TOWN_A})`;
  const [v] = await sql<{ id: number }[]>`
    INSERT INTO institutions (code, registration_no, name, region_code) VALUES ('TSTV01', 'REG-V', '甲村卫生室', ${VILLAGE}) RETURNING id`;
  // Town A, received 2025-09-30 (close due 2025-10-28, accept due 2025-10-13):
  const a1 = await makeComplaint(w.instA); // closed on time, 满意 then changed to 不满意
  const a2 = await makeComplaint(v!.id); // the village's, closed late, 非常满意
  const a3 = await makeComplaint(w.instA); // rejected late (after the acceptance deadline), not rated
  const b1 = await makeComplaint(w.instB); // town B, 不满意
  await closeOn(a1, '2025-10-20T10:00:00+08:00');
  await closeOn(a2, '2025-10-31T23:30:00+08:00');
  await closeOn(a3, '2025-10-14T09:00:00+08:00', '不予受理');
  await closeOn(b1, '2025-10-31T16:00:00+08:00'); // 16:00 UTC+8 = 08:00 UTC: still October in China
  await review(a1, '满意', '2025-10-21T10:00:00+08:00');
  await review(a1, '不满意', '2025-10-25T10:00:00+08:00');
  await review(a2, '非常满意', '2025-11-01T10:00:00+08:00');
  await review(b1, '不满意', '2025-11-03T10:00:00+08:00');
});

describe('satisfactionCounts', () => {
  it('counts per township and month of closing, the latest review, and on time by the right deadline', async () => {
    const all = await satisfactionCounts(null);
    expect(all).toEqual([
      {
        month: '2025-10',
        districtCode: TOWN_A,
        districtName: '甲镇',
        counts: { closed: 3, closedOnTime: 1, reviews: 2, satisfied: 1, bad: 1, followUps: 1, followUpsClosed: 0 },
      },
      {
        month: '2025-10',
        districtCode: '419901002',
        districtName: '乙镇',
        counts: { closed: 1, closedOnTime: 0, reviews: 1, satisfied: 0, bad: 1, followUps: 1, followUpsClosed: 0 },
      },
    ]);
  });

  it('gives a district supervisor their own jurisdiction only', async () => {
    expect((await satisfactionCounts(w.districtA)).map((r) => r.districtName)).toEqual(['甲镇']);
    expect((await satisfactionCounts(w.districtB)).map((r) => r.districtName)).toEqual(['乙镇']);
  });
});

describe('openFollowUpsDue', () => {
  it('lists the open follow-ups of the jurisdiction up to the window’s end, earliest first', async () => {
    const far = '2099-12-31';
    expect((await openFollowUpsDue(w.admin, far)).map((f) => f.regionName)).toEqual(['甲镇', '乙镇']);
    expect((await openFollowUpsDue(w.districtB, far)).map((f) => [f.regionName, f.level])).toEqual([['乙镇', '不满意']]);
    expect(await openFollowUpsDue(w.admin, '2025-10-01')).toEqual([]);
  });
});
