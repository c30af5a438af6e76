import { hashPassword, verifyPassword } from '../server/auth';
import { countOf, hit } from '../db/rate-limits';
import { loginAttempt } from '../server/admin-rate-limit';
import { htmlError } from '../server/admin-guard';
import { cookieOptions, hashSessionId, loginCsrfCookieName, randomToken, tokensMatch, absoluteTimeoutSeconds } from '../server/sessions';
import { portalCookieName, portalLocals, resolvePortalSession, type PortalLocals } from '../server/portal-guard';
import {
  activatePortalAccount,
  auditPortalLoginFailure,
  endPortalSession,
  findActivation,
  findPortalLogin,
  ownRecords,
  ownSubmissions,
  recordPortalLoginFailure,
  startPortalSession,
  subjectNames,
  submitToPortal,
  withdrawSubmission,
  type PortalAccount,
} from '../db/portal';
import { passwordProblems } from '../domain/passwords';
import { DomainError } from '../domain/errors';
import { PORTAL_KIND_LABELS, PORTAL_STATE_LABELS, type PortalKind } from '../domain/portal';
import { RECTIFICATION_TRANSITIONS } from '../domain/rectification';
import { loginSchema } from '../schemas/admin-accounts';
import { idFieldSchema, recordIdOf } from '../schemas/admin-common';
import {
  activationSchema,
  activationTokenSchema,
  parsePriceLines,
  portalKindSchema,
  PORTAL_LABELS,
  PAYLOAD_SCHEMAS,
  selfInspectionForm,
  type PortalPayload,
} from '../schemas/portal';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../schemas/admin-rectifications';
import {
  ATTEMPT_WINDOW_SECONDS,
  FREE_FAILURES,
  IP_ATTEMPTS_PER_WINDOW,
  IP_WRONG_PER_WINDOW,
  LOGIN_MESSAGES,
  MAX_WAIT_SECONDS,
  unknownUserWait,
  verifyAgainstNothing,
} from './admin/login';
import { processAttachment, readActionForm } from './admin/rectifications';
import { ipOf, parseForm, parseOrThrow, postedAction, readForm, seeOther, today, type AdminContext } from './admin/http';
import { refusalOf, statusOf } from './errors';
import { getDataset, type Dataset } from '../db/site-settings';
import { previewLines } from './portal-preview';

/**
 * The institution portal (/portal/, docs/portal.md): activation through the one-time link, login
 * (the supervisors' throttling: src/handlers/admin/login.ts), the institution's own records and
 * its submissions. Every query takes the session account's institution (src/db/portal.ts).
 */

export type PortalContext = AdminContext;

/** What every portal page shows around its content. */
export interface PortalFrame {
  account: PortalAccount | null;
  csrf: string;
  /** The demo banner and the county's name. */
  dataset: Dataset;
}

async function frameOf(ctx: Pick<PortalContext, 'locals'> | null): Promise<PortalFrame> {
  const l: PortalLocals | null = ctx ? portalLocals(ctx.locals) : null;
  return { account: l?.account ?? null, csrf: l?.csrfToken ?? '', dataset: await getDataset() };
}

/**
 * A portal page: null → 404, a refusal → an error page with its status (another institution's id
 * is "not found", never "forbidden"), the view's status on the answer, the frame added.
 */
export async function portalScreen<T extends object>(
  ctx: Pick<PortalContext, 'locals'> & { response: ResponseInit },
  fn: () => Promise<T | Response | null>,
): Promise<(T & { frame: PortalFrame }) | Response> {
  try {
    const v = await fn();
    if (v === null) return htmlError(404, '页面不存在', '要找的内容不存在。', '/portal/');
    if (v instanceof Response) return v;
    if ('status' in v && typeof v.status === 'number') ctx.response.status = v.status;
    if ('frame' in v) return v as T & { frame: PortalFrame };
    return { ...v, frame: await frameOf(ctx) };
  } catch (e) {
    const err = refusalOf(e);
    if (!err) throw e;
    return htmlError(statusOf(err), '未能完成', err.message, '/portal/');
  }
}

/** The login and activation forms' own token (no session yet): a random cookie echoed in the form. */
function issueFormToken(ctx: PortalContext): string {
  const t = randomToken();
  ctx.cookies.set(loginCsrfCookieName(), t, cookieOptions(60 * 60));
  return t;
}

