// The institution portal against PostgreSQL (docs/portal.md): accounts created in the supervisor's
// jurisdiction with a one-time link, the institution's own scope on every read and write (another
// institution's ids are "not found"), the states of a submission, approval into the target tables
// (the rectification report through the credit lifecycle's own step), rejection, replies.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { makeEvaluation } from './credit-world';
import {
  activatePortalAccount,
  createPortalAccount,
  decideSubmission,
  findActivation,
  findLivePortalSession,
  findPortalLogin,
  listPortalAccounts,
  listSubmissions,
  managePortalAccount,
  ownRecords,
  ownSubmissions,
  publishedReplies,
  startPortalSession,
  submissionFile,
  submitToPortal,
  withdrawReply,
  withdrawSubmission,
  type PortalAccount,
} from '../../../src/db/portal';
import { orderRectification, getRectification, rectificationHistory } from '../../../src/db/rectifications';
import { hashSessionId, randomToken } from '../../../src/server/sessions';
import { chinaDate } from '../../../src/domain/working-days';

useTestDatabase();
let w: World;
let evalA: number;
let evalB: number;
let a: PortalAccount;
let b: PortalAccount;
const TODAY = '2026-06-30';

async function makeAccount(actor: World['admin'], institutionId: number, username: string): Promise<PortalAccount> {
  const token = randomToken();
  const id = await createPortalAccount(actor, { institutionId, username, displayName: '负责人' }, hashSessionId(token), '127.0.0.1');
  expect(await findActivation(hashSessionId(token))).toMatchObject({ id, username });
  expect(await activatePortalAccount(hashSessionId(token), '$argon2id$fake', null)).toBe(true);
  const [row] = await sql<PortalAccount[]>`
    SELECT a.id::int, a.username, a.display_name AS "displayName", a.institution_id::int AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName"
      FROM portal_accounts a JOIN institutions i ON i.id = a.institution_id WHERE a.id = ${id}`;
  return row!;
}

beforeAll(async () => {
  w = await makeWorld();
  evalA = await makeEvaluation(w.instA, '合格');
  evalB = await makeEvaluation(w.instB, '合格');
  a = await makeAccount(w.districtA, w.instA, 'clinic.a');
  b = await makeAccount(w.districtB, w.instB, 'clinic.b');
});

