/**
 * Open data: /data/institutions.json and /data/institutions.csv (DESIGN.md contract), and the
 * data dictionary page. One definition of the fields serves all three, so the dictionary can
 * never drift from the files.
 *
 * Nothing personal is published: no staff, no legal representative or principal names, no
 * complainants; penalties are listed with their decision, never with a person's name. Only what
 * the disclosure page shows today is exported (expired penalties and hidden levels are not).
 */
import { regionChain, type DisclosureBoard, type RegionIndex } from './disclosure-board';
import { downgradeDecidingText } from './level-reason';
import { csvLayout, csvLine, joinLines, type LinesLayout } from './csv';
import type { RadiologyView } from './clinic-board';

export interface OpenDataField {
  key: keyof OpenInstitution;
  /** CSV column name. */
  column: string;
  /** Data dictionary text. */
  description: string;
}

export interface OpenPenalty {
  decision_no: string;
  decided_on: string;
  violation: string;
  basis: string;
  penalty: string;
  fine_yuan: number | null;
  shown_until: string;
}

export interface OpenInstitution {
  code: string;
  url: string;
  name: string;
  registration_no: string;
  uscc: string | null;
  type: string;
  hospital_grade: string | null;
  ownership: string | null;
  address: string | null;
  area: string;
  status: string;
  license_valid_to: string | null;
  level_status: string;
  level: string | null;
  level_year: number | null;
  standardized_score: number | null;
  score_basis: string | null;
  evaluated_on: string | null;
  downgraded_on: string | null;
  downgrade_notice_no: string | null;
  downgrade_reason: string | null;
  supervision: string | null;
  level_notes: string | null;
  risk_grade: string | null;
  penalties_shown: number;
  serious_dishonesty: boolean;
  rating_mean: number | null;
  rating_count: number;
  poster_version: number;
  radiology_licence_no: string | null;
  radiation_devices: number;
  radiation_devices_flagged: number;
  region_code: string | null;
  county_code: string | null;
  county_name: string | null;
}

/** Where an institution lies, by code (issue 16: several counties on one deployment). */
export type OpenRegion = Pick<OpenInstitution, 'region_code' | 'county_code' | 'county_name'>;

export const NO_REGION: OpenRegion = { region_code: null, county_code: null, county_name: null };

/** The region columns of a row: the institution's own region and the county (level 3) it lies in. */
export function openRegion(regions: RegionIndex, regionCode: string | null): OpenRegion {
  const county = regionChain(regions, regionCode).find((r) => r.level === 3) ?? null;
  return { region_code: regionCode && regions.has(regionCode) ? regionCode : null, county_code: county?.code ?? null, county_name: county?.name ?? null };
}

/** 放射诊疗 in the JSON file (issue 15): the licence and each device, as the page shows them. */
export interface OpenRadiology {
  licence: { licence_no: string; valid_from: string | null; valid_to: string | null; scope: string; expired: boolean } | null;
  devices: {
    code: string;
    device_type: string;
    model: string | null;
    room: string | null;
    last_tested_on: string | null;
    test_result: string | null;
    status: string;
    test_state: string;
    flagged: boolean;
  }[];
}

