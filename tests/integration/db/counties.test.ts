// Several counties on one deployment (issue 16 item 3, migration 0018) against PostgreSQL: an
// administrator with a county assigned is a county administrator — scoped in SQL like a district
// account on every main read path (complaints, institutions, documents, accounts) and in the
// admin-only actions (accounts, county settings) — while an administrator without a region (the
// province administrator) sees and manages all. Notices are numbered per county.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeComplaint, makeSupervisor, PASSWORD } from '../handlers/admin/world';
import { listComplaints } from '../../../src/db/admin-complaints-read';
import { getInstitutionByCode } from '../../../src/db/institution-admin';
import { issueDocument, listDocuments } from '../../../src/db/documents';
import { createSupervisor, listSupervisors, setSupervisorActive } from '../../../src/db/supervisors';
import { countiesInScope, countyOfInstitution, listCounties, saveCountySettings } from '../../../src/db/counties';
import { hashPassword } from '../../../src/server/auth';
import { loadInstitutionsByIds } from '../../../src/db/public-read';
import { disclosureBoard, indexRegions } from '../../../src/domain/disclosure-board';
import type { Actor } from '../../../src/domain/roles';
import type { CountySettingsInput } from '../../../src/schemas/admin-counties';
import type { ComplaintFilter } from '../../../src/db/admin-complaints-read';

useTestDatabase();

const A = '419921';
const B = '419922';
const settings = (name: string, abbr: string): CountySettingsInput => ({
  commissionName: `${name}卫生健康委员会`,
  supervisingUnit: `${name}卫生健康综合监督执法大队`,
  complaintPhone: '0399-60001234',
  contactPhone: null,
  contactAddress: null,
  documentAbbr: abbr,
});

let province: Actor;
let adminA: Actor;
let adminB: Actor;
let districtB: Actor;
let instA: number;
let instB: number;

beforeAll(async () => {
  await sql`INSERT INTO regions (code, name, level) VALUES ('419900', '样例市', 2)`;
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES (${A}, '样例县', 3, '419900'), (${B}, '示范县', 3, '419900')`;
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES (${A + '001'}, '甲街道', 4, ${A}), (${B + '100'}, '乙镇', 4, ${B})`;
  const [a] = await sql<{ id: number }[]>`
    INSERT INTO institutions (code, registration_no, name, region_code) VALUES ('CTYA01', 'REG-CA', '样例县甲街道诊所', ${A + '001'}) RETURNING id`;
  const [b] = await sql<{ id: number }[]>`
    INSERT INTO institutions (code, registration_no, name, region_code) VALUES ('CTYB01', 'REG-CB', '示范县乙镇卫生院', ${B + '100'}) RETURNING id`;
  instA = a!.id;
  instB = b!.id;
  province = await makeSupervisor('c.province', 'admin');
  adminA = await makeSupervisor('c.admin.a', 'admin', [A]);
  adminB = await makeSupervisor('c.admin.b', 'admin', [B]);
  districtB = await makeSupervisor('c.district.b', 'district', [B + '100']);
  await makeComplaint(instA);
  await makeComplaint(instB);
  await saveCountySettings(province, A, settings('样例县', '样例卫健'), '设立', null);
  await saveCountySettings(adminB, B, settings('示范县', '示范卫健'), '设立', null);
});

const ALL: ComplaintFilter = { sort: 'received', dir: 'desc', page: 1, pageSize: 50 };
const institutionsOf = async (actor: Actor) =>
  (await Promise.all(['CTYA01', 'CTYB01'].map((code) => getInstitutionByCode(actor, code)))).filter((x) => x !== null).map((x) => x.code);

async function issue(institutionId: number, abbr: string, subjectId: number): Promise<string> {
  const r = await issueDocument({
    kind: 'points',
    institutionId,
    subject: { kind: 'point', id: subjectId },
    issuedOn: '2026-06-01',
    actor: null,
    build: (sequence) => ({ kind: 'points', title: '记分告知书', documentNo: `${abbr}记〔2026〕${sequence}号` }) as never,
    render: () => Promise.resolve(new Uint8Array([37, 80, 68, 70])),
  });
  return r.documentNo;
}

