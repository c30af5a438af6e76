import { describe, expect, it } from 'vitest';
import {
  clinicBoardView,
  commentPageCount,
  commentsPath,
  deviceLabelUrl,
  deviceTestState,
  deviceTestText,
  LABEL_ROOMS,
  NO_CLINIC_DETAILS,
  oneYearAfter,
  previousQuarterStart,
  radiologyView,
  roomLabelUrl,
  selfInspectionCadence,
  staffExtraView,
  yearsBefore,
  yuan,
  type RadiationDeviceRecord,
} from '../../../src/domain/clinic-board';
import { checkPosterVersion, posterQrUrl } from '../../../src/domain/poster';
import { openRadiology } from '../../../src/domain/open-data';

const device = (over: Partial<RadiationDeviceRecord> = {}): RadiationDeviceRecord => ({
  code: 'R01',
  deviceType: 'DR',
  model: null,
  room: '放射科',
  lastTestedOn: '2026-03-01',
  testResult: '合格',
  status: '在用',
  ...over,
});

describe('yearly dates', () => {
  it('moves a date by whole years, 29 February to 28 February', () => {
    expect(yearsBefore('2026-11-20', 1)).toBe('2025-11-20');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(oneYearAfter('2025-06-30')).toBe('2026-06-30');
  });
});

describe('radiation device tests (《放射诊疗管理规定》第二十条: 每年至少进行一次状态检测)', () => {
  it('is up to date within a year of the last test, due on its anniversary', () => {
    expect(deviceTestState(device(), '2026-11-20')).toEqual({ kind: 'ok', dueOn: '2027-03-01' });
    expect(deviceTestState(device({ lastTestedOn: '2025-11-20' }), '2026-11-20')).toEqual({ kind: 'ok', dueOn: '2026-11-20' });
  });

  it('is overdue the day after the anniversary, or when no test is recorded', () => {
    expect(deviceTestState(device({ lastTestedOn: '2025-11-19' }), '2026-11-20')).toEqual({ kind: 'overdue', dueOn: '2026-11-19' });
    expect(deviceTestState(device({ lastTestedOn: null, testResult: null }), '2026-11-20')).toEqual({ kind: 'overdue', dueOn: null });
  });

  it('marks a failed last test, and says a 停用 or 报废 device is out of use instead of overdue', () => {
    expect(deviceTestState(device({ testResult: '不合格' }), '2026-11-20')).toEqual({ kind: 'failed', testedOn: '2026-03-01' });
    expect(deviceTestState(device({ status: '停用', lastTestedOn: '2020-01-01' }), '2026-11-20')).toEqual({ kind: 'out-of-use', status: '停用' });
    expect(deviceTestState(device({ status: '报废' }), '2026-11-20')).toEqual({ kind: 'out-of-use', status: '报废' });
  });

  it('words every state', () => {
    expect(deviceTestText({ kind: 'ok', dueOn: '2027-03-01' })).toContain('2027-03-01 前完成');
    expect(deviceTestText({ kind: 'overdue', dueOn: '2026-11-19' })).toContain('已逾期');
    expect(deviceTestText({ kind: 'overdue', dueOn: null })).toContain('未登记状态检测');
    expect(deviceTestText({ kind: 'failed', testedOn: '2026-03-01' })).toContain('不合格');
    expect(deviceTestText({ kind: 'out-of-use', status: '报废' })).toBe('已报废，不得用于诊疗');
  });

  it('builds the section: licence expiry, anchors, flags', () => {
    expect(radiologyView(null, '2026-11-20')).toBeNull();
    expect(radiologyView({ licence: null, devices: [] }, '2026-11-20')).toBeNull();
    const v = radiologyView(
      {
        licence: { licenceNo: '演示放证字第0001号', validFrom: '2021-01-01', validTo: '2026-01-01', scope: 'X射线影像诊断' },
        devices: [device(), device({ code: 'R02', lastTestedOn: '2024-01-01' }), device({ code: 'R03', status: '停用' })],
      },
      '2026-11-20',
    );
    expect(v?.licence?.expired).toBe(true);
    expect(v?.devices.map((d) => [d.anchor, d.flagged])).toEqual([
      ['device-R01', false],
      ['device-R02', true],
      ['device-R03', false],
    ]);
    expect(radiologyView({ licence: { licenceNo: 'X', validFrom: null, validTo: null, scope: 'X' }, devices: [] }, '2026-11-20')?.licence?.expired).toBe(false);
  });
});

