import { publishedReplies } from './portal';
import type postgres from 'postgres';
import { ratingSummaries, type RatingSummary } from './ratings-read-public';
import { sql } from './client';
import { getDataset, type Dataset } from './site-settings';
import { onBuildRefresh } from './build-memo';
import type {
  CommitmentRecord,
  DowngradeRecord,
  EvaluationRecord,
  InstitutionRecord,
  ItemScore,
  PenaltyRecord,
  PointRecord,
  RegionRecord,
  SelfInspectionRecord,
  StaffRecord,
} from '../domain/disclosure-board';
import { isInstitutionCode } from '../domain/institution-code';
import type { RectificationRecord } from '../domain/rectification';
import type { ReviewRecord } from '../domain/under-review';
import { publicRecord, type DishonestyEntryRecord } from '../domain/dishonesty';
import { chinaDate, type IsoDate } from '../domain/working-days';

/**
 * Read queries for the public site. The static build loads everything the lists, open data and
 * search need with ONE query per kind of record (institutions, evaluations, downgrades,
 * penalties, points, dishonesty) and assembles the institutions in memory: at 100,000
 * institutions that is 6 queries instead of a million. What only the institution's own page shows
 * (staff, commitments, self-inspections: two thirds of the rows) is read by loadDetails, one query
 * per kind for a few thousand institutions at a time while their pages are rendered, so the
 * build never holds it all (peak memory at 100,000 institutions). The on-demand routes (poster,
 * search fallback) load a few institutions with the same queries, scoped by id.
 *
 * Dates are read as 'YYYY-MM-DD' text (to_char), whatever the server's DateStyle, so that pages
 * never depend on the build machine's time zone.
 */

type Scope = { ids: number[] } | null;

const where = (scope: Scope, column: string) => (scope ? sql`WHERE ${sql(column)} = ANY(${scope.ids}::bigint[])` : sql``);

export async function loadRegions(): Promise<RegionRecord[]> {
  return sql<RegionRecord[]>`SELECT code, name, level, parent_code AS "parentCode" FROM regions ORDER BY code`;
}

type InstitutionRow = Omit<InstitutionRecord, 'staff' | 'commitments' | 'evaluations' | 'penalties' | 'points' | 'selfInspections' | 'dishonesty'>;
export type Owned<T> = T & { institutionId: number };

/** Rows by institution; the rows are kept as they are (their institutionId is harmless). */
export function groupBy<T>(rows: readonly Owned<T>[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const row of rows) {
    let list = m.get(row.institutionId);
    if (!list) {
      list = [];
      m.set(row.institutionId, list);
    }
    list.push(row);
  }
  return m;
}

/** item_scores is free-form jsonb: keep the entries that look like {item, score[, max]}. */
function itemScores(value: unknown): ItemScore[] {
  if (!Array.isArray(value)) return [];
  const out: ItemScore[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) continue;
    const o = v as Record<string, unknown>;
    const item = typeof o['item'] === 'string' ? o['item'] : typeof o['name'] === 'string' ? o['name'] : null;
    const score = typeof o['score'] === 'number' ? o['score'] : null;
    if (item === null || score === null) continue;
    out.push({ item, score, max: typeof o['max'] === 'number' ? o['max'] : null });
  }
  return out;
}

/** What only an institution's own page shows. */
export type InstitutionDetails = Pick<InstitutionRecord, 'staff' | 'commitments' | 'selfInspections' | 'clinic'>;

const NO_DETAILS: InstitutionDetails = { staff: [], commitments: [], selfInspections: [] };

/** Staff, commitments and self-inspections of these institutions: one query per kind. */
export async function loadDetails(ids: readonly number[]): Promise<Map<number, InstitutionDetails>> {
  const list = [...ids];
  const [staff, commitments, inspections] = await Promise.all([
    sql<Owned<StaffRecord>[]>`
      SELECT institution_id AS "institutionId", id, name, profession, practice_category AS "practiceCategory",
             practice_scope AS "practiceScope", certificate_no AS "certificateNo", title
      FROM staff WHERE active AND institution_id = ANY(${list}::bigint[])
      ORDER BY institution_id, id`,
    sql<Owned<CommitmentRecord>[]>`
      SELECT institution_id AS "institutionId", year, to_char(signed_on, 'YYYY-MM-DD') AS "signedOn", signatory, body
      FROM commitments WHERE institution_id = ANY(${list}::bigint[]) ORDER BY institution_id, year DESC`,
    sql<Owned<SelfInspectionRecord>[]>`
      SELECT institution_id AS "institutionId", to_char(inspected_on, 'YYYY-MM-DD') AS "inspectedOn", result, findings, rectified, kind
      FROM self_inspections WHERE institution_id = ANY(${list}::bigint[]) ORDER BY institution_id, inspected_on DESC`,
  ]);
  const byStaff = groupBy(staff);
  const byCommitment = groupBy(commitments);
  const byInspection = groupBy(inspections);
  return new Map(
    list.map((id) => [id, { staff: byStaff.get(id) ?? [], commitments: byCommitment.get(id) ?? [], selfInspections: byInspection.get(id) ?? [] }]),
  );
}

