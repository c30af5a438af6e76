import { sql, transaction, type Tx } from './client';
import { findAnswer, type StoredAnswer } from './idempotency';
import { TOPICS } from './outbox';

/**
 * Saving a complaint. Everything that must exist together is written by one statement (its own
 * transaction): the idempotency answer, the complaint, its first history entry and the outbox
 * row that tells supervisors. `synchronous_commit` is forced on for it, whatever the server's
 * default: when this resolves, the row is on disk, and only then does the caller acknowledge.
 * Photos, when there are any, go in the same transaction right after.
 */

export interface NewComplaint {
  trackingNo: string;
  queryCodeHash: string;
  channel: 'web' | 'api' | '12345' | '政务App' | '信访' | 'other';
  /**
   * The institution's public code; it is looked up in the same statement (its id and region go
   * into the row). An unknown code saves nothing and is reported as `institution_unknown`.
   */
  institutionCode: string | null;
  unlistedName: string | null;
  unlistedAddress: string | null;
  /**
   * Where an unlisted place is (a region code of level 3 or below): it routes the complaint to the
   * supervisors of that district. Ignored when `institutionCode` is given — the institution's
   * registered region is the one that counts. An unknown code saves nothing (`region_unknown`);
   * null leaves the complaint unrouted, for an administrator to route.
   */
  regionCode: string | null;
  category: string;
  subcategory: string | null;
  description: string;
  occurredOn: string | null;
  anonymous: boolean;
  nameEnc: Buffer | null;
  phoneEnc: Buffer | null;
  receivedAt: Date;
  acceptDue: string;
  closeDue: string;
  /** The API client (12345, 政务App …) that sent it, and that client's own request number. */
  apiClientId?: number | null;
  clientRequestId?: string | null;
  /** A real-name complainant's e-mail address, encrypted like the name and phone. */
  emailEnc?: Buffer | null;
}

export interface NewPhoto {
  content: Buffer;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
}

export interface IdempotentWrite {
  /** Stored key (see storedKey). */
  key: string;
  scope: string;
  /** The answer to store and replay; must include `requestHash`. */
  answer: Record<string, unknown>;
}

/** What the complaint is about, as saved: for the receipt. */
export interface SavedSubject {
  /** The listed institution. */
  institution: { code: string; name: string } | null;
  /** The township (with its county) of an unlisted place. */
  regionName: string | null;
}

export type SaveResult =
  | { kind: 'created'; id: number; subject: SavedSubject }
  | { kind: 'region_unknown' }
  | { kind: 'existing'; stored: StoredAnswer }
  | { kind: 'institution_unknown' };

/** Another complaint already has this tracking number (about 1 in 10^9): draw a new one. */
export class TrackingNumberTaken extends Error {
  constructor() {
    super('tracking number already taken');
  }
}

type Exec = Tx;

interface Row {
  c: NewComplaint;
  idem: IdempotentWrite | null;
}

interface RowResult {
  id: number | null;
  institutionFound: boolean;
  regionFound: boolean;
  subject: SavedSubject;
}

/**
 * One statement for one or many complaints: look up each institution, claim each idempotency
 * key, insert the complaints, their first history rows and their outbox rows. A complaint whose
 * institution code is unknown, or whose key already has an answer, writes nothing. The rows
 * travel as one JSON parameter, so the statement is the same (and prepared once) for any number
 * of them. Returns, in input order, the new id (or null) and whether the institution was found.
 */
