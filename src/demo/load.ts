import { sql } from '../db/client';
import { setDataset } from '../db/site-settings';

export interface DemoOptions { institutions: number; seed: number; log?: (m: string) => void }

/** Placeholder: replaced by the demo generator. */
export async function loadDemoData(opts: DemoOptions): Promise<void> {
  await sql.begin(async (tx) => {
    await setDataset(tx as unknown as typeof sql, { demo: true, label: '演示数据', authority: '示范县卫生健康委员会', county: '示范县' });
  });
  opts.log?.('（演示数据生成器尚未完成）');
}
