import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../../db/audit-log';
import { isAdministrator } from '../../db/supervisors';
import {
  beginPublication,
  describeChanges,
  getPublication,
  isPreviewable,
  listPublications,
  pendingChanges,
  type PublicationRow,
  markBuilt,
  markDiscarded,
  markFailed,
  recordSwitch,
  publishedSnapshot,
  stagedReleaseIds,
  takeSnapshot,
} from '../../db/publish-diff';
import { diffSnapshots, summarizeDiff, type SiteSnapshot, type SnapshotDiff } from '../../domain/publish-changes';
import { requirePermission, type Actor } from '../../domain/roles';
import { DomainError } from '../../domain/errors';
import { prewarmCurrentRenderer } from '../../release/incremental';
import { formIdSchema } from '../../schemas/admin-common';
import {
  currentRelease,
  discardRelease,
  newReleaseId,
  prune,
  pruneChangeLog,
  releaseDir,
  releaseInfo,
  releaseFile,
  type ReleaseInfo,
  removePartialReleases,
  stageSite,
  switchTo,
  type BuildTimings,
} from '../../release/releases';
import { actorOf, ipOf, readForm, refused, requireAccess, type AdminContext } from './http';

/**
 * Publishing the public site (from /admin/publish and `npm run publish`): build a new release
 * from the database next to the live one, show what it changes, then switch to it atomically.
 * Only administrators publish; the command line is the server operator (optionally naming the
 * administrator it acts for).
 */

export interface StartedBuild {
  publicationId: number;
  releaseId: string;
  diff: SnapshotDiff;
  /** Settles when the build has finished (publication 待发布) or failed (失败). Never rejects. */
  done: Promise<{ ok: true; timings: BuildTimings } | { ok: false; error: string }>;
}

async function assertAdmin(actor: Actor | null): Promise<void> {
  if (!actor) return;
  requirePermission(actor, 'publish');
  if (!(await isAdministrator(actor.id))) throw new DomainError('只有管理员可以发布网站。', 'forbidden');
}

export async function startBuild(
  actor: Actor | null,
  ip: string | null,
  log: (m: string) => void = () => {},
  mode: 'auto' | 'full' = 'auto',
): Promise<StartedBuild> {
  await assertAdmin(actor);
  const releaseId = newReleaseId();
  const publicationId = await beginPublication(releaseId, actor?.id ?? null);
  if (publicationId === null) throw new DomainError('已有一个新版本正在生成，请等它完成后再试。', 'conflict');
  // This is now the only live build: half-built folders of killed builds can go.
  try {
    removePartialReleases([releaseId]);
  } catch {
    /* removed next time */
  }
  let before: SiteSnapshot, after: SiteSnapshot, diff: SnapshotDiff;
  try {
    [{ snapshot: before }, after] = await Promise.all([publishedSnapshot(), takeSnapshot()]);
    diff = diffSnapshots(before, after);
    await recordAudit({
      actor,
      actorName: 'cli',
      action: 'publish.build',
      targetKind: 'publication',
      targetId: publicationId,
      ip,
      detail: { releaseId, changes: summarizeDiff(diff) },
    });
  } catch (e) {
    // Never leave a row in 构建中 (with its lock held by this process) when the build never began.
    await markFailed(publicationId, e instanceof Error ? e.message : String(e)).catch(() => {});
    throw e;
  }
  const built = async (): Promise<BuildTimings> => {
    // Incremental when the current release allows it, else a full build (the reason is in release.json).
    const timings = await stageSite(releaseId, mode, log);
    if (!(await markBuilt(publicationId, after, diff, summarizeDiff(diff)))) {
      throw new Error('生成期间与数据库的连接中断，该版本已被标记为未完成，请重新生成。');
    }
    return timings;
  };
  const done = built().then(
    (timings) => ({ ok: true as const, timings }),
    async (e: unknown) => {
      const error = e instanceof Error ? e.message : String(e);
      await markFailed(publicationId, error).catch(() => {});
      try {
        discardRelease(releaseId);
      } catch {
        /* nothing left to remove */
      }
      return { ok: false as const, error };
    },
  );
  return { publicationId, releaseId, diff, done };
}

