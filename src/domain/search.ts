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

/**
 * At most this many institution records per shard: one shard indexes in about a second, so an
 * incremental publish that changes one institution re-indexes one shard (issue 16).
 */
export const SEARCH_SHARD_SIZE = 5_000;

/** The most specific area of a record (its township, else its county; '' when it has none). */
function unitOf(r: SearchRecord): string {
  return r.areaCodes.at(-1) ?? '';
}

/** FNV-1a of a code: a stable, well-spread split of one large area that needs no crypto. */
function spread(code: string, parts: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i += 1) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193) >>> 0;
  return h % parts;
}

/**
 * Splits the records into shards by region, so a change in one institution changes one shard:
 * areas (townships, or counties when a record has no township) in code order are packed into
 * shards of at most `size` records; an area larger than `size` is split into ⌈n / size⌉ parts by
 * a hash of the institution code (a new institution then lands in one part instead of shifting
 * the boundaries of all of them; a part may exceed `size` by the hash's unevenness, a few %).
 * Records within a shard are in URL order, so the same records give the same shard. Always at
 * least one shard (possibly empty: the explanatory pages are indexed with the first).
 */
export function assignShards(records: readonly SearchRecord[], size = SEARCH_SHARD_SIZE): SearchRecord[][] {
  const byUnit = new Map<string, SearchRecord[]>();
  for (const r of records) {
    const u = unitOf(r);
    const list = byUnit.get(u);
    if (list) list.push(r);
    else byUnit.set(u, [r]);
  }
  const units: SearchRecord[][] = [];
  for (const [, list] of [...byUnit.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const parts = Math.ceil(list.length / size);
    const split = Array.from({ length: parts }, (): SearchRecord[] => []);
    for (const r of list) (split[parts === 1 ? 0 : spread(r.url, parts)] as SearchRecord[]).push(r);
    units.push(...split.filter((s) => s.length > 0));
  }
  const shards: SearchRecord[][] = [];
  let last: SearchRecord[] = [];
  for (const unit of units) {
    if (last.length > 0 && last.length + unit.length > size) {
      shards.push(last);
      last = [];
    }
    last.push(...unit);
  }
  shards.push(last);
  return shards.map((s) => s.sort((a, b) => (a.url < b.url ? -1 : 1)));
}

/**
 * URL folder of a shard, named by the hash of its input (hex digest → decimal digits): the same
 * records give the same folder, so an incremental publish reuses the folder of the base release.
 * Digits only, so the folder stays inside the existing `pagefind(-\d+)?` patterns (immutable
 * caching in src/server/cache-control.ts and nginx, Pagefind's files compressed after indexing).
 */
export function shardDir(hexDigest: string): string {
  if (!/^[0-9a-f]{12,}$/.test(hexDigest)) throw new Error(`不是十六进制摘要：${hexDigest}`);
  return `/pagefind-${BigInt('0x' + hexDigest.slice(0, 12))
    .toString()
    .padStart(15, '0')}/`;
}

/** Where the indexer lists the shards for the browser (the first one's pagefind.js is loaded). */
export const SHARDS_FILE = '/pagefind/shards.json';
