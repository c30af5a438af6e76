import { describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { hit, hitAll, cleanup, Limiter } from '../../../../src/db/rate-limits';
import { processOutbox, pendingCount, TOPICS } from '../../../../src/db/outbox';
import { purgeClosedPersonalData } from '../../../../src/db/complaints-write';
import { purgeAnswers } from '../../../../src/db/idempotency';
import { complaintApi } from '../../../../src/handlers/intake/complaint';
import { contextFor, freshIp, jsonPost } from './support';

useTestDatabase();

describe('rate limits in PostgreSQL', () => {
  it('count hits per key and window, and say when the window ends', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit('test:a', 3, 60));
    expect(results.map((r) => [r.count, r.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await hit('test:b', 3, 60)).count).toBe(1);
  });

  it('count several keys in one statement, and concurrent hits are all counted', async () => {
    const [a, b] = await hitAll([
      { key: 'test:c', limit: 1, windowSeconds: 60 },
      { key: 'test:d', limit: 5, windowSeconds: 3600 },
    ]);
    expect([a!.allowed, b!.allowed]).toEqual([true, true]);
    await Promise.all(Array.from({ length: 30 }, () => hit('test:e', 100, 60)));
    expect((await hit('test:e', 100, 60)).count).toBe(31);
  });

  it('refuse windows longer than a day, and clean up old ones', async () => {
    await expect(hit('test:f', 1, 2 * 86_400)).rejects.toThrow(/1秒到1天/);
    await sql`INSERT INTO rate_limits (key, window_start, count) VALUES ('test:old', now() - interval '3 days', 5)`;
    // A hit may already have started the occasional background cleanup (1 in 1000), which can
    // delete the row first: what must hold is that the old window is gone afterwards.
    expect(await cleanup()).toBeGreaterThanOrEqual(0);
    const [row] = await sql`SELECT count(*)::int AS n FROM rate_limits WHERE key = 'test:old'`;
    expect(row!['n']).toBe(0);
  });
});

