// Issue 18 item 5 in the browser: an account an administrator creates must change its password
// before it can use anything; the account page shows the rules in force and one's own logins; the
// audit page shows the last integrity check. Both pages pass axe.
import { test, expect } from '@playwright/test';
import { axeViolations } from '../support/axe';
import { contextAs, desktopOnly, loginWithForm } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('a new account is sent to change its initial password, then works with the new one', async ({ browser, baseURL }, testInfo) => {
  const username = `sec.${Date.now() % 1_000_000}`;
  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  await page.goto('/admin/users');
  const create = page.locator('form', { has: page.getByRole('group', { name: '新建账户' }) });
  await create.getByLabel(/^用户名/).fill(username);
  await create.getByLabel('姓名').fill('新来的同事');
  await create.getByLabel('角色').selectOption('viewer');
  await create.getByLabel(/^初始密码/).fill('Chushi-Mima-2026');
  await create.getByLabel(/^原因/).fill('新入职');
  await create.getByRole('button', { name: '创建账户' }).click();
  await expect(page.getByRole('status')).toContainText('账户已创建');
  await admin.close();

  const ctx = await browser.newContext({ baseURL: baseURL!, locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const me = await ctx.newPage();
  await loginWithForm(me, username, 'Chushi-Mima-2026');
  await expect(me).toHaveURL(/\/admin\/account\?must=1$/);
  await expect(me.getByRole('alert').first()).toContainText('请先修改密码');
  await me.goto('/admin/complaints');
  await expect(me).toHaveURL(/\/admin\/account\?must=1$/);
  await expect(me.getByRole('table')).toContainText('成功');
  expect(await axeViolations(me)).toEqual([]);
  await me.screenshot({ path: testInfo.outputPath('account-must-change.png'), fullPage: true });

  await me.getByLabel('当前密码').fill('Chushi-Mima-2026');
  await me.getByLabel('新密码', { exact: true }).fill('onlylowercaseletters');
  await me.getByLabel('确认新密码').fill('onlylowercaseletters');
  await me.getByRole('button', { name: '修改密码' }).click();
  await expect(me.getByRole('alert').last()).toContainText('至少 3 类');

  await me.getByLabel('当前密码').fill('Chushi-Mima-2026');
  await me.getByLabel('新密码', { exact: true }).fill('Ziji-Shezhi-2026');
  await me.getByLabel('确认新密码').fill('Ziji-Shezhi-2026');
  await me.getByRole('button', { name: '修改密码' }).click();
  await expect(me).toHaveURL(/\/admin\/login\?changed=1$/);
  await expect(me.getByText('密码已修改')).toBeVisible();
  await loginWithForm(me, username, 'Ziji-Shezhi-2026');
  await expect(me).toHaveURL(/\/admin\/$/);
  await ctx.close();
});

test('the audit page shows the last integrity check', async ({ browser, baseURL }, testInfo) => {
  const ctx = await contextAs(browser, 'admin', baseURL!);
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/admin/audit');
  const block = page.getByRole('region', { name: '完整性校验' });
  await expect(block).toContainText(/尚未校验|最近一次校验/);
  await expect(block).toContainText('日志至少保存 180 天');
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('audit.png') });
  await ctx.close();
});
