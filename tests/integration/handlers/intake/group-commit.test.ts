import { describe, expect, it, beforeAll } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { insertComplaint, TrackingNumberTaken, type NewComplaint, type SaveResult } from '../../../../src/db/complaints-write';
import { newTrackingNumber } from '../../../../src/domain/tracking-number';
import { encrypt, decrypt } from '../../../../src/server/pii-crypto';
import { seedInstitutions } from './support';

// Group commit (src/db/complaints-write.ts): complaints saved at the same moment share one
// statement and one transaction, each answered only after that COMMIT; a batch the database
// refuses is retried complaint by complaint so only the faulty one fails.

useTestDatabase();
let clinic: { id: number; code: string };

beforeAll(async () => {
  ({ clinic } = await seedInstitutions());
});

function complaint(overrides: Partial<NewComplaint> = {}): NewComplaint {
  return {
    trackingNo: newTrackingNumber(2026),
    queryCodeHash: 'hash',
    channel: 'api',
    institutionCode: null,
    unlistedName: '无牌诊所（测试）',
    unlistedAddress: '幸福路1号',
    regionCode: null,
    category: '执业资质',
    subcategory: null,
    description: '同时提交的投诉。',
    occurredOn: '2026-11-01',
    anonymous: true,
    nameEnc: null,
    phoneEnc: null,
    receivedAt: new Date(),
    acceptDue: '2026-12-01',
    closeDue: '2027-01-20',
    ...overrides,
  };
}

const ids = (results: SaveResult[]) => results.map((r) => (r.kind === 'created' ? r.id : -1));

describe('group commit of complaints', () => {
  it('saves complaints submitted together in a few transactions, each with its history and outbox row', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => insertComplaint(complaint({ description: `第${i}件` }), [], null)));
    const created = ids(results);
    expect(created.every((id) => id > 0)).toBe(true);
    expect(new Set(created).size).toBe(40);
    // Rows written by one transaction share its xmin: far fewer transactions than complaints.
    const [tx] = await sql`SELECT count(DISTINCT xmin::text)::int AS n FROM complaints WHERE id = ANY(${created}::bigint[])`;
    expect(tx!['n']).toBeLessThanOrEqual(5);
    const [events] = await sql`SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = ANY(${created}::bigint[])`;
    const [outbox] = await sql`SELECT count(*)::int AS n FROM outbox WHERE (payload->>'complaintId')::bigint = ANY(${created}::bigint[])`;
    expect([events!['n'], outbox!['n']]).toEqual([40, 40]);
    // Each answer belongs to its own complaint.
    const rows = await sql<{ id: number; description: string }[]>`SELECT id, description FROM complaints WHERE id = ANY(${created}::bigint[])`;
    const byId = new Map(rows.map((r) => [r.id, r.description]));
    created.forEach((id, i) => expect(byId.get(id)).toBe(`第${i}件`));
  });

  it('keeps each complaint’s own institution, personal data and idempotency answer within a batch', async () => {
    const batch = [
      complaint({
        institutionCode: clinic.code,
        unlistedName: null,
        unlistedAddress: null,
        anonymous: false,
        nameEnc: encrypt('甲', 'complainant_name'),
        phoneEnc: encrypt('13900000001', 'complainant_phone'),
      }),
      complaint({ institutionCode: 'NOSUCH01', unlistedName: null, unlistedAddress: null }),
      complaint(),
    ];
    const answers = batch.map((c, i) => ({
      key: `test:group:${i}:${Date.now()}`,
      scope: 'complaint',
      answer: { trackingNo: c.trackingNo, requestHash: `h${i}` },
    }));
    const first = await Promise.all([insertComplaint(complaint(), [], null), ...batch.map((c, i) => insertComplaint(c, [], answers[i]!))]);
    expect(first.map((r) => r.kind)).toEqual(['created', 'created', 'institution_unknown', 'created']);
    const [real] = await sql`SELECT institution_id, complainant_name_enc, complainant_phone_enc FROM complaints WHERE tracking_no = ${batch[0]!.trackingNo}`;
    expect(real!['institution_id']).toBe(clinic.id);
    expect(decrypt(real!['complainant_name_enc'] as Buffer, 'complainant_name')).toBe('甲');
    expect(decrypt(real!['complainant_phone_enc'] as Buffer, 'complainant_phone')).toBe('13900000001');
    // The unknown institution claimed no key; the others replay their own answer.
    const again = await Promise.all(batch.map((c, i) => insertComplaint({ ...c, trackingNo: newTrackingNumber(2026) }, [], answers[i]!)));
    expect(again[1]!.kind).toBe('institution_unknown');
    for (const i of [0, 2]) {
      const r = again[i]!;
      expect(r.kind).toBe('existing');
      if (r.kind === 'existing') expect(r.stored.response).toMatchObject({ trackingNo: batch[i]!.trackingNo, requestHash: `h${i}` });
    }
  });

  it('fails only the complaint whose tracking number is taken when its batch is refused', async () => {
    const taken = newTrackingNumber(2026);
    expect((await insertComplaint(complaint({ trackingNo: taken }), [], null)).kind).toBe('created');
    const settled = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => insertComplaint(complaint(i === 7 ? { trackingNo: taken } : {}), [], null)));
    expect(settled.map((s) => s.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
    expect((settled[7] as PromiseRejectedResult).reason).toBeInstanceOf(TrackingNumberTaken);
    const [row] = await sql`SELECT count(*)::int AS n FROM complaints WHERE tracking_no = ${taken}`;
    expect(row!['n']).toBe(1);
  });
});
