/**
 * The clinic page's completeness items (issue 15 items 1–4): radiology ("扫一扫、就监督", seed 004),
 * 诊疗时间 and 价格公示, the 中医（专长）医师's treatment methods (seed 002 问题十五), staff
 * 依法执业承诺 (双承诺, seed 004), the self-inspection cadence (seed 004) and the approved rating
 * comments, paged. Pure: src/db/clinic-board.ts loads the records.
 */
import type { IsoDate } from './working-days';

export interface RadiologyLicenceRecord {
  licenceNo: string;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  scope: string;
}

export type DeviceStatus = '在用' | '停用' | '报废';

export interface RadiationDeviceRecord {
  code: string;
  deviceType: string;
  model: string | null;
  room: string | null;
  lastTestedOn: IsoDate | null;
  testResult: '合格' | '不合格' | null;
  status: DeviceStatus;
}

export interface RadiologyRecord {
  licence: RadiologyLicenceRecord | null;
  devices: RadiationDeviceRecord[];
}

export interface PriceRecord {
  item: string;
  unit: string | null;
  priceCents: number;
  note: string | null;
}

export interface PublishedCommentRecord {
  stars: number;
  text: string;
  date: IsoDate;
}

/** Per staff member: what the page shows beside the scope. */
export interface StaffExtraRecord {
  staffId: number;
  treatmentMethods: string | null;
  /** The latest signed 依法执业承诺 (year, date), if any. */
  commitmentYear: number | null;
  commitmentSignedOn: IsoDate | null;
}

/** What only the institution's own page shows (read with the page's other details). */
export interface ClinicDetails {
  openingHours: string | null;
  priceUrl: string | null;
  prices: PriceRecord[];
  staffExtras: StaffExtraRecord[];
  /** The first page of approved comments, newest first. */
  comments: PublishedCommentRecord[];
  commentCount: number;
}

export const NO_CLINIC_DETAILS: ClinicDetails = { openingHours: null, priceUrl: null, prices: [], staffExtras: [], comments: [], commentCount: 0 };

// ---------------------------------------------------------------------------------------------
// Dates: 'YYYY-MM-DD' strings (as read from the database).

