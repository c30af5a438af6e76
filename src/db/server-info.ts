/** What the command-line entry points ask the database before they start (scripts/lib/with-database.ts). */
import { sql } from './client';

/** Resolves when the server answers a query; rejects with postgres.js' error otherwise. */
export async function pingDatabase(): Promise<void> {
  await sql`SELECT 1`;
}

/** The server's version as a number (PostgreSQL 14.0 is 140000). */
export async function serverVersionNum(): Promise<number> {
  const [row] = await sql<{ server_version_num: string }[]>`SHOW server_version_num`;
  return Number(row?.server_version_num);
}
