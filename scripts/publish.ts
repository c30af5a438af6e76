// npm run publish — rebuild the public site from the database and switch to it atomically.
//   --dry-run        only list what would change (levels, new penalties, downgrades)
//   --preview        build the new release but do not switch; publish it from /admin/publish
//   --full           build every page (by default only the pages whose data changed, when possible)
//   --as USERNAME    the administrator this publication is recorded for (must be an active admin)
//   --reason TEXT    reason written to the audit log (default: 命令行发布)
// The server keeps serving the current release until the new one is complete.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { withDatabase } from './lib/with-database';
import { firstMessage, publishArgs } from '../src/schemas/cli';
import { describeChanges, pendingChanges } from '../src/db/publish-diff';
import { findForLogin, loadActor } from '../src/db/supervisors';
import { summarizeDiff } from '../src/domain/publish-changes';
import { type Actor } from '../src/domain/roles';
import { DomainError } from '../src/domain/errors';
import { startBuild, switchPublication } from '../src/handlers/admin/publish';
import { settleDeletions } from '../src/release/releases';

const USAGE = '用法：npm run publish [-- --dry-run] [--preview] [--full] [--as 管理员用户名] [--reason 原因]';
let values: z.output<typeof publishArgs>;
try {
  const { values: raw } = parseArgs({
    options: {
      'dry-run': { type: 'boolean' },
      preview: { type: 'boolean' },
      full: { type: 'boolean' },
      as: { type: 'string' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  values = publishArgs.parse(raw);
} catch (e) {
  console.error(`参数不正确：${e instanceof z.ZodError ? firstMessage(e) : (e as Error).message}\n${USAGE}`);
  process.exit(1);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const DIRECTION: Record<string, string> = { down: '降级', up: '升级', new: '新评价', same: '新年度' };

await withDatabase(async () => {
  try {
    let actor: Actor | null = null;
    if (values.as) {
      const account = await findForLogin(values.as);
      actor = account?.active ? await loadActor(account.id) : null;
      if (!actor || actor.role !== 'admin') throw new DomainError(`--as：${values.as} 不是启用的管理员账户，只有管理员可以发布。`, 'forbidden');
    }
    const details = await describeChanges(await pendingChanges(), 50);
    const d = details.diff;
    console.log(`与当前公众网站相比：${summarizeDiff(d)}`);
    for (const c of d.levelChanges.slice(0, 50)) {
      console.log(`  ${DIRECTION[c.direction]}  ${c.name}（${c.code}）：${c.from ? `${c.fromYear}年${c.from}` : '—'} → ${c.toYear}年${c.to}`);
    }
    if (d.levelChanges.length > 50) console.log(`  …另有 ${d.levelChanges.length - 50} 家`);
    for (const p of details.penalties.slice(0, 20)) console.log(`  新增处罚  ${p.name}（${p.code}）${p.decisionNo}`);
    for (const g of details.downgrades.slice(0, 20)) console.log(`  降级通知  ${g.name}（${g.code}）${g.fromLevel}→${g.toLevel} ${g.noticeNo}`);
    if (values['dry-run']) return;

    const t0 = Date.now();
    const build = await startBuild(
      actor,
      null,
      (m) => {
        console.log(m);
      },
      values.full ? 'full' : 'auto',
    );
    const result = await build.done;
    if (!result.ok) {
      console.error(`生成失败，公众网站仍为旧版本：${result.error}`);
      process.exitCode = 1;
      return;
    }
    const t = result.timings;
    console.log(`新版本 ${build.releaseId} 已生成：${t.pages} 个页面（astro ${t.astroMs} ms，索引 ${t.pagefindMs} ms，压缩 ${t.compressMs} ms）。`);
    console.log(t.mode === 'incremental' ? `增量发布：写入 ${t.filesWritten} 个文件，其余沿用当前版本。` : `完整生成${t.reason ? `：${t.reason}` : ''}。`);
    if (values.preview) {
      console.log('未切换：请在 /admin/publish 预览后确认发布。');
      return;
    }
    await switchPublication(actor, build.publicationId, values.reason, null);
    console.log(`已发布：公众网站已切换到 ${build.releaseId}（共用时 ${((Date.now() - t0) / 1000).toFixed(1)} 秒）。`);
    // Old release folders are deleted in the background; a command line waits for it before exiting.
    await settleDeletions();
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(e.message);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
});
