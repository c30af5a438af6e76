/**
 * Loads the fictional demo data: regions, institutions and their whole history, in one
 * transaction. Called by `npm run demo:data` (scripts/demo-data.ts) and by `npm start` on an empty
 * embedded database (scripts/lib/demo-on-start.ts).
 *
 * Institutions are generated county by county in chunks, and each chunk is streamed with COPY
 * before the next is built, so memory stays bounded whatever the size. Evaluations wait until
 * their county is complete: the 10 % cut on 优秀 is applied per year and jurisdiction (county).
 * They go the way a real deployment's do (issue 12 item 1): entered by the demo district account
 * as submissions, then approved by the demo admin (src/db/evaluation-submissions.ts), which
 * writes the evaluations and recomputes the cut — the same levels and reasons the generator
 * computed.
 */
import { transaction, type Tx } from '../db/client';
import {
  COLUMNS,
  analyzeDemoTables,
  copyRows,
  datasetIsDemo,
  ensureDemoAccount,
  evaluationIdsOf,
  existingDataCounts,
  lockDemoLoad,
  logDemoLoad,
  nextIds,
  resetDemoTables,
  restoreSupervisorRegions,
  syncIdSequences,
  upsertRegions,
  type DemoTable,
  type EvaluationSubmissionRow,
} from '../db/demo-write';
import type { EvaluationRow } from '../db/demo-rows';
import { approveSubmissionsIn } from '../db/evaluation-submissions';
import { CUT_REASON_PREFIX } from '../domain/level-reason';
import type { Actor } from '../domain/roles';
import { chinaDate } from '../domain/working-days';
import { hashPassword } from '../server/auth';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { setDataset } from '../db/site-settings';
import { queryCodeHash } from '../handlers/intake/complaint';
import { encrypt } from '../server/pii-crypto';
import { fileDemoReviews, takeReviewIntents, type DemoReviewIntent } from './demo-reviews';
import { loadDemoInspections } from './demo-inspections';
import { loadDemoExports } from './demo-exports';
import { DEMO_AS_OF, demoCountySettings, demoStream, makeRegions, newBundleContext } from './factory';
import { saveCountySettings } from '../db/counties';
import { loadDemoSatisfaction } from './complaint-satisfaction';
import { loadDemoAccounts } from './demo-accounts';
import { loadDemoPortal } from './demo-portal';
import { loadDemoClients } from './demo-clients';
import { demoActor, loadDemoDowngrades } from './demo-downgrades';
import { loadDemoClinicBoard } from './demo-clinic-board';

export interface DemoOptions {
  institutions: number;
  seed: number;
  log?: (m: string) => void;
  /**
   * Empty the demo tables first (see RESET_TABLES in src/db/demo-write.ts). Without it the
   * database must hold no institutions and no complaints, or nothing is written.
   */
  reset?: boolean;
  /** Called after each chunk with institutions done / total; without it `log` gets a line per 10 %. */
  progress?: (done: number, total: number) => void;
  /** A small province of exactly this many counties (--counties N, DEMO_COUNTIES); unset: by size. */
  counties?: number | undefined;
}

export interface DemoSummary {
  institutions: number;
  counties: number;
  /** Rows written per table. */
  rows: Record<DemoTable | 'regions', number>;
  totalRows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Supervisor–region links dropped because their region no longer exists after --reset. */
  droppedSupervisorRegions: number;
  /** One complaint to try on the public status page (tracking number and query code). */
  sampleComplaint: { trackingNo: string; queryCode: string } | null;
}

/** The database already holds data and --reset was not given: nothing was written. */
export class DemoDataRefused extends Error {
  constructor(institutions: number, complaints: number, realData: boolean) {
    super(
      realData
        ? `数据库中的 ${institutions} 家机构、${complaints} 条投诉不是演示数据，--reset 只清空演示数据库，未做任何修改；` +
            '如要在此处生成演示数据，请换用一个空数据库（另设 DATA_DIR 或 DATABASE_URL）。'
        : `数据库中已有 ${institutions} 家机构，为避免与演示数据混在一起，未做任何修改；` + '如确要清空这些数据并重新生成演示数据，请加 --reset。',
    );
    this.name = 'DemoDataRefused';
  }
}

