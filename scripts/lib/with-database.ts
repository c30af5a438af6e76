import { config, ConfigError } from '../../src/config';
import { startEmbedded, DatabaseStartError, type RunningDatabase } from '../../src/db/embedded-server';
import { closeSql } from '../../src/db/client';
import { pingDatabase, serverVersionNum } from '../../src/db/server-info';
import { migrate } from '../../src/db/migrate';

/**
 * Every CLI runs through this: it starts (or joins) the embedded PostgreSQL when DATABASE_URL is
 * unset, checks the server answers, applies pending migrations, runs `main`, and always closes.
 * Known failures end with one clear sentence and exit code 1, never a stack trace.
 */
export async function connectDatabase(
  log: (m: string) => void = (m) => {
    console.error(m);
  },
): Promise<RunningDatabase> {
  const db: RunningDatabase = config.DATABASE_URL ? { url: config.DATABASE_URL, owner: false, stop: async () => {} } : await startEmbedded(undefined, log);
  try {
    try {
      await pingDatabase();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      throw new DatabaseStartError(
        config.DATABASE_URL
          ? `无法连接 DATABASE_URL 指定的数据库（${code || (e as Error).message}）。请检查地址、端口、用户名和密码。`
          : `无法连接内置数据库（${code || (e as Error).message}）。`,
      );
    }
    if ((await serverVersionNum()) < 140000) throw new DatabaseStartError('需要 PostgreSQL 14 或更高版本。');
    await migrate(log);
  } catch (e) {
    // Whatever fails after the embedded server started must not leave it running.
    await closeSql().catch(() => {});
    await db.stop().catch(() => {});
    throw e;
  }
  return db;
}

export function explain(e: unknown): string {
  if (e instanceof DatabaseStartError || e instanceof ConfigError) return e.message;
  if (e instanceof Error && /迁移/.test(e.message)) return e.message;
  return '';
}

export async function withDatabase<T>(main: (db: RunningDatabase) => Promise<T>): Promise<T> {
  let db: RunningDatabase | null = null;
  try {
    db = await connectDatabase();
    return await main(db);
  } catch (e) {
    const msg = explain(e);
    if (msg) {
      console.error(msg);
      process.exitCode = 1;
      return undefined as T;
    }
    throw e;
  } finally {
    await closeSql().catch(() => {});
    await db?.stop().catch(() => {});
  }
}