/** Switch the public site to a built (待发布) release. The reason goes to the audit log. */
export async function switchPublication(actor: Actor | null, publicationId: number, reason: string, ip: string | null): Promise<void> {
  await assertAdmin(actor);
  if (!reason.trim()) throw new DomainError('发布说明：必填', 'invalid');
  const pub = await getPublication(publicationId);
  if (!pub) throw new DomainError('找不到该版本。', 'not-found');
  if (pub.status !== '待发布') throw new DomainError(`该版本当前为“${pub.status}”，不能发布。`, 'conflict');
  const audit = {
    actor,
    actorName: 'cli',
    action: 'publish.switch',
    targetKind: 'publication',
    targetId: publicationId,
    reason,
    ip,
    detail: { releaseId: pub.releaseId, changes: pub.summaryLine },
  } as const;
  // The folder switch runs last, inside the transaction: if it fails, the record is rolled back with it.
  if (
    !(await recordSwitch(publicationId, actor?.id ?? null, audit, () => {
      switchTo(pub.releaseId);
    }))
  ) {
    throw new DomainError('该版本刚被他人处理，请刷新后再试。', 'conflict');
  }
  try {
    prune(3, await stagedReleaseIds());
    await pruneChangeLog();
  } catch {
    /* old folders are removed next time */
  }
}

