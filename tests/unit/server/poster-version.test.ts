// Issue 17 item 18: the scanned poster's version is said at the top of the page without
// JavaScript, by the server filling in the marker the static page carries.
import { describe, expect, it } from 'vitest';
import { withPosterNotice } from '../../../src/server/poster-version';

const page = (version: number, level = '2026年度信用级别：合格（2026-11-02由优秀降级）') =>
  `<h1>某诊所</h1>\n  <p id="poster-check" class="warn" role="status" hidden data-version="${version}" data-level="${level.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}"></p>\n<p>rest</p>`;

describe('withPosterNotice', () => {
  it('shows the outdated warning for an older ?v=, visible and with the current level', () => {
    const html = withPosterNotice(page(3), '?v=1')!;
    const p = /<p id="poster-check"[^>]*>([^<]*)<\/p>/.exec(html)!;
    expect(p[0]).not.toMatch(/\shidden/);
    expect(p[0]).toContain('class="warn"');
    expect(p[0]).toContain('data-version="3"');
    expect(p[1]).toBe(
      '您扫描的公示栏为第1版，已不是现行版本（现行第3版），其上的信息可能已过时，请以本页为准。当前：2026年度信用级别：合格（2026-11-02由优秀降级）。',
    );
    expect(html.endsWith('<p>rest</p>')).toBe(true);
  });

  it('says the current poster is current, warns about an unknown version, and says nothing without ?v=', () => {
    expect(withPosterNotice(page(2), '?v=2')).toContain('class="note" role="status" data-version="2"');
    expect(withPosterNotice(page(2), '?v=9')).toContain('无法识别二维码中的公示栏版本号');
    expect(withPosterNotice(page(2), '?x=1')).toBeNull();
    expect(withPosterNotice('<p>no marker</p>', '?v=1')).toBeNull();
  });

  it('escapes what it writes (the level text comes from the page attribute)', () => {
    const html = withPosterNotice(page(2, '合格<script>"'), '?v=1')!;
    expect(html).toContain('当前：合格&lt;script&gt;&quot;。');
    expect(html).not.toContain('<script>');
  });
});

describe('servePosterVersion (the QR scan path)', () => {
  const serve = async (dir: string, url: string, headers: Record<string, string> = {}) => {
    const { servePosterVersion } = await import('../../../src/server/poster-version');
    const out: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
    const res = {
      writeHead: (status: number, h: Record<string, unknown>) => Object.assign(out, { status, headers: h }),
      end: (body?: Buffer) => Object.assign(out, { body }),
    };
    const handled = servePosterVersion({ method: 'GET', url, headers } as never, res as never, dir);
    return { handled, ...out };
  };

  it('reads and fills a page once per release and version, then answers a rescan with 304', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poster-version-'));
    const file = path.join(dir, 'client', 'i', 'ABCD2345', 'index.html');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, page(3));
    const first = await serve(dir, '/i/ABCD2345/?v=1');
    expect(first.handled).toBe(true);
    expect(first.status).toBe(200);
    expect(first.body?.toString()).toContain('现行第3版');
    // Served from memory: the file is no longer read.
    fs.rmSync(file);
    const again = await serve(dir, '/i/ABCD2345/?v=1');
    expect(again.body?.toString()).toBe(first.body?.toString());
    const etag = String(first.headers?.['ETag']);
    expect((await serve(dir, '/i/ABCD2345/?v=1', { 'if-none-match': etag })).status).toBe(304);
    // An unknown page falls through to the static files (the 404).
    expect((await serve(dir, '/i/ZZZZ9999/?v=1')).handled).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
