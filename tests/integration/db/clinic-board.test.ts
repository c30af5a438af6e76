// The clinic page's items against PostgreSQL (issue 15, part A): the db functions a supervisor
// (and, after the merge, the portal's approval) calls — jurisdiction and role in SQL, audit in the
// same transaction — the build's reads, and the radiology import from one sheet to the open data.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, sql } from '../../support/db';
import { makeWorld, type World } from '../handlers/admin/world';
import { transaction } from '../../../src/db/client';
import {
  approvedCommentsPage,
  devicesOfInstitution,
  institutionsWithMoreComments,
  loadClinicDetails,
  loadRadiology,
  practisingBoardTargets,
  ratedRecently,
  recordSelfInspection,
  setOpeningHoursAndPrices,
  setRadiology,
  setStaffCommitment,
  setTreatmentMethods,
} from '../../../src/db/clinic-board';
import { loadInstitutionsByIds } from '../../../src/db/public-read';
import { disclosureBoard, indexRegions } from '../../../src/domain/disclosure-board';
import { openInstitution, institutionsCsv } from '../../../src/domain/open-data';
import { runImport } from '../../../src/import/pipeline';
import { csvText } from '../import/cli-helpers';

useTestDatabase();
let w: World;
let staffId: number;
const TODAY = '2026-11-20';

beforeAll(async () => {
  w = await makeWorld();
  const [s] = await sql<{ id: number }[]>`
    INSERT INTO staff (institution_id, name, profession, practice_category, practice_scope)
    VALUES (${w.instA}, '王中医', '医师', '中医', '中医专业') RETURNING id`;
  staffId = s!.id;
});

describe('setting the board items', () => {
  it('refuses a viewer and a district supervisor outside their regions, and writes nothing', async () => {
    const input = { openingHours: '每日 8:00—17:00', priceUrl: null };
    await expect(transaction((tx) => setOpeningHoursAndPrices(tx, w.instA, input, w.viewer))).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(transaction((tx) => setOpeningHoursAndPrices(tx, w.instB, input, w.districtA))).rejects.toMatchObject({ kind: 'not-found' });
    const [row] = await sql`SELECT opening_hours FROM institutions WHERE id = ${w.instB}`;
    expect(row?.['opening_hours']).toBeNull();
  });

  it('sets hours, prices, treatment methods, a staff commitment and self-inspections, each audit-logged; the page shows them', async () => {
    await transaction(async (tx) => {
      await setOpeningHoursAndPrices(
        tx,
        w.instA,
        {
          openingHours: '周一至周六 8:00—18:00',
          priceUrl: null,
          prices: [
            { item: '普通门诊诊查费', unit: '次', priceCents: 1000, note: null },
            { item: '肌肉注射', unit: '次', priceCents: 350, note: '不含药品' },
          ],
        },
        w.districtA,
        '机构提交，核对无误',
      );
      await setTreatmentMethods(tx, staffId, '针刺、艾灸、拔罐', w.districtA);
      await setStaffCommitment(tx, staffId, { year: 2026, signedOn: '2026-01-06', body: null }, w.districtA);
      await recordSelfInspection(tx, w.instA, { inspectedOn: '2026-05-20', kind: '年度全面', result: '合格', findings: null, rectified: null }, w.districtA);
      await recordSelfInspection(
        tx,
        w.instA,
        { inspectedOn: '2026-10-15', kind: '季度常规', result: '基本合格', findings: '处方书写不规范', rectified: true },
        w.districtA,
      );
    });
    const actions = await sql<{ action: string }[]>`SELECT action FROM audit_log WHERE actor_id = ${w.districtA.id} ORDER BY id`;
    expect(actions.map((a) => a.action)).toEqual([
      'institution.hours-prices',
      'staff.treatment-methods',
      'staff.commitment',
      'self-inspection.record',
      'self-inspection.record',
    ]);

    const [inst] = await loadInstitutionsByIds([w.instA]);
    const clinic = (await loadClinicDetails([w.instA])).get(w.instA);
    const board = disclosureBoard({ ...inst!, clinic: clinic! }, indexRegions([]), TODAY);
    expect(board.clinic.openingHours).toBe('周一至周六 8:00—18:00');
    expect(board.clinic.prices.map((p) => `${p.item} ${p.price}`)).toEqual(['普通门诊诊查费 10.00 元', '肌肉注射 3.50 元']);
    expect(board.staff[0]?.extra).toEqual({ treatmentMethods: '针刺、艾灸、拔罐', commitment: '2026年度已签署（2026-01-06）' });
    expect(board.clinic.cadence).toEqual({ lastFull: '2026-05-20', fullOverdue: false, lastAny: '2026-10-15', quarterlyOverdue: false });
    expect(board.selfInspections.map((s) => s.kind)).toEqual(['季度常规', '年度全面']);

    // Setting the prices again replaces the list; leaving them out keeps it.
    await transaction((tx) => setOpeningHoursAndPrices(tx, w.instA, { openingHours: null, priceUrl: 'https://example.com/fees' }, w.admin));
    const again = (await loadClinicDetails([w.instA])).get(w.instA);
    expect(again).toMatchObject({ openingHours: null, priceUrl: 'https://example.com/fees' });
    expect(again?.prices).toHaveLength(2);
  });

  it('lists the practising institutions with their 中医 doctors and staff for the demo', async () => {
    const targets = await practisingBoardTargets(1000);
    expect(targets.find((t) => t.id === w.instA)).toMatchObject({ chineseMedicineDoctors: [staffId], staffIds: [staffId] });
    // The demo's cap: the first institutions in id order, at most `limit`.
    const first = await practisingBoardTargets(1);
    expect(first.map((t) => t.id)).toEqual([Math.min(...targets.map((t) => t.id))]);
  });
});

