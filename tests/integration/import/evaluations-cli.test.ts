import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, useTestDatabase } from '../../support/db';
import { counts, rowErrors, runImportCli, tempDir, writeCsv } from './cli-helpers';
import { makeSupervisor } from '../handlers/admin/world';
import { approveSubmissions } from '../../../src/db/evaluation-submissions';
import type { Actor } from '../../../src/domain/roles';

/**
 * `npm run import -- evaluations`: the sheet `npm run credit` reads, entered as submissions that
 * an administrator approves (issue 12 item 1), then stored with the same levels the credit CLI
 * computes; the 10 % cut recomputed over the whole year in the jurisdiction (one
 * more sheet moves the cut line, and every institution whose level moves is reported); then a
 * publish shows the new levels on the public pages.
 */
const db = useTestDatabase();
const FIXTURE = path.resolve('tests/fixtures/credit/evaluation-2025.csv');
const COUNTY = '410481';
const TOWN = '410481100';
let dir = '';

const EVAL_HEADER = [
  '登记号',
  '机构名称',
  '评价年度',
  '评价日期',
  '实际得分',
  '合理缺项分值',
  '双星项不符合数',
  '单星项不符合数',
  '行政处罚次数',
  '行风违规',
  '严重违法或严重社会影响',
  '设置不符合规定',
  '暂缓校验',
  '重大医疗事故负完全责任',
  '安全生产消防事故',
  '基本公卫绩效得分',
];

