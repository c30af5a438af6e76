// The rectification record page with the report's files: PDF kept, images re-encoded without
// metadata (like complaint photos), other types and oversized files refused with a Chinese
// message (never a 500), the whole body limited as it is read, the files served back in scope.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld, type World } from './world';
import { orderRectification } from '../../../../src/db/rectifications';
import { newRectificationPage, rectificationFile, rectificationPage } from '../../../../src/handlers/admin/rectifications';
import { MAX_ATTACHMENT_BYTES, REPORT_BODY_LIMIT } from '../../../../src/schemas/admin-rectifications';
import type { Actor } from '../../../../src/domain/roles';
import { chinaDate } from '../../../../src/domain/working-days';

useTestDatabase();
let w: World;
let id: number;
const today = chinaDate(new Date());

function ctx(actor: Actor, path: string, params: Record<string, string>, body?: FormData): never {
  const url = new URL('http://127.0.0.1' + path);
  const request = new Request(url, body ? { method: 'POST', body } : {});
  return { url, request, params, locals: { admin: { actor, csrfToken: 't', sessionId: 's' } }, cookies: {} as never, clientAddress: '198.51.100.7' } as never;
}

function reportForm(files: { name: string; bytes: Uint8Array; type: string }[]): FormData {
  const f = new FormData();
  f.set('action', 'submit-report');
  f.set('on', today);
  f.set('reason', '机构提交整改报告');
  f.set('reportText', '已按通知逐项整改');
  for (const file of files) f.append('files', new File([file.bytes as BlobPart], file.name, { type: file.type }));
  return f;
}

beforeAll(async () => {
  w = await makeWorld();
  id = await orderRectification(
    w.admin,
    { institutionId: w.instA, trigger: { kind: 'finding', finding: '消毒记录不全', reference: null }, orderedOn: today, periodDays: 30, items: '补齐消毒登记' },
    today,
    null,
  );
});

