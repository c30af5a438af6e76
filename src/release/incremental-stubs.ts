import fs from 'node:fs';
import path from 'node:path';
import type { SearchRecord } from '../domain/search';
import { indexSite } from './search-index';

/**
 * STUBS until the branches of issue 16 meet (the lead deletes this file at merge and points the
 * imports of src/release/incremental.ts at the real modules):
 * - currentChangeSeq / changesSince → src/db/publish-changes.ts (triggers of migration 0019);
 * - planRepublish → src/domain/republish-plan.ts;
 * - indexShards → src/release/search-index.ts (shards by region, reused from the base).
 * The signatures are those of the design. The stubs behave conservatively: the change feed is
 * whatever `stubChanges` holds (by default "unknown", so publishes stay full; tests set it), the planner renders every page that is not another
 * institution's own page, and the index is rebuilt whole.
 */

// Unknown changes count as global: without the change feed every publish stays full (tests set codes).
export const stubChanges = { seq: 0, codes: [] as string[], global: ['publish_changes'] as string[] };

export function currentChangeSeq(): Promise<string> {
  return Promise.resolve(String(stubChanges.seq));
}

export function changesSince(seq: string): Promise<{ seq: string; codes: string[]; global: string[] }> {
  if (!/^\d+$/.test(seq)) return Promise.reject(new Error(`变更序号不正确：${seq}`));
  return Promise.resolve({ seq: String(stubChanges.seq), codes: [...stubChanges.codes], global: [...stubChanges.global] });
}

export interface PageRef {
  pathname: string;
  route: string;
}
export interface InstitutionKey {
  code: string;
  areaCodes: string[];
  typeSlug: string;
}

export function planRepublish(input: {
  basePaths: readonly string[];
  paths: readonly PageRef[];
  before: ReadonlyMap<string, InstitutionKey>;
  after: ReadonlyMap<string, InstitutionKey>;
  changed: readonly string[];
  global: readonly string[];
}): { render: string[]; full: string | null } {
  if (input.global.length) return { render: [], full: `全站数据有变化（${input.global.join('、')}）` };
  const now = new Set(input.paths.map((p) => p.pathname));
  const gone = input.basePaths.find((p) => !now.has(p));
  if (gone) return { render: [], full: `页面 ${gone} 已不存在` };
  const changed = new Set(input.changed);
  const render = input.paths.filter((p) => !p.route.startsWith('/i/[code]') || changed.has(p.pathname.split('/')[2] ?? '')).map((p) => p.pathname);
  return { render, full: null };
}

export async function indexShards(
  clientDir: string,
  records: SearchRecord[],
  reuse: { baseClientDir: string } | null,
): Promise<{ pages: number; written: string[] }> {
  if (reuse && !fs.existsSync(reuse.baseClientDir)) throw new Error(`基准版本不存在：${reuse.baseClientDir}`);
  const pages = await indexSite(clientDir, records);
  const written = fs.readdirSync(clientDir).filter((d) => /^pagefind/.test(d) && fs.statSync(path.join(clientDir, d)).isDirectory());
  return { pages, written };
}
