// @ts-check
import process from 'node:process';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { keepRenderer } from './src/release/renderer-integration.ts';

/**
 * The public site's own domain, from PUBLIC_URL (src/release/releases.ts passes it to the build).
 * Behind a reverse proxy, Astro then believes the proxy's Host and X-Forwarded-Proto for that
 * host only — so a form posted from https://… passes Astro's origin check although the proxy
 * talks plain HTTP to us — and takes the client's address from X-Forwarded-For. The HTTP server
 * (src/server/forwarded.ts) strips those headers from anyone but TRUSTED_PROXIES first.
 */
function siteDomains() {
  const url = process.env.PUBLIC_URL ? URL.parse(process.env.PUBLIC_URL) : null;
  if (!url) return [];
  // Any protocol for the hop from the proxy (plain HTTP), and the public one for X-Forwarded-Proto.
  return [{ hostname: url.hostname }, { hostname: url.hostname, protocol: url.protocol.replace(':', '') }];
}

// Static by default; routes with `export const prerender = false` run on demand in the Node
// server (scripts/start.ts → src/server/http-server.ts), which also serves the static release.
export default defineConfig({
  output: 'static',
  // The adapter's own cap on a request body (default 1 GiB), as a second net: the HTTP server
  // already cuts every body off at its route's limit (bodyLimit in src/server/request-checks.ts),
  // the largest of which is the 50 MB import upload.
  adapter: node({ mode: 'middleware', bodySizeLimit: 50 * 1024 * 1024 }),
  // keepRenderer: the prerender bundle stays with the release for incremental publishing (docs/scale.md).
  integrations: [preact(), keepRenderer()],
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
  security: { allowedDomains: siteDomains() },
});
