// 好差评 through the real handlers and PostgreSQL: the status page's review form and the JSON API,
// authenticated by tracking number + query code; the refusals (open complaint, after 30 days,
// wrong query code); versions, follow-ups, the supervisor's answer and what the complainant sees.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { complaintApi } from '../../../../src/handlers/intake/complaint';
import { statusPage, NOT_FOUND_MESSAGE } from '../../../../src/handlers/intake/status';
import { satisfactionApi } from '../../../../src/handlers/intake/status';
import { recordSatisfactionFollowUp } from '../../../../src/db/complaint-satisfaction';
import { issueFormToken } from '../../../../src/server/csrf';
import { followUpDueDate } from '../../../../src/domain/complaint-satisfaction';
import { chinaDate } from '../../../../src/domain/working-days';
import { makeSupervisor } from '../admin/world';
import { CookieJar, contextFor, formPost, freshIp, jsonPost, seedInstitutions } from './support';

useTestDatabase();
let clinic: { code: string };

interface Filed {
  trackingNo: string;
  queryCode: string;
  id: number;
}

async function file(anonymous: boolean): Promise<Filed> {
  const body = anonymous
    ? { institutionCode: clinic.code, category: '信息公示', description: '诊所没有公示收费价格。', anonymous: true }
    : { institutionCode: clinic.code, category: '信息公示', description: '诊所没有公示收费价格。', anonymous: false, name: '钱评价', phone: '13622224444' };
  const r = await complaintApi(contextFor(jsonPost('/api/complaints', body), { ip: freshIp() }) as never);
  const { trackingNo, queryCode } = (await r.json()) as { trackingNo: string; queryCode: string };
  const [row] = await sql<{ id: number }[]>`SELECT id::int AS id FROM complaints WHERE tracking_no = ${trackingNo.replace(/-/g, '')}`;
  return { trackingNo, queryCode, id: row!.id };
}

async function close(c: Filed) {
  await sql`UPDATE complaints SET status = '已受理' WHERE id = ${c.id}`;
  await sql`UPDATE complaints SET status = '调查中' WHERE id = ${c.id}`;
  await sql`UPDATE complaints SET status = '已办结', outcome = '查实', findings = '现场检查属实。', feedback = '已责令整改。' WHERE id = ${c.id}`;
}

async function review(c: Pick<Filed, 'trackingNo' | 'queryCode'>, fields: Record<string, string>) {
  const jar = new CookieJar();
  const token = issueFormToken(jar.asCookies(), 'status');
  return statusPage(
    contextFor(formPost('/complaints/status', { _token: token, op: 'review', trackingNo: c.trackingNo, queryCode: c.queryCode, ...fields }), {
      cookies: jar,
      ip: freshIp(),
    }) as never,
  );
}

const reviews = async (id: number) =>
  sql<
    { version: number; level: string; reasons: string[] }[]
  >`SELECT version, level, reasons FROM complaint_satisfaction_reviews WHERE complaint_id = ${id} ORDER BY version`;

beforeAll(async () => {
  ({ clinic } = await seedInstitutions());
  await sql`INSERT INTO regions (code, name, level) VALUES ('419902', '邻县', 3)`;
});

