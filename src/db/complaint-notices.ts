import { sql } from './client';

/**
 * What the notification and callback jobs read at send time (src/server/jobs): the job payload
 * carries only ids, so the complainant's contact details never sit in the queue, and a contact
 * purged in the meantime is simply not used.
 */

export interface ComplaintNotice {
  trackingNo: string;
  status: string;
  outcome: string | null;
  anonymous: boolean;
  feedback: string | null;
  rejectReason: string | null;
  phoneEnc: Uint8Array | null;
  emailEnc: Uint8Array | null;
  /** The history entry of the change: its note (status notes) and time. */
  note: string | null;
  at: Date;
}

export async function readComplaintNotice(complaintId: number, eventId: number): Promise<ComplaintNotice | null> {
  const [row] = await sql<ComplaintNotice[]>`
    SELECT c.tracking_no AS "trackingNo", c.status, c.outcome, c.anonymous, c.feedback, c.reject_reason AS "rejectReason",
           c.complainant_phone_enc AS "phoneEnc", c.complainant_email_enc AS "emailEnc",
           e.note, e.at
      FROM complaints c JOIN complaint_events e ON e.complaint_id = c.id AND e.id = ${eventId}
     WHERE c.id = ${complaintId}`;
  return row ?? null;
}
