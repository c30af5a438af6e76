import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StaticPaths } from 'astro/runtime/prerender/static-paths.js';
import { BUILD_REFRESH_HOOK, type BuildRefreshHook } from '../db/build-memo';
import { CAPTURE_FILE, RENDERER_DIR, type BuiltPath, type RendererCapture } from './renderer-integration';

/**
 * Renders single pages with the prerender bundle a full build kept (src/release/renderer-integration.ts):
 * the same compiled code as that build, so the same bytes. The build's internals and options are
 * restored as the few fields rendering reads (core/build/environment.js headElements: the page's
 * stylesheets, the bundle of the page script, the head scripts).
 */

interface RouteData {
  route: string;
  type: string;
  component: string;
  prerender: boolean;
}
interface KeptApp {
  routeCache: { clearAll(): void };
  manifest: { routes: { routeData: RouteData }[] };
  setInternals(i: unknown): void;
  setOptions(o: unknown): void;
  render(request: Request, opts: { routeData: RouteData }): Promise<Response>;
}

export interface PageRenderer {
  /** Every static path of the site now, with its route (getStaticPaths runs inside the bundle). */
  paths(): Promise<(BuiltPath & { routeData: RouteData })[]>;
  /** The bytes of one path as the full build writes them, and the file they go to (relative to client/). */
  render(p: { pathname: string; routeData: RouteData }): Promise<{ file: string; body: Buffer }>;
  /** Render one path into its file below `clientDir`, streaming the body (a province's open data is 100 MB); returns the file. */
  renderTo(p: { pathname: string; routeData: RouteData }, clientDir: string): Promise<string>;
  /**
   * Bring the pages' data up to date with the institutions changed since it was read (a warm
   * renderer between two publishes, src/db/build-memo.ts): the bundle's memos and Astro's cache of
   * getStaticPaths results are forgotten, the snapshot re-reads those institutions only.
   */
  refresh(codes: readonly string[]): Promise<void>;
}

/** Why the kept renderer of a release cannot be used, or null when it can. */
export function rendererProblem(releaseDir: string): string | null {
  const dir = path.join(releaseDir, RENDERER_DIR);
  if (!fs.existsSync(dir)) return '基准版本没有保留渲染程序';
  if (!fs.existsSync(path.join(dir, CAPTURE_FILE))) return '基准版本的渲染信息缺失';
  return null;
}

/** The file of a path in the release's client folder, as Astro names it (build.format 'directory'). */
export function outFile(pathname: string, type: string): string {
  const rel = pathname.replace(/^\/+|\/+$/g, '');
  if (type === 'endpoint') return rel;
  if (rel === '404' || rel === '500') return `${rel}.html`;
  return rel ? `${rel}/index.html` : 'index.html';
}

export async function loadRenderer(releaseDir: string, log: (m: string) => void = () => {}): Promise<PageRenderer> {
  const dir = path.join(releaseDir, RENDERER_DIR);
  const capture = JSON.parse(fs.readFileSync(path.join(dir, CAPTURE_FILE), 'utf8')) as RendererCapture;
  const mod = (await import(pathToFileURL(path.join(dir, capture.entry)).href)) as { app: KeptApp };
  const app = mod.app;
  app.setInternals({
    pagesByKeys: new Map(capture.pages),
    entrySpecifierToBundleMap: new Map(capture.entrySpecifierToBundleMap),
  });
  app.setOptions({
    settings: { scripts: capture.scripts },
    // Astro's logger destination: messages of the pages (warnings) go to the publish log.
    logger: {
      options: {
        destination: {
          write: (e: { level?: string; message?: string }) => {
            if (e.level === 'error' || e.level === 'warn') log(String(e.message));
            return true;
          },
        },
      },
    },
  });
  const respond = async ({ pathname, routeData }: { pathname: string; routeData: RouteData }) => {
    // The URL the build renders (generate.js getUrlForPath: format 'directory', base '/').
    const url = routeData.type === 'endpoint' || pathname === '/' ? pathname : pathname.replace(/\/?$/, '/');
    const response = await app.render(new Request(new URL(url, capture.origin)), { routeData });
    // The build writes any status but a redirect as the page (the 404 page answers 404); the site has no redirects.
    if (response.status >= 300 && response.status < 400) throw new Error(`${pathname}：渲染结果为跳转 ${response.status}`);
    return { file: outFile(pathname, routeData.type), response };
  };
  return {
    async refresh(codes) {
      const hook = (globalThis as Record<symbol, unknown>)[BUILD_REFRESH_HOOK] as BuildRefreshHook | undefined;
      // Registered by the bundle's own copy of src/db/build-memo.ts once its pages were loaded.
      if (!hook) throw new Error('渲染程序未载入数据，不能更新');
      await hook.refresh(codes);
      app.routeCache.clearAll();
    },
    async paths() {
      const all = (await new StaticPaths(app as never).getAll()) as { pathname: string; route: RouteData }[];
      const seen = new Set<string>();
      const out: (BuiltPath & { routeData: RouteData })[] = [];
      // The first route of a pathname wins, as in the build (generate.js builtPaths).
      for (const p of all) {
        const key = p.pathname.replace(/\/+$/, '');
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ pathname: p.pathname, route: p.route.route, routeData: p.route });
      }
      return out;
    },
    async render(p) {
      const { file, response } = await respond(p);
      return { file, body: Buffer.from(await response.arrayBuffer()) };
    },
    async renderTo(p, clientDir) {
      const { file, response } = await respond(p);
      const target = path.join(clientDir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const out = fs.openSync(target, 'w');
      try {
        if (response.body) for await (const block of response.body) fs.writeSync(out, block);
      } finally {
        fs.closeSync(out);
      }
      return file;
    },
  };
}