/**
 * One copy of each repeated text (reasons, penalty wording, point behaviours, dates…): the driver
 * makes a new string per row, and the same few hundred texts recur across 100,000 institutions.
 */
function interner(): <T extends string | null>(s: T) => T {
  const seen = new Map<string, string>();
  return <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const known = seen.get(v);
    if (known !== undefined) return known as T;
    seen.set(v, v);
    return v;
  };
}

/** Rows in batches (a cursor), each shaped before the next is read: never a whole raw result in memory. */
async function collect<R extends object, T>(query: postgres.PendingQuery<R[]>, shape: (row: R) => T): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of query.cursor(5000)) for (const row of batch) out.push(shape(row));
  return out;
}

/**
 * Institutions with everything the lists need; details left empty (see loadDetails). Queries run
 * one after another through cursors and every row becomes a small object of a fixed shape (with
 * repeated texts shared), which keeps a 100,000-institution snapshot to a few hundred MB.
 */
async function loadSummaries(scope: Scope): Promise<InstitutionRecord[]> {
  const s = interner();
  const institutions = await collect(
    sql<InstitutionRow[]>`
      SELECT id, code, registration_no AS "registrationNo", uscc, name, type, hospital_grade AS "hospitalGrade",
             ownership, address, region_code AS "regionCode", legal_representative AS "legalRepresentative",
             principal, departments, to_char(license_valid_from, 'YYYY-MM-DD') AS "licenseValidFrom",
             to_char(license_valid_to, 'YYYY-MM-DD') AS "licenseValidTo", status, risk_grade AS "riskGrade",
             -- Several counties (0018): an institution without its own falls back to its county's.
             coalesce(supervising_unit, county_unit) AS "supervisingUnit", coalesce(complaint_phone, county_phone) AS "complaintPhone",
             county_commission AS "countyCommission", poster_version AS "posterVersion"
      FROM institutions
      -- Every region below a county with settings (empty with one county, so nothing changes there).
      LEFT JOIN (SELECT d.code AS county_region, cs.commission_name AS county_commission, cs.supervising_unit AS county_unit, cs.complaint_phone AS county_phone
                   FROM county_settings cs CROSS JOIN LATERAL region_descendants(cs.region_code) d) cc ON cc.county_region = institutions.region_code
      ${where(scope, 'id')} ORDER BY code`,
    (r): InstitutionRow => ({
      id: r.id,
      code: r.code,
      registrationNo: r.registrationNo,
      uscc: r.uscc,
      name: r.name,
      type: s(r.type),
      hospitalGrade: s(r.hospitalGrade),
      ownership: s(r.ownership),
      address: r.address,
      regionCode: s(r.regionCode),
      legalRepresentative: r.legalRepresentative,
      principal: r.principal,
      departments: r.departments.map(s),
      licenseValidFrom: s(r.licenseValidFrom),
      licenseValidTo: s(r.licenseValidTo),
      status: s(r.status),
      riskGrade: s(r.riskGrade),
      supervisingUnit: s(r.supervisingUnit),
      complaintPhone: s(r.complaintPhone),
      countyCommission: s(r.countyCommission ?? null),
      posterVersion: r.posterVersion,
    }),
  );
  const reviews = await latestReviews(scope);
  const downgrades = new Map<number, DowngradeRecord[]>();
  for (const d of await collect(
    sql<(DowngradeRecord & { evaluationId: number; downgradeId: number })[]>`
      SELECT d.evaluation_id AS "evaluationId", d.id AS "downgradeId", to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", d.notice_no AS "noticeNo",
             d.from_level AS "fromLevel", d.to_level AS "toLevel", d.new_score AS "newScore", d.reason,
             to_char(d.rescored_on, 'YYYY-MM-DD') AS "rescoredOn", d.rescore_reasons AS "rescoreReasons"
      FROM downgrades d
      ${scope ? sql`JOIN evaluations e ON e.id = d.evaluation_id AND e.institution_id = ANY(${scope.ids}::bigint[])` : sql``}
      -- Public only once approved and its 降级通知书 issued (it takes effect with the notice).
      WHERE d.state = 'downgraded' AND d.notice_no IS NOT NULL
      ORDER BY d.decided_on, d.id`,
    (r) => r,
  )) {
    const { evaluationId, downgradeId, ...rest } = d;
    const list = downgrades.get(evaluationId) ?? [];
    if (list.length === 0) downgrades.set(evaluationId, list);
    list.push({ ...rest, review: reviews.byDowngrade.get(downgradeId) ?? null });
  }
  const evaluations = await collect(
    sql<(Owned<Omit<EvaluationRecord, 'downgrades' | 'itemScores'>> & { id: number; itemScores: unknown })[]>`
      SELECT institution_id AS "institutionId", id, year, actual_score AS "actualScore", reasonable_missing AS "reasonableMissingPoints",
             double_star_not_met AS "doubleStarNotMet", single_star_not_met AS "singleStarNotMet", penalties_count AS "penaltiesThisYear",
             conduct_violation AS "conductViolation", serious_violation AS "seriousViolationOrImpact",
             establishment_noncompliant AS "establishmentNonCompliant", validation_suspended AS "validationSuspended",
             major_accident AS "majorAccidentFullResponsibility", safety_accident AS "safetyOrFireAccident", public_health_score AS "publicHealthScore",
             item_scores AS "itemScores", standardized_score AS "standardizedScore", score_level AS "scoreLevel", level, reasons,
             to_char(evaluated_on, 'YYYY-MM-DD') AS "evaluatedOn", review_status AS "reviewStatus"
      FROM evaluations ${where(scope, 'institution_id')} ORDER BY institution_id, year`,
    (r): Owned<EvaluationRecord> => ({
      institutionId: r.institutionId,
      year: r.year,
      actualScore: r.actualScore,
      reasonableMissingPoints: r.reasonableMissingPoints,
      doubleStarNotMet: r.doubleStarNotMet,
      singleStarNotMet: r.singleStarNotMet,
      penaltiesThisYear: r.penaltiesThisYear,
      conductViolation: r.conductViolation,
      seriousViolationOrImpact: r.seriousViolationOrImpact,
      establishmentNonCompliant: r.establishmentNonCompliant,
      validationSuspended: r.validationSuspended,
      majorAccidentFullResponsibility: r.majorAccidentFullResponsibility,
      safetyOrFireAccident: r.safetyOrFireAccident,
      publicHealthScore: r.publicHealthScore,
      itemScores: itemScores(r.itemScores),
      standardizedScore: r.standardizedScore,
      scoreLevel: s(r.scoreLevel),
      level: s(r.level),
      reasons: r.reasons.map(s),
      evaluatedOn: s(r.evaluatedOn),
      reviewStatus: s(r.reviewStatus),
      downgrades: downgrades.get(r.id) ?? [],
      review: reviews.byEvaluation.get(r.id) ?? null,
    }),
  );
  const penalties = await collect(
    sql<Owned<PenaltyRecord>[]>`
      SELECT p.institution_id AS "institutionId", p.decision_no AS "decisionNo", to_char(p.decided_on, 'YYYY-MM-DD') AS "decidedOn",
             p.violation, p.basis, p.penalty, p.fine_yuan AS "fineYuan", to_char(p.shown_until, 'YYYY-MM-DD') AS "shownUntil",
             s.name AS "staffName"
      FROM penalties p LEFT JOIN staff s ON s.id = p.staff_id
      ${scope ? sql`WHERE p.institution_id = ANY(${scope.ids}::bigint[])` : sql``}
      ORDER BY p.institution_id, p.decided_on DESC, p.id`,
    (r): Owned<PenaltyRecord> => ({
      institutionId: r.institutionId,
      decisionNo: r.decisionNo,
      decidedOn: s(r.decidedOn),
      violation: s(r.violation),
      basis: s(r.basis),
      penalty: s(r.penalty),
      fineYuan: r.fineYuan,
      shownUntil: s(r.shownUntil),
      staffName: r.staffName,
    }),
  );
  const points = await collect(
    sql<Owned<PointRecord>[]>`
      SELECT r.institution_id AS "institutionId", to_char(r.found_on, 'YYYY-MM-DD') AS "foundOn", r.behaviour, r.points,
             r.source, r.department, r.status, s.name AS "staffName"
      FROM point_records r LEFT JOIN staff s ON s.id = r.staff_id
      ${scope ? sql`WHERE r.institution_id = ANY(${scope.ids}::bigint[])` : sql``}
      ORDER BY r.institution_id, r.found_on, r.id`,
    (r): Owned<PointRecord> => ({
      institutionId: r.institutionId,
      foundOn: s(r.foundOn),
      behaviour: s(r.behaviour),
      points: r.points,
      source: s(r.source),
      department: s(r.department),
      status: s(r.status),
      staffName: r.staffName,
    }),
  );
  // Proposals, rejected and withdrawn entries never reach the public (publicRecord → null).
  const dishonesty = (
    await collect(
      sql<(DishonestyEntryRecord & { institutionId: number; noPeriod: boolean })[]>`
        SELECT institution_id AS "institutionId", display_until IS NULL AS "noPeriod", state, grounds, reason, coalesce(legal_basis, '') AS "legalBasis",
               to_char(listed_on, 'YYYY-MM-DD') AS "listedOn",
               -- Rows from before migration 0008 have no period: shown until removed_on (or with no end).
               to_char(coalesce(display_until, removed_on - 1, '9999-12-30'::date), 'YYYY-MM-DD') AS "displayUntil",
               decision_no AS "decisionNo", to_char(repair_applied_on, 'YYYY-MM-DD') AS "repairAppliedOn",
               to_char(coalesce(ended_on, removed_on), 'YYYY-MM-DD') AS "endedOn"
        FROM serious_dishonesty ${where(scope, 'institution_id')} ORDER BY institution_id, listed_on DESC`,
      (r) => {
        const { institutionId, noPeriod, ...entry } = r;
        const rec = publicRecord(entry);
        // Without a recorded period the banner cannot state one: the record's plain text is used.
        return rec && (noPeriod ? { ...rec, removedOn: r.endedOn, institutionId } : { ...rec, institutionId, entry });
      },
    )
  ).filter((d) => d !== null);

  const rectifications = await latestRectifications(scope);
  const replies = await publishedReplies(scope ? scope.ids : null);
  const byEvaluation = groupBy(evaluations);
  const byPenalty = groupBy(penalties);
  const byPoint = groupBy(points);
  const byDishonesty = groupBy(dishonesty);
  return institutions.map((i) => ({
    ...i,
    staff: [],
    commitments: [],
    selfInspections: [],
    evaluations: byEvaluation.get(i.id) ?? [],
    penalties: byPenalty.get(i.id) ?? [],
    points: byPoint.get(i.id) ?? [],
    dishonesty: byDishonesty.get(i.id) ?? [],
    rectification: rectifications.get(i.id) ?? null,
    replies: replies.get(i.id) ?? [],
  }));
}

