// The supervisor area is used all day at an office desk: its main pages have no WCAG 2.x AA
// violations that axe can find, and none needs inline script or style (the CSP forbids them).
import { test, expect } from '@playwright/test';
import { axeViolations } from '../support/axe';
import { ADMIN_FIXTURE, complaintId, contextAs, desktopOnly } from './admin-support';

test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

test('the main admin pages pass axe (WCAG 2.x AA) with no CSP violations', async ({ browser, baseURL, page: anon }) => {
  const ctx = await contextAs(browser, 'admin', baseURL!);
  const page = await ctx.newPage();
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) csp.push(m.text());
  });
  const id = await complaintId(ADMIN_FIXTURE.mineRealName.trackingNo);
  for (const path of [
    '/admin/',
    '/admin/complaints',
    `/admin/complaints/${id}`,
    '/admin/due',
    '/admin/points',
    '/admin/points/new',
    '/admin/points/monthly',
    '/admin/moderation',
    '/admin/audit',
    '/admin/users',
    '/admin/publish',
  ]) {
    expect((await page.goto(path))?.status(), path).toBe(200);
    expect((await axeViolations(page)).map((v) => `${path}: ${v}`)).toEqual([]);
  }
  await ctx.close();
  await anon.goto('/admin/login');
  expect(await axeViolations(anon)).toEqual([]);
  expect(csp).toEqual([]);
});
