import { describe, expect, it } from 'vitest';
import { assignShards, normalizeQuery, pagefindRecord, queryTerms, SEARCH_SHARD_SIZE, shardDir, type SearchRecord } from '../../../src/domain/search';
import { searchParamsSchema } from '../../../src/schemas/public-search';
import { fieldErrors } from '../../../src/schemas/zod-errors';
import { SEARCH_FIELD_LABELS } from '../../../src/schemas/public-search';

describe('search rules', () => {
  it('cleans queries: punctuation becomes a space, full-width folds, length is capped', () => {
    expect(normalizeQuery('  诸暨市中医医院(浣东新院) ')).toBe('诸暨市中医医院 浣东新院');
    expect(normalizeQuery('苏州大学附属第一医院（十梓街院区）')).toBe('苏州大学附属第一医院 十梓街院区');
    expect(normalizeQuery('ＡＢ１２')).toBe('AB12');
    expect(normalizeQuery('x'.repeat(80))).toHaveLength(50);
    expect(queryTerms('人民医院 人民医院  城关')).toEqual(['人民医院', '城关']);
    expect(queryTerms('%_')).toEqual([]);
  });

  it('puts the name alone on the first line of the record, with filters', () => {
    const r = pagefindRecord({
      url: '/i/AB/',
      name: '大同区庆葡街道社区卫生服务中心',
      address: '某路1号',
      area: '样例县 城关镇',
      areaCodes: ['419021', '419021001'],
      type: '社区卫生服务中心',
      typeSlug: 'community-centre',
      level: '暂无评价',
    });
    expect(r.content.split('\n')[0]).toBe('大同区庆葡街道社区卫生服务中心');
    expect(r.filters).toEqual({ area: ['419021', '419021001'], type: ['community-centre'], level: ['暂无评价'] });
    expect(r.language).toBe('zh-cn');
  });

  it('shards by region: townships in code order packed into shards of at most the shard size, records in URL order', () => {
    const rec = (code: string, areaCodes: string[]): SearchRecord => ({
      url: `/i/${code}/`,
      name: code,
      address: null,
      area: '',
      areaCodes,
      type: '诊所',
      typeSlug: 'clinic',
      level: '合格',
    });
    const town = (t: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => rec(`${t}-${String(from + i).padStart(4, '0')}`, ['419901', t]));
    expect(SEARCH_SHARD_SIZE).toBe(5000);
    // Nothing: one empty shard (the explanatory pages still have a home).
    expect(assignShards([])).toEqual([[]]);
    // Three townships of 3 records, size 5: 419901002 is listed first but packs after 419901001.
    const b = town('419901002', 3);
    const a = town('419901001', 3);
    const c = town('419901003', 3);
    const shards = assignShards([...b, ...c, ...a].reverse(), 5);
    expect(shards.map((s) => s.map((r) => r.url))).toEqual([a.map((r) => r.url), b.map((r) => r.url), c.map((r) => r.url)]);
    // Two small townships share a shard; a record without any area forms its own unit ('').
    const none = rec('ZZ', []);
    expect(assignShards([...town('419901001', 2), ...town('419901002', 2), none], 5).map((s) => s.length)).toEqual([5]);
    expect(assignShards([...town('419901001', 2), ...town('419901002', 2), none], 5)[0]!.at(-1)).toBe(none);
  });

  it('splits a township larger than the size by a hash of the code: a new institution changes one shard only', () => {
    const rec = (i: number): SearchRecord => ({
      url: `/i/QH${String(i).padStart(5, '0')}/`,
      name: String(i),
      address: null,
      area: '',
      areaCodes: ['419901', '419901100'],
      type: '诊所',
      typeSlug: 'clinic',
      level: '合格',
    });
    const all = Array.from({ length: 120 }, (_, i) => rec(i));
    const before = assignShards(all, 50);
    expect(before).toHaveLength(3);
    for (const s of before) expect(s.length).toBeGreaterThan(25);
    const after = assignShards([...all, rec(500)], 50);
    const key = (s: SearchRecord[]) => s.map((r) => r.url).join(',');
    const changed = after.filter((s) => !before.some((t) => key(t) === key(s)));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.map((r) => r.url)).toContain('/i/QH00500/');
  });

  it('names a shard folder by its hash, in digits (inside the pagefind(-\\d+)? patterns of caching and compression)', () => {
    expect(shardDir('0'.repeat(64))).toBe('/pagefind-000000000000000/');
    expect(shardDir('ffffffffffff' + 'a'.repeat(52))).toBe('/pagefind-281474976710655/');
    expect(shardDir('00000000000a')).toBe('/pagefind-000000000000010/');
    expect(() => shardDir('xyz')).toThrow('不是十六进制摘要：xyz');
  });

  it('refuses bad parameters with Chinese messages naming the field', () => {
    const bad = searchParamsSchema.safeParse({ q: 'x'.repeat(51), area: '12ab', type: 'spaceship', level: 'A+' });
    expect(bad.success).toBe(false);
    const errors = fieldErrors(bad.error!.issues, SEARCH_FIELD_LABELS).map((e) => `${e.label}：${e.message}`);
    expect(errors).toEqual([
      '搜索词：最多50个字',
      '辖区：辖区代码不正确，请从列表中选择',
      '类别：机构类别不正确，请从列表中选择',
      '信用等级：信用等级不正确，请从列表中选择',
    ]);
    expect(searchParamsSchema.parse({})).toEqual({ q: '', area: '', type: '', level: '' });
    expect(searchParamsSchema.parse({ q: ' 医院 ', level: '暂无评价', area: '419021001', type: 'clinic' })).toEqual({
      q: '医院',
      level: '暂无评价',
      area: '419021001',
      type: 'clinic',
    });
  });
});
