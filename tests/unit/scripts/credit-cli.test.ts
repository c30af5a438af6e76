import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from '../../../src/import/sheet-reader';

const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'node_modules/.bin');
const FIXTURES = join(ROOT, 'tests/fixtures/credit');
const UTF8 = join(FIXTURES, 'evaluation-2025.csv');
const GB18030 = join(FIXTURES, 'evaluation-2025-gb18030.csv');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way `npm run credit --` does (node_modules/.bin first on PATH → pinned Node). */
function credit(...args: string[]): Run {
  const r = spawnSync(join(BIN, 'tsx'), ['scripts/credit.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${BIN}${delimiter}${process.env['PATH'] ?? ''}`, TZ: 'America/New_York' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

let dir: string;
let xlsx: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credit-cli-'));
  // The same 40 rows as an XLSX workbook, numbers as numbers, on a named second sheet.
  const sheet = await readSheet(UTF8);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('封面').addRow(['2025年度依法执业信用评价']);
  const ws = wb.addWorksheet('评价表');
  ws.addRow(sheet.header);
  for (const row of sheet.rows) {
    ws.addRow(
      sheet.header.map((h) => {
        const v = row.cells[h] ?? '';
        return /^\d+(\.\d+)?$/.test(v) && h !== '登记号' ? Number(v) : v;
      }),
    );
  }
  xlsx = join(dir, 'evaluation-2025.xlsx');
  await wb.xlsx.writeFile(xlsx);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run credit -- FILE --json', () => {
  let utf8Run: Run;
  beforeAll(() => {
    utf8Run = credit(UTF8, '--json');
  });

  it('prints one JSON object per institution', () => {
    expect(utf8Run.stderr).toBe('');
    expect(utf8Run.status).toBe(0);
    const records = jsonLines(utf8Run.stdout);
    expect(records).toHaveLength(40);
    for (const r of records) {
      expect(typeof r['registrationNo']).toBe('string');
      expect(r['year']).toBe(2025);
      expect(['优秀', '合格', '差']).toContain(r['level']);
      expect(Array.isArray(r['reasons'])).toBe(true);
      const score = r['standardizedScore'] as number;
      expect(Math.round(score * 100) / 100).toBe(score);
      expect(r['standardizedScoreText']).toBe(score.toFixed(2));
      expect(r['supervision']).toHaveProperty('frequency');
    }
  });

  it('applies caps, bounds and the 10 % cut with its tie rule', () => {
    const byReg = new Map(jsonLines(utf8Run.stdout).map((r) => [r['registrationNo'] as string, r]));
    const get = (n: number) => byReg.get(`PDY${41048100 + n}-D2191`) ?? {};
    const levels = jsonLines(utf8Run.stdout).map((r) => r['level']);
    expect(levels.filter((l) => l === '优秀')).toHaveLength(3);
    expect(levels.filter((l) => l === '合格')).toHaveLength(27);
    expect(levels.filter((l) => l === '差')).toHaveLength(10);

    expect(get(1)).toMatchObject({ level: '优秀', standardizedScore: 98, supervision: { method: '简化监督', frequency: '1次/年' } });
    expect(get(2)).toMatchObject({ level: '优秀', standardizedScoreText: '96.00' });
    // tied at the cut line (93.50, ranks 4 and 4 for a quota of 4): both held back
    for (const n of [4, 5]) {
      expect(get(n)).toMatchObject({ levelBeforeCut: '优秀', level: '合格', excellentCut: { heldBack: true, candidateRank: 4 } });
      expect((get(n)['reasons'] as string[])[0]).toMatch(/^优秀比例不超过10%：本年度本辖区40家参评，优秀名额4个，标化得分93.50排名第4/);
    }
    expect((get(6)['reasons'] as string[])[0]).toContain('排名第6，未进入名额');
    expect(get(10)).toMatchObject({ level: '差', reasons: ['双星（★★）否决项不符合要求1项，不能评为合格以上等级'] });
    expect(get(11)).toMatchObject({ level: '差' });
    expect(get(12)).toMatchObject({ level: '差', standardizedScoreText: '90.00' });
    expect(get(13)).toMatchObject({ level: '合格', standardizedScoreText: '89.99' });
    expect(get(14)).toMatchObject({ level: '合格', standardizedScoreText: '60.00' });
    expect(get(15)).toMatchObject({ level: '差', standardizedScoreText: '59.99', supervision: { frequency: '不少于4次/年' } });
    expect(get(16)).toMatchObject({ level: '合格', standardizedScoreText: '89.99' });
    expect(get(17)).toMatchObject({ level: '差', standardizedScoreText: '59.99' });
    expect(get(18)).toMatchObject({ level: '合格', standardizedScoreText: '60.00' });
    expect(get(24)).toMatchObject({ standardizedScoreText: '89.88' });
  });

  it('GB18030 gives byte-identical output', () => {
    const gb = credit(GB18030, '--json');
    expect(gb.status).toBe(0);
    expect(gb.stdout).toBe(utf8Run.stdout);
  });

  it('XLSX (named sheet) gives identical output', () => {
    const x = credit(xlsx, '--json', '--sheet', '评价表');
    expect(x.stderr).toBe('');
    expect(x.status).toBe(0);
    expect(x.stdout).toBe(utf8Run.stdout);
  });
});

describe('table output', () => {
  it('prints a table and a summary with the cut rule, the same for both encodings', () => {
    const a = credit(UTF8);
    const b = credit(GB18030);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^行号\s+登记号\s+机构名称/);
    expect(a.stdout).toContain('2025年度：参评40家；优秀3家、合格27家、差10家');
    expect(a.stdout).toContain('优秀名额4个（参评数的10%，向下取整）；符合优秀条件6家；因名额限制改评合格3家（分界线93.50分');
    expect(a.stdout).toContain('同分规则：优秀名额为本年度本辖区参评机构数的10%');
  });
});

