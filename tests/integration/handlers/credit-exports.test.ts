import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeSupervisor, makeWorld, adminContext, type World } from './admin/world';
import { exportNow } from '../../../src/handlers/credit-exports';
import { deliverExportPush } from '../../../src/server/jobs/export-push';
import { exportsPage, exportDownload } from '../../../src/handlers/admin/exports';
import { pointPage } from '../../../src/handlers/admin/points';
import { duePage } from '../../../src/handlers/admin/dashboard';
import { provincialEntryDueDate } from '../../../src/domain/points';
import { chinaDate, addCalendarDays } from '../../../src/domain/working-days';
import { listExports } from '../../../src/db/credit-exports';
import { EXPORT_COLUMNS, validateRows, type ExportRow } from '../../../src/domain/credit-exports';
import { DomainError } from '../../../src/domain/errors';
import type { Actor } from '../../../src/domain/roles';

useTestDatabase();

// The push endpoint: a local receiver that counts deliveries by Idempotency-Key; "down" answers 503.
const received = new Map<string, { body: Buffer; kind: string | undefined; sha: string | undefined }>();
let down = true;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (down) {
      res.writeHead(503).end();
      return;
    }
    received.set(String(req.headers['idempotency-key']), {
      body: Buffer.concat(chunks),
      kind: req.headers['x-export-kind'] as string | undefined,
      sha: req.headers['x-content-sha256'] as string | undefined,
    });
    res.writeHead(200).end('ok');
  });
});

let w: World;
let district: Actor;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // Read by src/config.ts on first use, which is after this.
  process.env['EXPORT_PUSH_URL'] = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/credit`;
  w = await makeWorld();
  district = w.districtA;
  await sql`UPDATE institutions SET uscc = '52419901MJ1234567X', legal_representative = '张法人' WHERE id = ${w.instA}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

let penaltyNo = 0;
async function addPenalty(institutionId: number, penalty = '警告，罚款人民币5000元', fine: number | null = 5000): Promise<string> {
  penaltyNo += 1;
  const no = `示卫医罚〔2026〕${penaltyNo}号`;
  await sql`INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, fine_yuan, shown_until)
            VALUES (${institutionId}, ${no}, ${`2026-03-0${penaltyNo}`}, '使用非卫生技术人员从事医疗卫生技术工作，情节轻微。', '《医疗机构管理条例》第四十七条',
                    ${penalty}, ${fine}, '2029-03-01')`;
  return no;
}

const rowsOf = (content: Buffer) => (JSON.parse(content.toString('utf8')) as { records: ExportRow[] }).records;

