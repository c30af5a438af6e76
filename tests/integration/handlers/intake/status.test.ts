import { describe, expect, it, beforeAll } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { complaintApi } from '../../../../src/handlers/intake/complaint';
import { statusPage, NOT_FOUND_MESSAGE } from '../../../../src/handlers/intake/status';
import { issueFormToken } from '../../../../src/server/csrf';
import { COMPLAINT_EXAMPLE } from '../../../../src/handlers/intake/openapi';
import { CookieJar, contextFor, formPost, freshIp, get, jsonPost, seedInstitutions } from './support';

useTestDatabase();
let clinic: { code: string };
let anonymous: { trackingNo: string; queryCode: string };
let realName: { trackingNo: string; queryCode: string };

async function file(body: unknown) {
  const r = await complaintApi(contextFor(jsonPost('/api/complaints', body), { ip: freshIp() }) as never);
  return (await r.json()) as { trackingNo: string; queryCode: string };
}

/** Walk a complaint through the workflow as the supervisor area would (the 0002 trigger allows these steps). */
async function close(trackingNo: string, outcome: string, feedback: string) {
  const no = trackingNo.replace(/-/g, '');
  await sql`UPDATE complaints SET status = '已受理' WHERE tracking_no = ${no}`;
  await sql`UPDATE complaints SET status = '调查中' WHERE tracking_no = ${no}`;
  await sql`UPDATE complaints SET status = '已办结', outcome = ${outcome}, findings = '现场检查属实。', feedback = ${feedback} WHERE tracking_no = ${no}`;
  await sql`INSERT INTO complaint_events (complaint_id, action, from_status, to_status)
            SELECT id, 'close', '调查中', '已办结' FROM complaints WHERE tracking_no = ${no}`;
}

beforeAll(async () => {
  ({ clinic } = await seedInstitutions());
  anonymous = await file(COMPLAINT_EXAMPLE);
  realName = await file({
    institutionCode: clinic.code,
    category: '信息公示',
    description: '诊所没有公示收费价格。',
    anonymous: false,
    name: '钱查询',
    phone: '13622223333',
  });
  await close(anonymous.trackingNo, '查实', '匿名的反馈不应显示');
  await close(realName.trackingNo, '部分查实', '已责令该诊所限期公示价格，并依法给予警告。');
});

async function lookUp(trackingNo: string, queryCode: string, ip = freshIp()) {
  const jar = new CookieJar();
  const token = issueFormToken(jar.asCookies(), 'status');
  return statusPage(contextFor(formPost('/complaints/status', { _token: token, trackingNo, queryCode }), { cookies: jar, ip }) as never);
}

describe('complaint status page', () => {
  it('shows a real-name complainant the outcome and the feedback', async () => {
    const r = await lookUp(realName.trackingNo, realName.queryCode.toLowerCase());
    expect(r.status).toBe(200);
    expect(r.state.view).toMatchObject({
      trackingNo: realName.trackingNo,
      status: '已办结',
      institutionName: '测试县幸福诊所',
      outcome: '部分查实',
      feedback: '已责令该诊所限期公示价格，并依法给予警告。',
      anonymous: false,
    });
    expect(r.state.view!.acceptDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.state.view!.history.map((h) => h.status)).toEqual(['待受理', '已办结']);
    expect(JSON.stringify(r.state)).not.toMatch(/钱查询|13622223333|现场检查属实/);
  });

  it('shows an anonymous complainant the progress but not the outcome', async () => {
    const r = await lookUp(anonymous.trackingNo, anonymous.queryCode);
    expect(r.state.view).toMatchObject({ status: '已办结', anonymous: true, outcome: null, feedback: null });
    expect(JSON.stringify(r.state)).not.toContain('匿名的反馈不应显示');
  });

  it('gives a wrong code and an unknown number exactly the same answer', async () => {
    const wrongCode = await lookUp(realName.trackingNo, 'ABCD-EFGH');
    const digits = realName.trackingNo.replace(/-/g, '');
    // Another valid-looking number: change the year digits and fix the check digit.
    const { dammCheckDigit } = await import('../../../../src/domain/tracking-number');
    const body = '19' + digits.slice(2, 11);
    const unknown = await lookUp(body + dammCheckDigit(body), realName.queryCode);
    const malformedCode = await lookUp(realName.trackingNo, '??');
    for (const r of [wrongCode, unknown, malformedCode]) {
      expect(r.status).toBe(404);
      expect(r.state.message).toBe(NOT_FOUND_MESSAGE);
      expect(r.state.view).toBeNull();
    }
  });

  it('explains a mistyped number without looking anything up', async () => {
    const typo = realName.trackingNo.slice(0, -1) + String((Number(realName.trackingNo.slice(-1)) + 1) % 10);
    const r = await lookUp(typo, realName.queryCode);
    expect(r.status).toBe(400);
    expect(r.state.errors['trackingNo']).toBe('受理编号：受理编号有误，请逐位核对');
  });

  it('limits attempts per tracking number, whatever the address', async () => {
    const fresh = await file(COMPLAINT_EXAMPLE);
    const target = fresh.trackingNo;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await lookUp(target, 'WRNG-CODE', freshIp())).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right code is refused until the window ends.
    expect((await lookUp(target, fresh.queryCode, freshIp())).status).toBe(429);
  });

  it('prefills the number from ?no= and refuses a post without its token', async () => {
    const r = await statusPage(contextFor(get('/complaints/status?no=2612-3456-7890')) as never);
    expect(r.state.values.trackingNo).toBe('2612-3456-7890');
    const forged = await statusPage(
      contextFor(formPost('/complaints/status', { _token: 'v1.1.2.3', trackingNo: realName.trackingNo, queryCode: realName.queryCode })) as never,
    );
    expect(forged.status).toBe(403);
  });
});
