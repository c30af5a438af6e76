import { describe, expect, it } from 'vitest';
import {
  DEMO_AS_OF,
  DEMO_YEAR,
  SINGLE_COUNTY_MAX,
  collectDemo,
  makeInstitution,
  makeRegions,
  demoCountySettings,
  makeStaff,
  organizationCode,
  penaltyShownUntil,
  planCounty,
  planDowngrades,
  type ComplaintSecrets,
  type DemoRows,
} from '../../../src/demo/factory';
import { Rng } from '../../../src/demo/random';
import { countySettingsSchema } from '../../../src/schemas/admin-counties';
import { rescoreOutcome, rescoreTimeliness } from '../../../src/domain/downgrade';
import { excellentQuota } from '../../../src/domain/excellent-cut';
import { checkDivisionCode, isLandline, isValidUscc } from '../../../src/domain/identifiers';
import { isInstitutionCode } from '../../../src/domain/institution-code';
import { findSubcategory } from '../../../src/domain/complaint-categories';
import { parseTrackingNumber } from '../../../src/domain/tracking-number';
import { COMPLAINT_TOPICS, UNLISTED_TOPIC } from '../../../src/demo/names';

// Built once: 2,000 institutions take well under a second.
const demo = collectDemo(7, 2000);

function count<T>(rows: readonly T[], pred: (r: T) => boolean): number {
  return rows.reduce((n, r) => n + (pred(r) ? 1 : 0), 0);
}

describe('regions', () => {
  it('is one fictional county with 12 townships up to the single-county limit', () => {
    const r = makeRegions(1, 300);
    expect(r.counties).toHaveLength(1);
    expect(r.counties[0]?.name).toBe('青禾县');
    expect(r.counties[0]?.townships).toHaveLength(12);
    expect(r.dataset).toEqual({ demo: true, label: '演示数据', authority: '青禾县卫生健康委员会', county: '青禾县' });
    expect(makeRegions(1, SINGLE_COUNTY_MAX).counties).toHaveLength(1);
  });

  it('has valid GB/T 2260-shaped codes whose parents exist, in a prefecture not assigned in reality', () => {
    for (const n of [300, 50_000]) {
      const r = makeRegions(3, n);
      const codes = new Set(r.rows.map((x) => x.code));
      expect(codes.size).toBe(r.rows.length);
      for (const row of r.rows) {
        expect(checkDivisionCode(row.code).valid).toBe(true);
        expect(row.code.slice(0, 4) >= '4191' && row.code.slice(0, 4) <= '4199').toBe(true);
        if (row.parent_code) expect(codes.has(row.parent_code)).toBe(true);
        expect(row.level === 2 ? row.parent_code === null : row.parent_code !== null).toBe(true);
      }
    }
  });

  it('makes a small province of exactly N counties when asked (--counties N, DEMO_COUNTIES), each with its own settings', () => {
    const r = makeRegions(1, 300, 3);
    expect(r.counties.map((c) => c.size)).toEqual([100, 100, 100]);
    expect(r.counties[0]?.name).toBe('青禾县');
    expect(r.dataset.county).toMatch(/^.+市$/);
    expect(r.dataset.authority).toBe(`${r.dataset.county}卫生健康委员会`);
    const settings = r.counties.map(demoCountySettings);
    expect(new Set(settings.map((s) => s.documentAbbr)).size).toBe(3);
    expect(settings[0]).toMatchObject({ commissionName: '青禾县卫生健康委员会', documentAbbr: '青禾卫健', supervisingUnit: '青禾县卫生健康综合监督执法大队' });
    for (const s of settings) expect(countySettingsSchema.parse(s)).toEqual(s);
    // Unset, the size decides as before: the same regions for the same seed.
    expect(makeRegions(1, 300, undefined)).toEqual(makeRegions(1, 300));
    expect(makeRegions(1, 300, 1).counties).toHaveLength(1);
  });

  it('becomes a province-like set of counties above the limit, with unique short names', () => {
    const r = makeRegions(3, 50_000);
    expect(r.counties.length).toBe(13);
    expect(new Set(r.counties.map((c) => c.short)).size).toBe(13);
    expect(r.counties.reduce((n, c) => n + c.size, 0)).toBe(50_000);
    expect(r.counties[1]?.offset).toBe(r.counties[0]?.size);
  });
});

