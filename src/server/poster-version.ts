import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type http from 'node:http';
import { checkPosterVersion, posterCheckMessage } from '../domain/poster';
import { releaseFile } from '../release/releases';

/**
 * The "this poster is outdated" sentence at the top of a disclosure page, without JavaScript.
 *
 * The printed QR code encodes `/i/{code}/?v=N` (a contract: posters hang in clinics for years),
 * and the page itself is static, so only a script could read `?v=`. WeChat with scripts off,
 * old phones and text browsers then showed nothing, while an outdated poster is exactly what a
 * citizen must be told about. Chosen: when such a URL is requested, the server reads the built
 * page of the current release and fills in the marker the page already carries
 * (`<p id="poster-check" hidden data-version data-level>`): the sentence is computed by the same
 * domain function the page's script uses, from the version and level the page was built with, so
 * the two can never disagree and no database is touched. Pre-rendering a variant per version was
 * rejected: it multiplies 100,000 pages, and a scan can carry any number. Without `?v=` nothing
 * changes (sirv serves the static file, precompressed, with its ETag).
 */

const PAGE = /^\/i\/([0-9A-Z]{4,12})\/$/;
// Attribute values may hold '>' (quoted), so the tag is read value by value.
const MARKER = /<p id="poster-check"((?:[^>"]|"[^"]*")*)><\/p>/;

const decode = (s: string) =>
  s.replace(/&(quot|amp|lt|gt|#39|#x27);/g, (_, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'", '#x27': "'" })[e] ?? '');
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function attribute(attrs: string, name: string): string | null {
  const [, value] = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs) ?? [];
  return value === undefined ? null : decode(value);
}

/** The page's HTML with the poster sentence shown, or null when there is nothing to say. */
export function withPosterNotice(html: string, search: string): string | null {
  const m = MARKER.exec(html);
  if (!m) return null;
  const attrs = m[1] ?? '';
  const current = Number(attribute(attrs, 'data-version'));
  if (!Number.isSafeInteger(current) || current < 1) return null;
  const message = posterCheckMessage(checkPosterVersion(search, current), attribute(attrs, 'data-level') ?? '');
  if (!message) return null;
  const kept = attrs.replace(/\sclass="[^"]*"/, '').replace(/\shidden(="[^"]*")?(?=\s|$)/, '');
  const shown = `<p id="poster-check" class="${message.tone === 'ok' ? 'note' : 'warn'}"${kept}>${escape(message.text)}</p>`;
  return html.slice(0, m.index) + shown + html.slice(m.index + m[0].length);
}

interface Variant {
  body: string;
  gzip: Buffer;
  etag: string;
}

/**
 * Every scan of a printed poster carries `?v=`, so this is the QR code's hot path: each page and
 * version is read, filled in and gzipped once per release, then answered from memory with an
 * ETag (a rescan in WeChat gets a 304), like the static files. Bounded: a scan can carry any
 * number, and a province has 100,000 pages.
 */
const MAX_VARIANTS = 5_000;
let variants = { releaseDir: '', map: new Map<string, Variant | null>() };

function variantOf(releaseDir: string, code: string, search: string): Variant | null {
  if (variants.releaseDir !== releaseDir) variants = { releaseDir, map: new Map() };
  const key = `${code}?${new URLSearchParams(search).get('v') ?? ''}`;
  const cached = variants.map.get(key);
  if (cached !== undefined) return cached;
  let variant: Variant | null = null;
  try {
    const shown = withPosterNotice(fs.readFileSync(releaseFile(releaseDir, path.join('i', code, 'index.html')), 'utf8'), search);
    if (shown !== null) {
      variant = { body: shown, gzip: zlib.gzipSync(shown), etag: `"pv-${crypto.createHash('sha1').update(shown).digest('base64url').slice(0, 20)}"` };
    }
  } catch {
    variant = null; // no such institution: the ordinary 404
  }
  if (variants.map.size >= MAX_VARIANTS) variants.map.clear();
  variants.map.set(key, variant);
  return variant;
}

/**
 * For GET/HEAD `/i/{code}/?…v=…` of a built page: answers with the sentence filled in and returns
 * true; otherwise returns false and the request goes on to the static files.
 */
export function servePosterVersion(req: http.IncomingMessage, res: http.ServerResponse, releaseDir: string | null): boolean {
  if (!releaseDir || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  if (q < 0) return false;
  const [, code] = PAGE.exec(url.slice(0, q)) ?? [];
  const search = url.slice(q);
  if (code === undefined || !new URLSearchParams(search).has('v')) return false;
  const variant = variantOf(releaseDir, code, search);
  if (variant === null) return false;
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    // Like every page: revalidate, since a publish can change the current version.
    'Cache-Control': 'public, no-cache',
    Vary: 'Accept-Encoding',
    ETag: variant.etag,
  };
  if (req.headers['if-none-match'] === variant.etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = gzip ? variant.gzip : Buffer.from(variant.body);
  res.writeHead(200, { ...headers, 'Content-Length': body.length, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
