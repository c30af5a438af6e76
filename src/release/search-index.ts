import path from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Pagefind index of the built pages (run after `astro build`, never committed). Chinese needs
 * `<html lang="zh-CN">` on the pages. Returns the number of indexed pages.
 */
export async function indexSite(clientDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error('Pagefind 无法创建索引：' + errors.join('; '));
  const added = await index.addDirectory({ path: clientDir });
  if (added.errors.length) throw new Error('Pagefind 索引失败：' + added.errors.join('; '));
  const written = await index.writeFiles({ outputPath: path.join(clientDir, 'pagefind') });
  if (written.errors.length) throw new Error('Pagefind 写入失败：' + written.errors.join('; '));
  await pagefind.close();
  return added.page_count;
}
