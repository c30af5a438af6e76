import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { contextFor, freshIp, jsonPost } from '../handlers/intake/support';
import { complaintApi } from '../../../src/handlers/intake/complaint';
import { applyComplaintAction } from '../../../src/db/admin-complaints-write';
import { createApiClient, deactivateApiClient } from '../../../src/db/api-clients';
import { encrypt } from '../../../src/server/pii-crypto';
import { startAppWorkers } from '../../../src/server/jobs';
import type { Workers } from '../../../src/server/queue';
import { parseTrackingNumber } from '../../../src/domain/tracking-number';

/**
 * Issue 14, end to end inside one process with the real queue: a 12345 client posts a complaint
 * with its key (channel, client and 工单号 recorded); a supervisor accepts it and closes it (not
 * without feedback: 实名举报必须反馈); the real-name complainant gets the mails at a real local SMTP
 * server and the SMS request reaches a stand-in for the Tencent Cloud endpoint with the provider's
 * fields; the signed callbacks reach a receiver that is down at first and arrive once it is back.
 */

// --- the stand-ins, started before anything reads the configuration --------------------------
interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  onData(stream, session, done) {
    let raw = '';
    stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      done();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));

const smsRequests: { action: string | undefined; body: Record<string, unknown> }[] = [];
const smsServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    smsRequests.push({ action: req.headers['x-tc-action'] as string | undefined, body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({ Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success', SerialNo: 'x', PhoneNumber: '+8613900000001' }], RequestId: 'r1' } }),
    );
  });
});
await new Promise<void>((r) => smsServer.listen(0, '127.0.0.1', r));

let receiverUp = false;
const callbacks: { headers: http.IncomingHttpHeaders; raw: string }[] = [];
let refused = 0;
const receiver = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
  req.on('end', () => {
    if (!receiverUp) {
      refused++;
      res.writeHead(503).end();
      return;
    }
    callbacks.push({ headers: req.headers, raw });
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const port = (s: { address(): unknown }) => (s.address() as { port: number }).port;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'a14-int-'));
Object.assign(process.env, {
  DATA_DIR: dataDir,
  PII_KEY: crypto.randomBytes(32).toString('hex'),
  SMTP_URL: `smtp://127.0.0.1:${port(smtp.server)}`,
  SMTP_FROM: '信用公示平台 <noreply@example.gov.cn>',
  SMS_PROVIDER: 'tencent',
  SMS_ENDPOINT: `http://127.0.0.1:${port(smsServer)}`,
  SMS_SECRET_ID: 'AKIDtest',
  SMS_SECRET_KEY: 'test-secret',
  SMS_SDK_APP_ID: '1400000001',
  SMS_SIGN_NAME: '示范县卫健委',
  SMS_TEMPLATE_ACCEPTED: '100001',
  SMS_TEMPLATE_CLOSED: '100002',
  JOB_SUPERVISE_SECONDS: '1',
});

// --- helpers ---------------------------------------------------------------------------------
useTestDatabase();
let w: World;
let workers: Workers;

/** RFC 2047 encoded words (B and Q) in a header value → text. */
function decodeWords(v: string): string {
  return v.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
function subjectOf(raw: string): string {
  const m = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw);
  return decodeWords((m?.[1] ?? '').replace(/\r?\n[ \t]/g, ' '));
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  complaintApi(contextFor(jsonPost('/api/complaints', body, headers), { ip: freshIp() }) as never);

const COMPLAINT = {
  institutionCode: 'TSTA01',
  category: '违规诊疗',
  description: '门诊收费后不开具票据，询问时态度恶劣。（测试）',
  anonymous: false,
  name: '张三',
  phone: '13900000001',
  email: 'zhangsan@example.com',
};

let key = '';
let callbackSecret = '';
let clientId = 0;

beforeAll(async () => {
  w = await makeWorld();
  callbackSecret = crypto.randomBytes(32).toString('base64url');
  const c = await createApiClient(
    w.admin,
    { name: '示范县12345热线', channel: '12345', rateLimitPerMinute: 2, callbackUrl: `http://127.0.0.1:${port(receiver)}/callback` },
    encrypt(callbackSecret, 'callback_secret'),
    null,
  );
  key = c.key;
  clientId = c.id;
  workers = await startAppWorkers(() => {});
});

afterAll(async () => {
  await workers.stop();
  await sql`DROP SCHEMA IF EXISTS pgboss CASCADE`;
  smtp.close();
  smsServer.close();
  receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('API clients at the complaint API', () => {
  it('refuses a malformed or unknown key with 401, never as anonymous', async () => {
    const before = await sql`SELECT 1 FROM complaints`;
    expect((await post(COMPLAINT, { Authorization: 'Basic abc' })).status).toBe(401);
    const r = await post(COMPLAINT, { Authorization: 'Bearer cdp_AAAAAAAA_nope' });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: string }).error).toMatch(/接入密钥无效/);
    expect(await sql`SELECT 1 FROM complaints`).toHaveLength(before.length);
  });

  it('refuses a 工单号 without a key', async () => {
    const r = await post({ ...COMPLAINT, clientRequestId: 'GD-1' });
    expect(r.status).toBe(400);
  });
});

