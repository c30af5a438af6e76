// Issue 17 item 16: the publish page compares the database with what the current release was
// built from, and lists every kind of change a public page shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { beginPublication, describeChanges, markBuilt, markSwitched, pendingChanges, publishedSnapshot, takeSnapshot } from '../../../src/db/publish-diff';
import { diffSnapshots, isEmptyDiff, summarizeDiff } from '../../../src/domain/publish-changes';
import { newReleaseId } from '../../../src/release/releases';
import { orderRectification } from '../../../src/db/rectifications';

useTestDatabase();
let w: World;

/** What a publish (or the start-up build) records: the snapshot its release was built from. */
async function recordPublished(): Promise<void> {
  const id = (await beginPublication(newReleaseId(), null))!;
  const [{ snapshot: before }, after] = await Promise.all([publishedSnapshot(), takeSnapshot()]);
  await markBuilt(id, after, diffSnapshots(before, after), 'x');
  await sql.begin((tx) => markSwitched(tx as unknown as typeof sql, id, null));
}

beforeAll(async () => {
  w = await makeWorld();
  await sql`INSERT INTO evaluations (institution_id, year, actual_score, standardized_score, score_level, level, evaluated_on)
            VALUES (${w.instA}, 2025, 95, 95, '优秀', '优秀', '2025-12-01')`;
  await recordPublished();
});

describe('changes since the published release', () => {
  it('nothing changed ⇒ an empty list, said as such', async () => {
    const d = await pendingChanges();
    expect(isEmptyDiff(d)).toBe(true);
    expect(summarizeDiff(d)).toBe('没有变化');
  });

  it('a new point is listed, with its institution and behaviour', async () => {
    const [p] = await sql<{ id: number }[]>`
      INSERT INTO point_records (institution_id, behaviour, points, source, found_on)
      VALUES (${w.instA}, '未按规定公示医疗服务价格', 2, '监督检查', '2026-03-02') RETURNING id`;
    const d = await pendingChanges();
    expect(d.pointChanges).toEqual([{ pointId: p!.id, change: 'new' }]);
    expect(summarizeDiff(d)).toBe('新增记分 1 条');
    const details = await describeChanges(d);
    expect(details.points).toMatchObject([{ id: p!.id, code: 'TSTA01', behaviour: '未按规定公示医疗服务价格', points: 2 }]);
  });

  it('an approved comment and a rating are listed; a renamed institution shows as an institution change', async () => {
    await sql`INSERT INTO ratings (institution_id, stars, comment, comment_public, comment_status, device_hash)
              VALUES (${w.instB}, 5, '医生很耐心', '医生很耐心', '已公开', 'dev1')`;
    await sql`UPDATE institutions SET name = name || '（新址）' WHERE id = ${w.instA}`;
    const d = await pendingChanges();
    expect(d.newCommentIds).toHaveLength(1);
    expect(d.ratingInstitutionIds).toEqual([w.instB]);
    expect(d.institutionChanges).toEqual([{ institutionId: w.instA, change: 'changed' }]);
    expect(summarizeDiff(d)).toBe('机构信息（含人员、承诺、自查）变更 1 家，新增记分 1 条，新公开评论 1 条，评价变化 1 家');
    const details = await describeChanges(d);
    expect(details.comments).toMatchObject([{ code: 'TSTB01', stars: 5, text: '医生很耐心' }]);
  });

  it('a rectification ordered is an institution change (its page shows 整改中)', async () => {
    await recordPublished();
    await orderRectification(
      w.admin,
      {
        institutionId: w.instB,
        trigger: { kind: 'finding', finding: '消毒记录不全', reference: null },
        orderedOn: '2026-03-02',
        periodDays: 30,
        items: '补齐',
      },
      '2026-03-02',
      null,
    );
    expect((await pendingChanges()).institutionChanges).toEqual([{ institutionId: w.instB, change: 'changed' }]);
  });

  it('after the next publish, nothing is pending again', async () => {
    await recordPublished();
    expect(isEmptyDiff(await pendingChanges())).toBe(true);
  });
});
