// Issue 16 item 1: "Pagefind's index is sharded (for example by township or district) and merged
// at query time, so one change re-indexes one shard." Real Pagefind, real files: the same input
// gives the same bytes, and an incremental index over a base equals a full index of the same data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexShards, indexSite, readReleaseRecords } from '../../../src/release/search-index';
import { SHARDS_FILE, type SearchRecord } from '../../../src/domain/search';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-index-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const SIZE = 50;
const TOWNS = ['419901001', '419901002', '419901003'];

function records(levelOf: (code: string) => string = () => '合格'): SearchRecord[] {
  return TOWNS.flatMap((t, ti) =>
    Array.from({ length: 40 }, (_, i) => {
      const code = `QH${ti}${String(i).padStart(3, '0')}`;
      return {
        url: `/i/${code}/`,
        name: `青禾县第${ti}${i}诊所`,
        address: `城关镇${i}号`,
        area: '青禾县 城关镇',
        areaCodes: ['419901', t],
        type: '诊所',
        typeSlug: 'clinic',
        level: levelOf(code),
      };
    }),
  );
}

/** A client folder with one explanatory page (indexed with the first shard). */
function client(name: string, withAbout = true): string {
  const dir = path.join(tmp, name, 'client');
  fs.mkdirSync(dir, { recursive: true });
  if (withAbout) {
    fs.mkdirSync(path.join(dir, 'about', 'rules'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'about', 'rules', 'index.html'),
      '<html lang="zh-CN"><body><main><h1>信用等级怎样评定</h1><p>评分与否决规则。</p></main></body></html>',
    );
  }
  return dir;
}

/** Every file under `dir`, relative path → bytes (hex digest would hide nothing more). */
function tree(dir: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (e.isDirectory()) for (const [k, v] of tree(dir, p)) out.set(k, v);
    else out.set(p, fs.readFileSync(path.join(dir, p)));
  }
  return out;
}

function shardList(dir: string): string[] {
  return JSON.parse(fs.readFileSync(path.join(dir, SHARDS_FILE), 'utf8')) as string[];
}

describe('search shards', () => {
  it('Pagefind writes byte-identical shards for identical input (index twice, compare)', { timeout: 120_000 }, async () => {
    const a = client('a');
    const b = client('b');
    const t0 = Date.now();
    const ra = await indexShards(a, records(), null, SIZE);
    const ms = Date.now() - t0;
    await indexShards(b, records(), null, SIZE);
    expect(ra.shards).toHaveLength(3);
    expect(ra.written).toEqual(ra.shards);
    expect(ra.pages).toBe(121);
    console.log(`3 shards of 40 records + 1 page: ${ms} ms`);
    const ta = tree(a);
    const tb = tree(b);
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    for (const [k, v] of ta) expect(v.equals(tb.get(k)!), k).toBe(true);
    // Each listed shard is a complete Pagefind bundle.
    for (const s of ra.shards) expect(fs.existsSync(path.join(a, s, 'pagefind.js')), s).toBe(true);
  });

  it('one changed record re-indexes its shard only, and base + delta equals a full index of the same data', { timeout: 120_000 }, async () => {
    const base = path.join(tmp, 'a', 'client');
    const changed = (code: string) => (code === 'QH1007' ? '优秀' : '合格');
    // The delta folder holds no explanatory page: they come from the base.
    const delta = client('c', false);
    const r = await indexShards(delta, records(changed), { baseClientDir: base }, SIZE);
    expect(r.written).toHaveLength(1);
    expect(shardList(delta)).toEqual(r.shards);
    const full = client('d');
    const rf = await indexShards(full, records(changed), null, SIZE);
    expect(r.shards).toEqual(rf.shards);
    expect(r.pages).toBe(rf.pages);
    const tf = tree(full);
    // Pagefind's runtime stays at its published address, the same file as in the shards, in both.
    const runtime = fs.readFileSync(path.join(full, rf.shards[0]!.slice(1), 'pagefind.js'));
    expect(fs.readFileSync(path.join(full, 'pagefind', 'pagefind.js')).equals(runtime)).toBe(true);
    expect(fs.readFileSync(path.join(delta, 'pagefind', 'pagefind.js')).equals(runtime)).toBe(true);
    for (const s of rf.shards) {
      const from = r.written.includes(s) ? delta : base;
      for (const [k, v] of tf) if (k.startsWith(s.slice(1))) expect(fs.readFileSync(path.join(from, k)).equals(v), k).toBe(true);
    }
    // A changed explanatory page changes the first shard (its hash covers the page).
    const delta2 = client('e');
    fs.appendFileSync(path.join(delta2, 'about', 'rules', 'index.html'), '<!-- 新 -->');
    const r2 = await indexShards(delta2, records(), { baseClientDir: base }, SIZE);
    expect(r2.written).toEqual([r2.shards[0]]);
  });

  it('the full build step keeps the records next to the release and removes them from the site', { timeout: 120_000 }, async () => {
    const dir = client('f');
    fs.mkdirSync(path.join(dir, 'search'));
    fs.writeFileSync(path.join(dir, 'search', 'records.json'), JSON.stringify(records().slice(0, 5)));
    expect(await indexSite(dir)).toBe(6);
    expect(fs.existsSync(path.join(dir, 'search', 'records.json'))).toBe(false);
    expect(readReleaseRecords(path.dirname(dir))).toHaveLength(5);
    expect(readReleaseRecords(tmp)).toBeNull();
    expect(shardList(dir)).toHaveLength(1);
  });
});
