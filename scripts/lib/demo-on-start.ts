import { config } from '../../src/config';
import { sql } from '../../src/db/client';
import { existingDataCounts } from '../../src/db/demo-write';
import { loadDemoData } from '../../src/demo/load';
import { loadDemoAccounts } from '../../src/demo/demo-accounts';
import { loadDemoLifecycle } from '../../src/demo/lifecycle';

/**
 * Demo data goes only into an empty embedded database, never into an external DATABASE_URL
 * unless DEMO_DATA_EXTERNAL=1 asks for it.
 */
export async function loadDemoIfEmpty(log: (m: string) => void): Promise<void> {
  if (config.DATABASE_URL && !config.DEMO_DATA_EXTERNAL) return;
  if ((await existingDataCounts(sql)).institutions > 0) return;
  log(`数据库为空：正在载入 ${config.DEMO_INSTITUTIONS} 家虚构机构的演示数据…`);
  await loadDemoData({ institutions: config.DEMO_INSTITUTIONS, seed: 1, log, counties: config.DEMO_COUNTIES });
  await loadDemoAccounts();
  await loadDemoLifecycle();
}
