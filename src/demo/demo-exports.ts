/**
 * The demo's export ledger (数据报送): one earlier 双公示 penalties export and one provincial-points
 * export whose batch the office has entered into the provincial platform, made through the same
 * functions as /admin/exports, as the demo administrator. Points found in the two months before the
 * demo's date stay unentered, so the due list's 待录入省平台 has something to show. Demo only.
 */
import { markExportEntered } from '../db/credit-exports';
import { exportNow } from '../handlers/credit-exports';
import { addCalendarDays, type IsoDate } from '../domain/working-days';
import { demoAdmin } from './demo-reviews';

export async function loadDemoExports(asOf: IsoDate): Promise<number> {
  const admin = await demoAdmin();
  await exportNow({ kind: 'penalties', format: 'xlsx', incremental: true, actor: admin, ip: null });
  const points = await exportNow({ kind: 'provincial-points', format: 'xlsx', incremental: true, actor: admin, ip: null });
  return markExportEntered(admin, points.id, addCalendarDays(asOf, -60), null);
}
