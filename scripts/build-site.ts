// npm run build — build a new release of the static site from the database and switch to it.
import { buildAndRecord } from '../src/handlers/admin/publish';
import { withDatabase } from './lib/with-database';
import { settleDeletions } from '../src/release/releases';

await withDatabase(async () => {
  // Recorded as a publication: the publish page then compares with what this release was built from.
  const t = await buildAndRecord('命令行生成（npm run build）');
  console.log(`已生成 ${t.pages} 个页面：astro ${t.astroMs} ms，索引 ${t.pagefindMs} ms，压缩 ${t.compressMs} ms → ${t.dir}`);
  await settleDeletions(); // old release folders, deleted in the background
});
