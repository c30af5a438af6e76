import net from 'node:net';

/**
 * Who is the client, behind a reverse proxy. The per-address limits of the intake and the
 * supervisor login need the citizen's address, not the proxy's: without this, everyone behind
 * nginx would share one bucket of 20 complaints a minute.
 *
 * Only the proxies named in TRUSTED_PROXIES are believed. From any other peer the forwarding
 * headers are removed, so a client talking to the server directly cannot choose its own address.
 * From a trusted proxy, X-Forwarded-For is read from the right (each proxy appends the address it
 * saw) past every trusted proxy; the first address that is not one is the client, and Astro is
 * handed that single address (it reads the header's first value as `clientAddress`).
 */

export const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded'] as const;

/** TRUSTED_PROXIES, e.g. "127.0.0.1, 10.0.0.0/8, ::1": addresses and CIDR ranges, v4 or v6. */
export function parseTrustedProxies(value: string): net.BlockList | { error: string } {
  const list = new net.BlockList();
  for (const raw of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = '', prefix, ...rest] = raw.split('/');
    const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
    if (!type || rest.length > 0) return { error: `“${raw}”不是 IP 地址或 CIDR 网段` };
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (type === 'ipv4' ? 32 : 128)) return { error: `“${raw}”的前缀长度不正确` };
    list.addSubnet(address, bits, type);
  }
  return list;
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) → "127.0.0.1". */
function plain(address: string): string {
  const a = address.trim();
  return a.startsWith('::ffff:') && net.isIPv4(a.slice(7)) ? a.slice(7) : a;
}

function isTrusted(address: string, trusted: net.BlockList): boolean {
  const a = plain(address);
  const type = net.isIPv4(a) ? 'ipv4' : net.isIPv6(a) ? 'ipv6' : null;
  return type !== null && trusted.check(a, type);
}

/**
 * The client's address for a request from `peer` carrying `forwardedFor` (X-Forwarded-For,
 * possibly several headers joined by commas), or null when the forwarding headers must be
 * ignored (the peer is not a trusted proxy, or the header holds no valid address).
 */
export function forwardedClient(peer: string, forwardedFor: string | string[] | undefined, trusted: net.BlockList | null): string | null {
  if (!trusted || !isTrusted(peer, trusted) || forwardedFor === undefined) return null;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(plain);
  for (const hop of [...hops].reverse()) {
    if (!net.isIP(hop)) return null;
    if (!isTrusted(hop, trusted)) return hop;
  }
  // Every hop is a trusted proxy: the leftmost is as far as anyone vouches for.
  return hops[0] ?? null;
}

/**
 * Rewrites the request's forwarding headers in place before Astro sees them: from a trusted proxy
 * X-Forwarded-For becomes the one client address (Host and X-Forwarded-Proto are kept, so Astro
 * sees the public URL); from anyone else every forwarding header is dropped.
 */
export function normaliseForwarding(headers: Record<string, string | string[] | undefined>, peer: string, trusted: net.BlockList | null): void {
  const client = forwardedClient(peer, headers['x-forwarded-for'], trusted);
  if (client !== null) {
    headers['x-forwarded-for'] = client;
    return;
  }
  const fromTrustedProxy = trusted !== null && isTrusted(peer, trusted);
  for (const h of FORWARDING_HEADERS) {
    if (fromTrustedProxy && h !== 'x-forwarded-for') continue;
    if (headers[h] !== undefined) Reflect.deleteProperty(headers, h);
  }
}
