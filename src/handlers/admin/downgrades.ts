import { downgradeEvents, evaluationInputOf, getDowngrade, listDowngrades, type DowngradeRow } from '../../db/downgrades-read';
import { approveDowngrade, closeDowngrade, recordFinding, rescoreDowngrade, revokeDowngrade, submitDowngrade } from '../../db/downgrades-write';
import { documentsOf } from '../../db/documents';
import { auditActionLabel } from '../../domain/audit-labels';
import type { CreditEvaluationInput } from '../../domain/credit-level';
import { DOWNGRADE_TRANSITIONS, isDowngradeProposer, rescoreTimeliness, timelinessText, type RescoreTimeliness } from '../../domain/downgrade';
import { availableActions, stateFilter } from '../../domain/lifecycle-transitions';
import type { z } from 'zod';
import { can, type Actor } from '../../domain/roles';
import type { IsoDate } from '../../domain/working-days';
import { downgradeActionSchema, DOWNGRADE_LABELS, findingSchema } from '../../schemas/admin-downgrades';
import { pageParamSchema } from '../../schemas/admin-common';
import { issueDowngradeNotice } from './downgrade-notice';
import { documentHref } from './documents';
import { actorAllowed, ipOf, LIST_PAGE_SIZE, queryObject, today, type AdminContext } from './http';
import { recordActionPage, recordFormPage } from './record-form';

/**
 * Downgrades during the year (seed 001 附件1 七(二)): the pages under /admin/downgrades. A district
 * supervisor records the finding, re-scores within 5 days and reports; an administrator other than
 * the proposer approves (then the 降级通知书 is issued), returns, or dismisses.
 */

/** The re-score deadline while it matters: open records, and the record of when it was done. */
function timelinessOf(r: Pick<DowngradeRow, 'foundOn' | 'rescoredOn'>, t: IsoDate): RescoreTimeliness | null {
  return r.foundOn ? rescoreTimeliness(r.foundOn, r.rescoredOn, t) : null;
}

export async function downgradeListPage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.read');
  const query = queryObject(ctx.url);
  const { state, filterView } = stateFilter(DOWNGRADE_TRANSITIONS, query['state']);
  const page = pageParamSchema.parse(query['page']);
  const { rows, total } = await listDowngrades(actor, { state, page, pageSize: LIST_PAGE_SIZE });
  const t = today().today;
  return {
    rows: rows.map((r) => {
      const timeliness = timelinessOf(r, t);
      return { ...r, timeliness, timelinessText: timeliness ? timelinessText(timeliness) : '' };
    }),
    total,
    page,
    ...filterView,
    canWrite: can(actor.role, 'credit.write'),
  };
}

/** 记录发现的违法违规行为: pick an institution in the jurisdiction, then the finding. */
export async function newDowngradePage(ctx: AdminContext) {
  const actor = actorAllowed(ctx, 'credit.write');
  const t = today().today;
  return recordFormPage(ctx, actor, { foundOn: t, source: '日常监督' }, findingSchema, DOWNGRADE_LABELS, async (f) => {
    const id = await recordFinding(actor, { ...f, linkKind: f.linkKind ?? null, linkRef: f.linkRef ?? null }, t, ipOf(ctx));
    return `/admin/downgrades/${id}?done=found`;
  });
}

const DONE: Record<string, string> = {
  found: '已记录。请在期限内使用现场评价表重新评分。',
  rescore: '重新评分已保存。',
  submit: '已上报评价小组，等待另一名委机关管理员审查。',
  return: '已退回补正。',
  approve: '已审查通过，降级通知书已出具；发布网站后公示页、公示栏和开放数据按重新评分显示。',
  dismiss: '已决定不予降级。',
  withdraw: '已撤回。',
  revoke: '已撤销降级；发布网站后恢复原级别。',
  notice: '降级通知书已出具。',
  'approve-no-notice': '已审查通过，但降级通知书未能生成，请点击“生成降级通知书”重试；通知书出具后降级才在公示页显示。',
};