/** Progress is reported every CHUNK institutions. */
const CHUNK = 2000;

/**
 * Rows per COPY. Each COPY costs a fixed round trip (~90 ms on a socket without TCP_NODELAY:
 * the last data message and CopyDone wait for a delayed ACK), so rows are gathered per table
 * across institutions and flushed in batches. Memory stays bounded by the batch size.
 */
const FLUSH_ROWS = 25_000;

/** Foreign keys between the loaded tables: a table is flushed only after its parents. */
const PARENTS: Partial<Record<DemoTable, readonly DemoTable[]>> = {
  staff: ['institutions'],
  commitments: ['institutions'],
  evaluation_submissions: ['institutions'],
  evaluations: ['institutions'],
  downgrades: ['evaluations'],
  penalties: ['institutions', 'staff'],
  point_records: ['institutions', 'staff'],
  point_appeals: ['point_records'],
  self_inspections: ['institutions'],
  ratings: ['institutions'],
  serious_dishonesty: ['institutions'],
  complaints: ['institutions'],
  complaint_events: ['complaints'],
};

/** Rows handed to COPY but not yet written before generation waits for the database. */
const MAX_QUEUED_ROWS = 75_000;

/**
 * Buffers rows per table and streams them with COPY, parents first. COPYs run one after the
 * other on the transaction's connection, in the background: generation goes on while the
 * database ingests (the caller yields to the event loop now and then so the socket is fed),
 * and waits only when too many rows are queued.
 */
class TableWriter {
  private readonly buffers = new Map<DemoTable, object[]>();
  private readonly full = new Set<DemoTable>();
  private pending: Promise<void> = Promise.resolve();
  private queuedRows = 0;

  constructor(
    private readonly tx: Tx,
    private readonly counts: Record<string, number>,
  ) {}

  /** Buffers rows; `flushFull` then writes the tables whose buffer reached its batch size. */
  add(table: DemoTable, items: readonly object[]): void {
    if (items.length === 0) return;
    let buf = this.buffers.get(table);
    if (!buf) this.buffers.set(table, (buf = []));
    for (const item of items) buf.push(item);
    if (buf.length >= FLUSH_ROWS) this.full.add(table);
  }

  async flushFull(): Promise<void> {
    if (this.full.size === 0) return;
    const tables = [...this.full];
    this.full.clear();
    for (const table of tables) await this.flush(table);
  }

  async flush(table: DemoTable): Promise<void> {
    for (const parent of PARENTS[table] ?? []) await this.flush(parent);
    const buf = this.buffers.get(table);
    if (!buf || buf.length === 0) return;
    this.buffers.set(table, []);
    this.queuedRows += buf.length;
    const next = this.pending.then(async () => {
      this.counts[table] = (this.counts[table] ?? 0) + (await copyRows(this.tx, table, COLUMNS[table], buf));
      this.queuedRows -= buf.length;
    });
    // A failed COPY is reported by the next `drain`; this only keeps Node from calling it unhandled.
    next.catch(() => {});
    this.pending = next;
    if (this.queuedRows > MAX_QUEUED_ROWS) await this.pending;
  }

  /** Counts rows written another way (approved evaluations). */
  count(table: DemoTable, n: number): void {
    this.counts[table] = (this.counts[table] ?? 0) + n;
  }

  /** Flushes every buffer and waits until the database has everything. */
  async drain(): Promise<void> {
    for (const table of Object.keys(COLUMNS) as DemoTable[]) await this.flush(table);
    await this.pending;
  }
}

