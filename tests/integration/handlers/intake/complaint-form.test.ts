import { describe, expect, it, beforeAll } from 'vitest';
import sharp from 'sharp';
import { useTestDatabase, sql } from '../../../support/db';
import { connectTo } from '../../../../src/db/client';
import { complaintPage, takeReceipt, RECEIPT_COOKIE } from '../../../../src/handlers/intake/complaint';
import { issueFormToken, csrfCookieName } from '../../../../src/server/csrf';
import { CookieJar, contextFor, formPost, freshIp, get, seedInstitutions } from './support';

const db = useTestDatabase();
let clinic: { id: number; code: string };
beforeAll(async () => {
  ({ clinic } = await seedInstitutions());
});

const CJK = /[\u4e00-\u9fff]/;

/** A browser that opened the form `ageMs` ago: its cookie and the form's token. */
function browser(ageMs = 10_000) {
  const jar = new CookieJar();
  const token = issueFormToken(jar.asCookies(), 'complaint', Date.now() - ageMs);
  return { jar, token };
}

const filled = (token: string, extra: Record<string, string> = {}) => ({
  _token: token,
  website: '',
  institutionCode: clinic.code,
  category: '违规诊疗',
  subcategory: 'ZL04',
  description: '一个感冒做了三项检查，收费八百元。',
  occurredOn: '2025-05-01',
  anonymous: '0',
  name: '赵表单',
  phone: '13711112222',
  ...extra,
});

async function submit(
  jar: CookieJar,
  fields: Record<string, string>,
  opts: { files?: { name: string; bytes: Uint8Array }[]; headers?: Record<string, string> } = {},
) {
  return complaintPage(contextFor(formPost('/complaints/new', fields, opts.files, opts.headers), { cookies: jar, ip: freshIp() }) as never);
}