describe('self-inspection cadence (seed 004: "每年至少开展一次全面自查、每季度至少开展一次日常自查")', () => {
  it('finds the quarter before', () => {
    expect(previousQuarterStart('2026-11-20')).toBe('2026-07-01');
    expect(previousQuarterStart('2026-02-01')).toBe('2025-10-01');
    expect(previousQuarterStart('2026-04-01')).toBe('2026-01-01');
  });

  it('is on time with a full one within a year and any one since the quarter before', () => {
    const c = selfInspectionCadence(
      [
        { inspectedOn: '2026-05-20', kind: '年度全面' },
        { inspectedOn: '2026-07-15', kind: '季度常规' },
      ],
      '2026-11-20',
    );
    expect(c).toEqual({ lastFull: '2026-05-20', fullOverdue: false, lastAny: '2026-07-15', quarterlyOverdue: false });
  });

  it('marks a full self-inspection over a year old, and a whole quarter without any', () => {
    const c = selfInspectionCadence(
      [
        { inspectedOn: '2025-06-01', kind: '年度全面' },
        { inspectedOn: '2026-06-30', kind: '季度常规' },
      ],
      '2026-11-20',
    );
    expect(c.fullOverdue).toBe(true);
    expect(c.quarterlyOverdue).toBe(true);
    expect(c.lastFull).toBe('2025-06-01');
  });

  it('counts a full one as the quarter’s routine one, ignores future dates, and marks none at all', () => {
    expect(selfInspectionCadence([{ inspectedOn: '2026-08-01', kind: '年度全面' }], '2026-11-20').quarterlyOverdue).toBe(false);
    expect(selfInspectionCadence([{ inspectedOn: '2026-12-01', kind: '年度全面' }], '2026-11-20')).toEqual({
      lastFull: null,
      fullOverdue: true,
      lastAny: null,
      quarterlyOverdue: true,
    });
  });
});

describe('prices, comments, staff extras', () => {
  it('writes cents as 元 without floating point', () => {
    expect(yuan(1250)).toBe('12.50 元');
    expect(yuan(5)).toBe('0.05 元');
    expect(yuan(0)).toBe('0.00 元');
  });

  it('pages comments ten at a time', () => {
    expect(commentPageCount(0)).toBe(1);
    expect(commentPageCount(10)).toBe(1);
    expect(commentPageCount(11)).toBe(2);
    expect(commentsPath('AB23CD45', 2)).toBe('/i/AB23CD45/ratings/2/');
  });

  it('says the staff member’s 依法执业承诺 (双承诺) and treatment methods (seed 002 问题十五)', () => {
    expect(staffExtraView(undefined)).toEqual({ treatmentMethods: null, commitment: null });
    expect(staffExtraView({ staffId: 1, treatmentMethods: '针刺、艾灸', commitmentYear: 2026, commitmentSignedOn: '2026-01-05' })).toEqual({
      treatmentMethods: '针刺、艾灸',
      commitment: '2026年度已签署（2026-01-05）',
    });
    expect(staffExtraView({ staffId: 1, treatmentMethods: null, commitmentYear: 2026, commitmentSignedOn: null }).commitment).toBe('2026年度已签署');
  });

  it('builds the whole view; older self-inspection rows count as yearly ones', () => {
    const v = clinicBoardView(
      {
        clinic: { ...NO_CLINIC_DETAILS, prices: [{ item: '诊查费', unit: '次', priceCents: 1000, note: null }], commentCount: 25 },
        radiology: null,
        selfInspections: [{ inspectedOn: '2026-05-01' }],
      },
      '2026-11-20',
    );
    expect(v.prices).toEqual([{ item: '诊查费', unit: '次', price: '10.00 元', note: null }]);
    expect(v.morePages).toBe(2);
    expect(v.cadence.lastFull).toBe('2026-05-01');
    expect(clinicBoardView({ selfInspections: [] }, '2026-11-20').openingHours).toBeNull();
  });
});

describe('QR labels (seed 001: "要在医疗机构的诊室、收费室、药房、病房等醒目位置进行公示")', () => {
  it('has the four rooms seed 001 names first', () => {
    expect(LABEL_ROOMS.slice(0, 4).map((r) => r.name)).toEqual(['诊室', '收费室', '药房', '病房']);
    expect(new Set(LABEL_ROOMS.map((r) => r.key)).size).toBe(LABEL_ROOMS.length);
  });

  it('keeps the poster version, so an outdated label is detected like an outdated poster', () => {
    const url = roomLabelUrl(posterQrUrl('https://xy.example.gov.cn', 'AB23CD45', 2), 'yaofang');
    expect(url).toBe('https://xy.example.gov.cn/i/AB23CD45/?v=2&r=yaofang');
    expect(checkPosterVersion(new URL(url).search, 3)).toEqual({ kind: 'outdated', scanned: 2, current: 3 });
    const dev = deviceLabelUrl(posterQrUrl('https://xy.example.gov.cn', 'AB23CD45', 2), 'R01');
    expect(dev).toBe('https://xy.example.gov.cn/i/AB23CD45/?v=2#device-R01');
    expect(checkPosterVersion(new URL(dev).search, 2)).toEqual({ kind: 'current', version: 2 });
  });
});

describe('radiology in the open data', () => {
  it('is null without anything registered, keeps a missing licence null, and flags devices as the page does', () => {
    expect(openRadiology(null)).toBeNull();
    const v = radiologyView({ licence: null, devices: [device({ lastTestedOn: '2024-01-01' })] }, '2026-11-20');
    expect(openRadiology(v)).toEqual({
      licence: null,
      devices: [
        {
          code: 'R01',
          device_type: 'DR',
          model: null,
          room: '放射科',
          last_tested_on: '2024-01-01',
          test_result: '合格',
          status: '在用',
          test_state: '状态检测已逾期（应在 2025-01-01 前完成）',
          flagged: true,
        },
      ],
    });
    const withLicence = radiologyView(
      { licence: { licenceNo: 'L1', validFrom: null, validTo: '2030-01-01', scope: 'X射线影像诊断' }, devices: [] },
      '2026-11-20',
    );
    expect(openRadiology(withLicence)?.licence).toEqual({ licence_no: 'L1', valid_from: null, valid_to: '2030-01-01', scope: 'X射线影像诊断', expired: false });
  });
});