/** The form's text for each fact: "是"/"否" for the yes/no ones, as the evaluation sheet reads them. */
function formValues(input: CreditEvaluationInput): Record<string, string> {
  const fields = Object.keys(DOWNGRADE_LABELS).filter((k): k is keyof CreditEvaluationInput => k in input);
  return Object.fromEntries(
    fields.map((k) => {
      const v = input[k];
      return [k, typeof v === 'boolean' ? (v ? '是' : '否') : v === null ? '' : String(v)];
    }),
  );
}

async function act(actor: Actor, id: number, input: z.infer<typeof downgradeActionSchema>, t: IsoDate, ip: string | null): Promise<string> {
  switch (input.op) {
    case 'rescore': {
      const { op, rescoredOn, reason, ...facts } = input;
      await rescoreDowngrade(actor, id, rescoredOn, facts, reason ?? '录入重新评分', t, ip);
      return op;
    }
    case 'submit':
      await submitDowngrade(actor, id, input.reason, ip);
      return 'submit';
    case 'approve':
      await approveDowngrade(actor, id, input.reason, t, ip);
      // A separate step after the commit: if the notice fails, the page offers it again.
      try {
        await issueDowngradeNotice(actor, id, t, ip);
      } catch (e) {
        console.error(e);
        return 'approve-no-notice';
      }
      return 'approve';
    case 'revoke':
      await revokeDowngrade(actor, id, input.reason, t, ip);
      return 'revoke';
    case 'notice':
      await issueDowngradeNotice(actor, id, t, ip);
      return 'notice';
    default:
      await closeDowngrade(actor, id, input.op, input.reason, ip);
      return input.op;
  }
}

// The view is inferred (docs/architecture.md): DowngradeScreen's Props is its one definition.
export async function downgradePage(ctx: AdminContext) {
  const page = await recordActionPage(ctx, 'credit.read', downgradeActionSchema, DOWNGRADE_LABELS, (input, { actor, id, t }) =>
    act(actor, id, input, t, ipOf(ctx)),
  );
  if (page === null || page instanceof Response) return page;
  const { actor, id, t, status, errors, posted } = page;
  const record = await getDowngrade(actor, id);
  if (!record) return null;
  const timeliness = timelinessOf(record, t);
  const actor2 = { role: actor.role, inJurisdiction: true, isProposer: isDowngradeProposer(actor.id, record) };
  const current = record.rescoreInput ?? (await evaluationInputOf(actor, record.institutionId));
  const rescoreValues = { rescoredOn: t, ...(current ? formValues(current) : {}), ...(posted?.['op'] === 'rescore' ? posted : {}) };
  return {
    status,
    actor,
    record,
    stateLabel: DOWNGRADE_TRANSITIONS.stateLabels[record.state],
    timeliness: timeliness ? timelinessText(timeliness) : '',
    overdue: timeliness?.status === 'overdue' || timeliness?.status === 'late',
    actions: can(actor.role, 'credit.write')
      ? availableActions(DOWNGRADE_TRANSITIONS, record.state, actor2).map((op) => ({ op, label: DOWNGRADE_TRANSITIONS.actionLabels[op] }))
      : [],
    // The re-score form's values: the stored re-score, else the current evaluation's facts.
    rescoreValues,
    // Approved, notice not yet issued: offer "生成通知书"; the issued 降级通知书 (archived PDF).
    noticeMissing: record.state === 'downgraded' && record.noticeNo === null && can(actor.role, 'credit.approve'),
    notices: (await documentsOf(actor, { kind: 'downgrade', id })).map((d) => ({ documentNo: d.documentNo, href: documentHref(d.id) })),
    events: (await downgradeEvents(id)).map((e) => ({ ...e, label: auditActionLabel(e.action) })),
    errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    today: t,
  };
}