async function insertRows(q: Exec, rows: readonly Row[]): Promise<RowResult[]> {
  const input = JSON.stringify(
    rows.map(({ c, idem }, ord) => ({
      ord,
      tracking_no: c.trackingNo,
      query_code_hash: c.queryCodeHash,
      channel: c.channel,
      institution_code: c.institutionCode,
      unlisted_name: c.unlistedName,
      unlisted_address: c.unlistedAddress,
      given_region: c.institutionCode ? null : c.regionCode,
      category: c.category,
      subcategory: c.subcategory,
      description: c.description,
      occurred_on: c.occurredOn,
      anonymous: c.anonymous,
      name_enc: c.nameEnc?.toString('base64') ?? null,
      phone_enc: c.phoneEnc?.toString('base64') ?? null,
      received_at: c.receivedAt.toISOString(),
      accept_due: c.acceptDue,
      close_due: c.closeDue,
      api_client_id: c.apiClientId ?? null,
      client_request_id: c.clientRequestId ?? null,
      email_enc: c.emailEnc?.toString('base64') ?? null,
      idem_key: idem?.key ?? null,
      idem_scope: idem?.scope ?? null,
      idem_answer: idem?.answer ?? null,
    })),
  );
  const result = await q<{ ord: number; id: number | null; found: boolean; regionFound: boolean; institutionName: string | null; regionName: string | null }[]>`
    WITH sync AS (SELECT set_config('synchronous_commit', 'on', true)),
    input AS (
      -- A listed institution is supervised where it is registered; an unlisted place where the
      -- complainant said it is (a township of the region table), so its district sees it.
      SELECT x.*, i.id AS institution_id, i.name AS institution_name,
             CASE WHEN x.institution_code IS NULL THEN g.code ELSE i.region_code END AS region_code,
             (x.given_region IS NULL OR g.code IS NOT NULL) AS region_found,
             CASE WHEN g.code IS NULL THEN NULL WHEN gp.name IS NULL THEN g.name ELSE gp.name || ' ' || g.name END AS region_name
        FROM sync, jsonb_to_recordset(${input}::text::jsonb) AS x(
               ord int, tracking_no text, query_code_hash text, channel text, institution_code text,
               unlisted_name text, unlisted_address text, given_region text, category text, subcategory text, description text,
               occurred_on date, anonymous boolean, name_enc text, phone_enc text, received_at timestamptz,
               accept_due date, close_due date, api_client_id bigint, client_request_id text, email_enc text, idem_key text, idem_scope text, idem_answer jsonb)
        LEFT JOIN institutions i ON i.code = x.institution_code
        LEFT JOIN regions g ON g.code = x.given_region AND g.level >= 3
        LEFT JOIN regions gp ON gp.code = g.parent_code AND g.level > 3),
    ok AS (SELECT * FROM input WHERE (institution_code IS NULL OR institution_id IS NOT NULL) AND region_found),
    idem AS (
      INSERT INTO idempotency_keys (key, scope, status, response)
      -- The replayed answer names what the complaint is about, as looked up here.
      SELECT idem_key, idem_scope, 201,
             idem_answer || jsonb_strip_nulls(jsonb_build_object('institutionName', institution_name, 'regionName', region_name))
        FROM ok WHERE idem_key IS NOT NULL
       ORDER BY idem_key -- the same order in every statement: concurrent batches cannot deadlock on keys
      ON CONFLICT (key) DO NOTHING
      RETURNING key),
    c AS (
      INSERT INTO complaints (tracking_no, query_code_hash, channel, institution_id, unlisted_name, unlisted_address,
                              region_code, category, subcategory, description, occurred_on, anonymous,
                              complainant_name_enc, complainant_phone_enc, received_at, accept_due, close_due,
                              api_client_id, client_request_id, complainant_email_enc)
      SELECT tracking_no, query_code_hash, channel, institution_id, unlisted_name, unlisted_address,
             region_code, category, subcategory, description, occurred_on, anonymous,
             decode(name_enc, 'base64'), decode(phone_enc, 'base64'), received_at, accept_due, close_due,
             api_client_id, client_request_id, decode(email_enc, 'base64')
        FROM ok
       WHERE idem_key IS NULL OR idem_key IN (SELECT key FROM idem)
       ORDER BY ord
      RETURNING id, tracking_no, channel, institution_id, region_code, category, received_at, accept_due),
    e AS (
      INSERT INTO complaint_events (complaint_id, at, action, to_status, note)
      SELECT id, received_at, '提交', '待受理', '来源：' || channel FROM c),
    o AS (
      INSERT INTO outbox (topic, payload)
      SELECT ${TOPICS.complaintReceived}, jsonb_build_object(
               'complaintId', id, 'trackingNo', tracking_no, 'institutionId', institution_id,
               'regionCode', region_code, 'category', category, 'acceptDue', accept_due)
        FROM c)
    SELECT input.ord, c.id, (input.institution_code IS NULL OR input.institution_id IS NOT NULL) AS found,
           input.region_found AS "regionFound", input.institution_name AS "institutionName", input.region_name AS "regionName"
      FROM input LEFT JOIN c USING (tracking_no)`;
  const byOrd = new Map(result.map((r) => [r.ord, r]));
  return rows.map(({ c }, ord) => {
    const r = byOrd.get(ord);
    return {
      id: r?.id ?? null,
      institutionFound: r?.found ?? false,
      regionFound: r?.regionFound ?? false,
      subject: {
        institution: c.institutionCode && r?.institutionName ? { code: c.institutionCode, name: r.institutionName } : null,
        regionName: r?.regionName ?? null,
      },
    };
  });
}

function isTrackingCollision(e: unknown): boolean {
  const err = e as { code?: string; constraint_name?: string };
  return err.code === '23505' && err.constraint_name === 'complaints_tracking_no_key';
}

/** One complaint on its own (the fallback of a failed batch, and complaints with photos). */
async function insertOne(q: Exec, row: Row): Promise<RowResult> {
  try {
    const [result] = await insertRows(q, [row]);
    if (!result) throw new Error('the insert returned no row');
    return result;
  } catch (e) {
    if (isTrackingCollision(e)) throw new TrackingNumberTaken();
    throw e;
  }
}

/**
 * The server refused the statement (a constraint, a deadlock, a serialisation failure): nothing
 * of it was committed, so each complaint of the batch can be tried again on its own. A lost
 * connection is different — the COMMIT may have happened — so it is not retried here.
 */
