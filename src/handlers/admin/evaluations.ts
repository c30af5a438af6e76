/**
 * /admin/evaluations (issue 12 items 1 and 2): the list of entered and imported evaluations, the
 * form to enter or correct one (预览 → 提交审批), and one submission's page where an administrator
 * other than the enterer approves or returns it. Only approved evaluations reach the public site.
 */
import {
  approveSubmissions,
  getSubmission,
  listSubmissions,
  penaltyFactsOf,
  previewEvaluation,
  returnSubmission,
  storedEvaluationInput,
  submitEvaluation,
  waitingBatches,
  withdrawSubmission,
  type EntryPreview,
  type EvaluationEntry,
  type SubmissionDetail,
} from '../../db/evaluation-submissions';
import type { InstitutionChoice } from '../../db/points-read';
import { documentsOf } from '../../db/documents';
import { evaluationResultNotice } from '../../domain/official-documents';
import { DomainError } from '../../domain/errors';
import { documentHref, issueNotice } from './documents';
import { chooseInstitution } from './institution-choice';
import { recordActionPage } from './record-form';
import { evaluateCreditLevel, LEVELS, VETO_FLAGS, type CreditEvaluationInput } from '../../domain/credit-level';
import { areaScoreIssues, CONTENT_AREAS, DEPARTMENT_INPUTS, EVALUATION_SUBMISSION_TRANSITIONS } from '../../domain/evaluation-approval';
import { availableActions } from '../../domain/lifecycle-transitions';
import { decidingReasonsFor, penaltyAgreement, storedDecidingReasons, type PenaltyFact } from '../../domain/level-reason';
import { can, requirePermission, type Actor } from '../../domain/roles';
import type { IsoDate } from '../../domain/working-days';
import { pageParamSchema } from '../../schemas/admin-common';
import {
  areaScoresOf,
  batchApprovalSchema,
  EVALUATION_FORM_LABELS,
  evaluationEntrySchema,
  submissionActionSchema,
  submissionFilterSchema,
} from '../../schemas/admin-evaluations';
import { EVALUATION_FIELD_LABELS } from '../../domain/evaluation-sheet';
import {
  actorAllowed,
  formAction,
  ipOf,
  LIST_PAGE_SIZE,
  parseForm,
  parseOrThrow,
  postedAction,
  queryObject,
  readForm,
  seeOther,
  today,
  type AdminContext,
} from './http';

// ---------------------------------------------------------------------------------------------
// The list

// The view is inferred (docs/architecture.md): EvaluationListScreen's Props is its one definition.
export async function evaluationListPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.read');
  const r = await postedAction(ctx.request, async () => {
    const { batchId } = parseOrThrow(batchApprovalSchema, await readForm(ctx.request), { batchId: '导入批次' });
    const out = await approveSubmissions(actor, { batchId }, today().today, ipOf(ctx));
    return seeOther(`/admin/evaluations?batch=${batchId}&done=${out.approved}`);
  });
  if (r instanceof Response) return r;
  const { errors, status } = r;
  const query = queryObject(ctx.url);
  const f = submissionFilterSchema.parse(query);
  const page = pageParamSchema.parse(query['page']);
  const { rows, total } = await listSubmissions(actor, { year: f.year, level: f.level, state: f.state, batchId: f.batch, page, pageSize: LIST_PAGE_SIZE });
  const done = /^\d+$/.test(query['done'] ?? '') ? `已批准该导入批次的 ${query['done'] ?? ''} 条评价，已写入评价结果并重新计算优秀名额。` : null;
  return {
    status,
    rows,
    total,
    page,
    q: { year: f.year ? String(f.year) : '', level: f.level ?? '', state: f.state ?? '', batch: f.batch ? String(f.batch) : '' },
    levels: LEVELS,
    states: EVALUATION_SUBMISSION_TRANSITIONS.states,
    batches: (await waitingBatches(actor)).map((b) => ({ ...b, mine: b.createdBy === actor.id })),
    canWrite: can(actor.role, 'credit.write'),
    canApprove: can(actor.role, 'credit.approve'),
    errors,
    done,
  };
}

// ---------------------------------------------------------------------------------------------
// Entering

export interface PenaltyCheck {
  /** Penalty records decided in the year. */
  recorded: number;
  recordedNos: string[];
  /** The difference with the entered count, or null when they agree. */
  message: string | null;
}