describe('complaint form', () => {
  it('shows the form with a token, sets the CSRF cookie and prefills the institution from ?i=', async () => {
    const jar = new CookieJar();
    const r = await complaintPage(contextFor(get(`/complaints/new?i=${clinic.code}`), { cookies: jar }) as never);
    if ('response' in r) throw new Error('expected the form');
    expect(r.state.token).toMatch(/^v1\.\d{13}\./);
    expect(jar.has(csrfCookieName())).toBe(true);
    expect(jar.options.get(csrfCookieName())).toMatchObject({ httpOnly: true, sameSite: 'lax' });
    expect(r.state.institution).toMatchObject({ code: clinic.code, name: '测试县幸福诊所' });
    const unknown = await complaintPage(contextFor(get('/complaints/new?i=NOPE9999')) as never);
    expect('state' in unknown && unknown.state.unknownCode).toBe('NOPE9999');
    const search = await complaintPage(contextFor(get('/complaints/new?q=幸福')) as never);
    expect('state' in search && search.state.results?.map((x) => x.code)).toEqual([clinic.code]);
  });

  it('saves a valid submission and redirects to the acknowledgement, which shows the numbers once', async () => {
    const { jar, token } = browser();
    const r = await submit(jar, filled(token));
    if (!('response' in r)) throw new Error(JSON.stringify(r.state.errors));
    expect(r.response.status).toBe(303);
    expect(r.response.headers.get('location')).toBe('/complaints/submitted');
    expect(jar.options.get(RECEIPT_COOKIE)).toMatchObject({ httpOnly: true, path: '/complaints/submitted' });
    const receipt = takeReceipt(jar.asCookies());
    expect(receipt).toMatchObject({ trackingNo: expect.stringMatching(/^\d{4}-\d{4}-\d{4}$/), queryCode: expect.any(String), anonymous: false });
    expect(takeReceipt(jar.asCookies())).toBeNull();
    const [row] = await sql`SELECT channel, institution_id FROM complaints WHERE tracking_no = ${receipt!.trackingNo.replace(/-/g, '')}`;
    expect(row).toEqual({ channel: 'web', institution_id: clinic.id });
  });

  it('answers a fetch() submission with JSON', async () => {
    const { jar, token } = browser();
    const r = await submit(jar, filled(token), { headers: { accept: 'application/json' } });
    if (!('response' in r)) throw new Error('expected a response');
    expect(r.response.status).toBe(201);
    expect(await r.response.json()).toEqual({ ok: true, next: '/complaints/submitted' });
    const bad = await submit(jar, filled(token, { description: '' }), { headers: { accept: 'application/json' } });
    if (!('response' in bad)) throw new Error('expected a response');
    expect(bad.response.status).toBe(400);
    expect(await bad.response.json()).toMatchObject({ fieldErrors: { description: '问题描述：必填' } });
  });

  it('returns the first answer when the same form is submitted twice', async () => {
    const { jar, token } = browser();
    await submit(jar, filled(token));
    const first = takeReceipt(jar.asCookies());
    await submit(jar, filled(token));
    const second = takeReceipt(jar.asCookies());
    expect(second).toEqual({ ...first, replayed: true });
    const n = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM complaints WHERE tracking_no = ${first!.trackingNo.replace(/-/g, '')}`)[0]!.n;
    expect(n).toBe(1);
  });

  it('refills the form with every error in Chinese', async () => {
    const { jar, token } = browser();
    const fields = filled(token, { institutionCode: '', category: '', description: '短', occurredOn: '2999-01-01', name: '', phone: '12345' });
    const r = await submit(jar, fields);
    if ('response' in r) throw new Error('expected the form again');
    expect(r.status).toBe(400);
    expect(r.state.message).toMatch(CJK);
    expect(r.state.errors).toEqual({
      institutionCode: expect.stringMatching(/请选择被投诉的机构/),
      regionCode: expect.stringMatching(/请选择该机构或行医地点所在的乡镇（街道）/),
      category: expect.stringMatching(/请选择问题类别/),
      description: '问题描述：至少5个字符',
      occurredOn: '发生日期：日期不能晚于今天',
      name: '姓名：实名举报请填写姓名',
      phone: expect.stringMatching(/有效的大陆手机号/),
    });
    expect(r.state.values).toMatchObject({ description: '短', occurredOn: '2999-01-01', phone: '12345', subcategory: 'ZL04' });
    expect(r.state.values).not.toHaveProperty('_token');
    expect(r.state.token).toBe(token); // the same form: same idempotency key, fill time kept
  });

  it('refuses a post without the cookie, with a forged token, or from another site (CSRF)', async () => {
    const { token } = browser();
    const noCookie = await submit(new CookieJar(), filled(token));
    expect('state' in noCookie && noCookie.status).toBe(403);
    expect('state' in noCookie && noCookie.state.message).toMatch(/Cookie/);

    const { jar } = browser();
    const forged = await submit(jar, filled(token)); // a token minted for another browser's cookie
    expect('state' in forged && forged.status).toBe(403);

    const mine = browser();
    const crossOrigin = await submit(mine.jar, filled(mine.token), { headers: { origin: 'https://evil.example' } });
    expect('state' in crossOrigin && crossOrigin.status).toBe(403);
    const crossSite = await submit(mine.jar, filled(mine.token), { headers: { 'sec-fetch-site': 'cross-site' } });
    expect('state' in crossSite && crossSite.status).toBe(403);
    expect('state' in crossSite && crossSite.state.message).toMatch(/其他网站/);
  });

  it('refuses the honeypot and a form posted faster than a person can', async () => {
    const a = browser();
    const bot = await submit(a.jar, filled(a.token, { website: 'http://spam.example' }));
    expect('state' in bot && bot.status).toBe(400);
    const b = browser(500);
    const quick = await submit(b.jar, filled(b.token));
    expect('state' in quick && quick.state.message).toMatch(/提交过快/);
  });

  it('stores photos re-encoded, without their EXIF metadata', async () => {
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#369' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'LeakyCam', Artist: '赵表单 13711112222' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 45/1 0/1' } })
      .toBuffer();
    expect(photo.includes('LeakyCam')).toBe(true);
    const { jar, token } = browser();
    const r = await submit(jar, filled(token), {
      files: [
        { name: 'evidence.jpg', bytes: photo },
        { name: 'b.jpg', bytes: photo },
      ],
    });
    expect('response' in r).toBe(true);
    const receipt = takeReceipt(jar.asCookies())!;
    const photos = await sql<{ content: Buffer; mime: string; width: number }[]>`
      SELECT p.content, p.mime, p.width FROM complaint_photos p JOIN complaints c ON c.id = p.complaint_id
       WHERE c.tracking_no = ${receipt.trackingNo.replace(/-/g, '')}`;
    expect(photos).toHaveLength(2);
    for (const p of photos) {
      expect(p).toMatchObject({ mime: 'image/jpeg', width: 800 });
      expect((await sharp(p.content).metadata()).exif).toBeUndefined();
      expect(p.content.includes('LeakyCam')).toBe(false);
      expect(p.content.includes('13711112222')).toBe(false);
    }
  });

  it('refuses more than 3 photos, or a file that is not a photo, and says which', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const { jar, token } = browser();
    const four = await submit(jar, filled(token), { files: [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, bytes: png })) });
    expect('state' in four && four.state.errors['photos']).toBe('照片：最多上传 3 张');
    const fake = await submit(jar, filled(token), { files: [{ name: 'photo.jpg', bytes: new TextEncoder().encode('<?php system($_GET[1]); ?>') }] });
    expect('state' in fake && fake.state.errors['photos']).toMatch(/第 1 张照片：只能上传 JPEG、PNG 或 WebP/);
  });

  it('refuses a post that is not a form (415)', async () => {
    const { jar } = browser();
    const r = await complaintPage(
      contextFor(new Request('http://127.0.0.1:4321/complaints/new', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), {
        cookies: jar,
      }) as never,
    );
    expect('state' in r && r.status).toBe(415);
  });

  it('answers 503 with the form refilled when the database cannot be reached', async () => {
    const { jar, token } = browser();
    await connectTo('postgres://postgres:none@127.0.0.1:1/none');
    try {
      const r = await submit(jar, filled(token));
      if ('response' in r) throw new Error('expected the form again');
      expect(r.status).toBe(503);
      expect(r.state.message).toMatch(/系统暂时无法保存/);
      expect(r.state.degraded).toBe(true);
      expect(r.state.values).toMatchObject({ description: filled('').description, name: '赵表单' });
      expect(r.state.token).toBe(token); // retrying later is the same submission
    } finally {
      await connectTo(db.url());
    }
  });
});
