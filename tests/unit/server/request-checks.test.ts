import { describe, it, expect } from 'vitest';
import { REPORT_BODY_LIMIT } from '../../../src/schemas/admin-rectifications';
import { bodyLimit, canonicalInstitutionTarget, decideRange, isValidHost, targetProblem } from '../../../src/server/request-checks';
import { supervisorArea } from '../../../src/server/admin-guard';

describe('decideRange (RFC 9110 §14)', () => {
  const size = 1000;
  it('serves one satisfiable byte range, clamping the end to the file', () => {
    expect(decideRange('bytes=0-9', size)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(decideRange('bytes=990-', size)).toEqual({ kind: 'partial', start: 990, end: 999 });
    expect(decideRange('bytes=0-99999999999999999999999', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(decideRange('bytes=-5', size)).toEqual({ kind: 'partial', start: 995, end: 999 });
    expect(decideRange('bytes=-5000', size)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(decideRange('Bytes=999-999', size)).toEqual({ kind: 'partial', start: 999, end: 999 });
  });
  it('answers 416 for ranges that start past the end and for an empty suffix', () => {
    for (const h of ['bytes=1000-', 'bytes=1000-2000', 'bytes=99999999999999999999999-', 'bytes=-0'])
      expect(decideRange(h, size), h).toEqual({ kind: 'unsatisfiable' });
  });
  it('ignores malformed, inverted, multiple and foreign-unit ranges (whole file)', () => {
    for (const h of ['bytes=5-1', 'bytes=abc', 'bytes=-', 'bytes=', 'bytes=0-1,3-4', 'pages=1-2', 'bytes=1.5-2', 'bytes=-1-2', 'bytes 0-1', undefined]) {
      expect(decideRange(h, size), String(h)).toEqual({ kind: 'full' });
    }
    expect(decideRange('bytes=0-1', 0)).toEqual({ kind: 'full' });
  });
});

describe('targetProblem', () => {
  it('refuses C0 controls and DEL, encoded, in the path and the query', () => {
    for (const t of [
      '/search/results?q=%00',
      '/complaints/new?q=%00',
      '/admin/audit?actor=a%00b',
      '/x?q=%0a',
      '/x?q=%1F',
      '/x?q=%7f',
      '/i/%00/rate',
      '/admin/complaints/..%09x',
      '/admin/points/%0D',
    ]) {
      expect(targetProblem(t), t).toMatch(/控制字符/);
    }
  });
  it('lets ordinary targets, a TAB in the query and double-encoded text through', () => {
    for (const t of [
      '/',
      '/search/results?q=%E5%8C%BB%E9%99%A2',
      '/search/results?q=a%09b',
      '/admin/complaints/%255c',
      '/x?q=%2500',
      '/x?q=%20%21%7e',
      '/x?a=1&b=%3F',
    ]) {
      expect(targetProblem(t), t).toBeNull();
    }
  });
});

describe('isValidHost', () => {
  it('accepts names, addresses and ports', () => {
    for (const h of ['127.0.0.1:4321', 'localhost', 'xinyong.qinghe.gov.cn', '[::1]:4321', '[2001:db8::1]', 'a', undefined])
      expect(isValidHost(h), String(h)).toBe(true);
  });
  it('refuses userinfo and anything the URL parser would read differently', () => {
    for (const h of ['127.0.0.1:4321@evil.example', 'user:pass@host', 'a b', 'evil.example/x', 'host:port', 'host:123456', '', 'host#x', '-host', '[::1'])
      expect(isValidHost(h), h).toBe(false);
  });
});

describe('canonicalInstitutionTarget', () => {
  it('upper-cases a code typed in lower or mixed case, keeping the rest and the query', () => {
    expect(canonicalInstitutionTarget('/i/jq3quhtd/')).toBe('/i/JQ3QUHTD/');
    expect(canonicalInstitutionTarget('/i/jq3quhtd/?v=3')).toBe('/i/JQ3QUHTD/?v=3');
    expect(canonicalInstitutionTarget('/i/Jq3QUHTD/poster')).toBe('/i/JQ3QUHTD/poster');
    expect(canonicalInstitutionTarget('/i/jq3quhtd')).toBe('/i/JQ3QUHTD');
  });
  it('leaves canonical codes, non-codes and other paths alone', () => {
    for (const t of ['/i/JQ3QUHTD/', '/i/ab-cd/', '/i/abcdefghijklmnop/', '/i/abc/', '/i/%e4%b8%ad/', '/lists/', '/i/', '/x/i/abcd/'])
      expect(canonicalInstitutionTarget(t), t).toBeNull();
  });
});

describe('bodyLimit', () => {
  it('gives the login form a few KB and each route a limit above its own', () => {
    expect(bodyLimit('/admin/login')).toBeLessThanOrEqual(8 * 1024);
    expect(bodyLimit('/admin/login/')).toBeLessThanOrEqual(8 * 1024);
    expect(bodyLimit('/admin/logout')).toBeLessThanOrEqual(8 * 1024);
    expect(bodyLimit('/api/complaints')).toBeGreaterThan(256 * 1024);
    expect(bodyLimit('/complaints/new')).toBeGreaterThan(3 * 5 * 1024 * 1024 + 256 * 1024);
    expect(bodyLimit('/admin/import')).toBe(50 * 1024 * 1024);
    expect(bodyLimit('/i/JQ3QUHTD/rate')).toBeGreaterThan(16 * 1024);
    expect(bodyLimit('/i/JQ3QUHTD/rate')).toBeLessThanOrEqual(64 * 1024);
    expect(bodyLimit('/lists/')).toBeLessThanOrEqual(64 * 1024);
    // A rectification report with its files: above the route's own limit, only on the record page.
    expect(bodyLimit('/admin/rectifications/12')).toBeGreaterThan(REPORT_BODY_LIMIT);
    expect(bodyLimit('/admin/rectifications/new')).toBe(1024 * 1024);
  });
  it('gives the institution portal its own limits: login, a report with its files, the text forms', () => {
    expect(bodyLimit('/portal/login')).toBe(8 * 1024);
    expect(bodyLimit('/portal/activate')).toBe(8 * 1024);
    expect(bodyLimit('/portal/submit/rectification-report')).toBeGreaterThan(REPORT_BODY_LIMIT);
    expect(bodyLimit('/portal/submit/staff-commitments')).toBe(256 * 1024);
  });
});

describe('supervisorArea', () => {
  it('is decided by the matched route as well as by the (normalised) URL', () => {
    // /api/admin/complaints/..%5c..%5c..%5cx: the URL normalises to /x, the route is the admin API.
    expect(supervisorArea('/x', '/api/admin/complaints/[id]')).toEqual({ admin: true, api: true, open: false });
    expect(supervisorArea('/x', '/admin/publish/preview/[...path]')).toEqual({ admin: true, api: false, open: false });
    expect(supervisorArea('/admin/complaints', '/admin/complaints')).toEqual({ admin: true, api: false, open: false });
    expect(supervisorArea('/i/ABCD/', '/i/[code]')).toEqual({ admin: false, api: false, open: false });
  });
  it('opens only the login route, not a URL that normalises to the login page', () => {
    expect(supervisorArea('/admin/login', '/admin/login').open).toBe(true);
    expect(supervisorArea('/admin/login/', '/admin/login').open).toBe(true);
    // /admin/complaints/..%5clogin: the URL says /admin/login, the route is a complaint.
    expect(supervisorArea('/admin/login', '/admin/complaints/[id]').open).toBe(false);
    // Without a route (called outside Astro), the URL decides as before.
    expect(supervisorArea('/admin/login').open).toBe(true);
    expect(supervisorArea('/api/admin/complaints')).toEqual({ admin: true, api: true, open: false });
  });
});
