import { sql } from './client';

export async function countInstitutions(): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM institutions`;
  return row?.n ?? 0;
}
