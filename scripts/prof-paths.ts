import { withDatabase } from './lib/with-database';
import { loadRenderer } from '../src/release/page-renderer';
import { WARM_RENDERER_FLAG } from '../src/db/build-memo';
import { readReleaseRecords } from '../src/release/search-index';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

(globalThis as Record<symbol, unknown>)[WARM_RENDERER_FLAG] = true;
const base = process.argv[2]!;
await withDatabase(async () => {
  const r = await loadRenderer(base, console.log);
  await r.paths();
  const capture = JSON.parse(fs.readFileSync(path.join(base, 'renderer', 'capture.json'), 'utf8'));
  const mod = await import(pathToFileURL(path.join(base, 'renderer', capture.entry)).href);
  const app = mod.app;
  const before = readReleaseRecords(base)!;
  for (let round = 0; round < 2; round++) {
    await r.refresh([before[2000 + round]!.url.split('/')[2]!]);
    for (const { routeData } of app.manifest.routes) {
      if (!routeData.prerender || routeData.pathname) continue;
      const comp = await app.getComponentByRoute(routeData);
      const t0 = Date.now();
      const sp = await comp.getStaticPaths({ paginate: () => [], routePattern: routeData.route });
      console.log(routeData.route.padEnd(45), sp.length, Date.now() - t0, 'ms');
    }
  }
  process.exit(0);
});
