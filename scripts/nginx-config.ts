// npm run nginx:config -- --upstream 127.0.0.1:4321 --upstream 127.0.0.1:4322 [--listen 80]
//   [--server-name xinyong.example.gov.cn] [--root DIR] [--https]
// Prints the nginx site for this deployment (README.md, "Deployment"). --root defaults to this
// project's current release (`.releases/<id>/current/client`, switched atomically at publish).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { releasesDir } from '../src/release/releases';
import { nginxSite } from '../src/server/nginx-config';

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$|^unix:\/\S+$/;

export const NginxConfigArgs = z.object({
  upstream: z.array(z.string().regex(HOST_PORT, '--upstream 应为 主机:端口，如 127.0.0.1:4321')).min(1, '至少需要一个 --upstream（Node 服务器的 主机:端口）'),
  listen: z.string().regex(/^(\S+:)?\d{1,5}( ssl)?( http2)?$/, '--listen 应为端口或 地址:端口'),
  'server-name': z.string().regex(/^[A-Za-z0-9.*_-]+$/, '--server-name 应为域名'),
  root: z.string().min(1),
  https: z.boolean(),
});

function main(): void {
  const { values } = parseArgs({
    options: {
      upstream: { type: 'string', multiple: true, default: [] },
      listen: { type: 'string', default: '80' },
      'server-name': { type: 'string', default: '_' },
      root: { type: 'string', default: path.join(releasesDir(), 'current', 'client') },
      https: { type: 'boolean', default: false },
    },
  });
  const parsed = NginxConfigArgs.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(issue.message);
    process.exitCode = 2;
    return;
  }
  const a = parsed.data;
  process.stdout.write(nginxSite({ listen: a.listen, serverName: a['server-name'], upstreams: a.upstream, root: path.resolve(a.root), https: a.https }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
