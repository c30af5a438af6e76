// Publication bookkeeping without running a real build: snapshots and what changes, one build
// at a time, only administrators, the switch of `current` with its audit row, discarding.
// (The real build, and requests in a loop during `npm run publish`, are in tests/e2e/admin-publish.spec.ts.)
import fs from 'node:fs';
import path from 'node:path';
process.env['DATA_DIR'] = path.resolve('.data/test-admin-publish'); // its own releases folder, before the config is read
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld, type World } from './world';
import { beginPublication, markBuilt, pendingChanges, publishedSnapshot, takeSnapshot, listPublications } from '../../../../src/db/publish-diff';
import { discardPublication, switchPublication, previewFile } from '../../../../src/handlers/admin/publish';
import { currentRelease, newReleaseId, releaseDir, releasesDir, prune } from '../../../../src/release/releases';
import { diffSnapshots } from '../../../../src/domain/publish-changes';

useTestDatabase();
let w: World;

/** A minimal complete release folder (what stageRelease leaves behind). */
function fakeRelease(): string {
  const id = newReleaseId();
  const dir = releaseDir(id);
  fs.mkdirSync(path.join(dir, 'client', 'i', 'TSTA01'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'client', 'index.html'), '<html><body><a href="/i/TSTA01/">甲</a><img src="//cdn.example/x.png"></body></html>');
  fs.writeFileSync(path.join(dir, 'client', 'i', 'TSTA01', 'index.html'), '<p>甲镇卫生院</p>');
  fs.writeFileSync(path.join(dir, 'release.json'), JSON.stringify({ id, codeStamp: 'x', builtAt: new Date().toISOString(), publicUrl: '', pages: 2 }));
  return id;
}

beforeAll(async () => {
  fs.rmSync(releasesDir(), { recursive: true, force: true });
  fs.mkdirSync(releasesDir(), { recursive: true });
  w = await makeWorld();
  const [e] = await sql<{ id: number }[]>`
    INSERT INTO evaluations (institution_id, year, actual_score, standardized_score, score_level, level, evaluated_on)
    VALUES (${w.instA}, 2025, 95, 95, '优秀', '优秀', '2025-12-01') RETURNING id`;
  await sql`INSERT INTO evaluations (institution_id, year, actual_score, standardized_score, score_level, level, evaluated_on)
            VALUES (${w.instB}, 2025, 70, 70, '合格', '合格', '2025-12-01')`;
  void e;
});

async function build(): Promise<{ id: number; releaseId: string }> {
  const releaseId = fakeRelease();
  const id = (await beginPublication(releaseId, w.admin.id))!;
  const [{ snapshot: before }, after] = await Promise.all([publishedSnapshot(), takeSnapshot()]);
  await markBuilt(id, after, diffSnapshots(before, after), 'x');
  return { id, releaseId };
}

describe('publishing', () => {
  it('before any publication, everything is new', async () => {
    const d = await pendingChanges();
    expect(d.levelChanges.map((c) => [c.code, c.direction])).toEqual([
      ['TSTA01', 'new'],
      ['TSTB01', 'new'],
    ]);
  });

  it('one build at a time', async () => {
    const a = await beginPublication(newReleaseId(), null);
    expect(a).not.toBeNull();
    expect(await beginPublication(newReleaseId(), null)).toBeNull();
    await sql`UPDATE publications SET status = '失败' WHERE id = ${a!}`;
  });

  it('only administrators switch, with a reason; the switch moves `current` and is logged', async () => {
    const b = await build();
    await expect(switchPublication(w.districtA, b.id, '发布', null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(switchPublication(w.admin, b.id, ' ', null)).rejects.toMatchObject({ kind: 'invalid' });
    expect(currentRelease()).toBeNull();
    await switchPublication(w.admin, b.id, '年度等级公示', '127.0.0.1');
    expect(currentRelease()).toBe(releaseDir(b.releaseId));
    const [a] = await sql`SELECT actor_name, reason FROM audit_log WHERE action = 'publish.switch' ORDER BY id DESC LIMIT 1`;
    expect(a).toMatchObject({ actor_name: 't.admin', reason: '年度等级公示' });
    await expect(switchPublication(w.admin, b.id, '再来一次', null)).rejects.toMatchObject({ kind: 'conflict' });
    expect(await pendingChanges()).toMatchObject({ levelChanges: [], newPenaltyIds: [], newDowngradeIds: [] });
  });

  it('after a downgrade, the next publication lists it first', async () => {
    await sql`UPDATE evaluations SET level = '合格' WHERE institution_id = ${w.instA}`;
    const d = await pendingChanges();
    expect(d.levelChanges).toMatchObject([{ code: 'TSTA01', from: '优秀', to: '合格', direction: 'down' }]);
  });

  it('a staged release can be previewed by an administrator, with links kept inside the preview', async () => {
    const b = await build();
    const page = await previewFile(w.admin, b.releaseId, '');
    expect(page?.type).toMatch(/text\/html/);
    expect(String(page?.body)).toContain(`href="/admin/publish/preview/${b.releaseId}/i/TSTA01/"`);
    expect(String(page?.body)).toContain('src="//cdn.example/x.png"');
    expect(String((await previewFile(w.admin, b.releaseId, 'i/TSTA01'))?.body)).toContain('甲镇卫生院');
    expect(await previewFile(w.admin, b.releaseId, '../../../../etc/passwd')).toBeNull();
    expect(await previewFile(w.admin, '../x', 'index.html')).toBeNull();
    await expect(previewFile(w.districtA, b.releaseId, '')).rejects.toMatchObject({ kind: 'forbidden' });
    await discardPublication(w.admin, b.id, null);
    expect(fs.existsSync(releaseDir(b.releaseId))).toBe(false);
    expect((await listPublications()).find((p) => p.id === b.id)?.status).toBe('已放弃');
  });

  it('pruning keeps the current release, protected ones and those a live server uses', async () => {
    const cur = currentRelease()!;
    const ids = [fakeRelease(), fakeRelease(), fakeRelease(), fakeRelease(), fakeRelease()];
    const inUse = releaseDir(ids[0]!);
    fs.mkdirSync(path.join(inUse, '.in-use'), { recursive: true });
    fs.writeFileSync(path.join(inUse, '.in-use', String(process.pid)), '');
    prune(2, [ids[1]!]);
    expect(fs.existsSync(cur)).toBe(true);
    expect(fs.existsSync(inUse)).toBe(true);
    expect(fs.existsSync(releaseDir(ids[1]!))).toBe(true);
    expect(fs.existsSync(releaseDir(ids[2]!))).toBe(false);
    expect(fs.existsSync(releaseDir(ids[4]!))).toBe(true);
  });
});