describe('leased rate limits (the intake)', () => {
  const counter = async (key: string) => (await sql<{ n: number }[]>`SELECT coalesce(sum(count), 0)::int AS n FROM rate_limits WHERE key = ${key}`)[0]!.n;

  it('admit exactly the limit when it is small, like counting every hit', async () => {
    const limiter = new Limiter();
    const spec = { key: 'lease:small', limit: 20, windowSeconds: 60 };
    const admitted: boolean[] = [];
    for (let i = 0; i < 25; i++) admitted.push((await limiter.admit([spec]))[0]!.allowed);
    expect(admitted.filter(Boolean)).toHaveLength(20);
    expect(admitted.slice(0, 20).every(Boolean)).toBe(true);
    expect(await counter('lease:small')).toBeLessThanOrEqual(21);
  });

  it('never admit more than the limit across several processes, even when racing', async () => {
    const processes = [new Limiter(), new Limiter(), new Limiter()];
    const spec = { key: 'lease:shared', limit: 200, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => processes[i % 3]!.admit([spec]).then((r) => r[0]!.allowed)));
    const admitted = results.filter(Boolean).length;
    expect(admitted).toBeLessThanOrEqual(200);
    expect(admitted).toBeGreaterThan(150); // leased but unused hits may be lost, not many
    expect(await counter('lease:shared')).toBeGreaterThanOrEqual(admitted);
  });

  it('cost far fewer statements than requests for a busy key with a high limit', async () => {
    const limiter = new Limiter();
    const spec = { key: 'lease:busy', limit: 1_000_000, windowSeconds: 60 };
    const before = (await sql<{ n: number }[]>`SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`)[0]!.n;
    for (let i = 0; i < 1000; i++) expect((await limiter.admit([spec]))[0]!.allowed).toBe(true);
    const after = (await sql<{ n: number }[]>`SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`)[0]!.n;
    const counted = await counter('lease:busy');
    expect(counted).toBeGreaterThanOrEqual(1000);
    expect(counted).toBeLessThan(1000 + 64);
    expect(after - before).toBeLessThan(60); // about 1000 / 64 reservations, plus the two reads
  });

  it('refuse a key that reached its limit without asking the database again', async () => {
    const limiter = new Limiter();
    const spec = { key: 'lease:full', limit: 2, windowSeconds: 60 };
    await limiter.admit([spec]);
    await limiter.admit([spec]);
    const refused = (await limiter.admit([spec]))[0]!;
    expect(refused).toMatchObject({ allowed: false, limit: 2 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    const counted = await counter('lease:full');
    for (let i = 0; i < 5; i++) expect((await limiter.admit([spec]))[0]!.allowed).toBe(false);
    expect(await counter('lease:full')).toBe(counted);
  });
});

async function fileComplaint(realName: boolean) {
  const body = realName
    ? {
        unlistedName: '某无证诊所',
        unlistedAddress: '某路1号',
        category: '执业资质',
        description: '没有执业许可证给人看病。',
        anonymous: false,
        name: '孙保留',
        phone: '13533334444',
      }
    : { unlistedName: '某无证诊所', unlistedAddress: '某路1号', category: '执业资质', description: '没有执业许可证给人看病。', anonymous: true };
  const r = await complaintApi(contextFor(jsonPost('/api/complaints', body), { ip: freshIp() }) as never);
  return ((await r.json()) as { trackingNo: string }).trackingNo.replace(/-/g, '');
}

describe('outbox', () => {
  it('hands each pending row to exactly one worker and marks it done', async () => {
    for (let i = 0; i < 6; i++) await fileComplaint(false);
    const seen: number[][] = [[], []];
    const work = (w: number) =>
      processOutbox(TOPICS.complaintReceived, 4, async (rows) => {
        seen[w]!.push(...rows.map((r) => r.id));
        await new Promise((r) => setTimeout(r, 50));
      });
    const [a, b] = await Promise.all([work(0), work(1)]);
    expect(a + b).toBeGreaterThanOrEqual(6);
    expect(new Set([...seen[0]!, ...seen[1]!]).size).toBe(seen[0]!.length + seen[1]!.length);
    while ((await processOutbox(TOPICS.complaintReceived, 10, async () => {})) > 0);
    expect(await pendingCount(TOPICS.complaintReceived)).toBe(0);
  });

  it('keeps a row pending and counts the attempt when handling fails', async () => {
    await fileComplaint(false);
    const handled = await processOutbox(TOPICS.complaintReceived, 10, async () => {
      throw new Error('notification service down');
    });
    expect(handled).toBe(0);
    const [row] = await sql`SELECT attempts, done_at FROM outbox WHERE topic = 'complaint.received' ORDER BY id DESC LIMIT 1`;
    expect(row).toEqual({ attempts: 1, done_at: null });
  });
});

describe('retention of personal data (PIPL)', () => {
  it('removes name and phone of complaints closed long enough ago, and keeps the case', async () => {
    const old = await fileComplaint(true);
    const recent = await fileComplaint(true);
    const open = await fileComplaint(true);
    for (const no of [old, recent]) {
      await sql`UPDATE complaints SET status = '已受理' WHERE tracking_no = ${no}`;
      await sql`UPDATE complaints SET status = '调查中' WHERE tracking_no = ${no}`;
      await sql`UPDATE complaints SET status = '已办结', outcome = '查实', findings = '属实', feedback = '经查属实，已处理。' WHERE tracking_no = ${no}`;
    }
    await sql`UPDATE complaints SET closed_at = now() - interval '400 days' WHERE tracking_no = ${old}`;
    expect(await purgeClosedPersonalData(365, true)).toBe(1);
    expect(await purgeClosedPersonalData(365)).toBe(1);
    const rows = await sql<{ tracking_no: string; n: Buffer | null; p: Buffer | null; purged: Date | null; description: string }[]>`
      SELECT tracking_no, complainant_name_enc AS n, complainant_phone_enc AS p, pii_purged_at AS purged, description
        FROM complaints WHERE tracking_no IN ${sql([old, recent, open])}`;
    const by = Object.fromEntries(rows.map((r) => [r.tracking_no, r]));
    expect(by[old]).toMatchObject({ n: null, p: null, purged: expect.any(Date), description: '没有执业许可证给人看病。' });
    expect(by[recent]!.n).not.toBeNull();
    expect(by[open]!.n).not.toBeNull();
    expect(await purgeClosedPersonalData(365)).toBe(0);
  });

  it('forgets old idempotency answers', async () => {
    await sql`INSERT INTO idempotency_keys (key, scope, status, response, created_at) VALUES ('api:old', 'complaint', 201, '{}', now() - interval '30 days')`;
    expect(await purgeAnswers(7)).toBe(1);
  });
});
