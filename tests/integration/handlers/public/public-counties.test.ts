// The public site of several counties (issue 16 item 3) from the database: the home page lists the
// counties, each has its page with its own counts and list links, and its own open data with only
// its rows; the commission and contacts come from the county's settings.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { saveCountySettings } from '../../../../src/db/counties';

/** A file's text: a full build returns a string, a warm renderer a stream of UTF-8 blocks (the BOM kept). */
const asText = async (body: string | ReadableStream<Uint8Array>): Promise<string> =>
  typeof body === 'string' ? body : Buffer.from(await new Response(body).arrayBuffer()).toString('utf8');
import { countyOpenDataCsv, countyOpenDataJson, countyPage, countyPaths, provinceHomePage } from '../../../../src/handlers/public-counties';

useTestDatabase();

beforeAll(async () => {
  await sql`INSERT INTO regions (code, name, level) VALUES ('419900', '样例市', 2)`;
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES ('419921', '样例县', 3, '419900'), ('419922', '示范县', 3, '419900'), ('419923', '空县', 3, '419900')`;
  await sql`INSERT INTO regions (code, name, level, parent_code) VALUES ('419921001', '甲街道', 4, '419921'), ('419922100', '乙镇', 4, '419922')`;
  await sql`
    INSERT INTO institutions (code, registration_no, name, region_code) VALUES
      ('PCA001', 'R-A1', '样例县甲街道诊所', '419921001'), ('PCA002', 'R-A2', '样例县甲街道门诊部', '419921001'),
      ('PCB001', 'R-B1', '示范县乙镇卫生院', '419922100')`;
  await saveCountySettings(null, '419922', {
    commissionName: '示范县卫生健康委员会',
    supervisingUnit: '示范县卫生健康综合监督执法大队',
    complaintPhone: '0399-60021234',
    contactPhone: '0399-50021234',
    contactAddress: '示范县人民路2号（虚构）',
    documentAbbr: '示范卫健',
  }, '设立', null);
});

describe('a deployment of several counties', () => {
  it('the home page names the prefecture and lists the counties that have institutions', async () => {
    const home = await provinceHomePage();
    expect(home.province).toBe('样例市');
    expect(home.counties).toEqual([
      { code: '419921', name: '样例县', href: '/r/419921/', institutionCount: 2 },
      { code: '419922', name: '示范县', href: '/r/419922/', institutionCount: 1 },
    ]);
    expect(await countyPaths()).toEqual([{ params: { county: '419921' } }, { params: { county: '419922' } }]);
  });

  it('a county page shows its own commission and contacts, or the deployment’s commission without settings', async () => {
    const b = await countyPage('419922');
    expect(b).toMatchObject({ commission: '示范县卫生健康委员会', institutionCount: 1, data: { csv: '/data/419922/institutions.csv' } });
    expect(b.county).toMatchObject({ complaintPhone: '0399-60021234', contactAddress: '示范县人民路2号（虚构）' });
    const a = await countyPage('419921');
    expect(a.commission).toBe(a.site.dataset.authority);
    await expect(countyPage('419923')).rejects.toThrow(/没有区划代码/);
    await expect(countyPage('abc')).rejects.toThrow();
  });

  it('the county open data holds only its rows, in the format of the whole file', async () => {
    const json = JSON.parse(await asText(await countyOpenDataJson('419921'))) as { count: number; county_code: string; institutions: { code: string; county_code: string }[] };
    expect(json).toMatchObject({ count: 2, county_code: '419921' });
    expect(json.institutions.map((r) => [r.code, r.county_code])).toEqual([['PCA001', '419921'], ['PCA002', '419921']]);
    const csv = (await asText(await countyOpenDataCsv('419922'))).split('\r\n');
    expect(csv[0]).toMatch(/所在区划代码,所在县区划代码,所在县名称$/);
    expect(csv.filter(Boolean)).toHaveLength(2);
    expect(csv[1]).toMatch(/^PCB001,.*,419922100,419922,示范县$/);
  });
});
