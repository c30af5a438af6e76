/**
 * The evaluation sheet (信用评价表): exactly the sheet `npm run credit` reads (the domain's
 * parser), one evaluation per institution per year. An import does not write evaluations: its
 * new and changed rows become submissions (待审批) that a second person approves on
 * /admin/evaluations (src/db/evaluation-submissions.ts), like an evaluation entered on the form.
 * The report says what approving them would do: the 10 % cut recomputed over the WHOLE year in
 * each jurisdiction the import touches — not just over the file — so one more sheet can move the
 * cut line, and every institution whose level would move is reported, in the file or not.
 */
import { evaluateCreditLevel } from '../../domain/credit-level';
import { EVALUATION_COLUMNS, OPTIONAL_EVALUATION_COLUMNS, toCreditInput, type EvaluationRow } from '../../domain/evaluation-sheet';
import { optionalDateCell, parseEvaluationRow, yearCell } from '../../schemas/evaluation-sheet';
import { penaltyAgreement } from '../../domain/level-reason';
import { institutionsByRegistration, loadRegions } from '../../db/import-common';
import { checkEvaluations, diffEvaluations, dropEvaluationLines, nameMismatches, stageEvaluations, type StagedEvaluation } from '../../db/import-evaluations';
import { applyStagedEvaluations } from '../../db/evaluation-apply';
import { stagedPenaltyFacts, submitStagedEvaluations } from '../../db/evaluation-submissions';
import { fieldErrors } from '../../schemas/zod-errors';
import { EVALUATION_IMPORT_COLUMNS, evaluationExtraSchema, JURISDICTION_COLUMN, type EvaluationExtra } from '../../schemas/import-evaluations';
import type { ImportKind } from '../kind';
import { RegionIndex } from '../regions';
import type { RowError, WriteResult } from '../types';

/** Name mismatches listed one by one; beyond that, counted. */
const NAME_NOTES = 20;

export type EvaluationImportRow = EvaluationRow & EvaluationExtra;

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
        ...toCreditInput(row),
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
        // Issue 12 item 2: the sheet's 行政处罚次数 against the penalty records of that year.
        const disagreeing = (await stagedPenaltyFacts(tx)).flatMap((r) => {
          const a = penaltyAgreement(r.year, r.declared, r.penalties, context.today);
          return a.agree ? [] : [`请核对：第${r.line}行${r.name}：${a.message}`];
        });
        notes.push(...disagreeing.slice(0, NAME_NOTES));
        if (disagreeing.length > NAME_NOTES) notes.push(`……另有${disagreeing.length - NAME_NOTES}行行政处罚次数与处罚记录不一致`);

        // What approving the whole file would do — computed by doing it and rolling back to the
        // savepoint: nothing reaches the evaluations (the public pages) before a second person
        // approves the submissions created below (issue 12 item 1).
        await tx`SAVEPOINT evaluation_preview`;
        const ifApproved = await applyStagedEvaluations(tx, context.today, '本次导入');
        await tx`ROLLBACK TO SAVEPOINT evaluation_preview`;
        const waiting = await submitStagedEvaluations(tx, context.batchId ?? null, context.enteredBy ?? null);
        notes.unshift(
          `导入后生成${waiting}条待审批的评价录入，须由另一名委机关管理员在“信用评价”页面批准后才写入评价结果并在公示网站显示；下列等级变化是全部批准后的结果`,
        );
        return { ...diff, levelChanges: ifApproved.levelChanges, notes: [...ifApproved.notes, ...notes] };
      },
    };
  },
};
