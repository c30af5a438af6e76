import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { test, expect } from '@playwright/test';
import { INTAKE_FIXTURE, trackingNo } from '../support/fixtures/intake';

// PIPL: a seeded real-name complainant (name, phone, also written into the complaint text and
// the supervisors' findings, and into a rating comment awaiting moderation) must appear in no
// public output: not in the built site (pages, open data, search index), not on any on-demand
// public page, not in any API answer.

const { name, phone } = INTAKE_FIXTURE.complainant;
const needles = [name, phone, `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`, `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`];

function leaks(text: string): string[] {
  return needles.filter((n) => text.includes(n));
}

/** The release `npm start` serves for the end-to-end data folder (see src/release/releases.ts). */
function builtSite(): string {
  const dataDir = path.resolve(process.env['E2E_DATA_DIR'] ?? '.data/e2e');
  const hash = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
  return path.join(process.cwd(), '.releases', hash, 'current', 'client');
}

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

/** Text of a built file; gzip (precompressed copies, Pagefind fragments) is unpacked first. */
function textOf(file: string): string {
  const raw = fs.readFileSync(file);
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return zlib.gunzipSync(raw).toString('utf8');
    } catch {
      /* not gzip after all */
    }
  }
  return raw.toString('utf8');
}

test('no public output contains a complainant’s name or phone', async ({ request }) => {
  // 1. Every file of the built site.
  const site = builtSite();
  expect(fs.existsSync(site), site).toBe(true);
  const found: string[] = [];
  let scanned = 0;
  for (const file of files(site)) {
    scanned++;
    const hit = leaks(textOf(file));
    if (hit.length) found.push(`${path.relative(site, file)}: ${hit.join(', ')}`);
  }
  expect(scanned).toBeGreaterThan(10);
  expect(found).toEqual([]);

  // 2. On-demand public pages and API answers, including the status page of that very complaint.
  const { institution, realName } = INTAKE_FIXTURE;
  const pages = [
    '/',
    '/complaints/new',
    `/complaints/new?i=${institution.code}`,
    `/complaints/new?q=${encodeURIComponent('幸福路')}`,
    '/complaints/status',
    '/complaints/submitted',
    `/i/${institution.code}/`,
    `/i/${institution.code}/rate`,
    '/api/openapi.json',
    '/data/institutions.json',
    '/data/institutions.csv',
  ];
  for (const p of pages) {
    const r = await request.get(p);
    expect(leaks(await r.text()), p).toEqual([]);
  }
  const status = await request.get('/complaints/status');
  const token = /name="_token" value="([^"]+)"/.exec(await status.text())![1]!;
  const lookup = await request.post('/complaints/status', {
    form: { _token: token, trackingNo: trackingNo(realName.trackingBody), queryCode: realName.queryCode },
    headers: { origin: new URL(status.url()).origin },
  });
  const lookupHtml = await lookup.text();
  expect(lookupHtml).toContain(realName.feedback); // it is the right page…
  expect(leaks(lookupHtml)).toEqual([]); // …and it says nothing about who complained
  const api = await request.post('/api/complaints', {
    data: { institutionCode: institution.code, category: '其他', description: `再次反映，我是${name}。`, anonymous: false, name, phone },
  });
  expect(api.status()).toBe(201);
  expect(leaks(await api.text())).toEqual([]);
  const rating = await request.post('/api/ratings', { data: { institutionCode: institution.code, stars: 1, comment: `我叫${name}，电话${phone}` } });
  expect(rating.status()).toBe(201);
  expect(leaks(await rating.text())).toEqual([]);
});
