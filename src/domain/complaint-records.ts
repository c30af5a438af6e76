/**
 * A complaint as the supervisor area reads it: a row of the intake tables and the full record of
 * one complaint. Written once here: src/db/admin-complaints-read.ts reads them, the screens in
 * src/components/admin render them.
 */
import type { ComplaintStatus } from './complaint-workflow';
import type { IsoDate } from './working-days';

export interface ComplaintListRow {
  id: number;
  trackingNo: string;
  receivedAt: string;
  institutionId: number | null;
  institutionName: string | null;
  institutionCode: string | null;
  unlistedName: string | null;
  regionName: string | null;
  category: string;
  subcategory: string | null;
  status: ComplaintStatus;
  outcome: string | null;
  assignedTo: number | null;
  assignedName: string | null;
  acceptDue: IsoDate;
  closeDue: IsoDate;
  anonymous: boolean;
  overdue: boolean;
  /** How it arrived: web, api, 12345, 政务App, 信访, other (CHANNEL_LABELS). */
  channel: string;
}

export interface ComplaintDetail extends ComplaintListRow {
  regionCode: string | null;
  unlistedAddress: string | null;
  description: string;
  occurredOn: IsoDate | null;
  findings: string | null;
  feedback: string | null;
  rejectReason: string | null;
  duplicateOf: number | null;
  duplicateOfTrackingNo: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  /** Real-name complaint whose personal data is still stored (it can be revealed with a reason). */
  hasPii: boolean;
  piiPurgedAt: string | null;
  photos: { id: number; mime: string; width: number; height: number }[];
}

/** The acknowledgement of a complaint, shown once after it is submitted (src/components/intake/Receipt.astro). */
export interface ComplaintReceipt {
  trackingNo: string;
  queryCode: string;
  expectedAcceptBy: string;
  expectedCloseBy: string;
  anonymous: boolean;
  replayed: boolean;
  /**
   * What the complaint is about, repeated so the person can see it went where they meant: the
   * listed institution (name and code), or the unlisted place's name and township.
   */
  institution?: { code: string; name: string } | null;
  unlisted?: { name: string; regionName: string | null } | null;
  /** Photos attached and kept (absent in receipts from before they were counted). */
  photos?: number;
}
