// Issue 17 item 15: a complaint is named by its 受理编号 as printed, everywhere a supervisor names
// one — the table's search, 办结 as 重复, the complaint's URL, the JSON API, the audit filter — and
// a number that does not exist is told apart from one outside the jurisdiction.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeComplaint, makeWorld, adminContext, type World } from './world';
import { listComplaints } from '../../../../src/db/admin-complaints-read';
import { apiDetail, complaintPage, parseFilter } from '../../../../src/handlers/admin/complaints';
import { auditPage } from '../../../../src/handlers/admin/audit';
import { formatTrackingNumber, newTrackingNumber } from '../../../../src/domain/tracking-number';

useTestDatabase();
let w: World;
let trackA: string; // canonical 12 digits of w.complaintA
let trackB: string; // of w.complaintB (another township)
let unknown: string; // valid check digit, no complaint

/** Walk a new complaint to 调查中 the way the trigger allows (待受理 → 已受理 → 调查中). */
async function investigating(ids: number[]): Promise<void> {
  for (const id of ids) {
    await sql`UPDATE complaints SET status = '已受理' WHERE id = ${id}`;
    await sql`UPDATE complaints SET status = '调查中' WHERE id = ${id}`;
  }
}

const ctx = adminContext;

beforeAll(async () => {
  w = await makeWorld();
  const taken = new Set<string>();
  const fresh = () => {
    let t = newTrackingNumber(26);
    while (taken.has(t)) t = newTrackingNumber(26);
    taken.add(t);
    return t;
  };
  trackA = fresh();
  trackB = fresh();
  unknown = fresh();
  await sql`UPDATE complaints SET tracking_no = ${trackA} WHERE id = ${w.complaintA}`;
  await sql`UPDATE complaints SET tracking_no = ${trackB} WHERE id = ${w.complaintB}`;
});

const spellings = (t: string) => [
  formatTrackingNumber(t),
  t,
  t.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3'),
  ` ${formatTrackingNumber(t)} `,
  t.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
];

