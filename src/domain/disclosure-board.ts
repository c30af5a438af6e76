/**
 * What one institution's public disclosure page (/i/{code}/) shows, decided from its records on a
 * given date: the six parts of the 公示栏 (seed 001 附件1 六), the level or the words that replace
 * it, the penalties still on show, points by quarter, risk grade, self-inspections, the
 * serious-dishonesty listing and the evaluation history. Pure: the caller loads the records
 * (src/db/public-read.ts) and renders the result.
 *
 * The credit rules themselves are not repeated here: levels, reasons and caps come from the
 * stored evaluation (computed by src/domain/credit-level.ts and excellent-cut.ts at import),
 * downgrades are applied with publicLevelView (supervision.ts), and closed institutions lose
 * their level with levelHiddenNotice (institution-status.ts).
 */
import type { CreditEvaluationInput, CreditLevel } from './credit-level';
import { dishonestyBanner, type DishonestyEntryRecord } from './dishonesty';
import { annualLevelBasis, downgradedLevelBasis, type AnnualBasis, type LevelBasis } from './downgrade';
import { storedDecidingReasons } from './level-reason';
import { levelHiddenNotice, type InstitutionStatus } from './institution-status';
import { maskCertificate, maskName } from './masking';
import { quarterOf } from './points';
import { publicCreditDisplay, publicLevelView, type AnnualLevel, type Downgrade, type PublicLevelView, type SupervisionPlan } from './supervision';
import type { IsoDate } from './working-days';
import type { ReplyRecord } from './portal';
import { penaltyAgreement, penaltyPublicNote } from './level-reason';
import type { RectificationRecord } from './rectification';
import type { ReviewRecord } from './under-review';
import { POINT_UNDER_REVIEW_TEXT } from './under-review';
import { levelNotes } from './level-notes';
import {
  clinicBoardView,
  staffExtraView,
  type ClinicBoardView,
  type ClinicDetails,
  type RadiologyRecord,
  type SelfInspectionKind,
  type StaffExtraView,
} from './clinic-board';

/**
 * Dates here are 'YYYY-MM-DD' strings read from the database (to_char): they compare correctly as
 * strings, which is much cheaper than parsing them 100,000 pages × dozens of times a build.
 */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Input: one institution and everything about it, as stored.

