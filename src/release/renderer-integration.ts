import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * Keeps the build's own prerender bundle next to the release, so that an incremental publish can
 * render a few pages with exactly the code of the full build (docs/scale.md, "Incremental
 * publishing"). Astro imports `<server>/.prerender/prerender-entry.<hash>.mjs`, hands its `app`
 * the build's internals and options, renders every path, then deletes `.prerender/`. We wrap the
 * default prerenderer: before its setup we import the same module (the ES module cache gives the
 * same `app`) and record what rendering needs from internals/options; at teardown we write that
 * record and move `.prerender/` to `<release>/renderer/` before Astro deletes it.
 */

/** What rendering needs from the build's internals and options (core/build/environment.js headElements). */
export interface RendererCapture {
  entry: string;
  /** pagesByKeys: key → the page's stylesheets. */
  pages: [string, { styles: unknown[] }][];
  entrySpecifierToBundleMap: [string, string][];
  scripts: { stage: string; content: string }[];
  /** The origin of the URLs the build renders (Astro.url). */
  origin: string;
}

/** One static path of a build and its route pattern (e.g. `/i/[code]`), written as release-paths.json. */
export interface BuiltPath {
  pathname: string;
  route: string;
}

export const RENDERER_DIR = 'renderer';
export const CAPTURE_FILE = 'capture.json';
export const PATHS_FILE = 'release-paths.json';

interface BuildInternals {
  prerenderEntryFileName?: string;
  pagesByKeys: Map<string, { styles: unknown[] }>;
  entrySpecifierToBundleMap: Map<string, string>;
}
interface BuildOptions {
  origin: string;
  settings: { scripts: { stage: string; content: string }[] };
}
interface BuildAppLike {
  setInternals(i: BuildInternals): void;
  setOptions(o: BuildOptions): void;
}
interface Prerenderer {
  setup?(): Promise<void>;
  getStaticPaths(): Promise<{ pathname: string; route: { route: string } }[]>;
  teardown?(): Promise<void>;
  [k: string]: unknown;
}

export function keepRenderer(): AstroIntegration {
  let serverDir = '';
  let outDir = '';
  let install: ((p: never) => void) | null = null;
  return {
    name: 'platform:keep-renderer',
    hooks: {
      'astro:config:done': ({ config }) => {
        serverDir = fileURLToPath(config.build.server);
        outDir = fileURLToPath(config.outDir);
      },
      // Kept now, called in astro:build:setup: a prerenderer set at build:start makes Astro drop its
      // own prerender entry from the bundle (core/build/vite-build-config.js, "adapter provides one").
      'astro:build:start': ({ setPrerenderer }) => {
        install = setPrerenderer;
      },
      'astro:build:setup': () => {
        install?.(((defaults: Prerenderer): Prerenderer => {
          let internals: BuildInternals | null = null;
          let options: BuildOptions | null = null;
          let paths: BuiltPath[] = [];
          const prerenderDir = path.join(serverDir, '.prerender');
          return {
            ...defaults,
            name: 'platform:keep-renderer',
            async setup() {
              const entry = fs.readdirSync(prerenderDir).find((f) => /^prerender-entry\..*\.mjs$/.test(f));
              if (entry) {
                const mod = (await import(pathToFileURL(path.join(prerenderDir, entry)).href)) as { app: BuildAppLike };
                const app = mod.app;
                const setInternals = app.setInternals.bind(app);
                const setOptions = app.setOptions.bind(app);
                app.setInternals = (i) => {
                  internals = i;
                  setInternals(i);
                };
                app.setOptions = (o) => {
                  options = o;
                  setOptions(o);
                };
              }
              await defaults.setup?.();
            },
            async getStaticPaths() {
              const all = await defaults.getStaticPaths();
              paths = all.map((p) => ({ pathname: p.pathname, route: p.route.route }));
              return all;
            },
            async teardown() {
              await defaults.teardown?.();
              if (!internals?.prerenderEntryFileName || !options) return;
              const capture: RendererCapture = {
                entry: internals.prerenderEntryFileName,
                pages: [...internals.pagesByKeys].map(([k, v]) => [k, { styles: v.styles }]),
                entrySpecifierToBundleMap: [...internals.entrySpecifierToBundleMap],
                scripts: options.settings.scripts.map((s) => ({ stage: s.stage, content: s.content })),
                origin: options.origin,
              };
              const target = path.join(outDir, RENDERER_DIR);
              fs.rmSync(target, { recursive: true, force: true });
              // Copied, not moved: Astro still moves assets out of .prerender/ after generation.
              fs.cpSync(prerenderDir, target, { recursive: true });
              fs.writeFileSync(path.join(target, CAPTURE_FILE), JSON.stringify(capture));
              fs.writeFileSync(path.join(outDir, PATHS_FILE), JSON.stringify(paths));
            },
          };
        }) as never);
      },
    },
  };
}