export const OPEN_DATA_FIELDS: readonly OpenDataField[] = [
  { key: 'code', column: '机构代码', description: '本平台为机构分配的公示代码（4–12位数字或大写字母），长期不变，是公示页地址和二维码的组成部分。' },
  { key: 'url', column: '公示页地址', description: '机构信用公示页的完整网址。' },
  { key: 'name', column: '机构名称', description: '《医疗机构执业许可证》上的机构名称。' },
  { key: 'registration_no', column: '登记号', description: '医疗机构执业许可证登记号。' },
  { key: 'uscc', column: '统一社会信用代码', description: '18位统一社会信用代码；未登记时为空。' },
  { key: 'type', column: '机构类别', description: '医院、卫生院、诊所、村卫生室等。' },
  { key: 'hospital_grade', column: '医院等级', description: '如“二级甲等”“未定级”；不适用时为空。' },
  { key: 'ownership', column: '所有制形式', description: '如“全民”“集体”“私营”。' },
  { key: 'address', column: '地址', description: '执业地址。' },
  { key: 'area', column: '所在辖区', description: '所在县（市、区）和乡镇（街道）。' },
  { key: 'status', column: '执业状态', description: '执业、歇业、注销或吊销。' },
  { key: 'license_valid_to', column: '许可证有效期至', description: '执业许可证有效期截止日期（YYYY-MM-DD）。' },
  {
    key: 'level_status',
    column: '信用等级公示状态',
    description: '优秀、合格、差；或“复核中”（评价结果复核中，暂不公示等级）、“暂无评价”、“不公示”（歇业、注销、吊销的机构按规定不再公示信用级别）。',
  },
  { key: 'level', column: '信用等级', description: '现行信用级别（已计入年度内降级）；未公示等级时为空。' },
  { key: 'level_year', column: '评价年度', description: '信用级别所属的评价年度。' },
  {
    key: 'standardized_score',
    column: '标化得分',
    description:
      '现行信用级别所依据的标化得分：实际得分 ÷（满分100 − 合理缺项分值）× 100，保留两位小数。年度内降级的，为降级时按现场评价表重新评分的标化得分（年度评价得分见公示页“历年信用评价”）。',
  },
  { key: 'score_basis', column: '得分依据', description: '“年度评价”或“降级重新评分”：标化得分和现行信用级别所依据的评分；未公示等级时为空。' },
  { key: 'evaluated_on', column: '评价日期', description: '年度信用评价日期（YYYY-MM-DD）。' },
  { key: 'downgraded_on', column: '降级日期', description: '年度内降级的，降级通知书日期；未降级为空。' },
  { key: 'downgrade_notice_no', column: '降级通知书文号', description: '年度内降级的，降级通知书文号。' },
  { key: 'downgrade_reason', column: '降级原因', description: '年度内降级的，发现的违法违规行为和重新评分的评定依据；未降级为空。' },
  { key: 'supervision', column: '监督频次', description: '按现行信用级别确定的日常监督方式和频次。' },
  {
    key: 'level_notes',
    column: '整改与复核情况',
    description: '公示页信用等级下方的说明：限期整改（整改中、已整改及其日期）、对评价结果或降级决定的复核（复核中、复核决定）；多项以“；”分隔，没有时为空。',
  },
  { key: 'risk_grade', column: '风险等级', description: '高、中、低；未评定时为空。' },
  { key: 'penalties_shown', column: '公示中的行政处罚数', description: '仍在公示期内的行政处罚决定数；处罚明细见 JSON 文件的 penalties 字段。' },
  { key: 'serious_dishonesty', column: '列入严重失信名单', description: '是否正被列入严重失信名单（是/否；JSON 中为 true/false）。' },
  {
    key: 'rating_mean',
    column: '群众评价平均星级',
    description: '群众评价（1–5 星）的平均星级，保留一位小数；暂无评价时为空。评价留言经审核后才在公示页公开，不在开放数据中。',
  },
  { key: 'rating_count', column: '群众评价人次', description: '群众评价的人次。' },
  { key: 'poster_version', column: '公示栏版本', description: '现行公示栏（含二维码）的版本号；信用级别变化后版本号增加，旧版公示栏应及时更换。' },
  {
    key: 'radiology_licence_no',
    column: '放射诊疗许可证号',
    description: '放射诊疗许可证编号；未开展放射诊疗或未登记时为空。许可项目和设备明细见 JSON 文件的 radiology 字段。',
  },
  { key: 'radiation_devices', column: '放射诊疗设备数', description: '登记的放射诊疗设备台数（含停用、报废）。' },
  {
    key: 'radiation_devices_flagged',
    column: '状态检测逾期或不合格设备数',
    description: '在用设备中状态检测逾期（超过一年未检测或未登记检测，《放射诊疗管理规定》第二十条）或最近一次检测不合格的台数。',
  },
  { key: 'region_code', column: '所在区划代码', description: '机构所在乡镇（街道）或县（市、区）的行政区划代码（GB/T 2260 及其乡镇扩展）；未登记时为空。' },
  {
    key: 'county_code',
    column: '所在县区划代码',
    description: '机构所在县（市、区）的6位行政区划代码；一个平台公示多个县时，按此列区分各县（各县的数据也单独发布在 /data/{县区划代码}/）。',
  },
  { key: 'county_name', column: '所在县名称', description: '机构所在县（市、区）的名称。' },
];

export const OPEN_PENALTY_FIELDS: readonly { key: keyof OpenPenalty; description: string }[] = [
  { key: 'decision_no', description: '行政处罚决定书文号。' },
  { key: 'decided_on', description: '处罚决定日期（YYYY-MM-DD）。' },
  { key: 'violation', description: '违法事实。' },
  { key: 'basis', description: '处罚依据。' },
  { key: 'penalty', description: '处罚内容。' },
  { key: 'fine_yuan', description: '罚款金额（元）；无罚款时为空。' },
  { key: 'shown_until', description: '公示截止日期；此后不再在公示页和开放数据中出现。' },
];

/** The JSON file's `radiology` object (null when nothing is registered): licence and devices. */
export const OPEN_RADIOLOGY_FIELDS: readonly { key: string; description: string }[] = [
  { key: 'licence.licence_no', description: '放射诊疗许可证编号；未登记许可证时 licence 为 null。' },
  { key: 'licence.valid_from / valid_to', description: '许可证有效期起止（YYYY-MM-DD）。' },
  { key: 'licence.scope', description: '许可项目，如“X射线影像诊断”“介入放射学”。' },
  { key: 'licence.expired', description: '许可证是否已过有效期。' },
  { key: 'devices[].code', description: '设备编号（机构内唯一）；设备二维码标签打开公示页 #device-{code} 处。' },
  { key: 'devices[].device_type / model / room', description: '设备类型（CT、DR、牙片机……）、型号、所在机房。' },
  { key: 'devices[].last_tested_on / test_result', description: '最近一次状态检测日期和结果（合格/不合格）。' },
  { key: 'devices[].status', description: '在用、停用或报废。' },
  { key: 'devices[].test_state / flagged', description: '公示页上的检测状态说明；flagged 为 true 表示在用设备状态检测逾期（超过一年）或最近一次检测不合格。' },
];

