import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { startEmbedded, embeddedLocation } from '../../src/db/embedded-server';
import { START_ARGS } from '../../scripts/lib/start-command';
import { SITE_IDENTITY_ENV } from '../support/site-identity-env';

/**
 * End-to-end tests run the real thing: a real PostgreSQL (its own embedded cluster), the fixture
 * data loaded into it, then `npm start` (which builds the site and serves it) on E2E_PORT.
 */
const dataDir = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e');
const pgPort = Number(process.env['E2E_PG_PORT'] ?? 54349);
const port = Number(process.env['E2E_PORT'] ?? 4399);

export default async function globalSetup(): Promise<() => Promise<void>> {
  const cluster = await startEmbedded(embeddedLocation(dataDir, pgPort), () => {});
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin.unsafe('DROP DATABASE IF EXISTS e2e WITH (FORCE)');
  await admin.unsafe('CREATE DATABASE e2e');
  await admin.end();
  const u = new URL(cluster.url);
  u.pathname = '/e2e';
  const url = u.toString();

  const env = {
    ...process.env,
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // The tests act as the reverse proxy (tests/e2e/behind-proxy.spec.ts); without X-Forwarded-* headers nothing changes.
    TRUSTED_PROXIES: '127.0.0.1',
    // The site identity a government deployment sets (issue 18; tests/e2e/public-elder-identity.spec.ts).
    ...SITE_IDENTITY_ENV,
  };
  // Migrate and load the fixture in a child process (the app reads its configuration once).
  await run('node_modules/.bin/node', ['--import', 'tsx', 'tests/support/load-e2e-fixture.ts'], env);
  const server = spawn('node_modules/.bin/node', [...START_ARGS], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  server.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  server.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  await waitUp(`http://127.0.0.1:${port}/`, server, output);
  process.env['E2E_DATABASE_URL'] = url;
  return async () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.stop();
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { env, stdio: 'inherit' });
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

async function waitUp(url: string, server: ChildProcess, output: string[]): Promise<void> {
  const until = Date.now() + 600_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error('server exited:\n' + output.join(''));
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server not up:\n' + output.join(''));
}
