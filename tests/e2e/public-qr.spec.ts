import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Locator } from '@playwright/test';
import { CASES } from '../support/fixtures/public-site';

// The QR codes, decoded by an independent reader (zbarimg, installed by CI) from what Chromium
// draws, must be exactly the institution's URL with the poster version; the poster prints as one
// A4 page with the QR at least 3 cm wide.

function decode(png: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qr-')), 'qr.png');
  fs.writeFileSync(file, png);
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8' }).trim();
}

async function decodeElement(qr: Locator): Promise<string> {
  await expect(qr).toBeVisible();
  return decode(await qr.screenshot());
}

test('the QR code on the page decodes to the page URL with the current poster version', async ({ page, baseURL }) => {
  await page.goto(`/i/${CASES.downgraded.code}/`);
  expect(await decodeElement(page.getByRole('img', { name: /信用公示二维码/ }))).toBe(`${baseURL}/i/${CASES.downgraded.code}/?v=2`);
});

test('the QR code on the poster decodes to the same URL', async ({ page, baseURL }) => {
  await page.goto(`/i/${CASES.big.code}/poster/`);
  expect(await decodeElement(page.getByRole('img', { name: /信用公示二维码/ }))).toBe(`${baseURL}/i/${CASES.big.code}/?v=1`);
});

test('a whole-page screenshot of a demo institution decodes too (as the acceptance check does)', async ({ page, baseURL }) => {
  await page.goto('/lists/');
  await page.locator('main ul.links a').first().click();
  const href = await page.locator('main table a[href^="/i/"]').first().getAttribute('href');
  await page.setViewportSize({ width: 800, height: 3000 });
  await page.goto(href!);
  const text = decode(await page.screenshot());
  expect(text.startsWith(`${baseURL}${href}?v=`)).toBe(true);
});

test('a closed institution has no poster to print (seed 001 七(三)): 410 with a way back to its page', async ({ page }) => {
  const r = await page.goto(`/i/${CASES.closed.code}/poster/`);
  expect(r?.status()).toBe(410);
  await expect(
    page
      .getByRole('link', { name: new RegExp(CASES.closed.name) })
      .or(page.locator(`a[href="/i/${CASES.closed.code}/"]`))
      .first(),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /信用公示二维码/ })).toHaveCount(0);
});

test.describe('printing', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'PDF output needs Chromium');

  for (const c of [CASES.big, CASES.none]) {
    test(`the poster of ${c.name} prints on exactly one A4 page with a QR code at least 3 cm wide`, async ({ page }) => {
      await page.goto(`/i/${c.code}/poster/`);
      await page.emulateMedia({ media: 'print' });
      const box = await page.getByRole('img', { name: /信用公示二维码/ }).boundingBox();
      // CSS pixels are 1/96 inch: 3 cm = 113.4 px.
      expect(box!.width).toBeGreaterThanOrEqual(113.4);
      await expect(page.getByText('演示数据：本公示栏内容为虚构')).toBeVisible();
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages).toHaveLength(1);
      // A4 portrait: 595 × 842 points.
      const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      expect(Math.abs(Number(mediaBox![1]) - 595)).toBeLessThan(1.5);
      expect(Math.abs(Number(mediaBox![2]) - 842)).toBeLessThan(1.5);
    });
  }
});
