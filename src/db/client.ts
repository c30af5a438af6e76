import postgres from 'postgres';
import { config } from '../config';
import { embeddedLocation, embeddedUrl } from './embedded-server';

/**
 * The one `sql` client. The URL is DATABASE_URL, or the embedded server's (which must have been
 * started by `npm start`, a script's `withDatabase`, or the test harness).
 */
let overrideUrl: string | null = null;

export function databaseUrl(): string {
  if (overrideUrl) return overrideUrl;
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const url = embeddedUrl(embeddedLocation());
  if (!url) throw new Error('内置数据库尚未初始化：请先运行 npm start（或设置 DATABASE_URL）。');
  return url;
}

type Sql = postgres.Sql<Record<string, never>>;
let client: Sql | null = null;

function create(url: string): Sql {
  return postgres(url, {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    // int8 (ids, counts) and numeric (scores) come back as JS numbers: ids stay below 2^53 and
    // scores have 2 decimals.
    types: {
      int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
      numeric: { to: 1700, from: [1700], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
    transform: { undefined: null },
    connection: { application_name: 'credit-platform' },
  }) as unknown as Sql;
}

/** Tagged-template SQL; created on first use. */
export const sql: Sql = new Proxy(function () {} as unknown as Sql, {
  get(_t, prop) {
    client ??= create(databaseUrl());
    return Reflect.get(client, prop, client);
  },
  apply(_t, _this, args) {
    client ??= create(databaseUrl());
    return Reflect.apply(client as unknown as (...a: unknown[]) => unknown, client, args);
  },
});

/** Close the pool (scripts call this before exiting). */
export async function closeSql(): Promise<void> {
  if (client) {
    const c = client;
    client = null;
    await c.end({ timeout: 5 });
  }
}

/** Point the client at another database (tests: one throw-away database per test file). */
export async function connectTo(url: string): Promise<void> {
  await closeSql();
  overrideUrl = url;
}
