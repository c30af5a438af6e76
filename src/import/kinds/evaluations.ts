/**
 * The evaluation sheet (信用评价表): exactly the sheet `npm run credit` reads (the domain's
 * parser), stored one evaluation per institution per year. After the write the 10 % cut is
 * recomputed over the WHOLE year in each jurisdiction the import touches — not just over the
 * file — so one more sheet can move the cut line, and every institution whose level moves is
 * reported, whether it was in the file or not.
 */
import { evaluateCreditLevel, formatHundredths, type CreditEvaluationInput, type CreditLevel } from '../../domain/credit-level';
import { EVALUATION_COLUMNS, OPTIONAL_EVALUATION_COLUMNS, toCreditInput, type EvaluationRow } from '../../domain/evaluation-sheet';
import { optionalDateCell, parseEvaluationRow, yearCell } from '../../schemas/evaluation-sheet';
import { applyExcellentCut, type CutSummary } from '../../domain/excellent-cut';
import { institutionsByRegistration, loadRegions, type Tx } from '../../db/import-common';
import {
  affectedGroups,
  bumpPosterVersions,
  checkEvaluations,
  diffEvaluations,
  displayedLevels,
  dropEvaluationLines,
  evaluationsInGroups,
  importedEvaluationIds,
  nameMismatches,
  stageEvaluations,
  updateLevels,
  writeEvaluations,
  type CutGroup,
  type StagedEvaluation,
  type StoredEvaluation,
} from '../../db/import-evaluations';
import { fieldErrors } from '../../schemas/zod-errors';
import { EVALUATION_IMPORT_COLUMNS, evaluationExtraSchema, JURISDICTION_COLUMN, type EvaluationExtra } from '../../schemas/import-evaluations';
import type { ImportKind } from '../kind';
import { RegionIndex } from '../regions';
import type { LevelChange, RowError, WriteResult } from '../types';

/** Name mismatches listed one by one; beyond that, counted. */
const NAME_NOTES = 20;

export type EvaluationImportRow = EvaluationRow & EvaluationExtra;

