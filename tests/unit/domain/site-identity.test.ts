import { describe, expect, it } from 'vitest';
import {
  contactItems,
  elderCookie,
  elderModeHref,
  elderModeOn,
  ELDER_COOKIE_MAX_AGE,
  ICP_URL,
  identityItems,
  psbRecordCode,
  safeBack,
} from '../../../src/domain/site-identity';
import { SITE_SECTIONS } from '../../../src/domain/site-map';

// The acceptance check's values (issue 18): SITE_GOV_ID=4100000001 SITE_ICP='豫ICP备00000001号'
// SITE_PSB='豫公网安备41000002000001号'.
const FULL = {
  govId: '4100000001',
  icp: '豫ICP备00000001号',
  psb: '豫公网安备41000002000001号',
  sponsor: '青禾县卫生健康委员会',
  operator: '青禾县卫生健康综合监督执法局',
  contactPhone: '0371-1234 5678',
  contactAddress: '青禾县人民路1号',
  contactEmail: 'wjw@example.gov.cn',
};

describe('the footer identity (政府网站发展指引)', () => {
  it('lists every configured item in the usual order, the filings linked to their official sites', () => {
    expect(identityItems(FULL)).toEqual([
      { label: '主办单位', value: '青禾县卫生健康委员会' },
      { label: '承办单位', value: '青禾县卫生健康综合监督执法局' },
      { label: '网站标识码', value: '4100000001' },
      { label: 'ICP备案', value: '豫ICP备00000001号', href: ICP_URL },
      { label: '公安备案', value: '豫公网安备41000002000001号', href: 'http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=41000002000001' },
    ]);
  });

  it('leaves out what is not configured — no label without a value', () => {
    expect(identityItems({})).toEqual([]);
    expect(identityItems({ govId: '  ', icp: '', sponsor: undefined })).toEqual([]);
    expect(identityItems({ icp: '豫ICP备00000001号' }).map((i) => i.label)).toEqual(['ICP备案']);
  });

  it('shows a 公安备案 number without digits unlinked rather than with a broken link', () => {
    expect(psbRecordCode('豫公网安备41000002000001号')).toBe('41000002000001');
    expect(psbRecordCode('豫公网安备（待批）')).toBeNull();
    expect(identityItems({ psb: '豫公网安备（待批）' })).toEqual([{ label: '公安备案', value: '豫公网安备（待批）' }]);
  });

  it('links the contact phone (digits only) and e-mail; leaves out what is not set', () => {
    expect(contactItems(FULL)).toEqual([
      { label: '联系电话', value: '0371-1234 5678', href: 'tel:037112345678' },
      { label: '通信地址', value: '青禾县人民路1号' },
      { label: '电子邮箱', value: 'wjw@example.gov.cn', href: 'mailto:wjw@example.gov.cn' },
    ]);
    expect(contactItems({})).toEqual([]);
  });

  it('网站地图 names each page once', () => {
    const hrefs = SITE_SECTIONS.flatMap((s) => s.links.map((l) => l.href));
    expect(new Set(hrefs).size).toBe(hrefs.length);
    expect(hrefs).toEqual(expect.arrayContaining(['/lists/', '/search/', '/complaints/new', '/contact/']));
  });
});

describe('the elder mode switch (长辈模式)', () => {
  it('is a plain link that comes back to the page, query included', () => {
    expect(elderModeHref(true, '/i/AB12CD34/')).toBe('/elder-mode?on=1&back=%2Fi%2FAB12CD34%2F');
    expect(elderModeHref(false, '/complaints/new?i=AB12CD34')).toBe('/elder-mode?on=0&back=%2Fcomplaints%2Fnew%3Fi%3DAB12CD34');
  });

  it('never sends anyone to another site (no open redirect)', () => {
    for (const bad of [undefined, '', 'https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '/a\r\nSet-Cookie: x=1', '/a\\b']) {
      expect(safeBack(bad)).toBe('/');
    }
    expect(safeBack('/lists/2026/')).toBe('/lists/2026/');
  });

  it('percent-encodes what a Location header cannot carry (was a 500), and sends a lone surrogate home', () => {
    expect(safeBack('/中')).toBe('/%E4%B8%AD');
    expect(safeBack('/search/?q=诊所 名')).toBe('/search/?q=%E8%AF%8A%E6%89%80%20%E5%90%8D');
    expect(safeBack('/a%20b')).toBe('/a%20b');
    expect(safeBack('/\uD800')).toBe('/');
    expect(() => new Headers({ Location: safeBack('/中') })).not.toThrow();
  });

  it('reads the cookie exactly (elder=1), among others', () => {
    expect(elderModeOn('elder=1')).toBe(true);
    expect(elderModeOn('intake_csrf=abc; elder=1')).toBe(true);
    expect(elderModeOn('elder=0')).toBe(false);
    expect(elderModeOn('elder=')).toBe(false);
    expect(elderModeOn('notelder=1')).toBe(false);
    expect(elderModeOn(undefined)).toBe(false);
    expect(elderModeOn('')).toBe(false);
  });

  it('keeps the mode a year, site-wide; switching off removes the cookie; Secure over HTTPS', () => {
    expect(elderCookie(true, false)).toBe(`elder=1; Path=/; Max-Age=${ELDER_COOKIE_MAX_AGE}; SameSite=Lax`);
    expect(elderCookie(false, false)).toBe('elder=; Path=/; Max-Age=0; SameSite=Lax');
    expect(elderCookie(true, true)).toMatch(/; Secure$/);
  });
});
