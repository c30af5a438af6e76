// Issue 17 item 19: moderation pages 20 at a time, filters by institution and date, and approves
// or hides the ticked comments in one POST, each one audited; a foreign comment refuses the batch.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeWorld, type World } from './world';
import { moderationPage, PAGE_SIZE } from '../../../../src/handlers/admin/moderation';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
let w: World;
const pendingA: number[] = []; // 29 pending comments in township A, oldest first
let pendingB: number;

function ctx(actor: Actor, path: string, body?: URLSearchParams) {
  const url = new URL('http://127.0.0.1' + path);
  const request = new Request(url, {
    method: body ? 'POST' : 'GET',
    ...(body ? { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return {
    url,
    request,
    params: {},
    locals: { admin: { actor, csrfToken: 't', sessionId: 's' } },
    cookies: {} as never,
    clientAddress: '198.51.100.9',
  } as never;
}

type View = Exclude<Awaited<ReturnType<typeof moderationPage>>, Response>;
const view = async (actor: Actor, path: string) => (await moderationPage(ctx(actor, path))) as View;

beforeAll(async () => {
  w = await makeWorld();
  for (let i = 0; i < 29; i++) {
    const day = String(1 + (i % 20)).padStart(2, '0');
    const [r] = await sql<{ id: number }[]>`INSERT INTO ratings (institution_id, stars, comment, comment_status, device_hash, created_at)
      VALUES (${w.instA}, 3, ${'留言内容 ' + i}, '待审核', ${'m' + i}, ${`2025-10-${day}T09:00:00+08:00`}) RETURNING id`;
    pendingA.push(r!.id);
  }
  const [b] = await sql<{ id: number }[]>`INSERT INTO ratings (institution_id, stars, comment, comment_status, device_hash)
    VALUES (${w.instB}, 4, '乙镇的留言', '待审核', 'mb') RETURNING id`;
  pendingB = b!.id;
});

describe('moderation list', () => {
  it('shows 20 a page', async () => {
    expect(PAGE_SIZE).toBe(20);
    const first = await view(w.districtA, '/admin/moderation');
    expect(first.rows).toHaveLength(20);
    expect(first.total).toBe(29);
    const second = await view(w.districtA, '/admin/moderation?page=2');
    expect(second.rows).toHaveLength(9);
  });

  it('filters by institution name or code and by submission date', async () => {
    expect((await view(w.admin, '/admin/moderation?institution=' + encodeURIComponent('乙镇'))).rows.map((r) => r.id)).toEqual([pendingB]);
    expect((await view(w.admin, '/admin/moderation?institution=tstb01')).rows.map((r) => r.id)).toEqual([pendingB]);
    const dated = await view(w.districtA, '/admin/moderation?from=2025-10-01&to=2025-10-02');
    expect(dated.total).toBe(4); // days 1 and 2, each twice among the 29
    expect(dated.counts.待审核).toBe(4);
    const bad = await view(w.districtA, '/admin/moderation?from=2025-13-01');
    expect(bad.errors.join()).toMatch(/提交日期起：日期格式不正确/);
    expect(bad.total).toBe(29);
  });
});

describe('bulk moderation', () => {
  it('approves the ticked comments in one POST, one audit row each', async () => {
    const ids = pendingA.slice(0, 3);
    const body = new URLSearchParams([['op', 'bulk'], ['bulk', 'approve'], ...ids.map((id) => ['ids', String(id)] as [string, string])]);
    const res = await moderationPage(ctx(w.districtA, '/admin/moderation?institution=' + encodeURIComponent('甲镇'), body));
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(303);
    expect((res as Response).headers.get('location')).toMatch(/done=bulk-approve&n=3/);
    expect((res as Response).headers.get('location')).toMatch(/institution=/); // back to the same filter
    const rows = await sql<{ comment_status: string }[]>`SELECT comment_status FROM ratings WHERE id IN ${sql(ids)}`;
    expect(rows.map((r) => r.comment_status)).toEqual(['已公开', '已公开', '已公开']);
    const audit = await sql<{ target_id: string; actor_name: string; ip: string }[]>`
      SELECT target_id, actor_name, ip FROM audit_log WHERE action = 'rating.approve' AND target_id IN ${sql(ids.map(String))} ORDER BY target_id::int`;
    expect(audit).toEqual(ids.map((id) => ({ target_id: String(id), actor_name: 't.district.a', ip: '198.51.100.9' })));
    const done = await view(w.districtA, '/admin/moderation?done=bulk-approve&n=3');
    expect(done.done).toBe('已公开 3 条留言（已自动隐去个人信息）。');
  });

  it('hides the ticked comments only with a reason, audited with it', async () => {
    const ids = pendingA.slice(3, 5);
    const noReason = await moderationPage(
      ctx(
        w.districtA,
        '/admin/moderation',
        new URLSearchParams([
          ['op', 'bulk'],
          ['bulk', 'hide'],
          ['ids', String(ids[0])],
          ['ids', String(ids[1])],
        ]),
      ),
    );
    expect(noReason).toMatchObject({ status: 400 });
    expect((noReason as View).errors.join()).toMatch(/批量隐藏须填写隐藏原因/);
    const res = await moderationPage(
      ctx(
        w.districtA,
        '/admin/moderation',
        new URLSearchParams([
          ['op', 'bulk'],
          ['bulk', 'hide'],
          ['reason', '广告内容'],
          ['ids', String(ids[0])],
          ['ids', String(ids[1])],
        ]),
      ),
    );
    expect((res as Response).status).toBe(303);
    const audit = await sql<{ reason: string }[]>`SELECT reason FROM audit_log WHERE action = 'rating.hide' AND target_id IN ${sql(ids.map(String))}`;
    expect(audit.map((a) => a.reason)).toEqual(['广告内容', '广告内容']);
  });

  it('nothing ticked, or one comment outside the jurisdiction, changes nothing', async () => {
    const none = await moderationPage(
      ctx(
        w.districtA,
        '/admin/moderation',
        new URLSearchParams([
          ['op', 'bulk'],
          ['bulk', 'approve'],
        ]),
      ),
    );
    expect((none as View).errors.join()).toMatch(/请先勾选要处理的留言/);
    const ids = [pendingA[10]!, pendingB];
    const mixed = await moderationPage(
      ctx(
        w.districtA,
        '/admin/moderation',
        new URLSearchParams([
          ['op', 'bulk'],
          ['bulk', 'approve'],
          ['ids', String(ids[0])],
          ['ids', String(ids[1])],
        ]),
      ),
    );
    expect(mixed).toMatchObject({ status: 404 });
    const rows = await sql<{ comment_status: string }[]>`SELECT comment_status FROM ratings WHERE id IN ${sql(ids)}`;
    expect(rows.map((r) => r.comment_status)).toEqual(['待审核', '待审核']);
    const [n] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'rating.approve' AND target_id = ${String(ids[0])}`;
    expect(n!.n).toBe(0);
  });

  it('a viewer cannot moderate', async () => {
    await expect(moderationPage(ctx(w.viewer, '/admin/moderation'))).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