const REVIEW_COLUMNS = () => sql`
  v.item, v.state, v.notice_received_on::text AS "noticeReceivedOn", v.filed_on::text AS "filedOn", v.accepted_on::text AS "acceptedOn",
  v.decided_on::text AS "decidedOn", v.decision_note AS "decisionNote"`;

/** The latest review application (not withdrawn or refused) of each evaluation and each downgrade. */
async function latestReviews(scope: Scope): Promise<{ byEvaluation: Map<number, ReviewRecord>; byDowngrade: Map<number, ReviewRecord> }> {
  const rows = await sql<(ReviewRecord & { evaluationId: number; downgradeId: number | null })[]>`
    SELECT DISTINCT ON (v.item, COALESCE(v.downgrade_id, v.evaluation_id)) v.evaluation_id AS "evaluationId", v.downgrade_id AS "downgradeId", ${REVIEW_COLUMNS()}
      FROM reviews v
     WHERE v.state NOT IN ('withdrawn', 'not-accepted') ${scope ? sql`AND v.institution_id = ANY(${scope.ids}::bigint[])` : sql``}
     ORDER BY v.item, COALESCE(v.downgrade_id, v.evaluation_id), v.filed_on DESC, v.id DESC`;
  const byEvaluation = new Map<number, ReviewRecord>();
  const byDowngrade = new Map<number, ReviewRecord>();
  for (const { evaluationId, downgradeId, ...r } of rows) {
    if (downgradeId === null) byEvaluation.set(evaluationId, r);
    else byDowngrade.set(downgradeId, r);
  }
  return { byEvaluation, byDowngrade };
}

