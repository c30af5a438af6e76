import { sql, type Tx } from './client';

/** What kind of data this database holds; a demo database says so on every page. */
export interface Dataset {
  demo: boolean;
  label: string;
  authority: string;
  county: string;
}

const FALLBACK: Dataset = { demo: false, label: '', authority: '卫生健康委员会', county: '' };

export async function getDataset(): Promise<Dataset> {
  const rows = await sql<{ value: Dataset }[]>`SELECT value FROM site_settings WHERE key = 'dataset'`;
  return rows[0]?.value ?? FALLBACK;
}

export async function setDataset(tx: Tx, value: Dataset): Promise<void> {
  await tx`INSERT INTO site_settings (key, value) VALUES ('dataset', ${tx.json(value as never)})
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
}
