/**
 * Links of the supervisor area's lists: the number of pages, and the same address with some query
 * parameters changed (pager, status tabs, sort headers). Pure: used by handlers and views alike.
 */

/** Page numbers for a pager. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The same URL with some query parameters replaced (undefined removes one). */
export function withQuery(url: URL, changes: Record<string, string | number | undefined>): string {
  const u = new URL(url.pathname + url.search, 'http://x');
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  return u.pathname + (u.search === '?' ? '' : u.search);
}
