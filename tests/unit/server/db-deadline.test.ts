import { describe, expect, it } from 'vitest';
import { hasDeadline, withDeadline } from '../../../src/server/db-deadline';

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
const never = () => new Promise<Response>(() => {});

describe('the deadline of database-backed requests (issue 17 item 2)', () => {
  it('a request that waits for the database past the deadline gets a Chinese 503 with Retry-After', async () => {
    const t0 = Date.now();
    const r = await withDeadline(new Request('http://x/admin/login'), '/admin/login', never, 200);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
    expect(await r.text()).toContain('系统暂时不可用');
  });

  it('"database unreachable" thrown by a page is a 503 page, not a 500; the API answers JSON', async () => {
    const page = await withDeadline(new Request('http://x/admin/'), '/admin/', refused, 5_000);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await withDeadline(new Request('http://x/api/complaints', { method: 'POST' }), '/api/complaints', refused, 5_000);
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: expect.stringContaining('稍后再试') });
  });

  it('other errors are left to the error page; answers in time pass through; imports have no deadline', async () => {
    await expect(withDeadline(new Request('http://x/admin/'), '/admin/', () => Promise.reject(new Error('bug')), 5_000)).rejects.toThrow('bug');
    const ok = await withDeadline(new Request('http://x/complaints/new'), '/complaints/new', async () => new Response('表单'), 5_000);
    expect(await ok.text()).toBe('表单');
    expect(hasDeadline('/admin/import', 'POST')).toBe(false);
    expect(hasDeadline('/admin/export.xlsx', 'GET')).toBe(false);
    expect(hasDeadline('/api/complaints', 'POST')).toBe(true);
    // The complaint form's photos upload at the phone's speed: no deadline for its POST, but its GET has one.
    expect(hasDeadline('/complaints/new', 'POST')).toBe(false);
    expect(hasDeadline('/complaints/new', 'GET')).toBe(true);
    expect(hasDeadline('/complaints/status', 'POST')).toBe(true);
  });
});
