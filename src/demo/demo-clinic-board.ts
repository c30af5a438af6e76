/**
 * The demo's clinic-page items (issue 15), entered the way a supervisor enters them — through
 * the db functions of src/db/clinic-board.ts as the demo administrator, audit-logged: 诊疗时间 and
 * 价格公示, radiology (licence and devices for institutions with 医学影像科: hospitals, 卫生院,
 * dental clinics with a 牙片机), treatment methods of 中医 doctors, staff 依法执业承诺 (双承诺) and
 * the quarterly routine self-inspections (seed 004). All fictional; some devices are left overdue
 * and some institutions without a recent self-inspection, so the page's marks can be seen.
 */
import { transaction } from '../db/client';
import {
  practisingBoardTargets,
  recordSelfInspection,
  setOpeningHoursAndPrices,
  setRadiology,
  setStaffCommitment,
  setTreatmentMethods,
  type BoardTarget,
  type DeviceInput,
} from '../db/clinic-board';
import type { Actor } from '../domain/roles';
import type { IsoDate } from '../domain/working-days';
import { DEMO_AS_OF, DEMO_YEAR } from './factory';
import { Rng, hashString } from './random';

const HOSPITAL_HOURS = '门诊：周一至周日 8:00—12:00，14:30—17:30\n急诊：24小时';
const CLINIC_HOURS = ['周一至周六 8:00—12:00，14:30—18:00；周日休息', '每日 8:00—20:00', '周一至周五 8:00—17:30；周六上午 8:00—12:00'];

/** Fictional price lists (元 in cents), a few items as a clinic posts them. */
const PRICES: Record<string, { item: string; unit: string; priceCents: number; note: string | null }[]> = {
  general: [
    { item: '普通门诊诊查费', unit: '次', priceCents: 1000, note: null },
    { item: '静脉输液（第一组）', unit: '次', priceCents: 1200, note: null },
    { item: '肌肉注射', unit: '次', priceCents: 300, note: null },
    { item: '换药（小）', unit: '次', priceCents: 1500, note: null },
  ],
  dental: [
    { item: '口腔检查', unit: '次', priceCents: 500, note: null },
    { item: '根尖片（牙片）', unit: '张', priceCents: 2000, note: null },
    { item: '龋齿充填（树脂）', unit: '牙', priceCents: 15000, note: '材料另计' },
    { item: '洁治（全口）', unit: '次', priceCents: 12000, note: null },
  ],
  tcm: [
    { item: '中医辨证论治', unit: '次', priceCents: 1500, note: null },
    { item: '普通针刺', unit: '次', priceCents: 2500, note: null },
    { item: '拔罐', unit: '次', priceCents: 1000, note: null },
    { item: '推拿（局部）', unit: '次', priceCents: 3000, note: null },
  ],
};

const TCM_METHODS = ['针刺、艾灸、拔罐', '中药内服（汤剂）、外敷', '推拿、正骨手法', '刮痧、拔罐、穴位贴敷'];

const BIG = new Set(['医院', '中医医院', '妇幼保健院', '中西医结合医院', '专科医院', '康复医院', '口腔医院']);

function isDental(t: BoardTarget): boolean {
  return t.departments.includes('口腔科') && t.departments.length <= 2;
}