describe('accounts', () => {
  it('are created only in the supervisor’s jurisdiction and with portal.manage; usernames are unique', async () => {
    await expect(createPortalAccount(w.districtA, { institutionId: w.instB, username: 'x.b', displayName: 'x' }, 'h1', null)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(createPortalAccount(w.viewer, { institutionId: w.instA, username: 'x.v', displayName: 'x' }, 'h2', null)).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(createPortalAccount(w.admin, { institutionId: w.instA, username: 'clinic.a', displayName: 'x' }, 'h3', null)).rejects.toMatchObject({
      kind: 'conflict',
    });
    expect((await listPortalAccounts(w.districtA)).map((r) => r.username)).toEqual(['clinic.a']);
    expect((await listPortalAccounts(w.admin)).map((r) => r.username).sort()).toEqual(['clinic.a', 'clinic.b']);
    const [audit] = await sql`SELECT actor_name FROM audit_log WHERE action = 'portal.activate' AND target_id = ${String(a.id)}`;
    expect(audit?.['actor_name']).toBe('机构账户 clinic.a（甲镇卫生院）');
  });

  it('the link works once; an expired link opens nothing; re-issue clears the password and ends sessions; deactivate ends them too', async () => {
    const token = randomToken();
    const id = await createPortalAccount(w.admin, { institutionId: w.instA, username: 'clinic.a2', displayName: 'x' }, hashSessionId(token), null);
    await sql`UPDATE portal_accounts SET activation_expires_at = now() - interval '1 second' WHERE id = ${id}`;
    expect(await findActivation(hashSessionId(token))).toBeNull();
    expect(await activatePortalAccount(hashSessionId(token), 'h', null)).toBe(false);

    const sid = hashSessionId(randomToken());
    await startPortalSession(
      null,
      { idHash: sid, account: { id: a.id, username: a.username, institutionName: a.institutionName }, csrfToken: 't', absoluteSeconds: 3600 },
      null,
    );
    expect((await findLivePortalSession(sid, 1800))?.account).toMatchObject({ id: a.id, institutionId: w.instA });
    await expect(managePortalAccount(w.districtB, a.id, 'deactivate', '离职', null, null)).rejects.toMatchObject({ kind: 'not-found' });
    const t2 = randomToken();
    await managePortalAccount(w.districtA, id, 'reissue', '重新签发', hashSessionId(t2), null);
    expect(await findActivation(hashSessionId(t2))).toMatchObject({ id });
    await managePortalAccount(w.districtA, id, 'deactivate', '不再使用', null, null);
    expect(await findActivation(hashSessionId(t2))).toBeNull();
    expect((await findPortalLogin('clinic.a2'))?.active).toBe(false);
    expect(await findLivePortalSession(sid, 1800)).not.toBeNull(); // another account's session is untouched
  });
});

describe('submissions', () => {
  it('an institution reads only its own records and cannot refer to another institution’s ids', async () => {
    const penaltyB = (
      await sql<{ id: number }[]>`
      INSERT INTO penalties (institution_id, decision_no, decided_on, violation, basis, penalty, shown_until)
      VALUES (${w.instB}, '乙卫罚〔2026〕1号', '2026-03-01', '未按规定公示', '条例', '警告', '2026-09-01') RETURNING id::int`
    )[0]!.id;
    expect((await ownRecords(a)).penalties).toEqual([]);
    expect((await ownRecords(b)).penalties.map((p) => p.id)).toEqual([penaltyB]);
    await expect(
      submitToPortal(a, { kind: 'reply', payload: { subjectKind: 'penalty', subjectId: penaltyB, body: '不同意' } }, [], null),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(
      submitToPortal(a, { kind: 'reply', payload: { subjectKind: 'evaluation', subjectId: evalB, body: '不同意' } }, [], null),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    const staffB = (
      await sql<{ id: number }[]>`INSERT INTO staff (institution_id, name, profession) VALUES (${w.instB}, '乙医生', '医师') RETURNING id::int`
    )[0]!.id;
    await expect(
      submitToPortal(a, { kind: 'staff-commitments', payload: { year: 2026, entries: [{ staffId: staffB, signedOn: '2026-01-05' }] } }, [], null),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('pending → withdrawn by its institution only; pending → approved writes the self-inspection; rejected keeps the reason and publishes nothing', async () => {
    const si = { kind: '季度常规' as const, inspectedOn: '2026-06-15', result: '基本合格' as const, findings: '消毒记录不全', rectified: true };
    const s1 = await submitToPortal(a, { kind: 'self-inspection', payload: si }, [], null);
    await expect(withdrawSubmission(b, s1, null)).rejects.toMatchObject({ kind: 'not-found' });
    await withdrawSubmission(a, s1, null);
    await expect(withdrawSubmission(a, s1, null)).rejects.toMatchObject({ kind: 'conflict' });
    await expect(decideSubmission(w.admin, s1, 'approve', null, TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });

    const s2 = await submitToPortal(a, { kind: 'self-inspection', payload: si }, [], null);
    expect((await listSubmissions(w.districtB, 'pending')).map((s) => s.id)).not.toContain(s2);
    expect((await listSubmissions(w.districtA, 'pending')).map((s) => s.id)).toContain(s2);
    await expect(decideSubmission(w.districtB, s2, 'approve', null, TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(decideSubmission(w.viewer, s2, 'approve', null, TODAY, null)).rejects.toMatchObject({ kind: 'forbidden' });
    await decideSubmission(w.districtA, s2, 'approve', null, TODAY, null);
    const [row] = await sql`SELECT kind, result, findings, rectified FROM self_inspections WHERE institution_id = ${w.instA} AND inspected_on = '2026-06-15'`;
    expect(row).toMatchObject({ kind: '季度常规', result: '基本合格', findings: '消毒记录不全', rectified: true });
    await expect(decideSubmission(w.districtA, s2, 'reject', '重复', TODAY, null)).rejects.toMatchObject({ kind: 'conflict' });

    const hours = await submitToPortal(a, { kind: 'hours-prices', payload: { openingHours: '周一至周五 8:00–17:00', priceUrl: null, items: [] } }, [], null);
    await expect(decideSubmission(w.districtA, hours, 'reject', '  ', TODAY, null)).rejects.toMatchObject({ kind: 'invalid' });
    await decideSubmission(w.districtA, hours, 'reject', '诊疗时间与现场公示不一致', TODAY, null);
    const [inst] = await sql`SELECT opening_hours FROM institutions WHERE id = ${w.instA}`;
    expect(inst?.['opening_hours']).toBeNull();
    const mine = await ownSubmissions(a);
    expect(mine.find((s) => s.id === hours)).toMatchObject({ state: 'rejected', decisionReason: '诊疗时间与现场公示不一致' });
    expect(mine.find((s) => s.id === s1)).toMatchObject({ state: 'withdrawn' });
    expect((await ownSubmissions(b)).map((s) => s.id)).not.toContain(hours);
  });

  it('a rectification report is approved through the credit lifecycle (actor: the supervisor, audit naming the submission), its files with it', async () => {
    // The report is dated the day the institution submitted it (today): the order is from today too.
    const today = chinaDate(new Date());
    const rid = await orderRectification(
      w.districtA,
      { institutionId: w.instA, trigger: { kind: 'finding', finding: '未公示收费', reference: null }, orderedOn: today, periodDays: 60, items: '公示收费标准' },
      today,
      null,
    );
    const pdf = new TextEncoder().encode('%PDF-1.4 整改报告');
    const s = await submitToPortal(
      a,
      { kind: 'rectification-report', payload: { rectificationId: rid, reportText: '已在大厅公示' } },
      [{ fileName: '报告.pdf', mime: 'application/pdf', content: pdf }],
      null,
    );
    const [file] = (await ownSubmissions(a)).find((x) => x.id === s)!.files;
    expect(await submissionFile({ account: b }, s, file!.id)).toBeNull();
    expect(await submissionFile({ actor: w.districtB }, s, file!.id)).toBeNull();
    expect((await submissionFile({ actor: w.districtA }, s, file!.id))?.fileName).toBe('报告.pdf');
    await decideSubmission(w.districtA, s, 'approve', null, today, null);
    expect(await getRectification(w.admin, rid)).toMatchObject({ state: 'report-submitted', reportText: '已在大厅公示' });
    const history = await rectificationHistory(w.admin, rid);
    expect(history.attachments.map((x) => x.fileName)).toEqual(['报告.pdf']);
    const [audit] = await sql`SELECT actor_id::int, reason, detail FROM audit_log WHERE action = 'rectification.submit-report' AND target_id = ${String(rid)}`;
    expect(audit).toMatchObject({ actor_id: w.districtA.id, reason: `机构门户报送 #${s}` });
    expect((audit?.['detail'] as { portalSubmission: number }).portalSubmission).toBe(s);
    // The rectification is no longer open: a second report is refused at submission.
    await expect(submitToPortal(a, { kind: 'rectification-report', payload: { rectificationId: rid, reportText: '再报' } }, [], null)).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('approved hours and prices replace the table; approved staff commitments are stored per member of staff and year', async () => {
    const items = [
      { item: '普通门诊诊查费', unit: '次', priceCents: 1000, note: null },
      { item: '血常规', unit: null, priceCents: 1550, note: '医保报销' },
    ];
    const s1 = await submitToPortal(
      a,
      { kind: 'hours-prices', payload: { openingHours: '周一至周日 8:00–17:30', priceUrl: 'https://example.org/fee', items } },
      [],
      null,
    );
    await decideSubmission(w.districtA, s1, 'approve', null, TODAY, null);
    const s2 = await submitToPortal(
      a,
      { kind: 'hours-prices', payload: { openingHours: '周一至周五 8:00–17:30', priceUrl: null, items: items.slice(1) } },
      [],
      null,
    );
    await decideSubmission(w.districtA, s2, 'approve', null, TODAY, null);
    const [inst] = await sql`SELECT opening_hours, price_url FROM institutions WHERE id = ${w.instA}`;
    expect(inst).toMatchObject({ opening_hours: '周一至周五 8:00–17:30', price_url: null });
    expect(await sql`SELECT item, price_cents, position FROM institution_prices WHERE institution_id = ${w.instA}`).toEqual([
      { item: '血常规', price_cents: 1550, position: 1 },
    ]);

    const staff = (
      await sql<
        { id: number }[]
      >`INSERT INTO staff (institution_id, name, profession) VALUES (${w.instA}, '甲医生', '医师'), (${w.instA}, '甲护士', '护士') RETURNING id::int`
    ).map((r) => r.id);
    const s3 = await submitToPortal(
      a,
      { kind: 'staff-commitments', payload: { year: 2026, entries: staff.map((staffId) => ({ staffId, signedOn: '2026-01-05' })) } },
      [],
      null,
    );
    await decideSubmission(w.districtA, s3, 'approve', null, TODAY, null);
    const s4 = await submitToPortal(
      a,
      { kind: 'staff-commitments', payload: { year: 2026, entries: [{ staffId: staff[0]!, signedOn: '2026-02-01' }] } },
      [],
      null,
    );
    await decideSubmission(w.districtA, s4, 'approve', null, TODAY, null);
    expect(await sql`SELECT staff_id::int, year, signed_on::text FROM staff_commitments WHERE staff_id = ANY(${staff}::bigint[]) ORDER BY staff_id`).toEqual([
      { staff_id: staff[0], year: 2026, signed_on: '2026-02-01' },
      { staff_id: staff[1], year: 2026, signed_on: '2026-01-05' },
    ]);
  });

  it('an approved reply is published beside its subject until a supervisor withdraws it', async () => {
    const s = await submitToPortal(a, { kind: 'reply', payload: { subjectKind: 'evaluation', subjectId: evalA, body: '我院已完成整改。' } }, [], null);
    expect((await publishedReplies([w.instA])).get(w.instA)).toBeUndefined();
    await decideSubmission(w.admin, s, 'approve', null, TODAY, null);
    expect((await publishedReplies([w.instA])).get(w.instA)).toEqual([
      { subjectKind: 'evaluation', subjectKey: '2025', body: '我院已完成整改。', publishedOn: TODAY },
    ]);
    const [reply] = await sql<{ id: number }[]>`SELECT id::int FROM institution_replies WHERE submission_id = ${s}`;
    await expect(withdrawReply(w.districtB, reply!.id, '不当', TODAY, null)).rejects.toMatchObject({ kind: 'not-found' });
    await withdrawReply(w.districtA, reply!.id, '含有不实信息', TODAY, null);
    expect((await publishedReplies([w.instA])).get(w.instA)).toBeUndefined();
  });
});
