import { describe, expect, it, beforeAll } from 'vitest';
import { sql, useTestDatabase } from '../../support/db';
import { DomainError } from '../../../src/domain/errors';
import { applyImport, confirmBatch, discardBatch, previewImport, uploadForConfirmation } from '../../../src/handlers/admin/import';
import { runImport } from '../../../src/import/pipeline';
import { ImportFileError } from '../../../src/import/sheet';
import type { ImportKindName } from '../../../src/import/types';
import { type Actor } from '../../../src/domain/roles';
import { csvText } from './cli-helpers';

/**
 * The other sheets (staff, penalties, points, commitments, self-inspections) and the supervisor
 * area's upload → preview → confirm, in-process on bytes as the admin page runs them.
 */
useTestDatabase();

const bytes = (rows: string[][]): Uint8Array => Buffer.from('\uFEFF' + csvText(rows), 'utf8');

async function load(kind: ImportKindName, rows: string[][], options: { skipInvalid?: boolean; dryRun?: boolean } = {}) {
  const { report } = await runImport(kind, { bytes: bytes(rows), fileName: `${kind}.csv` }, options);
  return report;
}

const messages = (report: { errors: { line: number; column: string; message: string }[] }) =>
  report.errors.map((e) => `第${e.line}行 ${e.column}: ${e.message}`);

beforeAll(async () => {
  const r = await load('institutions', [
    ['登记号', '机构名称', '机构类别'],
    ['INST0001', '示范县城关镇卫生院', '卫生院'],
    ['INST0002', '示范县康宁诊所', '诊所'],
  ]);
  expect(r.result?.created).toBe(2);
});

describe('regions', () => {
  const header = ['行政区划代码', '名称', '上级代码'];

  it('loads a county with its townships and villages, parents implied by the codes', async () => {
    const r = await load('regions', [
      header,
      ['410481100201', '东村', ''],
      ['410481100', '垭口街道', ''],
      ['410481', '舞钢市', ''],
      ['410481101', '八台镇', ''],
    ]);
    expect(messages(r)).toEqual([]);
    expect(r.result).toMatchObject({ created: 4, updated: 0, unchanged: 0 });
    const rows = await sql<{ code: string; level: number; parent_code: string | null }[]>`SELECT code, level, parent_code FROM regions ORDER BY code`;
    expect(rows).toEqual([
      { code: '410481', level: 3, parent_code: null },
      { code: '410481100', level: 4, parent_code: '410481' },
      { code: '410481100201', level: 5, parent_code: '410481100' },
      { code: '410481101', level: 4, parent_code: '410481' },
    ]);
    // Institutions can now name their region, by code or by name.
    const inst = await load('institutions', [
      ['登记号', '机构名称', '行政区划'],
      ['INST0001', '示范县城关镇卫生院', '垭口街道'],
      ['INST0002', '示范县康宁诊所', '410481100201'],
    ]);
    expect(messages(inst)).toEqual([]);
    expect(inst.result).toMatchObject({ updated: 2 });
    await sql`UPDATE institutions SET region_code = NULL`;
  });

  it('renames in place and refuses unknown parents or a parent below the region', async () => {
    const renamed = await load('regions', [header, ['410481101', '八台镇人民政府驻地', '']]);
    expect(renamed.result).toMatchObject({ created: 0, updated: 1 });
    const bad = await load('regions', [header, ['410482100', '某镇', '410482'], ['410481102', '某乡', '410481100201'], ['12345', '坏代码', '']]);
    expect(messages(bad)).toEqual([
      '第2行 上级代码: 平台和本文件中都没有上级区划410482（请一并导入）',
      '第3行 上级代码: 上级区划的级别必须高于本区划',
      '第4行 行政区划代码: 行政区划代码应为6位数字（乡镇9位、村级12位）',
    ]);
  });
});

