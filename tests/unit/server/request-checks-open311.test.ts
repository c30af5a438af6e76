import { describe, expect, it } from 'vitest';
import { markKeyAuthenticatedPost } from '../../../src/server/request-checks';

describe('markKeyAuthenticatedPost (Open311 form POSTs from other systems)', () => {
  it('marks the Open311 POST as coming from this site and drops its cookies', () => {
    const h: Record<string, string | string[] | undefined> = {
      host: 'xinyong.example.cn',
      cookie: '__Host-admin=abc',
      'content-type': 'application/x-www-form-urlencoded',
    };
    markKeyAuthenticatedPost('POST', '/open311/v2/requests.json', h, false);
    expect(h).toMatchObject({ origin: 'http://xinyong.example.cn' });
    expect(h['cookie']).toBeUndefined();
  });

  it('behind a trusted proxy, the forwarded protocol and host (first value) are this site', () => {
    const h: Record<string, string | string[] | undefined> = {
      host: '127.0.0.1:4321',
      'x-forwarded-proto': 'https, http',
      'x-forwarded-host': 'xinyong.example.cn',
    };
    markKeyAuthenticatedPost('POST', '/open311/v2/requests.json', h, false);
    expect(h['origin']).toBe('https://xinyong.example.cn');
    const tls: Record<string, string | string[] | undefined> = { host: 'a.example.cn' };
    markKeyAuthenticatedPost('POST', '/open311/v2/requests.json', tls, true);
    expect(tls['origin']).toBe('https://a.example.cn');
  });

  it('leaves every other route and method alone (the forms keep Astro’s origin check)', () => {
    for (const [method, path] of [
      ['POST', '/complaints/new'],
      ['POST', '/admin/exports'],
      ['GET', '/open311/v2/requests.json'],
      ['POST', '/open311/v2/requests.json/'],
    ] as const) {
      const h: Record<string, string | string[] | undefined> = { host: 'a.example.cn', cookie: 'x=1', origin: 'https://evil.example' };
      markKeyAuthenticatedPost(method, path, h, false);
      expect(h).toEqual({ host: 'a.example.cn', cookie: 'x=1', origin: 'https://evil.example' });
    }
    const noHost: Record<string, string | string[] | undefined> = {};
    markKeyAuthenticatedPost('POST', '/open311/v2/requests.json', noHost, false);
    expect(noHost['origin']).toBeUndefined();
  });
});
