// What the supervisor area shows of a complaint's 好差评 (ComplaintSatisfaction of src/db/complaint-satisfaction.ts).
export interface SatisfactionPanelData {
  reviews: { version: number; level: string; reasons: string[]; comment: string | null; channel: string; submittedAt: string }[];
  followUps: {
    id: number;
    openedAt: string;
    dueOn: string;
    verification: string | null;
    findings: string | null;
    resolution: '整改' | '说明' | null;
    result: string | null;
    closedAt: string | null;
    closedByName: string | null;
  }[];
}

/** One open follow-up in a table (the due list, the dashboard). */
export interface FollowUpRowView {
  complaintId: number;
  trackingNo: string;
  institutionName: string | null;
  regionName: string | null;
  level: string;
  dueOn: string;
  overdue: boolean;
}
