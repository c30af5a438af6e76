import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { securityHeaders } from './security-headers';
import { normaliseForwarding, parseTrustedProxies } from './forwarded';
import { config } from '../config';
import { clientDirs, currentRelease, releaseFile } from '../release/releases';
import {
  ALLOWED_METHODS,
  KNOWN_METHODS,
  bodyLimit,
  canonicalInstitutionTarget,
  decideRange,
  isValidHost,
  markKeyAuthenticatedPost,
  targetProblem,
} from './request-checks';
import { withinLimit } from './body-limit';
import { servePosterVersion } from './poster-version';
import { cacheControl } from './cache-control';
import { serveModeStylesheet } from './mode-stylesheet';

/**
 * The production HTTP server: static files of the current release (switched atomically by
 * publish), then the on-demand Astro routes. Stateless: run several behind a load balancer.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;
type AstroHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void) => Promise<void>;

/** How long a closed-down connection keeps reading (and dropping) what the client still sends. */
const LINGER_MS = 5_000;

/** A short refusal from the server itself: JSON under /api/, a small Chinese page elsewhere. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const api = (req.url ?? '').startsWith('/api/');
  const body = api
    ? JSON.stringify({ error: message })
    : `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>无法处理该请求</title></head><body><main><h1>无法处理该请求</h1><p>${message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p><p><a href="/">返回首页</a></p></main></body></html>`;
  res.writeHead(status, {
    'Content-Type': api ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Answers written before the request body has been read to the end (a 413, a 401 or 403 that
 * never looked at the body) close the connection: otherwise the unread rest of the body is
 * taken as the next request on the keep-alive connection, or — when a route stopped reading
 * half-way — the connection just hangs. Node ends and destroys the socket after a
 * `Connection: close` answer; destroying it while the client is still sending makes the kernel
 * reset the connection, which can wipe the answer from the client's buffer before it is read
 * ("lingering close"). So the rest is read and dropped for at most LINGER_MS, then it is closed.
 */
function closeWhenAnsweredEarly(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res);
  let early = false;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete && hasBody(req) && !this.headersSent) {
      early = true;
      this.setHeader('Connection', 'close');
    }
    return writeHead.apply(this, args);
  } as typeof writeHead;
  res.once('finish', () => {
    if (!early) return;
    const socket = req.socket;
    // Node's own finish handler ran first (socket.destroySoon(): end, then destroy once written).
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the very listener Node added, passed to be removed, never called
    socket.removeListener('finish', socket.destroy);
    const close = () => {
      socket.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
    });
    req.once('end', close);
    req.once('error', close);
    req.resume();
  });
}

/**
 * The body as Astro reads it (@astrojs/node takes `req.body` when it is an async iterable),
 * counted as it streams: past `limit` the server answers 413 itself and closes the connection,
 * so neither a declared nor a chunked body can make a route buffer more than its limit.
 */
function countBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  // The lingering close (closeWhenAnsweredEarly) ends the connection once the 413 is sent.
  const it = req[Symbol.asyncIterator]() as AsyncIterator<Buffer, undefined>;
  (req as http.IncomingMessage & { body?: unknown }).body = withinLimit(
    () => it.next(),
    limit,
    async () => {
      if (!res.headersSent) refuse(req, res, 413, '提交的内容过大。', {});
      // The route learns about it once the connection is gone; its own answer then goes nowhere.
      if (!req.socket.destroyed) await new Promise((r) => req.socket.once('close', r));
    },
  );
}

/**
 * Rewrites the Range header for sirv, which knows the file's size only when it has picked the
 * file: it calls this (from `setHeaders`) just before it sends. sirv itself passes whatever it
 * parsed to fs.createReadStream, and `bytes=5-1` or a 25-digit position makes that throw
 * outside any handler, which used to end the process.
 */
function settleRange(req: http.IncomingMessage, size: number): void {
  if (req.headers.range === undefined) return;
  // Range is defined for GET only; If-Range would need a strong validator (ours are weak).
  const d = req.method === 'GET' && req.headers['if-range'] === undefined ? decideRange(req.headers.range, size) : { kind: 'full' as const };
  if (d.kind === 'unsatisfiable')
    req.headers.range = `bytes=${size}-`; // sirv: 416, Content-Range: bytes */size
  // sirv reads an end of 0 as "to the end"; the whole file for the first byte only is fine too.
  else if (d.kind === 'partial' && d.end > 0) req.headers.range = `bytes=${d.start}-${d.end}`;
  else delete req.headers.range;
}

