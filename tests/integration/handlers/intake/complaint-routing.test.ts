// Issue 17 item 14: a complaint about an unlisted place (无证行医) is routed by the township the
// complainant chose, so that district's supervisors see it and it can be assigned to them; one
// without a township (the API, older data) waits in the administrators' "未分派辖区" queue until
// an administrator routes it. Jurisdiction is checked with the real SQL rules of src/db.
// Also item 19 (receipt): the receipt names the institution or the township, and the photo count.
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { useTestDatabase, sql } from '../../../support/db';
import { complaintApi, complaintPage, takeReceipt } from '../../../../src/handlers/intake/complaint';
import { issueFormToken } from '../../../../src/server/csrf';
import { listComplaints, type ComplaintFilter } from '../../../../src/db/admin-complaints-read';
import { applyComplaintAction } from '../../../../src/db/admin-complaints-write';
import { countUnrouted, routeComplaint } from '../../../../src/db/complaint-routing';
import { listAssignees } from '../../../../src/db/supervisors';
import { DomainError } from '../../../../src/domain/errors';
import { makeWorld, TOWN_A, TOWN_B, type World } from '../admin/world';
import { CookieJar, contextFor, formPost, freshIp, get, jsonPost } from './support';

useTestDatabase();
let w: World;
const TODAY = '2025-10-09';
const SUNDAY = '2025-10-12';
const all: ComplaintFilter = { sort: 'received', dir: 'desc', page: 1, pageSize: 50 };

beforeAll(async () => {
  w = await makeWorld();
});

function browser() {
  const jar = new CookieJar();
  const token = issueFormToken(jar.asCookies(), 'complaint', Date.now() - 10_000);
  return { jar, token };
}

const unlisted = (token: string, extra: Record<string, string> = {}) => ({
  _token: token,
  website: '',
  unlistedName: '甲镇无牌诊所',
  unlistedAddress: '甲镇幸福路3号',
  category: '执业资质',
  description: '没有执业许可证，在家里给人输液。',
  anonymous: '1',
  ...extra,
});

async function submitForm(fields: Record<string, string>, jar: CookieJar, files: { name: string; bytes: Uint8Array }[] = []) {
  return complaintPage(contextFor(formPost('/complaints/new', fields, files), { cookies: jar, ip: freshIp() }) as never);
}

const idOf = async (trackingNo: string) => {
  const [row] = await sql<
    { id: number; region_code: string | null }[]
  >`SELECT id, region_code FROM complaints WHERE tracking_no = ${trackingNo.replace(/-/g, '')}`;
  return row!;
};
const visibleTo = async (actor: World['admin'], filter: Partial<ComplaintFilter> = {}) =>
  (await listComplaints(actor, { ...all, ...filter }, TODAY, SUNDAY)).rows.map((r) => r.id);

