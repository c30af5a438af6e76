import { describe, expect, it } from 'vitest';
import { forwardedClient, normaliseForwarding, parseTrustedProxies } from '../../../src/server/forwarded';

const trusted = (v: string) => {
  const r = parseTrustedProxies(v);
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('TRUSTED_PROXIES', () => {
  it('accepts addresses and CIDR ranges, IPv4 and IPv6', () => {
    const t = trusted(' 127.0.0.1, 10.0.0.0/8 ,::1, fd00::/8');
    expect(t.check('127.0.0.1', 'ipv4')).toBe(true);
    expect(t.check('10.20.30.40', 'ipv4')).toBe(true);
    expect(t.check('11.0.0.1', 'ipv4')).toBe(false);
    expect(t.check('::1', 'ipv6')).toBe(true);
    expect(t.check('fd12::5', 'ipv6')).toBe(true);
  });

  it('names the entry that is wrong', () => {
    expect(parseTrustedProxies('127.0.0.1, proxy.local')).toEqual({ error: '“proxy.local”不是 IP 地址或 CIDR 网段' });
    expect(parseTrustedProxies('10.0.0.0/33')).toEqual({ error: '“10.0.0.0/33”的前缀长度不正确' });
    expect(parseTrustedProxies('10.0.0.0/8/1')).toHaveProperty('error');
    expect(parseTrustedProxies('')).not.toHaveProperty('error');
  });
});

describe('the client behind a proxy', () => {
  const proxies = trusted('127.0.0.1, 10.0.0.0/8');

  it('believes X-Forwarded-For only from a trusted proxy', () => {
    expect(forwardedClient('127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('::ffff:127.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('198.51.100.9', '203.0.113.7', proxies)).toBeNull();
    expect(forwardedClient('127.0.0.1', '203.0.113.7', null)).toBeNull();
    expect(forwardedClient('127.0.0.1', undefined, proxies)).toBeNull();
  });

  it('reads from the right past trusted proxies, so a client cannot prepend an address of its choice', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it saw; an inner proxy appended its own.
    expect(forwardedClient('127.0.0.1', '1.2.3.4, 203.0.113.7, 10.1.1.1', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('127.0.0.1', ['1.2.3.4', '203.0.113.7'], proxies)).toBe('203.0.113.7');
    expect(forwardedClient('127.0.0.1', '2001:db8::7', proxies)).toBe('2001:db8::7');
    // Only proxies in the chain: the leftmost is as far as anyone vouches for.
    expect(forwardedClient('127.0.0.1', '10.0.0.5, 10.0.0.6', proxies)).toBe('10.0.0.5');
  });

  it('ignores a header holding something that is not an address', () => {
    expect(forwardedClient('127.0.0.1', 'unknown', proxies)).toBeNull();
    expect(forwardedClient('127.0.0.1', '203.0.113.7, <script>', proxies)).toBeNull();
  });

  it('hands Astro one address from a proxy, and strips every forwarding header from anyone else', () => {
    const fromProxy: Record<string, string | undefined> = {
      'x-forwarded-for': '1.2.3.4, 203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'xy.example.gov.cn',
    };
    normaliseForwarding(fromProxy, '127.0.0.1', proxies);
    expect(fromProxy).toEqual({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'xy.example.gov.cn' });

    const direct: Record<string, string | undefined> = { host: 'a', 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', forwarded: 'for=1.2.3.4' };
    normaliseForwarding(direct, '198.51.100.9', proxies);
    expect(direct).toEqual({ host: 'a' });

    const noProxiesConfigured: Record<string, string | undefined> = { 'x-forwarded-for': '203.0.113.7' };
    normaliseForwarding(noProxiesConfigured, '127.0.0.1', null);
    expect(noProxiesConfigured).toEqual({});

    const badHeader: Record<string, string | undefined> = { 'x-forwarded-for': 'unknown', 'x-forwarded-proto': 'https' };
    normaliseForwarding(badHeader, '127.0.0.1', proxies);
    expect(badHeader).toEqual({ 'x-forwarded-proto': 'https' });
  });
});