export interface ServerHandle {
  server: http.Server;
  close(): Promise<void>;
}

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
  const layerCache = new Map<string, Handler>();
  const statics = (): Handler => {
    const dir = currentRelease();
    if (dir && dir !== staticDir) {
      staticDir = dir;
      // An incremental release: its own files first, then its base's (src/release/incremental.ts).
      // sirv lists a folder once when created: the base's listing is kept across incremental releases.
      const layers = clientDirs(dir).map((client) => {
        const real = fs.realpathSync(client);
        let layer = layerCache.get(real);
        if (!layer) {
          if (layerCache.size >= 4) layerCache.clear();
          // The real folder, not the path through this release's `base` link: the layer outlives
          // this release (pruned later) while its base stays.
          layer = sirv(real, {
            dev: false,
            etag: true,
            gzip: true,
            extensions: ['html'],
            setHeaders: (res, pathname, stats) => {
              res.setHeader('Cache-Control', cacheControl(pathname));
              settleRange(res.req, stats.size);
            },
          });
          layerCache.set(real, layer);
        }
        return layer;
      });
      serveStatic = layers.reduceRight<Handler>(
        (next, layer) => (req, res, fallback) => {
          layer(req, res, () => {
            next(req, res, fallback);
          });
        },
        (_req, _res, fallback) => fallback?.(),
      );
    }
    return serveStatic;
  };

  let notFound: { dir: string; html: Buffer | null } = { dir: '', html: null };
  const notFoundPage = (): Buffer | null => {
    const dir = currentRelease() ?? '';
    if (dir !== notFound.dir) {
      let html: Buffer | null = null;
      try {
        html = fs.readFileSync(releaseFile(dir, '404.html'));
      } catch {
        /* no 404 page built */
      }
      notFound = { dir, html };
    }
    return notFound.html;
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    for (const [k, v] of Object.entries(securityHeaders())) res.setHeader(k, v);
    normaliseForwarding(req.headers, req.socket.remoteAddress ?? '', trusted);
    closeWhenAnsweredEarly(req, res);
    const url = req.url ?? '/';
    const [pathname = ''] = url.split('?');
    const adminArea = pathname === '/admin' || pathname.startsWith('/admin/') || pathname.startsWith('/api/admin/') || pathname.startsWith('/portal/');
    // The supervisor area is never cached, even its 404s and Astro's own origin-check refusals.
    if (adminArea) res.setHeader('Cache-Control', 'no-store');
    const method = req.method ?? 'GET';
    if (!KNOWN_METHODS.has(method)) {
      refuse(req, res, 405, `不支持 ${method} 请求。`, { Allow: ALLOWED_METHODS });
      return;
    }
    if (!isValidHost(req.headers.host)) {
      refuse(req, res, 400, '请求的主机名（Host）格式不正确。');
      return;
    }
    const problem = targetProblem(url);
    if (problem) {
      refuse(req, res, 400, problem);
      return;
    }
    const limit = bodyLimit(pathname);
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      refuse(req, res, 413, `提交的内容过大（上限 ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}）。`);
      return;
    }
    markKeyAuthenticatedPost(method, pathname, req.headers, 'encrypted' in req.socket && req.socket.encrypted === true);
    const toAstro = () => {
      if (method !== 'GET' && method !== 'HEAD') countBody(req, res, limit);
      astro(req, res, (err) => {
        if (res.headersSent) return void res.end();
        if (err) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          return void res.end('服务器内部错误');
        }
        // No route: the release's own 404 page (in Chinese, with search), status 404.
        const page = pathname.startsWith('/api/') ? null : notFoundPage();
        res.writeHead(404, {
          'Content-Type': page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
          'Cache-Control': adminArea ? 'no-store' : 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : (page ?? '页面不存在'));
        return;
      }).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('服务器内部错误');
      });
    };
    if (method === 'GET' || method === 'HEAD') {
      const canonical = canonicalInstitutionTarget(url);
      if (canonical) {
        res.writeHead(301, { Location: canonical, 'Cache-Control': 'public, max-age=86400' });
        return void res.end();
      }
      if (servePosterVersion(req, res, currentRelease())) return; // a scanned poster's ?v= without JavaScript
      if (serveModeStylesheet(req, res, currentRelease())) return; // 长辈模式: the stylesheet depends on the cookie
      statics()(req, res, toAstro);
    } else toAstro();
  };

  const server = http.createServer((req, res) => {
    // sirv pipes a file stream into the response without an 'error' listener: a file that
    // disappears (an old release removed mid-request) would otherwise throw from the stream.
    res.on('pipe', (source: NodeJS.ReadableStream) => source.on('error', () => res.destroy()));
    // The static path is synchronous (sirv): an exception there must cost this request, never
    // the process. The Astro path is a promise with its own catch above. No process-wide
    // 'uncaughtException' handler: after an unknown exception the process state is unknown, and
    // the process supervisor (deploy/credit-platform.service, Restart=always) restarts it.
    try {
      handle(req, res);
    } catch (e) {
      console.error('请求处理出错：', req.method, req.url, e);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('服务器内部错误');
      } else res.destroy();
    }
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
    server.listen(port, host, () => {
      resolve();
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          r();
        });
        server.closeAllConnections();
      }),
  };
}