/** Each institution's latest rectification order that was not withdrawn. */
async function latestRectifications(scope: Scope): Promise<Map<number, RectificationRecord>> {
  const rows = await sql<Owned<RectificationRecord>[]>`
    SELECT DISTINCT ON (institution_id) institution_id AS "institutionId", state, ordered_on::text AS "orderedOn", due_on::text AS "dueOn",
           report_submitted_on::text AS "reportSubmittedOn", rectified_on::text AS "rectifiedOn", suspended_on::text AS "suspendedOn",
           suspension_ends_on::text AS "suspensionEndsOn"
      FROM rectifications ${where(scope, 'institution_id')} ${scope ? sql`AND` : sql`WHERE`} state <> 'withdrawn'
     ORDER BY institution_id, ordered_on DESC, id DESC`;
  return new Map(rows.map(({ institutionId, ...r }) => [institutionId, r]));
}

export interface PublicSnapshot {
  /** The day the pages describe (China date of the build): penalties, downgrades and lists as of then. */
  asOf: IsoDate;
  dataset: Dataset;
  regions: RegionRecord[];
  institutions: InstitutionRecord[];
}

let snapshot: Promise<PublicSnapshot> | null = null;

function withRatings(institutions: InstitutionRecord[], ratings: Map<number, RatingSummary>): InstitutionRecord[] {
  for (const inst of institutions) {
    const r = ratings.get(inst.id);
    if (r) inst.rating = { mean: r.mean, count: r.count };
  }
  return institutions;
}

