import { randomBytes } from 'node:crypto';
import { sql, transaction, type Tx } from './client';
import { auditedInsert, writeAudit } from './audit-log';
import { requirePermission, type Actor } from '../domain/roles';
import { conflict, invalid, notFound } from '../domain/errors';
import {
  DRAW_ALGORITHM,
  planIssues,
  runDraw,
  seedHashOf,
  type CandidateInspector,
  type CandidateInstitution,
  type DrawItem,
  type DrawKind,
  type DrawPlan,
} from '../domain/draw';
import type { IsoDate } from '../domain/working-days';

/**
 * 双随机 draws and self-inspection sampling (issue 13 items 3–5): create → publish the seed hash
 * (the candidates are frozen in the same transaction) → draw (the seed is revealed and the list
 * computed by src/domain/draw.ts) → record results → publish. Only administrators act ('draw.run',
 * checked again in SQL); every step is audited in its transaction.
 */

export type DrawState = 'planned' | 'hash-published' | 'drawn' | 'published' | 'cancelled';

/** A frozen inspector: the public fields, and the account the draw items point to. */
export type FrozenInspector = CandidateInspector & { supervisorId: number };
export interface FrozenCandidates {
  institutions: CandidateInstitution[];
  inspectors: FrozenInspector[];
}

export interface DrawRow {
  id: number;
  year: number;
  title: string;
  kind: DrawKind;
  regionCode: string | null;
  regionName: string | null;
  plan: DrawPlan;
  algorithm: string;
  seedHash: string | null;
  /** Only once drawn: before, the seed is the commission's secret. */
  seed: string | null;
  /** Whether the server holds the seed (false: the commission keeps its own and types it at the draw). */
  serverSeed: boolean;
  state: DrawState;
  parentDrawId: number | null;
  hashPublishedAt: string | null;
  drawnAt: string | null;
  publishedAt: string | null;
  items: number;
  results: number;
}

const ADMIN = '{admin}';

const DRAW_COLUMNS = () => sql`
  d.id, d.year, d.title, d.kind, d.region_code AS "regionCode", r.name AS "regionName", d.plan, d.algorithm, d.seed_hash AS "seedHash",
  CASE WHEN d.state IN ('drawn','published') THEN d.seed END AS seed, d.seed IS NOT NULL AS "serverSeed", d.state,
  d.parent_draw_id AS "parentDrawId",
  to_char(d.hash_published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "hashPublishedAt",
  to_char(d.drawn_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "drawnAt",
  to_char(d.published_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "publishedAt",
  (SELECT count(*)::int FROM draw_items x WHERE x.draw_id = d.id) AS items,
  (SELECT count(*)::int FROM draw_items x JOIN inspections n ON n.draw_item_id = x.id WHERE x.draw_id = d.id) AS results`;

/** Draws the actor may see: commission-wide ones, and those of a region in the actor's scope. */
const drawInScope = (actor: Pick<Actor, 'id'>) =>
  sql`((SELECT supervisor_sees_all(${actor.id})) OR d.region_code = ANY (ARRAY(SELECT code FROM supervisor_region_scope(${actor.id}))))`;

export async function listDraws(actor: Actor): Promise<DrawRow[]> {
  requirePermission(actor, 'inspection.read');
  return sql<DrawRow[]>`
    SELECT ${DRAW_COLUMNS()} FROM draws d LEFT JOIN regions r ON r.code = d.region_code
     WHERE ${drawInScope(actor)} ORDER BY d.year DESC, d.id DESC`;
}

export async function getDraw(actor: Actor, id: number): Promise<DrawRow | null> {
  requirePermission(actor, 'inspection.read');
  const [row] = await sql<DrawRow[]>`
    SELECT ${DRAW_COLUMNS()} FROM draws d LEFT JOIN regions r ON r.code = d.region_code WHERE d.id = ${id} AND ${drawInScope(actor)}`;
  return row ?? null;
}

export interface DrawItemRow {
  id: number;
  position: number;
  institutionId: number;
  code: string;
  name: string;
  stratum: string;
  inspectors: { id: number; name: string; enforcementNo: string }[];
  result: { inspectedOn: IsoDate; result: string; findingCodes: number[]; findingsText: string | null; inspectors: string[] } | null;
}

