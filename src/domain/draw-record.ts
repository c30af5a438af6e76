import { firstDifference, runDraw, seedHashOf, strataOf, type DrawCandidates, type DrawItem, type DrawKind, type DrawPlan } from './draw';
import { DomainError } from './errors';

/**
 * The machine-readable record of a published draw (/inspections/{id}/draw.json) and its check:
 * what `npm run draw:verify` reads. Everything a citizen needs to recompute the list is in it —
 * the plan, the frozen candidates, the seed hash published before the draw and the seed revealed
 * after it — and nothing else (no account ids, no recusal reasons).
 */

export const DRAW_RECORD_FORMAT = 'draw-record-v1';

export interface DrawRecord {
  format: string;
  algorithm: string;
  id: number;
  year: number;
  title: string;
  kind: DrawKind;
  region: string | null;
  plan: DrawPlan;
  seedHash: string;
  seed: string;
  hashPublishedAt: string | null;
  drawnAt: string | null;
  candidates: DrawCandidates;
  result: DrawItem[];
}

export interface DrawRecordSource {
  id: number;
  year: number;
  title: string;
  kind: DrawKind;
  regionName: string | null;
  plan: DrawPlan;
  algorithm: string;
  seedHash: string | null;
  seed: string | null;
  hashPublishedAt: string | null;
  drawnAt: string | null;
  candidates: DrawCandidates | null;
}

/** The record of a drawn draw; null before it is drawn (nothing to verify yet). */
export function drawRecord(
  d: DrawRecordSource,
  items: readonly { position: number; code: string; stratum: string; inspectors: { enforcementNo: string }[] }[],
): DrawRecord | null {
  if (d.seed === null || d.seedHash === null || d.candidates === null) return null;
  return {
    format: DRAW_RECORD_FORMAT,
    algorithm: d.algorithm,
    id: d.id,
    year: d.year,
    title: d.title,
    kind: d.kind,
    region: d.regionName,
    plan: d.plan,
    seedHash: d.seedHash,
    seed: d.seed,
    hashPublishedAt: d.hashPublishedAt,
    drawnAt: d.drawnAt,
    // Only the public fields: the frozen JSON also carries the accounts the items point to.
    candidates: {
      institutions: d.candidates.institutions.map((i) => ({
        code: i.code,
        name: i.name,
        level: i.level,
        risk: i.risk,
        type: i.type,
        township: i.township,
        hospitalGrade: i.hospitalGrade,
      })),
      inspectors: d.candidates.inspectors.map((p) => ({ enforcementNo: p.enforcementNo, name: p.name, township: p.township, recusals: p.recusals })),
    },
    result: items.map((i) => ({ position: i.position, code: i.code, stratum: i.stratum, inspectors: i.inspectors.map((p) => p.enforcementNo) })),
  };
}

export type Verification = { ok: true; items: number } | { ok: false; code: 'algorithm' | 'seed-hash' | 'recompute' | 'different'; message: string };

/**
 * Checks a record: the seed matches the hash published before the draw (otherwise the check is
 * refused: a seed chosen afterwards proves nothing), then the list recomputed from the seed and
 * the frozen candidates is the published one.
 */
export function verifyDrawRecord(r: DrawRecord): Verification {
  if (r.algorithm !== 'draw-v1') return { ok: false, code: 'algorithm', message: `不支持的算法 ${r.algorithm} / unsupported algorithm ${r.algorithm}` };
  if (seedHashOf(r.seed) !== r.seedHash)
    return {
      ok: false,
      code: 'seed-hash',
      message: '种子与抽取前公布的哈希不符，拒绝验证 / the seed does not match the hash published before the draw: refused',
    };
  let recomputed: DrawItem[];
  try {
    recomputed = runDraw(r.kind, r.plan, r.candidates, r.seed);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { ok: false, code: 'recompute', message: `无法重算：${e.message} / cannot recompute` };
  }
  const diff = firstDifference(r.result, recomputed);
  return diff === null ? { ok: true, items: recomputed.length } : { ok: false, code: 'different', message: `不一致 / different: ${diff}` };
}

/** The strata as the public page explains them: size, rule, how many drawn. */
export function strataSummary(kind: DrawKind, plan: DrawPlan, candidates: DrawCandidates): { key: string; size: number; rule: string; sample: number }[] {
  return strataOf(kind, candidates.institutions, plan).map((s) => ({
    key: s.key,
    size: s.size,
    rule: s.rule ? (s.rule.count !== undefined ? `${s.rule.count} 家（${s.rule.match}）` : `${s.rule.percent ?? 0}%（${s.rule.match}）`) : '不抽取',
    sample: s.sample,
  }));
}
