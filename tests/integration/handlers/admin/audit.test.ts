// The audit log: every action writes who, when, what (and why, for the sensitive ones); nobody
// can change it; only administrators read it. Also the export and moderation paths end to end.
process.env['PII_KEY'] = 'a'.repeat(64); // a fixed test key, before the config is first read
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld, adminContext, type World } from './world';
import { encrypt } from '../../../../src/server/pii-crypto';
import { complaintPage, exportRequest, toCsv } from '../../../../src/handlers/admin/complaints';
import { formulaSafe as spreadsheetSafe } from '../../../../src/domain/csv';
import { applyComplaintAction } from '../../../../src/db/admin-complaints-write';
import { listAudit, writeAudit } from '../../../../src/db/audit-log';
import { approveComment, hideComment, listComments, readOriginalComment } from '../../../../src/db/moderation';
import { createPoint } from '../../../../src/db/points-write';
import { createSupervisor, setSupervisorActive } from '../../../../src/db/supervisors';
import { hashPassword } from '../../../../src/server/auth';
import ExcelJS from 'exceljs';

useTestDatabase();
let w: World;
let realName: number;
beforeAll(async () => {
  w = await makeWorld();
  const [c] = await sql<{ id: number }[]>`
    INSERT INTO complaints (tracking_no, query_code_hash, institution_id, category, description, anonymous,
                            complainant_name_enc, complainant_phone_enc, accept_due, close_due)
    VALUES ('REALNAME1', 'x', ${w.instA}, '信息公示', '=HYPERLINK("http://evil")', false,
            ${encrypt('李四', 'complainant_name')}, ${encrypt('13812345678', 'complainant_phone')}, '2025-10-11', '2025-10-28')
    RETURNING id`;
  realName = c!.id;
});

const lastAudit = async (action: string) =>
  (
    await sql<{ actor_name: string; target_id: string | null; reason: string | null; detail: Record<string, unknown>; ip: string | null; at: Date }[]>`
    SELECT actor_name, target_id, reason, detail, ip, at FROM audit_log WHERE action = ${action} ORDER BY id DESC LIMIT 1`
  )[0];

const ctx = adminContext;