describe('determinism', () => {
  it('gives the same rows for the same seed', () => {
    const again = collectDemo(7, 2000);
    for (const table of ['institutions', 'staff', 'evaluations', 'penalties', 'point_records', 'ratings'] as const) {
      expect(again[table]).toEqual(demo[table]);
    }
    // Complaints too, apart from nothing: without secrets they are anonymous and hashed locally.
    expect(again.complaints).toEqual(demo.complaints);
  });

  it('gives other rows for another seed', () => {
    const other = collectDemo(8, 2000);
    expect(other.institutions.map((i) => i.name)).not.toEqual(demo.institutions.map((i) => i.name));
  });

  it('rebuilds one institution alone from (seed, slot)', () => {
    const regions = makeRegions(7, 2000);
    const slot = planCounty(7, regions.counties[0]!)[123]!;
    const p = makeInstitution(Rng.of(7, 3, slot.index), slot);
    const { code: _code, ...row } = p.row;
    const { id: _id, code: _c, poster_version: _v, ...loaded } = demo.institutions[123]!;
    const { poster_version: _pv, ...fresh } = row;
    expect(fresh).toEqual(loaded);
  });
});

describe('institutions', () => {
  it('have valid, unique 统一社会信用代码', () => {
    const usccs = demo.institutions.map((i) => i.uscc).filter((u): u is string => u !== null);
    expect(usccs.length).toBeGreaterThan(1500);
    expect(new Set(usccs).size).toBe(usccs.length);
    for (const u of usccs) expect(isValidUscc(u)).toBe(true);
  });

  it('embed a valid GB 11714 organisation code', () => {
    // 组织机构代码 D2143569-X is the standard's worked example.
    expect(organizationCode('D2143569')).toBe('D2143569X');
  });

  it('have unique public codes, registration numbers and plausible phones', () => {
    const codes = demo.institutions.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(isInstitutionCode(c)).toBe(true);
    const regs = demo.institutions.map((i) => i.registration_no);
    expect(new Set(regs).size).toBe(regs.length);
    for (const i of demo.institutions) {
      expect(isLandline(i.complaint_phone)).toBe(true);
      expect(i.license_valid_to >= i.license_valid_from).toBe(true);
      expect(i.region_code.startsWith('419921')).toBe(true);
    }
  });

  it('come in realistic proportions', () => {
    const n = demo.institutions.length;
    const share = (types: string[]) => count(demo.institutions, (i) => types.includes(i.type)) / n;
    expect(share(['村卫生室'])).toBeGreaterThan(0.4);
    expect(share(['村卫生室'])).toBeLessThan(0.52);
    expect(share(['诊所', '中医诊所'])).toBeGreaterThan(0.25);
    expect(share(['诊所', '中医诊所'])).toBeLessThan(0.4);
    // One 卫生院 per 镇/乡, one 社区卫生服务中心 per 街道, one county hospital.
    const county = demo.regions.counties[0]!;
    expect(count(demo.institutions, (i) => i.type === '卫生院')).toBe(county.townships.filter((t) => t.kind !== '街道').length);
    expect(count(demo.institutions, (i) => i.type === '社区卫生服务中心')).toBe(county.townships.filter((t) => t.kind === '街道').length);
    expect(demo.institutions[0]?.name).toBe('青禾县人民医院');
    expect(share(['医院', '中医医院', '妇幼保健院'])).toBeLessThan(0.03);
  });

  it('are mostly practising, a few closed, revoked or cancelled', () => {
    const n = demo.institutions.length;
    expect(count(demo.institutions, (i) => i.status === '执业') / n).toBeGreaterThan(0.9);
    expect(count(demo.institutions, (i) => i.status === '吊销')).toBeGreaterThanOrEqual(2);
    expect(count(demo.institutions, (i) => i.status === '歇业')).toBeGreaterThan(0);
  });

  it('have distinct village-clinic names within the county', () => {
    const villages = demo.institutions.filter((i) => i.type === '村卫生室').map((i) => i.name);
    expect(new Set(villages).size).toBe(villages.length);
  });
});

