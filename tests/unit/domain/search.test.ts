import { describe, expect, it } from 'vitest';
import { normalizeQuery, pagefindRecord, queryTerms, shardCount, shardPath } from '../../../src/domain/search';
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

  it('shards large indexes', () => {
    expect(shardCount(0)).toBe(1);
    expect(shardCount(20_000)).toBe(1);
    expect(shardCount(100_000)).toBe(5);
    expect([0, 1, 4].map(shardPath)).toEqual(['/pagefind/', '/pagefind-2/', '/pagefind-5/']);
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
