import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { useTestDatabase, sql } from '../../support/db';
import { apiKeyHash } from '../../../src/db/api-clients';
import { applyComplaintAction } from '../../../src/db/admin-complaints-write';
import { discovery, getRequest, getRequests, postRequest, serviceDefinition, services } from '../../../src/handlers/open311';
import { decrypt } from '../../../src/server/pii-crypto';
import { contextFor, freshIp, ORIGIN, seedInstitutions } from './intake/support';
import { makeSupervisor } from './admin/world';

useTestDatabase();

let clinic: { id: number; code: string };
const KEY_12345 = 'k12345-test-key-0000000000000001';
const KEY_APP = 'kapp-test-key-000000000000000002';
const KEY_SLOW = 'kslow-test-key-00000000000000003';

/** An API client as the administrator would create it (only the key's hash is stored). */
async function makeClient(name: string, channel: string, key: string, prefix: string, perMinute = 60): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO api_clients (name, channel, key_prefix, key_hash, rate_limit_per_minute)
    VALUES (${name}, ${channel}, ${prefix}, ${apiKeyHash(key)}, ${perMinute}) RETURNING id::int AS id`;
  return row!.id;
}

let client12345 = 0;
beforeAll(async () => {
  ({ clinic } = await seedInstitutions());
  client12345 = await makeClient('12345热线', '12345', KEY_12345, 'k1234500');
  await makeClient('政务App', '政务App', KEY_APP, 'kapp0000');
  await makeClient('慢速客户端', 'other', KEY_SLOW, 'kslow000', 1);
});

const form = (fields: Record<string, string>) =>
  postRequest(
    contextFor(
      new Request(ORIGIN + '/open311/v2/requests.json', {
        method: 'POST',
        body: new URLSearchParams(fields).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      { ip: freshIp() },
    ),
  );
const jsonPost = (body: unknown) =>
  postRequest(
    contextFor(
      new Request(ORIGIN + '/open311/v2/requests.json', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      {
        ip: freshIp(),
      },
    ),
  );
const getList = (query: string) => getRequests({ url: new URL(`${ORIGIN}/open311/v2/requests.json?${query}`) });
const getOne = (id: string, key: string) => getRequest({ url: new URL(`${ORIGIN}/open311/v2/requests/${id}.json?api_key=${key}`), params: { id } });

const ANONYMOUS = {
  api_key: KEY_12345,
  service_code: 'ZZ01',
  description: '村口有人无证给老人输液。',
  'attribute[unlisted_name]': '村口无名诊所',
  address_string: '幸福村村口',
};

describe('Open311 discovery and services', () => {
  it('discovery names the GeoReport v2 endpoint with JSON', async () => {
    const r = discovery();
    expect(r.status).toBe(200);
    const body = (await r.json()) as { endpoints: { specification: string; url: string; formats: string[] }[] };
    expect(body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json'] });
    expect(body.endpoints[0]!.url).toMatch(/\/open311\/v2$/);
  });

  it('services are the seed categories’ items: stable code, Chinese name, the category as group', async () => {
    const list = (await services().json()) as { service_code: string; service_name: string; group: string; metadata: boolean }[];
    expect(list.find((s) => s.service_code === 'GK02')).toMatchObject({
      service_name: '接触皮肤、黏膜的器械未一人一用一消毒',
      group: '院感防控',
      metadata: true,
    });
    expect(list.find((s) => s.service_code === 'TC13')?.group).toBe('违规诊疗');
    expect(new Set(list.map((s) => s.service_code)).size).toBe(list.length);
  });

  it('a service definition lists the attributes; an unknown code is a 404 in the error format', async () => {
    const def = (await serviceDefinition('ZZ01').json()) as { service_code: string; attributes: { code: string; order: number }[] };
    expect(def.service_code).toBe('ZZ01');
    expect(def.attributes.map((a) => a.code)).toEqual(expect.arrayContaining(['institution_code', 'unlisted_name', 'anonymous', 'client_request_id']));
    const r = serviceDefinition('NOPE');
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual([{ code: 404, description: expect.stringContaining('NOPE') }]);
  });
});

describe('Open311 POST requests.json', () => {
  it('refuses a request without api_key or with a wrong one (403, error array), and saves nothing', async () => {
    const before = await sql`SELECT count(*)::int AS n FROM complaints`;
    const { api_key: _, ...noKey } = ANONYMOUS;
    const r1 = await form(noKey);
    expect(r1.status).toBe(403);
    expect(await r1.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const r2 = await form({ ...ANONYMOUS, api_key: 'wrong-key' });
    expect(r2.status).toBe(403);
    const after = await sql`SELECT count(*)::int AS n FROM complaints`;
    expect(after[0]!['n']).toBe(before[0]!['n']);
  });

  it('refuses an unknown service_code and names the fields that are wrong (400)', async () => {
    const r = await form({ ...ANONYMOUS, service_code: 'XX99' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual([{ code: 400, description: expect.stringContaining('service_code') }]);
    const r2 = await form({ ...ANONYMOUS, description: '短' });
    expect(r2.status).toBe(400);
    const errors = (await r2.json()) as { code: number; description: string }[];
    expect(errors[0]!.description).toMatch(/^\[description\] 问题描述/);
  });

  it('creates the complaint through the intake pipeline with the client’s channel and id (form-encoded)', async () => {
    const r = await form({ ...ANONYMOUS, 'attribute[client_request_id]': 'GD-2026-0001' });
    expect(r.status).toBe(200);
    const [answer] = (await r.json()) as { service_request_id: string; query_code: string; service_notice: string }[];
    expect(answer!.service_request_id).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(answer!.query_code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const [row] = await sql`SELECT channel, api_client_id::int AS client, client_request_id, category, subcategory, unlisted_address, anonymous, status
                              FROM complaints WHERE tracking_no = ${answer!.service_request_id.replace(/-/g, '')}`;
    expect(row).toMatchObject({
      channel: '12345',
      client: client12345,
      client_request_id: 'GD-2026-0001',
      category: '执业资质',
      subcategory: '无证行医：未取得执业许可证或诊所备案凭证执业',
      unlisted_address: '幸福村村口',
      anonymous: true,
      status: '待受理',
    });
    // The same 工单号 again: the first answer, no second complaint.
    const again = await form({ ...ANONYMOUS, 'attribute[client_request_id]': 'GD-2026-0001' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { service_request_id: string }[])[0]!.service_request_id).toBe(answer!.service_request_id);
    const [n] = await sql`SELECT count(*)::int AS n FROM complaints WHERE client_request_id = 'GD-2026-0001'`;
    expect(n!['n']).toBe(1);
  });

  it('takes JSON with an attribute object; a real-name complainant’s name, phone and e-mail are stored encrypted', async () => {
    const r = await jsonPost({
      api_key: KEY_APP,
      service_code: 'GK02',
      description: '拔牙器械没有消毒就给下一个病人用。',
      first_name: '实名',
      last_name: '王',
      phone: '13900001111',
      email: 'wang@example.cn',
      attribute: { institution_code: clinic.code },
    });
    expect(r.status).toBe(200);
    const [answer] = (await r.json()) as { service_request_id: string }[];
    const [row] = await sql<{ channel: string; anonymous: boolean; institution_id: number; n: Buffer; e: Buffer }[]>`
      SELECT channel, anonymous, institution_id::int AS institution_id, complainant_name_enc AS n, complainant_email_enc AS e
        FROM complaints WHERE tracking_no = ${answer!.service_request_id.replace(/-/g, '')}`;
    expect(row).toMatchObject({ channel: '政务App', anonymous: false, institution_id: clinic.id });
    expect(decrypt(row!.n, 'complainant_name')).toBe('王实名');
    expect(decrypt(row!.e, 'complainant_email')).toBe('wang@example.cn');
  });

  it('attaches multipart `media` photos through the web form’s checks, and refuses a file that is not an image', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    const post = (bytes: Uint8Array) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(ANONYMOUS)) fd.append(k, v);
      fd.append('media', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'p.png');
      return postRequest(contextFor(new Request(ORIGIN + '/open311/v2/requests.json', { method: 'POST', body: fd }), { ip: freshIp() }));
    };
    const ok = await post(png);
    expect(ok.status).toBe(200);
    const [answer] = (await ok.json()) as { service_request_id: string }[];
    const [photos] = await sql`SELECT count(*)::int AS n, min(mime) AS mime FROM complaint_photos p JOIN complaints c ON c.id = p.complaint_id
                                WHERE c.tracking_no = ${answer!.service_request_id.replace(/-/g, '')}`;
    expect(photos).toMatchObject({ n: 1, mime: 'image/jpeg' });
    const bad = await post(new TextEncoder().encode('not an image at all'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { description: string }[])[0]!.description).toMatch(/^\[media\]/);
  });

  it('limits each client to its own rate (429 with Retry-After)', async () => {
    const first = await form({ ...ANONYMOUS, api_key: KEY_SLOW });
    expect(first.status).toBe(200);
    const second = await form({ ...ANONYMOUS, api_key: KEY_SLOW });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await second.json()) as { code: number }[])[0]!.code).toBe(429);
  });
});

describe('Open311 GET requests', () => {
  it('maps the workflow to open/closed; after closing, a real-name request shows its outcome and feedback, never personal data', async () => {
    const r = await jsonPost({
      api_key: KEY_12345,
      service_code: 'GS01',
      description: '诊所没有公示药品价格，收费很乱。',
      first_name: '小明',
      last_name: '李',
      phone: '13900002222',
      attribute: { institution_code: clinic.code },
    });
    const id = ((await r.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const open = (await (await getOne(id, KEY_12345)).json()) as Record<string, unknown>[];
    expect(open[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'GS01', service_name: '未按规定公示药品、医用材料、医疗服务价格' });
    expect(String(open[0]!['status_notes'])).toContain('等待卫生监督机构受理');

    const admin = await makeSupervisor('o311.admin', 'admin');
    const cid = (await sql<{ cid: number }[]>`SELECT id::int AS cid FROM complaints WHERE tracking_no = ${id.replace(/-/g, '')}`)[0]!.cid;
    await applyComplaintAction(admin, cid, { action: 'accept' }, null);
    await applyComplaintAction(admin, cid, { action: 'start' }, null);
    // Feedback first: a real-name complaint may not be closed without it (seed 003: 实名举报必须反馈).
    await applyComplaintAction(admin, cid, { action: 'feedback', feedback: '经查属实，已责令该诊所公示价格。' }, null);
    await applyComplaintAction(admin, cid, { action: 'close', outcome: '查实', findings: '现场检查属实，已责令改正。' }, null);

    const closed = (await (await getOne(id, KEY_12345)).json()) as Record<string, unknown>[];
    expect(closed[0]).toMatchObject({ status: 'closed', expected_datetime: null });
    const notes = String(closed[0]!['status_notes']);
    expect(notes).toContain('办理结果：查实');
    expect(notes).toContain('已责令该诊所公示价格');
    expect(notes).not.toMatch(/李小明|13900002222|现场检查属实/);

    // Filters: status and service_code; another client never sees it.
    const list = (await (await getList(`api_key=${KEY_12345}&status=closed&service_code=GS01`)).json()) as { service_request_id: string }[];
    expect(list.map((x) => x.service_request_id)).toEqual([id]);
    const openOnly = (await (await getList(`api_key=${KEY_12345}&status=open`)).json()) as { service_request_id: string }[];
    expect(openOnly.map((x) => x.service_request_id)).not.toContain(id);
    expect((await getOne(id, KEY_APP)).status).toBe(404);
  });

  it('GET needs the api_key, and bad filters are a 400 naming the parameter', async () => {
    expect((await getList('status=open')).status).toBe(403);
    const r = await getList(`api_key=${KEY_12345}&start_date=yesterday`);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { description: string }[])[0]!.description).toMatch(/^\[start_date\]/);
    expect((await getList(`api_key=${KEY_12345}&status=pending`)).status).toBe(400);
  });
});
