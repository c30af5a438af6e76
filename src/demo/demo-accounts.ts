/**
 * Demo supervisor accounts, one per role, loaded after the demo data (npm start on an empty
 * database, npm run demo:data, the e2e fixture). DEMO ONLY: the passwords are public (README,
 * docs/supervisor.md); a real deployment creates its own accounts with `npm run user:create`
 * and never loads demo data.
 *
 * Idempotent: running it again resets these three accounts to the documented state (password,
 * role, regions, unlocked) and touches nothing else.
 */
import { sql, transaction } from '../db/client';
import { demoDistrictRegion, upsertDemoAccount } from '../db/demo-write';
import { listCounties } from '../db/counties';
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
 * A demo province (--counties N, DEMO_COUNTIES): one county administrator per county,
 * `admin-<county code>` (e.g. admin-419921), all with this password; `admin` is the province
 * administrator (no region). README, Demo accounts.
 */
export const DEMO_COUNTY_ADMIN_PASSWORD = 'Xianqu-Guanli-2026';

export function demoCountyAdmin(county: { code: string; name: string }): DemoAccount {
  return {
    username: `admin-${county.code}`,
    password: DEMO_COUNTY_ADMIN_PASSWORD,
    displayName: `${county.name}演示管理员`,
    department: '综合监督法规科',
    role: 'admin',
  };
}

export async function loadDemoAccounts(): Promise<void> {
  const region = await demoDistrictRegion(sql);
  // Only with several counties: a single-county demo has exactly the three accounts it always had.
  const counties = (await listCounties()).filter((c) => c.configured);
  const countyAdmins = counties.length > 1 ? counties.map((c) => ({ ...demoCountyAdmin(c), regionCode: c.code })) : [];
  const accounts = [...DEMO_ACCOUNTS.map((a) => ({ ...a, regionCode: a.role === 'district' && region ? region.code : null })), ...countyAdmins];
  const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
  await transaction(async (tx) => {
    for (const [i, a] of accounts.entries()) {
      const passwordHash = hashes[i];
      if (passwordHash === undefined) throw new Error(`演示账号 ${a.username} 的密码未能散列。`);
      await upsertDemoAccount(tx, { ...a, passwordHash }, a.regionCode);
    }
  });
}