function creditInput(e: StoredEvaluation): CreditEvaluationInput {
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
            ? `本次导入重新评分，标化得分${score}${r.heldBack ? '，因优秀名额限制评为合格' : ''}`
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

export const evaluationsKind: ImportKind<EvaluationImportRow> = {
  name: 'evaluations',
  title: '信用评价表',
  unit: '家',
  columns: EVALUATION_IMPORT_COLUMNS,
  parse(line, cells) {
    const parsed = parseEvaluationRow(line, cells);
    const extra = evaluationExtraSchema.safeParse({ jurisdiction: cells[JURISDICTION_COLUMN.header] });
    const errors: RowError[] = parsed.ok ? [] : [...parsed.errors];
    if (!extra.success) {
      errors.push(...fieldErrors(extra.error.issues, { jurisdiction: JURISDICTION_COLUMN.header }).map((e) => ({ line, column: e.label, message: e.message })));
    }
    // Checked on its own cells, so that it is reported with the row's other problems.
    const year = yearCell().safeParse(cells[EVALUATION_COLUMNS.year] ?? '');
    const date = optionalDateCell().safeParse(cells[OPTIONAL_EVALUATION_COLUMNS.evaluatedOn] ?? '');
    if (year.success && date.success && date.data !== null && Number(date.data.slice(0, 4)) < year.data) {
      errors.push({ line, column: OPTIONAL_EVALUATION_COLUMNS.evaluatedOn, message: `不能早于评价年度（${year.data}年）` });
    }
    if (!parsed.ok || !extra.success || errors.length > 0) return { ok: false, errors };
    return { ok: true, row: { ...parsed.row, ...extra.data } };
  },
  fileKey: (row) => `${row.year}\u0000${row.registrationNo}`,
  duplicate: { column: '登记号', why: '同一机构同一年度只能有一条评价' },
  refersToInstitutions: true,

  async prepare(tx, rows, context) {
    const errors: RowError[] = [];
    const regions = new RegionIndex(await loadRegions(tx));
    const institutions = await institutionsByRegistration(
      tx,
      rows.map((r) => r.row.registrationNo),
    );
    const staged: StagedEvaluation[] = [];
    for (const { line, row } of rows) {
      let jurisdictionGiven: string | null = null;
      if (row.jurisdiction) {
        const resolved = regions.resolve(row.jurisdiction);
        if (!resolved.ok) {
          errors.push({ line, column: JURISDICTION_COLUMN.header, message: resolved.message });
          continue;
        }
        jurisdictionGiven = resolved.code;
      }
      const credit = evaluateCreditLevel(toCreditInput(row));
      staged.push({
        line,
        registrationNo: row.registrationNo,
        name: row.name,
        year: row.year,
        actualScore: row.actualScore,
        reasonableMissingPoints: row.reasonableMissingPoints,
        doubleStarNotMet: row.doubleStarNotMet,
        singleStarNotMet: row.singleStarNotMet,
        penaltiesThisYear: row.penaltiesThisYear,
        conductViolation: row.conductViolation,
        seriousViolationOrImpact: row.seriousViolationOrImpact,
        establishmentNonCompliant: row.establishmentNonCompliant,
        validationSuspended: row.validationSuspended,
        majorAccidentFullResponsibility: row.majorAccidentFullResponsibility,
        safetyOrFireAccident: row.safetyOrFireAccident,
        publicHealthScore: row.publicHealthScore,
        evaluatedOn: row.evaluatedOn,
        jurisdictionGiven,
        jurisdictionDefault: regions.countyOf(institutions.get(row.registrationNo)?.regionCode ?? null),
        standardizedScore: credit.standardizedScore,
        scoreLevel: credit.levelByScore,
        levelBeforeCut: credit.level,
        reasons: credit.reasons,
      });
    }
    await stageEvaluations(tx, staged);

    return {
      async check() {
        return [...errors, ...(await checkEvaluations(tx))];
      },
      drop: (lines) => dropEvaluationLines(tx, lines),
      async write(): Promise<WriteResult> {
        const diff = await diffEvaluations(tx);
        const notes: string[] = [];
        const mismatches = await nameMismatches(tx);
        for (const m of mismatches.slice(0, NAME_NOTES)) {
          notes.push(`请核对：第${m.line}行机构名称“${m.sheetName}”与机构名册中的“${m.name}”不同（按登记号导入）`);
        }
        if (mismatches.length > NAME_NOTES) notes.push(`……另有${mismatches.length - NAME_NOTES}行机构名称与名册不同`);
        const groups = await affectedGroups(tx);
        const beforeRows = await evaluationsInGroups(tx, groups);
        const before = new Map(beforeRows.map((e) => [e.id, e.level]));
        const institutionIds = [...new Set(beforeRows.map((e) => e.institutionId))];
        const displayedBefore = await displayedLevels(tx, institutionIds);

        await writeEvaluations(tx, context.today);
        const fromFile = new Set(await importedEvaluationIds(tx));
        const recomputed = await recomputeLevels(tx, groups, before, fromFile);

        // 公示栏 posters print the current level: a new poster version where it moved.
        const displayedAfter = await displayedLevels(tx, recomputed.institutionIds);
        // A first level ever is not a reprint: the first poster is printed with it.
        const reprint = recomputed.institutionIds.filter((id) => {
          const was = displayedBefore.get(id);
          return was !== undefined && was !== displayedAfter.get(id);
        });
        await bumpPosterVersions(tx, reprint);
        if (reprint.length > 0) notes.push(`公示栏显示的信用等级有变化的机构${reprint.length}家，二维码公示牌版本号已更新，需重新印制`);
        return { ...diff, levelChanges: recomputed.levelChanges, notes: [...recomputed.notes, ...notes] };
      },
    };
  },
};