export const OPEN_DATA_LICENCE =
  '本数据依据政府信息公开的有关规定免费开放。可自由复制、传播、改编和用于商业或非商业用途，但须注明来源，不得歪曲原意，不得用于违法用途；数据以各机构公示页为准，如有出入以公示页和原始决定文书为准。';

export function openRadiology(r: RadiologyView | null): OpenRadiology | null {
  if (!r) return null;
  const l = r.licence;
  return {
    licence: l ? { licence_no: l.licenceNo, valid_from: l.validFrom, valid_to: l.validTo, scope: l.scope, expired: l.expired } : null,
    devices: r.devices.map((d) => ({
      code: d.code,
      device_type: d.deviceType,
      model: d.model,
      room: d.room,
      last_tested_on: d.lastTestedOn,
      test_result: d.testResult,
      status: d.status,
      test_state: d.stateText,
      flagged: d.flagged,
    })),
  };
}

export function openInstitution(
  board: DisclosureBoard,
  url: string,
  region: OpenRegion = NO_REGION,
): OpenInstitution & { penalties: OpenPenalty[]; radiology: OpenRadiology | null } {
  const rad = board.clinic.radiology;
  const lv = board.level;
  const rated = lv.kind === 'rated' ? lv : null;
  return {
    code: board.code,
    url,
    name: board.name,
    registration_no: board.license.registrationNo,
    uscc: board.license.uscc,
    type: board.type,
    hospital_grade: board.license.hospitalGrade,
    ownership: board.license.ownership,
    address: board.license.address,
    area: board.area,
    status: board.license.status,
    license_valid_to: board.license.validTo,
    level_status: board.levelWord,
    level: rated?.level ?? null,
    level_year: rated?.year ?? (lv.kind === 'under-review' ? lv.year : null),
    // After a downgrade the level rests on the re-score, not on the annual score (issue 12 item 3).
    standardized_score: rated ? (rated.basis.score ?? rated.standardizedScore) : null,
    score_basis: rated ? (rated.downgrade ? '降级重新评分' : '年度评价') : null,
    evaluated_on: rated?.evaluatedOn ?? (lv.kind === 'under-review' ? lv.evaluatedOn : null),
    downgraded_on: rated?.downgrade?.noticeDate ?? null,
    downgrade_notice_no: rated?.downgrade?.noticeNo ?? null,
    downgrade_reason: rated?.downgrade ? downgradeDecidingText(rated.downgrade) : null,
    supervision: rated ? rated.supervision.description : null,
    level_notes: board.levelNotes.length > 0 ? board.levelNotes.join('；') : null,
    risk_grade: board.riskGrade,
    penalties_shown: board.penalties.length,
    serious_dishonesty: board.dishonesty.length > 0,
    rating_mean: board.rating?.mean ?? null,
    rating_count: board.rating?.count ?? 0,
    poster_version: board.posterVersion,
    radiology_licence_no: rad?.licence?.licenceNo ?? null,
    radiation_devices: rad?.devices.length ?? 0,
    radiation_devices_flagged: rad?.devices.filter((d) => d.flagged).length ?? 0,
    ...region,
    radiology: openRadiology(rad),
    penalties: board.penalties.map((p) => ({
      decision_no: p.decisionNo,
      decided_on: p.decidedOn,
      violation: p.violation,
      basis: p.basis,
      penalty: p.penalty,
      fine_yuan: p.fineYuan,
      shown_until: p.shownUntil,
    })),
  };
}

/** institutions.json: the header object, then one institution per line (readable, diffable). */
export function openDataJsonLayout(head: Record<string, unknown>): LinesLayout {
  return { prefix: `${JSON.stringify(head).slice(0, -1)},"institutions":[\n`, head: [], separator: ',\n', suffix: '\n]}\n' };
}

/** /data/…/institutions.json from its rows. */
export function openDataDocument(head: Record<string, unknown>, rows: readonly object[]): string {
  return joinLines(
    openDataJsonLayout(head),
    rows.map((r) => JSON.stringify(r)),
  );
}

/** institutions.csv: the CSV file shape with the open-data header line. */
export const OPEN_DATA_CSV_LAYOUT: LinesLayout = csvLayout([csvLine(OPEN_DATA_FIELDS.map((f) => f.column))]);

/** The whole CSV: UTF-8 with BOM (Excel reads Chinese correctly), CRLF line ends, header first. */
export function institutionsCsv(rows: readonly OpenInstitution[]): string {
  return joinLines(OPEN_DATA_CSV_LAYOUT, rows.map(institutionCsvLine));
}

/** One institution's line of the CSV. */
export function institutionCsvLine(row: OpenInstitution): string {
  return csvLine(OPEN_DATA_FIELDS.map((f) => row[f.key]));
}
