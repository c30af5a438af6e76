import type { SatisfactionView } from '../../domain/complaint-satisfaction';
// The view model StatusLookup.astro renders (kept in a .ts file: types declared in .astro
// frontmatter are not visible to the type-checked lint rules).
export interface StatusLookupState {
  token: string;
  values: { trackingNo: string };
  errors: Record<string, string>;
  message: string | null;
  view: {
    trackingNo: string;
    status: string;
    explanation: string;
    category: string;
    subcategory: string | null;
    institutionName: string | null;
    receivedAt: string;
    acceptDue: string;
    closeDue: string;
    acceptedAt: string | null;
    closedAt: string | null;
    /** The deadline now running is past. */
    overdue: boolean;
    /** Dates fall in a year without the official holiday calendar (Monday–Friday assumed). */
    provisional: boolean;
    anonymous: boolean;
    /** Real-name only. */
    outcome: string | null;
    feedback: string | null;
    rejectReason: string | null;
    history: { at: string; status: string }[];
    /** 好差评. */
    satisfaction: SatisfactionView;
  } | null;
  review: { message: string | null; ok: boolean; errors: Record<string, string>; values: Record<string, string> } | null;
  credentials: { trackingNo: string; queryCode: string } | null;
}
