import fs from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { pagefindRecord, SHARDS_FILE, SEARCH_SHARD_SIZE, shardCount, shardPath, type SearchRecord } from '../domain/search';

/**
 * Pagefind index of the built site (run after `astro build`, never committed).
 *
 * Institutions are indexed from /search/records.json, written by the same build as the pages
 * (src/pages/search/records.json.ts), as custom records: name, address, area and type, with
 * filters for area, type and level. That is a fraction of the text of a whole page, so indexing
 * is fast and light, and the name stands alone, segmented the same way as the query (a full name
 * with 路/街 is found). The explanatory pages (about/) are indexed as HTML.
 *
 * Memory: Pagefind needs ~18 KB per record while it builds an index. Records are split into
 * shards of SEARCH_SHARD_SIZE, built one after another with the Pagefind service closed in
 * between, and merged in the browser (src/components/search-client.ts reads SHARDS_FILE).
 * Chinese needs `<html lang="zh-CN">` (pages) and language "zh-cn" (records).
 */

const RECORDS_FILE = path.join('search', 'records.json');
const BATCH = 500;
/** Bundle fragments into files of a few records: 100,000 tiny files would slow every copy and deploy. */
const MAX_FRAGMENTS = 2000;

function readRecords(clientDir: string): SearchRecord[] {
  const file = path.join(clientDir, RECORDS_FILE);
  if (!fs.existsSync(file)) return [];
  const records = JSON.parse(fs.readFileSync(file, 'utf8')) as SearchRecord[];
  // Input of the indexer only: not part of the published site.
  fs.rmSync(file);
  return records;
}

async function check<T extends { errors: string[] }>(step: string, p: Promise<T>): Promise<T> {
  const r = await p;
  if (r.errors.length) throw new Error(`Pagefind ${step}失败：${r.errors.join('; ')}`);
  return r;
}

/** Builds every shard; returns the number of indexed pages and records. */
export async function indexSite(clientDir: string, records: SearchRecord[] = readRecords(clientDir)): Promise<number> {
  const shards = shardCount(records.length, SEARCH_SHARD_SIZE);
  let pages = 0;
  try {
    for (let s = 0; s < shards; s += 1) {
      const { index, errors } = await pagefind.createIndex({ maxFragments: MAX_FRAGMENTS });
      if (!index) throw new Error('Pagefind 无法创建索引：' + errors.join('; '));
      if (s === 0 && fs.existsSync(path.join(clientDir, 'about'))) {
        pages += (await check('索引', index.addDirectory({ path: clientDir, glob: 'about/**/*.html' }))).page_count;
      }
      const slice = records.slice(s * SEARCH_SHARD_SIZE, (s + 1) * SEARCH_SHARD_SIZE);
      for (let i = 0; i < slice.length; i += BATCH) {
        await Promise.all(slice.slice(i, i + BATCH).map((r) => check('索引', index.addCustomRecord(pagefindRecord(r)))));
      }
      pages += slice.length;
      await check('写入', index.writeFiles({ outputPath: path.join(clientDir, shardPath(s)) }));
      // Frees the service's memory before the next shard (it restarts on the next call).
      await pagefind.close();
    }
  } finally {
    await pagefind.close();
  }
  fs.writeFileSync(path.join(clientDir, SHARDS_FILE), JSON.stringify(Array.from({ length: shards }, (_, i) => shardPath(i))));
  return pages;
}