/** The same day `years` years earlier (29 February → 28 February). */
export function yearsBefore(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** The same day one year later: when a yearly check falls due. */
export function oneYearAfter(date: IsoDate): IsoDate {
  return yearsBefore(date, -1);
}

// ---------------------------------------------------------------------------------------------
// Radiology

/**
 * Whether a device's 状态检测 is up to date. 《放射诊疗管理规定》第二十条（二）: the equipment must be
 * "定期进行稳定性检测、校正和维护保养，由省级以上卫生行政部门资质认证的检测机构每年至少进行一次状态检测"
 * (GBZ 130 says the same for X-ray equipment). So a device in use whose last test is more than one
 * year old (or never recorded) is overdue; a failed last test is shown as such; a device 停用 or
 * 报废 is not tested and says so instead.
 */
export type DeviceTestState =
  | { kind: 'ok'; dueOn: IsoDate }
  | { kind: 'overdue'; dueOn: IsoDate | null }
  | { kind: 'failed'; testedOn: IsoDate }
  | { kind: 'out-of-use'; status: '停用' | '报废' };

export function deviceTestState(d: Pick<RadiationDeviceRecord, 'status' | 'lastTestedOn' | 'testResult'>, asOf: IsoDate): DeviceTestState {
  if (d.status !== '在用') return { kind: 'out-of-use', status: d.status };
  if (!d.lastTestedOn) return { kind: 'overdue', dueOn: null };
  const dueOn = oneYearAfter(d.lastTestedOn);
  if (dueOn < asOf) return { kind: 'overdue', dueOn };
  if (d.testResult === '不合格') return { kind: 'failed', testedOn: d.lastTestedOn };
  return { kind: 'ok', dueOn };
}

export function deviceTestText(s: DeviceTestState): string {
  switch (s.kind) {
    case 'ok':
      return `检测合格，下次状态检测应在 ${s.dueOn} 前完成`;
    case 'overdue':
      return s.dueOn ? `状态检测已逾期（应在 ${s.dueOn} 前完成）` : '未登记状态检测（应每年至少检测一次）';
    case 'failed':
      return `${s.testedOn} 检测不合格`;
    case 'out-of-use':
      return `已${s.status}，不得用于诊疗`;
  }
}

export interface DeviceView extends RadiationDeviceRecord {
  anchor: string;
  state: DeviceTestState;
  stateText: string;
  /** Marked on the page (red): overdue or failed. */
  flagged: boolean;
}

export interface RadiologyView {
  licence: (RadiologyLicenceRecord & { expired: boolean }) | null;
  devices: DeviceView[];
}

export function deviceAnchor(code: string): string {
  return `device-${code}`;
}

export function radiologyView(r: RadiologyRecord | null | undefined, asOf: IsoDate): RadiologyView | null {
  if (!r || (!r.licence && r.devices.length === 0)) return null;
  return {
    licence: r.licence ? { ...r.licence, expired: r.licence.validTo !== null && r.licence.validTo < asOf } : null,
    devices: r.devices.map((d) => {
      const state = deviceTestState(d, asOf);
      return { ...d, anchor: deviceAnchor(d.code), state, stateText: deviceTestText(state), flagged: state.kind === 'overdue' || state.kind === 'failed' };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Self-inspection cadence

export type SelfInspectionKind = '年度全面' | '季度常规';

/**
 * Seed 004: "各医疗机构要建立依法执业自查制度，制定自查计划，每年至少开展一次全面自查、每季度至少开展一次日常自查".
 * Read as: the last 年度全面 at most one year old; a self-inspection of either kind (a full one
 * covers the routine one) in the current quarter or the one before — the quarter just begun
 * leaves the clinic until its end, so only a whole quarter without any is overdue.
 */
export interface CadenceView {
  lastFull: IsoDate | null;
  fullOverdue: boolean;
  lastAny: IsoDate | null;
  quarterlyOverdue: boolean;
}

/** First day of the quarter before the one `date` falls in. */
export function previousQuarterStart(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  const pq = q === 0 ? 3 : q - 1;
  const py = q === 0 ? y - 1 : y;
  return `${py}-${String(pq * 3 + 1).padStart(2, '0')}-01`;
}

export function selfInspectionCadence(inspections: readonly { inspectedOn: IsoDate; kind: SelfInspectionKind }[], asOf: IsoDate): CadenceView {
  const past = inspections.filter((s) => s.inspectedOn <= asOf).map((s) => ({ on: s.inspectedOn, kind: s.kind }));
  const latest = (list: { on: IsoDate }[]) => list.reduce<IsoDate | null>((m, s) => (m === null || s.on > m ? s.on : m), null);
  const lastFull = latest(past.filter((s) => s.kind === '年度全面'));
  const lastAny = latest(past);
  return {
    lastFull,
    fullOverdue: lastFull === null || lastFull < yearsBefore(asOf, 1),
    lastAny,
    quarterlyOverdue: lastAny === null || lastAny < previousQuarterStart(asOf),
  };
}

// ---------------------------------------------------------------------------------------------
// Prices and comments

/** "12.50 元" from cents (no floating point). */
export function yuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')} 元`;
}

/** Approved comments on the static page; the rest on /i/{code}/ratings/{n}/. */
export const COMMENTS_PER_PAGE = 10;

export function commentPageCount(count: number): number {
  return Math.max(1, Math.ceil(count / COMMENTS_PER_PAGE));
}

export function commentsPath(code: string, page: number): string {
  return `/i/${code}/ratings/${page}/`;
}

// ---------------------------------------------------------------------------------------------
// QR labels (seed 001 六: "要在医疗机构的诊室、收费室、药房、病房等醒目位置进行公示，接受社会监督")

/** The rooms a label sheet has one label for: seed 001's four first, then the usual others. */
export const LABEL_ROOMS: readonly { key: string; name: string }[] = [
  { key: 'zhenshi', name: '诊室' },
  { key: 'shoufei', name: '收费室' },
  { key: 'yaofang', name: '药房' },
  { key: 'bingfang', name: '病房' },
  { key: 'zhiliao', name: '治疗室' },
  { key: 'houzhen', name: '候诊区' },
  { key: 'guahao', name: '挂号处' },
  { key: 'jianyan', name: '检验科' },
];

/**
 * What a room label's QR encodes: the poster's URL (…/i/{code}/?v=N, so the page's poster check
 * flags an outdated label exactly like an outdated poster) plus the room, for the supervisor to
 * tell labels apart. The version stays the first parameter: checkPosterVersion reads only `v`.
 */
export function roomLabelUrl(posterUrl: string, roomKey: string): string {
  return `${posterUrl}&r=${roomKey}`;
}

/** One label of the sheet (/i/{code}/labels/). */
export interface QrLabel {
  /** The big line: the room (诊室) or the device (CT 001). */
  title: string;
  /** The small line under it (the device's room). */
  note: string | null;
  url: string;
}

export interface LabelSheet {
  name: string;
  code: string;
  posterVersion: number;
  pageHref: string;
  rooms: QrLabel[];
  devices: QrLabel[];
  demo: boolean;
}

/** What a device label's QR encodes: the page, with the version, at the device's section. */
export function deviceLabelUrl(posterUrl: string, deviceCode: string): string {
  return `${posterUrl}#${deviceAnchor(deviceCode)}`;
}

// ---------------------------------------------------------------------------------------------
// The page's view of all of the above

export interface StaffExtraView {
  treatmentMethods: string | null;
  /** "2026年度已签署（2026-01-05）" or null. */
  commitment: string | null;
}

export interface ClinicBoardView {
  openingHours: string | null;
  priceUrl: string | null;
  prices: { item: string; unit: string | null; price: string; note: string | null }[];
  radiology: RadiologyView | null;
  cadence: CadenceView;
  comments: PublishedCommentRecord[];
  commentCount: number;
  /** Pages of comments after the first (/i/{code}/ratings/2/ …), 0 when all fit on the page. */
  morePages: number;
}

export function staffExtraView(e: StaffExtraRecord | undefined): StaffExtraView {
  return {
    treatmentMethods: e?.treatmentMethods ?? null,
    commitment: e?.commitmentYear ? `${e.commitmentYear}年度已签署${e.commitmentSignedOn ? `（${e.commitmentSignedOn}）` : ''}` : null,
  };
}

export function clinicBoardView(
  inst: {
    clinic?: ClinicDetails | undefined;
    radiology?: RadiologyRecord | null | undefined;
    selfInspections: readonly { inspectedOn: IsoDate; kind?: SelfInspectionKind }[];
  },
  asOf: IsoDate,
): ClinicBoardView {
  const c = inst.clinic ?? NO_CLINIC_DETAILS;
  return {
    openingHours: c.openingHours,
    priceUrl: c.priceUrl,
    prices: c.prices.map((p) => ({ item: p.item, unit: p.unit, price: yuan(p.priceCents), note: p.note })),
    radiology: radiologyView(inst.radiology, asOf),
    // Rows recorded before the kind existed were yearly ones (the column's default).
    cadence: selfInspectionCadence(
      inst.selfInspections.map((s) => ({ inspectedOn: s.inspectedOn, kind: s.kind ?? '年度全面' })),
      asOf,
    ),
    comments: c.comments,
    commentCount: c.commentCount,
    morePages: commentPageCount(c.commentCount) - 1,
  };
}
