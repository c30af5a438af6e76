import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { elderModeOn, MODE_STYLESHEET } from '../domain/site-identity';
import { releaseFile } from '../release/releases';

/**
 * /mode.css — the one URL whose answer depends on the visitor: the elder stylesheet
 * (client/_mode/elder.css, from public/_mode/) when the `elder` cookie is set, else an empty one
 * (client/_mode/normal.css). Every public page links it, so the pages themselves stay static,
 * identical for everyone and cached as before; only this small answer varies (`Vary: Cookie`,
 * `private`: no shared cache keeps one visitor's mode for another; `no-cache` + ETag: a 304 on
 * every page after the first). Why not a path prefix or rewriting the HTML: docs/security.md,
 * 适老化与网站标识. nginx serving the statics itself does the same with a `map $cookie_elder`.
 */

interface Sheet {
  body: Buffer;
  etag: string;
}

const cache = new Map<string, Sheet>();

function sheet(release: string, elder: boolean): Sheet {
  const file = releaseFile(release, path.join('_mode', elder ? 'elder.css' : 'normal.css'));
  let s = cache.get(file);
  if (!s) {
    const body = fs.readFileSync(file);
    s = { body, etag: `W/"${elder ? 'elder' : 'normal'}-${crypto.createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
    if (cache.size > 16) cache.clear(); // old releases
    cache.set(file, s);
  }
  return s;
}

/** Answers /mode.css; false for every other request (or when no release is built). */
export function serveModeStylesheet(req: http.IncomingMessage, res: http.ServerResponse, release: string | null): boolean {
  const [pathname] = (req.url ?? '').split('?');
  if (pathname !== MODE_STYLESHEET || release === null) return false;
  const s = sheet(release, elderModeOn(req.headers.cookie));
  const headers = { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'private, no-cache', Vary: 'Cookie', ETag: s.etag };
  if (req.headers['if-none-match'] === s.etag) {
    res.writeHead(304, headers);
    res.end();
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': String(s.body.length) });
    res.end(req.method === 'HEAD' ? undefined : s.body);
  }
  return true;
}
