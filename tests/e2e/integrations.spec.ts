import { test, expect, type Page } from '@playwright/test';
import crypto from 'node:crypto';
import http from 'node:http';
import { contextAs, desktopOnly } from './admin-support';

/**
 * Issue 14 in the browser against the real server (workers inside it): an administrator creates
 * a 12345 client with a callback; the client posts a complaint with its key; the complaint shows
 * in the admin table with channel 12345 (filter); a supervisor accepts, starts and closes it with
 * feedback; the signed callback reaches a local receiver that is down at first and arrives once
 * it is back — once through the JSON API and once through Open311.
 */
test.beforeEach(({}, testInfo) => {
  test.skip(desktopOnly(testInfo), 'the supervisor area is tested on the desktop project');
});

/** A local HTTP receiver for the callbacks, answering 503 until `up` is set. */
async function startReceiver() {
  const state = { up: false, refused: 0, received: [] as { raw: string; headers: http.IncomingHttpHeaders }[] };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (!state.up) {
        state.refused++;
        res.writeHead(503).end();
        return;
      }
      state.received.push({ raw, headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, server, port: (server.address() as { port: number }).port };
}

/** An administrator creates a 12345 client with a callback to `port`; returns its key and secret. */
async function createClient(page: Page, port: number): Promise<{ name: string; key: string; secret: string }> {
  await page.goto('/admin/clients');
  const form = page.locator('form', { has: page.getByRole('button', { name: '创建并生成密钥' }) });
  const name = `e2e 12345热线 ${Date.now()}`;
  await form.getByLabel(/^名称/).fill(name);
  await form.locator('select[name="channel"]').selectOption('12345');
  await form.getByLabel(/^回调地址/).fill(`http://127.0.0.1:${port}/callback`);
  await form.getByRole('button', { name: '创建并生成密钥' }).click();
  const issued = page.getByTestId('issued-key');
  await expect(issued).toContainText(name);
  const key = (await issued.locator('code').nth(0).textContent())!.trim();
  const secret = (await issued.locator('code').nth(1).textContent())!.trim();
  expect(key).toMatch(/^cdp_/);
  return { name, key, secret };
}

/** The complaint in the admin table under the 12345 filter, then accepted, investigated and closed with feedback. */
async function closeFromTable(page: Page, trackingNo: string): Promise<void> {
  await page.goto('/admin/complaints');
  await page.getByLabel('来源渠道').selectOption('12345');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/channel=12345/);
  const row = page.getByRole('row', { name: new RegExp(trackingNo) });
  await expect(row).toContainText('12345热线');
  await row.getByRole('link', { name: trackingNo }).click();
  await page.getByRole('button', { name: '受理', exact: true }).click();
  await page.getByRole('button', { name: '开始调查', exact: true }).click();
  const close = page.locator('form', { has: page.getByRole('button', { name: '办结', exact: true }) });
  await close.locator('select[name="outcome"]').selectOption('查实');
  await close.locator('textarea[name="findings"]').fill('经查属实，已立案。');
  await close.getByLabel(/^给举报人的反馈/).fill('经查属实，已依法处理，感谢您的监督。');
  await close.getByRole('button', { name: '办结', exact: true }).click();
  await expect(page.getByText('已办结').first()).toBeVisible();
}

type Received = { raw: string; headers: http.IncomingHttpHeaders };

/** The receiver was down for every first attempt; it comes back and the signed 已办结 callback arrives. */
async function expectCallbackAfterRecovery(state: { up: boolean; refused: number; received: Received[] }, secret: string, requestId: string): Promise<void> {
  // The receiver really was asked while it was down, and took nothing.
  await expect.poll(() => state.refused, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(state.received).toHaveLength(0);
  state.up = true;
  await expect.poll(() => state.received.map((c) => (JSON.parse(c.raw) as { status: string }).status).includes('已办结'), { timeout: 150_000 }).toBe(true);
  const closed = state.received.find((c) => (JSON.parse(c.raw) as { status: string }).status === '已办结')!;
  expect(JSON.parse(closed.raw)).toMatchObject({ client_request_id: requestId, outcome: '查实', status: '已办结' });
  const signed = `${String(closed.headers['x-timestamp'])}.${String(closed.headers['idempotency-key'])}.${closed.raw}`;
  expect(closed.headers['x-signature']).toBe(`sha256=${crypto.createHmac('sha256', secret).update(signed).digest('hex')}`);
  expect(closed.headers['idempotency-key']).toMatch(/^client\.callback:\d+$/);
}

test('a 12345 client’s complaint: channel in the table, closed with feedback, signed callback after the receiver comes back', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const { state, server, port } = await startReceiver();
  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  const { key, secret } = await createClient(page, port);

  const requestId = `GD-E2E-${Date.now()}`;
  const r = await page.request.post('/api/complaints', {
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    data: {
      unlistedName: '幸福路无牌诊所（e2e）',
      unlistedAddress: '幸福路12号',
      category: '执业资质',
      description: '居民楼一楼无证行医、给人输液。（e2e 测试）',
      anonymous: false,
      name: '王五',
      phone: '13900000003',
      clientRequestId: requestId,
    },
  });
  expect(r.status()).toBe(201);
  const trackingNo = ((await r.json()) as { trackingNo: string }).trackingNo;
  const wrongKey = await page.request.post('/api/complaints', { headers: { Authorization: 'Bearer cdp_nope', 'Content-Type': 'application/json' }, data: {} });
  expect(wrongKey.status()).toBe(401);

  await closeFromTable(page, trackingNo);
  await expectCallbackAfterRecovery(state, secret, requestId);
  server.close();
  await admin.close();
});

test('the same through Open311 GeoReport v2: posted as a service request, open then closed in requests/{id}.json, signed callback after the receiver comes back', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const { state, server, port } = await startReceiver();
  const admin = await contextAs(browser, 'admin', baseURL!);
  const page = await admin.newPage();
  const { key, secret } = await createClient(page, port);

  const requestId = `GD-311-${Date.now()}`;
  // Form-encoded, as a 12345 system sends it; no Origin header (a server, not a browser).
  const r = await page.request.post('/open311/v2/requests.json', {
    form: {
      api_key: key,
      service_code: 'ZZ01',
      description: '村口有人无证给老人输液，已持续一周。（e2e Open311）',
      'attribute[unlisted_name]': '村口无名诊所（e2e）',
      address_string: '城关镇幸福村村口',
      'attribute[client_request_id]': requestId,
      last_name: '赵',
      first_name: '六',
      phone: '13900000006',
    },
  });
  expect(r.status()).toBe(200);
  const [created] = (await r.json()) as { service_request_id: string }[];
  const trackingNo = created!.service_request_id;
  expect(trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
  const status = async () =>
    ((await (await page.request.get(`/open311/v2/requests/${trackingNo}.json?api_key=${encodeURIComponent(key)}`)).json()) as { status: string }[])[0]!.status;
  expect(await status()).toBe('open');

  await closeFromTable(page, trackingNo);
  expect(await status()).toBe('closed');
  await expectCallbackAfterRecovery(state, secret, requestId);
  server.close();
  await admin.close();
});
