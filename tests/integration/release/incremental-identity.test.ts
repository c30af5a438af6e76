// Issue 16 item 1: an incremental publish produces the same site as a full build of the same data.
// On the demo data: full build A; then a penalty added and a level changed (a downgrade), each
// through the functions the admin area uses; incremental publish B1 on A (its renderer starts
// cold and stays loaded); then an institution closed, a new institution added and a second
// penalty; incremental publish B on A with the warm renderer (its data brought up to date, not
// read again); full build C. The tree B serves (its delta, B1's pages it kept, then A) equals C
// file by file, byte for byte. Nothing in client/ carries the build time (release.json, outside client/,
// does; two full builds of the same data a minute apart are identical), so no timestamp is removed.
import fs from 'node:fs';
import path from 'node:path';
process.env['DATA_DIR'] = path.resolve('.data/test-incremental-identity'); // its own releases folder, before the config is read
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWarmRenderer } from '../../../src/release/warm-renderer';
import { prewarmCurrentRenderer } from '../../../src/release/incremental';
import { useTestDatabase, sql } from '../../support/db';
import { loadDemoData } from '../../../src/demo/load';
import { demoActor } from '../../../src/demo/demo-downgrades';
import { DEMO_YEAR, planDowngrades } from '../../../src/demo/factory';
import { downgradeCandidates } from '../../../src/db/downgrades-read';
import { approveDowngrade, recordFinding, rescoreDowngrade, submitDowngrade } from '../../../src/db/downgrades-write';
import { changeInstitutionStatus } from '../../../src/db/institution-admin';
import { issueDowngradeNotice } from '../../../src/handlers/admin/downgrade-notice';
import { runImport } from '../../../src/import/pipeline';
import { chinaDate } from '../../../src/domain/working-days';
import { SHARDS_FILE } from '../../../src/domain/search';
import { newReleaseId, publishSite, releaseDir, releaseInfo, releasesDir, switchTo, type PublishResult } from '../../../src/release/releases';
import { startHttpServer } from '../../../src/server/http-server';

const db = useTestDatabase();
const logged: string[] = [];
const log = (m: string): void => {
  logged.push(m);
};

/** Every file a client folder list serves (first folder wins), relative path → absolute file. */
function servedTree(layers: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const searchDirs = new Set<string>();
  const walk = (root: string, rel: string, shadowed: ReadonlySet<string>): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      // A search shard the delta rewrote: the base's files of it are unreferenced (Pagefind names them by content hash).
      if (!rel && /^pagefind/.test(e.name) && e.isDirectory()) {
        if (shadowed.has(e.name)) continue;
        searchDirs.add(e.name);
      }
      if (e.isDirectory()) walk(root, r, shadowed);
      else if (!out.has(r)) out.set(r, path.join(root, r));
    }
  };
  for (const l of layers) walk(l, '', new Set(searchDirs));
  // Search shard folders no listed shard references (left over from the base) are never fetched.
  const listed = out.get(SHARDS_FILE.slice(1));
  const shards = new Set((JSON.parse(fs.readFileSync(listed ?? '/dev/null', 'utf8') || '[]') as string[]).map((s) => s.replace(/^\/|\/$/g, '')));
  for (const r of [...out.keys()]) {
    const top = r.split('/')[0] ?? '';
    if (/^pagefind/.test(top) && r.includes('/') && !shards.has(top) && `/${top}/` !== path.posix.dirname(SHARDS_FILE) + '/') out.delete(r);
  }
  return out;
}