describe('a 12345 complaint through its whole life', () => {
  let complaintId = 0;
  let trackingNo = '';

  it('records channel, client and 工单号; the client’s own limit applies and a repeated 工单号 is refused', async () => {
    const r = await post({ ...COMPLAINT, channel: 'other', clientRequestId: 'GD-2026-0001' }, { Authorization: `Bearer ${key}` });
    expect(r.status).toBe(201);
    trackingNo = (parseTrackingNumber(((await r.json()) as { trackingNo: string }).trackingNo) as { value: string }).value;
    const [row] = await sql<{ id: number; channel: string; api_client_id: number; client_request_id: string; email: Uint8Array | null }[]>`
      SELECT id, channel, api_client_id, client_request_id, complainant_email_enc AS email FROM complaints WHERE tracking_no = ${trackingNo}`;
    expect(row).toMatchObject({ channel: '12345', api_client_id: clientId, client_request_id: 'GD-2026-0001' });
    expect(Buffer.from(row!.email!).toString('latin1')).not.toContain('zhangsan');
    complaintId = row!.id;

    const again = await post({ ...COMPLAINT, clientRequestId: 'GD-2026-0001' }, { Authorization: `Bearer ${key}` });
    expect(again.status).toBe(409);
    // Limit 2 per minute for this client (not the per-address limit): a burst is refused with 429
    // within a few submissions, whichever minute window they fall in.
    const statuses: number[] = [];
    for (let i = 3; i <= 6 && !statuses.includes(429); i++)
      statuses.push((await post({ ...COMPLAINT, clientRequestId: `GD-2026-000${i}` }, { Authorization: `Bearer ${key}` })).status);
    expect(statuses).toContain(429);
  });

  it('accept → mail and SMS to the complainant; callback retried while the receiver is down', async () => {
    await applyComplaintAction(w.districtA, complaintId, { action: 'accept' }, null);
    await until('the acceptance mail', () => mails.length >= 1);
    expect(mails[0]!.to).toEqual(['zhangsan@example.com']);
    expect(subjectOf(mails[0]!.raw)).toContain('已受理');
    await until('the SMS request', () => smsRequests.length >= 1);
    expect(smsRequests[0]!.action).toBe('SendSms');
    expect(smsRequests[0]!.body).toMatchObject({
      PhoneNumberSet: ['+8613900000001'],
      SmsSdkAppId: '1400000001',
      SignName: '示范县卫健委',
      TemplateId: '100001',
    });
    expect(JSON.stringify(smsRequests[0]!.body)).not.toContain('张三');
    await until('a refused callback attempt', () => refused >= 1);
    expect(callbacks).toHaveLength(0);
  });

  it('a real-name complaint is not closed without feedback (实名举报必须反馈), in the domain and in SQL', async () => {
    await applyComplaintAction(w.districtA, complaintId, { action: 'start' }, null);
    await expect(applyComplaintAction(w.districtA, complaintId, { action: 'close', outcome: '查实', findings: '经查属实' }, null)).rejects.toThrow(
      /实名举报必须反馈/,
    );
    await expect(sql`UPDATE complaints SET status = '已办结', outcome = '查实', findings = 'x' WHERE id = ${complaintId}`).rejects.toThrow(
      /complaints_real_name_feedback/,
    );
    await applyComplaintAction(
      w.districtA,
      complaintId,
      { action: 'close', outcome: '查实', findings: '经查属实', feedback: '已责令该机构整改并处罚款。' },
      null,
    );
    await until('the outcome mail', () => mails.length >= 2);
    expect(subjectOf(mails[1]!.raw)).toContain('已办结');
  });

  it('the signed callbacks arrive once the receiver is back, each once, verifiable with the secret', async () => {
    receiverUp = true;
    await until('both callbacks', () => callbacks.length >= 3, 120_000);
    const bodies = callbacks.map((c) => JSON.parse(c.raw) as Record<string, unknown>);
    const statuses = bodies.map((b) => b['status']);
    expect(new Set(statuses)).toEqual(new Set(['已受理', '调查中', '已办结']));
    for (const c of callbacks) {
      const signed = `${String(c.headers['x-timestamp'])}.${String(c.headers['idempotency-key'])}.${c.raw}`;
      const expected = `sha256=${crypto.createHmac('sha256', callbackSecret).update(signed).digest('hex')}`;
      expect(c.headers['x-signature']).toBe(expected);
      expect(c.headers['x-timestamp']).toMatch(/^\d{10}$/);
      expect(c.headers['idempotency-key']).toMatch(/^client\.callback:\d+$/);
    }
    expect(new Set(callbacks.map((c) => c.headers['idempotency-key'])).size).toBe(callbacks.length);
    const closed = bodies.find((b) => b['status'] === '已办结')!;
    expect(Object.keys(closed).sort()).toEqual(['client_request_id', 'outcome', 'status', 'status_notes', 'tracking_no', 'updated_at']);
    expect(closed).toMatchObject({ tracking_no: trackingNo, client_request_id: 'GD-2026-0001', outcome: '查实' });
    // What the public status page says (real name: with the feedback), never an internal note.
    expect(closed['status_notes']).toBe('投诉已办结。 办理结果：查实。 反馈：已责令该机构整改并处罚款。');
    const [ledger] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM deliveries WHERE queue = 'client.callback'`;
    expect(ledger!.n).toBe(3);
  });

  it('a deactivated client’s key is refused', async () => {
    await deactivateApiClient(w.admin, clientId, '测试停用', null);
    expect((await post(COMPLAINT, { Authorization: `Bearer ${key}` })).status).toBe(401);
  });
});
