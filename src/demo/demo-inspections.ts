/**
 * The demo's inspection records (issue 13), FICTIONAL like all demo data: the demo administrator and
 * district supervisor get (fictional) 执法证号 and a township, then record inspections over the demo
 * year through the same db functions as a real supervisor — the district account in its township,
 * the administrator elsewhere — with a realistic mix of kinds and results, some 投诉核查 of a
 * substantiated complaint, and a rectification ordered from some records. So /admin/plan and the
 * monthly report have figures. Runs after the demo accounts exist.
 */
import { sql } from '../db/client';
import { demoDistrictRegion } from '../db/demo-write';
import { createInspection, orderRectificationFromInspection, setInspectorDetails } from '../db/inspections';
import { planInput } from '../db/inspection-plan';
import { closedComplaintsOf } from '../db/points-read';
import type { InspectionKind, InspectionResult } from '../domain/inspections';
import { addCalendarDays, chinaDate, toDayNumber, type IsoDate } from '../domain/working-days';
import { DEMO_AS_OF, DEMO_YEAR } from './factory';
import { demoActor } from './demo-downgrades';
import { Rng } from './random';

/** At most this many institutions are visited in the demo (row-by-row writes must stay quick at 7,000). */
const MAX_VISITED = 300;
const STREAM = 21;

const KINDS: readonly (readonly [InspectionKind, number])[] = [
  ['日常', 55],
  ['专项', 20],
  ['回头看', 10],
  ['飞行检查', 5],
  ['投诉核查', 10],
];
const RESULTS: readonly (readonly [InspectionResult, number])[] = [
  ['未发现问题', 55],
  ['责令改正', 25],
  ['限期整改', 15],
  ['立案查处', 5],
];
const TEXTS = ['消毒登记记录不全', '处方书写不规范', '医疗废物暂存点未按要求设置警示标识', '部分医务人员未佩戴工作牌', '门诊日志登记不完整'];

/** Returns how many inspection records were written. */
export async function loadDemoInspections(seed: number): Promise<number> {
  const admin = await demoActor('admin');
  const district = await demoActor('district');
  const region = await demoDistrictRegion(sql);
  await setInspectorDetails(admin, admin.id, '演示执法证0001', null, null);
  await setInspectorDetails(admin, district.id, '演示执法证0002', region?.code ?? null, null);
  const today = chinaDate(new Date());
  const last: IsoDate = toDayNumber(DEMO_AS_OF) < toDayNumber(today) ? DEMO_AS_OF : today;
  const span = toDayNumber(last) - toDayNumber(`${DEMO_YEAR}-01-05`);
  if (span < 0) return 0;
  const all = await planInput(admin, DEMO_YEAR);
  const own = new Set((await planInput(district, DEMO_YEAR)).map((r) => r.id));
  const rng = Rng.of(seed, STREAM, 0);
  const visited = rng.shuffle([...all]).slice(0, Math.min(MAX_VISITED, Math.round(all.length * 0.6)));
  let written = 0;
  for (const inst of visited) {
    const poor = inst.changes.at(-1)?.level === '差';
    const visits = poor ? rng.int(2, 4) : rng.chance(0.15) ? 2 : 1;
    const actor = own.has(inst.id) ? district : admin;
    for (let v = 0; v < visits; v++) {
      const on = addCalendarDays(`${DEMO_YEAR}-01-05`, rng.int(0, span));
      let kind = rng.weighted(KINDS);
      const complaint = kind === '投诉核查' ? (await closedComplaintsOf(actor, inst.id))[0] : undefined;
      if (kind === '投诉核查' && !complaint) kind = '日常';
      const result = rng.weighted(RESULTS);
      const clean = result === '未发现问题';
      const codes = clean ? [] : [...new Set([rng.int(1, 15), ...(rng.chance(0.3) ? [rng.int(1, 15)] : [])])].sort((a, b) => a - b);
      const id = await createInspection(
        actor,
        {
          institutionId: inst.id,
          inspectedOn: on,
          kind,
          findingCodes: codes,
          findingsText: clean ? null : rng.pick(TEXTS),
          result,
          complaintId: complaint?.id ?? null,
          drawItemId: null,
          inspectorIds: [admin.id, district.id],
        },
        today,
        null,
      );
      written += 1;
      if (result === '限期整改' && toDayNumber(on) < toDayNumber(last)) {
        await orderRectificationFromInspection(
          actor,
          id,
          { orderedOn: addCalendarDays(on, 1), periodDays: 30, items: '按检查发现的问题逐项整改，并报送整改报告（演示数据）' },
          today,
          null,
        );
      }
    }
  }
  return written;
}