describe('staff', () => {
  it('sits in size bands by type, principal first, with 15-digit certificate numbers unique per institution', () => {
    const byInstitution = new Map<number, typeof demo.staff>();
    for (const s of demo.staff) byInstitution.set(s.institution_id, [...(byInstitution.get(s.institution_id) ?? []), s]);
    for (const inst of demo.institutions) {
      const staff = byInstitution.get(inst.id) ?? [];
      if (inst.type === '村卫生室') expect(staff.length >= 1 && staff.length <= 3).toBe(true);
      if (inst.type === '诊所') expect(staff.length >= 1 && staff.length <= 5).toBe(true);
      if (inst.type === '卫生院') expect(staff.length >= 15 && staff.length <= 60).toBe(true);
      expect(staff[0]?.name).toBe(inst.principal);
      const certs = staff.map((s) => s.certificate_no).filter((c): c is string => c !== null);
      expect(new Set(certs).size).toBe(certs.length);
      for (const c of certs) expect(c).toMatch(/^\d{15}$/);
    }
  });

  it('averages a few people per institution (100,000 ⇒ roughly 400k–600k)', () => {
    const perInstitution = demo.staff.length / demo.institutions.length;
    expect(perInstitution).toBeGreaterThan(3.5);
    expect(perInstitution).toBeLessThan(6);
  });

  it('are built from the institution profile alone', () => {
    const regions = makeRegions(7, 300);
    const slot = planCounty(7, regions.counties[0]!)[40]!;
    const p = makeInstitution(Rng.of(7, 3, slot.index), slot);
    const a = makeStaff(Rng.of(1), p, 99, 1000);
    expect(a[0]).toMatchObject({ id: 1000, institution_id: 99, name: p.row.principal });
    expect(makeStaff(Rng.of(1), p, 99, 1000)).toEqual(a);
  });
});

describe('evaluations', () => {
  it('never give 优秀 to more than 10 % of a county’s evaluated institutions in a year', () => {
    for (const year of [2024, 2025, 2026]) {
      const rows = demo.evaluations.filter((e) => e.year === year);
      expect(rows.length).toBeGreaterThan(1500);
      expect(count(rows, (e) => e.level === '优秀')).toBeLessThanOrEqual(excellentQuota(rows.length));
      expect(count(rows, (e) => e.level === '差')).toBeGreaterThan(0);
    }
  });

  it('are consistent with the credit engine’s bands and caps', () => {
    const rank = { 差: 0, 合格: 1, 优秀: 2 } as const;
    for (const e of demo.evaluations) {
      expect(e.actual_score).toBeLessThanOrEqual(100 - e.reasonable_missing);
      const band = e.standardized_score >= 90 ? '优秀' : e.standardized_score >= 60 ? '合格' : '差';
      expect(e.score_level).toBe(band);
      expect(rank[e.level]).toBeLessThanOrEqual(rank[e.score_level]);
      if (e.level !== e.score_level) expect(e.reasons.length).toBeGreaterThan(0);
      expect(e.jurisdiction_code).toBe('419921');
      expect(e.evaluated_on.startsWith(String(e.year))).toBe(true);
      expect(e.evaluated_on <= DEMO_AS_OF).toBe(true);
    }
  });

  it('count the penalties decided that year before the evaluation', () => {
    const penalties = new Map<string, number>();
    const evaluatedOn = new Map(demo.evaluations.map((e) => [`${e.institution_id}|${e.year}`, e.evaluated_on]));
    for (const p of demo.penalties) {
      const key = `${p.institution_id}|${p.decided_on.slice(0, 4)}`;
      const on = evaluatedOn.get(key);
      if (on && p.decided_on <= on) penalties.set(key, (penalties.get(key) ?? 0) + 1);
    }
    for (const e of demo.evaluations) expect(e.penalties_count).toBe(penalties.get(`${e.institution_id}|${e.year}`) ?? 0);
  });

  it('have public-health scores only for 卫生院 and 社区卫生服务中心, and a few reviews', () => {
    const typeOf = new Map(demo.institutions.map((i) => [i.id, i.type]));
    for (const e of demo.evaluations) {
      const t = typeOf.get(e.institution_id);
      expect(e.public_health_score !== null).toBe(t === '卫生院' || t === '社区卫生服务中心');
    }
    expect(count(demo.evaluations, (e) => e.review_status === '复核中')).toBeGreaterThan(0);
  });

  it('plan a few current-year downgrades whose re-score lowers the level in force, dated after the evaluation', () => {
    const candidates = demo.evaluations
      .filter((e) => e.year === DEMO_YEAR && e.level !== '差')
      .slice(0, 200)
      .map((e) => ({
        institutionId: e.institution_id,
        level: e.level,
        evaluatedOn: e.evaluated_on,
        input: {
          actualScore: e.actual_score,
          reasonableMissingPoints: e.reasonable_missing,
          doubleStarNotMet: e.double_star_not_met,
          singleStarNotMet: e.single_star_not_met,
          penaltiesThisYear: e.penalties_count,
          conductViolation: e.conduct_violation,
          seriousViolationOrImpact: e.serious_violation,
          establishmentNonCompliant: e.establishment_noncompliant,
          validationSuspended: e.validation_suspended,
          majorAccidentFullResponsibility: e.major_accident,
          safetyOrFireAccident: e.safety_accident,
          publicHealthScore: e.public_health_score,
        },
      }));
    const plans = planDowngrades(7, candidates);
    expect(plans.length).toBe(4);
    expect(planDowngrades(7, candidates)).toEqual(plans);
    expect(planDowngrades(7, candidates.slice(0, 1))).toHaveLength(1);
    const byInstitution = new Map(candidates.map((c) => [c.institutionId, c]));
    for (const p of plans) {
      const c = byInstitution.get(p.institutionId)!;
      expect(rescoreOutcome(c.level, p.input).downgrade).toBe(true);
      expect(p.foundOn > c.evaluatedOn && p.foundOn < p.rescoredOn && p.rescoredOn < p.decidedOn && p.decidedOn <= DEMO_AS_OF).toBe(true);
      expect(['on-time', 'late']).toContain(rescoreTimeliness(p.foundOn, p.rescoredOn, DEMO_AS_OF).status);
    }
  });
});

