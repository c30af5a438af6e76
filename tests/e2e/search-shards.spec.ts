import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { releasesDirFor } from '../../src/release/releases';
import { indexShards, readReleaseRecords } from '../../src/release/search-index';
import type { SearchRecord } from '../../src/domain/search';

// Issue 16: the search index is split into shards by region and merged in the browser
// (Pagefind's mergeIndex). The fixture's 80 institutions fit one shard of 5,000, so this spec
// re-indexes the served release's own records (kept beside it, search-records.json) into shards
// of 20 and answers the browser's /pagefind* requests from them: the real search page must find
// institutions of every shard, and filters must count across shards.

const dataDir = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-shards-'));
const client = path.join(tmp, 'client');
let records: SearchRecord[] = [];
let shards: string[] = [];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.css': 'text/css' };

test.beforeAll(async () => {
  records = readReleaseRecords(path.join(releasesDirFor(dataDir), 'current')) ?? [];
  fs.mkdirSync(client, { recursive: true });
  shards = (await indexShards(client, records, null, 20)).shards;
});
test.afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function serveShards(page: Page): Promise<string[]> {
  const served: string[] = [];
  await page.route(/\/pagefind(-\d+)?\//, async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname);
    const file = path.join(client, rel);
    if (!file.startsWith(client) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    served.push(rel.split('/')[1] ?? '');
    await route.fulfill({ body: fs.readFileSync(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
  return served;
}

test('the browser searches several region shards as one index', async ({ page }) => {
  expect(records.length).toBeGreaterThanOrEqual(60);
  expect(shards.length).toBeGreaterThanOrEqual(3);
  const served = await serveShards(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/search/');
  // Institutions spread over the records (and so over the shards).
  const names = [records[0], records[Math.floor(records.length / 2)], records.at(-1)].map((r) => r!.name);
  for (const name of names) {
    await page.getByLabel('机构名称或地址').fill(name);
    await expect(page.locator('#search-results').getByRole('link', { name, exact: true }), name).toBeVisible();
  }
  await expect(page).toHaveURL(/\/search\/\?q=/); // answered in the browser, not by the server fallback
  // Every shard's index was loaded.
  for (const s of shards) expect(served, s).toContain(s.replaceAll('/', ''));
  // A filter alone counts over all shards.
  await page.getByLabel('机构名称或地址').fill('');
  await page.getByLabel('信用等级').selectOption('合格');
  const n = records.filter((r) => r.level === '合格').length;
  expect(n).toBeGreaterThan(20);
  await expect(page.locator('#search-status')).toContainText(`找到 ${n} 家机构`);
  expect(errors).toEqual([]);
});
