/**
 * Which pages an incremental publish re-renders (issue 16 item 1). Pure: the caller gives the
 * pages of the base release, every static page now with its route, the institutions' keys (area
 * codes and type) in the base release and now, and what changed since the base
 * (src/db/publish-changes.ts). The rules, and why (docs/scale.md, "Incremental publishing: what
 * is re-rendered"):
 *
 * - a global table changed (regions, site settings, draws …) → full build: any page may show it;
 * - a page of the base release no longer exists (an institution deleted, a list combination
 *   gone) → full build: an overlay release cannot delete a file of its base;
 * - a page that is new → rendered;
 * - a route without parameters (home, /lists/, /data/*, /search/records.json, /sitemap/ …) →
 *   always rendered: they summarise everything, and some read tables that are not tracked per
 *   institution (complaints → satisfaction);
 * - an institution's routes (/i/[code]/…) → rendered for the changed codes;
 * - a list with an area and/or type parameter → rendered when a changed institution is in that
 *   area (before or after the change) or the area is 全部, and its type matches (before or after)
 *   or the type is 全部; a list route that gains a page renders all its pages (their link bars
 *   offer the new area or type). A county's pages (/r/[county]/, /data/[county]/…) are lists of
 *   that area: a province renders only the changed institution's county's;
 * - the quarterly points pages per county → all rendered when anything changed: each one shows
 *   every county's count in its links;
 * - any other route with parameters (/lists/[year]/, /inspections/[id]/ …) → rendered (few).
 */

import type { SearchRecord } from './search';

export interface PageRef {
  pathname: string;
  /** Astro route pattern, e.g. '/i/[code]', '/lists/[year]/[area]/[type]'. */
  route: string;
}

/** From the institution's SearchRecord (src/domain/search.ts). */
export interface InstitutionKey {
  code: string;
  areaCodes: string[];
  typeSlug: string;
}

/** `before`/`after` from a release's search records (their url is the institution's page, /i/{code}/). */
export function institutionKeys(records: readonly SearchRecord[]): Map<string, InstitutionKey> {
  const keys = new Map<string, InstitutionKey>();
  for (const r of records) {
    const code = matchRoute('/i/[code]', r.url)?.['code'];
    if (code !== undefined) keys.set(code, { code, areaCodes: r.areaCodes, typeSlug: r.typeSlug });
  }
  return keys;
}

export interface RepublishInput {
  /** Pathnames of the base release's pages. */
  basePaths: readonly string[];
  /** Every static page now. */
  paths: readonly PageRef[];
  /** Code → key in the base release. */
  before: ReadonlyMap<string, InstitutionKey>;
  /** Code → key now. */
  after: ReadonlyMap<string, InstitutionKey>;
  /** Codes of the institutions whose inputs changed. */
  changed: readonly string[];
  /** Global tables touched. */
  global: readonly string[];
}

export interface RepublishPlan {
  /** Pathnames to render, in the order of `paths`. */
  render: string[];
  /** Why a full build is needed (Chinese), or null. */
  full: string | null;
}

/** The "all" value of the list filters (src/domain/public-lists.ts ALL). */
const ALL = 'all';

/** Routes whose every page shows figures of all areas: rendered whole on any change. */
const WHOLE_ROUTES: ReadonlySet<string> = new Set(['/lists/points/[quarter]/[area]']);

/** '/i/X/', '/i/X', '/i/X/index.html' are one page. */
export function normalizePathname(p: string): string {
  const s = p.replace(/\/index\.html$/, '/');
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}

function routeParams(route: string): string[] {
  return [...route.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => String(m[1]));
}

/** Compiled once per route: a publish matches up to a few hundred thousand pages against a dozen routes. */
const compiled = new Map<string, { names: string[]; re: RegExp }>();

function compile(route: string): { names: string[]; re: RegExp } {
  let c = compiled.get(route);
  if (!c) {
    const pattern = normalizePathname(route)
      .split(/(\[[^\]]+\])/)
      .map((part) => (part.startsWith('[') ? (part.startsWith('[...') ? '(.+)' : '([^/]+)') : part.replace(/[.*+?^${}()|\\]/g, '\\$&')))
      .join('');
    c = { names: routeParams(route), re: new RegExp(`^${pattern}$`) };
    compiled.set(route, c);
  }
  return c;
}