function penaltyCheck(year: number, declared: number, facts: readonly PenaltyFact[], asOf: IsoDate): PenaltyCheck {
  const a = penaltyAgreement(year, declared, facts, asOf);
  const recorded = facts.filter((p) => p.decidedOn.startsWith(`${year}-`) && p.decidedOn <= asOf);
  return { recorded: recorded.length, recordedNos: recorded.map((p) => p.decisionNo), message: a.agree ? null : a.message };
}

export interface NewEvaluationView {
  status: number;
  q: string;
  matches: InstitutionChoice[];
  institution: InstitutionChoice | null;
  values: Record<string, string>;
  errors: string[];
  preview: EntryPreview | null;
  penalty: PenaltyCheck | null;
  /** A stored (approved) evaluation is being corrected. */
  correcting: boolean;
  areas: readonly string[];
  fieldLabels: Record<string, string>;
  departments: typeof DEPARTMENT_INPUTS;
  today: IsoDate;
}

/** Form values of an evaluation (a stored one to correct, or defaults with the year's penalties). */
function formValues(e: (CreditEvaluationInput & { evaluatedOn: string; itemScores: { item: string; score: number }[] }) | null, penalties: number, t: IsoDate) {
  const v: Record<string, string> = {
    actualScore: e ? String(e.actualScore) : '',
    reasonableMissingPoints: e ? String(e.reasonableMissingPoints) : '0',
    doubleStarNotMet: e ? String(e.doubleStarNotMet) : '0',
    singleStarNotMet: e ? String(e.singleStarNotMet) : '0',
    penaltiesThisYear: String(e ? e.penaltiesThisYear : penalties),
    publicHealthScore: e?.publicHealthScore == null ? '' : String(e.publicHealthScore),
    evaluatedOn: e?.evaluatedOn ?? t,
  };
  for (const f of VETO_FLAGS) v[f] = e?.[f] ? '是' : '否';
  CONTENT_AREAS.forEach((a, i) => {
    const s = e?.itemScores.find((x) => x.item === a);
    v[`area${i}`] = s ? String(s.score) : '';
  });
  return v;
}

export async function newEvaluationPage(ctx: AdminContext): Promise<NewEvaluationView | Response> {
  const actor = actorAllowed(ctx, 'credit.write');
  const query = queryObject(ctx.url);
  const t = today().today;
  const post = ctx.request.method === 'POST' ? await readForm(ctx.request) : null;
  const { q, matches, institution } = await chooseInstitution(actor, post ?? {}, query);
  // The on-site evaluation runs in September and October (seed 001 五): this year's by default.
  const yearText = post?.['year'] ?? query['year'] ?? t.slice(0, 4);
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number(t.slice(0, 4));
  const facts = institution ? await penaltyFactsOf(institution.id) : [];
  const storedEval = institution ? await storedEvaluationInput(actor, institution.id, year) : null;
  let values: Record<string, string> = { ...formValues(storedEval, penaltyCheck(year, 0, facts, t).recorded, t), year: String(year) };
  let errors: string[] = [];
  let status = 200;
  let preview: EntryPreview | null = null;
  if (post) {
    values = { ...post };
    const parsed = parseForm(evaluationEntrySchema, post, EVALUATION_FORM_LABELS);
    const areaIssues = parsed.data ? areaScoreIssues(parsed.data.actualScore, areaScoresOf(parsed.data)) : [];
    const dateIssue = parsed.data && parsed.data.evaluatedOn > t ? ['评价日期：不能晚于今天'] : [];
    if (parsed.data && areaIssues.length + dateIssue.length === 0) {
      const d = parsed.data;
      const entry: EvaluationEntry = { ...d, itemScores: areaScoresOf(d), note: d.note ?? null };
      const r = await formAction(async () => {
        if (post['op'] === 'submit') {
          const id = await submitEvaluation(actor, entry, ipOf(ctx));
          return seeOther(`/admin/evaluations/${id}?done=submitted`);
        }
        preview = await previewEvaluation(actor, entry, t);
        return new Response(null, { status: 204 });
      });
      if (!(r instanceof Response)) ({ errors, status } = r);
      else if (r.status === 303) return r;
    } else {
      errors = [...(parsed.errors ?? []), ...areaIssues, ...dateIssue];
      status = 400;
    }
  }
  const declared = Number(values['penaltiesThisYear']);
  return {
    status,
    q,
    matches,
    institution,
    values: { ...values, institutionId: institution ? String(institution.id) : '' },
    errors,
    preview,
    penalty: institution && Number.isInteger(declared) && declared >= 0 ? penaltyCheck(year, declared, facts, t) : null,
    correcting: storedEval !== null,
    areas: CONTENT_AREAS,
    fieldLabels: EVALUATION_FIELD_LABELS,
    departments: DEPARTMENT_INPUTS,
    today: t,
  };
}