describe('penalties, points, appeals', () => {
  it('have unique decision numbers and show warnings for 6 months, other penalties for 3 years', () => {
    expect(new Set(demo.penalties.map((p) => p.decision_no)).size).toBe(demo.penalties.length);
    for (const p of demo.penalties) {
      expect(p.decision_no).toMatch(/^青禾卫医罚〔20\d\d〕\d+号$/);
      expect(p.shown_until).toBe(penaltyShownUntil(p.decided_on, p.penalty));
      expect(p.shown_until >= p.decided_on).toBe(true);
    }
    expect(penaltyShownUntil('2025-08-31', '警告')).toBe('2026-02-28');
    expect(penaltyShownUntil('2024-02-29', '罚款人民币5000元')).toBe('2027-02-28');
    expect(count(demo.penalties, (p) => p.shown_until < DEMO_AS_OF)).toBeGreaterThan(0);
  });

  it('keep the point-record rules of the schema', () => {
    const staffIds = new Set(demo.staff.map((s) => s.id));
    for (const r of demo.point_records) {
      expect(r.points > 0 && r.points <= 12).toBe(true);
      expect(r.status === '已撤销').toBe(r.voided_on !== null);
      if (r.notice_received_on) expect(r.notice_served_on !== null && r.notice_received_on >= r.notice_served_on).toBe(true);
      if (r.staff_id !== null) expect(staffIds.has(r.staff_id)).toBe(true);
    }
    const records = new Map(demo.point_records.map((r) => [r.id, r]));
    expect(new Set(demo.point_appeals.map((a) => a.point_record_id)).size).toBe(demo.point_appeals.length);
    for (const a of demo.point_appeals) {
      const r = records.get(a.point_record_id)!;
      expect(a.decision === null).toBe(a.decided_on === null);
      if (a.accepted_on) expect(a.accepted_on >= a.received_on).toBe(true);
      if (a.decided_on) expect(a.accepted_on !== null && a.decided_on >= a.accepted_on).toBe(true);
      expect(r.status).toBe(a.decision === '撤销' ? '已撤销' : a.decision === null ? '申诉中' : '有效');
    }
    expect(count(demo.point_appeals, (a) => a.decision === '撤销')).toBeGreaterThan(0);
  });

  it('list a couple of revoked institutions as seriously dishonest', () => {
    expect(demo.serious_dishonesty).toHaveLength(2);
    const status = new Map(demo.institutions.map((i) => [i.id, i.status]));
    for (const d of demo.serious_dishonesty) expect(status.get(d.institution_id)).toBe('吊销');
  });
});