/** The drawn list with its inspectors and the recorded results (shared by the admin page and the public build). */
export async function drawItemsOf(drawIds: readonly number[]): Promise<Map<number, DrawItemRow[]>> {
  const rows = await sql<(DrawItemRow & { drawId: number })[]>`
    SELECT x.draw_id AS "drawId", x.id, x.position, x.institution_id AS "institutionId", i.code, i.name, x.stratum,
           coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.display_name, 'enforcementNo', coalesce(s.enforcement_no, '')) ORDER BY xi.position)
                       FROM draw_item_inspectors xi JOIN supervisors s ON s.id = xi.supervisor_id WHERE xi.draw_item_id = x.id), '[]') AS inspectors,
           (SELECT json_build_object('inspectedOn', n.inspected_on::text, 'result', n.result, 'findingCodes', n.finding_codes, 'findingsText', n.findings_text,
                                     'inspectors', (SELECT coalesce(json_agg(s.display_name || coalesce('（' || s.enforcement_no || '）', '') ORDER BY s.enforcement_no), '[]')
                                                      FROM inspection_inspectors ii JOIN supervisors s ON s.id = ii.supervisor_id WHERE ii.inspection_id = n.id))
              FROM inspections n WHERE n.draw_item_id = x.id) AS result
      FROM draw_items x JOIN institutions i ON i.id = x.institution_id
     WHERE x.draw_id = ANY(${[...drawIds]}::bigint[])
     ORDER BY x.draw_id, x.position`;
  const out = new Map<number, DrawItemRow[]>(drawIds.map((id) => [id, []]));
  for (const { drawId, ...r } of rows) out.get(drawId)?.push(r);
  return out;
}

export async function itemsOfDraw(actor: Actor, id: number): Promise<DrawItemRow[]> {
  requirePermission(actor, 'inspection.read');
  return (await drawItemsOf([id])).get(id) ?? [];
}

export interface NewDraw {
  year: number;
  title: string;
  kind: DrawKind;
  regionCode: string | null;
  plan: DrawPlan;
  parentDrawId: number | null;
}

export async function createDraw(actor: Actor, d: NewDraw, ip: string | null): Promise<number> {
  requirePermission(actor, 'draw.run');
  const issues = planIssues(d.kind, d.plan);
  if (issues.length > 0) throw invalid(issues.join('；'));
  if ((d.kind === '现场核查') !== (d.parentDrawId !== null)) throw invalid('所属调取抽取：现场核查必须选择一次已抽取的自查材料调取，其他种类不选');
  return transaction(async (tx) => {
    const [admin] = await tx`SELECT supervisor_has_role(${actor.id}, ${ADMIN}) AS ok`;
    if (!admin?.['ok']) throw notFound('您的账户没有执行随机抽取的权限。');
    if (d.regionCode !== null) {
      const [r] = await tx`SELECT 1 FROM regions WHERE code = ${d.regionCode}`;
      if (!r) throw invalid(`抽取范围：找不到行政区划 ${d.regionCode}`);
    }
    if (d.parentDrawId !== null) {
      const [p] = await tx`SELECT 1 FROM draws WHERE id = ${d.parentDrawId} AND kind = '自查材料调取' AND state IN ('drawn','published')`;
      if (!p) throw invalid('所属调取抽取：须是一次已抽取的自查材料调取');
    }
    const rows = await tx<{ id: number }[]>`
      INSERT INTO draws (year, title, kind, region_code, plan, algorithm, parent_draw_id, created_by)
      VALUES (${d.year}, ${d.title}, ${d.kind}, ${d.regionCode}, ${tx.json(d.plan as never)}, ${DRAW_ALGORITHM}, ${d.parentDrawId}, ${actor.id})
      RETURNING id`;
    return auditedInsert(tx, rows, { actor, action: 'draw.create', targetKind: 'draw', ip, detail: { kind: d.kind, year: d.year, regionCode: d.regionCode } });
  });
}

interface Locked {
  id: number;
  kind: DrawKind;
  state: DrawState;
  regionCode: string | null;
  plan: DrawPlan;
  seed: string | null;
  seedHash: string | null;
  candidates: FrozenCandidates | null;
  parentDrawId: number | null;
}

