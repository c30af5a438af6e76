/**
 * Cache-Control of the static files, one definition for the Node server (src/server/http-server.ts)
 * and the nginx site generated from it (src/server/nginx-config.ts). Each rule carries the same
 * pattern twice: as a RegExp for Node and as nginx's PCRE source.
 */
export const CACHE_RULES = [
  // Hashed names: Astro's assets and Pagefind's fragments and index chunks (one index per 20,000
  // records: /pagefind/, /pagefind-2/, …).
  { test: /^\/_astro\//, nginx: '^/_astro/', cacheControl: 'public, max-age=31536000, immutable' },
  { test: /^\/pagefind(-\d+)?\/(fragment|index)\//, nginx: '^/pagefind(-\\d+)?/(fragment|index)/', cacheControl: 'public, max-age=31536000, immutable' },
  { test: /^\/data\//, nginx: '^/data/', cacheControl: 'public, max-age=3600' },
] as const;

/** HTML and everything unhashed: WeChat's browser caches hard, so always revalidate (ETag → 304). */
export const REVALIDATE = 'public, no-cache';

export function cacheControl(pathname: string): string {
  return CACHE_RULES.find((r) => r.test.test(pathname))?.cacheControl ?? REVALIDATE;
}
