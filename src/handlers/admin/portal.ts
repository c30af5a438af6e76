import {
  createPortalAccount,
  decideSubmission,
  listPortalAccounts,
  listPublishedReplies,
  listSubmissions,
  managePortalAccount,
  submissionFile,
  subjectNames,
  withdrawReply,
} from '../../db/portal';
import { hashSessionId, randomToken } from '../../server/sessions';
import { PORTAL_KIND_LABELS, PORTAL_STATE_LABELS, PORTAL_STATES, ACTIVATION_HOURS, type PortalState } from '../../domain/portal';
import { recordIdOf } from '../../schemas/admin-common';
import { newPortalAccountSchema, portalAccountActionSchema, portalDecisionSchema, PORTAL_LABELS } from '../../schemas/portal';
import {
  actorOf,
  fileDownload,
  ipOf,
  NOT_REFUSED,
  parseOrThrow,
  postedAction,
  queryObject,
  readForm,
  requireAccess,
  seeOther,
  today,
  type AdminContext,
} from './http';
import { chooseInstitution } from './institution-choice';
import { previewLines } from '../portal-preview';

/**
 * The supervisor side of the institution portal (docs/portal.md): /admin/portal reviews what the
 * institutions in the actor's jurisdiction submitted (approve, or reject with the reason they
 * will read) and withdraws published replies; /admin/portal/accounts creates an institution's
 * account and hands over its one-time activation link.
 */

const DONE: Record<string, string> = {
  approve: '已审核通过，内容已写入公示数据；发布后在机构公示页显示。',
  reject: '已退回，机构可在门户中看到退回理由。',
  'withdraw-reply': '已撤下该机构回应，发布后不再显示。',
  deactivate: '已停用该机构账户，其登录已全部结束。',
  reissue: '已重新签发激活链接（旧密码已失效）。',
  create: '已新建机构账户。',
};

function stateOf(value: string | null): PortalState {
  return (PORTAL_STATES as readonly string[]).includes(value ?? '') ? (value as PortalState) : 'pending';
}

export async function portalReviewPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'portal.approve');
  const refused = await postedAction(ctx.request, async () => {
    const input = parseOrThrow(portalDecisionSchema, await readForm(ctx.request), PORTAL_LABELS);
    if (input.op === 'withdraw-reply') await withdrawReply(actor, input.id, input.reason, today().today, ipOf(ctx));
    else await decideSubmission(actor, input.id, input.op, input.reason, today().today, ipOf(ctx));
    return seeOther(`/admin/portal?done=${input.op}`);
  });
  if (refused instanceof Response) return refused;
  const state = stateOf(ctx.url.searchParams.get('state'));
  const [rows, replies] = await Promise.all([listSubmissions(actor, state), state === 'approved' ? listPublishedReplies(actor) : Promise.resolve([])]);
  const names = await subjectNames(rows.map((r) => r.institutionId));
  return {
    status: refused.status,
    errors: refused.errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    state,
    states: PORTAL_STATES.filter((s) => s !== 'withdrawn').map((s) => ({ value: s, label: PORTAL_STATE_LABELS[s] })),
    rows: rows.map((r) => ({
      id: r.id,
      institutionCode: r.institutionCode,
      institutionName: r.institutionName,
      username: r.username,
      kindLabel: PORTAL_KIND_LABELS[r.kind],
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
      decidedByName: r.decidedByName,
      decisionReason: r.decisionReason,
      lines: previewLines(r, names),
      files: r.files.map((f) => ({ ...f, href: `/admin/portal/files/${r.id}/${f.id}` })),
    })),
    replies,
  };
}

/** /admin/portal/accounts: accounts in the jurisdiction; create one (the link is shown once), deactivate, re-issue. */
export async function portalAccountsPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'portal.manage');
  let values: Record<string, string> = {};
  let link: { url: string; username: string; done: string } | null = null;
  const issue = () => {
    const token = randomToken();
    return { hash: hashSessionId(token), url: new URL(`/portal/activate?token=${token}`, ctx.url).href };
  };
  const result = await postedAction(ctx.request, async () => {
    values = await readForm(ctx.request);
    const t = issue();
    if (values['op'] === 'create') {
      const input = parseOrThrow(newPortalAccountSchema, values, PORTAL_LABELS);
      await createPortalAccount(actor, input, t.hash, ipOf(ctx));
      link = { url: t.url, username: input.username, done: DONE['create'] ?? '' };
    } else {
      const input = parseOrThrow(portalAccountActionSchema, values, PORTAL_LABELS);
      await managePortalAccount(actor, input.id, input.op, input.reason, input.op === 'reissue' ? t.hash : null, ipOf(ctx));
      if (input.op === 'deactivate') return seeOther('/admin/portal/accounts?done=deactivate');
      link = { url: t.url, username: values['username'] ?? '', done: DONE['reissue'] ?? '' };
    }
    values = {};
    // The link is shown on this answer only (no redirect: it never appears in a URL or a log).
    return SHOWN;
  });
  if (result instanceof Response && result !== SHOWN) return result;
  const failed = result instanceof Response ? NOT_REFUSED : result;
  const query = queryObject(ctx.url);
  const shown = link as { url: string; username: string; done: string } | null;
  return {
    status: failed.status,
    errors: failed.errors,
    done: shown?.done ?? DONE[query['done'] ?? ''] ?? null,
    link: shown,
    activationHours: ACTIVATION_HOURS,
    values,
    ...(await chooseInstitution(actor, values, query)),
    accounts: await listPortalAccounts(actor, recordIdOf(query['institution'])),
  };
}

const SHOWN = new Response(null, { status: 200 });

/** GET /admin/portal/files/{id}/{file}: one file of a submitted rectification report, for the review. */
export async function portalSubmissionFile(ctx: AdminContext): Promise<Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'portal.approve');
  const id = recordIdOf(ctx.params['id']);
  const fileId = recordIdOf(ctx.params['file']);
  const file = id !== null && fileId !== null ? await submissionFile({ actor }, id, fileId) : null;
  return fileDownload(file);
}