describe('双公示 exports', () => {
  it('are refused while the commission’s credit code is not configured (and the dataset is not the demo)', async () => {
    await expect(exportNow({ kind: 'penalties', format: 'json', incremental: false, actor: w.admin, ip: null })).rejects.toThrow(/EXPORT_AUTHORITY_USCC/);
    await sql`INSERT INTO site_settings (key, value) VALUES ('dataset', ${sql.json({ demo: true, label: '演示数据', authority: '示范县卫生健康委员会', county: '示范县' })})
              ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  });

  it('a second incremental export after one new penalty contains just that one; a changed penalty counts as changed', async () => {
    await addPenalty(w.instA);
    await addPenalty(w.instB, '警告');
    const first = await exportNow({ kind: 'penalties', format: 'json', incremental: true, actor: w.admin, ip: '198.51.100.7' });
    expect(first.rowCount).toBe(2);
    expect(first.since).toBeNull();
    const third = await addPenalty(w.instA, '吊销医疗机构执业许可证', null);
    const second = await exportNow({ kind: 'penalties', format: 'json', incremental: true, actor: w.admin, ip: null });
    expect(second.rowCount).toBe(1);
    expect(rowsOf(second.content).map((r) => r['处罚决定书文号'])).toEqual([third]);
    expect(second.since).not.toBeNull();
    // Nothing new: an empty incremental export (still in the ledger).
    expect((await exportNow({ kind: 'penalties', format: 'csv', incremental: true, actor: w.admin, ip: null })).rowCount).toBe(0);
    await sql`UPDATE penalties SET penalty = '警告，罚款人民币8000元', fine_yuan = 8000 WHERE decision_no = '示卫医罚〔2026〕1号'`;
    const changed = await exportNow({ kind: 'penalties', format: 'json', incremental: true, actor: w.admin, ip: null });
    expect(rowsOf(changed.content).map((r) => [r['处罚决定书文号'], r['罚款金额（万元）']])).toEqual([['示卫医罚〔2026〕1号', 0.8]]);
    const full = await exportNow({ kind: 'penalties', format: 'json', incremental: false, actor: w.admin, ip: null });
    expect(full.rowCount).toBe(3);
  });

  it('rows validate against the column list and carry the national field set, the commission from configuration', async () => {
    const r = await exportNow({ kind: 'penalties', format: 'json', incremental: false, actor: w.admin, ip: null });
    const rows = rowsOf(r.content);
    expect(validateRows('penalties', rows)).toEqual([]);
    expect(Object.keys(rows[0]!)).toEqual(EXPORT_COLUMNS.penalties.map((c) => c.header));
    const revoked = rows.find((x) => x['处罚内容'] === '吊销医疗机构执业许可证')!;
    expect(revoked).toMatchObject({ 处罚类别: '暂扣或吊销许可证', 暂扣或吊销证照名称及编号: '医疗机构执业许可证 REG-A', 处罚机关: '示范县卫生健康委员会' });
    expect(rows.find((x) => x['行政相对人名称'] === '甲镇卫生院')).toMatchObject({ 统一社会信用代码: '52419901MJ1234567X', 法定代表人: '张法人' });
  });

  it('the ledger records kind, format, rows, who, and the file’s SHA-256; the file downloads unchanged', async () => {
    const r = await exportNow({ kind: 'penalties', format: 'xlsx', incremental: false, actor: w.admin, ip: null });
    const [row] = (await listExports()).filter((e) => e.id === r.id);
    expect(row).toMatchObject({ kind: 'penalties', format: 'xlsx', incremental: false, rowCount: 3, createdByName: 't.admin显示名' });
    expect(row!.sha256).toBe(crypto.createHash('sha256').update(r.content).digest('hex'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.content as never);
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(EXPORT_COLUMNS.penalties.map((c) => c.header));
    const res = await exportDownload(adminContext(w.admin, `/admin/exports/${r.id}`, { params: { id: String(r.id) } }));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(r.content)).toBe(true);
    const [audit] = await sql`SELECT action, actor_id::int AS actor FROM audit_log WHERE target_kind = 'exports' AND target_id = ${String(r.id)}`;
    expect(audit).toMatchObject({ action: 'export.run', actor: w.admin.id });
  });

  it('only administrators export or download (a district supervisor is refused)', async () => {
    await expect(exportNow({ kind: 'penalties', format: 'csv', incremental: false, actor: district, ip: null })).rejects.toBeInstanceOf(DomainError);
    const res = await exportDownload(adminContext(district, '/admin/exports/1', { params: { id: '1' } }));
    expect(res.status).toBe(403);
  });

  it('the 严重失信名单 holds the listed entries only; the 红榜/黑榜 the 优秀 and 差 levels', async () => {
    await sql`INSERT INTO serious_dishonesty (institution_id, listed_on, decision_no, reason, state) VALUES
              (${w.instA}, '2026-02-01', '示卫信〔2026〕1号', '一年内两次行政处罚，拒不整改。', 'listed'),
              (${w.instB}, '2026-02-01', NULL, '拟列入', 'proposed')`;
    const d = rowsOf((await exportNow({ kind: 'serious-dishonesty', format: 'json', incremental: false, actor: w.admin, ip: null })).content);
    expect(d.map((r) => r['机构名称'])).toEqual(['甲镇卫生院']);
    expect(validateRows('serious-dishonesty', d)).toEqual([]);
    await sql`INSERT INTO evaluations (institution_id, year, actual_score, standardized_score, score_level, level, evaluated_on) VALUES
              (${w.instA}, 2025, 95, 95, '优秀', '优秀', '2025-12-01'), (${w.instB}, 2025, 50, 50, '差', '差', '2025-12-01')`;
    const lists = rowsOf((await exportNow({ kind: 'red-black', format: 'json', incremental: false, actor: w.admin, ip: null })).content);
    expect(lists.map((r) => [r['榜单'], r['机构名称'], r['信用等级']])).toEqual([
      ['红榜', '甲镇卫生院', '优秀'],
      ['黑榜', '乙镇诊所', '差'],
    ]);
    expect(validateRows('red-black', lists)).toEqual([]);
  });
});

describe('the push through the queue', () => {
  it('each export queues an outbox row; delivery retries while the receiver is down and arrives once with its Idempotency-Key', async () => {
    const r = await exportNow({ kind: 'penalties', format: 'csv', incremental: false, actor: w.admin, ip: null });
    const [outbox] = await sql`SELECT payload FROM outbox WHERE topic = 'export.push' AND (payload->>'exportId')::int = ${r.id}`;
    expect(outbox!['payload']).toEqual({ exportId: r.id });
    await expect(deliverExportPush(outbox!['payload'])).rejects.toThrow(/503/);
    expect((await listExports()).find((e) => e.id === r.id)?.pushState).toBe('failed');
    down = false;
    expect(await deliverExportPush(outbox!['payload'])).toBe('sent');
    expect(await deliverExportPush(outbox!['payload'])).toBe('sent'); // a redelivery: same key, the receiver keeps one
    const got = [...received.entries()].filter(([k]) => k.startsWith(`export-${r.id}-`));
    expect(got).toHaveLength(1);
    expect(got[0]![1]).toMatchObject({ kind: 'penalties', sha: r.sha256 });
    expect(got[0]![1].body.equals(r.content)).toBe(true);
    expect((await listExports()).find((e) => e.id === r.id)?.pushState).toBe('sent');
  });
});

describe('provincial points export and 录入省平台', () => {
  it('exports points in force, and the export screen records the entry date for the batch', async () => {
    const [p1] = await sql<{ id: number }[]>`INSERT INTO point_records (institution_id, behaviour, points, source, department, found_on, approved_on, status)
      VALUES (${w.instA}, '未按规定公示医疗服务价格', 2, '监督检查', '综合监督科', '2026-03-02', '2026-03-03', '有效') RETURNING id::int AS id`;
    await sql`INSERT INTO point_records (institution_id, behaviour, points, source, found_on, status, voided_on, void_reason)
      VALUES (${w.instB}, '已撤销的记分', 1, '其他', '2026-03-02', '已撤销', '2026-03-05', '申诉成立')`;
    const r = await exportNow({ kind: 'provincial-points', format: 'csv', incremental: true, actor: w.admin, ip: null });
    expect(r.rowCount).toBe(1);
    const text = r.content.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeff' + EXPORT_COLUMNS['provincial-points'].map((c) => c.header).join(','));
    expect(text).toContain('未按规定公示医疗服务价格');
    expect(text).not.toContain('已撤销的记分');
    await expect(exportNow({ kind: 'provincial-points', format: 'json', incremental: true, actor: w.admin, ip: null })).rejects.toThrow(/只能导出为/);

    const post = adminContext(w.admin, '/admin/exports', { method: 'POST', form: { op: 'entered', exportId: String(r.id), enteredOn: '2026-03-05' } });
    const answer = (await exportsPage(post)) as Response;
    expect(answer.status).toBe(303);
    const [p] = await sql`SELECT provincial_entered_on::text AS d, provincial_entered_by::int AS by FROM point_records WHERE id = ${p1!.id}`;
    expect(p).toEqual({ d: '2026-03-05', by: w.admin.id });
    expect((await listExports()).find((e) => e.id === r.id)?.pendingEntry).toBe(0);
  });

  it('the due list shows points awaiting provincial entry with the 3-day deadline; recording it on the point page takes it off', async () => {
    const approved = addCalendarDays(chinaDate(new Date()), -10);
    const [p] = await sql<{ id: number }[]>`INSERT INTO point_records (institution_id, behaviour, points, source, found_on, approved_on, status)
      VALUES (${w.instA}, '医疗废物暂存不规范', 3, '监督检查', ${approved}, ${approved}, '有效') RETURNING id::int AS id`;
    const due = await duePage(adminContext(w.admin, '/admin/due'));
    const line = due.provincial.find((x) => x.row.id === p!.id);
    expect(line).toMatchObject({ due: provincialEntryDueDate({ foundOn: approved, approvedOn: approved }), overdue: true });
    const future = (await pointPage(
      adminContext(w.admin, `/admin/points/${p!.id}`, {
        method: 'POST',
        form: { op: 'provincial', enteredOn: addCalendarDays(chinaDate(new Date()), 2) },
        params: { id: String(p!.id) },
      }),
    )) as { errors: string[] };
    expect(future.errors.join()).toContain('不能晚于今天');
    const res = (await pointPage(
      adminContext(w.admin, `/admin/points/${p!.id}`, { method: 'POST', form: { op: 'provincial', enteredOn: approved }, params: { id: String(p!.id) } }),
    )) as Response;
    expect(res.status).toBe(303);
    expect((await duePage(adminContext(w.admin, '/admin/due'))).provincial.find((x) => x.row.id === p!.id)).toBeUndefined();
    // Entered once: a second date is refused; a district supervisor cannot record it.
    const again = (await pointPage(
      adminContext(w.admin, `/admin/points/${p!.id}`, { method: 'POST', form: { op: 'provincial', enteredOn: approved }, params: { id: String(p!.id) } }),
    )) as { errors: string[] };
    expect(again.errors.join()).toContain('已于');
  });

  it('the export screen runs an export from its form and refuses bad input with the field named', async () => {
    const ok = (await exportsPage(
      adminContext(w.admin, '/admin/exports', { method: 'POST', form: { op: 'run', kind: 'penalties', format: 'csv', scope: 'full' } }),
    )) as Response;
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(/^\/admin\/exports\?done=run&id=\d+&n=3$/);
    const bad = (await exportsPage(
      adminContext(w.admin, '/admin/exports', { method: 'POST', form: { op: 'run', kind: 'nope', format: 'csv', scope: 'full' } }),
    )) as {
      status: number;
      errors: string[];
    };
    expect(bad.status).toBe(400);
    expect(bad.errors.join()).toContain('导出内容');
    const viewer = await makeSupervisor('t.viewer.exports', 'viewer');
    await expect(exportsPage(adminContext(viewer, '/admin/exports'))).rejects.toBeInstanceOf(DomainError);
  });
});
