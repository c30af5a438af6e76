// Issue 17 item 4: `npm run publish` killed with SIGKILL in the middle of its build used to leave
// the publication in 构建中 and a half-built release folder, and refused every publish for an
// hour. Now the build's liveness is its advisory lock: the next publish starts at once and the
// partial folder is removed.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
const dataDir = path.resolve('.data/test-publish-killed');
process.env['DATA_DIR'] = dataDir; // its own releases folder, before the config is read
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld } from './world';
import { startBuild } from '../../../../src/handlers/admin/publish';
import { releasesDir } from '../../../../src/release/releases';

const db = useTestDatabase();
const node = path.resolve('node_modules/.bin/node');

beforeAll(async () => {
  fs.rmSync(releasesDir(), { recursive: true, force: true });
  await makeWorld();
});

afterAll(() => {
  fs.rmSync(releasesDir(), { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a publish killed mid-build', () => {
  it('does not block the next publish, and leaves no partial release folder', async () => {
    const child = spawn(node, ['--import', 'tsx', 'scripts/publish.ts', '--preview'], {
      env: { ...process.env, DATABASE_URL: db.url(), DATA_DIR: dataDir },
      stdio: 'ignore',
      detached: true, // its own process group: astro build with it, as Ctrl+\ or the OOM killer would
    });
    const [row] = await waitFor(
      'the build to start',
      async () => {
        const rows = await sql<{ id: number; releaseId: string }[]>`SELECT id, release_id AS "releaseId" FROM publications WHERE status = '构建中'`;
        return rows.length ? rows : null;
      },
      60_000,
    );
    const partial = path.join(releasesDir(), row!.releaseId);
    await waitFor('astro to write into the release folder', async () => fs.existsSync(partial), 120_000);
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    expect(fs.existsSync(path.join(partial, 'release.json'))).toBe(false);

    // The next publish: accepted at once (no 409 "已有一个新版本正在生成"), the dead row is 失败.
    process.env['DATABASE_URL'] = db.url(); // for the astro build this one spawns
    const t0 = Date.now();
    const next = await startBuild(null, null);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const [dead] = await sql<{ status: string }[]>`SELECT status FROM publications WHERE id = ${row!.id}`;
    expect(dead?.status).toBe('失败');
    expect(fs.existsSync(partial)).toBe(false);
    const result = await next.done;
    expect(result).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(releasesDir(), next.releaseId, 'release.json'))).toBe(true);
  }, 300_000);
});