export async function discardPublication(actor: Actor, publicationId: number, ip: string | null): Promise<void> {
  await assertAdmin(actor);
  const pub = await getPublication(publicationId);
  if (!pub) throw new DomainError('找不到该版本。', 'not-found');
  if (!(await markDiscarded(publicationId))) throw new DomainError(`该版本当前为“${pub.status}”，不能放弃。`, 'conflict');
  discardRelease(pub.releaseId);
  await recordAudit({ actor, action: 'publish.discard', targetKind: 'publication', targetId: publicationId, ip, detail: { releaseId: pub.releaseId } });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/**
 * A file of a staged release, for the administrator's preview at /admin/publish/preview/{id}/….
 * Root-relative links in HTML are pointed back into the preview, so one can click around the
 * new site before the public sees it.
 */
export async function previewFile(actor: Actor, releaseId: string, rest: string): Promise<{ body: Buffer | string; type: string } | null> {
  await assertAdmin(actor);
  let dir: string;
  try {
    dir = releaseDir(releaseId);
  } catch {
    return null;
  }
  if (!(await isPreviewable(releaseId))) return null;
  // normalize('/' + rest) cannot climb above the root; an incremental release answers from its delta, then its base.
  const rel = path.posix.normalize('/' + rest).slice(1);
  const candidates = [rel, path.posix.join(rel, 'index.html'), rel + '.html'].map((r) => releaseFile(dir, r));
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) return null;
  const type = MIME[path.extname(file)] ?? 'application/octet-stream';
  if (type.startsWith('text/html')) {
    const prefix = `/admin/publish/preview/${releaseId}/`;
    const html = fs.readFileSync(file, 'utf8').replace(/(\s(?:href|src|action)=["'])\/(?!\/)/g, `$1${prefix}`);
    return { body: html, type };
  }
  return { body: fs.readFileSync(file), type };
}

// ---------------------------------------------------------------------------------------------
// The /admin/publish page

const DONE_MESSAGES = {
  build: '已开始生成新版本。生成期间公众网站照常访问旧版本；完成后请预览并确认发布。',
  built: '新版本已生成。请预览并核对变化，然后确认发布。',
  switch: '新版本已发布，公众网站已切换到新版本。',
  discard: '已放弃该版本。',
} as const;
const DONE: Partial<Record<string, string>> = DONE_MESSAGES;

/** Asia/Shanghai wall time of an ISO instant, as the rest of the admin area shows it: 2026-12-06 14:03. */
export function shanghaiTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/**
 * The message after "生成新版本" follows the build, not the URL (the page reloads itself every 5 s
 * while building): in progress, then built, or the failure with its reason.
 */
function doneMessage(done: string, building: PublicationRow | null, latest: PublicationRow | undefined): { done: string | null; error: string | null } {
  if (done !== 'build') return { done: DONE[done] ?? null, error: null };
  if (building) return { done: DONE_MESSAGES.build, error: null };
  if (latest?.status === '待发布') return { done: DONE_MESSAGES.built, error: null };
  if (latest?.status === '失败') return { done: null, error: `新版本生成失败，公众网站仍为旧版本：${latest.error ?? '原因不明'}` };
  return { done: null, error: null };
}

/** How a release was built, for the screen: 增量发布 (files rewritten) or 完整生成 and why. */
function buildKind(info: ReleaseInfo | null): { kind: string } {
  if (!info?.mode) return { kind: '完整生成' };
  if (info.mode === 'incremental') return { kind: `增量发布（重新写入 ${info.files ?? 0} 个文件，其余沿用 ${info.base ?? ''}）` };
  return { kind: info.reason ? `完整生成（${info.reason}）` : '完整生成' };
}

/** The screen's view: its shape is written once, as the Props of src/components/admin/PublishScreen.astro (the route checks this fits). */
export async function publishPage(ctx: AdminContext) {
  const actor = actorOf(ctx);
  requireAccess(actor, 'publish');
  let errors: string[] = [];
  let status = 200;
  if (ctx.request.method === 'POST') {
    const form = await readForm(ctx.request);
    try {
      const op = form['op'];
      const id = formIdSchema.parse(form['id']);
      if (op === 'build') {
        const started = await startBuild(actor, ipOf(ctx), () => {}, form['full'] === '1' ? 'full' : 'auto');
        void started.done; // runs on in the background; the page shows its progress
      } else if (op === 'switch') {
        await switchPublication(actor, id, form['reason'] ?? '', ipOf(ctx));
        // The next incremental publish starts warm (docs/scale.md, "The warm renderer").
        void prewarmCurrentRenderer((m) => {
          console.error(m);
        });
      } else if (op === 'discard') {
        await discardPublication(actor, id, ipOf(ctx));
      } else {
        throw new DomainError('操作：未知的操作', 'invalid');
      }
      return new Response(null, { status: 303, headers: { Location: `/admin/publish?done=${op}` } });
    } catch (e) {
      ({ errors, status } = refused(e));
    }
  }
  const publications = await listPublications(20);
  const stagedRow = publications.find((p) => p.status === '待发布') ?? null;
  const building = publications.find((p) => p.status === '构建中') ?? null;
  const dir = currentRelease();
  const info = dir ? releaseInfo(dir) : null;
  const message = doneMessage(ctx.url.searchParams.get('done') ?? '', building, publications[0]);
  if (message.error) errors = [...errors, message.error];
  return {
    status,
    pending: await describeChanges(await pendingChanges(), 200),
    publications,
    staged: stagedRow ? { ...stagedRow, details: stagedRow.diff ? await describeChanges(stagedRow.diff, 200) : null } : null,
    building,
    current: info ? { id: info.id, builtAt: shanghaiTime(info.builtAt), pages: info.pages, ...buildKind(info) } : null,
    stagedKind: stagedRow ? buildKind(releaseInfo(releaseDir(stagedRow.releaseId))) : null,
    noBaseline: !!info && (await publishedSnapshot()).publicationId === null,
    errors,
    done: message.done,
  };
}

export async function previewRequest(ctx: AdminContext): Promise<Response> {
  const actor = actorOf(ctx);
  requireAccess(actor, 'publish');
  const [releaseId = '', ...rest] = (ctx.params['path'] ?? '').split('/');
  const file = await previewFile(actor, releaseId, rest.join('/'));
  if (!file) return new Response('预览页面不存在', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), { headers: { 'Content-Type': file.type } });
}

/**
 * A build that switches at once (`npm start` when the site is missing or stale, `npm run build`),
 * recorded as a publication like any publish, so the publish page compares the database with
 * what this release was built from (issue 17: after start-up it announced every level as new).
 * When a publish is already building, the release is built unrecorded as before.
 */
export async function buildAndRecord(
  reason: string,
  log: (m: string) => void = (m) => {
    console.log(m);
  },
): Promise<BuildTimings> {
  let started: StartedBuild;
  try {
    started = await startBuild(null, null, log);
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'conflict') {
      const { buildRelease } = await import('../../release/releases');
      return buildRelease(log);
    }
    throw e;
  }
  const result = await started.done;
  if (!result.ok) throw new Error(result.error);
  await switchPublication(null, started.publicationId, reason, null);
  return result.timings;
}
