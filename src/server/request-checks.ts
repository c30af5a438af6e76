import { INSTITUTION_CODE_PATTERN } from '../domain/institution-code';
import { REPORT_BODY_LIMIT } from '../schemas/admin-rectifications';

/**
 * Checks the HTTP server (src/server/http-server.ts) makes on every request before a static file
 * or an Astro route sees it: things that would otherwise crash the process, end in a 500 deep
 * inside a route, or pass a route a value it was never written for. Pure functions, unit-tested.
 */

/** Methods some route answers. Anything else (TRACE, CONNECT, WebDAV, …) gets 405 from the server. */
export const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** What the site offers: pages (GET, HEAD) and forms and the JSON API (POST). */
export const ALLOWED_METHODS = 'GET, HEAD, POST';

/**
 * A Host header the URL parser reads as a plain host: a name or IPv4 address, or an IPv6
 * literal in brackets, with an optional port. `127.0.0.1:4321@evil.example` (userinfo), spaces,
 * slashes and the like are refused with 400 — the Request Astro builds from them throws (500).
 * No Host at all is left to Node (it refuses HTTP/1.1 requests without one).
 */
export function isValidHost(host: string | undefined): boolean {
  if (host === undefined) return true;
  return /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(host);
}

/**
 * Why a request target is refused (400), or null. Control characters (%00–%1F, %7F) have no
 * business in an address of this site: a NUL reaches PostgreSQL as text and fails there (500),
 * the others would only land in a search or a filter as invisible garbage. One exception, decided
 * for users: a TAB in the query string is let through, because a supervisor pasting a cell from a
 * spreadsheet into a filter box sends one, and it is harmless (the filters trim it).
 */
export function targetProblem(target: string): string | null {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  if (/%(?:[01][0-9A-Fa-f]|7[Ff])/.test(path)) return '网址中含有不允许的控制字符，请检查链接是否完整、正确。';
  if (/%(?:0[0-8A-Fa-f]|1[0-9A-Fa-f]|7[Ff])/.test(query)) return '网址的查询条件中含有不允许的控制字符（例如 %00），请删除后重试。';
  return null;
}

/**
 * `/i/jq3quhtd/…` → `/i/JQ3QUHTD/…` (keeping the query string): codes are printed in capitals,
 * but people type them by hand, and WeChat's keyboard starts in lower case. Null when the target
 * is not a lower- or mixed-case institution address (or the upper-cased code is no valid code).
 */
export function canonicalInstitutionTarget(target: string): string | null {
  const [, code, rest = ''] = /^\/i\/([^/?#]+)(.*)$/s.exec(target) ?? [];
  if (code === undefined) return null;
  const upper = code.toUpperCase();
  if (upper === code || !INSTITUTION_CODE_PATTERN.test(upper)) return null;
  return `/i/${upper}${rest}`;
}

export type RangeDecision = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * What to answer a `Range` header with, for a file of `size` bytes (RFC 9110 §14). One byte
 * range is served (206); an unsatisfiable one gets 416 with a Content-Range giving the size;
 * everything else — a malformed header, another unit, several ranges (which a static site need
 * not serve), last-pos < first-pos — is ignored, which the RFC allows, and the whole file is sent.
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined || size <= 0) return { kind: 'full' };
  const m = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(header);
  if (!m) return { kind: 'full' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last N bytes. "-0" asks for nothing, which cannot be satisfied.
    const n = Number(last);
    if (n === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  // Number() of a 25-digit string is a large float, not an error: compared, never passed on.
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return { kind: 'full' }; // invalid, so the header is ignored
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/**
 * Largest request body accepted, by path. The server cuts a body off (413, connection closed)
 * as soon as it passes this, whether or not the client declared a Content-Length, so nobody can
 * make the server hold a large body in memory. Each limit sits a little above the route's own
 * (where it has one), so that within it the route still answers with its own, friendlier message.
 */
export function bodyLimit(pathname: string): number {
  const KB = 1024;
  const MB = 1024 * KB;
  // Username, password, form token and the page to return to: a few hundred bytes.
  if (/^\/admin\/log(?:in|out)\/?$/.test(pathname)) return 8 * KB;
  if (pathname.startsWith('/admin/import')) return 50 * MB;
  // Up to 3 photos of 5 MB each (FORM_BODY_LIMIT in src/handlers/intake/complaint.ts).
  if (/^\/complaints\/new\/?$/.test(pathname)) return 16 * MB;
  // Open311 POST requests.json with up to 3 `media` photos (the same FORM_BODY_LIMIT).
  if (pathname === '/open311/v2/requests.json') return 16 * MB;
  // The JSON API takes 256 KB (API_BODY_LIMIT), ratings 16 KB, the status lookup 8 KB.
  if (pathname === '/api/complaints' || pathname === '/api/complaints/' || pathname.startsWith('/api/admin/')) return 1 * MB;
  if (pathname.startsWith('/api/') || /^\/i\/[^/]+\/rate\/?$/.test(pathname) || pathname.startsWith('/complaints/')) return 64 * KB;
  // A rectification report with its files (REPORT_BODY_LIMIT in src/schemas/admin-rectifications.ts).
  if (/^\/admin\/rectifications\/\d+\/?$/.test(pathname)) return REPORT_BODY_LIMIT + 512 * KB;
  // The institution portal: login 8 KB, a rectification report with its files, its other forms (text).
  if (/^\/portal\/(?:login|activate)\/?$/.test(pathname)) return 8 * KB;
  if (/^\/portal\/submit\/rectification-report\/?$/.test(pathname)) return REPORT_BODY_LIMIT + 512 * KB;
  if (pathname.startsWith('/portal/')) return 256 * KB;
  // The supervisors' forms: decisions, notes, points, accounts (text only).
  if (pathname.startsWith('/admin/')) return 1 * MB;
  return 64 * KB;
}

/** Routes that authenticate with an API key in the body, never with cookies: the Open311 POST. */
const KEY_AUTHENTICATED_POSTS = new Set(['/open311/v2/requests.json']);

/**
 * Open311 clients (12345 and other systems) post form-encoded bodies server to server, without an
 * Origin header, which Astro's browser-form origin check would refuse. Such a route uses no
 * session, so its cookies are dropped (a cross-site page gains nothing by posting there) and the
 * request is marked as coming from this site's own origin. Other routes are left untouched.
 */
export function markKeyAuthenticatedPost(method: string, pathname: string, headers: Record<string, string | string[] | undefined>, encrypted: boolean): void {
  if (method !== 'POST' || !KEY_AUTHENTICATED_POSTS.has(pathname)) return;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const proto = first(headers['x-forwarded-proto']) ?? (encrypted ? 'https' : 'http');
  const host = first(headers['x-forwarded-host']) ?? first(headers['host']);
  Reflect.deleteProperty(headers, 'cookie');
  if (host) headers['origin'] = `${proto}://${host}`;
}
