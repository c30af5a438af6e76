import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../../support/db';
import { CASES, fixtureDates, loadFixture, realInstitutions } from '../../../support/fixtures/public-site';
import { loadDetails, loadInstitutionByCode, publicSnapshot } from '../../../../src/db/public-read';
import { searchInstitutionIds } from '../../../../src/db/public-search';
import { WARM_RENDERER_FLAG } from '../../../../src/db/build-memo';
import { institutionPage, listPage, openDataCsv, openDataJson, searchResultsPage, siteContext, yearPaths } from '../../../../src/handlers/public';
import { queryTerms } from '../../../../src/domain/search';

/** A file's text: a full build returns a string, a warm renderer a stream of UTF-8 blocks (the BOM kept). */
const asText = async (body: string | ReadableStream<Uint8Array>): Promise<string> =>
  typeof body === 'string' ? body : Buffer.from(await new Response(body).arrayBuffer()).toString('utf8');
import { countyPaths, provinceHomePage } from '../../../../src/handlers/public-counties';

useTestDatabase();

beforeAll(async () => {
  await loadFixture();
});

describe('reading the public site from the database', () => {
  it('loads every institution with its records in one snapshot, and the page-only details by chunk', async () => {
    const snap = await publicSnapshot();
    expect(snap.institutions).toHaveLength(Object.keys(CASES).length + realInstitutions().length);
    const big = snap.institutions.find((i) => i.code === CASES.big.code)!;
    expect(big.staff).toEqual([]);
    expect(big.departments).toHaveLength(20);
    const details = await loadDetails([big.id]);
    expect(details.get(big.id)?.staff).toHaveLength(120);
    expect(details.get(big.id)?.commitments).toHaveLength(1);
    expect(details.get(big.id)?.selfInspections).toHaveLength(1);
    const pen = snap.institutions.find((i) => i.code === CASES.penalties.code)!;
    expect(pen.penalties).toHaveLength(3);
    expect(pen.penalties.some((p) => p.staffName !== null)).toBe(true);
    expect(pen.points.map((p) => p.status).sort()).toEqual(['已撤销', '有效', '有效', '申诉中'].sort());
    expect(pen.evaluations[0]!.evaluatedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('never pairs a real name with a level, penalty, staff, commitment or point', async () => {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM institutions i WHERE i.code LIKE 'R%' AND (
        EXISTS (SELECT 1 FROM evaluations e WHERE e.institution_id = i.id) OR EXISTS (SELECT 1 FROM penalties p WHERE p.institution_id = i.id)
        OR EXISTS (SELECT 1 FROM staff s WHERE s.institution_id = i.id) OR EXISTS (SELECT 1 FROM commitments c WHERE c.institution_id = i.id)
        OR EXISTS (SELECT 1 FROM point_records r WHERE r.institution_id = i.id) OR i.risk_grade IS NOT NULL OR i.supervising_unit IS NOT NULL)`;
    expect(row!.n).toBe(0);
    const page = await institutionPage((await loadInstitutionByCode(realInstitutions()[0]!.code))!, 0);
    expect(page.board.levelWord).toBe('暂无评价');
    expect(page.board.supervisingUnit).toBeNull();
  });

  it('reads one institution by code, and nothing for unknown or malformed codes', async () => {
    const down = await loadInstitutionByCode(CASES.downgraded.code);
    expect(down?.evaluations[0]?.downgrades[0]?.toLevel).toBe('合格');
    expect(await loadInstitutionByCode('ZZZZZZZZ')).toBeNull();
    expect(await loadInstitutionByCode("x' OR 1=1 --")).toBeNull();
    expect(await loadInstitutionByCode('t0down01')).toBeNull();
  });

  it('builds the page of each fixture state', async () => {
    const ctx = await siteContext();
    const page = async (code: string) => {
      const position = ctx.institutions.findIndex((i) => i.code === code);
      return institutionPage(ctx.institutions[position]!, position);
    };
    expect((await page(CASES.veto.code)).board.level).toMatchObject({ kind: 'rated', level: '合格', scoreLevel: '优秀', capped: true });
    expect((await page(CASES.doubleStar.code)).board.levelWord).toBe('差');
    const cut = (await page(CASES.cut.code)).board.level;
    expect(cut.kind === 'rated' && cut.reasons.some((r) => r.includes('10%'))).toBe(true);
    const down = await page(CASES.downgraded.code);
    expect(down.board.level).toMatchObject({ kind: 'rated', level: '合格', annualLevel: '优秀' });
    expect(down.qrText).toMatch(new RegExp(`/i/${CASES.downgraded.code}/\\?v=2$`));
    expect((await page(CASES.review.code)).board.levelWord).toBe('复核中');
    expect((await page(CASES.closed.code)).board.levelWord).toBe('不公示');
    expect((await page(CASES.revoked.code)).board.dishonesty).toHaveLength(1);
    expect((await page(CASES.none.code)).board.levelWord).toBe('暂无评价');
    const pen = await page(CASES.penalties.code);
    expect(pen.board.penalties.map((p) => p.decisionNo)).toHaveLength(2);
    expect(pen.board.penalties.some((p) => p.violation.includes('已过公示期'))).toBe(false);
    expect(pen.complaintHref).toBe(`/complaints/new?i=${CASES.penalties.code}`);
    // Details come with the page: staff (masked certificates) and the commitment.
    const big = await page(CASES.big.code);
    expect(big.board.staff).toHaveLength(120);
    expect(big.board.staff[0]!.certificate).toMatch(/^110\*+\d{4}$/);
    expect(big.board.commitment?.signatory).toBe('王建国');
  });

  it('lists the year with the fixture levels in force', async () => {
    const { year } = fixtureDates();
    expect((await yearPaths()).map((p) => p.params.year)).toContain(String(year));
    const page = await listPage(String(year));
    expect(page.result.red.map((e) => e.code)).toEqual([CASES.big.code]);
    expect(page.result.black.map((e) => e.code)).toEqual([CASES.doubleStar.code]);
    expect(page.list.underReviewCount).toBe(1);
    expect(page.list.hiddenCount).toBe(2);
  });

  it('a warm renderer writes the same open-data bytes from the lines it keeps (first and second time)', async () => {
    const cold = [await asText(await openDataJson()), await asText(await openDataCsv())];
    const flags = globalThis as Record<symbol, unknown>;
    flags[WARM_RENDERER_FLAG] = true;
    try {
      for (let i = 0; i < 2; i += 1) {
        const warm = [await openDataJson(), await openDataCsv()];
        expect(warm.every((b) => b instanceof ReadableStream)).toBe(true);
        expect(await Promise.all(warm.map(asText))).toEqual(cold);
      }
    } finally {
      delete flags[WARM_RENDERER_FLAG];
    }
  });

  it('writes open data without personal data', async () => {
    const json = JSON.parse(await asText(await openDataJson())) as { count: number; institutions: { code: string; level: string | null }[] };
    expect(json.count).toBe(210);
    expect(json.institutions.find((i) => i.code === CASES.closed.code)?.level).toBeNull();
    const csv = await asText(await openDataCsv());
    expect(csv.split('\r\n').length).toBe(212);
    for (const text of [JSON.stringify(json), csv]) {
      expect(text).not.toContain('王建国');
      expect(text).not.toContain('已过公示期');
    }
  });
});

describe('search without JavaScript (the database fallback)', () => {
  it('finds every real name with 路 or 街 by its full name, first', async () => {
    const real = realInstitutions().filter((r) => /[路街]/.test(r.name));
    const ids = new Map((await sql<{ id: number; code: string }[]>`SELECT id, code FROM institutions WHERE code LIKE 'R%'`).map((r) => [r.code, r.id]));
    for (const r of real) {
      const found = await searchInstitutionIds({ terms: queryTerms(r.name), area: null, type: null, limit: 5 });
      expect(found[0], r.name).toBe(ids.get(r.code));
    }
  });

  it('treats % and _ as plain characters and filters by area, type and level', async () => {
    expect(await searchInstitutionIds({ terms: ['%'], area: null, type: null, limit: 5 })).toEqual([]);
    const page = await searchResultsPage(new URLSearchParams({ q: '样例县', level: '差' }));
    expect(page.hits?.map((h) => h.name)).toEqual([CASES.doubleStar.name]);
    const east = await searchResultsPage(new URLSearchParams({ area: '419021002' }));
    expect(east.hits?.map((h) => h.name)).toEqual([CASES.veto.name]);
    const hospitals = await searchResultsPage(new URLSearchParams({ q: '样例县', type: 'hospital' }));
    expect(hospitals.hits?.map((h) => h.name).sort()).toEqual([CASES.big.name, CASES.cut.name, CASES.downgraded.name].sort());
  });

  it('answers bad parameters with Chinese messages, never an exception', async () => {
    const page = await searchResultsPage(new URLSearchParams({ q: '医院', level: 'A+', type: '<script>' }));
    expect(page.hits).toBeNull();
    expect(page.errors.map((e) => e.label)).toEqual(['类别', '信用等级']);
    expect((await searchResultsPage(new URLSearchParams())).hits).toBeNull();
  });
});

describe('one county (issue 16: nothing of several counties appears)', () => {
  it('has no county pages, no county list on the home page and no county on disclosure pages', async () => {
    expect(await countyPaths()).toEqual([]);
    expect(await provinceHomePage()).toMatchObject({ counties: [], province: null });
    const snap = await publicSnapshot();
    expect(snap.institutions.every((i) => (i.countyCommission ?? null) === null)).toBe(true);
  });
});
