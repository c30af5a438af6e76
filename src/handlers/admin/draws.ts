import {
  addRecusal,
  cancelDraw,
  createDraw,
  drawnSelfInspectionDraws,
  getDraw,
  itemsOfDraw,
  listDraws,
  listInspectors,
  performDraw,
  publishDrawResults,
  publishSeedHash,
  recordDrawResult,
  removeRecusal,
} from '../../db/draws';
import { allRegions } from '../../db/supervisors';
import { DRAW_KINDS, defaultPlan, formatRules } from '../../domain/draw';
import { can } from '../../domain/roles';
import { DRAW_LABELS, DRAW_RESULTS, drawActionSchema, findingCodesSchema, idListSchema, newDrawSchema } from '../../schemas/admin-draws';
import { actorOf, ipOf, parseOrThrow, postedAction, readForm, recordPageStart, requireAccess, seeOther, today, type AdminContext } from './http';
import { recordActionPost } from './record-form';

/**
 * 双随机 draws and self-inspection sampling (/admin/draws, issue 13 items 3–5). Each step is one
 * button on the draw's page; the public pages (/inspections/) change at the next site publication.
 */

export const DRAW_STATE_LABELS: Record<string, string> = {
  planned: '待公布种子哈希',
  'hash-published': '已公布种子哈希，待抽取',
  drawn: '已抽取，待公开结果',
  published: '结果已公开',
  cancelled: '已取消',
};

export async function drawsPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'inspection.read');
  const kind = DRAW_KINDS.find((k) => k === ctx.url.searchParams.get('kind')) ?? '双随机';
  const plan = defaultPlan(kind);
  let values: Record<string, string> = {
    year: today().today.slice(0, 4),
    kind,
    title: `${today().today.slice(0, 4)}年${kind === '双随机' ? '双随机抽查' : kind}`,
    rules: formatRules(plan.rules),
    inspectorsPerItem: String(plan.inspectorsPerItem),
  };
  const r = await postedAction(ctx.request, async () => {
    values = await readForm(ctx.request);
    const d = parseOrThrow(newDrawSchema, values, DRAW_LABELS);
    const id = await createDraw(
      actor,
      {
        year: d.year,
        title: d.title,
        kind: d.kind,
        regionCode: d.regionCode ?? null,
        plan: { rules: d.rules, inspectorsPerItem: d.inspectorsPerItem },
        parentDrawId: d.parentDrawId ?? null,
      },
      ipOf(ctx),
    );
    return seeOther(`/admin/draws/${id}?done=created`);
  });
  if (r instanceof Response) return r;
  const [draws, regions, parents] = await Promise.all([listDraws(actor), allRegions(), drawnSelfInspectionDraws(actor)]);
  return {
    status: r.status,
    errors: r.errors,
    values,
    kinds: DRAW_KINDS,
    rows: draws.map((d) => ({ ...d, stateLabel: DRAW_STATE_LABELS[d.state] ?? d.state })),
    regions: regions.filter((g) => g.level <= 4),
    parents,
    canRun: can(actor.role, 'draw.run'),
  };
}

const DONE: Record<string, string> = {
  created: '抽取计划已保存。下一步：公布种子哈希（发布网站后公众可见）。',
  'publish-hash': '种子哈希已公布，候选名单已冻结。请发布网站，使哈希在抽取前公开。',
  draw: '已抽取，种子已公开在本页。检查后逐项登记结果。',
  result: '检查结果已登记。',
  publish: '结果已公开，发布网站后出现在 /inspections/。',
  cancel: '抽取已取消。',
  recusal: '回避已登记，此后公布哈希的抽取都会排除。',
  unrecuse: '回避已撤销（已公布哈希的抽取仍按冻结时的名单）。',
};

/** The result form's checkbox lists, read before the body is consumed. */
async function checkedLists(request: Request): Promise<{ findings: number[]; inspectors: number[] }> {
  if (request.method !== 'POST') return { findings: [], inspectors: [] };
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  return {
    findings: parseOrThrow(findingCodesSchema, form?.getAll('finding') ?? [], { '': '发现的问题' }),
    inspectors: parseOrThrow(idListSchema, form?.getAll('inspector') ?? [], { '': '检查人员' }),
  };
}

export async function drawPage(ctx: AdminContext) {
  const start = recordPageStart(ctx, 'inspection.read');
  if (!start) return null;
  const { actor, id, t } = start;
  const lists = await checkedLists(ctx.request);
  const state = await recordActionPost(ctx.request, `/admin/draws/${id}`, async (form) => {
    const input = parseOrThrow(drawActionSchema, form, DRAW_LABELS);
    const ip = ipOf(ctx);
    if (input.op === 'publish-hash') await publishSeedHash(actor, id, input.ownHash ?? null, ip);
    if (input.op === 'draw') await performDraw(actor, id, input.seed ?? null, ip);
    if (input.op === 'result')
      await recordDrawResult(
        actor,
        input.itemId,
        {
          inspectedOn: input.inspectedOn,
          result: input.result,
          findingCodes: lists.findings,
          findingsText: input.findingsText ?? null,
          inspectorIds: lists.inspectors,
        },
        t,
        ip,
      );
    if (input.op === 'publish') await publishDrawResults(actor, id, ip);
    if (input.op === 'cancel') await cancelDraw(actor, id, input.reason, ip);
    if (input.op === 'recusal') await addRecusal(actor, input.supervisorId, input.institutionCode, input.reason, ip);
    if (input.op === 'unrecuse') await removeRecusal(actor, input.supervisorId, input.institutionCode, ip);
    return input.op;
  });
  if (state === null || state instanceof Response) return state;
  const draw = await getDraw(actor, id);
  if (!draw) return null;
  const [items, inspectors] = await Promise.all([itemsOfDraw(actor, id), listInspectors(actor)]);
  return {
    status: state.status,
    errors: state.errors,
    posted: state.posted ?? {},
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    draw: { ...draw, stateLabel: DRAW_STATE_LABELS[draw.state] ?? draw.state, rulesText: formatRules(draw.plan.rules) },
    items,
    inspectors,
    results: DRAW_RESULTS,
    findingCodes: Array.from({ length: 15 }, (_, n) => n + 1),
    canRun: can(actor.role, 'draw.run'),
    today: t,
    publicHref: `/inspections/${id}/`,
  };
}