describe('the tracking number names a complaint', () => {
  it('the table’s search finds it as printed, without hyphens, with spaces and in full-width digits', async () => {
    for (const q of spellings(trackA)) {
      const { filter, errors } = parseFilter({ institution: q });
      expect(errors).toEqual([]);
      const r = await listComplaints(w.districtA, filter, '2025-10-01', '2025-10-05');
      expect(
        r.rows.map((x) => x.id),
        q,
      ).toEqual([w.complaintA]);
    }
    // Another district's number finds nothing for this supervisor.
    const { filter } = parseFilter({ institution: formatTrackingNumber(trackB) });
    expect((await listComplaints(w.districtA, filter, '2025-10-01', '2025-10-05')).rows).toEqual([]);
  });

  it('办结 as 重复 takes the original’s 受理编号 in any spelling', async () => {
    for (const spelled of [formatTrackingNumber(trackA), trackA.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3')]) {
      const id = await makeComplaint(w.instA);
      await investigating([id]);
      const res = await complaintPage(
        ctx(w.districtA, `/admin/complaints/${id}`, {
          method: 'POST',
          params: { id: String(id) },
          form: { action: 'close', outcome: '重复', duplicateOf: spelled },
        }),
      );
      expect(res, spelled).toBeInstanceOf(Response);
      expect((res as Response).status).toBe(303);
      const [row] = await sql<{ duplicate_of: number; status: string }[]>`SELECT duplicate_of, status FROM complaints WHERE id = ${id}`;
      expect(row).toEqual({ duplicate_of: w.complaintA, status: '已办结' });
    }
  });

  it('a number that does not exist, one outside the jurisdiction and a mistyped one get different messages', async () => {
    const id = await makeComplaint(w.instA);
    await investigating([id]);
    const close = (duplicateOf: string) =>
      complaintPage(
        ctx(w.districtA, `/admin/complaints/${id}`, { method: 'POST', params: { id: String(id) }, form: { action: 'close', outcome: '重复', duplicateOf } }),
      );
    const missing = await close(formatTrackingNumber(unknown));
    expect(missing).toMatchObject({ status: 400 });
    expect((missing as { errors: string[] }).errors.join()).toMatch(new RegExp(`没有受理编号为 ${formatTrackingNumber(unknown)} 的投诉`));
    expect((missing as { errors: string[] }).errors.join()).not.toMatch(/辖区/);
    const outside = await close(formatTrackingNumber(trackB));
    expect(outside).toMatchObject({ status: 400 });
    expect((outside as { errors: string[] }).errors.join()).toMatch(/不在您的辖区内/);
    // One wrong digit: the check digit catches it before any lookup.
    const typo = trackA.slice(0, 11) + String((Number(trackA[11]) + 1) % 10);
    const wrong = await close(typo);
    expect((wrong as { errors: string[] }).errors.join()).toMatch(/原投诉受理编号：受理编号有误，请逐位核对/);
    const [row] = await sql<{ status: string }[]>`SELECT status FROM complaints WHERE id = ${id}`;
    expect(row!.status).toBe('调查中');
  });

  it('the JSON API takes the 受理编号 for 重复 and still the internal id', async () => {
    const a = await makeComplaint(w.instA);
    const b = await makeComplaint(w.instA);
    await investigating([a, b]);
    const post = (id: number, duplicateOf: string | number) => {
      const url = new URL(`http://127.0.0.1/api/admin/complaints/${id}`);
      const request = new Request(url, {
        method: 'POST',
        body: JSON.stringify({ action: 'close', outcome: '重复', duplicateOf }),
        headers: { 'content-type': 'application/json' },
      });
      return apiDetail({
        url,
        request,
        params: { id: String(id) },
        locals: { admin: { actor: w.admin, csrfToken: 't', sessionId: 's' } },
        cookies: {} as never,
        clientAddress: '198.51.100.7',
      } as never);
    };
    expect((await post(a, trackA)).status).toBe(200);
    expect((await post(b, w.complaintA)).status).toBe(200);
    const rows = await sql<{ duplicate_of: number }[]>`SELECT duplicate_of FROM complaints WHERE id IN (${a}, ${b})`;
    expect(rows.map((r) => r.duplicate_of)).toEqual([w.complaintA, w.complaintA]);
  });

  it('the complaint’s URL takes the 受理编号; unknown and outside are told apart', async () => {
    const view = await complaintPage(ctx(w.districtA, `/admin/complaints/${formatTrackingNumber(trackA)}`, { params: { id: formatTrackingNumber(trackA) } }));
    expect(view).toMatchObject({ complaint: { id: w.complaintA } });
    await expect(complaintPage(ctx(w.districtA, '/admin/complaints/x', { params: { id: formatTrackingNumber(trackB) } }))).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/不在您的辖区内/),
    });
    await expect(complaintPage(ctx(w.districtA, '/admin/complaints/x', { params: { id: unknown } }))).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringMatching(/^没有受理编号为/),
    });
  });

  it('the audit log’s target filter takes complaint:<受理编号>', async () => {
    await sql`INSERT INTO audit_log (actor_id, actor_name, action, target_kind, target_id) VALUES (${w.admin.id}, 't.admin', 'complaint.accept', 'complaint', ${String(w.complaintA)})`;
    const view = await auditPage(ctx(w.admin, `/admin/audit?target=${encodeURIComponent('complaint:' + formatTrackingNumber(trackA))}`));
    expect(view.rows.length).toBeGreaterThan(0);
    expect(view.rows.every((r) => r.targetId === String(w.complaintA))).toBe(true);
    // …and shows the 受理编号 it stands for, not the internal id alone.
    expect(view.rows[0]!.targetTrackingNo).toBe(trackA);
  });
});