async function lockDraw(tx: Tx, actor: Actor, id: number): Promise<Locked> {
  requirePermission(actor, 'draw.run');
  const [row] = await tx<Locked[]>`
    SELECT d.id, d.kind, d.state, d.region_code AS "regionCode", d.plan, d.seed, d.seed_hash AS "seedHash", d.candidates, d.parent_draw_id AS "parentDrawId"
      FROM draws d WHERE d.id = ${id} AND supervisor_has_role(${actor.id}, ${ADMIN}) FOR UPDATE`;
  if (!row) throw notFound('没有这次抽取，或您没有执行随机抽取的权限。');
  return row;
}

function requireState(d: Locked, states: readonly DrawState[], message: string): void {
  if (!states.includes(d.state)) throw conflict(message);
}

/** The institutions a draw picks from, as they are now (frozen by the caller). */
async function freezeInstitutions(tx: Tx, d: Locked): Promise<CandidateInstitution[]> {
  const level = sql`coalesce((SELECT coalesce((SELECT g.to_level FROM downgrades g WHERE g.evaluation_id = e.id AND g.state = 'downgraded'
                                               ORDER BY g.decided_on DESC, g.id DESC LIMIT 1), e.level)
                                FROM evaluations e WHERE e.institution_id = i.id ORDER BY e.year DESC LIMIT 1), '未评价')`;
  const columns = sql`i.code, i.name, ${level} AS level, coalesce(i.risk_grade, '未定') AS risk, i.type,
                      CASE WHEN length(i.region_code) >= 9 THEN left(i.region_code, 9) END AS township, i.hospital_grade AS "hospitalGrade"`;
  if (d.kind === '现场核查')
    return tx<CandidateInstitution[]>`
      SELECT ${columns} FROM draw_items x JOIN institutions i ON i.id = x.institution_id WHERE x.draw_id = ${d.parentDrawId} ORDER BY i.code`;
  return tx<CandidateInstitution[]>`
    WITH RECURSIVE area(code) AS (SELECT ${d.regionCode}::text UNION SELECT r.code FROM regions r JOIN area ON r.parent_code = area.code)
    SELECT ${columns} FROM institutions i
     WHERE i.status = '执业' AND (${d.regionCode}::text IS NULL OR i.region_code IN (SELECT code FROM area))
     ORDER BY i.code`;
}

/** The pool: active supervisors with a 执法证号, with their recusals (institution codes). */
async function freezeInspectors(tx: Tx): Promise<FrozenInspector[]> {
  return tx<FrozenInspector[]>`
    SELECT s.id AS "supervisorId", s.enforcement_no AS "enforcementNo", s.display_name AS name,
           CASE WHEN length(s.home_region_code) >= 9 THEN left(s.home_region_code, 9) END AS township,
           coalesce((SELECT array_agg(i.code ORDER BY i.code) FROM inspector_recusals c JOIN institutions i ON i.id = c.institution_id
                      WHERE c.supervisor_id = s.id), '{}') AS recusals
      FROM supervisors s WHERE s.active AND s.enforcement_no IS NOT NULL ORDER BY s.enforcement_no`;
}

/** A seed the server makes: 32 random bytes as 64 hex characters. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Publishes the seed hash and freezes the candidates. `ownHash`: the commission keeps its own seed
 * out of the server (it types the seed at the draw); otherwise the server makes one and keeps it
 * secret until the draw.
 */
export async function publishSeedHash(actor: Actor, id: number, ownHash: string | null, ip: string | null): Promise<void> {
  await transaction(async (tx) => {
    const d = await lockDraw(tx, actor, id);
    requireState(d, ['planned'], '这次抽取的种子哈希已经公布，不能再改。');
    const institutions = await freezeInstitutions(tx, d);
    const inspectors = await freezeInspectors(tx);
    if (institutions.length === 0) throw conflict('抽取范围内没有执业中的机构，无法公布。');
    if (inspectors.length < 2) throw conflict('执法人员库不足 2 人：请先在账户管理中为监督员填写执法证号。');
    const candidates: FrozenCandidates = { institutions, inspectors };
    const seed = ownHash ? null : newSeed();
    const hash = ownHash ?? seedHashOf(seed ?? '');
    await tx`
      UPDATE draws SET seed = ${seed}, seed_hash = ${hash}, candidates = ${tx.json(candidates as never)}, state = 'hash-published', hash_published_at = now()
       WHERE id = ${id}`;
    await writeAudit(tx, {
      actor,
      action: 'draw.publish-hash',
      targetKind: 'draw',
      targetId: id,
      ip,
      detail: { seedHash: hash, institutions: institutions.length, inspectors: inspectors.length, ownSeed: ownHash !== null },
    });
  });
}