function refusedByServer(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

/**
 * Group commit. Complaints that arrive while earlier ones are being saved wait for them and are
 * then saved together: one statement, one transaction and one flush of the write-ahead log for up
 * to BATCH_MAX complaints, instead of one each. Every caller is still answered only after the
 * COMMIT that holds its row; when the server is quiet a batch is a single complaint and nothing
 * waits. A batch the database refuses (a tracking number drawn twice, about 1 in 10^9) commits
 * nothing, and each of its complaints is then tried on its own, so the error reaches only the
 * request it belongs to. Measured with `npm run bench:intake` (docs/intake.md).
 */
const BATCH_MAX = 100;
/** Statements in flight at once (the pool has 10 connections; other queries keep the rest). */
const MAX_IN_FLIGHT = 2;

interface Waiting extends Row {
  resolve: (r: RowResult) => void;
  reject: (e: unknown) => void;
}

const waiting: Waiting[] = [];
let inFlight = 0;

/** The next batch: up to BATCH_MAX complaints, never two with the same key (the second waits). */
function takeBatch(): Waiting[] {
  const batch: Waiting[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < waiting.length && batch.length < BATCH_MAX;) {
    const w = waiting[i];
    if (!w) break;
    if (w.idem && keys.has(w.idem.key)) {
      i++;
      continue;
    }
    if (w.idem) keys.add(w.idem.key);
    batch.push(w);
    waiting.splice(i, 1);
  }
  return batch;
}

async function saveBatch(batch: Waiting[]): Promise<void> {
  try {
    const results = await insertRows(sql, batch);
    batch.forEach((w, i) => {
      const r = results[i];
      if (r) w.resolve(r);
      else w.reject(new Error('the insert returned no row'));
    });
  } catch (e) {
    if (batch.length > 1 && refusedByServer(e)) {
      await Promise.all(batch.map((w) => insertOne(sql, w).then(w.resolve, w.reject)));
    } else if (batch.length === 1 && isTrackingCollision(e)) {
      batch[0]?.reject(new TrackingNumberTaken());
    } else {
      for (const w of batch) w.reject(e);
    }
  }
}

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
    const batch = takeBatch();
    inFlight++;
    void saveBatch(batch).finally(() => {
      inFlight--;
      pump();
    });
  }
}

function saveInBatch(row: Row): Promise<RowResult> {
  return new Promise((resolve, reject) => {
    waiting.push({ ...row, resolve, reject });
    pump();
  });
}

/**
 * Inserts the complaint (and photos). With `idem`, a key that already has an answer creates
 * nothing and returns the stored answer for the caller to replay or refuse.
 */
export async function insertComplaint(c: NewComplaint, photos: readonly NewPhoto[], idem: IdempotentWrite | null): Promise<SaveResult> {
  let result: RowResult;
  if (photos.length === 0) {
    result = await saveInBatch({ c, idem });
  } else {
    // Photos are large: they go in their own transaction, with their complaint.
    result = await transaction(async (tx) => {
      const r = await insertOne(tx, { c, idem });
      if (r.id !== null) {
        const rows = photos.map((p) => ({ complaint_id: r.id, content: p.content, mime: p.mime, width: p.width, height: p.height }));
        await tx`INSERT INTO complaint_photos ${tx(rows, 'complaint_id', 'content', 'mime', 'width', 'height')}`;
      }
      return r;
    });
  }
  if (!result.institutionFound) return { kind: 'institution_unknown' };
  if (!result.regionFound) return { kind: 'region_unknown' };
  if (result.id !== null) return { kind: 'created', id: result.id, subject: result.subject };
  if (!idem) throw new Error('a complaint without a key was neither created nor refused');
  const stored = await findAnswer(idem.key);
  if (!stored) throw new Error('idempotency answer vanished'); // purged between the two statements
  return { kind: 'existing', stored };
}

/**
 * Retention (PIPL): removes the complainant's name and phone from complaints closed (办结 or
 * 不予受理) more than `days` ago. The case itself stays; `pii_purged_at` records when.
 */
export async function purgeClosedPersonalData(days: number, dryRun = false): Promise<number> {
  if (dryRun) {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM complaints
       WHERE status IN ('已办结', '不予受理') AND closed_at < now() - make_interval(days => ${days})
         AND pii_purged_at IS NULL AND (complainant_name_enc IS NOT NULL OR complainant_phone_enc IS NOT NULL)`;
    return row?.n ?? 0;
  }
  const r = await sql`
    UPDATE complaints
       SET complainant_name_enc = NULL, complainant_phone_enc = NULL, complainant_email_enc = NULL, pii_purged_at = now()
     WHERE status IN ('已办结', '不予受理') AND closed_at < now() - make_interval(days => ${days})
       AND pii_purged_at IS NULL AND (complainant_name_enc IS NOT NULL OR complainant_phone_enc IS NOT NULL)`;
  return r.count;
}
