/**
 * Search rules shared by the Pagefind index (build), the browser (Pagefind on /search/) and the
 * server fallback (/search/results, JavaScript off): how a query is cleaned, what a record holds,
 * which filters exist, and how the index is split into shards.
 *
 * Why shards: one Pagefind index over 100,000 institutions needs about 1.9 GB while it is built
 * (measured: ~18 KB per record). Indexes of at most SEARCH_SHARD_SIZE records are built one after
 * another (peak ≈ 0.4 GB) and searched together in the browser (Pagefind's mergeIndex).
 */

/** Filter values for the level; the words match levelWord() in disclosure-board.ts. */
export const LEVEL_FILTERS = ['优秀', '合格', '差', '复核中', '暂无评价', '不公示'] as const;
export type LevelFilter = (typeof LEVEL_FILTERS)[number];

export const QUERY_MAX_LENGTH = 50;

/**
 * Cleans a query: punctuation (ASCII or full-width brackets, commas, dots, quotes…) becomes a
 * space, spaces are collapsed. "诸暨市中医医院(浣东新院)" then finds its page: Pagefind splits
 * the indexed name at the bracket too, but a bracket in the query matched nothing.
 */
export function normalizeQuery(q: string): string {
  return q
    .normalize('NFKC')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, QUERY_MAX_LENGTH);
}

/** Terms for the server fallback: every term must appear in the name or the address. */
export function queryTerms(q: string): string[] {
  return [...new Set(normalizeQuery(q).split(' ').filter(Boolean))].slice(0, 8);
}

/** What the search knows about one institution (written by the build, read by the indexer). */
export interface SearchRecord {
  url: string;
  name: string;
  address: string | null;
  /** "青禾县 城关镇" */
  area: string;
  /** County and township codes, for the 辖区 filter. */
  areaCodes: string[];
  type: string;
  typeSlug: string;
  level: string;
}

export interface PagefindRecord {
  url: string;
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** Filter names in the index (ASCII: they travel in URLs and scripts). */
export const FILTER_KEYS = { area: 'area', type: 'type', level: 'level' } as const;

export function pagefindRecord(r: SearchRecord): PagefindRecord {
  return {
    url: r.url,
    // The name stands alone on its first line, so it is segmented exactly as the same name typed
    // as a query: a full name with 路/街 is found by its full name.
    content: [r.name, r.address ?? '', r.area, r.type].filter(Boolean).join('\n'),
    language: 'zh-cn',
    meta: { title: r.name, area: r.area, type: r.type, level: r.level, address: r.address ?? '' },
    filters: {
      [FILTER_KEYS.area]: r.areaCodes,
      [FILTER_KEYS.type]: [r.typeSlug],
      [FILTER_KEYS.level]: [r.level],
    },
  };
}

export const SEARCH_SHARD_SIZE = 20_000;

/** Number of shards for `records` institution records (at least one). */
export function shardCount(records: number, size = SEARCH_SHARD_SIZE): number {
  return Math.max(1, Math.ceil(records / size));
}

/** URL folder of shard `i` (0-based): the first is /pagefind/ (the contract), then /pagefind-2/ … */
export function shardPath(i: number): string {
  return i === 0 ? '/pagefind/' : `/pagefind-${i + 1}/`;
}

/** Where the indexer lists the shards for the browser. */
export const SHARDS_FILE = '/pagefind/shards.json';
