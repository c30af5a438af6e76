import { describe, expect, it } from 'vitest';
import { checkPosterVersion, posterCheckMessage, posterQrUrl } from '../../../src/domain/poster';

describe('poster version', () => {
  it('encodes the page and the version in the QR URL', () => {
    expect(posterQrUrl('https://xy.example.gov.cn/', 'AB23CD45', 3)).toBe('https://xy.example.gov.cn/i/AB23CD45/?v=3');
  });

  it('tells a current, an outdated and an unknown poster apart', () => {
    expect(checkPosterVersion('', 3)).toEqual({ kind: 'absent' });
    expect(checkPosterVersion('?v=3', 3)).toEqual({ kind: 'current', version: 3 });
    expect(checkPosterVersion('?x=1&v=2', 3)).toEqual({ kind: 'outdated', scanned: 2, current: 3 });
    for (const bad of ['?v=', '?v=abc', '?v=0', '?v=-1', '?v=2.5', '?v=4', '?v=1&v=3', '?v=%3Cscript%3E', '?v=99999999']) {
      expect(checkPosterVersion(bad, 3)).toEqual({ kind: 'invalid', current: 3 });
    }
  });

  it('never lets a poster from before a downgrade look current', () => {
    const m = posterCheckMessage(checkPosterVersion('?v=1', 2), '2026年度信用级别：合格（2026-11-15由优秀降级）');
    expect(m?.tone).toBe('warn');
    expect(m?.text).toContain('已不是现行版本');
    expect(m?.text).toContain('由优秀降级');
    expect(posterCheckMessage(checkPosterVersion('?v=2', 2), '')?.tone).toBe('ok');
    expect(posterCheckMessage(checkPosterVersion('', 2), '')).toBeNull();
    expect(posterCheckMessage(checkPosterVersion('?v=x', 2), '')?.text).toContain('无法识别');
  });
});
