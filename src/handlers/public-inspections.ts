/**
 * The public 双随机 pages (/inspections/, issue 13 item 4): the seed hashes of the draws waiting
 * to be drawn (public BEFORE the draw: that is what makes the draw checkable), and for each draw
 * whose results are public its plan, seed, list, inspectors and results, with draw.json for
 * `npm run draw:verify`. Static, built at publication from one read per build.
 */
import { buildMemo } from '../db/build-memo';
import { publicDraws, type DrawItemRow, type PublicDrawRow } from '../db/draws';
import { drawRecord, strataSummary, type DrawRecord } from '../domain/draw-record';
import { formatRules } from '../domain/draw';
import { institutionPath } from '../domain/poster';
import { recordIdSchema } from '../schemas/admin-common';
import { siteContext, siteFrame, type Site } from './public';

const drawsOnce = buildMemo(publicDraws);

export const inspectionPath = (id: number): string => `/inspections/${id}/`;

const STATE_TEXT: Record<string, string> = {
  'hash-published': '已公布种子哈希，待抽取',
  drawn: '已抽取，检查结束后公开名单和结果',
  published: '结果已公开',
};

function summary(d: PublicDrawRow) {
  return {
    id: d.id,
    href: inspectionPath(d.id),
    title: d.title,
    kind: d.kind,
    year: d.year,
    region: d.regionName ?? '全县',
    state: d.state,
    stateText: STATE_TEXT[d.state] ?? d.state,
    seedHash: d.seedHash ?? '',
    hashPublishedAt: d.hashPublishedAt,
    drawnAt: d.drawnAt,
    publishedAt: d.publishedAt,
    items: d.items,
    results: d.results,
  };
}

export async function inspectionsIndexPage() {
  const [ctx, site, all] = await Promise.all([siteContext(), siteFrame(true), drawsOnce()]);
  const rows = all.map(({ draw }) => summary(draw));
  return { site, asOf: ctx.asOf, awaiting: rows.filter((r) => r.state !== 'published'), published: rows.filter((r) => r.state === 'published') };
}

export async function inspectionPaths(): Promise<{ params: { id: string } }[]> {
  return (await drawsOnce()).map(({ draw }) => ({ params: { id: String(draw.id) } }));
}

export async function drawJsonPaths(): Promise<{ params: { id: string } }[]> {
  return (await drawsOnce()).filter(({ draw }) => draw.state === 'published').map(({ draw }) => ({ params: { id: String(draw.id) } }));
}

async function findDraw(idParam: string | undefined) {
  const id = recordIdSchema.safeParse(idParam);
  if (!id.success) throw new Error(`no draw ${String(idParam)}`);
  const found = (await drawsOnce()).find(({ draw }) => draw.id === id.data);
  if (!found) throw new Error(`no draw ${id.data}`);
  return found;
}

export async function inspectionPage(idParam: string | undefined): Promise<{ site: Site; asOf: string } & ReturnType<typeof drawView>> {
  const [ctx, site, { draw, items }] = await Promise.all([siteContext(), siteFrame(true), findDraw(idParam)]);
  return { site, asOf: ctx.asOf, ...drawView(draw, items) };
}

function drawView(d: PublicDrawRow, items: DrawItemRow[]) {
  const record = drawRecord(d, items);
  return {
    draw: summary(d),
    rules: formatRules(d.plan.rules).split('\n'),
    inspectorsPerItem: d.plan.inspectorsPerItem,
    algorithm: d.algorithm,
    seed: d.seed,
    strata: d.candidates ? strataSummary(d.kind, d.plan, d.candidates) : [],
    candidates: d.candidates ? { institutions: d.candidates.institutions.length, inspectors: d.candidates.inspectors.length } : null,
    jsonHref: record ? `${inspectionPath(d.id)}draw.json` : null,
    items: items.map((i) => ({
      position: i.position,
      name: i.name,
      href: institutionPath(i.code),
      code: i.code,
      stratum: i.stratum,
      // Names and 执法证号: what 双随机一公开 results normally publish (行政执法公示 shows both).
      inspectors: i.inspectors.map((p) => `${p.name}（${p.enforcementNo}）`),
      result: i.result,
    })),
  };
}

export async function drawJson(idParam: string | undefined): Promise<string> {
  const { draw, items } = await findDraw(idParam);
  const record: DrawRecord | null = drawRecord(draw, items);
  return `${JSON.stringify(record, null, 1)}\n`;
}

/** Each institution's published draws (its page links to them), grouped once per build. */
export const inspectionsByInstitution = buildMemo(() =>
  drawsOnce().then((all) => {
    const map = new Map<string, { title: string; href: string; result: string | null }[]>();
    for (const { draw, items } of all)
      for (const i of items)
        map.set(i.code, [...(map.get(i.code) ?? []), { title: draw.title, href: inspectionPath(draw.id), result: i.result?.result ?? null }]);
    return map;
  }),
);
