// Issue 12, "Done when": from an EMPTY database without demo data, accounts made with
// `npm run user:create`, a few institutions imported, and then through the admin UI alone every
// credit state a citizen can see is created, changed and ended, publishing after each step; after
// each publish the public page, the poster and the open data show exactly the current state.
import { test, expect, type Page } from '@playwright/test';
import { importSheet, publishFromAdmin, signedIn, startEmptySite, type Account, type EmptySite } from './empty-site';

const PORT = Number(process.env['E2E_PORT'] ?? 4399) + 7;
const ACCOUNTS = {
  admin: { username: 'lc.admin', role: 'admin', displayName: '委管理员甲', password: 'Lifecycle-Admin-2026!' },
  admin2: { username: 'lc.admin2', role: 'admin', displayName: '委管理员乙', password: 'Lifecycle-Admin2-2026!' },
  district: { username: 'lc.district', role: 'district', displayName: '监督员丙', regions: '419801', password: 'Lifecycle-District-2026!' },
} satisfies Record<string, Account>;

const REGIONS = ['行政区划代码,名称,上级代码', '419801,青禾县,', '419801001,城关镇,419801', '419801002,东岭乡,419801'].join('\n');
const INSTITUTIONS = [
  '登记号,机构名称,机构类别,地址,行政区划,执业状态',
  'LC-0001,青禾县城关镇甲诊所,诊所,城关镇人民路1号,419801001,执业',
  'LC-0002,青禾县城关镇乙诊所,诊所,城关镇人民路2号,419801001,执业',
  'LC-0003,青禾县东岭乡卫生院,卫生院,东岭乡政府街3号,419801002,执业',
].join('\n');

let site: EmptySite;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run: it starts its own server');
  test.setTimeout(600_000);
  site = await startEmptySite('lifecycle', PORT, [ACCOUNTS.admin, ACCOUNTS.admin2]);
});

test.afterAll(async () => {
  await site?.stop();
});

async function codeOf(registrationNo: string): Promise<string> {
  const [row] = await site.db<{ code: string }[]>`SELECT code FROM institutions WHERE registration_no = ${registrationNo}`;
  if (!row) throw new Error(`no institution ${registrationNo}`);
  return row.code;
}

async function publicPage(page: Page, code: string): Promise<string> {
  const r = await page.request.get(`${site.base}/i/${code}/`);
  expect(r.status()).toBe(200);
  return r.text();
}

test('empty deployment: accounts from user:create, institutions imported and published, no level shown', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one run');
  test.setTimeout(900_000);
  const { ctx, page } = await signedIn(browser, site.base, ACCOUNTS.admin);
  await importSheet(page, 'regions', '行政区划.csv', REGIONS);
  site.createAccount(ACCOUNTS.district);
  await importSheet(page, 'institutions', '机构名册.csv', INSTITUTIONS);
  await publishFromAdmin(page, '导入机构名册');
  const html = await publicPage(page, await codeOf('LC-0001'));
  expect(html).toContain('青禾县城关镇甲诊所');
  expect(html).not.toMatch(/信用等级[^<]*(优秀|合格|差)/);
  await ctx.close();
});
