import { withDatabase } from './lib/with-database';
import { loadRenderer } from '../src/release/page-renderer';
import { planRepublish, institutionKeys } from '../src/domain/republish-plan';
import { readReleaseRecords } from '../src/release/search-index';
import { WARM_RENDERER_FLAG } from '../src/db/build-memo';
import fs from 'node:fs';
import path from 'node:path';

(globalThis as Record<symbol, unknown>)[WARM_RENDERER_FLAG] = true;
const base = process.argv[2]!;
await withDatabase(async () => {
  let t = Date.now();
  const lap = (m: string) => { const n = Date.now(); console.log(m, n - t, 'ms'); t = n; };
  const r = await loadRenderer(base, console.log);
  await r.paths();
  lap('cold load+paths');
  const before = readReleaseRecords(base)!;
  const basePaths = (JSON.parse(fs.readFileSync(path.join(base, 'release-paths.json'), 'utf8')) as { pathname: string }[]).map((p) => p.pathname);
  for (let round = 0; round < 3; round++) {
    t = Date.now();
    const code = before[1000 + round * 7919]!.url.split('/')[2]!;
    await r.refresh([code]);
    lap('refresh');
    const paths = await r.paths();
    lap(`paths ${paths.length}`);
    const rec = paths.find((p) => p.pathname === '/search/records.json')!;
    const body = (await r.render(rec)).body;
    lap(`records ${body.length}`);
    const after = JSON.parse(body.toString('utf8'));
    lap('parse');
    const plan = planRepublish({ basePaths, paths: paths.map(({ pathname, route }) => ({ pathname, route })), before: institutionKeys(before), after: institutionKeys(after), changed: [code], global: [] });
    lap(`plan ${plan.render.length}`);
    const byRoute = new Map<string, { n: number; ms: number; bytes: number }>();
    const set = new Set(plan.render);
    for (const p of paths) {
      if (!set.has(p.pathname) || p.pathname === '/search/records.json') continue;
      const t0 = Date.now();
      const out = await r.render(p);
      const e = byRoute.get(p.route) ?? { n: 0, ms: 0, bytes: 0 };
      e.n++; e.ms += Date.now() - t0; e.bytes += out.body.length;
      byRoute.set(p.route, e);
    }
    lap('render all');
    for (const [k, v] of [...byRoute].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log('   ', k.padEnd(45), v.n, v.ms, 'ms', v.bytes);
  }
  process.exit(0);
});