function evalRow(reg: string, name: string, score: string): string[] {
  return [reg, name, '2025', '2025-10-20', score, '0', '0', '0', '0', '否', '否', '否', '否', '否', '否', ''];
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve('node_modules/.bin/node'), ['--import', 'tsx', ...args], {
      env: { ...process.env, DATABASE_URL: db.url(), CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function levels(): Promise<Record<string, string>> {
  const rows = await sql<{ reg: string; level: string }[]>`
    SELECT i.registration_no AS reg, e.level FROM evaluations e JOIN institutions i ON i.id = e.institution_id WHERE e.year = 2025`;
  return Object.fromEntries(rows.map((r) => [r.reg, r.level]));
}

let approver: Actor | null = null;

/** The second person: an administrator approves every submission the CLI import left waiting. */
async function approveWaiting(): Promise<void> {
  approver ??= await makeSupervisor('t.approver', 'admin');
  const ids = (await sql<{ id: number }[]>`SELECT id FROM evaluation_submissions WHERE state = '待审批'`).map((r) => r.id);
  if (ids.length > 0) await approveSubmissions(approver, { ids }, '2025-11-20', null);
}

beforeAll(async () => {
  dir = tempDir('evaluations');
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES
    ('410400', '平顶山市', 2, NULL), (${COUNTY}, '舞钢市', 3, '410400'), (${TOWN}, '垭口街道', 4, ${COUNTY})`;
  // The institutions of the credit fixture, registered in a township of the county.
  const text = fs.readFileSync(FIXTURE, 'utf8').replace(/^\uFEFF/, '');
  const rows = text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
  const file = writeCsv(path.join(dir, 'institutions.csv'), [
    ['登记号', '机构名称', '行政区划'],
    ...rows.map((r) => [r[0] as string, r[1] as string, '垭口街道']),
    ...Array.from({ length: 22 }, (_, i) => [`EXTRA${String(i + 1).padStart(3, '0')}`, `示范村卫生室${i + 1}`, TOWN]),
  ]);
  const r = await runImportCli(db.url(), ['institutions', file]);
  expect(r.code).toBe(0);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('evaluation sheet import', () => {
  it('stores exactly the levels `npm run credit` computes for the same sheet', async () => {
    const r = await runImportCli(db.url(), ['evaluations', FIXTURE]);
    expect(rowErrors(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ created: 40, updated: 0, unchanged: 0 });
    expect(r.stdout).toContain(`2025年度（辖区${COUNTY}）：参评40家，优秀名额4个，符合优秀条件6家，评为优秀3家`);
    expect(r.stdout).toContain('导入后生成40条待审批的评价录入');
    // Nothing reaches the evaluations (and the public pages) before the approval; the waiting
    // submissions belong to the command line's import batch, to be approved as a whole.
    expect(await levels()).toEqual({});
    const [batch] = await sql<{ n: number; batches: number }[]>`
      SELECT count(*)::int AS n, count(DISTINCT b.id)::int AS batches
        FROM evaluation_submissions s JOIN import_batches b ON b.id = s.import_batch_id AND b.origin = 'cli' WHERE s.state = '待审批'`;
    expect(batch).toEqual({ n: 40, batches: 1 });
    await approveWaiting();

    const credit = await run(['scripts/credit.ts', FIXTURE, '--json']);
    expect(credit.code).toBe(0);
    const expected = Object.fromEntries(
      credit.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { registrationNo: string; level: string })
        .map((j) => [j.registrationNo, j.level]),
    );
    expect(await levels()).toEqual(expected);

    const [row] = await sql<{ jurisdiction_code: string; standardized_score: number; evaluated_on: string; reasons: string[] }[]>`
      SELECT e.jurisdiction_code, e.standardized_score, to_char(e.evaluated_on, 'YYYY-MM-DD') AS evaluated_on, e.reasons
        FROM evaluations e JOIN institutions i ON i.id = e.institution_id WHERE i.registration_no = 'PDY41048104-D2191'`;
    expect(row).toMatchObject({ jurisdiction_code: COUNTY, standardized_score: 93.5, evaluated_on: '2025-10-11' });
    expect(row?.reasons.join()).toContain('优秀比例不超过10%');
  });

  it('re-importing the same sheet changes nothing', async () => {
    const before = await levels();
    const r = await runImportCli(db.url(), ['evaluations', FIXTURE]);
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ created: 0, updated: 0, unchanged: 40 });
    expect(r.stdout).not.toContain('信用等级变化');
    expect(await levels()).toEqual(before);
  });

  it('one more sheet in the same year moves the cut, and the institutions whose level moves are reported', async () => {
    // 20 more evaluated institutions: 60 in all, quota 6, so the 6 candidates all become 优秀.
    const more = [EVAL_HEADER, ...Array.from({ length: 20 }, (_, i) => evalRow(`EXTRA${String(i + 1).padStart(3, '0')}`, `示范村卫生室${i + 1}`, '80'))];
    const file = writeCsv(path.join(dir, 'more.csv'), more, 'gb18030');
    const posterBefore = await sql<{ poster_version: number }[]>`SELECT poster_version FROM institutions WHERE registration_no = 'PDY41048106-D2191'`;
    const r = await runImportCli(db.url(), ['evaluations', file]);
    expect(r.code).toBe(0);
    await approveWaiting();
    expect(counts(r.stdout)).toEqual({ created: 20, updated: 0, unchanged: 0 });
    expect(r.stdout).toContain('信用等级变化 3 家');
    expect(r.stdout).toMatch(/PDY41048104-D2191 舞钢市垭口街道社区卫生服务中心 2025年度：合格 → 优秀（优秀名额重新计算后/);
    expect(r.stdout).toMatch(/PDY41048105-D2191 .*合格 → 优秀/);
    expect(r.stdout).toMatch(/PDY41048106-D2191 .*合格 → 优秀/);
    expect(r.stdout).toContain('参评60家，优秀名额6个，符合优秀条件6家，评为优秀6家（未超出名额）');
    const now = await levels();
    expect(Object.values(now).filter((l) => l === '优秀')).toHaveLength(6);
    const [held] = await sql<{ reasons: string[] }[]>`
      SELECT e.reasons FROM evaluations e JOIN institutions i ON i.id = e.institution_id WHERE i.registration_no = 'PDY41048104-D2191'`;
    expect(held?.reasons.join()).not.toContain('优秀比例');
    const posterAfter = await sql<{ poster_version: number }[]>`SELECT poster_version FROM institutions WHERE registration_no = 'PDY41048106-D2191'`;
    expect(posterAfter[0]?.poster_version).toBe((posterBefore[0]?.poster_version ?? 0) + 1);
  });

  it('two higher scores push the tied institutions back out (the cut line is never exceeded)', async () => {
    const file = writeCsv(path.join(dir, 'top.csv'), [EVAL_HEADER, evalRow('EXTRA021', '示范村卫生室21', '99.5'), evalRow('EXTRA022', '示范村卫生室22', '99')]);
    const dry = await runImportCli(db.url(), ['evaluations', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('试运行');
    expect(dry.stdout).toContain('信用等级变化 3 家');
    expect(Object.values(await levels()).filter((l) => l === '优秀')).toHaveLength(6);

    const r = await runImportCli(db.url(), ['evaluations', file]);
    expect(r.code).toBe(0);
    await approveWaiting();
    expect(r.stdout).toMatch(/PDY41048104-D2191 .*优秀 → 合格（本年度本辖区参评机构增加或得分变化/);
    expect(r.stdout).toContain('参评62家，优秀名额6个，符合优秀条件8家，评为优秀5家（分界线93.50分');
    const now = await levels();
    expect(
      Object.entries(now)
        .filter(([, l]) => l === '优秀')
        .map(([reg]) => reg)
        .sort(),
    ).toEqual(['EXTRA021', 'EXTRA022', 'PDY41048101-D2191', 'PDY41048102-D2191', 'PDY41048103-D2191']);
  });

  it('refuses a sheet with bad rows or unknown institutions, naming line and column, and writes nothing', async () => {
    const before = await levels();
    const file = writeCsv(path.join(dir, 'bad-eval.csv'), [
      EVAL_HEADER,
      evalRow('PDY41048101-D2191', '舞钢市人民医院', '101'),
      evalRow('NOSUCH001', '不存在的诊所', '80'),
      ['EXTRA001', '示范村卫生室1', '2025', '2024-12-31', '80', '0', '', '0', '0', '也许', '否', '否', '否', '否', '否', ''],
      evalRow('EXTRA002', '示范村卫生室2', '70'),
      evalRow('EXTRA002', '示范村卫生室2', '70'),
    ]);
    const r = await runImportCli(db.url(), ['evaluations', file]);
    expect(r.code).toBe(1);
    const errors = rowErrors(r.stderr);
    expect(errors).toContain('第2行 实际得分: 不能大于100');
    expect(errors).toContain('第3行 登记号: 机构名册中没有这个登记号（请先导入机构名册）');
    expect(errors).toContain('第4行 双星项不符合数: 必填（没有请填0）');
    expect(errors.some((e) => e.startsWith('第4行 行风违规: '))).toBe(true);
    expect(errors).toContain('第4行 评价日期: 不能早于评价年度（2025年）');
    expect(errors).toContain('第6行 登记号: 与第5行重复（同一机构同一年度只能有一条评价）');
    expect(await levels()).toEqual(before);

    const noColumns = writeCsv(path.join(dir, 'no-columns.csv'), [
      ['登记号', '机构名称', '评价年度'],
      ['A1', 'B', '2025'],
    ]);
    const missing = await runImportCli(db.url(), ['evaluations', noColumns]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('缺少必需的列：实际得分、合理缺项分值、双星项不符合数');
  });
});

describe('publish after an evaluation import', () => {
  it('shows the new levels on the public institution pages', { timeout: 600_000 }, async () => {
    const dataDir = tempDir('publish');
    try {
      const build = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn(path.resolve('node_modules/.bin/node'), ['--import', 'tsx', 'scripts/build-site.ts'], {
          env: { ...process.env, DATABASE_URL: db.url(), DATA_DIR: dataDir, CI: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
        child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, out }));
      });
      expect(build.code, build.out).toBe(0);
      // Where src/release/releases.ts puts the releases of a data folder.
      const releases = path.resolve('.releases', createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 10));
      const client = path.join(releases, 'current', 'client');
      const pages = await sql<{ code: string; reg: string; level: string }[]>`
        SELECT i.code, i.registration_no AS reg, e.level FROM institutions i JOIN evaluations e ON e.institution_id = i.id
         WHERE i.registration_no IN ('EXTRA021', 'PDY41048104-D2191', 'PDY41048110-D2191')`;
      expect(pages).toHaveLength(3);
      for (const p of pages) {
        const html = fs.readFileSync(path.join(client, 'i', p.code, 'index.html'), 'utf8');
        // The level shown next to 信用等级 on the disclosure board, with its year.
        const shown = /信用等级<\/span>\s*<span[^>]*>(优秀|合格|差)<\/span>/.exec(html)?.[1];
        expect(shown, `${p.reg} /i/${p.code}/`).toBe(p.level);
        expect(html).toContain('2025年度');
      }
      expect(pages.find((p) => p.reg === 'EXTRA021')?.level).toBe('优秀');
      expect(pages.find((p) => p.reg === 'PDY41048104-D2191')?.level).toBe('合格');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(path.resolve('.releases', createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 10)), { recursive: true, force: true });
    }
  });
});