describe('audit rows', () => {
  it('seeing a complainant’s personal data needs a reason and is logged with it', async () => {
    const noReason = await complaintPage(
      ctx(w.districtA, `/admin/complaints/${realName}`, { method: 'POST', form: { op: 'reveal', reason: '' }, params: { id: String(realName) } }),
    );
    expect(noReason).toMatchObject({ status: 400, pii: null });
    const view = await complaintPage(
      ctx(w.districtA, `/admin/complaints/${realName}`, { method: 'POST', form: { op: 'reveal', reason: '回访举报人' }, params: { id: String(realName) } }),
    );
    expect(view).toMatchObject({ pii: { name: '李四', phone: '13812345678' } });
    expect(await lastAudit('complaint.view_pii')).toMatchObject({
      actor_name: 't.district.a',
      target_id: String(realName),
      reason: '回访举报人',
      ip: '198.51.100.7',
    });
    // Another district: not found, nothing revealed, nothing logged for them.
    await expect(
      complaintPage(
        ctx(w.districtB, `/admin/complaints/${realName}`, { method: 'POST', form: { op: 'reveal', reason: '好奇' }, params: { id: String(realName) } }),
      ),
    ).rejects.toMatchObject({ kind: 'not-found', message: expect.stringMatching(/不在您的辖区内/) });
    expect((await lastAudit('complaint.view_pii'))!.actor_name).toBe('t.district.a');
    // A viewer cannot.
    await expect(
      complaintPage(
        ctx(w.viewer, `/admin/complaints/${realName}`, { method: 'POST', form: { op: 'reveal', reason: '查看' }, params: { id: String(realName) } }),
      ),
    ).resolves.toMatchObject({ status: 403 });
  });

  it('a transition is logged', async () => {
    await applyComplaintAction(w.districtA, w.complaintA, { action: 'accept' }, '198.51.100.8');
    expect(await lastAudit('complaint.accept')).toMatchObject({
      actor_name: 't.district.a',
      target_id: String(w.complaintA),
      ip: '198.51.100.8',
      detail: { from: '待受理', to: '已受理' },
    });
  });

  it('an export needs a reason, holds only the filter and the jurisdiction, no personal data, and is logged', async () => {
    const refused = await exportRequest(ctx(w.districtA, '/admin/export.csv'), 'csv');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/导出原因/);
    const res = await exportRequest(ctx(w.districtA, '/admin/export.csv?reason=' + encodeURIComponent('月度统计') + '&category=信息公示'), 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads it as UTF-8
    const text = bytes.toString('utf8');
    expect(text.startsWith('\ufeff受理编号,')).toBe(true);
    expect(text).toContain('REALNAME1');
    expect(text).not.toContain('李四');
    expect(text).not.toContain('13812345678');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`); // formula neutralised
    expect(text.trim().split('\r\n')).toHaveLength(2); // header + the one 信息公示 complaint of district A
    expect(await lastAudit('complaint.export')).toMatchObject({
      actor_name: 't.district.a',
      reason: '月度统计',
      detail: { format: 'csv', rows: 1, filter: { category: '信息公示' } },
    });

    const x = await exportRequest(ctx(w.admin, '/admin/export.xlsx?reason=' + encodeURIComponent('年度汇总')), 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('受理编号');
    expect(sheet.rowCount).toBe(1 + 3);
    expect(await lastAudit('complaint.export')).toMatchObject({ actor_name: 't.admin', detail: { format: 'xlsx', rows: 3 } });
    expect((await exportRequest(ctx(w.viewer, '/admin/export.csv?reason=abc'), 'csv')).status).toBe(403);
  });

  it('CSV cells are quoted and formulas neutralised', () => {
    expect(spreadsheetSafe('+1')).toBe("'+1");
    expect(spreadsheetSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(spreadsheetSafe('正常')).toBe('正常');
    expect(toCsv([])).toBe(
      '\ufeff' +
        '受理编号,收到时间,被投诉机构,机构编码,辖区,类别,具体问题,举报方式,状态,受理时限,办结时限,是否超期,承办人,办结结果,原投诉,办结时间,问题描述,调查情况,不予受理理由,反馈内容\r\n',
    );
  });

  it('a point is logged', async () => {
    const id = await createPoint(
      w.admin,
      {
        institutionId: w.instA,
        staffId: null,
        behaviour: '测试',
        points: 1,
        source: '其他',
        sourceComplaintId: null,
        department: null,
        foundOn: '2025-10-01',
        approvedOn: null,
        noticeServedOn: null,
        noticeReceivedOn: null,
      },
      '2025-10-31',
      null,
    );
    expect(await lastAudit('point.create')).toMatchObject({ actor_name: 't.admin', target_id: String(id) });
  });

  it('account management is logged with its reason', async () => {
    const id = await createSupervisor(
      w.admin,
      { username: 'new.one', displayName: '新人', department: null, role: 'viewer', regions: [], passwordHash: await hashPassword('a long enough phrase') },
      '新入职',
      null,
    );
    expect(await lastAudit('user.create')).toMatchObject({ actor_name: 't.admin', target_id: String(id), reason: '新入职' });
    await setSupervisorActive(w.admin, id, false, '离职', null);
    expect(await lastAudit('user.deactivate')).toMatchObject({ reason: '离职' });
    await expect(
      createSupervisor(
        w.districtA,
        { username: 'sneaky', displayName: 'x', department: null, role: 'admin', regions: [], passwordHash: 'x' },
        '想当管理员',
        null,
      ),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('moderation', () => {
  let ratingA: number;
  let ratingB: number;
  beforeAll(async () => {
    const [a] = await sql<{ id: number }[]>`INSERT INTO ratings (institution_id, stars, comment, comment_status, device_hash)
      VALUES (${w.instA}, 2, '医生态度不好，我叫王小明，电话13912345678，有事联系', '待审核', 'd1') RETURNING id`;
    const [b] = await sql<{ id: number }[]>`INSERT INTO ratings (institution_id, stars, comment, comment_status, device_hash)
      VALUES (${w.instB}, 5, '很好', '待审核', 'd2') RETURNING id`;
    ratingA = a!.id;
    ratingB = b!.id;
  });

  it('lists pending comments in the jurisdiction, redacted, without the original', async () => {
    const list = await listComments(w.districtA, '待审核', 1, 30);
    expect(list.rows.map((r) => r.id)).toEqual([ratingA]);
    expect(list.rows[0]!.publicText).not.toContain('13912345678');
    expect(list.rows[0]!.publicText).not.toContain('王小明');
    expect(list.rows[0]!.redactions).toMatchObject({ 电话: 1, 姓名: 1 });
    expect(JSON.stringify(list.rows[0])).not.toContain('13912345678');
    await expect(listComments(w.viewer, '待审核', 1, 30)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('approving publishes only redacted text, even when the moderator types personal data back; the original is kept', async () => {
    const text = await approveComment(w.districtA, ratingA, '态度不好，联系人：王小明 13912345678', null);
    expect(text).not.toContain('13912345678');
    const [row] = await sql`SELECT comment, comment_public, comment_status FROM ratings WHERE id = ${ratingA}`;
    expect(row!['comment_status']).toBe('已公开');
    expect(row!['comment_public']).toBe(text);
    expect(row!['comment']).toContain('13912345678');
    expect(await lastAudit('rating.approve')).toMatchObject({ actor_name: 't.district.a', target_id: String(ratingA) });
    await expect(approveComment(w.districtA, ratingB, null, null)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('hiding needs a reason, is logged, and clears the public text', async () => {
    await expect(hideComment(w.districtA, ratingA, ' ', null)).rejects.toThrow(/隐藏原因/);
    await hideComment(w.districtA, ratingA, '含侮辱性语言', null);
    const [row] = await sql`SELECT comment_public, comment_status, moderation_reason FROM ratings WHERE id = ${ratingA}`;
    expect(row).toMatchObject({ comment_public: null, comment_status: '已隐藏', moderation_reason: '含侮辱性语言' });
    expect(await lastAudit('rating.hide')).toMatchObject({ reason: '含侮辱性语言' });
  });

  it('only administrators read the original, with a logged reason', async () => {
    await expect(readOriginalComment(w.districtA, ratingA, '核对', null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(readOriginalComment(w.admin, ratingA, '', null)).rejects.toMatchObject({ kind: 'invalid' });
    expect(await readOriginalComment(w.admin, ratingA, '核对投诉线索', null)).toContain('13912345678');
    expect(await lastAudit('rating.view_original')).toMatchObject({ actor_name: 't.admin', reason: '核对投诉线索' });
  });
});

describe('the log itself', () => {
  it('cannot be changed, deleted or truncated', async () => {
    await expect(sql`UPDATE audit_log SET reason = 'changed'`).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`).rejects.toThrow(/append-only/);
  });

  it('sensitive actions without a reason are refused by the application and by the database', async () => {
    await expect(sql.begin((tx) => writeAudit(tx as never, { actor: null, action: 'complaint.export' }))).rejects.toThrow(/reason/);
    await expect(sql`INSERT INTO audit_log (action) VALUES ('complaint.view_pii')`).rejects.toThrow(/audit_log_reason_required/);
  });

  it('only administrators read it, filtered', async () => {
    const all = await listAudit(w.admin, { page: 1, pageSize: 100 });
    expect(all.total).toBeGreaterThan(5);
    const pii = await listAudit(w.admin, { action: 'complaint.view_pii', page: 1, pageSize: 10 });
    expect(pii.rows.every((r) => r.action === 'complaint.view_pii')).toBe(true);
    const byActor = await listAudit(w.admin, { actorName: 't.district.a', page: 1, pageSize: 100 });
    expect(byActor.rows.every((r) => r.actorName === 't.district.a')).toBe(true);
    expect(await listAudit(w.districtA, { page: 1, pageSize: 100 })).toEqual({ rows: [], total: 0 });
    expect(await listAudit(w.viewer, { page: 1, pageSize: 100 })).toEqual({ rows: [], total: 0 });
  });
});