describe('the report files', () => {
  it('refuses a file that is not PDF, JPEG or PNG, and one over the size limit, with Chinese messages', async () => {
    const gif = new TextEncoder().encode('GIF89a......');
    const v1 = (await rectificationPage(
      ctx(w.districtA, `/admin/rectifications/${id}`, { id: String(id) }, reportForm([{ name: 'a.gif', bytes: gif, type: 'image/gif' }])),
    )) as {
      status: number;
      errors: string[];
    };
    expect(v1.status).toBe(400);
    expect(v1.errors.join()).toMatch(/只能上传 PDF、JPEG 或 PNG/);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(new TextEncoder().encode('%PDF-1.4'));
    const v2 = (await rectificationPage(
      ctx(w.districtA, `/admin/rectifications/${id}`, { id: String(id) }, reportForm([{ name: 'big.pdf', bytes: big, type: 'application/pdf' }])),
    )) as {
      errors: string[];
    };
    expect(v2.errors.join()).toMatch(/不能超过 5 MB/);
    const [n] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rectification_attachments`;
    expect(n!.n).toBe(0);
  });

  it('stops reading a body over the route limit (no Content-Length) and answers 400, not 500', async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += chunk.byteLength;
        if (sent > REPORT_BODY_LIMIT + 4 * chunk.byteLength) c.close();
        else c.enqueue(chunk);
      },
    });
    const url = new URL(`http://127.0.0.1/admin/rectifications/${id}`);
    const request = new Request(url, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    } as RequestInit);
    const v = (await rectificationPage({
      url,
      request,
      params: { id: String(id) },
      locals: { admin: { actor: w.admin, csrfToken: 't', sessionId: 's' } },
      cookies: {},
      clientAddress: '',
    } as never)) as {
      status: number;
      errors: string[];
    };
    expect(v.status).toBe(400);
    expect(v.errors.join()).toMatch(/提交的内容过大/);
    expect(sent).toBeLessThanOrEqual(REPORT_BODY_LIMIT + 2 * chunk.byteLength);
  });

  it('stores a PDF as sent and a photo re-encoded without EXIF; serves them back only in scope', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n整改报告\n%%EOF');
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#396' } })
      .png()
      .withExif({ IFD0: { Make: 'LeakyCam', Artist: '钱报告 13711112222' } })
      .toBuffer();
    const r = await rectificationPage(
      ctx(
        w.districtA,
        `/admin/rectifications/${id}`,
        { id: String(id) },
        reportForm([
          { name: 'C:\\temp\\整改报告.pdf', bytes: pdf, type: 'application/pdf' },
          { name: '现场照片.png', bytes: photo, type: 'image/png' },
        ]),
      ),
    );
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).headers.get('Location')).toBe(`/admin/rectifications/${id}?done=submit-report`);
    const files = await sql<{ id: number; file_name: string; mime: string; content: Buffer }[]>`
      SELECT id, file_name, mime, content FROM rectification_attachments WHERE rectification_id = ${id} ORDER BY id`;
    expect(files.map((f) => [f.file_name, f.mime])).toEqual([
      ['整改报告.pdf', 'application/pdf'],
      ['现场照片.jpg', 'image/jpeg'],
    ]);
    expect(Buffer.compare(files[0]!.content, Buffer.from(pdf))).toBe(0);
    expect(files[1]!.content.includes('LeakyCam')).toBe(false);
    expect((await sharp(files[1]!.content).metadata()).exif).toBeUndefined();
    const back = await rectificationFile(ctx(w.districtA, '/', { id: String(id), file: String(files[0]!.id) }));
    expect(back.headers.get('Content-Type')).toBe('application/pdf');
    expect(Buffer.compare(Buffer.from(await back.arrayBuffer()), Buffer.from(pdf))).toBe(0);
    expect((await rectificationFile(ctx(w.districtB, '/', { id: String(id), file: String(files[0]!.id) }))).status).toBe(404);
    const view = (await rectificationPage(ctx(w.districtA, `/admin/rectifications/${id}`, { id: String(id) }))) as {
      r: { state: string };
      actions: { action: string }[];
    };
    expect(view.r.state).toBe('report-submitted');
    expect(view.actions.map((a) => a.action)).toEqual(['review-pass', 'review-fail']); // withdrawing is the commission's
  });
});

describe('the 限期整改通知书', () => {
  it('is issued with the order, numbered, listed on the record page; issuing again returns the same document', async () => {
    const form = new URLSearchParams({
      institutionId: String(w.instB),
      trigger: 'finding',
      finding: '未按规定开展院感培训。',
      reference: '',
      items: '开展全员院感培训\n建立培训档案',
      orderedOn: today,
      periodDays: '20',
    });
    const url = new URL('http://127.0.0.1/admin/rectifications/new');
    const request = new Request(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const r = (await newRectificationPage({
      url,
      request,
      params: {},
      locals: { admin: { actor: w.districtB, csrfToken: 't', sessionId: 's' } },
      cookies: {},
      clientAddress: '',
    } as never)) as Response;
    const location = r.headers.get('Location')!;
    expect(location).toMatch(/^\/admin\/rectifications\/\d+\?done=order$/);
    const newId = location.match(/(\d+)\?/)![1]!;
    const docs = await sql<
      { document_no: string; kind: string }[]
    >`SELECT document_no, kind FROM official_documents WHERE subject_kind = 'rectification' AND subject_id = ${newId}`;
    expect(docs).toHaveLength(1);
    expect(docs[0]!.document_no).toMatch(/改〔\d{4}〕\d+号$/);
    const again = new FormData();
    again.set('action', 'issue-notice');
    await rectificationPage(ctx(w.districtB, `/admin/rectifications/${newId}`, { id: newId }, again));
    const view = (await rectificationPage(ctx(w.districtB, `/admin/rectifications/${newId}`, { id: newId }))) as {
      notices: { documentNo: string }[];
      canIssueNotice: boolean;
    };
    expect(view.notices.map((n) => n.documentNo)).toEqual([docs[0]!.document_no]);
    expect(view.canIssueNotice).toBe(false);
  });
});