describe('complaints', () => {
  function check(rows: DemoRows): void {
    expect(rows.complaints.length).toBe(30 + Math.floor(rows.institutions.length / 100));
    const ids = new Set<number>();
    for (const c of rows.complaints) {
      expect(parseTrackingNumber(c.tracking_no)).toEqual({ ok: true, value: c.tracking_no });
      expect(c.institution_id !== null || c.unlisted_name !== null).toBe(true);
      expect(c.status === '已办结').toBe(c.outcome !== null);
      if (c.outcome === '重复') expect(c.duplicate_of !== null && ids.has(c.duplicate_of)).toBe(true);
      if (c.status === '不予受理') expect(c.reject_reason).not.toBeNull();
      expect(c.anonymous || (c.complainant_name_enc !== null && c.complainant_phone_enc !== null)).toBe(true);
      expect(findSubcategory(c.category, c.subcategory ?? '')).toBeDefined();
      expect(c.accept_due > c.received_at.slice(0, 10)).toBe(true);
      ids.add(c.id);
    }
    expect(new Set(rows.complaints.map((c) => c.tracking_no)).size).toBe(rows.complaints.length);
    const events = new Map<number, typeof rows.complaint_events>();
    for (const e of rows.complaint_events) events.set(e.complaint_id, [...(events.get(e.complaint_id) ?? []), e]);
    for (const c of rows.complaints) {
      const list = events.get(c.id) ?? [];
      expect(list[0]).toMatchObject({ action: '提交', to_status: '待受理' });
      const last = list.filter((e) => e.from_status !== e.to_status).at(-1);
      expect(last?.to_status).toBe(c.status);
      for (let i = 1; i < list.length; i += 1) expect(list[i]!.at >= list[i - 1]!.at).toBe(true);
    }
  }

  it('follow the workflow, categories and deadlines; anonymous without secrets', () => {
    check(demo);
    expect(demo.complaints.every((c) => c.anonymous)).toBe(true);
    expect(new Set(demo.complaints.map((c) => c.status)).size).toBe(5);
  });

  it('are partly real-name, with encrypted data, when secrets are given', () => {
    const sealed: string[] = [];
    const secrets: ComplaintSecrets = {
      seal: (plain, field) => {
        sealed.push(`${field}:${plain}`);
        return new TextEncoder().encode(`sealed:${plain}`);
      },
      queryCodeHash: (t, q) => `h:${t}|${q}`,
    };
    const rows = collectDemo(7, 300, secrets);
    check(rows);
    const realName = rows.complaints.filter((c) => !c.anonymous);
    expect(realName.length).toBeGreaterThan(3);
    expect(sealed.some((s) => /^complainant_phone:170\d{8}$/.test(s))).toBe(true);
    expect(rows.complaints[0]?.query_code_hash.startsWith(`h:${rows.complaints[0]?.tracking_no}|`)).toBe(true);
  });

  it('use sub-categories that exist in the complaint categories', () => {
    for (const [category, label] of [...COMPLAINT_TOPICS, UNLISTED_TOPIC]) expect(findSubcategory(category, label)).toBeDefined();
  });
});

describe('other rows', () => {
  it('have commitments for most practising institutions, signed this year', () => {
    const practising = count(demo.institutions, (i) => i.status === '执业');
    expect(demo.commitments.length / practising).toBeGreaterThan(0.85);
    for (const c of demo.commitments) {
      expect(c.year).toBe(DEMO_YEAR);
      expect(c.signed_on.startsWith(String(DEMO_YEAR)) && c.signed_on <= DEMO_AS_OF).toBe(true);
      expect(c.body.length).toBeLessThanOrEqual(4000);
    }
  });

  it('have self-inspections with one result per date and ratings of 1–5 stars', () => {
    const keys = demo.self_inspections.map((s) => `${s.institution_id}|${s.inspected_on}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of demo.ratings) {
      expect(r.stars >= 1 && r.stars <= 5).toBe(true);
      expect(r.comment_public === null || r.comment_status === '已公开').toBe(true);
    }
  });

  it('give ids in order from 1', () => {
    expect(demo.institutions.map((i) => i.id)).toEqual(demo.institutions.map((_, k) => k + 1));
    expect(demo.staff[0]?.id).toBe(1);
    expect(demo.evaluations.map((e) => e.id).sort((a, b) => a - b)).toEqual(demo.evaluations.map((_, k) => k + 1));
  });
});
