import { describe, expect, it, beforeAll } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { ratingApi, ratingPage, DEVICE_COOKIE } from '../../../../src/handlers/intake/rating';
import { issueFormToken } from '../../../../src/server/csrf';
import { ratingSummaries, ratingSummaryFor, publishedComments } from '../../../../src/db/ratings-read-public';
import { CookieJar, contextFor, formPost, freshIp, get, jsonPost, seedInstitutions } from './support';

useTestDatabase();
let clinic: { id: number; code: string };
let hospital: { id: number; code: string };
beforeAll(async () => {
  ({ clinic, hospital } = await seedInstitutions());
});

const api = (body: unknown, headers: Record<string, string> = {}, ip = freshIp()) =>
  ratingApi(contextFor(jsonPost('/api/ratings', body, headers), { ip }) as never);

describe('POST /api/ratings', () => {
  it('records stars, holds a comment for moderation and tells supervisors through the outbox', async () => {
    const r = await api({ institutionCode: clinic.code, stars: 4, comment: '环境干净，我叫张三，电话13800001111', deviceId: 'app-install-0000000001' });
    expect(r.status).toBe(201);
    expect(await r.json()).toEqual({ commentStatus: '待审核' });
    const [row] = await sql`SELECT stars, comment, comment_status, comment_public, device_hash FROM ratings WHERE institution_id = ${clinic.id}`;
    expect(row).toMatchObject({ stars: 4, comment_status: '待审核', comment_public: null });
    expect(row!['device_hash']).not.toContain('app-install');
    const [outbox] = await sql`SELECT payload FROM outbox WHERE topic = 'rating.received'`;
    expect(outbox!['payload']).toMatchObject({ institutionId: clinic.id });
  });

  it('allows one rating per institution per device in 30 days', async () => {
    const body = { institutionCode: hospital.code, stars: 2, deviceId: 'app-install-0000000002' };
    expect((await api(body)).status).toBe(201);
    const again = await api({ ...body, stars: 5 });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toMatch(/30 天内已经评价过该机构/);
    expect((await api({ ...body, deviceId: 'app-install-0000000003' })).status).toBe(201);
    // After 30 days the device may rate again.
    await sql`UPDATE ratings SET created_at = now() - interval '31 days' WHERE institution_id = ${hospital.id}`;
    expect((await api({ ...body, stars: 3 })).status).toBe(201);
  });

  it('counts two quick taps from one device once', async () => {
    await sql`INSERT INTO institutions (code, registration_no, name) VALUES ('TAPS2345', 'REG-TAPS', '双击测试诊所')`;
    const body = { institutionCode: 'TAPS2345', stars: 5, deviceId: 'app-install-0000000004' };
    const statuses = (await Promise.all([api(body), api(body), api(body)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
  });

  it('replays a retried Idempotency-Key', async () => {
    const body = { institutionCode: clinic.code, stars: 5, deviceId: 'app-install-0000000005' };
    const ip = freshIp();
    const first = await api(body, { 'idempotency-key': 'rating-retry-0001' }, ip);
    const second = await api(body, { 'idempotency-key': 'rating-retry-0001' }, ip);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers bad input in Chinese, by field', async () => {
    const r = await api({ institutionCode: 'NOPE9999', stars: 0 });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ fieldErrors: { stars: '星级：请选择1到5颗星' } });
    const unknown = await api({ institutionCode: 'NOPE9999', stars: 3 });
    expect(await unknown.json()).toMatchObject({ fieldErrors: { institutionCode: expect.stringContaining('没有找到') } });
    expect((await ratingApi(contextFor(new Request('http://x/api/ratings', { method: 'POST', body: 'stars=3' })) as never)).status).toBe(415);
  });

  it('publishes the mean and count, and only approved (redacted) comments', async () => {
    const summary = await ratingSummaryFor(clinic.id);
    expect(summary).toMatchObject({ institutionId: clinic.id, count: 2, mean: 4.5 });
    expect((await ratingSummaries()).get(hospital.id)?.count).toBe(3);
    expect(await publishedComments(clinic.id)).toEqual([]);
    await sql`UPDATE ratings SET comment_status = '已公开', comment_public = '环境干净，我叫［姓名已隐去］' WHERE comment IS NOT NULL`;
    expect(await publishedComments(clinic.id)).toEqual([
      { stars: 4, text: '环境干净，我叫［姓名已隐去］', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
  });
});

describe('rating form on /i/{code}/rate', () => {
  it('shows the institution, sets a device cookie, saves and redirects; the same browser cannot rate twice', async () => {
    const jar = new CookieJar();
    const shown = await ratingPage(contextFor(get(`/i/${clinic.code}/rate`), { cookies: jar }) as never, clinic.code.toLowerCase());
    expect('state' in shown && shown.state.institution.name).toBe('测试县幸福诊所');
    expect(jar.has(DEVICE_COOKIE)).toBe(true);
    const token = issueFormToken(jar.asCookies(), 'rating', Date.now() - 5_000);
    const post = () =>
      ratingPage(
        contextFor(formPost(`/i/${clinic.code}/rate`, { _token: token, stars: '5', comment: '' }), { cookies: jar, ip: freshIp() }) as never,
        clinic.code,
      );
    const r = await post();
    expect('response' in r && r.response.status).toBe(303);
    expect('response' in r && r.response.headers.get('location')).toBe(`/i/${clinic.code}/rate?done=1`);
    // The same form again is a replay (same token); a new form from the same browser is refused.
    expect('response' in (await post())).toBe(true);
    const token2 = issueFormToken(jar.asCookies(), 'rating', Date.now() - 5_000);
    const again = await ratingPage(
      contextFor(formPost(`/i/${clinic.code}/rate`, { _token: token2, stars: '1' }), { cookies: jar, ip: freshIp() }) as never,
      clinic.code,
    );
    expect('state' in again && again.status).toBe(409);
  });

  it('refills the form with errors, refuses CSRF, and 404s an unknown institution', async () => {
    const jar = new CookieJar();
    const token = issueFormToken(jar.asCookies(), 'rating', Date.now() - 5_000);
    const bad = await ratingPage(
      contextFor(formPost(`/i/${hospital.code}/rate`, { _token: token, stars: '9', comment: '好\u0000' }), { cookies: jar }) as never,
      hospital.code,
    );
    expect('state' in bad && bad.status).toBe(400);
    expect('state' in bad && bad.state.errors).toEqual({
      stars: '星级：请选择1到5颗星',
      comment: '评价内容：不能包含控制字符或不可见的格式字符（如零宽字符、文字方向控制符；发现 U+0000），请删除后重新输入',
    });
    const csrf = await ratingPage(
      contextFor(formPost(`/i/${hospital.code}/rate`, { _token: token, stars: '3' }), { cookies: new CookieJar() }) as never,
      hospital.code,
    );
    expect('state' in csrf && csrf.status).toBe(403);
    const missing = await ratingPage(contextFor(get('/i/NOPE9999/rate')) as never, 'NOPE9999');
    expect('response' in missing && missing.response.status).toBe(404);
    const garbage = await ratingPage(contextFor(get('/i/x/rate')) as never, "'; DROP TABLE ratings;--");
    expect('response' in garbage && garbage.response.status).toBe(404);
  });
});

describe('closed institutions (issue 12 item 8: 歇业/注销/吊销 offer no rating)', () => {
  it('the API and the form refuse them in Chinese, nothing is stored', async () => {
    await sql`INSERT INTO institutions (code, registration_no, name, status) VALUES ('SHUT2345', 'REG-SHUT', '已歇业测试诊所', '歇业')`;
    const r = await api({ institutionCode: 'SHUT2345', stars: 5, deviceId: 'app-install-0000000099' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: string }).error).toContain('该机构已歇业');
    const jar = new CookieJar();
    const shown = await ratingPage(contextFor(get('/i/SHUT2345/rate'), { cookies: jar }) as never, 'SHUT2345');
    expect('state' in shown && shown.status).toBe(410);
    expect('state' in shown && shown.state.closed).toContain('不接受评价');
    const token = issueFormToken(jar.asCookies(), 'rating', Date.now() - 5_000);
    const posted = await ratingPage(
      contextFor(formPost('/i/SHUT2345/rate', { _token: token, stars: '5' }), { cookies: jar, ip: freshIp() }) as never,
      'SHUT2345',
    );
    expect('state' in posted && posted.status).toBe(410);
    const [n] = await sql`SELECT count(*)::int AS n FROM ratings r JOIN institutions i ON i.id = r.institution_id WHERE i.code = 'SHUT2345'`;
    expect(n!['n']).toBe(0);
  });
});