/** The demo district account (who enters) and the demo admin (who approves), created if missing. */
async function demoApprovers(tx: Tx): Promise<{ district: Actor; admin: Actor }> {
  const out: Partial<Record<'district' | 'admin', Actor>> = {};
  for (const role of ['district', 'admin'] as const) {
    const a = DEMO_ACCOUNTS.find((x) => x.role === role);
    if (!a) throw new Error(`演示账号缺少角色 ${role}`);
    const id = await ensureDemoAccount(tx, { ...a, passwordHash: await hashPassword(a.password) });
    out[role] = { id, username: a.username, displayName: a.displayName, department: a.department, role, regions: [] };
  }
  if (!out.district || !out.admin) throw new Error('演示账号未能写入');
  return { district: out.district, admin: out.admin };
}

/** A generated evaluation as the district account enters it (the level before the 10 % cut). */
function submissionOf(r: EvaluationRow, enteredBy: number): EvaluationSubmissionRow {
  const heldBack = r.reasons.some((x) => x.startsWith(CUT_REASON_PREFIX));
  // COPY takes only the COLUMNS of evaluation_submissions from the row.
  return { ...r, level: heldBack ? '优秀' : r.level, source: '录入', entered_by: enteredBy };
}

/**
 * Enters a county's evaluations and approves them (in the loader's transaction); returns the
 * downgrades pointing at the stored evaluations.
 */
async function enterAndApprove(
  tx: Tx,
  out: TableWriter,
  who: { district: Actor; admin: Actor },
  evaluations: readonly EvaluationRow[],
  /** Reviews to file later (src/demo/demo-reviews.ts): their generated evaluation ids become the stored ones. */
  reviewIntents: DemoReviewIntent[],
): Promise<void> {
  if (evaluations.length === 0) return;
  out.add(
    'evaluation_submissions',
    evaluations.map((r) => submissionOf(r, who.district.id)),
  );
  await out.drain();
  const approved = await approveSubmissionsIn(tx, who.admin, { allWaiting: true }, chinaDate(new Date()), null);
  out.count('evaluations', approved.approved);
  const ids = await evaluationIdsOf(tx, [...new Set(evaluations.map((e) => e.institution_id))]);
  const stored = (r: EvaluationRow): number => {
    const id = ids.get(`${r.institution_id}|${r.year}`);
    if (id === undefined) throw new Error(`演示评价未写入：机构 ${r.institution_id} ${r.year} 年度`);
    return id;
  };
  const byGenerated = new Map(evaluations.map((r) => [r.id, r]));
  for (const intent of reviewIntents) {
    const e = byGenerated.get(intent.evaluationId);
    if (!e) throw new Error(`演示复核指向未知的评价 ${intent.evaluationId}`);
    intent.evaluationId = stored(e);
  }
}

