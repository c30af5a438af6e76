import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { embeddedLocation, runningPostmaster, startEmbedded, stopPostmaster, type EmbeddedLocation } from '../../../src/db/embedded-server';
import { freePort, pgRestart } from '../../support/pg-ctl';

// Its own cluster (own folder, own free port): these tests stop and restart PostgreSQL.
const dataDir = path.resolve(process.env['TEST_DATA_DIR'] ?? '.data/test', '..', `embedded-lifecycle-${process.pid}`);
let loc: EmbeddedLocation;

/** Alive and not a zombie (an exited postmaster reparented to a PID 1 that does not reap). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function answers(url: string): Promise<boolean> {
  const c = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const [r] = await c`SELECT 1 AS one`;
    return r?.['one'] === 1;
  } catch {
    return false;
  } finally {
    await c.end({ timeout: 1 });
  }
}

beforeAll(async () => {
  loc = embeddedLocation(dataDir, await freePort());
});

afterAll(async () => {
  await stopPostmaster(loc.pgDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL lifecycle (issue 17)', () => {
  it('treats a postmaster.pid naming an unrelated live process as stale: that process survives, PostgreSQL starts', async () => {
    // First start initialises the cluster; stop it, then leave a pid file naming `sleep`.
    const first = await startEmbedded(loc, () => {});
    await first.stop();
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const pidFile = path.join(loc.pgDir, 'postmaster.pid');
      fs.writeFileSync(pidFile, `${sleeper.pid}\n${loc.pgDir}\n${Math.floor(Date.now() / 1000)}\n${loc.port}\n\n127.0.0.1\n`);
      const logs: string[] = [];
      const db = await startEmbedded(loc, (m) => logs.push(m));
      try {
        await new Promise((r) => setTimeout(r, 300));
        expect(alive(sleeper.pid!)).toBe(true);
        expect(sleeper.exitCode).toBeNull();
        expect(sleeper.signalCode).toBeNull();
        expect(await answers(db.url)).toBe(true);
        expect(logs.join('\n')).toContain('不是本数据文件夹的 PostgreSQL');
      } finally {
        await db.stop();
      }
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('stops quickly and completely when PostgreSQL was restarted outside the server', async () => {
    const db = await startEmbedded(loc, () => {});
    pgRestart(loc.pgDir); // now a postmaster that is not this process' child
    const pid = runningPostmaster(loc.pgDir);
    expect(pid).not.toBeNull();
    expect(await answers(db.url)).toBe(true);
    const t0 = Date.now();
    await db.stop();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(alive(pid!)).toBe(false);
    expect(runningPostmaster(loc.pgDir)).toBeNull();
    expect(await answers(db.url)).toBe(false);
  }, 20_000);
});