describe('staff', () => {
  const header = ['登记号', '姓名', '人员类别', '执业类别', '执业证书编码', '职称', '在岗'];

  it('imports staff, and a later sheet with certificate numbers finds the same people', async () => {
    const first = await load('staff', [
      header,
      ['INST0001', '张三', '执业医师', '临床', '', '主治医师', ''],
      ['INST0001', '李四', '注册护士', '', '', '', '是'],
    ]);
    expect(messages(first)).toEqual([]);
    expect(first.result).toMatchObject({ created: 2, updated: 0, unchanged: 0 });

    const second = await load('staff', [
      header,
      ['INST0001', '张三', '医师', '临床', '110410000012345', '副主任医师', ''],
      ['INST0001', '李四', '护士', '', '202041000067890', '', '否'],
      ['INST0002', '王五', '乡村医生', '', '', '', ''],
    ]);
    expect(messages(second)).toEqual([]);
    expect(second.result).toMatchObject({ created: 1, updated: 2, unchanged: 0 });
    const zhang = second.result?.changes.find((c) => c.label === '张三');
    expect(zhang?.fields).toEqual([
      { column: '执业证书编码', before: null, after: '110410000012345' },
      { column: '职称', before: '主治医师', after: '副主任医师' },
    ]);
    const rows = await sql<{ name: string; profession: string; certificate_no: string | null; active: boolean }[]>`
      SELECT name, profession, certificate_no, active FROM staff ORDER BY name`;
    expect(rows).toEqual([
      { name: '张三', profession: '医师', certificate_no: '110410000012345', active: true },
      { name: '李四', profession: '护士', certificate_no: '202041000067890', active: false },
      { name: '王五', profession: '乡村医生', certificate_no: null, active: true },
    ]);
    const again = await load('staff', [header, ['INST0001', '张三', '医师', '临床', '110410000012345', '副主任医师', '']]);
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('names unknown institutions, bad professions and ambiguous names', async () => {
    await sql`INSERT INTO staff (institution_id, name, profession) SELECT id, '赵六', '医师' FROM institutions WHERE registration_no = 'INST0002'`;
    await sql`INSERT INTO staff (institution_id, name, profession) SELECT id, '赵六', '护士' FROM institutions WHERE registration_no = 'INST0002'`;
    const r = await load('staff', [
      header,
      ['NOSUCH01', '钱七', '医师', '', '', '', ''],
      ['INST0002', '孙八', '保洁', '', '', '', ''],
      ['INST0002', '赵六', '医师', '', '', '', ''],
      ['INST0001', '张三', '医师', '', '110410000012345', '', '也许'],
    ]);
    expect(r.result).toBeNull();
    expect(messages(r)).toEqual([
      '第2行 登记号: 机构名册中没有这个登记号（请先导入机构名册）',
      '第3行 人员类别: 应为以下之一：医师、助理医师、乡村医生、护士、药师、技师、其他',
      '第4行 执业证书编码: 该机构有2名同名人员，请填写执业证书编码以区分',
      '第5行 在岗: 应填“是/否”、“Y/N”或“1/0”',
    ]);
  });
});

describe('penalties', () => {
  const header = ['处罚决定书文号', '登记号', '处罚日期', '违法事实', '处罚依据', '处罚内容', '罚款金额（元）', '公示截止日期'];

  it('imports penalties keyed by 文号, with a one-year display period when none is given', async () => {
    const r = await load('penalties', [
      header,
      [
        '示卫医罚〔2024〕1号',
        'INST0002',
        '2024-02-29',
        '使用非卫生技术人员从事医疗卫生技术工作',
        '《医疗机构管理条例》第四十七条',
        '警告，罚款5000元',
        '5,000',
        '',
      ],
      ['示卫医罚〔2024〕2号', 'INST0001', '2024/6/1', '未按规定公示收费标准', '《医疗机构管理条例》', '警告', '', '2024-12-31'],
    ]);
    expect(messages(r)).toEqual([]);
    expect(r.result).toMatchObject({ created: 2 });
    const rows = await sql<{ decision_no: string; shown_until: string; fine_yuan: number | null }[]>`
      SELECT decision_no, to_char(shown_until, 'YYYY-MM-DD') AS shown_until, fine_yuan FROM penalties ORDER BY decision_no`;
    expect(rows).toEqual([
      { decision_no: '示卫医罚〔2024〕1号', shown_until: '2025-02-28', fine_yuan: 5000 },
      { decision_no: '示卫医罚〔2024〕2号', shown_until: '2024-12-31', fine_yuan: null },
    ]);
  });

  it('updates a corrected penalty in place and refuses moving it to another institution', async () => {
    const r = await load('penalties', [
      header,
      [
        '示卫医罚〔2024〕1号',
        'INST0002',
        '2024-02-29',
        '使用非卫生技术人员从事医疗卫生技术工作',
        '《医疗机构管理条例》第四十七条',
        '警告，罚款6000元',
        '6000',
        '',
      ],
    ]);
    expect(r.result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(r.result?.changes[0]?.fields.map((f) => f.column)).toEqual(['处罚内容', '罚款金额']);
    const moved = await load('penalties', [
      header,
      ['示卫医罚〔2024〕2号', 'INST0002', '2024-06-01', '未按规定公示收费标准', '《医疗机构管理条例》', '警告', '', ''],
    ]);
    expect(messages(moved)).toEqual(['第2行 登记号: 该文号已登记为登记号INST0001的机构的处罚，不能改为其他机构']);
    const bad = await load('penalties', [header, ['示卫医罚〔2024〕3号', 'INST0001', '2024-06-01', '事实', '依据', '警告', '-5', '2024-05-01']]);
    expect(messages(bad)).toEqual(['第2行 罚款金额: 不能为负数', '第2行 公示截止日期: 不能早于处罚日期']);
  });
});

describe('points', () => {
  const header = ['登记号', '执业证书编码', '姓名', '记分行为', '记分分值', '记分来源', '记分科室', '发现日期', '通知书送达日期', '通知书签收日期'];

  it('records points against institutions and staff; re-importing adds nothing twice and only fills in notice dates', async () => {
    const rows = [
      header,
      ['INST0002', '', '', '未按规定公示医疗服务价格', '2', '日常管理', '卫生监督所', '2025-03-02', '', ''],
      ['INST0001', '110410000012345', '张三', '未按规定书写病历', '3', '监督检查', '医政医管', '2025-03-05', '2025-03-06', ''],
    ];
    const first = await load('points', rows);
    expect(messages(first)).toEqual([]);
    expect(first.result).toMatchObject({ created: 2 });
    const again = await load('points', rows);
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const withNotice = rows.map((r) => [...r]);
    (withNotice[2] as string[])[9] = '2025-03-07';
    const third = await load('points', withNotice);
    expect(third.result).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const stored = await sql<{ staff: string | null; points: number; status: string; received: string | null }[]>`
      SELECT s.name AS staff, p.points, p.status, to_char(p.notice_received_on, 'YYYY-MM-DD') AS received
        FROM point_records p LEFT JOIN staff s ON s.id = p.staff_id ORDER BY p.id`;
    expect(stored).toEqual([
      { staff: null, points: 2, status: '有效', received: null },
      { staff: '张三', points: 3, status: '有效', received: '2025-03-07' },
    ]);
  });

  it('never rewrites what was recorded, and checks the person against the certificate', async () => {
    const r = await load('points', [
      header,
      ['INST0002', '', '', '未按规定公示医疗服务价格', '4', '日常管理', '', '2025-03-02', '', ''],
      ['INST0001', '999999', '', '超范围执业', '2', '监督检查', '', '2025-04-01', '', ''],
      ['INST0001', '110410000012345', '李四', '超范围执业', '2', '监督检查', '', '2025-04-01', '', ''],
      ['INST0001', '', '', '超范围执业', '13', '路过', '', '2025-04-01', '', '2025-04-03'],
    ]);
    expect(r.result).toBeNull();
    expect(messages(r)).toEqual([
      '第2行 记分分值: 这条记分已登记为2分，登记后不能修改（记分不得消除；确属错误的请按申诉程序撤销）',
      '第3行 执业证书编码: 该机构的执业人员中没有这个证书编码（请先导入执业人员）',
      '第4行 姓名: 与执业证书编码登记的人员（张三）不一致',
      '第5行 记分分值: 应在1到12之间',
      expect.stringMatching(/^第5行 记分来源: 应为以下之一：监督检查、校验/),
      '第5行 通知书送达日期: 填写了通知书签收日期时必须填写送达日期',
    ]);
    expect(await sql`SELECT 1 FROM point_records`).toHaveLength(2);
  });
});

describe('commitments and self-inspections', () => {
  it('keeps one commitment per institution and year, updated in place', async () => {
    const header = ['登记号', '承诺年度', '签署日期', '签署人', '承诺内容'];
    const r1 = await load('commitments', [header, ['INST0001', '2025', '2025-01-10', '张三', '本机构承诺依法执业。\n一、持证上岗。']]);
    expect(r1.result).toMatchObject({ created: 1 });
    const r2 = await load('commitments', [header, ['INST0001', '2025年', '2025-01-10', '', '本机构承诺依法执业。\n一、持证上岗。\n二、公示收费。']]);
    expect(r2.result).toMatchObject({ created: 0, updated: 1 });
    const [row] = await sql<{ body: string; signatory: string }[]>`SELECT body, signatory FROM commitments`;
    expect(row).toEqual({ body: '本机构承诺依法执业。\n一、持证上岗。\n二、公示收费。', signatory: '张三' });
    const late = await load('commitments', [header, ['INST0002', '2025', '2026-01-02', '', '承诺']]);
    expect(messages(late)).toEqual(['第2行 签署日期: 不能晚于承诺年度']);
  });

  it('keeps one self-inspection per institution and date', async () => {
    const header = ['登记号', '自查日期', '自查结果', '发现问题', '是否整改'];
    const r1 = await load('self-inspections', [header, ['INST0002', '2025-06-30', '基本合格', '医疗废物交接登记不全', '否']]);
    expect(r1.result).toMatchObject({ created: 1 });
    const r2 = await load('self-inspections', [header, ['INST0002', '2025-06-30', '基本合格', '', '是']]);
    expect(r2.result).toMatchObject({ created: 0, updated: 1 });
    const [row] = await sql<{ findings: string; rectified: boolean }[]>`SELECT findings, rectified FROM self_inspections`;
    expect(row).toEqual({ findings: '医疗废物交接登记不全', rectified: true });
  });
});

describe('a constraint the checks do not know', () => {
  it('is one clear sentence naming it, and nothing is written', async () => {
    await sql`ALTER TABLE institutions ADD CONSTRAINT test_forbidden_name CHECK (name <> '禁止的名称')`;
    try {
      const attempt = load('institutions', [
        ['登记号', '机构名称'],
        ['INST0098', '允许的名称'],
        ['INST0099', '禁止的名称'],
      ]);
      await expect(attempt).rejects.toBeInstanceOf(ImportFileError);
      await expect(attempt).rejects.toThrow(/^数据库拒绝写入（约束 test_forbidden_name）：.*整个文件未写入任何数据/);
      expect(await sql`SELECT 1 FROM institutions WHERE registration_no = 'INST0098'`).toHaveLength(0);
    } finally {
      await sql`ALTER TABLE institutions DROP CONSTRAINT test_forbidden_name`;
    }
  });
});

describe('supervisor area: upload → preview → confirm', () => {
  let admin: Actor;
  let viewer: Actor;
  const file = (rows: string[][]) => bytes([['登记号', '机构名称', '地址'], ...rows]);

  beforeAll(async () => {
    const [a] = await sql<{ id: number }[]>`
      INSERT INTO supervisors (username, display_name, password_hash, role) VALUES ('import-admin', '导入管理员', 'x', 'admin') RETURNING id`;
    const [v] = await sql<{ id: number }[]>`
      INSERT INTO supervisors (username, display_name, password_hash, role) VALUES ('import-viewer', '只读', 'x', 'viewer') RETURNING id`;
    admin = { id: a?.id ?? 0, username: 'import-admin', displayName: '导入管理员', department: null, role: 'admin', regions: [] };
    viewer = { id: v?.id ?? 0, username: 'import-viewer', displayName: '只读', department: null, role: 'viewer', regions: [] };
  });

  it('previewImport shows the changes and writes nothing', async () => {
    const outcome = await previewImport(
      'institutions',
      file([
        ['INST0001', '示范县城关镇卫生院', '城关镇解放路1号'],
        ['INST0003', '新诊所', ''],
      ]),
      'x.csv',
    );
    expect(outcome.report.result).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    expect(outcome.report.applied).toBe(false);
    expect(await sql`SELECT 1 FROM institutions WHERE registration_no = 'INST0003'`).toHaveLength(0);
    await expect(previewImport('institutions', Buffer.from('名称\r\n甲\r\n'), 'x.csv')).rejects.toBeInstanceOf(ImportFileError);
  });

  it('applyImport runs the audit hook inside the transaction: a failing hook applies nothing', async () => {
    await expect(
      applyImport('institutions', file([['INST0004', '四号诊所', '']]), 'x.csv', {}, async () => {
        throw new Error('audit failed');
      }),
    ).rejects.toThrow('audit failed');
    expect(await sql`SELECT 1 FROM institutions WHERE registration_no = 'INST0004'`).toHaveLength(0);
  });

  it('keeps the upload until an administrator confirms it, applies it once, and audits it', async () => {
    await expect(
      uploadForConfirmation(viewer, { kind: 'institutions', fileName: 'a.csv', bytes: file([['INST0005', '五号诊所', '']]), skipInvalid: false, sheet: null }),
    ).rejects.toBeInstanceOf(DomainError);
    const id = await uploadForConfirmation(admin, {
      kind: 'institutions',
      fileName: '名册.csv',
      bytes: file([
        ['INST0005', '五号诊所', ''],
        ['', '坏行', ''],
      ]),
      skipInvalid: true,
      sheet: null,
    });
    const [waiting] = await sql<
      { status: string; preview: { counts: unknown; errorCount: number } }[]
    >`SELECT status, preview FROM import_batches WHERE id = ${id}`;
    expect(waiting).toMatchObject({ status: '待确认', preview: { counts: { created: 1, updated: 0, unchanged: 0 }, errorCount: 1 } });
    expect(await sql`SELECT 1 FROM institutions WHERE registration_no = 'INST0005'`).toHaveLength(0);

    const outcome = await confirmBatch(admin, id, '127.0.0.1');
    expect(outcome.report.result).toMatchObject({ created: 1 });
    expect(outcome.rejected.map((r) => r.line)).toEqual([3]);
    await expect(confirmBatch(admin, id, '127.0.0.1')).rejects.toThrow('该导入批次的状态是“已导入”，不能再确认。');
    expect(await sql`SELECT 1 FROM institutions WHERE registration_no = 'INST0005'`).toHaveLength(1);
    const [done] = await sql<{ status: string; content: unknown; result: { created: number; rejected: unknown[] } }[]>`
      SELECT status, content, result FROM import_batches WHERE id = ${id}`;
    expect(done).toMatchObject({ status: '已导入', content: null, result: { created: 1 } });
    expect(done?.result.rejected).toHaveLength(1);
    const audit = await sql<{ actor_id: number; action: string; target_id: string; ip: string }[]>`
      SELECT actor_id, action, target_id, ip FROM audit_log WHERE action = 'import.apply'`;
    expect(audit).toEqual([{ actor_id: admin.id, action: 'import.apply', target_id: String(id), ip: '127.0.0.1' }]);
  });

  it('a confirmation that meets new errors (the database changed since the preview) writes nothing', async () => {
    const id = await uploadForConfirmation(admin, {
      kind: 'staff',
      fileName: 's.csv',
      bytes: bytes([
        ['登记号', '姓名', '人员类别'],
        ['INST0006', '周九', '医师'],
      ]),
      skipInvalid: false,
      sheet: null,
    });
    const [b] = await sql<{ preview: { counts: unknown } }[]>`SELECT preview FROM import_batches WHERE id = ${id}`;
    expect(b?.preview.counts).toBeNull();
    const outcome = await confirmBatch(admin, id, null);
    expect(outcome.report.result).toBeNull();
    const [after] = await sql<{ status: string }[]>`SELECT status FROM import_batches WHERE id = ${id}`;
    expect(after?.status).toBe('失败');
  });

  it('discards an upload and its file', async () => {
    const id = await uploadForConfirmation(admin, {
      kind: 'institutions',
      fileName: 'd.csv',
      bytes: file([['INST0007', '七号诊所', '']]),
      skipInvalid: false,
      sheet: null,
    });
    await discardBatch(admin, id);
    const [row] = await sql<{ status: string; content: unknown }[]>`SELECT status, content FROM import_batches WHERE id = ${id}`;
    expect(row).toEqual({ status: '已放弃', content: null });
    await expect(discardBatch(admin, id)).rejects.toBeInstanceOf(DomainError);
    await expect(confirmBatch(admin, id, null)).rejects.toBeInstanceOf(DomainError);
  });
});