/**
 * Everything the static site's lists show, read once per build (details: loadDetails). Every page of one build renders from
 * this same snapshot, so the lists, the open data and the institution pages can never disagree
 * even if the database changes while the build runs. Build-time only: on-demand routes read
 * fresh data with loadInstitutionByCode / loadInstitutionsByIds.
 */
export function publicSnapshot(): Promise<PublicSnapshot> {
  snapshot ??= (async () => {
    const [dataset, regions, institutions, ratings] = await Promise.all([getDataset(), loadRegions(), loadSummaries(null), ratingSummaries()]);
    return { asOf: chinaDate(new Date()), dataset, regions, institutions: withRatings(institutions, ratings) };
  })();
  return snapshot;
}

/**
 * A warm renderer's snapshot brought up to date (src/db/build-memo.ts): the changed institutions
 * are read again with the same queries scoped by id, every other record is kept as it is, and the
 * order is the full read's (by code, as PostgreSQL sorts). Regions and settings are global tables:
 * a change there never reaches here (the publish builds in full).
 */
async function refreshSnapshot(codes: readonly string[]): Promise<void> {
  if (!snapshot) return;
  const before = await snapshot;
  snapshot = (async () => {
    const changed = await sql<{ id: number }[]>`SELECT id FROM institutions WHERE code = ANY(${[...codes]}::text[])`;
    const ids = changed.map((r) => r.id);
    const [dataset, fresh, order] = await Promise.all([
      getDataset(),
      ids.length > 0 ? Promise.all([loadSummaries({ ids }), ratingSummaries(ids)]).then(([l, r]) => withRatings(l, r)) : Promise.resolve([]),
      sql<{ id: number }[]>`SELECT id FROM institutions ORDER BY code`,
    ]);
    const byId = new Map(before.institutions.map((i) => [i.id, i]));
    for (const inst of fresh) byId.set(inst.id, inst);
    const institutions = order.flatMap((r) => byId.get(r.id) ?? []);
    return { ...before, asOf: chinaDate(new Date()), dataset, institutions };
  })();
  await snapshot;
}
onBuildRefresh(refreshSnapshot);

/**
 * The list data (institutions with evaluations, regions) fresh from the database, not the build's
 * cached snapshot: for exports of the 红榜/黑榜 made from the admin area or the command line.
 */
export async function freshListData(): Promise<Omit<PublicSnapshot, 'dataset'>> {
  const [regions, institutions] = await Promise.all([loadRegions(), loadSummaries(null)]);
  return { asOf: chinaDate(new Date()), regions, institutions };
}

/** One institution by its public code (fresh from the database), or null. */
export async function loadInstitutionByCode(code: string): Promise<InstitutionRecord | null> {
  if (!isInstitutionCode(code)) return null;
  const rows = await sql<{ id: number }[]>`SELECT id FROM institutions WHERE code = ${code}`;
  const id = rows[0]?.id;
  if (id === undefined) return null;
  return (await loadInstitutionsByIds([id]))[0] ?? null;
}

/** Complete records (with details) of a few institutions, fresh from the database. */
export async function loadInstitutionsByIds(ids: readonly number[]): Promise<InstitutionRecord[]> {
  if (ids.length === 0) return [];
  const [summaries, details] = await Promise.all([loadSummaries({ ids: [...ids] }), loadDetails(ids)]);
  return summaries.map((i) => ({ ...i, ...(details.get(i.id) ?? NO_DETAILS) }));
}
