// /admin/clients and /admin/jobs against PostgreSQL and the real pg-boss: keys shown once and
// stored hashed, rotate and deactivate with their audit rows; failed jobs listed with their error,
// retried or discarded with a reason in the audit log; district supervisors refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { adminContext, makeWorld, type World } from './world';
import { clientsPage, jobsPage } from '../../../../src/handlers/admin/integrations';
import { apiKeyHash, findActiveClientByKey } from '../../../../src/db/api-clients';
import { getBoss, stopBoss } from '../../../../src/server/queue';

useTestDatabase();
let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(async () => {
  await stopBoss();
  await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`;
});

const audits = async (action: string) => sql<{ reason: string | null; target_id: string }[]>`SELECT reason, target_id FROM audit_log WHERE action = ${action}`;

describe('/admin/clients', () => {
  it('creates a client: the key is shown once, only its hash is stored, the audit log has it', async () => {
    const view = await clientsPage(
      adminContext(w.admin, '/admin/clients', {
        method: 'POST',
        form: { op: 'create', name: '县12345热线', channel: '12345', rateLimitPerMinute: '30', callbackUrl: 'https://12345.example.gov.cn/cb' },
      }),
    );
    if (view instanceof Response) throw new Error('expected the page');
    expect(view.errors).toEqual([]);
    const key = view.issued!.key;
    expect(key).toMatch(/^cdp_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{40,}$/);
    expect(view.issued!.callbackSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const [row] = await sql<{ key_hash: string; key_prefix: string }[]>`SELECT key_hash, key_prefix FROM api_clients WHERE name = '县12345热线'`;
    expect(row!.key_hash).toBe(apiKeyHash(key));
    expect(key).toContain(row!.key_prefix);
    expect(view.rows.map((r) => [r.name, r.channel, r.rateLimitPerMinute, r.active])).toEqual([['县12345热线', '12345', 30, true]]);
    expect(JSON.stringify(view.rows)).not.toContain(key);
    expect(await audits('client.create')).toHaveLength(1);

    // Listing again never shows the key.
    const again = await clientsPage(adminContext(w.admin, '/admin/clients'));
    if (again instanceof Response) throw new Error('expected the page');
    expect(again.issued).toBeNull();
  });

  it('refuses bad input naming the field, a duplicate name, and district supervisors', async () => {
    const bad = await clientsPage(
      adminContext(w.admin, '/admin/clients', { method: 'POST', form: { op: 'create', name: '', channel: 'x', callbackUrl: 'ftp://a' } }),
    );
    if (bad instanceof Response) throw new Error('expected the page');
    expect(bad.status).toBe(400);
    expect(bad.errors.join()).toMatch(/名称|渠道|回调地址/);
    const dup = await clientsPage(adminContext(w.admin, '/admin/clients', { method: 'POST', form: { op: 'create', name: '县12345热线', channel: '信访' } }));
    if (dup instanceof Response) throw new Error('expected the page');
    expect(dup.errors.join()).toMatch(/同名/);
    await expect(clientsPage(adminContext(w.districtA, '/admin/clients'))).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('rotates a key (the old one stops working) and deactivates a client, each with its reason', async () => {
    const [c] = await sql<{ id: number }[]>`SELECT id::int AS id FROM api_clients WHERE name = '县12345热线'`;
    const id = String(c!.id);
    const rotated = await clientsPage(
      adminContext(w.admin, '/admin/clients', { method: 'POST', form: { op: 'rotate', id, name: '县12345热线', reason: '密钥泄露' } }),
    );
    if (rotated instanceof Response) throw new Error('expected the page');
    const newKey = rotated.issued!.key;
    expect(await findActiveClientByKey(newKey)).toMatchObject({ id: c!.id, channel: '12345' });
    expect((await audits('client.rotate'))[0]!.reason).toBe('密钥泄露');

    const noReason = await clientsPage(adminContext(w.admin, '/admin/clients', { method: 'POST', form: { op: 'deactivate', id } }));
    if (noReason instanceof Response) throw new Error('expected the page');
    expect(noReason.errors.join()).toMatch(/原因/);
    const done = await clientsPage(adminContext(w.admin, '/admin/clients', { method: 'POST', form: { op: 'deactivate', id, reason: '渠道停用' } }));
    expect(done).toBeInstanceOf(Response);
    expect(await findActiveClientByKey(newKey)).toBeNull();
    expect((await audits('client.deactivate'))[0]!.reason).toBe('渠道停用');
  });
});

describe('/admin/jobs', () => {
  it('lists a failed job with its error; retry and discard need a reason and are audited', async () => {
    const boss = await getBoss();
    await boss.createQueue('http.post', { retryLimit: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const id = await boss.send('http.post', { outboxId: 900 + i, payload: { url: 'http://127.0.0.1:9/x' } }, { singletonKey: `http.post:${900 + i}` });
      const [job] = await boss.fetch('http.post');
      await boss.fail('http.post', job!.id, { message: '接收方 127.0.0.1:9 返回 HTTP 503' });
      ids.push(id!);
    }
    const view = await jobsPage(adminContext(w.admin, '/admin/jobs'));
    if (view instanceof Response) throw new Error('expected the page');
    expect(view.failed.map((j) => j.id).sort()).toEqual([...ids].sort());
    expect(view.failed[0]!.error).toBe('接收方 127.0.0.1:9 返回 HTTP 503');
    expect(view.queues.find((q) => q.name === 'http.post')).toMatchObject({ failed: 2 });

    const noReason = await jobsPage(adminContext(w.admin, '/admin/jobs', { method: 'POST', form: { op: 'retry', queue: 'http.post', id: ids[0]! } }));
    if (noReason instanceof Response) throw new Error('expected the page');
    expect(noReason.errors.join()).toMatch(/原因/);

    expect(
      await jobsPage(adminContext(w.admin, '/admin/jobs', { method: 'POST', form: { op: 'retry', queue: 'http.post', id: ids[0]!, reason: '接收方已恢复' } })),
    ).toBeInstanceOf(Response);
    expect(
      await jobsPage(adminContext(w.admin, '/admin/jobs', { method: 'POST', form: { op: 'discard', queue: 'http.post', id: ids[1]!, reason: '地址作废' } })),
    ).toBeInstanceOf(Response);
    const states = await sql<{ id: string; state: string }[]>`SELECT id::text, state::text FROM pgboss.job WHERE name = 'http.post'`;
    expect(states).toEqual([{ id: ids[0], state: expect.stringMatching(/^(retry|created)$/) as unknown }]);
    expect((await audits('job.retry')).map((a) => [a.target_id, a.reason])).toEqual([[ids[0], '接收方已恢复']]);
    expect((await audits('job.discard')).map((a) => [a.target_id, a.reason])).toEqual([[ids[1], '地址作废']]);

    // A job that is no longer failed is not retried twice.
    const twice = await jobsPage(
      adminContext(w.admin, '/admin/jobs', { method: 'POST', form: { op: 'retry', queue: 'http.post', id: ids[0]!, reason: '再试' } }),
    );
    if (twice instanceof Response) throw new Error('expected the page');
    expect(twice.status).toBe(409);
    await expect(jobsPage(adminContext(w.districtA, '/admin/jobs'))).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
