import net from 'node:net';
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

/**
 * What every db function takes to run its statements: the pool (`sql`) or a transaction from
 * `transaction()`. postgres.js gives the two different types whose common part is ISql; naming
 * that part here is what lets a function run inside or outside a transaction without a cast.
 */
export type Tx = postgres.ISql<Record<string, never>>;

/** JSON that can be stored in a jsonb column. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

let client: Sql | null = null;

/**
 * Connect with TCP_NODELAY. postgres.js sends a query as several small writes; with Nagle's
 * algorithm on (Node's default for raw sockets) a write can wait ~40 ms for the server's delayed
 * ACK. Measured here: a small COPY took 88 ms with Nagle and under 1 ms without.
 *
 * The socket is returned at once, not connected: postgres.js attaches its own 'error' and
 * 'close' listeners, so a refused connection closes the connection slot and gives it back to the
 * pool. (A promise that rejects on ECONNREFUSED made postgres.js 3.4.9 drop the slot for good:
 * after ten refusals during a PostgreSQL restart every query waited forever — issue 17.)
 */
export function connectNoDelay(options: { host: string[]; port: number[]; path?: string | false }): net.Socket {
  return options.path
    ? net.connect({ path: options.path })
    : net.connect({ host: options.host[0] ?? '127.0.0.1', port: options.port[0] ?? 5432, noDelay: true });
}

/**
 * Reconnect delay (seconds) after failed attempts. postgres.js' default grows to 20 s, so after an
 * outage the first requests would wait that long although PostgreSQL is back; 0.1–1 s lets intake
 * recover within a second of the restart while not spinning during a long outage.
 */
export function reconnectBackoff(retries: number): number {
  return Math.min(0.1 * 2 ** Math.max(0, retries - 1), 1);
}

function create(url: string): Sql {
  return postgres(url, {
    // `socket` is a documented option missing from postgres.js' type definitions.
    ...({ socket: connectNoDelay } as object),
    max: 10,
    idle_timeout: 30,
    // A request waits at most this for a connection that does not answer (a blackholed or hung
    // server); refused connections fail at once. Below the request deadline (db-deadline.ts).
    connect_timeout: 5,
    backoff: reconnectBackoff,
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
    return Reflect.get(client, prop, client) as unknown;
  },
  apply(_t, _this, args) {
    client ??= create(databaseUrl());
    return Reflect.apply(client as unknown as (...a: unknown[]) => unknown, client, args);
  },
});

/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin((tx) => fn(tx)) as Promise<T>;
}

/** A value for a jsonb parameter (postgres.js serialises it once, as JSON). */
export function jsonb(value: JsonValue | object): postgres.Parameter {
  return sql.json(value as postgres.JSONValue);
}

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
