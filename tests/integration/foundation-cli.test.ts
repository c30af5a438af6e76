import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import postgres from 'postgres';
import { START_ARGS } from '../../scripts/lib/start-command';

/**
 * The foundation's promises about bad configuration and crashes, checked on the real CLI:
 * one clear sentence (no stack trace) and a non-zero exit; recovery after kill -9.
 */
// `node --import tsx` is one process (the tsx binary forks a child, which a SIGKILL would miss).
const node = path.resolve('node_modules/.bin/node');
const tsxArgs = ['--import', 'tsx'];

function start(env: Record<string, string>, timeoutMs = 60_000) {
  const r = spawnSync(node, [...START_ARGS], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

function expectOneSentence(out: string, pattern: RegExp) {
  expect(out).toMatch(pattern);
  expect(out).not.toMatch(/\n\s+at /); // no stack trace
}

describe('npm start with bad configuration', () => {
  it('names an invalid PORT', () => {
    const r = start({ PORT: 'abc' });
    expect(r.status).toBe(1);
    expectOneSentence(r.out, /配置错误.*PORT/);
  });

  it('names a TRUSTED_PROXIES entry that is not an address', () => {
    const r = start({ TRUSTED_PROXIES: '127.0.0.1, proxy.local' });
    expect(r.status).toBe(1);
    expectOneSentence(r.out, /配置错误.*TRUSTED_PROXIES.*proxy\.local/);
  });

  it('names an unreachable DATABASE_URL', () => {
    const r = start({ DATABASE_URL: 'postgres://u:p@127.0.0.1:9/none' });
    expect(r.status).toBe(1);
    expectOneSentence(r.out, /无法连接 DATABASE_URL/);
  });

  it('names an unwritable data folder', () => {
    const r = start({ DATA_DIR: '/proc/no-such-folder' });
    expect(r.status).toBe(1);
    expectOneSentence(r.out, /数据文件夹 \/proc\/no-such-folder 不可写/);
  });

  it('names an embedded database port that is taken', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = fs.mkdtempSync(path.join(path.resolve('.data'), 'cfg-'));
    try {
      const r = start({ DATA_DIR: dir, EMBEDDED_PG_PORT: String(port) });
      expect(r.status).toBe(1);
      expectOneSentence(r.out, new RegExp(`端口 ${port} 已被其他程序占用`));
    } finally {
      blocker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a failure after the embedded server started', () => {
  it('ends with one sentence and leaves no server running', async () => {
    const dir = fs.mkdtempSync(path.join(path.resolve('.data'), 'mig-'));
    const port = 55000 + Math.floor(Math.random() * 900);
    const env = { DATA_DIR: dir, EMBEDDED_PG_PORT: String(port) };
    try {
      const first = spawnSync(node, [...tsxArgs, 'scripts/db-migrate.ts'], { env: { ...process.env, ...env }, encoding: 'utf8' });
      expect(first.status).toBe(0);
      // Make the database disagree with the migration files, as after a renamed migration.
      const { startEmbedded, embeddedLocation } = await import('../../src/db/embedded-server');
      const db = await startEmbedded(embeddedLocation(dir, port), () => {});
      const client = postgres(db.url, { max: 1, onnotice: () => {} });
      await client`UPDATE schema_migrations SET name = 'renamed' WHERE version = 1`;
      await client.end();
      await db.stop();

      const r = start(env);
      expect(r.status).toBe(1);
      expectOneSentence(r.out, /迁移记录不一致/);
      // Stopped cleanly, not left behind: PostgreSQL removes its pid file, the port is free.
      expect(fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
      const open = await new Promise<boolean>((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1' }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      expect(open).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('embedded PostgreSQL after kill -9', () => {
  it('recovers: the stale server is shut down and a new one starts', async () => {
    fs.mkdirSync('.data', { recursive: true });
    const dir = fs.mkdtempSync(path.join(path.resolve('.data'), 'kill-'));
    const port = 54000 + Math.floor(Math.random() * 900);
    const script = `
      import { startEmbedded, embeddedLocation } from './src/db/embedded-server';
      const db = await startEmbedded(embeddedLocation(${JSON.stringify(dir)}, ${port}), () => {});
      console.log('READY ' + db.url);
      setInterval(() => {}, 1000);`;
    const file = path.join(os.tmpdir(), `kill-${port}.mts`);
    fs.writeFileSync(file, script.replace("'./src/", `'${path.resolve('src')}/`));
    const child = spawn(node, [...tsxArgs, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (b: Buffer) => {
        buf += b.toString();
        const m = /READY (\S+)/.exec(buf);
        if (m) resolve(m[1]!);
      });
      child.on('close', () => reject(new Error('child exited: ' + buf)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const stalePid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(stalePid, 0)).not.toThrow(); // postgres outlived its parent

    const { startEmbedded, embeddedLocation } = await import('../../src/db/embedded-server');
    const db = await startEmbedded(embeddedLocation(dir, port), () => {});
    try {
      expect(db.owner).toBe(true);
      const client = postgres(db.url, { max: 1 });
      const [row] = await client`SELECT 1 AS one`;
      expect(row!['one']).toBe(1);
      await client.end();
      expect(db.url.replace(/:[^:@]+@/, '@')).toBe(url.replace(/:[^:@]+@/, '@'));
    } finally {
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(file, { force: true });
    }
  });
});