describe('a county administrator gets nothing of another county', () => {
  it('complaints: each county administrator lists only their own, the province administrator both', async () => {
    const names = async (actor: Actor) => (await listComplaints(actor, ALL, '2026-06-30', '2026-07-07')).rows.map((r) => r.institutionName).sort();
    expect(await names(adminA)).toEqual(['样例县甲街道诊所']);
    expect(await names(adminB)).toEqual(['示范县乙镇卫生院']);
    expect(await names(province)).toEqual(['样例县甲街道诊所', '示范县乙镇卫生院']);
  });

  it('institutions: found in the own county only', async () => {
    expect(await institutionsOf(adminA)).toEqual(['CTYA01']);
    expect(await institutionsOf(adminB)).toEqual(['CTYB01']);
    expect(await institutionsOf(province)).toEqual(['CTYA01', 'CTYB01']);
  });

  it('documents: numbered per county (own prefix, own sequence), listed in the own county only', async () => {
    expect(await issue(instA, '样例卫健', 1)).toBe('样例卫健记〔2026〕1号');
    expect(await issue(instB, '示范卫健', 2)).toBe('示范卫健记〔2026〕1号');
    expect(await issue(instA, '样例卫健', 3)).toBe('样例卫健记〔2026〕2号');
    const list = async (actor: Actor) => (await listDocuments(actor, { page: 1, pageSize: 50 })).rows.map((r) => r.documentNo).sort();
    expect(await list(adminA)).toEqual(['样例卫健记〔2026〕1号', '样例卫健记〔2026〕2号']);
    expect(await list(adminB)).toEqual(['示范卫健记〔2026〕1号']);
    expect(await list(province)).toHaveLength(3);
    expect(await countyOfInstitution(instB)).toMatchObject({ code: B, documentAbbr: '示范卫健', commissionName: '示范县卫生健康委员会' });
  });

  it('accounts: a county administrator lists and manages only the accounts of their county', async () => {
    const usernames = async (actor: Actor) => (await listSupervisors(actor)).map((r) => r.username).sort();
    expect(await usernames(adminB)).toEqual(['c.admin.b', 'c.district.b']);
    expect(await usernames(adminA)).toEqual(['c.admin.a']);
    expect(await usernames(province)).toEqual(expect.arrayContaining(['c.province', 'c.admin.a', 'c.admin.b', 'c.district.b']));
    await expect(setSupervisorActive(adminA, districtB.id, false, '越权', null)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(setSupervisorActive(adminA, province.id, false, '越权', null)).rejects.toMatchObject({ kind: 'not-found' });
    await setSupervisorActive(province, districtB.id, false, '省级停用', null);
    await setSupervisorActive(adminB, districtB.id, true, '本县启用', null);
  });

  it('accounts: a county administrator cannot create a province administrator nor an account of another county', async () => {
    const account = async (username: string, role: 'admin' | 'district', regions: string[]) => ({
      username,
      displayName: username,
      department: null,
      role,
      regions,
      passwordHash: await hashPassword(PASSWORD),
    });
    await expect(createSupervisor(adminA, await account('c.new.prov', 'admin', []), '试图', null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(createSupervisor(adminA, await account('c.new.b', 'district', [B + '100']), '试图', null)).rejects.toMatchObject({ kind: 'forbidden' });
    const id = await createSupervisor(adminA, await account('c.new.a', 'district', [A + '001']), '本县新人', null);
    expect(id).toBeGreaterThan(0);
    expect(await createSupervisor(province, await account('c.new.prov2', 'admin', []), '省级', null)).toBeGreaterThan(0);
  });
});

describe('county settings', () => {
  it('are edited by the province administrator or the county administrator only, with an audit entry', async () => {
    await expect(saveCountySettings(adminA, B, settings('示范县', '示范卫健'), '越权', null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(saveCountySettings(districtB, B, settings('示范县', '示范卫健'), '越权', null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(saveCountySettings(province, A + '001', settings('甲', '甲卫健'), '不是县', null)).rejects.toMatchObject({ kind: 'not-found' });
    await saveCountySettings(adminA, A, { ...settings('样例县', '样例卫健'), contactPhone: '0399-50001234' }, '更新联系电话', '127.0.0.1');
    const [audit] = await sql`SELECT actor_name, reason, target_id FROM audit_log WHERE action = 'county.settings' ORDER BY id DESC LIMIT 1`;
    expect(audit).toMatchObject({ actor_name: 'c.admin.a', reason: '更新联系电话', target_id: A });
    expect((await countiesInScope(adminA)).map((c) => c.code)).toEqual([A]);
    expect((await countiesInScope(province)).map((c) => c.code)).toEqual([A, B]);
    expect((await listCounties()).find((c) => c.code === A)).toMatchObject({ configured: true, contactPhone: '0399-50001234', parentName: '样例市' });
  });

  it('the disclosure page of an institution without its own supervising unit and phone shows its county’s, and its commission', async () => {
    await sql`UPDATE institutions SET complaint_phone = '0399-61112222' WHERE id = ${instB}`;
    const [a, b] = await loadInstitutionsByIds([instA, instB]);
    const boardA = disclosureBoard(a!, indexRegions([]), '2026-06-30');
    expect(boardA).toMatchObject({ supervisingUnit: '样例县卫生健康综合监督执法大队', complaintPhone: '0399-60001234', commission: '样例县卫生健康委员会' });
    // The institution's own phone wins over the county's.
    expect(disclosureBoard(b!, indexRegions([]), '2026-06-30')).toMatchObject({ complaintPhone: '0399-61112222', commission: '示范县卫生健康委员会' });
  });

  it('the database refuses settings for a region that is not a county and a bad prefix', async () => {
    await expect(sql`INSERT INTO county_settings (region_code, commission_name, document_abbr) VALUES ('419900', '样例市卫健委', '样例卫健')`).rejects.toThrow(
      /not a county/,
    );
    await expect(sql`INSERT INTO county_settings (region_code, commission_name, document_abbr) VALUES (${B}, '示范县卫健委', 'ABC')`).rejects.toThrow(/check/i);
  });
});
