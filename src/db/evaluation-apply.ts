/**
 * Writing approved evaluations: the staged rows (src/db/import-evaluations.ts) become stored
 * evaluations, the 10 % cut is recomputed over the WHOLE year in each jurisdiction touched — not
 * just over the rows written — and posters whose printed level moved get a new version. One path
 * for the sheet import's preview, the approval of a submission or of a whole import batch, and
 * the preview of an entry (run in a transaction that is rolled back).
 */
import { evaluateCreditLevel, formatHundredths, type CreditEvaluationInput, type CreditLevel } from '../domain/credit-level';
import { applyExcellentCut, type CutSummary } from '../domain/excellent-cut';
import type { LevelChange } from '../schemas/import-result';
import type { Tx } from './client';
import {
  affectedGroups,
  bumpPosterVersions,
  displayedLevels,
  evaluationsInGroups,
  importedEvaluationIds,
  updateLevels,
  writeEvaluations,
  type CutGroup,
  type StoredEvaluation,
} from './import-evaluations';

/** The credit engine's twelve facts of a row that has more. */
export function creditInput(e: CreditEvaluationInput): CreditEvaluationInput {
  return {
    actualScore: e.actualScore,
    reasonableMissingPoints: e.reasonableMissingPoints,
    doubleStarNotMet: e.doubleStarNotMet,
    singleStarNotMet: e.singleStarNotMet,
    penaltiesThisYear: e.penaltiesThisYear,
    conductViolation: e.conductViolation,
    seriousViolationOrImpact: e.seriousViolationOrImpact,
    establishmentNonCompliant: e.establishmentNonCompliant,
    validationSuspended: e.validationSuspended,
    majorAccidentFullResponsibility: e.majorAccidentFullResponsibility,
    safetyOrFireAccident: e.safetyOrFireAccident,
    publicHealthScore: e.publicHealthScore,
  };
}

export interface RecomputedGroup {
  group: CutGroup;
  summary: CutSummary;
  /** Evaluation id → level and reasons after the cut. */
  results: Map<number, { level: CreditLevel; reasons: string[]; heldBack: boolean }>;
}

/** The credit engine over one year in one jurisdiction: caps per evaluation, then the 10 % cut. */
export function recomputeGroup(group: CutGroup, evaluations: readonly StoredEvaluation[]): RecomputedGroup {
  const credits = evaluations.map((e) => ({ e, credit: evaluateCreditLevel(creditInput(e)) }));
  const { outcomes, summary } = applyExcellentCut(
    credits.map(({ e, credit }) => ({ id: String(e.id), level: credit.level, standardizedScoreHundredths: credit.standardizedScoreHundredths })),
  );
  const results = new Map<number, { level: CreditLevel; reasons: string[]; heldBack: boolean }>();
  credits.forEach(({ e, credit }, i) => {
    const cut = outcomes[i];
    if (!cut) return;
    results.set(e.id, {
      level: cut.level,
      reasons: cut.reason ? [...credit.reasons, cut.reason] : credit.reasons,
      heldBack: cut.heldBack,
    });
  });
  return { group, summary, results };
}

