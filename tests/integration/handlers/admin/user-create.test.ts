// `npm run user:create`: creates an account from the command line, password from stdin; refuses
// a weak password, a district account without regions and unknown regions, in Chinese.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld, TOWN_A } from './world';
import { verifyPassword } from '../../../../src/server/auth';

const db = useTestDatabase();
beforeAll(async () => {
  await makeWorld();
});

function run(args: string[], stdin: string) {
  const r = spawnSync('node_modules/.bin/tsx', ['scripts/user-create.ts', ...args], {
    input: stdin,
    env: { ...process.env, DATABASE_URL: db.url(), PATH: `${process.cwd()}/node_modules/.bin:${process.env['PATH']}` },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('npm run user:create', () => {
  it('creates a district account with its region, hashed with argon2id, and logs it', async () => {
    const r = run(
      ['--username', 'Wang.Wu', '--role', 'district', '--regions', TOWN_A, '--display-name', '王五', '--department', '卫生监督所'],
      'a sound passphrase 2026\n',
    );
    expect(r.out).toContain('已创建账户 wang.wu');
    expect(r.code).toBe(0);
    const [row] = await sql<{ id: number; password_hash: string; role: string }[]>`SELECT id, password_hash, role FROM supervisors WHERE username = 'wang.wu'`;
    expect(row!.role).toBe('district');
    expect(await verifyPassword(row!.password_hash, 'a sound passphrase 2026')).toBe(true);
    expect((await sql`SELECT region_code FROM supervisor_regions WHERE supervisor_id = ${row!.id}`).map((x) => x['region_code'])).toEqual([TOWN_A]);
    const [a] = await sql`SELECT actor_name, reason FROM audit_log WHERE action = 'user.create' AND target_id = ${String(row!.id)}`;
    expect(a).toMatchObject({ actor_name: 'cli', reason: '命令行创建账户' });
  });

  it('refuses a weak password, a district without regions, unknown regions, a taken username', () => {
    expect(run(['--username', 'zhao.liu', '--role', 'viewer', '--display-name', '赵六'], 'password123\n')).toMatchObject({
      code: 1,
      out: expect.stringContaining('密码至少需要 12 个字符'),
    });
    expect(run(['--username', 'zhao.liu', '--role', 'viewer', '--display-name', '赵六'], 'Password2026!!\n').out).toContain('过于常见');
    expect(run(['--username', 'zhao.liu', '--role', 'district', '--display-name', '赵六'], 'a sound passphrase 2026\n').out).toContain(
      '辖区监督员必须至少负责一个辖区',
    );
    expect(run(['--username', 'zhao.liu', '--role', 'district', '--regions', '419999', '--display-name', '赵六'], 'a sound passphrase 2026\n').out).toContain(
      '找不到行政区划 419999',
    );
    expect(run(['--username', 'wang.wu', '--role', 'viewer', '--display-name', '王五'], 'a sound passphrase 2026\n').out).toContain('已存在');
    expect(run(['--username', 'x', '--role', 'boss', '--display-name', ''], '').out).toMatch(/用户名：.*\n.*角色/s);
  });
});
