/**
 * Demo supervisor accounts, one per role, loaded after the demo data (npm start on an empty
 * database, npm run demo:data, the e2e fixture). DEMO ONLY: the passwords are public (README,
 * docs/supervisor.md); a real deployment creates its own accounts with `npm run user:create`
 * and never loads demo data.
 *
 * Idempotent: running it again resets these three accounts to the documented state (password,
 * role, regions, unlocked) and touches nothing else.
 */
import { sql } from '../db/client';
import { hashPassword } from '../server/auth';
import type { Role } from '../domain/roles';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  department: string;
  role: Role;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', password: 'Shifan-Guanli-2026', displayName: '演示管理员', department: '综合监督法规科', role: 'admin' },
  { username: 'district', password: 'Xiangzhen-Jiandu-2026', displayName: '演示辖区监督员', department: '卫生监督所', role: 'district' },
  { username: 'viewer', password: 'Zhidu-Chakan-2026', displayName: '演示查看员', department: '医政医管', role: 'viewer' },
];

/**
 * The district supervisor's region: the township with the most institutions (ties: lowest
 * code), else the county with the most; null when the demo data has no regions.
 */
export async function demoDistrictRegion(): Promise<{ code: string; name: string } | null> {
  const [row] = await sql<{ code: string; name: string }[]>`
    SELECT r.code, r.name
      FROM regions r LEFT JOIN institutions i ON i.region_code = r.code
     WHERE r.level IN (3, 4)
     GROUP BY r.code, r.name, r.level
     ORDER BY (r.level = 4 AND count(i.id) > 0) DESC, count(i.id) DESC, r.code
     LIMIT 1`;
  return row ?? null;
}

export async function loadDemoAccounts(): Promise<void> {
  const region = await demoDistrictRegion();
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  await sql.begin(async (tx) => {
    const t = tx;
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const [row] = await t<{ id: number }[]>`
        INSERT INTO supervisors (username, display_name, department, password_hash, role, password_changed_at)
        VALUES (${a.username}, ${a.displayName}, ${a.department}, ${hashes[i]!}, ${a.role}, now())
        ON CONFLICT (username) DO UPDATE
          SET display_name = EXCLUDED.display_name, department = EXCLUDED.department, password_hash = EXCLUDED.password_hash,
              role = EXCLUDED.role, active = true, failed_logins = 0, locked_until = NULL
        RETURNING id`;
      await t`DELETE FROM supervisor_regions WHERE supervisor_id = ${row!.id}`;
      if (a.role === 'district' && region) {
        await t`INSERT INTO supervisor_regions (supervisor_id, region_code) VALUES (${row!.id}, ${region.code})`;
      }
    }
  });
}
