// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import preact from '@astrojs/preact';

// Static by default; routes with `export const prerender = false` run on demand in the Node
// server (scripts/start.ts → src/server/http-server.ts), which also serves the static release.
export default defineConfig({
  output: 'static',
  adapter: node({ mode: 'middleware' }),
  integrations: [preact()],
  trailingSlash: 'ignore',
  build: {
    format: 'directory',
    // One small shared stylesheet file, cached by the browser across pages (WeChat revisits).
    inlineStylesheets: 'never',
    // Render the next pages while the previous ones are written: builds of 100,000 pages wait on disk.
    concurrency: 3,
    assets: '_astro',
  },
  // Never inline scripts: the CSP has no 'unsafe-inline'.
  vite: { build: { assetsInlineLimit: 0 } },
  devToolbar: { enabled: false },
});