describe('approved comments', () => {
  it('reads the first page, counts them, pages the rest newest first, and knows a device that rated', async () => {
    for (let i = 0; i < 12; i += 1) {
      await sql`INSERT INTO ratings (institution_id, stars, comment, comment_public, comment_status, device_hash, created_at)
                VALUES (${w.instA}, ${1 + (i % 5)}, ${`原文${i}`}, ${`公开留言${i}`}, '已公开', ${`dev${i}`}, ${`2026-0${1 + Math.floor(i / 3)}-1${i % 3} 10:00+08`})`;
    }
    await sql`INSERT INTO ratings (institution_id, stars, comment, comment_status, device_hash) VALUES (${w.instA}, 1, '待审的', '待审核', 'devX')`;
    const clinic = (await loadClinicDetails([w.instA])).get(w.instA);
    expect(clinic?.commentCount).toBe(12);
    expect(clinic?.comments).toHaveLength(10);
    expect(clinic?.comments[0]?.text).toBe('公开留言11');
    expect(clinic?.comments.some((c) => c.text.includes('待审'))).toBe(false);
    expect((await approvedCommentsPage(w.instA, 2)).map((c) => c.text)).toEqual(['公开留言1', '公开留言0']);
    expect(await institutionsWithMoreComments()).toEqual([{ institutionId: w.instA, code: 'TSTA01', count: 12 }]);
    expect(await ratedRecently(w.instA, 'devX', 30)).toBe(true);
    expect(await ratedRecently(w.instA, 'dev0', 30)).toBe(false); // months ago
    expect(await ratedRecently(w.instB, 'devX', 30)).toBe(false);
  });
});

