import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import postgres from 'postgres';
import { embeddedLocation, startEmbedded, type RunningDatabase } from '../../src/db/embedded-server';

/**
 * A throw-away embedded PostgreSQL for tests, apart from the dev database: its own folder and
 * port. Several test runs may share it (the ownership rules in embedded-server.ts).
 * Each test file gets its own database cloned from a migrated template.
 */
export const TEST_DATA_DIR = path.resolve(process.env['TEST_DATA_DIR'] ?? '.data/test');
export const TEST_PG_PORT = Number(process.env['TEST_PG_PORT'] ?? 54339);

export async function startTestCluster(): Promise<RunningDatabase> {
  return startEmbedded(embeddedLocation(TEST_DATA_DIR, TEST_PG_PORT), () => {});
}

export function clusterUrl(db: RunningDatabase, database: string): string {
  const u = new URL(db.url);
  u.pathname = '/' + database;
  return u.toString();
}

/** The migrations' fingerprint names the template, so concurrent runs never drop each other's. */
export function templateName(): string {
  const dir = path.resolve('db/migrations');
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f + fs.readFileSync(path.join(dir, f)));
  return 'tpl_' + h.digest('hex').slice(0, 12);
}

/** Create (once) the migrated template database. */
export async function ensureTemplate(db: RunningDatabase): Promise<string> {
  const name = templateName();
  const admin = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await admin`SELECT pg_advisory_lock(727002)`;
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (!exists) {
      await admin.unsafe(`CREATE DATABASE ${name}`);
      const { connectTo, closeSql } = await import('../../src/db/client');
      await connectTo(clusterUrl(db, name));
      const { migrate } = await import('../../src/db/migrate');
      await migrate();
      await closeSql();
    }
    await admin`SELECT pg_advisory_unlock(727002)`;
  } finally {
    await admin.end();
  }
  return name;
}

/** A fresh database cloned from the template; returns its URL. */
export async function createDatabase(baseUrl: string, template: string, prefix = 't'): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    // CREATE DATABASE … TEMPLATE needs the template to have no other connections.
    for (let i = 0; ; i++) {
      try {
        await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = '/' + name;
  return u.toString();
}
