import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, useTestDatabase } from '../../support/db';
import { completeUscc } from '../../../src/domain/identifiers';
import { counts, rowErrors, realInstitutionRows, runImportCli, tempDir, writeCsv } from './cli-helpers';

/**
 * `npm run import -- institutions` on a real PostgreSQL: the 6,753 real institution names, GB18030
 * and XLSX files, bad rows (all reported, nothing applied), --skip-invalid with a re-importable
 * error file, and a re-import that changes exactly one row.
 */
const db = useTestDatabase();
let dir = '';

beforeAll(() => {
  dir = tempDir('institutions');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function institutionCount(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM institutions`;
  return row?.n ?? 0;
}

describe('6,753 real institutions', () => {
  const real = realInstitutionRows();

  it('a dry run reports them all as new and writes nothing', async () => {
    const file = writeCsv(path.join(dir, 'real-gb.csv'), real, 'gb18030');
    const r = await runImportCli(db.url(), ['institutions', file, '--dry-run']);
    expect(rowErrors(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GB18030');
    expect(r.stdout).toContain('读取 6753 行');
    expect(counts(r.stdout)).toEqual({ created: 6753, updated: 0, unchanged: 0 });
    expect(await institutionCount()).toBe(0);
  });

  it('imports them with a public code each', async () => {
    const file = writeCsv(path.join(dir, 'real.csv'), real, 'utf-8-bom');
    const r = await runImportCli(db.url(), ['institutions', file]);
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ created: 6753, updated: 0, unchanged: 0 });
    expect(r.stdout).toMatch(/\d+ 行\/秒/);
    expect(await institutionCount()).toBe(6753);
    const [row] = await sql<{ codes: number; pattern: number }[]>`
      SELECT count(DISTINCT code)::int AS codes, count(*) FILTER (WHERE code ~ '^[2-9A-HJ-NP-Z]{8}$')::int AS pattern FROM institutions`;
    expect(row).toEqual({ codes: 6753, pattern: 6753 });
    const [first] = await sql<{ name: string; status: string; type: string }[]>`
      SELECT name, status, type FROM institutions WHERE registration_no = 'REAL000001'`;
    expect(first).toEqual({ name: real[1]?.[1], status: '执业', type: '其他' });
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await sql`SELECT id, code, updated_at FROM institutions ORDER BY id`;
    const r = await runImportCli(db.url(), ['institutions', path.join(dir, 'real.csv')]);
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ created: 0, updated: 0, unchanged: 6753 });
    expect(await sql`SELECT id, code, updated_at FROM institutions ORDER BY id`).toEqual(before);
  });

  it('a corrected sheet updates exactly the one changed row, in place', async () => {
    const corrected = real.map((r) => [...r]);
    const target = corrected[100] as string[];
    const [before] = await sql<{ id: number; code: string }[]>`SELECT id, code FROM institutions WHERE registration_no = ${target[0] as string}`;
    target[2] = '更正后的地址：示范路1号';
    const file = writeCsv(path.join(dir, 'real-corrected.csv'), corrected, 'gb18030');
    const r = await runImportCli(db.url(), ['institutions', file]);
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ created: 0, updated: 1, unchanged: 6752 });
    expect(r.stdout).toContain('地址：');
    expect(r.stdout).toContain('→ 更正后的地址：示范路1号');
    const [after] = await sql<{ id: number; code: string; address: string }[]>`
      SELECT id, code, address FROM institutions WHERE registration_no = ${target[0] as string}`;
    expect(after).toEqual({ id: before?.id, code: before?.code, address: '更正后的地址：示范路1号' });
    expect(await institutionCount()).toBe(6753);
  });
});

describe('validation', () => {
  const header = ['登记号', '机构名称', '统一社会信用代码', '机构类别', '执业状态', '风险等级', '投诉电话', '许可证有效期起', '许可证有效期至'];
  const good = (n: number): string[] => [`GOOD${n}`, `示范诊所${n}`, '', '诊所', '执业', '低', '0375-2345678', '2024-01-01', '2029-12-31'];
  const badFile = (): string[][] => [
    header,
    good(1),
    ['', '没有登记号的诊所', '', '', '', '', '', '', ''],
    ['BAD00003', '坏代码诊所', '91110000ABCDEFGHIJ', '', '', '', '', '', ''],
    ['BAD00004', '', '', '', '', '', '', '', ''],
    good(5),
    ['BAD00006', '错误类别诊所', '', '美容院', '营业', '极高', '12345678', '2024-13-01', ''],
    ['BAD00007', '日期颠倒诊所', '', '', '', '', '', '2025-01-01', '2024-01-01'],
    good(1),
  ];

  it('reports every bad row with its line and column, and applies nothing', async () => {
    const before = await institutionCount();
    const file = writeCsv(path.join(dir, 'bad.csv'), badFile());
    const r = await runImportCli(db.url(), ['institutions', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第3行 登记号: 必填');
    expect(r.stderr).toContain('第4行 统一社会信用代码: 统一社会信用代码含有无效字符');
    expect(r.stderr).toContain('第5行 机构名称: 必填');
    expect(r.stderr).toMatch(/第7行 机构类别: 应为以下之一/);
    expect(r.stderr).toMatch(/第7行 执业状态: 应为以下之一：执业、歇业、注销、吊销/);
    expect(r.stderr).toMatch(/第7行 风险等级: 应为以下之一：高、中、低/);
    expect(r.stderr).toMatch(/第7行 投诉电话: 电话号码格式不正确/);
    expect(r.stderr).toMatch(/第7行 许可证有效期起: 不是有效日期/);
    expect(r.stderr).toContain('第8行 许可证有效期至: 不能早于许可证有效期起');
    expect(r.stderr).toContain('第9行 登记号: 与第2行重复');
    expect(r.stderr).toContain('整个文件未写入任何数据');
    expect(r.all).not.toContain('更新');
    expect(await institutionCount()).toBe(before);
    // A dry run of the same file says the same and also writes nothing.
    const dry = await runImportCli(db.url(), ['institutions', file, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.all).not.toContain('更新');
    expect(await sql`SELECT 1 FROM institutions WHERE registration_no LIKE 'GOOD%'`).toHaveLength(0);
  });

  it('--skip-invalid applies the good rows and writes the bad ones to a file that can be fixed and re-imported', async () => {
    const file = writeCsv(path.join(dir, 'skip.csv'), badFile());
    const r = await runImportCli(db.url(), ['institutions', file, '--skip-invalid']);
    expect(r.code).toBe(0);
    expect(counts(r.stdout)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const errorFile = path.join(dir, 'skip.错误行.csv');
    expect(r.stdout).toContain(errorFile);
    expect(
      (
        await sql<{ registration_no: string }[]>`
      SELECT registration_no FROM institutions WHERE registration_no LIKE 'GOOD%' OR registration_no LIKE 'BAD%' ORDER BY 1`
      ).map((x) => x.registration_no),
    ).toEqual(['GOOD1', 'GOOD5']);

    const text = fs.readFileSync(errorFile, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe([...header, '原行号', '错误原因'].join(','));
    expect(lines).toHaveLength(1 + 6);
    expect(lines[1]).toMatch(/^,没有登记号的诊所,.*,3,登记号: 必填$/);

    // Fix every row in the error file and import it as it is (the two extra columns are ignored).
    const fixed = text
      .replace(/^(\uFEFF)?,没有登记号的诊所/m, '$1FIX00003,没有登记号的诊所')
      .replace('91110000ABCDEFGHIJ', '')
      .replace('BAD00004,,', 'BAD00004,补上名称的诊所,')
      .replace('美容院,营业,极高,12345678,2024-13-01', '诊所,歇业,高,12345,2024-12-01')
      .replace('2025-01-01,2024-01-01', '2024-01-01,2025-01-01')
      .replace(/\r\nGOOD1,[^\r\n]*/, '');
    fs.writeFileSync(errorFile, fixed);
    const again = await runImportCli(db.url(), ['institutions', errorFile]);
    expect(rowErrors(again.stderr)).toEqual([]);
    expect(again.code).toBe(0);
    expect(counts(again.stdout)).toEqual({ created: 5, updated: 0, unchanged: 0 });
    const [six] = await sql<{ status: string; risk_grade: string; complaint_phone: string }[]>`
      SELECT status, risk_grade, complaint_phone FROM institutions WHERE registration_no = 'BAD00006'`;
    expect(six).toEqual({ status: '歇业', risk_grade: '高', complaint_phone: '12345' });
  });

  it('checks what only the database knows: a USCC used by another institution, an unknown region', async () => {
    const valid = completeUscc('91410423MA45XY0L1');
    await sql`UPDATE institutions SET uscc = ${valid} WHERE registration_no = 'GOOD1'`;
    const file = writeCsv(path.join(dir, 'db-checks.csv'), [
      ['登记号', '机构名称', '统一社会信用代码', '行政区划'],
      ['GOOD5', '示范诊所5', valid, ''],
      ['NEW00001', '新诊所', '', '410423'],
      ['NEW00002', '新诊所二', '', '不存在镇'],
    ]);
    const r = await runImportCli(db.url(), ['institutions', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第2行 统一社会信用代码: 已被登记号为GOOD1的机构（示范诊所1）使用');
    expect(r.stderr).toMatch(/第3行 行政区划: (平台行政区划表中没有代码410423|平台尚未导入行政区划)/);
    expect(r.stderr).toMatch(/第4行 行政区划: /);
  });
});

describe('file formats', () => {
  it('reads an XLSX workbook (first sheet, or --sheet), headers in any order, extra columns ignored', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['这张表不是数据']);
    const ws = wb.addWorksheet('机构');
    ws.addRow(['备注', '机构名称', '医疗机构登记号', '执业状态', '诊疗科目']);
    ws.addRow(['随便写', 'XLSX诊所甲', 'XLSX0001', '正常执业', '内科；外科、儿科']);
    ws.addRow(['', 'XLSX诊所乙', 'XLSX0002', '', '医学检验科：临床体液、血液专业;中医科']);
    const file = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(file);

    const wrongSheet = await runImportCli(db.url(), ['institutions', file]);
    expect(wrongSheet.code).toBe(1);
    expect(wrongSheet.stderr).toContain('缺少必需的列：登记号、机构名称');

    const r = await runImportCli(db.url(), ['institutions', file, '--sheet', '机构']);
    expect(rowErrors(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('XLSX，工作表“机构”');
    expect(counts(r.stdout)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const rows = await sql<{ registration_no: string; status: string; departments: string[] }[]>`
      SELECT registration_no, status, departments FROM institutions WHERE registration_no LIKE 'XLSX%' ORDER BY 1`;
    expect(rows).toEqual([
      { registration_no: 'XLSX0001', status: '执业', departments: ['内科', '外科', '儿科'] },
      { registration_no: 'XLSX0002', status: '执业', departments: ['医学检验科：临床体液、血液专业', '中医科'] },
    ]);

    const missing = await runImportCli(db.url(), ['institutions', file, '--sheet', '没有这张表']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到工作表“没有这张表”');
  });

  it('refuses files it cannot use with one sentence, never a stack trace', async () => {
    const empty = path.join(dir, 'header-only.csv');
    fs.writeFileSync(empty, '登记号,机构名称\r\n');
    const cases: [string[], RegExp, number][] = [
      [['institutions', path.join(dir, 'no-such-file.csv')], /找不到文件/, 1],
      [['institutions', empty], /只有表头，没有数据行/, 1],
      [['hospitals', empty], /不认识的类型“hospitals”/, 2],
      [['institutions'], /请指定要导入的文件/, 2],
    ];
    for (const [args, message, code] of cases) {
      const r = await runImportCli(db.url(), args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('records an import that wrote something in the history and the audit log', async () => {
    const rows = await sql<{ origin: string; kind: string; status: string }[]>`
      SELECT origin, kind, status FROM import_batches ORDER BY id`;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.every((r) => r.origin === 'cli' && r.kind === 'institutions' && r.status === '已导入')).toBe(true);
    const audit = await sql<{ action: string; actor_name: string; detail: { kind: string } }[]>`
      SELECT action, actor_name, detail FROM audit_log WHERE action = 'import.apply' ORDER BY id`;
    expect(audit).toHaveLength(rows.length);
    expect(audit[0]).toMatchObject({ actor_name: 'cli', detail: { kind: 'institutions', created: 6753 } });
  });
});