describe('errors', () => {
  it('every bad row on stderr, nothing on stdout, exit 1', () => {
    const lines = [
      '登记号,机构名称,评价年度,实际得分,合理缺项分值,双星项不符合数,单星项不符合数,行政处罚次数,行风违规,严重违法或严重社会影响,设置不符合规定,暂缓校验,重大医疗事故负完全责任,安全生产消防事故,基本公卫绩效得分',
      'A1,甲诊所,2025,95,0,0,0,0,否,否,否,否,否,否,',
      'A2,乙诊所,2025,九十,0,0,0,0,否,否,否,否,否,否,',
      'A3,丙诊所,2025,80,0,0,0,0,否,否,否,否,否,否,',
      'A4,丁诊所,2025,96,5,0,0,0,也许,否,否,否,否,否,',
      'A1,甲诊所,2025,90,0,0,0,0,否,否,否,否,否,否,',
    ];
    const path = join(dir, 'bad.csv');
    writeFileSync(path, lines.join('\n'));
    const r = credit(path, '--json');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      '第3行 实际得分: 不是数字',
      '第5行 行风违规: 应填“是/否”、“Y/N”或“1/0”',
      '第5行 实际得分: 不能超过满分减合理缺项（100 − 5.00 = 95.00）',
      '第6行 登记号: 与第2行重复（同一机构同一年度只能有一条评价）',
      '共4处错误，未输出任何评价结果。请修改后重新运行。',
    ]);
  });

  it('missing columns → one message naming them', () => {
    const path = join(dir, 'cols.csv');
    writeFileSync(path, '登记号,机构名称\nA,B\n');
    const r = credit(path);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('缺少必需的列：评价年度、实际得分、合理缺项分值');
  });

  it('header only → no data rows', () => {
    const path = join(dir, 'header.csv');
    writeFileSync(
      path,
      '登记号,机构名称,评价年度,实际得分,合理缺项分值,双星项不符合数,单星项不符合数,行政处罚次数,行风违规,严重违法或严重社会影响,设置不符合规定,暂缓校验,重大医疗事故负完全责任,安全生产消防事故,基本公卫绩效得分\n',
    );
    const r = credit(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('没有数据行');
  });

  it('usage errors exit 2; missing file exits 1; --help exits 0', () => {
    expect(credit().status).toBe(2);
    expect(credit('a.csv', 'b.csv').stderr).toContain('只能指定一个文件');
    expect(credit('--nope', 'a.csv').status).toBe(2);
    const missing = credit(join(dir, 'none.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('找不到文件');
    const help = credit('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('用法：npm run credit');
  });

  it('unknown XLSX sheet is reported', () => {
    const r = credit(xlsx, '--sheet', '不存在');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('找不到工作表“不存在”');
  });
});
