// npm run build — build a new release of the static site from the database and switch to it.
import { buildRelease } from '../src/release/releases';
import { withDatabase } from './lib/with-database';

await withDatabase(async () => {
  const t = await buildRelease();
  console.log(`已生成 ${t.pages} 个页面：astro ${t.astroMs} ms，索引 ${t.pagefindMs} ms，压缩 ${t.compressMs} ms → ${t.dir}`);
});
