// The inspections sheet (监督检查记录补录, issue 13): a good file is written (two inspectors by 执法证号,
// findings 1–15), a file with bad rows is refused with line and column, a dry run writes nothing,
// and importing the same file again adds nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { sql, useTestDatabase } from '../../support/db';
import { runImport } from '../../../src/import/pipeline';
import { makeSupervisor, makeWorld, type World } from '../handlers/admin/world';
import { setInspectorDetails } from '../../../src/db/inspections';
import { csvText } from './cli-helpers';

useTestDatabase();
let w: World;

const HEADER = ['机构编码', '登记号', '检查日期', '检查类型', '检查人员执法证号', '发现问题编号', '问题描述', '检查结果'];
const bytes = (rows: string[][]): Uint8Array => Buffer.from('\uFEFF' + csvText([HEADER, ...rows]), 'utf8');
const load = async (rows: string[][], options: { dryRun?: boolean } = {}) =>
  (await runImport('inspections', { bytes: bytes(rows), fileName: 'inspections.csv' }, options)).report;
const messages = (report: { errors: { line: number; column: string; message: string }[] }) =>
  report.errors.map((e) => `第${e.line}行 ${e.column}: ${e.message}`);

beforeAll(async () => {
  w = await makeWorld();
  const a = await makeSupervisor('t.imp.1', 'district');
  const b = await makeSupervisor('t.imp.2', 'district');
  await setInspectorDetails(w.admin, a.id, 'ZF-IMP-1', null, null);
  await setInspectorDetails(w.admin, b.id, 'ZF-IMP-2', null, null);
});

const GOOD = [
  ['TSTA01', '', '2026-03-18', '日常', 'ZF-IMP-1、ZF-IMP-2', '7、12', '超范围执业', '责令改正'],
  ['', 'REG-B', '2026-04-02', '专项', 'ZF-IMP-1;ZF-IMP-2', '', '', '未发现问题'],
];

describe('the inspections import', () => {
  it('a dry run reports and writes nothing; the import writes both rows with their inspectors; a second import adds nothing', async () => {
    const dry = await load(GOOD, { dryRun: true });
    expect(messages(dry)).toEqual([]);
    expect(dry.result).toMatchObject({ created: 2 });
    expect((await sql`SELECT count(*)::int AS n FROM inspections`)[0]).toMatchObject({ n: 0 });
    const r = await load(GOOD);
    expect(r.result).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const rows = await sql<{ finding_codes: number[]; n: number }[]>`
      SELECT x.finding_codes::int[] AS finding_codes, (SELECT count(*)::int FROM inspection_inspectors ii WHERE ii.inspection_id = x.id) AS n
        FROM inspections x ORDER BY x.inspected_on`;
    expect(rows).toEqual([
      { finding_codes: [7, 12], n: 2 },
      { finding_codes: [], n: 2 },
    ]);
    const again = await load(GOOD);
    expect(again.result).toMatchObject({ created: 0, unchanged: 2 });
  });

  it('refuses a file with bad rows, naming line and column', async () => {
    const r = await load([
      ['TSTA01', '', '2026-05-01', '日常', 'ZF-IMP-1', '', '', '未发现问题'],
      ['NOPE99', '', '2026-05-01', '日常', 'ZF-IMP-1、ZF-IMP-2', '', '', '未发现问题'],
      ['TSTA01', '', '2026-05-02', '巡查', 'ZF-IMP-1、ZF-IMP-2', '16', '', '未发现问题'],
      ['TSTA01', '', '2026-05-03', '日常', 'ZF-IMP-1、ZF-9', '', '', '未发现问题'],
      ['TSTA01', '', '2026-05-04', '日常', 'ZF-IMP-1、ZF-IMP-2', '3', '', '未发现问题'],
      ['', '', '2026-05-05', '日常', 'ZF-IMP-1、ZF-IMP-2', '', '', '限期整改'],
    ]);
    expect(r.result).toBeNull();
    const m = messages(r);
    expect(m).toContain('第2行 检查人员执法证号: 至少填写2名检查人员的执法证号');
    expect(m).toContain('第3行 机构编码: 平台上没有这个机构编码');
    expect(m.filter((e) => e.startsWith('第4行 检查类型'))).toHaveLength(1);
    expect(m).toContain('第4行 发现问题编号: “16”不是1–15之间的问题编号');
    expect(m).toContain('第5行 检查人员执法证号: 平台上没有登记这些执法证号：ZF-9');
    expect(m).toContain('第6行 检查结果: 选择了发现问题，结果不能为“未发现问题”');
    expect(m).toContain('第7行 登记号: 请填写机构编码或登记号');
  });
});