// ---------------------------------------------------------------------------------------------
// One submission

/**
 * The 评价结果告知书 of an approved evaluation (issue 12 item 7), with the stored level after the
 * 10 % cut. Issued after the approval's transaction (a separate step: if it fails, the page offers
 * it again); issuing twice returns the same document.
 */
async function issueEvaluationNotice(actor: Actor, s: SubmissionDetail, issuedOn: IsoDate, ip: string | null): Promise<void> {
  requirePermission(actor, 'credit.approve');
  if (s.state !== '已批准') throw new DomainError('只有已批准的评价才生成评价结果告知书', 'conflict');
  const e = await storedEvaluationInput(actor, s.institutionId, s.year);
  if (!e) throw new DomainError('该机构该年度的评价结果不存在', 'not-found');
  await issueNotice({
    kind: 'evaluation-result',
    institutionId: s.institutionId,
    subject: { kind: 'evaluation-submission', id: s.id },
    issuedOn,
    issuedBy: actor.id,
    actor,
    ip,
    blocks: (c) =>
      evaluationResultNotice({ ...c, year: s.year, standardizedScore: e.standardizedScore, level: e.level, decidingReasons: storedDecidingReasons(e) }),
  });
}

const DONE: Record<string, string> = {
  notice: '《评价结果告知书》已生成，可下载打印后送达。',
  submitted: '已提交审批。须由另一名委机关管理员批准后才写入评价结果并在公示网站显示。',
  approve: '已批准：评价结果已写入，本辖区本年度的优秀名额已重新计算，下次发布网站后公示。',
  return: '已退回，录入人可修改后重新提交。',
  withdraw: '已撤回。',
};

export async function submissionPage(ctx: AdminContext) {
  const page = await recordActionPage(ctx, 'credit.read', submissionActionSchema, EVALUATION_FORM_LABELS, async (input, { actor, id, t }) => {
    if (input.op === 'approve') {
      await approveSubmissions(actor, { ids: [id] }, t, ipOf(ctx));
      // The notice after the approval has committed: a failure leaves the approval standing.
      const approved = await getSubmission(actor, id);
      if (approved)
        await issueEvaluationNotice(actor, approved, t, ipOf(ctx)).catch((e: unknown) => {
          console.error(e);
        });
    }
    if (input.op === 'notice') {
      const approved = await getSubmission(actor, id);
      if (!approved) throw new DomainError('该评价不存在', 'not-found');
      await issueEvaluationNotice(actor, approved, t, ipOf(ctx));
    }
    if (input.op === 'return') await returnSubmission(actor, id, input.reason, ipOf(ctx));
    if (input.op === 'withdraw') await withdrawSubmission(actor, id, input.reason ?? null, ipOf(ctx));
    return input.op;
  });
  if (page === null || page instanceof Response) return page;
  const { actor, id, t, errors, status } = page;
  const s = await getSubmission(actor, id);
  if (!s) return null;
  const input: CreditEvaluationInput = s;
  const credit = evaluateCreditLevel(input);
  const waiting = s.state === '待审批';
  const actions = availableActions(EVALUATION_SUBMISSION_TRANSITIONS, s.state, {
    role: actor.role,
    inJurisdiction: true,
    isProposer: s.enteredBy === actor.id,
  }).filter((a) => a !== 'withdraw' || actor.role === 'admin' || s.enteredBy === actor.id);
  return {
    status,
    s,
    standardizedScoreText: credit.standardizedScoreText,
    decidingReasons: decidingReasonsFor(input),
    allReasons: credit.reasons,
    penalty: penaltyCheck(s.year, s.penaltiesThisYear, await penaltyFactsOf(s.institutionId), t),
    // What approving would do now (waiting submissions, for the approver).
    preview:
      waiting && actions.includes('approve')
        ? await previewEvaluation(actor, { ...s, institutionId: s.institutionId, evaluatedOn: s.evaluatedOn ?? t, note: s.note }, t)
        : null,
    actions,
    // The 评价结果告知书 of an approved evaluation, once issued.
    notice:
      (await documentsOf(actor, { kind: 'evaluation-submission', id: s.id })).map((d) => ({ documentNo: d.documentNo, href: documentHref(d.id) }))[0] ?? null,
    canIssueNotice: s.state === '已批准' && can(actor.role, 'credit.approve'),
    fieldLabels: EVALUATION_FIELD_LABELS,
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
  };
}