describe('routing complaints about unlisted places', () => {
  it('offers the townships on the form when no institution is chosen, and none when one is', async () => {
    const r = await complaintPage(contextFor(get('/complaints/new')) as never);
    if ('response' in r) throw new Error('expected the form');
    expect(r.state.townships.map((t) => [t.code, t.name, t.county])).toEqual([
      [TOWN_A, '甲镇', '示范县'],
      [TOWN_B, '乙镇', '示范县'],
    ]);
    const chosen = await complaintPage(contextFor(get('/complaints/new?i=TSTA01')) as never);
    if ('response' in chosen) throw new Error('expected the form');
    expect(chosen.state.townships).toEqual([]);
  });

  it('the web form requires the township for an unlisted place, and keeps the input', async () => {
    const { jar, token } = browser();
    const r = await submitForm(unlisted(token), jar);
    if ('response' in r) throw new Error('expected the form again');
    expect(r.status).toBe(400);
    expect(r.state.errors['regionCode']).toMatch(/^所在乡镇（街道）：请选择/);
    expect(r.state.values).toMatchObject({ unlistedName: '甲镇无牌诊所', unlistedAddress: '甲镇幸福路3号' });
    const unknown = await submitForm(unlisted(token, { regionCode: '419901999' }), jar);
    if ('response' in unknown) throw new Error('expected the form again');
    expect(unknown.state.errors['regionCode']).toContain('没有找到');
    expect(await sql`SELECT 1 FROM complaints WHERE unlisted_name = '甲镇无牌诊所'`).toHaveLength(0);
  });

  it('routes a web complaint by its township: that district sees it and it can be assigned there', async () => {
    const { jar, token } = browser();
    const r = await submitForm(unlisted(token, { regionCode: TOWN_A }), jar);
    if (!('response' in r)) throw new Error(JSON.stringify(r.state.errors));
    const receipt = takeReceipt(jar.asCookies())!;
    expect(receipt.unlisted).toEqual({ name: '甲镇无牌诊所', regionName: '示范县 甲镇' });
    expect(receipt.institution).toBeNull();
    expect(receipt.photos).toBe(0);
    const c = await idOf(receipt.trackingNo);
    expect(c.region_code).toBe(TOWN_A);
    expect(await visibleTo(w.districtA)).toContain(c.id);
    expect(await visibleTo(w.districtB)).not.toContain(c.id);
    expect(await visibleTo(w.countySupervisor)).toContain(c.id);
    expect((await listAssignees(TOWN_A)).map((a) => a.id)).toContain(w.districtA.id);
    await applyComplaintAction(w.admin, c.id, { action: 'assign', assigneeId: w.districtA.id }, null);
    await applyComplaintAction(w.districtA, c.id, { action: 'accept' }, null);
    const [row] = await sql`SELECT status, assigned_to FROM complaints WHERE id = ${c.id}`;
    expect(row).toEqual({ status: '已受理', assigned_to: w.districtA.id });
  });

  it('the API routes by regionCode, refuses an unknown one, and ignores it next to an institution code', async () => {
    const post = (body: unknown) => complaintApi(contextFor(jsonPost('/api/complaints', body), { ip: freshIp() }) as never);
    const base = { unlistedName: '乙镇黑诊所', unlistedAddress: '乙镇1号', category: '执业资质', description: '无证行医，天天有人去。', anonymous: true };
    const ok = await post({ ...base, regionCode: TOWN_B });
    expect(ok.status).toBe(201);
    const routed = await idOf(((await ok.json()) as { trackingNo: string }).trackingNo);
    expect(routed.region_code).toBe(TOWN_B);
    expect(await visibleTo(w.districtB)).toContain(routed.id);
    expect(await visibleTo(w.districtA)).not.toContain(routed.id);

    const bad = await post({ ...base, regionCode: '419901998' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fieldErrors: Record<string, string> }).fieldErrors['regionCode']).toContain('没有找到');
    const malformed = await post({ ...base, regionCode: 'abc' });
    expect(malformed.status).toBe(400);

    const listed = await post({ institutionCode: 'TSTA01', regionCode: TOWN_B, category: '违规诊疗', description: '乱收费，收了八百元。', anonymous: true });
    expect(listed.status).toBe(201);
    expect((await idOf(((await listed.json()) as { trackingNo: string }).trackingNo)).region_code).toBe(TOWN_A);
  });

  it('without a township an API complaint waits in the administrators’ unrouted queue until routed', async () => {
    const r = await complaintApi(
      contextFor(
        jsonPost('/api/complaints', {
          unlistedName: '无处可去的诊所',
          unlistedAddress: '某村',
          category: '执业资质',
          description: '无证行医的诊所。',
          anonymous: true,
        }),
        { ip: freshIp() },
      ) as never,
    );
    expect(r.status).toBe(201);
    const c = await idOf(((await r.json()) as { trackingNo: string }).trackingNo);
    expect(c.region_code).toBeNull();
    expect(await visibleTo(w.admin, { unrouted: true })).toEqual([c.id]);
    expect(await countUnrouted(w.admin)).toBe(1);
    expect(await visibleTo(w.districtA)).not.toContain(c.id);
    expect(await visibleTo(w.districtB)).not.toContain(c.id);
    expect(await countUnrouted(w.districtA)).toBe(0);

    // A district supervisor may not route; an administrator may.
    await expect(routeComplaint(w.districtA, c.id, TOWN_A, null)).rejects.toBeInstanceOf(DomainError);
    await expect(routeComplaint(w.admin, c.id, '419901997', null)).rejects.toThrow(/没有找到/);
    await routeComplaint(w.admin, c.id, TOWN_B, '192.0.2.9');
    expect(await visibleTo(w.admin, { unrouted: true })).toEqual([]);
    expect(await countUnrouted(w.admin)).toBe(0);
    expect(await visibleTo(w.districtB)).toContain(c.id);
    expect(await visibleTo(w.districtA)).not.toContain(c.id);
    await applyComplaintAction(w.admin, c.id, { action: 'assign', assigneeId: w.districtB.id }, null);
    const [event] = await sql`SELECT action, note FROM complaint_events WHERE complaint_id = ${c.id} AND action = 'route'`;
    expect(event).toEqual({ action: 'route', note: '分派辖区：乙镇' });
    const [audit] = await sql`SELECT action, detail FROM audit_log WHERE action = 'complaint.route' AND target_id = ${String(c.id)}`;
    expect(audit).toEqual({ action: 'complaint.route', detail: { from: null, to: TOWN_B } });
  });

  it('the receipt names a listed institution with its code and counts the photos', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#369' } })
      .jpeg()
      .toBuffer();
    const { jar, token } = browser();
    const fields = { _token: token, website: '', institutionCode: 'TSTB01', category: '违规诊疗', description: '一个感冒做了三项检查。', anonymous: '1' };
    const r = await submitForm(fields, jar, [
      { name: 'a.jpg', bytes: photo },
      { name: 'b.jpg', bytes: photo },
    ]);
    if (!('response' in r)) throw new Error(JSON.stringify(r.state.errors));
    const receipt = takeReceipt(jar.asCookies())!;
    expect(receipt.institution).toEqual({ code: 'TSTB01', name: '乙镇诊所' });
    expect(receipt.unlisted).toBeNull();
    expect(receipt.photos).toBe(2);
  });

  it('says when the institution search shows only the first 12 matches', async () => {
    for (let i = 0; i < 13; i++) {
      await sql`INSERT INTO institutions (code, registration_no, name, region_code) VALUES (${'TSTM' + String(i).padStart(2, '0')}, ${'REG-M' + i}, ${'多多诊所' + i}, ${TOWN_A})`;
    }
    const many = await complaintPage(contextFor(get('/complaints/new?q=多多诊所')) as never);
    if ('response' in many) throw new Error('expected the form');
    expect(many.state.results).toHaveLength(12);
    expect(many.state.moreResults).toBe(true);
    const few = await complaintPage(contextFor(get('/complaints/new?q=多多诊所1')) as never);
    if ('response' in few) throw new Error('expected the form');
    expect(few.state.moreResults).toBe(false);
  });
});
