import fs from 'node:fs';
import { describe, it, expect } from 'vitest';
import { nginxSite } from '../../../src/server/nginx-config';
import { cacheControl } from '../../../src/server/cache-control';
import { securityHeaders } from '../../../src/server/security-headers';
import { NginxConfigArgs } from '../../../scripts/nginx-config';

// deploy/nginx.conf is the example the README shows; it is what the generator prints for these
// arguments, so it cannot drift from the Node server's headers and cache rules.
const EXAMPLE = {
  listen: '80',
  serverName: 'xinyong.example.gov.cn',
  upstreams: ['127.0.0.1:4321', '127.0.0.1:4322'],
  root: '/opt/credit-platform/.releases/a1b2c3d4e5/current/client',
};

describe('nginx site (deploy/nginx.conf)', () => {
  it('the committed example is the generator’s output', () => {
    expect(fs.readFileSync('deploy/nginx.conf', 'utf8')).toBe(nginxSite(EXAMPLE));
  });

  it('sends every security header of the Node server in every location that serves files', () => {
    const site = nginxSite(EXAMPLE);
    const locations = site
      .split(/\n {2}location /)
      .slice(1)
      .filter((l) => l.includes('try_files') && !l.startsWith('@'));
    expect(locations.length).toBeGreaterThanOrEqual(4);
    for (const l of locations) for (const [k, v] of Object.entries(securityHeaders())) expect(l).toContain(`add_header ${k} "${v}" always;`);
  });

  it('caches hashed assets for a year and revalidates pages, as the Node server does', () => {
    const site = nginxSite(EXAMPLE);
    expect(cacheControl('/_astro/x.1a2b.css')).toBe('public, max-age=31536000, immutable');
    expect(site).toMatch(/location ~ "\^\/_astro\/" \{\n.*\n {4}add_header Cache-Control "public, max-age=31536000, immutable" always;/);
    expect(cacheControl('/pagefind-2/index/abc.pf_index')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('/i/ABCD2345/')).toBe('public, no-cache');
    expect(site).toContain('gzip_static on;');
    expect(site.match(/server 127\.0\.0\.1:432[12] /g)).toHaveLength(2);
  });

  it('serves an incremental release from its own files first, then from its base release', () => {
    const site = nginxSite(EXAMPLE);
    // Every static location falls back to the base, and the base to Node.
    expect(site.match(/try_files [^\n]*@node;/g)).toHaveLength(2);
    expect(site).toContain('    try_files $uri $uri/index.html $uri.html @base;');
    expect(site).toContain('    try_files $uri/index.html$platform_poster_check @base_page;');
    expect(site).toContain(
      '  location @base {\n    root /opt/credit-platform/.releases/a1b2c3d4e5/current/base/client;\n    try_files $uri $uri/index.html $uri.html @node;',
    );
    expect(site).toContain(
      '  location @base_page {\n    root /opt/credit-platform/.releases/a1b2c3d4e5/current/base/client;\n    try_files $uri/index.html$platform_poster_check @node;',
    );
    // The base's files keep the Cache-Control of their kind.
    expect(site).toContain('  "~^/_astro/" "public, max-age=31536000, immutable";');
  });

  it('adds HSTS only when nginx serves HTTPS', () => {
    expect(nginxSite(EXAMPLE)).not.toContain('Strict-Transport-Security');
    expect(nginxSite({ ...EXAMPLE, https: true })).toContain('Strict-Transport-Security "max-age=31536000; includeSubDomains"');
  });

  it('refuses arguments it cannot use, in Chinese', () => {
    const r = NginxConfigArgs.safeParse({ upstream: ['no-port'], listen: '80', 'server-name': '_', root: '/x', https: false });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('主机:端口');
    expect(NginxConfigArgs.safeParse({ upstream: [], listen: '80', 'server-name': '_', root: '/x', https: false }).success).toBe(false);
  });
});
