import { describe, expect, it, beforeAll } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { connectTo } from '../../../../src/db/client';
import { config } from '../../../../src/config';
import { complaintApi } from '../../../../src/handlers/intake/complaint';
import { decrypt } from '../../../../src/server/pii-crypto';
import { COMPLAINT_EXAMPLE } from '../../../../src/handlers/intake/openapi';
import { parseTrackingNumber } from '../../../../src/domain/tracking-number';
import { contextFor, freshIp, jsonPost, seedInstitutions } from './support';

const db = useTestDatabase();
let clinic: { id: number; code: string };

beforeAll(async () => {
  ({ clinic } = await seedInstitutions());
});

const post = (body: unknown, headers: Record<string, string> = {}, ip = freshIp()) =>
  complaintApi(contextFor(jsonPost('/api/complaints', body, headers), { ip }) as never);
const CJK = /[\u4e00-\u9fff]/;

describe('POST /api/complaints', () => {
  it('accepts the OpenAPI example: 201 only once the complaint, its history and the outbox row are committed', async () => {
    const r = await post(COMPLAINT_EXAMPLE);
    expect(r.status).toBe(201);
    const body = (await r.json()) as { trackingNo: string; queryCode: string; expectedAcceptBy: string };
    expect(Object.keys(body).sort()).toEqual(['expectedAcceptBy', 'queryCode', 'trackingNo']);
    expect(body.trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(body.queryCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const canonical = (parseTrackingNumber(body.trackingNo) as { value: string }).value;
    const [row] = await sql`SELECT id, channel, status, anonymous, unlisted_name, category, subcategory, accept_due::text, complainant_name_enc, query_code_hash
                              FROM complaints WHERE tracking_no = ${canonical}`;
    expect(row).toMatchObject({
      channel: '12345',
      status: '待受理',
      anonymous: true,
      unlisted_name: COMPLAINT_EXAMPLE.unlistedName,
      category: '执业资质',
      subcategory: '无证行医：未取得执业许可证或诊所备案凭证执业',
      accept_due: body.expectedAcceptBy,
      complainant_name_enc: null,
    });
    expect(row!['query_code_hash']).not.toContain(body.queryCode.replace('-', ''));
    const [events] = await sql`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = ${row!['id']} AND to_status = '待受理'`;
    expect(events!['n']).toBe(1);
    const [outbox] = await sql`SELECT payload FROM outbox WHERE topic = 'complaint.received' AND (payload->>'complaintId')::bigint = ${row!['id']}`;
    expect(outbox!['payload']).toMatchObject({ trackingNo: canonical, category: '执业资质', institutionId: null });
  });

  it('stores a real-name complainant encrypted, with the institution and its region', async () => {
    const r = await post({
      institutionCode: clinic.code.toLowerCase(),
      category: '院感防控',
      subcategory: 'GK02',
      description: '拔牙的器械没有消毒就给下一个病人用。',
      anonymous: false,
      name: '王实名',
      phone: '13900001111',
    });
    expect(r.status).toBe(201);
    const { trackingNo } = (await r.json()) as { trackingNo: string };
    const [row] = await sql<{ institution_id: number; region_code: string; n: Buffer; p: Buffer; bytes: string }[]>`
      SELECT institution_id, region_code, complainant_name_enc AS n, complainant_phone_enc AS p, c::text AS bytes
        FROM complaints c WHERE tracking_no = ${trackingNo.replace(/-/g, '')}`;
    expect(row).toMatchObject({ institution_id: clinic.id, region_code: '419901' });
    expect(decrypt(row!.n, 'complainant_name')).toBe('王实名');
    expect(decrypt(row!.p, 'complainant_phone')).toBe('13900001111');
    expect(row!.bytes).not.toMatch(/王实名|13900001111/);
    const [outbox] = await sql`SELECT payload::text AS t FROM outbox ORDER BY id DESC LIMIT 1`;
    expect(outbox!['t']).not.toMatch(/王实名|13900001111/);
  });

  it('drops personal details typed into an anonymous complaint', async () => {
    const r = await post({ ...COMPLAINT_EXAMPLE, name: '不该保存', phone: '13800009999' });
    const { trackingNo } = (await r.json()) as { trackingNo: string };
    const [row] = await sql`SELECT complainant_name_enc, complainant_phone_enc FROM complaints WHERE tracking_no = ${trackingNo.replace(/-/g, '')}`;
    expect(row).toEqual({ complainant_name_enc: null, complainant_phone_enc: null });
  });

  it('answers a retried Idempotency-Key with the first answer and creates nothing new', async () => {
    const key = `retry-${Date.now()}`;
    const ip = freshIp();
    const first = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': key }, ip);
    const a = await first.json();
    const before = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM complaints`)[0]!.n;
    // The same content with the fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(COMPLAINT_EXAMPLE).reverse());
    const again = await post(reordered, { 'idempotency-key': key }, ip);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(a);
    const after = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM complaints`)[0]!.n;
    expect(after).toBe(before);
  });

  it('creates one complaint when the same key arrives several times at once', async () => {
    const key = `burst-${Date.now()}`;
    const ip = freshIp();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(COMPLAINT_EXAMPLE, { 'idempotency-key': key }, ip).then((r) => r.json())));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const n = (
      await sql<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM complaints WHERE tracking_no = ${(answers[0] as { trackingNo: string }).trackingNo.replace(/-/g, '')}`
    )[0]!.n;
    expect(n).toBe(1);
  });

  it('binds a key to the client that used it first: another address never gets that answer back (issue 17 item 12)', async () => {
    const key = `guessable-${Date.now()}`;
    const owner = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': key }, '203.0.113.10');
    expect(owner.status).toBe(201);
    const mine = (await owner.json()) as { trackingNo: string; queryCode: string };
    // Another client with the same key and the same body: a new complaint with its own code.
    const same = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': key }, '203.0.113.20');
    expect(same.status).toBe(201);
    expect(same.headers.get('idempotent-replayed')).toBeNull();
    const theirs = (await same.json()) as { trackingNo: string; queryCode: string };
    expect(theirs.trackingNo).not.toBe(mine.trackingNo);
    expect(theirs.queryCode).not.toBe(mine.queryCode);
    // Another client with the same key and another body: also new, never a 409 that confirms the key.
    const other = await post({ ...COMPLAINT_EXAMPLE, description: '另一位市民的另一件事情。' }, { 'idempotency-key': key }, '203.0.113.30');
    expect(other.status).toBe(201);
    expect(((await other.json()) as { queryCode: string }).queryCode).not.toBe(mine.queryCode);
    // The owner still gets its own answer back.
    const replay = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': key }, '203.0.113.10');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(mine);
  });

  it('refuses the same key for different content (409) and a malformed key (400)', async () => {
    const key = `conflict-${Date.now()}`;
    const ip = freshIp();
    expect((await post(COMPLAINT_EXAMPLE, { 'idempotency-key': key }, ip)).status).toBe(201);
    const r = await post({ ...COMPLAINT_EXAMPLE, description: '另一件事情，完全不同的内容。' }, { 'idempotency-key': key }, ip);
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: string }).error).toMatch(/Idempotency-Key 已用于另一份内容不同的提交/);
    const bad = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': 'short' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fieldErrors: { 'Idempotency-Key': expect.stringMatching(CJK) } });
  });

  it('answers bad input with 400 and Chinese messages keyed by field', async () => {
    const r = await post({});
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: string; fieldErrors: Record<string, string> };
    expect(body.error).toMatch(CJK);
    expect(Object.keys(body.fieldErrors).sort()).toEqual(['anonymous', 'category', 'description', 'institutionCode']);
    const unknown = await post({ ...COMPLAINT_EXAMPLE, unlistedName: undefined, unlistedAddress: undefined, institutionCode: 'ZZZZ9999' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ fieldErrors: { institutionCode: expect.stringContaining('没有找到编码为“ZZZZ9999”的机构') } });
  });

  it('answers malformed JSON 400, another content type 415 and an oversized body 413', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post('\xff\xfe')).status).toBe(400);
    const textPlain = await complaintApi(
      contextFor(new Request('http://x/api/complaints', { method: 'POST', body: 'a=b', headers: { 'content-type': 'text/plain' } })) as never,
    );
    expect(textPlain.status).toBe(415);
    expect((await textPlain.json()) as object).toMatchObject({ error: expect.stringMatching(CJK) });
    const big = await post({ description: 'x'.repeat(300_000) });
    expect(big.status).toBe(413);
    // Chunked, without Content-Length: the limit still holds.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
        c.close();
      },
    });
    const chunked = new Request('http://x/api/complaints', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect((await complaintApi(contextFor(chunked) as never)).status).toBe(413);
  });

  it('never answers hostile values with a 5xx', async () => {
    const hostile = [
      "' OR 1=1--",
      '<script>alert(1)</script>',
      "'; DROP TABLE complaints;--",
      '\u0000',
      '😀'.repeat(5000),
      '%00%27',
      '{{7*7}}',
      '../../etc/passwd',
    ];
    const ip = freshIp();
    for (const h of hostile) {
      const body = Object.fromEntries(Object.entries(COMPLAINT_EXAMPLE).map(([k, v]) => [k, typeof v === 'string' ? h : v]));
      const r = await post(body, {}, ip);
      expect(r.status).toBe(400);
    }
    const r = await post({ ...COMPLAINT_EXAMPLE, description: "'; DROP TABLE complaints;-- <script>alert(1)</script>" });
    expect(r.status).toBe(201);
    const [t] = await sql`SELECT to_regclass('complaints') AS t`;
    expect(t!['t']).toBe('complaints');
  });

  it('limits submissions per address (429 with Retry-After), other addresses unaffected', async () => {
    const ip = freshIp();
    const limit = config.INTAKE_IP_LIMIT_PER_MINUTE;
    // Invalid requests cost no database work and are not counted.
    for (let i = 0; i < limit + 5; i++) expect((await post({}, {}, ip)).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await post(COMPLAINT_EXAMPLE, {}, ip)).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const limited = await post(COMPLAINT_EXAMPLE, {}, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: string }).error).toMatch(/提交过于频繁/);
    expect((await post(COMPLAINT_EXAMPLE, {}, freshIp())).status).toBe(201);
  });

  it('limits complaints per institution, shared by all addresses', async () => {
    await sql`INSERT INTO rate_limits (key, window_start, count)
              VALUES (${`complaint:inst:${clinic.code}`}, to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600), 60)
              ON CONFLICT (key, window_start) DO UPDATE SET count = 60`;
    const r = await post({ institutionCode: clinic.code, category: '其他', description: '又一件关于这家诊所的事。', anonymous: true });
    expect(r.status).toBe(429);
    await sql`DELETE FROM rate_limits WHERE key = ${`complaint:inst:${clinic.code}`}`;
  });

  it('answers 503 in Chinese when the database cannot be reached, and saves nothing', async () => {
    await connectTo('postgres://postgres:none@127.0.0.1:1/none');
    try {
      const r = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': 'down-1234567' });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('30');
      expect(((await r.json()) as { error: string }).error).toMatch(/系统暂时无法保存/);
    } finally {
      await connectTo(db.url());
    }
    // The same key later: a normal first submission.
    const again = await post(COMPLAINT_EXAMPLE, { 'idempotency-key': 'down-1234567' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});
