// Issue 18 item 2 (done when): with PII_CIPHER=sm4 a new complaint stores SM4 values (raw column:
// version 2, algorithm tag 0x02, the newest key id); old AES rows still read; `npm run pii:rotate`
// converts them all (0 old left) in batches and a second run has nothing to do; the personal-data
// purge never removes audit rows.
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql, runScript } from '../../support/db';
import { legacyAesValue } from '../../support/legacy-pii';
import { CookieJar, contextFor, formPost, freshIp, seedInstitutions } from '../handlers/intake/support';

const OLD_KEY = crypto.randomBytes(32);
const NEW_KEY = crypto.randomBytes(32);
process.env['PII_KEY'] = OLD_KEY.toString('base64');
process.env['PII_KEYS'] = NEW_KEY.toString('base64');
process.env['PII_CIPHER'] = 'sm4';

const { complaintPage } = await import('../../../src/handlers/intake/complaint');
const { issueFormToken } = await import('../../../src/server/csrf');
const { decrypt, describeStored, needsRotation } = await import('../../../src/server/pii-crypto');
const { countPending } = await import('../../../src/db/pii-rotate');
const { purgeClosedPersonalData } = await import('../../../src/db/complaints-write');
const { verifyAuditChain } = await import('../../../src/server/audit-chain');

const db = useTestDatabase();
const idOf = (k: Buffer) => crypto.createHash('sha256').update(k).digest().subarray(0, 4).toString('hex');
let clinicCode = '';

const rotate = (...args: string[]) => runScript('pii-rotate.ts', db.url(), args);

/** Old rows as the platform wrote them before: AES-256-GCM, format 1, the old key. */
async function insertLegacy(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await sql`
      INSERT INTO complaints (tracking_no, query_code_hash, institution_id, region_code, category, subcategory, description, anonymous,
                              complainant_name_enc, complainant_phone_enc, complainant_email_enc, accept_due, close_due)
      SELECT ${`9${String(i).padStart(11, '0')}`}, 'x', id, region_code, '信息公示', '未按规定公示', '旧记录', false,
             ${legacyAesValue(`旧姓名${i}`, 'complainant_name', OLD_KEY)}, ${legacyAesValue(`1390000000${i}`, 'complainant_phone', OLD_KEY)},
             ${i % 2 ? legacyAesValue(`old${i}@example.cn`, 'complainant_email', OLD_KEY) : null}, current_date, current_date + 30
        FROM institutions WHERE code = ${clinicCode}`;
  }
  await sql`INSERT INTO api_clients (name, channel, key_prefix, key_hash, callback_url, callback_secret_enc)
            VALUES ('12345热线', '12345', 'AbCd1234', 'hash1', 'https://example.cn/cb', ${legacyAesValue('callback-secret', 'callback_secret', OLD_KEY)})`;
}

beforeAll(async () => {
  ({
    clinic: { code: clinicCode },
  } = await seedInstitutions());
  await insertLegacy(7);
});

describe('SM4 for new complaints', () => {
  it('a complaint filed through the form stores SM4 values under the newest key', async () => {
    const jar = new CookieJar();
    const token = issueFormToken(jar.asCookies(), 'complaint', Date.now() - 10_000);
    const fields = {
      _token: token,
      website: '',
      institutionCode: clinicCode,
      category: '违规诊疗',
      subcategory: 'ZL04',
      description: '一个感冒做了三项检查，收费八百元。',
      occurredOn: '2025-05-01',
      anonymous: '0',
      name: '钱新',
      phone: '13711112222',
    };
    await complaintPage(contextFor(formPost('/complaints/new', fields), { cookies: jar, ip: freshIp() }) as never);
    const [row] = await sql<{ n: Uint8Array; p: Uint8Array }[]>`
      SELECT complainant_name_enc AS n, complainant_phone_enc AS p FROM complaints WHERE description LIKE '一个感冒%'`;
    expect(row, 'the complaint was stored').toBeDefined();
    for (const v of [row!.n, row!.p]) {
      expect(v[0]).toBe(2); // format version
      expect(v[1]).toBe(0x02); // SM4-CTR + HMAC-SM3
      expect(Buffer.from(v.subarray(2, 6)).toString('hex')).toBe(idOf(NEW_KEY));
    }
    expect(decrypt(row!.n, 'complainant_name')).toBe('钱新');
  });
});

