// npm run worker — the job queue's workers (deliveries, notifications, callbacks, scheduled work)
// on their own, for other machines: set DATABASE_URL to the platform's PostgreSQL (and PII_KEY,
// SMTP_*, SMS_* as on the server). Start as many as you like; see docs/integrations.md.
// Stops on SIGINT/SIGTERM after the jobs in hand finish (a killed worker's jobs are retried).
import { closeSql } from '../src/db/client';
import { startAppWorkers } from '../src/server/jobs';
import { connectDatabase, explain } from './lib/with-database';

const db = await connectDatabase((m) => {
  console.log(m);
}).catch((e: unknown) => {
  console.error(explain(e) || (e instanceof Error ? e.message : String(e)));
  process.exit(1);
});
const workers = await startAppWorkers();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await workers.stop().catch(() => {});
  await closeSql().catch(() => {});
  await db.stop().catch(() => {});
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
