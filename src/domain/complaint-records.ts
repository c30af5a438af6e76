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
}

export interface ComplaintDetail extends ComplaintListRow {
  channel: string;
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