function dateBefore(rng: Rng, days: number): IsoDate {
  const d = new Date(`${DEMO_AS_OF}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - rng.int(0, days));
  return d.toISOString().slice(0, 10);
}

/** Devices by kind of institution; about one in six has its yearly test overdue. */
function devicesFor(rng: Rng, t: BoardTarget): DeviceInput[] {
  const kinds = isDental(t)
    ? [['牙片机', '口腔影像室'], ...(rng.chance(0.4) ? [['口腔CBCT', '口腔影像室']] : [])]
    : BIG.has(t.type)
      ? [['DR', '放射科1室'], ['CT', 'CT室'], ['数字胃肠机', '放射科2室'], ...(rng.chance(0.5) ? [['DSA', '介入导管室']] : [])]
      : [['DR', '放射科']];
  return kinds.map(([type, room], i) => {
    const overdue = rng.chance(1 / 6);
    const retired = !overdue && i > 0 && rng.chance(0.1);
    return {
      code: `R${String(i + 1).padStart(2, '0')}`,
      deviceType: type ?? 'DR',
      model: `演示型号 ${String.fromCharCode(65 + rng.int(0, 5))}-${rng.int(100, 999)}`,
      room: room ?? null,
      // Overdue: last tested in January–September of the year before the demo date (over a year ago).
      lastTestedOn: overdue ? `${DEMO_YEAR - 1}-0${rng.int(1, 9)}-1${rng.int(0, 9)}` : dateBefore(rng, 300),
      testResult: '合格',
      status: retired ? '停用' : '在用',
    };
  });
}

function licenceFor(rng: Rng, t: BoardTarget): { licenceNo: string; validFrom: IsoDate; validTo: IsoDate; scope: string } {
  const from = `${DEMO_YEAR - rng.int(0, 3)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
  return {
    licenceNo: `演示放证字〔${from.slice(0, 4)}〕第${String(hashString(t.code) % 10000).padStart(4, '0')}号`,
    validFrom: from,
    validTo: `${Number(from.slice(0, 4)) + 5}${from.slice(4)}`,
    scope: isDental(t) ? 'X射线影像诊断（口腔）' : BIG.has(t.type) ? 'X射线影像诊断、介入放射学' : 'X射线影像诊断',
  };
}

/** The first day of each quarter of the demo year up to the demo date, plus a few days. */
function quarterDates(rng: Rng): IsoDate[] {
  const out: IsoDate[] = [];
  for (const m of ['01', '04', '07', '10']) {
    const on = `${DEMO_YEAR}-${m}-${String(rng.int(10, 28)).padStart(2, '0')}`;
    if (on <= DEMO_AS_OF) out.push(on);
  }
  return out;
}

/** Enters the items for every practising institution; returns how many were given radiology. */
/**
 * The board details go through the audited one-institution functions, about ten audited writes per
 * institution: the first DEMO_BOARD_MAX practising institutions get them (all of them in the
 * default demo of 300), not the 100,000 of a benchmark, where this step alone took over half an
 * hour. A real deployment enters them in bulk with the import kinds (prices, commitments,
 * self-inspections, radiology).
 */
export const DEMO_BOARD_MAX = 3000;

export async function loadDemoClinicBoard(seed: number, admin: Actor): Promise<number> {
  let radiology = 0;
  for (const t of await practisingBoardTargets(DEMO_BOARD_MAX)) {
    const rng = Rng.of(seed, 15, t.id);
    await transaction(async (tx) => {
      const big = BIG.has(t.type);
      const prices = isDental(t) ? PRICES['dental'] : t.type === '中医诊所' || t.departments[0] === '中医科' ? PRICES['tcm'] : PRICES['general'];
      await setOpeningHoursAndPrices(
        tx,
        t.id,
        {
          openingHours: big || t.type === '卫生院' ? HOSPITAL_HOURS : rng.pick(CLINIC_HOURS),
          // Hospitals link their official 收费公示 (a fictional address); the others post a list.
          priceUrl: big ? `https://www.example.com/demo-price/${t.code}` : null,
          prices: big ? [] : (prices ?? []),
        },
        admin,
        '演示数据',
      );
      if (t.departments.includes('医学影像科') && (big || t.type === '卫生院' || isDental(t))) {
        await setRadiology(tx, t.id, { licence: rng.chance(0.95) ? licenceFor(rng, t) : null, devices: devicesFor(rng, t) }, admin, '演示数据');
        radiology += 1;
      }
      for (const [i, staffId] of t.chineseMedicineDoctors.entries()) {
        if (i < 2 && (t.type === '中医诊所' || rng.chance(0.3))) await setTreatmentMethods(tx, staffId, rng.pick(TCM_METHODS), admin, '演示数据');
      }
      // 双承诺: most staff sign each year in January.
      for (const staffId of t.staffIds) {
        if (rng.chance(0.85))
          await setStaffCommitment(
            tx,
            staffId,
            { year: DEMO_YEAR, signedOn: `${DEMO_YEAR}-01-${String(rng.int(5, 25)).padStart(2, '0')}`, body: null },
            admin,
            '演示数据',
          );
      }
      // Quarterly routine self-inspections; some institutions skip the latest quarters (shown overdue).
      const skipFrom = rng.chance(0.2) ? rng.int(1, 3) : 9;
      for (const [q, on] of quarterDates(rng).entries()) {
        if (q >= skipFrom) continue;
        await recordSelfInspection(
          tx,
          t.id,
          { inspectedOn: on, kind: '季度常规', result: rng.chance(0.9) ? '合格' : '基本合格', findings: null, rectified: null },
          admin,
          '演示数据',
        );
      }
    });
  }
  return radiology;
}