export interface RegionRecord {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

export interface StaffRecord {
  id: number;
  name: string;
  profession: string;
  practiceCategory: string | null;
  practiceScope: string | null;
  certificateNo: string | null;
  title: string | null;
}

export interface CommitmentRecord {
  year: number;
  signedOn: IsoDate;
  signatory: string | null;
  body: string;
}

export interface DowngradeRecord {
  decidedOn: IsoDate;
  noticeNo: string;
  fromLevel: CreditLevel;
  toLevel: CreditLevel;
  /** The re-score's standardized score. */
  newScore: number | null;
  /** The finding: the public downgrade reason. */
  reason: string;
  /** The latest review application against this downgrade (复核), if any. */
  review?: ReviewRecord | null;
  /** Date of the re-score (null for rows recorded before the re-score was kept). */
  rescoredOn: IsoDate | null;
  /** What decided the re-score's level (level-reason.ts decidingReasons), stored at approval. */
  rescoreReasons: string[];
}

export interface ItemScore {
  item: string;
  score: number;
  max: number | null;
}

/**
 * What an evaluation records, as stored (the columns of `evaluations`): the inputs of the credit
 * engine (src/domain/credit-level.ts names them for its rules).
 */
export interface EvaluationRecord extends CreditEvaluationInput {
  year: number;
  itemScores: ItemScore[];
  standardizedScore: number;
  scoreLevel: CreditLevel;
  level: CreditLevel;
  reasons: string[];
  evaluatedOn: IsoDate;
  reviewStatus: '无' | '复核中' | '已复核';
  downgrades: DowngradeRecord[];
  /** The latest review application against this evaluation (复核), if any. */
  review?: ReviewRecord | null;
}

export interface PenaltyRecord {
  decisionNo: string;
  decidedOn: IsoDate;
  violation: string;
  basis: string;
  penalty: string;
  fineYuan: number | null;
  shownUntil: IsoDate;
  /** Set when the penalty concerns a member of staff (shown masked). */
  staffName: string | null;
}

export interface PointRecord {
  foundOn: IsoDate;
  behaviour: string;
  points: number;
  source: string;
  department: string | null;
  status: '有效' | '申诉中' | '已撤销';
  staffName: string | null;
}

export interface SelfInspectionRecord {
  inspectedOn: IsoDate;
  result: '合格' | '基本合格' | '不合格';
  findings: string | null;
  rectified: boolean | null;
  /** 年度全面 / 季度常规 (seed 004); absent in older callers (then a yearly one). */
  kind?: SelfInspectionKind;
}

export interface DishonestyRecord {
  listedOn: IsoDate;
  decisionNo: string;
  reason: string;
  removedOn: IsoDate | null;
  /** The entry it comes from (dishonesty.ts), for the page banner; absent in older callers. */
  entry?: DishonestyEntryRecord;
}

export interface InstitutionRecord {
  id: number;
  code: string;
  registrationNo: string;
  uscc: string | null;
  name: string;
  type: string;
  hospitalGrade: string | null;
  ownership: string | null;
  address: string | null;
  regionCode: string | null;
  legalRepresentative: string | null;
  principal: string | null;
  departments: string[];
  licenseValidFrom: IsoDate | null;
  licenseValidTo: IsoDate | null;
  status: InstitutionStatus;
  riskGrade: '高' | '中' | '低' | null;
  supervisingUnit: string | null;
  complaintPhone: string | null;
  /** Several counties on one deployment: the commission of the institution's county (its settings), if any. */
  countyCommission?: string | null;
  posterVersion: number;
  staff: StaffRecord[];
  commitments: CommitmentRecord[];
  evaluations: EvaluationRecord[];
  penalties: PenaltyRecord[];
  points: PointRecord[];
  selfInspections: SelfInspectionRecord[];
  dishonesty: DishonestyRecord[];
  /** The latest rectification order that was not withdrawn (限期整改), if any. */
  rectification?: RectificationRecord | null;
  /** Published ratings (评价): mean stars and count; absent when nobody has rated yet. */
  rating?: RatingFigures;
  /** The institution's published replies (right of reply, src/domain/portal.ts). */
  replies?: ReplyRecord[];
  /** Hours, prices, staff extras, approved comments (issue 15; clinic-board.ts), with the details. */
  clinic?: ClinicDetails;
  /** 放射诊疗许可证 and devices (issue 15), with the snapshot. */
  radiology?: RadiologyRecord | null;
}

export interface RatingFigures {
  /** Mean stars, one decimal. */
  mean: number;
  count: number;
}

// ---------------------------------------------------------------------------------------------
// Regions

export type RegionIndex = ReadonlyMap<string, RegionRecord>;

export function indexRegions(regions: readonly RegionRecord[]): RegionIndex {
  return new Map(regions.map((r) => [r.code, r]));
}

/** The region and its ancestors, top first (at most 6 steps: a cycle in bad data cannot hang). */
export function regionChain(regions: RegionIndex, code: string | null): RegionRecord[] {
  const chain: RegionRecord[] = [];
  let r = code ? regions.get(code) : undefined;
  while (r && chain.length < 6) {
    chain.unshift(r);
    r = r.parentCode ? regions.get(r.parentCode) : undefined;
  }
  return chain;
}

/** "青禾县 城关镇": county level and below (the province and prefecture add nothing locally). */
export function areaLabel(regions: RegionIndex, code: string | null): string {
  const chain = regionChain(regions, code);
  const local = chain.filter((r) => r.level >= 3);
  return (local.length > 0 ? local : chain).map((r) => r.name).join(' ');
}

// ---------------------------------------------------------------------------------------------
// The level, or the words that replace it

export interface DowngradeView {
  from: CreditLevel;
  to: CreditLevel;
  noticeNo: string;
  noticeDate: IsoDate;
  reason: string;
  /** What decided the re-score's level (empty for rows recorded without it). */
  rescoreReasons: string[];
}

export type LevelDisplay =
  /** 歇业 / 注销 / 吊销: no level, a sentence instead (seed 001 附件1 七(三)). */
  | { kind: 'hidden'; status: InstitutionStatus; notice: string }
  /** Never evaluated. */
  | { kind: 'none' }
  /** The latest evaluation is being reviewed (复核中): no level until the review ends. */
  | { kind: 'under-review'; year: number; evaluatedOn: IsoDate }
  | {
      kind: 'rated';
      year: number;
      /** Level in force today (after downgrades). */
      level: CreditLevel;
      /** Level given by the annual evaluation. */
      annualLevel: CreditLevel;
      /** Level by the standardized score alone, before caps and the cut. */
      scoreLevel: CreditLevel;
      standardizedScore: number;
      evaluatedOn: IsoDate;
      supervision: SupervisionPlan;
      downgrade: DowngradeView | null;
      /** Every rule that capped the level, including the 10 % cut, as stored with the evaluation. */
      reasons: string[];
      /** True when the caps or the cut lowered the level below the score band. */
      capped: boolean;
      /**
       * What the level in force rests on (downgrade.ts): after a downgrade the re-score and the
       * downgrade reason, never the annual score (issue 12 item 3); else the annual evaluation.
       */
      basis: LevelBasis;
    };

/** Short words for the level box and lists: 优秀 / 合格 / 差 / 复核中 / 暂无评价 / 不公示. */
export function levelWord(d: LevelDisplay): string {
  switch (d.kind) {
    case 'hidden':
      return '不公示';
    case 'none':
      return '暂无评价';
    case 'under-review':
      return '复核中';
    case 'rated':
      return d.level;
  }
}

function latestEvaluation(evaluations: readonly EvaluationRecord[]): EvaluationRecord | null {
  let latest: EvaluationRecord | null = null;
  for (const e of evaluations) if (!latest || e.year > latest.year) latest = e;
  return latest;
}

function annualOf(e: EvaluationRecord): AnnualLevel {
  return { year: e.year, level: e.level, evaluatedOn: e.evaluatedOn };
}

/** Stored downgrades in the credit engine's shape: the notice date is when the downgrade takes effect. */
function downgradesOf(e: EvaluationRecord): Downgrade[] {
  return e.downgrades.map((d) => ({
    violationFoundOn: d.decidedOn,
    rescoredOn: d.decidedOn,
    newScoreHundredths: d.newScore === null ? null : Math.round(d.newScore * 100),
    newLevel: d.toLevel,
    noticeNo: d.noticeNo,
    noticeDate: d.decidedOn,
  }));
}

function annualBasisOf(e: EvaluationRecord): AnnualBasis {
  return { year: e.year, level: e.level, standardizedScore: e.standardizedScore, evaluatedOn: e.evaluatedOn, reasons: e.reasons };
}

/** The basis of the level in force: the downgrade that set it, or the annual evaluation. */
function levelBasis(e: EvaluationRecord, last: PublicLevelView['downgrade'], record: DowngradeRecord | undefined): LevelBasis {
  if (!last) return annualLevelBasis(annualBasisOf(e), storedDecidingReasons(e));
  return downgradedLevelBasis(annualBasisOf(e), {
    noticeNo: last.noticeNo,
    noticeDate: last.noticeDate,
    fromLevel: last.from,
    toLevel: last.to,
    rescoredOn: record?.rescoredOn ?? last.noticeDate,
    rescoreScore: record?.newScore ?? null,
    rescoreReasons: record?.rescoreReasons ?? [],
    reason: record?.reason ?? '',
  });
}

function rated(e: EvaluationRecord, view: PublicLevelView): Extract<LevelDisplay, { kind: 'rated' }> {
  const last = view.downgrade;
  const record = last ? e.downgrades.find((d) => d.noticeNo === last.noticeNo) : undefined;
  return {
    kind: 'rated',
    year: e.year,
    level: view.currentLevel,
    annualLevel: e.level,
    scoreLevel: e.scoreLevel,
    standardizedScore: e.standardizedScore,
    evaluatedOn: e.evaluatedOn,
    supervision: view.supervision,
    downgrade: last ? { ...last, reason: record?.reason ?? '', rescoreReasons: record?.rescoreReasons ?? [] } : null,
    reasons: e.reasons,
    capped: e.level !== e.scoreLevel,
    basis: levelBasis(e, last, record),
  };
}

/** One year's level as in force on `asOf`, with its downgrades applied (publicLevelView). */
export function ratedView(e: EvaluationRecord, asOf: IsoDate): Extract<LevelDisplay, { kind: 'rated' }> {
  return rated(e, publicLevelView(annualOf(e), downgradesOf(e), asOf));
}

/** What the level box shows for an institution on `asOf`. */
export function levelDisplay(inst: Pick<InstitutionRecord, 'status' | 'evaluations'>, asOf: IsoDate): LevelDisplay {
  const latest = latestEvaluation(inst.evaluations.filter((e) => e.evaluatedOn <= asOf));
  if (!latest) {
    const notice = levelHiddenNotice(inst.status);
    return notice === null ? { kind: 'none' } : { kind: 'hidden', status: inst.status, notice };
  }
  const display = publicCreditDisplay(inst.status, annualOf(latest), downgradesOf(latest), asOf);
  if (!display.visible) return { kind: 'hidden', status: display.status, notice: display.notice };
  if (latest.reviewStatus === '复核中') return { kind: 'under-review', year: latest.year, evaluatedOn: latest.evaluatedOn };
  return rated(latest, display.view);
}

// ---------------------------------------------------------------------------------------------
// Penalties, points, self-inspections, dishonesty

/** A penalty stays on the public page up to and including its shown-until date. */
export function penaltyShown(p: Pick<PenaltyRecord, 'decidedOn' | 'shownUntil'>, asOf: IsoDate): boolean {
  return p.decidedOn <= asOf && asOf <= p.shownUntil;
}

export function shownPenalties(penalties: readonly PenaltyRecord[], asOf: IsoDate): PenaltyRecord[] {
  return penalties.filter((p) => penaltyShown(p, asOf)).sort((a, b) => compareDates(b.decidedOn, a.decidedOn) || (a.decisionNo < b.decisionNo ? -1 : 1));
}

export interface PointLine {
  foundOn: IsoDate;
  behaviour: string;
  points: number;
  source: string;
  department: string | null;
  /** "本机构" or "医务人员 张*" (names masked on public pages). */
  target: string;
  /** 有效 / 复核中（申诉处理中）. */
  status: string;
}

export interface QuarterPoints {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  label: string;
  /** Sum of the points that stand (records under appeal still count until decided). */
  total: number;
  lines: PointLine[];
}

export function quarterLabel(year: number, quarter: number): string {
  return `${year}年第${'一二三四'.charAt(quarter - 1)}季度`;
}

/** Points that stand, by quarter of the finding date, newest quarter first. Voided ones are left out. */
export function pointsByQuarter(points: readonly PointRecord[], asOf: IsoDate): QuarterPoints[] {
  const groups = new Map<string, QuarterPoints & { totalH: number }>();
  for (const p of points) {
    if (p.status === '已撤销' || p.foundOn > asOf) continue;
    const q = quarterOf(p.foundOn);
    const key = `${q.year}-${q.quarter}`;
    let g = groups.get(key);
    if (!g) {
      g = { year: q.year, quarter: q.quarter, label: quarterLabel(q.year, q.quarter), total: 0, totalH: 0, lines: [] };
      groups.set(key, g);
    }
    g.totalH += Math.round(p.points * 100);
    g.lines.push({
      foundOn: p.foundOn,
      behaviour: p.behaviour,
      points: p.points,
      source: p.source,
      department: p.department,
      target: p.staffName ? `医务人员 ${maskName(p.staffName)}` : '本机构',
      status: p.status === '申诉中' ? POINT_UNDER_REVIEW_TEXT : '有效',
    });
  }
  return [...groups.values()]
    .sort((a, b) => b.year - a.year || b.quarter - a.quarter)
    .map(({ totalH, ...g }) => ({
      ...g,
      total: totalH / 100,
      lines: g.lines.sort((a, b) => compareDates(a.foundOn, b.foundOn)),
    }));
}

/** Listed on `asOf`: listed on or before it and not yet removed. */
export function dishonestyActive(d: Pick<DishonestyRecord, 'listedOn' | 'removedOn'>, asOf: IsoDate): boolean {
  return d.listedOn <= asOf && (d.removedOn === null || d.removedOn > asOf);
}

// ---------------------------------------------------------------------------------------------
// Evaluation history

export interface BreakdownRow {
  label: string;
  value: string;
}

/**
 * The evaluation sheet's figures (DESIGN.md columns), then any per-item scores stored with it.
 * The yes/no columns are one row naming those that apply ("无" when none), which reads better
 * than six rows of 否 and keeps the page light.
 */
export function evaluationBreakdown(e: EvaluationRecord, penaltyNoteText: string | null = null): BreakdownRow[] {
  const flags: [boolean, string][] = [
    [e.conductViolation, '行风违规'],
    [e.seriousViolationOrImpact, '严重违法或严重社会影响'],
    [e.establishmentNonCompliant, '设置不符合规定'],
    [e.validationSuspended, '暂缓校验'],
    [e.majorAccidentFullResponsibility, '重大医疗事故负完全责任'],
    [e.safetyOrFireAccident, '安全生产、消防事故'],
  ];
  const rows: BreakdownRow[] = [
    { label: '实际得分', value: e.actualScore.toFixed(2) },
    { label: '合理缺项分值', value: e.reasonableMissingPoints.toFixed(2) },
    { label: '标化得分', value: e.standardizedScore.toFixed(2) },
    { label: '按得分应评级别', value: e.scoreLevel },
    { label: '双星（★★）项不符合数', value: String(e.doubleStarNotMet) },
    { label: '单星（★）项不符合数', value: String(e.singleStarNotMet) },
    { label: '当年行政处罚次数', value: penaltyNoteText ? `${e.penaltiesThisYear}（${penaltyNoteText}）` : String(e.penaltiesThisYear) },
    {
      label: '其他否决情形',
      value:
        flags
          .filter(([on]) => on)
          .map(([, label]) => label)
          .join('、') || '无',
    },
    { label: '基本公卫绩效得分', value: e.publicHealthScore === null ? '不适用' : e.publicHealthScore.toFixed(2) },
  ];
  for (const item of e.itemScores) {
    rows.push({ label: item.item, value: item.max === null ? String(item.score) : `${item.score} / ${item.max}` });
  }
  return rows;
}

export interface HistoryEntry {
  year: number;
  /** Words for the year: the level in force, or 复核中. */
  word: string;
  /**
   * The year's line: the annual evaluation's level and score, then any downgrade, so the annual
   * score never stands beside a downgraded level as its basis.
   */
  summary: string;
  scoreLevel: CreditLevel;
  annualLevel: CreditLevel;
  standardizedScore: number;
  evaluatedOn: IsoDate;
  reviewStatus: EvaluationRecord['reviewStatus'];
  reasons: string[];
  capped: boolean;
  downgrades: DowngradeView[];
  breakdown: BreakdownRow[];
}

/** A veto sentence about the year's penalties (credit-level.ts: "当年受到…行政处罚…"). */
function isPenaltyReason(reason: string): boolean {
  return reason.startsWith('当年受到') && reason.includes('行政处罚');
}

/**
 * The evaluation's penalty sentences as they stand beside the page's penalty list (issue 12
 * item 2): "当年受到2次行政处罚" never stands beside one listed penalty without saying why — the
 * other's display period ended (penaltyReasonWithNote), or the records hold another number.
 */
export function penaltyNote(e: Pick<EvaluationRecord, 'year' | 'penaltiesThisYear'>, penalties: readonly PenaltyRecord[], asOf: IsoDate): string | null {
  if (e.penaltiesThisYear === 0) return null;
  const a = penaltyAgreement(e.year, e.penaltiesThisYear, penalties, asOf);
  if (a.agree) return penaltyPublicNote(a);
  const shown = penalties.filter((p) => p.decidedOn.startsWith(`${e.year}-`) && penaltyShown(p, asOf)).length;
  return `本页公示该年度行政处罚${shown}件`;
}

export function notedPenaltyReasons(
  e: Pick<EvaluationRecord, 'year' | 'penaltiesThisYear'>,
  reasons: readonly string[],
  penalties: readonly PenaltyRecord[],
  asOf: IsoDate,
): string[] {
  const note = penaltyNote(e, penalties, asOf);
  return reasons.map((r) => (note !== null && isPenaltyReason(r) ? `${r}（${note}）` : r));
}

/** Every year, newest first. History stays visible, except when the level may not be shown at all. */
export function evaluationHistory(evaluations: readonly EvaluationRecord[], asOf: IsoDate, penalties: readonly PenaltyRecord[] = []): HistoryEntry[] {
  return [...evaluations]
    .filter((e) => e.evaluatedOn <= asOf)
    .sort((a, b) => b.year - a.year)
    .map((e) => {
      const rated = ratedView(e, asOf);
      const underReview = e.reviewStatus === '复核中';
      const word = underReview ? '复核中' : rated.level;
      const annual = `标化得分 ${e.standardizedScore.toFixed(2)}，评价日期 ${e.evaluatedOn}`;
      return {
        year: e.year,
        word,
        summary: rated.downgrade
          ? `${e.year}年度：${word}（年度评价${e.level}，${annual}；${rated.downgrade.noticeDate}降为${rated.downgrade.to}）`
          : `${e.year}年度：${word}（${annual}）`,
        scoreLevel: e.scoreLevel,
        annualLevel: e.level,
        standardizedScore: e.standardizedScore,
        evaluatedOn: e.evaluatedOn,
        reviewStatus: e.reviewStatus,
        reasons: notedPenaltyReasons(e, e.reasons, penalties, asOf),
        capped: rated.capped,
        downgrades: e.downgrades
          .filter((d) => d.decidedOn <= asOf)
          .map((d) => ({
            from: d.fromLevel,
            to: d.toLevel,
            noticeNo: d.noticeNo,
            noticeDate: d.decidedOn,
            reason: d.reason,
            rescoreReasons: d.rescoreReasons,
          })),
        breakdown: evaluationBreakdown(e, penaltyNote(e, penalties, asOf)),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// The whole page

export interface StaffLine {
  name: string;
  profession: string;
  category: string | null;
  scope: string | null;
  title: string | null;
  /** Masked certificate number (maskCertificate), or null when none is recorded. */
  certificate: string | null;
  /** Treatment methods (中医（专长）医师) and the signed 依法执业承诺 (issue 15). */
  extra?: StaffExtraView;
}

/** The licence as the page shows it: the institution's licence fields, its area and the licence state. */
export interface LicenseView extends Pick<
  InstitutionRecord,
  'registrationNo' | 'uscc' | 'name' | 'type' | 'hospitalGrade' | 'ownership' | 'address' | 'legalRepresentative' | 'principal' | 'departments' | 'status'
> {
  area: string;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  /** Words for the licence state: 有效 / 已过有效期 / 歇业 … */
  state: string;
  valid: boolean;
}

export interface DisclosureBoard {
  code: string;
  name: string;
  type: string;
  area: string;
  asOf: IsoDate;
  posterVersion: number;
  license: LicenseView;
  level: LevelDisplay;
  levelWord: string;
  /** Lines under the level: rectification, review (level-notes.ts). */
  levelNotes: string[];
  commitment: CommitmentRecord | null;
  staff: StaffLine[];
  /** Null when not recorded (never guessed: a real institution must not get a demo authority). */
  supervisingUnit: string | null;
  complaintPhone: string;
  /** The county's commission on a deployment for several counties; absent with one county. */
  commission?: string | null;
  penalties: PenaltyRecord[];
  points: QuarterPoints[];
  riskGrade: '高' | '中' | '低' | null;
  selfInspections: SelfInspectionRecord[];
  dishonesty: DishonestyRecord[];
  /** The sentence at the top of the page while the institution is on the 严重失信名单. */
  dishonestyBanner: string | null;
  history: HistoryEntry[];
  rating: RatingFigures | null;
  /** 机构回应 beside the level in force and beside each penalty shown. */
  replies: ReplyRecord[];
  /** Issue 15: hours, prices, radiology, self-inspection cadence, approved comments. */
  clinic: ClinicBoardView;
}

/** Used when no complaint phone is recorded: the government service hotline, valid everywhere. */
export const DEFAULT_COMPLAINT_PHONE = '12345';

export function licenseState(inst: Pick<InstitutionRecord, 'status' | 'licenseValidTo'>, asOf: IsoDate): { state: string; valid: boolean } {
  if (inst.status !== '执业') return { state: inst.status === '歇业' ? '已歇业' : `许可证已${inst.status}`, valid: false };
  if (inst.licenseValidTo && inst.licenseValidTo < asOf) return { state: '已超过有效期', valid: false };
  return { state: '执业中', valid: true };
}

export function staffLine(s: StaffRecord): StaffLine {
  return {
    name: s.name,
    profession: s.profession,
    category: s.practiceCategory,
    scope: s.practiceScope,
    title: s.title,
    certificate: s.certificateNo ? maskCertificate(s.certificateNo) : null,
  };
}

export function disclosureBoard(inst: InstitutionRecord, regions: RegionIndex, asOf: IsoDate): DisclosureBoard {
  const shown = levelDisplay(inst, asOf);
  const ratedYear = shown.kind === 'rated' ? inst.evaluations.find((e) => e.year === shown.year) : undefined;
  const level = shown.kind === 'rated' && ratedYear ? { ...shown, reasons: notedPenaltyReasons(ratedYear, shown.reasons, inst.penalties, asOf) } : shown;
  const area = areaLabel(regions, inst.regionCode);
  const { state, valid } = licenseState(inst, asOf);
  const commitment = [...inst.commitments].filter((c) => c.signedOn <= asOf).sort((a, b) => b.year - a.year)[0] ?? null;
  const extras = new Map((inst.clinic?.staffExtras ?? []).map((e) => [e.staffId, e]));
  return {
    code: inst.code,
    name: inst.name,
    type: inst.type,
    area,
    asOf,
    posterVersion: inst.posterVersion,
    license: {
      registrationNo: inst.registrationNo,
      uscc: inst.uscc,
      name: inst.name,
      type: inst.type,
      hospitalGrade: inst.hospitalGrade,
      ownership: inst.ownership,
      address: inst.address,
      area,
      legalRepresentative: inst.legalRepresentative,
      principal: inst.principal,
      departments: inst.departments,
      validFrom: inst.licenseValidFrom,
      validTo: inst.licenseValidTo,
      status: inst.status,
      state,
      valid,
    },
    level,
    levelWord: levelWord(level),
    levelNotes: levelNotes(inst, level),
    commitment,
    staff: inst.status === '执业' ? inst.staff.map((s) => ({ ...staffLine(s), extra: staffExtraView(extras.get(s.id)) })) : [],
    supervisingUnit: inst.supervisingUnit,
    complaintPhone: inst.complaintPhone ?? DEFAULT_COMPLAINT_PHONE,
    commission: inst.countyCommission ?? null,
    penalties: shownPenalties(inst.penalties, asOf),
    points: pointsByQuarter(inst.points, asOf),
    riskGrade: inst.riskGrade,
    selfInspections: [...inst.selfInspections].filter((s) => s.inspectedOn <= asOf).sort((a, b) => compareDates(b.inspectedOn, a.inspectedOn)),
    dishonesty: inst.dishonesty.filter((d) => dishonestyActive(d, asOf)),
    dishonestyBanner: bannerOf(inst.dishonesty, asOf),
    // Issue 12 item 8: a closed institution shows no level, but its history stays visible.
    history: evaluationHistory(inst.evaluations, asOf, inst.penalties),
    rating: inst.rating ?? null,
    replies: inst.replies ?? [],
    clinic: clinicBoardView(inst, asOf),
  };
}

function bannerOf(records: readonly DishonestyRecord[], asOf: IsoDate): string | null {
  const d = records.find((r) => dishonestyActive(r, asOf));
  if (!d) return null;
  return (d.entry && dishonestyBanner(d.entry, asOf)) ?? `该机构已被列入严重失信名单（${d.listedOn}，${d.decisionNo}）。列入原因：${d.reason}`;
}

/** One line for share cards and search results: "优秀（2026年度）" / "暂无评价" … */
export function levelSummary(d: LevelDisplay): string {
  switch (d.kind) {
    case 'hidden':
      return d.status === '歇业' ? '已歇业，不公示信用级别' : `许可证已${d.status}，不公示信用级别`;
    case 'none':
      return '暂无信用评价';
    case 'under-review':
      return `${d.year}年度信用评价复核中`;
    case 'rated':
      return d.downgrade ? `${d.year}年度信用级别：${d.level}（${d.downgrade.noticeDate}由${d.downgrade.from}降级）` : `${d.year}年度信用级别：${d.level}`;
  }
}