/** The relative paths whose bytes differ, or that one side lacks. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [r, f] of a) {
    const g = b.get(r);
    if (!g) out.push(`${r}（仅在增量版本）`);
    else if (!fs.readFileSync(f).equals(fs.readFileSync(g))) out.push(r);
  }
  for (const r of b.keys()) if (!a.has(r)) out.push(`${r}（仅在完整版本）`);
  return out.sort();
}

const clientOf = (id: string) => path.join(releaseDir(id), 'client');

let A: PublishResult, B1: PublishResult, B: PublishResult, C: PublishResult;
let b1Log: string[] = [];
const changed: string[] = [];

beforeAll(async () => {
  // The builds run in child processes: they read the test database from the environment.
  process.env['DATABASE_URL'] = db.url();
  fs.rmSync(releasesDir(), { recursive: true, force: true });
  await loadDemoData({ institutions: 40, seed: 7 });
  A = await publishSite({ mode: 'full' }, log);
  const today = chinaDate(new Date());
  const admin = await demoActor('admin');
  const district = await demoActor('district');

  // 1. A penalty added (the penalties sheet, as uploaded in /admin/import).
  const csv = (rows: string[][]) => ({ bytes: Buffer.from('\uFEFF' + rows.map((r) => r.join(',')).join('\r\n'), 'utf8'), fileName: 'x.csv' });
  const addPenalty = async (decisionNo: string, offset: number) => {
    const [pen] = await sql<{ code: string; reg: string }[]>`
      SELECT code, registration_no AS reg FROM institutions WHERE status = '执业' ORDER BY code LIMIT 1 OFFSET ${offset}`;
    const p = await runImport(
      'penalties',
      csv([
        ['处罚决定书文号', '登记号', '处罚日期', '违法事实', '处罚依据', '处罚内容', '罚款金额（元）', '公示截止日期'],
        [decisionNo, pen!.reg, today, '使用非卫生技术人员从事医疗卫生技术工作', '《医疗机构管理条例》第四十七条', '警告', '', ''],
      ]),
    );
    expect(p.report.errors).toEqual([]);
    changed.push(pen!.code);
  };
  await addPenalty('青卫医罚〔2026〕901号', 0);

  // 2. A level changed: a downgrade recorded, re-scored, approved and notified.
  const downgraded = new Set(
    (await sql<{ id: number }[]>`SELECT DISTINCT e.institution_id AS id FROM downgrades d JOIN evaluations e ON e.id = d.evaluation_id`).map((r) => r.id),
  );
  const plan = planDowngrades(11, await downgradeCandidates(district, DEMO_YEAR)).find((d) => !downgraded.has(d.institutionId));
  expect(plan).toBeDefined();
  const id = await recordFinding(
    district,
    { institutionId: plan!.institutionId, foundOn: today, source: '日常监督', finding: '现场检查发现问题', linkKind: null, linkRef: null },
    today,
    null,
  );
  await rescoreDowngrade(district, id, today, plan!.input, '按现场评价表重新评分', today, null);
  await submitDowngrade(district, id, '重新评分低于当前级别', null);
  await approveDowngrade(admin, id, '同意降级', today, null);
  await issueDowngradeNotice(admin, id, today, null);
  const [down] = await sql<{ code: string }[]>`SELECT code FROM institutions WHERE id = ${plan!.institutionId}`;
  changed.push(down!.code);

  // The demo county is small: the lists are a large share of its pages, so the 20 % rule is lifted here.
  B1 = await publishSite({ mode: 'auto', maxShare: 1 }, log);
  b1Log = logged.splice(0);

  // 3. An institution closed (注销), as on its admin page.
  const [closing] = await sql<{ id: number; code: string }[]>`
    SELECT id, code FROM institutions WHERE status = '执业' AND code <> ALL(${changed}) ORDER BY code DESC LIMIT 1`;
  await changeInstitutionStatus(admin, closing!.id, { to: '注销', changedOn: today, reason: '申请注销' }, today, null);
  changed.push(closing!.code);

  // 4. A new institution (the institutions sheet), in an existing township.
  const [town] = await sql<{ code: string }[]>`SELECT region_code AS code FROM institutions ORDER BY code LIMIT 1`;
  const n = await runImport(
    'institutions',
    csv([
      ['登记号', '机构名称', '机构类别', '行政区划'],
      ['QH-NEW-0001', '青禾县新开诊所（虚构）', '诊所', town!.code],
    ]),
  );
  expect(n.report.errors).toEqual([]);
  const [created] = await sql<{ code: string }[]>`SELECT code FROM institutions WHERE registration_no = 'QH-NEW-0001'`;
  changed.push(created!.code);
  // 5. A second penalty, of another institution.
  await addPenalty('青卫医罚〔2026〕902号', 5);

  B = await publishSite({ mode: 'auto', maxShare: 1 }, log);
  C = await publishSite({ mode: 'full' }, log);
}, 600_000);

afterAll(() => {
  stopWarmRenderer();
});

describe('incremental publish', () => {
  it('publishes incrementally on the full release, with a small delta', () => {
    expect(A.mode).toBe('full');
    expect(B1).toMatchObject({ mode: 'incremental', reason: null });
    expect(B).toMatchObject({ mode: 'incremental', reason: null });
    expect(releaseInfo(releaseDir(B.id))).toMatchObject({ base: A.id, mode: 'incremental' });
    for (const code of changed) expect(fs.existsSync(path.join(clientOf(B.id), 'i', code, 'index.html'))).toBe(true);
    expect(B.filesWritten).toBeLessThan(A.filesWritten);
  });

  it('the first incremental publish loads the renderer; the second finds it warm and only refreshes its data', () => {
    expect(b1Log.some((m) => m.includes('渲染程序：新载入'))).toBe(true);
    expect(logged.some((m) => /^渲染程序：已载入，更新了 [1-9]\d* 家机构的数据$/.test(m))).toBe(true);
    expect(logged.some((m) => m.includes('渲染程序：新载入'))).toBe(false);
  });

  it('serves exactly the files of a full build of the same data', () => {
    expect(C.mode).toBe('full');
    expect(differences(servedTree([clientOf(B.id), clientOf(A.id)]), servedTree([clientOf(C.id)]))).toEqual([]);
  });

  it('the comparison catches a page left out of the plan', () => {
    // The same delta without one changed institution's page: the base's old page shows through.
    const omitted = `i/${changed[0]}/index.html`;
    const aside = path.join(releaseDir(B.id), 'left-out');
    fs.mkdirSync(aside, { recursive: true });
    const files = [omitted, `${omitted}.gz`];
    for (const f of files) fs.renameSync(path.join(clientOf(B.id), f), path.join(aside, path.basename(f)));
    try {
      expect(differences(servedTree([clientOf(B.id), clientOf(A.id)]), servedTree([clientOf(C.id)]))).toEqual(files);
    } finally {
      for (const f of files) fs.renameSync(path.join(aside, path.basename(f)), path.join(clientOf(B.id), f));
    }
  });

  it('the Node server serves the incremental release: the delta first, then its base', async () => {
    switchTo(B.id);
    const server = await startHttpServer('127.0.0.1', 0);
    try {
      const { port } = server.server.address() as { port: number };
      const get = (p: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${p}`, { headers });
      // A changed page comes from the delta (the same bytes as the full build C).
      const page = await get(`/i/${changed[0]}/`);
      expect(page.status).toBe(200);
      expect(Buffer.from(await page.arrayBuffer()).equals(fs.readFileSync(path.join(clientOf(C.id), 'i', String(changed[0]), 'index.html')))).toBe(true);
      // An unchanged page is not in the delta: it comes from the base A.
      const [same] = await sql<{ code: string }[]>`SELECT code FROM institutions WHERE code <> ALL(${changed}) ORDER BY code LIMIT 1`;
      expect(fs.existsSync(path.join(clientOf(B.id), 'i', same!.code, 'index.html'))).toBe(false);
      const old = await get(`/i/${same!.code}/`);
      expect(old.status).toBe(200);
      expect(Buffer.from(await old.arrayBuffer()).equals(fs.readFileSync(path.join(clientOf(A.id), 'i', same!.code, 'index.html')))).toBe(true);
      // The search index list is the delta's; an unknown page is still a 404.
      expect(await (await get('/pagefind/shards.json')).text()).toBe(fs.readFileSync(path.join(clientOf(C.id), 'pagefind', 'shards.json'), 'utf8'));
      expect((await get('/i/ZZZZ9999/')).status).toBe(404);
      // The next incremental release on the same base, and B pruned: the base's files still come
      // (the server keeps one file listing per base, and must not reach it through B's link).
      const d = newReleaseId();
      fs.cpSync(releaseDir(B.id), releaseDir(d), { recursive: true, verbatimSymlinks: true });
      switchTo(d);
      fs.renameSync(releaseDir(B.id), `${releaseDir(B.id)}-pruned`);
      try {
        const again = await get(`/i/${same!.code}/`);
        expect(again.status).toBe(200);
        expect(Buffer.from(await again.arrayBuffer()).equals(fs.readFileSync(path.join(clientOf(A.id), 'i', same!.code, 'index.html')))).toBe(true);
      } finally {
        fs.renameSync(`${releaseDir(B.id)}-pruned`, releaseDir(B.id));
        fs.rmSync(releaseDir(d), { recursive: true, force: true });
      }
    } finally {
      await server.close();
      switchTo(C.id);
    }
  });

  it('after a switch to a full release the prewarm loads its renderer: the next publish finds it loaded', async () => {
    logged.length = 0;
    await prewarmCurrentRenderer();
    const D = await publishSite({ mode: 'auto', maxShare: 1 }, log);
    expect(D).toMatchObject({ mode: 'incremental', reason: null });
    expect(releaseInfo(releaseDir(D.id))).toMatchObject({ base: C.id });
    expect(logged).toContain('渲染程序：已载入，更新了 0 家机构的数据');
  }, 300_000);
});
