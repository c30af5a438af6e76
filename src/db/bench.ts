/**
 * The statements of the intake benchmark (scripts/bench-intake.ts): it counts what each target
 * wrote and settles the tables between targets, on the benchmark's own database.
 */
import type { Tx } from './client';

export async function countComplaints(tx: Tx): Promise<number> {
  const [row] = await tx<{ n: number }[]>`SELECT count(*) AS n FROM complaints`;
  return row?.n ?? 0;
}

/** How many of these tracking numbers (without dashes) have their row. */
export async function countTrackedComplaints(tx: Tx, trackingNos: readonly string[]): Promise<number> {
  const [row] = await tx<{ n: number }[]>`SELECT count(*) AS n FROM complaints WHERE tracking_no = ANY(${[...trackingNos]}::text[])`;
  return row?.n ?? 0;
}

/**
 * Vacuums and flushes the rows the previous target wrote, so that autovacuum or a checkpoint does
 * not run during the next measurement. Outside a transaction (VACUUM refuses one).
 */
export async function settleIntakeTables(tx: Tx): Promise<void> {
  await tx`VACUUM ANALYZE complaints, complaint_events, outbox, idempotency_keys`;
  await tx`CHECKPOINT`;
}

/** The publish benchmark's institution of round `n`: a practising one, spread over the table. */
export async function benchInstitution(n: number, tx: Tx): Promise<{ code: string; registrationNo: string } | null> {
  const [row] = await tx<{ code: string; registrationNo: string }[]>`
    SELECT code, registration_no AS "registrationNo" FROM institutions WHERE status = '执业'
     ORDER BY id OFFSET (SELECT (${n} * 7919) % greatest(count(*), 1) FROM institutions WHERE status = '执业') LIMIT 1`;
  return row ?? null;
}