/** Runs the draw: reveals the seed (the server's, or the one typed now) and stores the list. */
export async function performDraw(actor: Actor, id: number, typedSeed: string | null, ip: string | null): Promise<number> {
  return transaction(async (tx) => {
    const d = await lockDraw(tx, actor, id);
    requireState(d, ['hash-published'], d.state === 'planned' ? '请先公布种子哈希，再抽取。' : '这次抽取已经完成，不能重抽。');
    const seed = d.seed ?? typedSeed;
    if (seed === null) throw invalid('种子：这次抽取的种子由委员会自行保管，请输入种子');
    if (d.seed !== null && typedSeed !== null && typedSeed !== d.seed) throw invalid('种子：这次抽取的种子由系统生成，不需要输入');
    if (seedHashOf(seed) !== d.seedHash) throw invalid('种子：与抽取前公布的哈希不符，不能用它抽取');
    const candidates = d.candidates;
    if (!candidates) throw conflict('这次抽取没有冻结的候选名单。');
    const items = runDraw(d.kind, d.plan, candidates, seed);
    await storeItems(tx, id, items, candidates);
    await tx`UPDATE draws SET seed = ${seed}, state = 'drawn', drawn_at = now() WHERE id = ${id}`;
    await writeAudit(tx, { actor, action: 'draw.run', targetKind: 'draw', targetId: id, ip, detail: { seed, items: items.length } });
    return items.length;
  });
}