/** The parameter values of `pathname` under `route`, or null when it does not match. */
export function matchRoute(route: string, pathname: string): Record<string, string> | null {
  return paramsOf(route, normalizePathname(pathname));
}

function paramsOf(route: string, path: string): Record<string, string> | null {
  const { names, re } = compile(route);
  const m = re.exec(path);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(String(m[i + 1]))]));
}

type RouteKind = 'static' | 'institution' | 'list' | 'whole' | 'other';

const kinds = new Map<string, RouteKind>();

function routeKind(route: string): RouteKind {
  let k = kinds.get(route);
  if (!k) {
    k = kindOf(route);
    kinds.set(route, k);
  }
  return k;
}

function kindOf(route: string): RouteKind {
  const params = routeParams(route);
  if (params.length === 0) return 'static';
  if (params.includes('code')) return 'institution';
  if (WHOLE_ROUTES.has(normalizePathname(route))) return 'whole';
  if (params.includes('area') || params.includes('type') || params.includes('county')) return 'list';
  return 'other';
}

/** Does a list page filtered by `area`/`type` (absent = not filtered) show an institution with `keys`? */
function listShows(params: Record<string, string>, keys: readonly InstitutionKey[]): boolean {
  const area = params['area'] ?? params['county'] ?? ALL;
  const type = params['type'] ?? ALL;
  return keys.some((k) => (area === ALL || k.areaCodes.includes(area)) && (type === ALL || k.typeSlug === type));
}

/** Why a change of global tables (regions, settings, draws …) needs a full build, or null when none changed. */
export function globalChangeReason(global: readonly string[]): string | null {
  return global.length > 0 ? `全站共用的数据已变更（${[...new Set(global)].sort().join('、')}），需要完整构建` : null;
}

export function planRepublish(input: RepublishInput): RepublishPlan {
  const globalReason = globalChangeReason(input.global);
  if (globalReason !== null) return { render: [], full: globalReason };
  // Each name normalised once: a province has a few hundred thousand pages.
  const pages = input.paths.map((p) => ({ ...p, path: normalizePathname(p.pathname) }));
  const now = new Set(pages.map((p) => p.path));
  const baseList = input.basePaths.map(normalizePathname);
  const gone = input.basePaths.filter((_, i) => !now.has(String(baseList[i])));
  if (gone.length > 0) {
    const shown = gone.slice(0, 3).join('、') + (gone.length > 3 ? ` 等 ${gone.length} 个` : '');
    return { render: [], full: `上次发布的页面已不存在（${shown}；机构被删除或列表组合消失），需要完整构建` };
  }

  const base = new Set(baseList);
  const changed = new Set(input.changed);
  const keys = [...changed].flatMap((code) => [input.before.get(code), input.after.get(code)].filter((k) => k !== undefined));
  // A list route that gains a page: its link bars change on every page of it.
  const grown = new Set(pages.filter((p) => routeKind(p.route) === 'list' && !base.has(p.path)).map((p) => p.route));

  const render = new Set<string>();
  for (const p of pages) {
    if (!render.has(p.pathname) && (!base.has(p.path) || rendersAgain(p, changed, keys, grown))) render.add(p.pathname);
  }
  return { render: [...render], full: null };
}

function rendersAgain(p: { route: string; path: string }, changed: ReadonlySet<string>, keys: readonly InstitutionKey[], grown: ReadonlySet<string>): boolean {
  switch (routeKind(p.route)) {
    case 'static':
    case 'other':
      return true;
    case 'whole':
      return changed.size > 0;
    case 'institution': {
      // A page that does not match its own route is not understood: render it rather than guess.
      const params = paramsOf(p.route, p.path);
      return params === null || changed.has(String(params['code']));
    }
    case 'list': {
      const params = paramsOf(p.route, p.path);
      return grown.has(p.route) || params === null || listShows(params, keys);
    }
  }
}
