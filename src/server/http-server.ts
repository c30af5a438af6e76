import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { securityHeaders } from './security-headers';
import { normaliseForwarding, parseTrustedProxies } from './forwarded';
import { config } from '../config';
import { currentRelease } from '../release/releases';
import { servePosterVersion } from './poster-version';

/**
 * The production HTTP server: static files of the current release (switched atomically by
 * publish), then the on-demand Astro routes. Stateless: run several behind a load balancer.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;
type AstroHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void) => Promise<void>;

/** Largest request body accepted, by path (the JSON API is small; forms may carry 3 photos). */
export function bodyLimit(pathname: string): number {
  if (pathname.startsWith('/api/')) return 1024 * 1024;
  if (pathname.startsWith('/admin/import')) return 50 * 1024 * 1024;
  return 16 * 1024 * 1024;
}

function cacheControl(pathname: string): string {
  // Hashed names: Astro's assets and Pagefind's fragments and index chunks (one index per 20,000
  // records: /pagefind/, /pagefind-2/, …).
  if (pathname.startsWith('/_astro/') || /^\/pagefind(-\d+)?\/(fragment|index)\//.test(pathname))
    return 'public, max-age=31536000, immutable';
  if (pathname.startsWith('/data/')) return 'public, max-age=3600';
  // HTML and everything unhashed: WeChat's browser caches hard, so always revalidate (ETag → 304).
  return 'public, no-cache';
}

export interface ServerHandle { server: http.Server; close(): Promise<void> }

export async function startHttpServer(host: string, port: number): Promise<ServerHandle> {
  // Checked when the configuration is read (src/config.ts).
  const trustedProxies = parseTrustedProxies(config.TRUSTED_PROXIES);
  const trusted = config.TRUSTED_PROXIES.trim() && !('error' in trustedProxies) ? trustedProxies : null;
  const first = currentRelease();
  if (!first) throw new Error('没有可用的站点版本：请先构建（npm run build）。');
  const entry = path.join(first, 'server', 'entry.mjs');
  const mod = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  const astro = mod.handler;

  let staticDir = '';
  let serveStatic: Handler = () => {};
  const statics = (): Handler => {
    const dir = currentRelease();
    if (dir && dir !== staticDir) {
      staticDir = dir;
      serveStatic = sirv(path.join(dir, 'client'), {
        dev: false,
        etag: true,
        gzip: true,
        extensions: ['html'],
        setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControl(pathname)),
      }) as Handler;
    }
    return serveStatic;
  };

  let notFound: { dir: string; html: Buffer | null } = { dir: '', html: null };
  const notFoundPage = (): Buffer | null => {
    const dir = currentRelease() ?? '';
    if (dir !== notFound.dir) {
      let html: Buffer | null = null;
      try { html = fs.readFileSync(path.join(dir, 'client', '404.html')); } catch { /* no 404 page built */ }
      notFound = { dir, html };
    }
    return notFound.html;
  };

  const server = http.createServer((req, res) => {
    for (const [k, v] of Object.entries(securityHeaders())) res.setHeader(k, v);
    normaliseForwarding(req.headers, req.socket.remoteAddress ?? '', trusted);
    const url = req.url ?? '/';
    const pathname = url.split('?')[0]!;
    // The supervisor area is never cached, even its 404s and Astro's own origin-check refusals.
    if (pathname === '/admin' || pathname.startsWith('/admin/') || pathname.startsWith('/api/admin/')) res.setHeader('Cache-Control', 'no-store');
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > bodyLimit(pathname)) {
      res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
      res.end(JSON.stringify({ error: '提交的内容过大。', maxBytes: bodyLimit(pathname) }));
      req.resume();
      return;
    }
    const toAstro = () => {
      astro(req, res, (err) => {
        if (res.headersSent) return void res.end();
        if (err) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          return void res.end('服务器内部错误');
        }
        // No route: the release's own 404 page (in Chinese, with search), status 404.
        const page = pathname.startsWith('/api/') ? null : notFoundPage();
        res.writeHead(404, { 'Content-Type': page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : (page ?? '页面不存在'));
        return;
      }).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      });
    };
    if (servePosterVersion(req, res, currentRelease())) return; // a scanned poster's ?v= without JavaScript
    if (req.method === 'GET' || req.method === 'HEAD') statics()(req, res, toAstro);
    else toAstro();
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new Error(`端口 ${port} 已被占用：请关闭占用它的程序，或设置 PORT 为其他端口。`));
      else if (e.code === 'EACCES') reject(new Error(`没有权限监听 ${host}:${port}：请使用 1024 以上的端口。`));
      else reject(e);
    });
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