describe('npm run pii:rotate', () => {
  it('old AES rows read before the rotation', async () => {
    const rows = await sql<{ n: Uint8Array }[]>`SELECT complainant_name_enc AS n FROM complaints WHERE description = '旧记录' ORDER BY id`;
    expect(rows.map((r) => describeStored(r.n).version)).toEqual(Array(7).fill(1));
    expect(decrypt(rows[0]!.n, 'complainant_name')).toBe('旧姓名0');
  });

  it('--dry-run counts without changing', async () => {
    const r = rotate('--dry-run');
    expect(r.out).toContain('（试运行）需要重新加密：complaints 17 个字段，api_clients 1 个字段');
    expect(r.code).toBe(0);
    expect(Object.values(await countPending(needsRotation)).reduce((a, b) => a + b)).toBe(18);
  });

  it('converts every old value in small batches, leaves none, and reads them all back; a second run has nothing to do', async () => {
    const r = rotate('--batch', '10');
    expect(r.out).toContain('仍为旧格式或旧密钥的字段：0 个');
    expect(r.code).toBe(0);
    expect(await countPending(needsRotation)).toEqual({
      'complaints.complainant_name_enc': 0,
      'complaints.complainant_phone_enc': 0,
      'complaints.complainant_email_enc': 0,
      'api_clients.callback_secret_enc': 0,
    });
    const rows = await sql<{ n: Uint8Array; p: Uint8Array; e: Uint8Array | null }[]>`
      SELECT complainant_name_enc AS n, complainant_phone_enc AS p, complainant_email_enc AS e FROM complaints WHERE description = '旧记录' ORDER BY id`;
    rows.forEach((row, i) => {
      expect(describeStored(row.n)).toEqual({ version: 2, cipher: 'sm4', keyId: idOf(NEW_KEY) });
      expect(decrypt(row.n, 'complainant_name')).toBe(`旧姓名${i}`);
      expect(decrypt(row.p, 'complainant_phone')).toBe(`1390000000${i}`);
      if (row.e) expect(decrypt(row.e, 'complainant_email')).toBe(`old${i}@example.cn`);
    });
    const [client] = await sql<{ s: Uint8Array }[]>`SELECT callback_secret_enc AS s FROM api_clients`;
    expect(decrypt(client!.s, 'callback_secret')).toBe('callback-secret');
    const [audit] = await sql`SELECT detail FROM audit_log WHERE action = 'pii.rotate' ORDER BY id DESC LIMIT 1`;
    expect(audit!['detail']).toMatchObject({ complaints: 17, api_clients: 1, left: 0, cipher: 'sm4' });
    const again = rotate();
    expect(again.out).toContain('complaints 0 个字段，api_clients 0 个字段');
  });

  it('refuses a bad --batch in Chinese', () => {
    const r = rotate('--batch', '0');
    expect(r.code).toBe(1);
    expect(r.out).toContain('--batch 必须是 10 到 10000 之间的整数');
  });
});

describe('retention: the personal-data purge never shortens the audit log', () => {
  it('purging closed complaints removes their names and keeps every audit row and the chain', async () => {
    await sql`UPDATE complaints SET status = '已受理' WHERE description = '旧记录'`;
    await sql`UPDATE complaints SET status = '调查中' WHERE description = '旧记录'`;
    await sql`UPDATE complaints SET status = '已办结', outcome = '查实', findings = '属实', feedback = '经查属实，已处理。' WHERE description = '旧记录'`;
    await sql`UPDATE complaints SET closed_at = now() - interval '400 days' WHERE description = '旧记录'`;
    const before = await sql<{ id: string }[]>`SELECT a.id::text FROM audit_log a ORDER BY a.id`;
    expect(before.length).toBeGreaterThan(0);
    expect(await purgeClosedPersonalData(365)).toBe(7);
    const after = await sql<{ id: string }[]>`SELECT a.id::text FROM audit_log a ORDER BY a.id`;
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
