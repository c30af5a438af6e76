// "Fast with thousands of complaints": 20,000 complaints over 40 townships, and the intake table's
// queries (page + counts per status, with the jurisdiction in the SQL) stay well under a second.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { makeSupervisor } from './world';
import { listComplaints, getComplaint, exportComplaints, type ComplaintFilter } from '../../../../src/db/admin-complaints-read';
import type { Actor } from '../../../../src/domain/roles';

useTestDatabase();
const N = 20_000;
let admin: Actor;
let district: Actor;
const TODAY = '2025-10-09';
const SUNDAY = '2025-10-12';

beforeAll(async () => {
  await sql`INSERT INTO regions (code, name, level) VALUES ('419901', '示范县', 3)`;
  await sql`INSERT INTO regions (code, name, level, parent_code)
            SELECT '419901' || lpad(g::text, 3, '0'), '第' || g || '镇', 4, '419901' FROM generate_series(1, 40) g`;
  await sql`INSERT INTO institutions (code, registration_no, name, region_code)
            SELECT 'SC' || lpad(g::text, 5, '0'), 'REG' || g, '规模测试诊所' || g, '419901' || lpad((1 + g % 40)::text, 3, '0')
              FROM generate_series(1, 2000) g`;
  await sql`INSERT INTO complaints (tracking_no, query_code_hash, institution_id, category, description, anonymous, status, outcome,
                                    reject_reason, received_at, accept_due, close_due)
            SELECT 'S' || g, 'x', 1 + g % 2000, (ARRAY['执业资质','违规诊疗','院感防控','信息公示'])[1 + g % 4], '规模测试投诉 ' || g, true,
                   (ARRAY['待受理','已受理','调查中','已办结','不予受理'])[1 + g % 5],
                   CASE WHEN g % 5 = 3 THEN '查实' END, CASE WHEN g % 5 = 4 THEN '重复提交' END,
                   timestamptz '2025-01-01 08:00+08' + (g % 280) * interval '1 day',
                   date '2025-01-04' + (g % 280), date '2025-01-20' + (g % 280)
              FROM generate_series(1, ${N}) g`;
  await sql`ANALYZE`;
  admin = await makeSupervisor('scale.admin', 'admin');
  district = await makeSupervisor('scale.district', 'district', ['419901007']);
}, 120_000);

const base: ComplaintFilter = { sort: 'received', dir: 'desc', page: 1, pageSize: 50 };

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  await fn(); // warm
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

describe(`the intake table with ${N.toLocaleString('en')} complaints`, () => {
  const cases: [string, Partial<ComplaintFilter>][] = [
    ['first page, all', {}],
    ['status 待受理, sorted by acceptance due date', { status: '待受理', sort: 'accept_due', dir: 'asc' }],
    ['overdue only', { overdue: true }],
    ['category + date range', { category: '院感防控', receivedFrom: '2025-03-01', receivedTo: '2025-06-30' }],
    ['institution name search', { institution: '诊所12' }],
    ['district filter (a township)', { region: '419901012' }],
    ['page 200', { page: 200 }],
    ['sorted by institution', { sort: 'institution', dir: 'asc' }],
  ];
  for (const [name, f] of cases) {
    it(`${name}: admin and district each under 500 ms`, async () => {
      const a = await timed(() => listComplaints(admin, { ...base, ...f }, TODAY, SUNDAY));
      const d = await timed(() => listComplaints(district, { ...base, ...f }, TODAY, SUNDAY));
      console.log(`  ${name}: admin ${a.ms.toFixed(1)} ms (${a.value.total} rows), district ${d.ms.toFixed(1)} ms (${d.value.total} rows)`);
      expect(a.ms).toBeLessThan(500);
      expect(d.ms).toBeLessThan(500);
      expect(d.value.total).toBeLessThanOrEqual(a.value.total);
    });
  }

  it('the district sees exactly its township’s complaints', async () => {
    const all = await listComplaints(admin, { ...base, region: '419901007' }, TODAY, SUNDAY);
    const mine = await listComplaints(district, base, TODAY, SUNDAY);
    expect(mine.total).toBe(all.total);
    expect(mine.total).toBe(N / 40);
  });

  it('one complaint page and a full export of a district stay fast', async () => {
    const one = await timed(() => getComplaint(district, 7 * 1, TODAY));
    const exp = await timed(() => exportComplaints(district, base, TODAY, SUNDAY, 20_000));
    console.log(`  complaint page ${one.ms.toFixed(1)} ms; district export ${exp.value.length} rows ${exp.ms.toFixed(1)} ms`);
    expect(one.ms).toBeLessThan(200);
    expect(exp.ms).toBeLessThan(2000);
  });
});