/** Lets queued socket writes go out between bursts of (synchronous) generation. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function loadDemoData(opts: DemoOptions): Promise<DemoSummary> {
  const { institutions: total, seed } = opts;
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`机构数必须是非负整数：${total}`);
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const regions = makeRegions(seed, total, opts.counties);
  const rows = Object.fromEntries([...Object.keys(COLUMNS), 'regions'].map((k) => [k, 0])) as DemoSummary['rows'];
  let dropped = 0;
  let sample: DemoSummary['sampleComplaint'] = null;
  const reviewIntents: DemoReviewIntent[] = [];

  let lastDecile = 0;
  const report = (done: number): void => {
    if (opts.progress) {
      opts.progress(done, total);
      return;
    }
    const decile = total === 0 ? 10 : Math.floor((done * 10) / total);
    if (decile > lastDecile) {
      lastDecile = decile;
      log(`演示数据：${decile * 10}%（${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} 家机构）`);
    }
  };

  await transaction(async (tx) => {
    await lockDemoLoad(tx);
    let links: Awaited<ReturnType<typeof resetDemoTables>> = { links: [], homes: [] };
    const existing = await existingDataCounts(tx);
    // "Empty" means no institutions, as for `npm start`; other rows keep their ids (see nextIds).
    if (existing.institutions > 0 && !opts.reset) throw new DemoDataRefused(existing.institutions, existing.complaints, false);
    if (opts.reset) {
      // --reset wipes a demo database only: real data (points are never deleted) stays untouched.
      const hasData = existing.institutions > 0 || existing.complaints > 0;
      if (hasData && !(await datasetIsDemo(tx))) throw new DemoDataRefused(existing.institutions, existing.complaints, true);
      links = await resetDemoTables(tx);
    }

    await setDataset(tx, regions.dataset);
    await upsertRegions(tx, regions.rows);
    rows.regions = regions.rows.length;
    dropped = await restoreSupervisorRegions(tx, links, new Set(regions.rows.map((r) => r.code)));
    // Several counties: each its own commission, contacts and document prefix, as the admin screen writes them.
    if (regions.counties.length > 1) for (const c of regions.counties) await saveCountySettings(null, c.code, demoCountySettings(c), '演示数据', null, tx);

    const out = new TableWriter(tx, rows);
    const approvers = await demoApprovers(tx);
    let done = 0;
    const ctx = newBundleContext();
    ctx.ids = await nextIds(tx);
    for (const e of demoStream(seed, regions, { seal: encrypt, queryCodeHash }, ctx)) {
      if (e.kind === 'institution') {
        const b = e.bundle;
        out.add('institutions', [{ id: b.id, ...b.profile.row }]);
        out.add('staff', b.staff);
        out.add('commitments', b.commitment ? [b.commitment] : []);
        out.add('penalties', b.penalties);
        out.add('point_records', b.points);
        out.add('point_appeals', b.appeals);
        out.add('self_inspections', b.selfInspections);
        out.add('ratings', b.ratings);
        // 严重失信名单 entries are not written here: src/demo/lifecycle.ts creates them through the
        // supervisor area's db functions (proposed by the district account, approved by the admin).
        await out.flushFull();
        done += 1;
        if (done % CHUNK === 0 || done === total) report(done);
        // Generation is synchronous: let the socket take the queued COPY data now and then.
        if (done % 100 === 0) await yieldToEventLoop();
      } else if (e.kind === 'county') {
        const intents = takeReviewIntents(e.evaluations);
        await enterAndApprove(tx, out, approvers, e.evaluations, intents);
        reviewIntents.push(...intents);
        await out.flushFull();
      } else {
        sample = e.sample;
        out.add('complaints', e.complaints);
        out.add('complaint_events', e.events);
      }
    }
    await out.drain();
    // 好差评 goes through its db functions (row by row, after the complaints are in).
    await loadDemoSatisfaction(tx, seed, new Date(`${DEMO_AS_OF}T18:00:00+08:00`));
    if (total === 0) report(0);

    await syncIdSequences(tx);
    await analyzeDemoTables(tx);
    const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
    await logDemoLoad(tx, { institutions: total, seed, reset: Boolean(opts.reset), rows: totalRows, counties: regions.counties.length });
  });

  // The downgrades go through the supervisors' own functions (finding → re-score → report →
  // approval by a second person → notice), as the demo accounts: those must exist first.
  await loadDemoAccounts();
  rows.downgrades = await loadDemoDowngrades(seed);
  // Hours, prices, radiology, 双承诺, quarterly self-inspections: through src/db/clinic-board.ts.
  await loadDemoClinicBoard(seed, await demoActor('admin'));
  // The review applications go through src/db/reviews.ts as the demo administrator.
  await fileDemoReviews(reviewIntents);
  // The institution portal: one account and a pending, an approved and a rejected submission.
  await loadDemoPortal();
  // Inspection records through src/db/inspections.ts as the demo accounts (issue 13).
  await loadDemoInspections(seed);
  // The 12345 hotline as an API client (issue 14), through the administrators' function.
  await loadDemoClients();
  // The export ledger, and the provincial entry of the points found more than two months ago.
  await loadDemoExports(DEMO_AS_OF);

  const seconds = (performance.now() - started) / 1000;
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  return {
    institutions: total,
    counties: regions.counties.length,
    rows,
    totalRows,
    seconds,
    rowsPerSecond: totalRows / Math.max(seconds, 1e-9),
    droppedSupervisorRegions: dropped,
    sampleComplaint: sample,
  };
}
