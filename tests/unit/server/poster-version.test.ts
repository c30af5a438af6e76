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