describe('radiology', () => {
  it('sets a licence and devices through the db function, audit-logged', async () => {
    await transaction((tx) =>
      setRadiology(
        tx,
        w.instA,
        {
          licence: { licenceNo: '示放证字〔2024〕第001号', validFrom: '2024-03-01', validTo: '2029-02-28', scope: 'X射线影像诊断' },
          devices: [{ code: 'R01', deviceType: 'DR', model: null, room: '放射科', lastTestedOn: '2025-10-01', testResult: '合格', status: '在用' }],
        },
        w.districtA,
      ),
    );
    const r = (await loadRadiology([w.instA])).get(w.instA);
    expect(r?.licence?.licenceNo).toBe('示放证字〔2024〕第001号');
    expect(r?.devices.map((d) => d.code)).toEqual(['R01']);
    await expect(transaction((tx) => setRadiology(tx, w.instB, { licence: null, devices: [] }, w.districtA))).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('imports a radiology sheet (one row per device, the licence repeated) into the page and the open data', async () => {
    const header = [
      '登记号',
      '放射诊疗许可证号',
      '许可证有效期起',
      '许可证有效期至',
      '许可项目',
      '设备编号',
      '设备类型',
      '型号',
      '机房',
      '最近状态检测日期',
      '检测结果',
      '设备状态',
    ];
    const bad = await runImport('radiology', {
      bytes: Buffer.from('\uFEFF' + csvText([header, ['REG-B', '乙证', '2024-01-01', '2023-01-01', '', 'r 1', 'CT', '', '', '2026-13-01', '好', '']]), 'utf8'),
      fileName: 'radiology.csv',
    });
    expect(bad.report.errors.map((e) => `${e.line} ${e.column}: ${e.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2 许可项目: 填了放射诊疗许可证号时/),
        expect.stringMatching(/^2 设备编号: /),
        expect.stringMatching(/^2 检测结果: /),
      ]),
    );
    const mismatch = await runImport('radiology', {
      bytes: Buffer.from(
        '\uFEFF' +
          csvText([
            header,
            ['REG-B', '乙证1', '', '', 'X射线影像诊断（口腔）', 'R01', '牙片机', '', '', '', '', ''],
            ['REG-B', '乙证2', '', '', 'X射线影像诊断（口腔）', 'R02', '牙片机', '', '', '', '', ''],
          ]),
        'utf8',
      ),
      fileName: 'radiology.csv',
    });
    expect(mismatch.report.errors).toEqual([{ line: 3, column: '放射诊疗许可证号', message: '同一机构各行的放射诊疗许可证（号码、有效期、许可项目）应相同' }]);

    const ok = await runImport('radiology', {
      bytes: Buffer.from(
        '\uFEFF' +
          csvText([
            header,
            [
              'REG-B',
              '示放证字〔2025〕第002号',
              '2025-01-01',
              '2030-01-01',
              'X射线影像诊断（口腔）',
              'R01',
              '牙片机',
              'KX-1',
              '口腔影像室',
              '2026-03-01',
              '合格',
              '',
            ],
            [
              'REG-B',
              '示放证字〔2025〕第002号',
              '2025-01-01',
              '2030-01-01',
              'X射线影像诊断（口腔）',
              'r02',
              '口腔CBCT',
              '',
              '口腔影像室',
              '2025-06-01',
              '合格',
              '在用',
            ],
            ['REG-A', '', '', '', '', 'R01', 'DR', '', '放射科', '2026-10-01', '合格', '停用'],
          ]),
        'utf8',
      ),
      fileName: 'radiology.csv',
    });
    expect(ok.report.errors).toEqual([]);
    expect(ok.report.result).toMatchObject({ created: 2, updated: 1 });
    expect((await devicesOfInstitution('TSTB01')).map((d) => [d.code, d.status])).toEqual([
      ['R01', '在用'],
      ['R02', '在用'],
    ]);
    // REG-A's licence is kept (no licence number on its row); its device was updated.
    const rad = await loadRadiology(null);
    expect(rad.get(w.instA)?.licence?.licenceNo).toBe('示放证字〔2024〕第001号');
    expect(rad.get(w.instA)?.devices[0]).toMatchObject({ status: '停用', lastTestedOn: '2026-10-01' });

    const [inst] = await loadInstitutionsByIds([w.instB]);
    const board = disclosureBoard({ ...inst!, radiology: rad.get(w.instB) ?? null }, indexRegions([]), TODAY);
    expect(board.clinic.radiology?.devices.map((d) => [d.anchor, d.flagged])).toEqual([
      ['device-R01', false],
      ['device-R02', true], // tested 2025-06-01: over a year before 2026-11-20
    ]);
    const open = openInstitution(board, 'https://example.com/i/TSTB01/');
    expect(open).toMatchObject({ radiology_licence_no: '示放证字〔2025〕第002号', radiation_devices: 2, radiation_devices_flagged: 1 });
    expect(open.radiology?.licence?.scope).toBe('X射线影像诊断（口腔）');
    expect(institutionsCsv([open])).toContain('放射诊疗许可证号');
  });
});

describe('price lists', () => {
  it('imports a price sheet: prices in 元 kept as cents, items found again by name, bad cells named', async () => {
    const header = ['登记号', '项目', '价格', '计价单位', '说明'];
    const load = (rows: string[][]) => runImport('prices', { bytes: Buffer.from('\uFEFF' + csvText([header, ...rows]), 'utf8'), fileName: 'prices.csv' });
    const bad = await load([
      ['REG-B', '诊查费', '-3', '次', ''],
      ['REG-B', '', '12', '', ''],
      ['REG-B', '注射费', '', '', ''],
    ]);
    expect(bad.report.errors.map((e) => `${e.line} ${e.column}`)).toEqual(['2 价格', '3 项目', '4 价格']);
    const ok = await load([
      ['REG-B', '诊查费', '12.35', '次', ''],
      ['REG-B', '牙片', '20', '张', '含胶片'],
    ]);
    expect(ok.report.errors).toEqual([]);
    expect(ok.report.result).toMatchObject({ created: 2 });
    const again = await load([['REG-B', '诊查费', '15', '次', '']]);
    expect(again.report.result).toMatchObject({ created: 0, updated: 1 });
    const clinic = (await loadClinicDetails([w.instB])).get(w.instB);
    expect(clinic?.prices.map((p) => [p.item, p.priceCents, p.unit, p.note])).toEqual([
      ['诊查费', 1500, '次', null],
      ['牙片', 2000, '张', '含胶片'],
    ]);
  });
});

describe('staff commitments and treatment methods from the staff sheet (双承诺)', () => {
  it('records each row’s commitment for the year of its date, for existing and new staff alike', async () => {
    const header = ['登记号', '姓名', '人员类别', '执业类别', '执业证书编码', '治疗方法', '依法执业承诺签署日期'];
    const r = await runImport('staff', {
      bytes: Buffer.from(
        '\uFEFF' +
          csvText([
            header,
            ['REG-A', '王中医', '医师', '中医', '', '针刺、推拿', '2027-01-08'],
            ['REG-B', '新护士', '护士', '', '220000000001', '', '2026-02-01'],
            ['REG-B', '未签者', '护士', '', '220000000002', '', ''],
          ]),
        'utf8',
      ),
      fileName: 'staff.csv',
    });
    expect(r.report.errors).toEqual([]);
    const rows = await sql<{ name: string; year: number; signed: string; methods: string | null }[]>`
      SELECT s.name, c.year, c.signed_on::text AS signed, s.treatment_methods AS methods
        FROM staff_commitments c JOIN staff s ON s.id = c.staff_id ORDER BY s.name, c.year`;
    expect(rows).toEqual([
      { name: '新护士', year: 2026, signed: '2026-02-01', methods: null },
      { name: '王中医', year: 2026, signed: '2026-01-06', methods: '针刺、推拿' },
      { name: '王中医', year: 2027, signed: '2027-01-08', methods: '针刺、推拿' },
    ]);
  });
});
