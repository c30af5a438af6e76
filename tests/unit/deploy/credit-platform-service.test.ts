import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it, expect } from 'vitest';
import { START_ARGS } from '../../../scripts/lib/start-command';

// The production process supervisor (README.md, "Deployment"): whatever ends the server, systemd
// starts it again, with the same command as `npm start`.

const UNIT = path.resolve('deploy/credit-platform.service');

/** The unit's keys by section; a key given twice keeps its last value, as systemd does. */
function parseUnit(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | null = null;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = sections[section[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 1) throw new Error(`not a unit-file line: ${line}`);
    current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

describe('deploy/credit-platform.service', () => {
  const unit = parseUnit(fs.readFileSync(UNIT, 'utf8'));
  const service = unit['Service']!;

  it('restarts the server whatever ended it, without giving up', () => {
    expect(service['Restart']).toBe('always');
    expect(Number(service['RestartSec'])).toBeGreaterThan(0);
    expect(unit['Unit']!['StartLimitIntervalSec']).toBe('0');
    expect(unit['Install']!['WantedBy']).toBe('multi-user.target');
  });

  it('runs what npm start runs, from the installation folder, as an unprivileged user', () => {
    const dir = service['WorkingDirectory']!;
    expect(path.isAbsolute(dir)).toBe(true);
    expect(service['ExecStart']).toBe([`${dir}/node_modules/.bin/node`, ...START_ARGS].join(' '));
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toBe(['node', ...START_ARGS].join(' '));
    expect(service['User']).toBeTruthy();
    expect(service['User']).not.toBe('root');
    // SIGTERM is what scripts/start.ts stops on cleanly (embedded PostgreSQL included).
    expect(service['KillSignal']).toBe('SIGTERM');
  });

  it('passes systemd-analyze verify (where systemd is installed)', () => {
    const tool = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => fs.existsSync(p));
    if (!tool) return;
    // verify checks that ExecStart exists and the user is known: point it at this checkout.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unit-'));
    const text = fs
      .readFileSync(UNIT, 'utf8')
      .replaceAll('/opt/credit-platform', process.cwd())
      .replace(/^User=.*$/m, `User=${os.userInfo().username}`)
      .replace(/^Group=.*$/m, '');
    const copy = path.join(dir, 'credit-platform.service');
    fs.writeFileSync(copy, text);
    const r = spawnSync(tool, ['verify', copy], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.stderr.split('\n').filter((l) => l.includes('credit-platform.service')),
      r.stderr,
    ).toEqual([]);
  });
});
