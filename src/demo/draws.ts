/**
 * The demo's 双随机 draw (issue 13 item 6): made through the same db functions as /admin/draws, as
 * the demo administrator — 执法证号 for the two demo supervisors, a draw in the demo district
 * supervisor's township, its seed hash published, drawn, results recorded for some institutions
 * and published. Fictional, like everything in src/demo. Runs once: a database with a draw
 * already is left alone.
 */
import { sql } from '../db/client';
import { actorByUsername } from '../db/demo-lifecycle';
import { demoDistrictRegion } from '../db/demo-write';
import { createDraw, drawsExist, itemsOfDraw, performDraw, publishDrawResults, publishSeedHash, recordDrawResult, setInspectorFields } from '../db/draws';
import { chinaDate } from '../domain/working-days';
import { DEMO_ACCOUNTS } from './demo-accounts';

const RESULTS = ['未发现问题', '责令改正', '未发现问题', '限期整改'] as const;

/** Dated today (real time): a draw's results cannot be dated before the draw itself. */
export async function loadDemoDraw(): Promise<void> {
  if (await drawsExist()) return;
  const [admin, district] = await Promise.all(
    ['admin', 'district'].map((role) => actorByUsername(sql, DEMO_ACCOUNTS.find((a) => a.role === role)?.username ?? role)),
  );
  const region = await demoDistrictRegion(sql);
  if (!admin || !district || !region) return;
  // Fictional 执法证号, marked as demo data; no home township, so both may go anywhere.
  await setInspectorFields(admin, admin.id, '演示执法证0001', null, null);
  await setInspectorFields(admin, district.id, '演示执法证0002', null, null);
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  const id = await createDraw(
    admin,
    {
      year,
      title: `${year}年双随机抽查（${region.name}，演示数据）`,
      kind: '双随机',
      regionCode: region.code,
      plan: {
        rules: [
          { match: '差|*|*', percent: 100 },
          { match: '*|高|*', percent: 30 },
          { match: '*', percent: 10 },
        ],
        inspectorsPerItem: 2,
      },
      parentDrawId: null,
    },
    null,
  );
  await publishSeedHash(admin, id, null, null);
  await performDraw(admin, id, null, null);
  const items = await itemsOfDraw(admin, id);
  // Results for the first few; the rest stay 尚未登记, as in a draw whose inspections go on.
  for (const [n, item] of items.slice(0, Math.min(4, items.length - 1)).entries()) {
    const result = RESULTS[n % RESULTS.length] ?? '未发现问题';
    await recordDrawResult(
      admin,
      item.id,
      {
        inspectedOn: today,
        result,
        findingCodes: result === '未发现问题' ? [] : [12],
        findingsText: result === '未发现问题' ? null : '部分门诊病历书写不规范（演示数据）',
        inspectorIds: item.inspectors.map((p) => p.id),
      },
      today,
      null,
    );
  }
  await publishDrawResults(admin, id, null);
}
