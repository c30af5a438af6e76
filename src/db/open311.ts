import { sql } from './client';
import type { ComplaintStatus } from '../domain/complaint-workflow';

/**
 * Open311 GET requests: a client reads back only the complaints it sent itself (api_client_id),
 * never another channel's. Only the fields the public status page may show are read.
 */

export interface ClientRequestRow {
  trackingNo: string;
  status: ComplaintStatus;
  category: string;
  subcategory: string | null;
  anonymous: boolean;
  outcome: string | null;
  feedback: string | null;
  rejectReason: string | null;
  receivedAt: Date;
  updatedAt: Date;
  acceptDue: string;
  closeDue: string;
  /** The place as the client gave it: the listed institution's name and address, or the unlisted one's. */
  address: string | null;
  clientRequestId: string | null;
}

export interface ClientRequestFilter {
  trackingNos?: string[] | undefined;
  category?: string | undefined;
  subcategory?: string | undefined;
  statuses?: ComplaintStatus[] | undefined;
  from: Date;
  to: Date;
}

export async function clientRequests(clientId: number, f: ClientRequestFilter, limit: number): Promise<ClientRequestRow[]> {
  const rows = await sql<ClientRequestRow[]>`
    SELECT c.tracking_no AS "trackingNo", c.status, c.category, c.subcategory, c.anonymous, c.outcome, c.feedback,
           c.reject_reason AS "rejectReason", c.received_at AS "receivedAt",
           coalesce((SELECT max(e.at) FROM complaint_events e WHERE e.complaint_id = c.id), c.received_at) AS "updatedAt",
           to_char(c.accept_due, 'YYYY-MM-DD') AS "acceptDue", to_char(c.close_due, 'YYYY-MM-DD') AS "closeDue",
           CASE WHEN i.id IS NOT NULL THEN concat_ws(' ', i.name, i.address) ELSE concat_ws(' ', c.unlisted_name, c.unlisted_address) END AS address,
           c.client_request_id AS "clientRequestId"
      FROM complaints c LEFT JOIN institutions i ON i.id = c.institution_id
     WHERE c.api_client_id = ${clientId}
       ${f.trackingNos ? sql`AND c.tracking_no = ANY(${f.trackingNos}::text[])` : sql`AND c.received_at >= ${f.from} AND c.received_at <= ${f.to}`}
       ${f.category ? sql`AND c.category = ${f.category}` : sql``}
       ${f.subcategory ? sql`AND c.subcategory = ${f.subcategory}` : sql``}
       ${f.statuses ? sql`AND c.status = ANY(${f.statuses}::text[])` : sql``}
     ORDER BY c.received_at DESC, c.id DESC
     LIMIT ${limit}`;
  return [...rows];
}