describe('rating the handling of a complaint (好差评)', () => {
  it('refuses a review of an open complaint with a clear message, and writes nothing', async () => {
    const c = await file(false);
    const r = await review(c, { level: '满意' });
    expect(r.status).toBe(409);
    expect(r.state.review).toMatchObject({ ok: false, message: '这件投诉目前“待受理”，办结后才能评价办理情况。' });
    expect(r.state.view?.satisfaction.canReview).toBe(false);
    expect(await reviews(c.id)).toHaveLength(0);
  });

  it('refuses a review after the 30 days, naming the dates', async () => {
    const c = await file(true);
    await close(c);
    await sql`UPDATE complaints SET closed_at = now() - interval '31 days' WHERE id = ${c.id}`;
    const r = await review(c, { level: '不满意', reason_0: '1' });
    expect(r.status).toBe(409);
    expect(r.state.review?.message).toMatch(
      /^评价期限已过：投诉于 \d{4}-\d{2}-\d{2} 办结，办结后 30 天内（\d{4}-\d{2}-\d{2} 前）可以评价，现已不能评价或修改。$/,
    );
    expect(r.state.view?.satisfaction).toMatchObject({ canReview: false });
    expect(await reviews(c.id)).toHaveLength(0);
  });

  it('refuses a review with another query code exactly as the status lookup does', async () => {
    const c = await file(false);
    await close(c);
    const r = await review({ trackingNo: c.trackingNo, queryCode: 'ABCD-EFGH' }, { level: '非常不满意' });
    expect(r.status).toBe(404);
    expect(r.state.message).toBe(NOT_FOUND_MESSAGE);
    expect(r.state.view).toBeNull();
    const api = await satisfactionApi(
      contextFor(jsonPost('/api/complaint-satisfaction', { trackingNo: c.trackingNo, queryCode: 'ABCD-EFGH', level: '满意' }), { ip: freshIp() }) as never,
    );
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: string }).error).toBe(NOT_FOUND_MESSAGE);
    expect(await reviews(c.id)).toHaveLength(0);
  });

  it('explains a missing level and a reason that is not on the list', async () => {
    const c = await file(false);
    await close(c);
    const r = await review(c, {});
    expect(r.status).toBe(400);
    expect(r.state.review?.errors['level']).toMatch(/^评价：请选择评价/);
    const api = await satisfactionApi(
      contextFor(jsonPost('/api/complaint-satisfaction', { trackingNo: c.trackingNo, queryCode: c.queryCode, level: '满意', reasons: ['太贵了'] }), {
        ip: freshIp(),
      }) as never,
    );
    expect(api.status).toBe(400);
    expect(((await api.json()) as { fieldErrors: Record<string, string> }).fieldErrors['reasons']).toMatch(/^评价原因：原因只能从以下选择/);
  });

  it('records a bad review, opens the follow-up with its working-day deadline, keeps every version, and shows the answer', async () => {
    const c = await file(false);
    await close(c);
    const r = await review(c, { level: '不满意', reason_0: '1', comment: '等了很久。' });
    expect(r.status).toBe(200);
    const due = followUpDueDate(chinaDate(new Date()));
    expect(r.state.review?.message).toContain(`${due} 前`);
    expect(r.state.view?.satisfaction).toMatchObject({
      canReview: true,
      current: { level: '不满意', reasons: ['处理不及时'], comment: '等了很久。', versions: 1 },
      followUp: { dueOn: due, closedAt: null, result: null },
    });
    // A change is a new version; a second bad one joins the open follow-up.
    const api = await satisfactionApi(
      contextFor(jsonPost('/api/complaint-satisfaction', { trackingNo: c.trackingNo, queryCode: c.queryCode, level: '非常不满意', reasons: ['未解决问题'] }), {
        ip: freshIp(),
      }) as never,
    );
    expect(api.status).toBe(201);
    expect(await api.json()).toMatchObject({ version: 2, level: '非常不满意', followUpDue: null });
    expect((await reviews(c.id)).map((v) => [v.version, v.level])).toEqual([
      [1, '不满意'],
      [2, '非常不满意'],
    ]);
    const [f] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM complaint_satisfaction_follow_ups WHERE complaint_id = ${c.id}`;
    expect(f!.n).toBe(1);

    // Nobody edits or deletes a review.
    await expect(sql`UPDATE complaint_satisfaction_reviews SET level = '满意' WHERE complaint_id = ${c.id}`).rejects.toThrow(/不得删除或修改/);
    await expect(sql`DELETE FROM complaint_satisfaction_reviews WHERE complaint_id = ${c.id}`).rejects.toThrow(/不得删除或修改/);

    // Only a supervisor of the district (or an administrator) answers it.
    const here = await makeSupervisor('s.here', 'district', ['419901']);
    const elsewhere = await makeSupervisor('s.elsewhere', 'district', ['419902']);
    const viewer = await makeSupervisor('s.viewer', 'viewer');
    const answer = { verification: '属实' as const, findings: '回访核实，反馈确实不及时。', result: '已督促诊所当日公示价格，并向您致歉。' };
    await expect(recordSatisfactionFollowUp(elsewhere, c.id, answer, null)).rejects.toThrow(/不在您的辖区内/);
    await expect(recordSatisfactionFollowUp(viewer, c.id, answer, null)).rejects.toThrow();
    await recordSatisfactionFollowUp(here, c.id, answer, '192.0.2.9');
    await expect(recordSatisfactionFollowUp(here, c.id, answer, null)).rejects.toThrow(/没有待办的差评核实/);
    await expect(sql`UPDATE complaint_satisfaction_follow_ups SET result = '改写' WHERE complaint_id = ${c.id}`).rejects.toThrow(/不能再修改/);

    const jar = new CookieJar();
    const token = issueFormToken(jar.asCookies(), 'status');
    const seen = await statusPage(
      contextFor(formPost('/complaints/status', { _token: token, trackingNo: c.trackingNo, queryCode: c.queryCode }), { cookies: jar, ip: freshIp() }) as never,
    );
    expect(seen.state.view?.satisfaction.followUp).toMatchObject({ resolution: '已整改', result: '已督促诊所当日公示价格，并向您致歉。' });

    const audit = await sql<{ action: string; actorName: string | null }[]>`
      SELECT action, actor_name AS "actorName" FROM audit_log WHERE target_kind = 'complaint' AND target_id = ${String(c.id)} AND action LIKE 'complaint.satisfaction%' ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual([
      'complaint.satisfaction_review',
      'complaint.satisfaction_follow_up_open',
      'complaint.satisfaction_review',
      'complaint.satisfaction_follow_up',
    ]);
    expect(audit[0]!.actorName).toBe('投诉人（凭查询码）');
    expect(audit[3]!.actorName).toBe('s.here');
  });

  it('lets an anonymous complainant rate, and shows them that the follow-up was done but not its text', async () => {
    const c = await file(true);
    await close(c);
    expect((await review(c, { level: '非常不满意', reason_3: '1' })).status).toBe(200);
    const admin = await makeSupervisor('s.admin', 'admin');
    await recordSatisfactionFollowUp(admin, c.id, { verification: '不属实', findings: '复查办理过程。', result: '经复查，办理符合规定。' }, null);
    const r = await review(c, { level: '基本满意' });
    expect(r.state.view?.satisfaction.current).toMatchObject({ level: '基本满意', versions: 2 });
    expect(r.state.view?.satisfaction.followUp).toMatchObject({ resolution: '已解释说明', result: null });
    expect(JSON.stringify(r.state)).not.toContain('经复查，办理符合规定。');
  });
});