function sameReasons(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

function groupName(g: CutGroup): string {
  return `${g.year}年度${g.jurisdictionCode ? `（辖区${g.jurisdictionCode}）` : '（未定辖区）'}`;
}

function cutNote(g: RecomputedGroup): string {
  const s = g.summary;
  const line = s.cutLineHundredths === null ? '未超出名额' : `分界线${formatHundredths(s.cutLineHundredths)}分，等于或低于者不评优秀`;
  return `${groupName(g.group)}：参评${s.evaluatedCount}家，优秀名额${s.quota}个，符合优秀条件${s.candidateCount}家，评为优秀${s.excellentCount}家（${line}）`;
}

/**
 * Recomputes the cut for the groups, writes what moved, and reports level changes against the
 * levels read before the import. Used after an evaluation import; any later change to a year's
 * evaluations (a review, a correction) needs the same.
 */
export async function recomputeLevels(
  tx: Tx,
  groups: readonly CutGroup[],
  before: ReadonlyMap<number, CreditLevel>,
  fromFile: ReadonlySet<number>,
  ownLabel = '本次导入',
): Promise<{ levelChanges: LevelChange[]; notes: string[]; institutionIds: number[] }> {
  const all = await evaluationsInGroups(tx, groups);
  const byGroup = new Map<string, StoredEvaluation[]>();
  for (const e of all) {
    const key = `${e.jurisdictionCode ?? ''}|${e.year}`;
    const list = byGroup.get(key) ?? [];
    if (list.length === 0) byGroup.set(key, list);
    list.push(e);
  }
  const updates: { id: number; level: CreditLevel; reasons: string[] }[] = [];
  const levelChanges: LevelChange[] = [];
  const notes: string[] = [];
  for (const group of groups) {
    const list = byGroup.get(`${group.jurisdictionCode ?? ''}|${group.year}`) ?? [];
    if (list.length === 0) continue;
    const recomputed = recomputeGroup(group, list);
    notes.push(cutNote(recomputed));
    for (const e of list) {
      const r = recomputed.results.get(e.id);
      if (!r) continue;
      if (r.level !== e.level || !sameReasons(r.reasons, e.reasons)) updates.push({ id: e.id, ...r });
      const was = before.get(e.id);
      if (was !== undefined && was !== r.level) {
        const own = fromFile.has(e.id);
        const score = formatHundredths(evaluateCreditLevel(creditInput(e)).standardizedScoreHundredths);
        levelChanges.push({
          registrationNo: e.registrationNo,
          name: e.name,
          year: e.year,
          before: was,
          after: r.level,
          reason: own
            ? `${ownLabel}重新评分，标化得分${score}${r.heldBack ? '，因优秀名额限制评为合格' : ''}`
            : r.heldBack
              ? `本年度本辖区参评机构增加或得分变化，优秀分界线调整，标化得分${score}评为合格`
              : `优秀名额重新计算后，标化得分${score}进入名额`,
        });
      }
    }
  }
  await updateLevels(tx, updates);
  levelChanges.sort((a, b) => a.year - b.year || a.registrationNo.localeCompare(b.registrationNo));
  return { levelChanges, notes, institutionIds: [...new Set(all.map((e) => e.institutionId))] };
}

/** What writing the staged rows did: levels that moved (in and outside the rows) and the cut per group. */
export interface AppliedEvaluations {
  levelChanges: LevelChange[];
  notes: string[];
}

/**
 * Writes the staged rows (after checkEvaluations and diffEvaluations), recomputes the cut of every
 * group they touch and bumps the posters whose displayed level moved. `own` names the change in
 * the level-change reasons ("本次导入", "本次审批").
 */
export async function applyStagedEvaluations(tx: Tx, today: string, own: string): Promise<AppliedEvaluations> {
  const groups = await affectedGroups(tx);
  const beforeRows = await evaluationsInGroups(tx, groups);
  const before = new Map(beforeRows.map((e) => [e.id, e.level]));
  const displayedBefore = await displayedLevels(tx, [...new Set(beforeRows.map((e) => e.institutionId))]);

  await writeEvaluations(tx, today);
  const fromRows = new Set(await importedEvaluationIds(tx));
  const recomputed = await recomputeLevels(tx, groups, before, fromRows, own);

  // 公示栏 posters print the current level: a new poster version where it moved.
  const displayedAfter = await displayedLevels(tx, recomputed.institutionIds);
  // A first level ever is not a reprint: the first poster is printed with it.
  const reprint = recomputed.institutionIds.filter((id) => {
    const was = displayedBefore.get(id);
    return was !== undefined && was !== displayedAfter.get(id);
  });
  await bumpPosterVersions(tx, reprint);
  const notes = [...recomputed.notes];
  if (reprint.length > 0) notes.push(`公示栏显示的信用等级有变化的机构${reprint.length}家，二维码公示牌版本号已更新，需重新印制`);
  return { levelChanges: recomputed.levelChanges, notes };
}
