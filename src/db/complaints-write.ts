import { sql } from './client';
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
  channel: 'web' | 'api' | '12345' | 'other';
  /**
   * The institution's public code; it is looked up in the same statement (its id and region go
   * into the row). An unknown code saves nothing and is reported as `institution_unknown`.
   */
  institutionCode: string | null;
  unlistedName: string | null;
  unlistedAddress: string | null;
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

export type SaveResult =
  | { kind: 'created'; id: number }
  | { kind: 'existing'; stored: StoredAnswer }
  | { kind: 'institution_unknown' };

/** Another complaint already has this tracking number (about 1 in 10^9): draw a new one. */
export class TrackingNumberTaken extends Error {
  constructor() {
    super('tracking number already taken');
  }
}

type Exec = typeof sql;

/**
 * One statement: look up the institution, claim the idempotency key, insert the complaint, its
 * first history row and the outbox row. Nothing is written when the institution code is unknown
 * or the key already has an answer. Returns the new id (or null) and whether the institution
 * was found.
 */
async function insertStatement(q: Exec, c: NewComplaint, idem: IdempotentWrite | null): Promise<{ id: number | null; institutionFound: boolean }> {
  // Without a key the "claim" is a constant row, so both variants are one prepared statement each.
  const key = idem?.key ?? null;
  const answer = idem ? q.json(idem.answer as never) : null;
  const rows = await q<{ id: number | null; found: boolean }[]>`
    WITH sync AS (SELECT set_config('synchronous_commit', 'on', true)),
    inst AS (SELECT id, region_code FROM institutions WHERE code = ${c.institutionCode}),
    ok AS (SELECT 1 FROM sync WHERE ${c.institutionCode}::text IS NULL OR EXISTS (SELECT 1 FROM inst)),
    idem AS (
      INSERT INTO idempotency_keys (key, scope, status, response)
      SELECT ${key}::text, ${idem?.scope ?? 'complaint'}, 201, ${answer}::jsonb FROM ok WHERE ${key}::text IS NOT NULL
      ON CONFLICT (key) DO NOTHING
      RETURNING key),
    gate AS (SELECT 1 FROM idem UNION ALL SELECT 1 FROM ok WHERE ${key}::text IS NULL),
    c AS (
      INSERT INTO complaints (tracking_no, query_code_hash, channel, institution_id, unlisted_name, unlisted_address,
                              region_code, category, subcategory, description, occurred_on, anonymous,
                              complainant_name_enc, complainant_phone_enc, received_at, accept_due, close_due)
      SELECT ${c.trackingNo}, ${c.queryCodeHash}, ${c.channel}, (SELECT id FROM inst), ${c.unlistedName}, ${c.unlistedAddress},
             (SELECT region_code FROM inst), ${c.category}, ${c.subcategory}, ${c.description}, ${c.occurredOn}::date, ${c.anonymous}::boolean,
             ${c.nameEnc}::bytea, ${c.phoneEnc}::bytea, ${c.receivedAt}::timestamptz, ${c.acceptDue}::date, ${c.closeDue}::date
        FROM gate
      RETURNING id, tracking_no, institution_id, region_code, category, accept_due),
    e AS (
      INSERT INTO complaint_events (complaint_id, at, action, to_status, note)
      SELECT id, ${c.receivedAt}::timestamptz, '提交', '待受理', ${`来源：${c.channel}`} FROM c),
    o AS (
      INSERT INTO outbox (topic, payload)
      SELECT ${TOPICS.complaintReceived}, jsonb_build_object(
               'complaintId', id, 'trackingNo', tracking_no, 'institutionId', institution_id,
               'regionCode', region_code, 'category', category, 'acceptDue', accept_due)
        FROM c)
    SELECT (SELECT id FROM c) AS id, EXISTS (SELECT 1 FROM ok) AS found`;
  return { id: rows[0]?.id ?? null, institutionFound: rows[0]?.found ?? false };
}

function isTrackingCollision(e: unknown): boolean {
  const err = e as { code?: string; constraint_name?: string };
  return err.code === '23505' && err.constraint_name === 'complaints_tracking_no_key';
}

/**
 * Inserts the complaint (and photos). With `idem`, a key that already has an answer creates
 * nothing and returns the stored answer for the caller to replay or refuse.
 */
export async function insertComplaint(c: NewComplaint, photos: readonly NewPhoto[], idem: IdempotentWrite | null): Promise<SaveResult> {
  let result: { id: number | null; institutionFound: boolean };
  try {
    if (photos.length === 0) {
      result = await insertStatement(sql, c, idem);
    } else {
      result = (await sql.begin(async (tx) => {
        const r = await insertStatement(tx as unknown as Exec, c, idem);
        if (r.id !== null) {
          const rows = photos.map((p) => ({ complaint_id: r.id, content: p.content, mime: p.mime, width: p.width, height: p.height }));
          await tx`INSERT INTO complaint_photos ${tx(rows, 'complaint_id', 'content', 'mime', 'width', 'height')}`;
        }
        return r;
      })) as { id: number | null; institutionFound: boolean };
    }
  } catch (e) {
    if (isTrackingCollision(e)) throw new TrackingNumberTaken();
    throw e;
  }
  if (!result.institutionFound) return { kind: 'institution_unknown' };
  if (result.id !== null) return { kind: 'created', id: result.id };
  const stored = await findAnswer(idem!.key);
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
       SET complainant_name_enc = NULL, complainant_phone_enc = NULL, pii_purged_at = now()
     WHERE status IN ('已办结', '不予受理') AND closed_at < now() - make_interval(days => ${days})
       AND pii_purged_at IS NULL AND (complainant_name_enc IS NOT NULL OR complainant_phone_enc IS NOT NULL)`;
  return r.count;
}