async function storeItems(tx: Tx, drawId: number, items: readonly DrawItem[], candidates: FrozenCandidates): Promise<void> {
  const supervisorOf = new Map(candidates.inspectors.map((p) => [p.enforcementNo, p.supervisorId]));
  for (const item of items) {
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO draw_items (draw_id, position, institution_id, stratum)
      SELECT ${drawId}, ${item.position}, id, ${item.stratum} FROM institutions WHERE code = ${item.code}
      RETURNING id`;
    if (!row) throw conflict(`机构 ${item.code} 已不存在，无法登记抽取结果。`);
    for (const [n, no] of item.inspectors.entries())
      await tx`INSERT INTO draw_item_inspectors (draw_item_id, supervisor_id, position) VALUES (${row.id}, ${supervisorOf.get(no) ?? null}, ${n + 1})`;
  }
}

/** The inspection kind a draw's result is recorded as (the inspections table lists six kinds). */
export function inspectionKindOf(kind: DrawKind): '双随机' | '专项' {
  // Self-inspection review and the on-site check belong to the seed-002 专项整治.
  return kind === '双随机' ? '双随机' : '专项';
}

export interface DrawResult {
  inspectedOn: IsoDate;
  result: '未发现问题' | '责令改正' | '限期整改' | '立案查处';
  findingCodes: number[];
  findingsText: string | null;
  inspectorIds: number[];
}

/**
 * The result of one drawn institution, written into `inspections` (kind 双随机, or 专项 for the
 * self-inspection kinds) with its draw item; part B's inspection screen lists it with the others.
 */
export async function recordDrawResult(actor: Actor, itemId: number, r: DrawResult, today: IsoDate, ip: string | null): Promise<number> {
  requirePermission(actor, 'draw.run');
  if (r.inspectedOn > today) throw invalid('检查日期：不能晚于今天');
  if (new Set(r.inspectorIds).size < 2) throw invalid('检查人员：至少两名执法人员');
  return transaction(async (tx) => {
    const [item] = await tx<{ drawId: number; institutionId: number; kind: DrawKind; drawnOn: string }[]>`
      SELECT x.draw_id AS "drawId", x.institution_id AS "institutionId", d.kind, (d.drawn_at AT TIME ZONE 'Asia/Shanghai')::date::text AS "drawnOn"
        FROM draw_items x JOIN draws d ON d.id = x.draw_id
       WHERE x.id = ${itemId} AND d.state IN ('drawn','published') AND supervisor_has_role(${actor.id}, ${ADMIN})
       FOR UPDATE OF d`;
    if (!item) throw notFound('没有这个抽取对象，或您没有执行随机抽取的权限。');
    if (r.inspectedOn < item.drawnOn) throw invalid(`检查日期：不能早于抽取日期 ${item.drawnOn}`);
    const [done] = await tx`SELECT id FROM inspections WHERE draw_item_id = ${itemId}`;
    if (done) throw conflict('这个抽取对象的检查结果已经登记。');
    const inspectors = await tx`SELECT id FROM supervisors WHERE id = ANY(${r.inspectorIds}::bigint[]) AND enforcement_no IS NOT NULL`;
    if (inspectors.length !== new Set(r.inspectorIds).size) throw invalid('检查人员：须是有执法证号的监督员');
    const rows = await tx<{ id: number }[]>`
      INSERT INTO inspections (institution_id, inspected_on, kind, finding_codes, findings_text, result, draw_item_id, recorded_by)
      VALUES (${item.institutionId}, ${r.inspectedOn}, ${inspectionKindOf(item.kind)}, ${r.findingCodes}::smallint[], ${r.findingsText}, ${r.result}, ${itemId}, ${actor.id})
      RETURNING id`;
    for (const s of new Set(r.inspectorIds)) await tx`INSERT INTO inspection_inspectors (inspection_id, supervisor_id) VALUES (${rows[0]?.id ?? null}, ${s})`;
    return auditedInsert(tx, rows, {
      actor,
      action: 'draw.result',
      targetKind: 'draw_item',
      ip,
      detail: { drawId: item.drawId, itemId, result: r.result, findingCodes: r.findingCodes },
    });
  });
}

/** Results public: the next site publication shows the seed, the list and the results. */
export async function publishDrawResults(actor: Actor, id: number, ip: string | null): Promise<void> {
  await transaction(async (tx) => {
    const d = await lockDraw(tx, actor, id);
    requireState(d, ['drawn'], d.state === 'published' ? '这次抽取的结果已经公开。' : '请先抽取，再公开结果。');
    await tx`UPDATE draws SET state = 'published', published_at = now() WHERE id = ${id}`;
    await writeAudit(tx, { actor, action: 'draw.publish', targetKind: 'draw', targetId: id, ip });
  });
}

/** A draw is cancelled only before it is drawn: a drawn list may not be thrown away and redrawn. */
export async function cancelDraw(actor: Actor, id: number, reason: string, ip: string | null): Promise<void> {
  await transaction(async (tx) => {
    const d = await lockDraw(tx, actor, id);
    requireState(d, ['planned', 'hash-published'], '已抽取的名单不能取消（否则可以重抽挑选结果）。');
    await tx`UPDATE draws SET state = 'cancelled' WHERE id = ${id}`;
    await writeAudit(tx, { actor, action: 'draw.cancel', targetKind: 'draw', targetId: id, reason, ip });
  });
}

export interface InspectorRow {
  id: number;
  name: string;
  enforcementNo: string | null;
  township: string | null;
  townshipName: string | null;
  recusals: { institutionCode: string; institutionName: string; reason: string }[];
}

/** Supervisors and their inspector fields (the pool as it is now). */
export async function listInspectors(actor: Actor): Promise<InspectorRow[]> {
  requirePermission(actor, 'inspection.read');
  return sql<InspectorRow[]>`
    SELECT s.id, s.display_name AS name, s.enforcement_no AS "enforcementNo", s.home_region_code AS township, r.name AS "townshipName",
           coalesce((SELECT json_agg(json_build_object('institutionCode', i.code, 'institutionName', i.name, 'reason', c.reason) ORDER BY i.code)
                       FROM inspector_recusals c JOIN institutions i ON i.id = c.institution_id WHERE c.supervisor_id = s.id), '[]') AS recusals
      FROM supervisors s LEFT JOIN regions r ON r.code = s.home_region_code
     WHERE s.active ORDER BY s.enforcement_no NULLS LAST, s.id`;
}

/** 回避: this inspector must not inspect this institution. */
export async function addRecusal(actor: Actor, supervisorId: number, institutionCode: string, reason: string, ip: string | null): Promise<void> {
  requirePermission(actor, 'draw.run');
  await transaction(async (tx) => {
    const [row] = await tx<{ institutionId: number }[]>`
      INSERT INTO inspector_recusals (supervisor_id, institution_id, reason, created_by)
      SELECT s.id, i.id, ${reason}, ${actor.id} FROM supervisors s, institutions i
       WHERE s.id = ${supervisorId} AND i.code = ${institutionCode} AND supervisor_has_role(${actor.id}, ${ADMIN})
      ON CONFLICT (supervisor_id, institution_id) DO UPDATE SET reason = EXCLUDED.reason
      RETURNING institution_id AS "institutionId"`;
    if (!row) throw notFound('回避登记：找不到该执法人员或机构编码');
    await writeAudit(tx, { actor, action: 'draw.recusal', targetKind: 'supervisor', targetId: supervisorId, reason, ip, detail: { institutionCode } });
  });
}

/** The recusal ends (e.g. the relative left the institution); draws already frozen keep it. */
export async function removeRecusal(actor: Actor, supervisorId: number, institutionCode: string, ip: string | null): Promise<void> {
  requirePermission(actor, 'draw.run');
  await transaction(async (tx) => {
    const [row] = await tx`
      DELETE FROM inspector_recusals c USING institutions i
       WHERE c.institution_id = i.id AND c.supervisor_id = ${supervisorId} AND i.code = ${institutionCode} AND supervisor_has_role(${actor.id}, ${ADMIN})
      RETURNING c.supervisor_id`;
    if (!row) throw notFound('回避登记：没有这条回避记录');
    await writeAudit(tx, { actor, action: 'draw.recusal-remove', targetKind: 'supervisor', targetId: supervisorId, ip, detail: { institutionCode } });
  });
}

/** A supervisor's 执法证号 and home township (the users page). */
export async function setInspectorFields(actor: Actor, id: number, enforcementNo: string | null, township: string | null, ip: string | null): Promise<void> {
  requirePermission(actor, 'user.manage');
  await transaction(async (tx) => {
    if (township !== null) {
      const [r] = await tx`SELECT 1 FROM regions WHERE code = ${township}`;
      if (!r) throw invalid(`所在乡镇：找不到行政区划 ${township}`);
    }
    if (enforcementNo !== null) {
      const [taken] = await tx`SELECT 1 FROM supervisors WHERE enforcement_no = ${enforcementNo} AND id <> ${id}`;
      if (taken) throw conflict(`执法证号：${enforcementNo} 已登记在另一个账户`);
    }
    const [row] = await tx`
      UPDATE supervisors SET enforcement_no = ${enforcementNo}, home_region_code = ${township}
       WHERE id = ${id} AND supervisor_has_role(${actor.id}, ${ADMIN}) RETURNING id`;
    if (!row) throw notFound('账户不存在，或您没有管理账户的权限。');
    await writeAudit(tx, { actor, action: 'inspector.update', targetKind: 'supervisor', targetId: id, ip, detail: { enforcementNo, township } });
  });
}

/** Draws a commission's 现场核查 may start from. */
export async function drawnSelfInspectionDraws(actor: Actor): Promise<{ id: number; title: string; year: number }[]> {
  requirePermission(actor, 'inspection.read');
  return sql<{ id: number; title: string; year: number }[]>`
    SELECT d.id, d.title, d.year FROM draws d WHERE d.kind = '自查材料调取' AND d.state IN ('drawn','published') AND ${drawInScope(actor)} ORDER BY d.id DESC`;
}

export interface PublicDrawRow extends DrawRow {
  candidates: FrozenCandidates | null;
}

/**
 * What the public site shows (read at build): every draw whose seed hash is published. The seed,
 * the candidates and the list only of those whose results are public.
 */
export async function publicDraws(): Promise<{ draw: PublicDrawRow; items: DrawItemRow[] }[]> {
  const rows = await sql<PublicDrawRow[]>`
    SELECT ${DRAW_COLUMNS()}, CASE WHEN d.state = 'published' THEN d.candidates END AS candidates
      FROM draws d LEFT JOIN regions r ON r.code = d.region_code
     WHERE d.state IN ('hash-published','drawn','published') ORDER BY d.year DESC, d.id DESC`;
  const published = rows.filter((d) => d.state === 'published');
  const items = await drawItemsOf(published.map((d) => d.id));
  return rows.map((d) => ({ draw: d.state === 'published' ? d : { ...d, seed: null }, items: items.get(d.id) ?? [] }));
}

/** Whether any draw exists (the demo step runs once). */
export async function drawsExist(): Promise<boolean> {
  const [row] = await sql<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM draws) AS any`;
  return row?.any ?? false;
}
