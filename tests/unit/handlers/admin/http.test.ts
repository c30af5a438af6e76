import { describe, expect, it } from 'vitest';
import { safeNext, withQuery, pageCount } from '../../../../src/handlers/admin/http';

describe('after login, only a path inside the supervisor area', () => {
  it('keeps admin paths with their query', () => {
    expect(safeNext('/admin/complaints?status=%E5%BE%85')).toBe('/admin/complaints?status=%E5%BE%85');
    expect(safeNext('/admin')).toBe('/admin');
  });
  it('percent-encodes what is not ASCII, so the Location header can carry it (issue 17 item 9)', () => {
    expect(safeNext('/admin/投诉')).toBe('/admin/%E6%8A%95%E8%AF%89');
    expect(safeNext('/admin/complaints?status=待受理')).toBe('/admin/complaints?status=%E5%BE%85%E5%8F%97%E7%90%86');
    for (const next of ['/admin/投诉', '/admin/complaints?status=待受理#x', '/admin/😀?q=é']) {
      expect(() => new Headers({ Location: safeNext(next) }), next).not.toThrow();
    }
  });
  it('resolves dot segments before checking the area', () => {
    for (const bad of ['/admin/../i/ABC/', '/admin/%2e%2e/lists/', '/admin/./login', '/admin/\u0000', '/admin/\u200b', '/admin/' + 'x'.repeat(2001)]) {
      expect(safeNext(bad), bad).toBe('/admin/');
    }
  });
  it('refuses everything else', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'https://evil.example/admin/',
      '//evil.example/admin/',
      '/administrator',
      '/admin\\..\\x',
      '/admin/login?next=/admin/',
      '/i/ABC/',
      '/admin/\nSet-Cookie: x',
    ]) {
      expect(safeNext(bad), String(bad)).toBe('/admin/');
    }
  });
});

describe('links of the table', () => {
  it('replace or remove query parameters', () => {
    const url = new URL('http://x/admin/complaints?status=%E5%BE%85%E5%8F%97%E7%90%86&page=3');
    expect(withQuery(url, { page: 4 })).toBe('/admin/complaints?status=%E5%BE%85%E5%8F%97%E7%90%86&page=4');
    expect(withQuery(url, { page: undefined, status: undefined })).toBe('/admin/complaints');
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(101, 50)).toBe(3);
  });
});