async function fieldsOf(ctx: PortalContext): Promise<Record<string, string> | null> {
  try {
    const form = await ctx.request.formData();
    const out: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Login and logout

type PortalLoginResult = { ok: true; sessionId: string } | { ok: false; status: 401 | 429; message: string };

/**
 * The supervisors' throttling (src/handlers/admin/login.ts) on the portal's accounts: per address
 * 30 attempts and 10 wrong passwords per 15 minutes; per account a growing wait after 5 failures
 * in a row (there is no "known device" pass: a locked-out institution asks its supervisor for a
 * new activation link); unknown usernames wait the same way.
 */
export async function portalLogin(username: string, password: string, ip: string | null, previousSessionId: string | undefined): Promise<PortalLoginResult> {
  const ipKey = `portal-login:ip:${ip ?? 'unknown'}`;
  const ipWrongKey = `portal-login:ip-wrong:${ip ?? 'unknown'}`;
  const limited = { ok: false, status: 429, message: LOGIN_MESSAGES.ipLimited } as const;
  if (!(await loginAttempt(ipKey, IP_ATTEMPTS_PER_WINDOW, ATTEMPT_WINDOW_SECONDS))) return limited;
  if ((await countOf(ipWrongKey, ATTEMPT_WINDOW_SECONDS)) >= IP_WRONG_PER_WINDOW) return limited;
  const wrong = { ok: false, status: 401, message: LOGIN_MESSAGES.wrong } as const;
  const waiting = (s: number) =>
    ({ ok: false, status: 429, message: LOGIN_MESSAGES.wait(s).replace(/在此前成功登录过.*$/, '也可请负责的监督员重新签发激活链接。') }) as const;
  const account = await findPortalLogin(username);
  if (!account?.passwordHash) {
    await verifyAgainstNothing(password);
    const counted = await hit(`portal-login:user:${username}`, FREE_FAILURES, ATTEMPT_WINDOW_SECONDS);
    await hit(ipWrongKey, IP_WRONG_PER_WINDOW, ATTEMPT_WINDOW_SECONDS);
    await auditPortalLoginFailure(username, account ? 'not-activated' : 'unknown-user', ip);
    const wait = unknownUserWait(counted.count);
    return wait ? waiting(wait) : wrong;
  }
  if (account.waitSeconds > 0) {
    await auditPortalLoginFailure(username, 'waiting', ip);
    return waiting(account.waitSeconds);
  }
  const good = await verifyPassword(account.passwordHash, password);
  if (!good || !account.active) {
    if (!good) {
      await recordPortalLoginFailure(account.id, FREE_FAILURES, MAX_WAIT_SECONDS);
      await hit(ipWrongKey, IP_WRONG_PER_WINDOW, ATTEMPT_WINDOW_SECONDS);
    }
    await auditPortalLoginFailure(username, good ? 'inactive' : 'wrong-password', ip);
    return wrong;
  }
  const sessionId = randomToken();
  await startPortalSession(
    previousSessionId ? hashSessionId(previousSessionId) : null,
    { idHash: hashSessionId(sessionId), account, csrfToken: randomToken(), absoluteSeconds: absoluteTimeoutSeconds() },
    ip,
  );
  return { ok: true, sessionId };
}

const NOTICES: Record<string, string> = {
  expired: '登录已过期（30 分钟无操作或已超过 12 小时），请重新登录。',
  bye: '您已安全退出。',
  activated: '账户已激活，请用刚设置的密码登录。',
};

export async function portalLoginPage(ctx: PortalContext) {
  if (ctx.request.method === 'GET' && (await resolvePortalSession(ctx.cookies.get(portalCookieName())?.value))) return seeOther('/portal/');
  const view = async (status: number, error: string | null, username = '') => ({
    status,
    csrf: issueFormToken(ctx),
    username,
    error,
    notice: NOTICES[[...ctx.url.searchParams.keys()].find((k) => k in NOTICES) ?? ''] ?? null,
    frame: await frameOf(null),
  });
  if (ctx.request.method !== 'POST') return view(200, null);
  const f = await fieldsOf(ctx);
  if (!f) return view(400, '无法读取登录表单，请重新填写。');
  const username = (f['username'] ?? '').trim().toLowerCase().slice(0, 40);
  if (!tokensMatch(ctx.cookies.get(loginCsrfCookieName())?.value ?? '', f['_csrf']))
    return view(403, '登录页面已过期，请重新输入用户名和密码后登录。', username);
  const parsed = parseForm(loginSchema, { username: f['username'] ?? '', password: f['password'] ?? '' }, { username: '用户名', password: '密码' });
  if (!parsed.data) return view(400, parsed.errors.join('；'), username);
  const result = await portalLogin(parsed.data.username.toLowerCase(), parsed.data.password, ipOf(ctx), ctx.cookies.get(portalCookieName())?.value);
  if (!result.ok) return view(result.status, result.message, username);
  ctx.cookies.set(portalCookieName(), result.sessionId, cookieOptions());
  ctx.cookies.delete(loginCsrfCookieName(), cookieOptions());
  return seeOther('/portal/');
}

export async function portalLogout(ctx: PortalContext): Promise<Response> {
  const { account, sessionId } = portalLocals(ctx.locals);
  await endPortalSession(hashSessionId(sessionId), account, ipOf(ctx));
  ctx.cookies.delete(portalCookieName(), cookieOptions());
  return seeOther('/portal/login?bye=1');
}

// ---------------------------------------------------------------------------------------------
// Activation

/** /portal/activate?token=…: the password is set once, with the supervisors' rules. */
export async function activationPage(ctx: PortalContext) {
  const isPost = ctx.request.method === 'POST';
  const f = isPost ? await fieldsOf(ctx) : null;
  const token = (isPost ? f?.['token'] : ctx.url.searchParams.get('token')) ?? '';
  const tokenOk = activationTokenSchema.safeParse(token).success;
  const target = tokenOk ? await findActivation(hashSessionId(token)) : null;
  const view = async (status: number, errors: string[]) => ({ status, csrf: issueFormToken(ctx), token, target, errors, frame: await frameOf(null) });
  if (!target) return view(404, ['激活链接无效、已使用或已过期（有效期 72 小时）。请联系负责的监督员重新签发。']);
  if (!isPost) return view(200, []);
  if (!f) return view(400, ['无法读取表单，请重新填写。']);
  if (!tokensMatch(ctx.cookies.get(loginCsrfCookieName())?.value ?? '', f['_csrf'])) return view(403, ['页面已过期，请重新填写。']);
  const parsed = parseForm(activationSchema, f, PORTAL_LABELS);
  if (!parsed.data) return view(400, parsed.errors);
  const problems = passwordProblems(parsed.data.password, { username: target.username, displayName: target.displayName }).map((p) => `密码：${p}`);
  if (problems.length) return view(400, problems);
  if (!(await activatePortalAccount(hashSessionId(token), await hashPassword(parsed.data.password), ipOf(ctx)))) {
    return view(409, ['激活链接刚刚失效，请联系负责的监督员重新签发。']);
  }
  ctx.cookies.delete(loginCsrfCookieName(), cookieOptions());
  return seeOther('/portal/login?activated=1');
}

// ---------------------------------------------------------------------------------------------
// Home: own records, own submissions, withdraw

const DONE: Record<string, string> = {
  submitted: '已提交，等待监督员审核；审核通过后在下次发布时公示。',
  withdrawn: '已撤回该报送。',
};

export async function portalHome(ctx: PortalContext) {
  const { account } = portalLocals(ctx.locals);
  const refused = await postedAction(ctx.request, async () => {
    const { id } = parseOrThrow(idFieldSchema, await readForm(ctx.request), { id: '报送' });
    await withdrawSubmission(account, id, ipOf(ctx));
    return seeOther('/portal/?done=withdrawn');
  });
  if (refused instanceof Response) return refused;
  const [records, submissions] = await Promise.all([ownRecords(account), submissionViews(account, null)]);
  return {
    status: refused.status,
    errors: refused.errors,
    done: DONE[ctx.url.searchParams.get('done') ?? ''] ?? null,
    account,
    records: {
      ...records,
      rectifications: records.rectifications.map((r) => ({
        ...r,
        stateLabel: (RECTIFICATION_TRANSITIONS.stateLabels as Record<string, string>)[r.state] ?? r.state,
      })),
    },
    submissions,
  };
}

/** The institution's submissions as it reads them (all, or the one `id` when it is its own). */
async function submissionViews(account: PortalAccount, id: number | null) {
  const [rows, names] = await Promise.all([ownSubmissions(account, 50, id), subjectNames([account.institutionId])]);
  return rows.map((s) => ({
    id: s.id,
    kindLabel: PORTAL_KIND_LABELS[s.kind],
    state: s.state,
    stateLabel: PORTAL_STATE_LABELS[s.state],
    submittedAt: s.submittedAt,
    decidedAt: s.decidedAt,
    decisionReason: s.decisionReason,
    lines: previewLines(s, names),
  }));
}

/** /portal/submissions/{id}: one of the institution's submissions; another institution's id is 404. */
export async function portalSubmissionPage(ctx: PortalContext) {
  const id = recordIdOf(ctx.params['id']);
  const [s] = id === null ? [] : await submissionViews(portalLocals(ctx.locals).account, id);
  return s ? { submission: s } : null;
}

// ---------------------------------------------------------------------------------------------
// Submission forms: /portal/submit/{kind}

/** The form's fields as the institution typed them → the payload stored with the submission. */
function payloadOf(kind: PortalKind, f: Record<string, string>, staffIds: readonly number[]): PortalPayload {
  switch (kind) {
    case 'self-inspection':
      return { kind, payload: parseOrThrow(selfInspectionForm, f, PORTAL_LABELS) };
    case 'rectification-report':
      return { kind, payload: parseOrThrow(PAYLOAD_SCHEMAS[kind], f, PORTAL_LABELS) };
    case 'reply': {
      const [subjectKind, subjectId] = (f['subject'] ?? '').split(':');
      return { kind, payload: parseOrThrow(PAYLOAD_SCHEMAS[kind], { subjectKind, subjectId, body: f['body'] ?? '' }, PORTAL_LABELS) };
    }
    case 'hours-prices': {
      const { items, errors } = parsePriceLines(f['prices'] ?? '');
      if (errors.length) throw new DomainError(errors.join('；'), 'invalid');
      return { kind, payload: parseOrThrow(PAYLOAD_SCHEMAS[kind], { openingHours: f['openingHours'], priceUrl: f['priceUrl'], items }, PORTAL_LABELS) };
    }
    case 'staff-commitments': {
      const entries = staffIds.filter((id) => (f[`signed-${id}`] ?? '').trim()).map((id) => ({ staffId: id, signedOn: (f[`signed-${id}`] ?? '').trim() }));
      return { kind, payload: parseOrThrow(PAYLOAD_SCHEMAS[kind], { year: f['year'], entries }, PORTAL_LABELS) };
    }
  }
}

export async function portalSubmitPage(ctx: PortalContext) {
  const kind = portalKindSchema.safeParse(ctx.params['kind']);
  if (!kind.success) return null;
  const { account } = portalLocals(ctx.locals);
  const records = await ownRecords(account);
  let values: Record<string, string> = {};
  const refused = await postedAction(ctx.request, async () => {
    const { fields, files } = await readActionForm(ctx.request);
    values = fields;
    const p = payloadOf(
      kind.data,
      fields,
      records.staff.map((s) => s.id),
    );
    const attachments = kind.data === 'rectification-report' ? await Promise.all(files.map(processAttachment)) : [];
    if (p.kind === 'rectification-report' && !p.payload.reportText && attachments.length === 0) {
      throw new DomainError('整改报告：请填写整改情况或上传整改报告文件', 'invalid');
    }
    await submitToPortal(account, p, attachments, ipOf(ctx));
    return seeOther('/portal/?done=submitted');
  });
  if (refused instanceof Response) return refused;
  const t = today().today;
  return {
    status: refused.status,
    errors: refused.errors,
    kind: kind.data,
    title: PORTAL_KIND_LABELS[kind.data],
    values,
    today: t,
    limits: { files: MAX_ATTACHMENTS, megabytes: MAX_ATTACHMENT_BYTES / 1024 / 1024 },
    openRectifications: records.rectifications.filter((r) => r.state === 'rectifying'),
    subjects: [
      ...records.evaluations.slice(0, 1).map((e) => ({ value: `evaluation:${e.id}`, label: `${e.year}年度信用级别：${e.level}` })),
      ...records.penalties.filter((p) => p.shownUntil >= t).map((p) => ({ value: `penalty:${p.id}`, label: `行政处罚 ${p.decisionNo}（${p.decidedOn}）` })),
    ],
    staff: records.staff,
  };
}
