import type { FollowUpRowView } from './satisfaction-types';
import type { AdminFrame } from '../../layouts/admin-frame';
/**
 * View-model types shared by several supervisor-area components (in a .ts file so that every
 * tool resolves them; a type exported from an .astro file is opaque to the linter).
 */
import type { ComplaintListRow } from '../../domain/complaint-records';
import type { RowChange, SnapshotDiff } from '../../domain/publish-changes';

/**
 * A row of the complaint tables: ComplaintListRow, in full, because the handler's `daysLeft`
 * reads any of it.
 */
export type ComplaintRow = ComplaintListRow;
export interface SortLink {
  href: string;
  current: 'ascending' | 'descending' | undefined;
}

/** The changes a release makes, with particulars (ChangeDetails of src/db/publish-diff.ts). */
export interface PublishChangeDetails {
  /** Diffs stored by older versions have no institutionChanges. */
  diff: Omit<SnapshotDiff, 'institutionChanges'> & { institutionChanges?: SnapshotDiff['institutionChanges'] | undefined };
  penalties: { code: string; name: string; decisionNo: string; decidedOn: string; penalty: string }[];
  downgrades: { code: string; name: string; noticeNo: string; decidedOn: string; fromLevel: string; toLevel: string }[];
  points: { code: string; name: string; behaviour: string; points: number; status: string; foundOn: string }[];
  institutions: { code: string; name: string; change: RowChange }[];
  ratings: { code: string; name: string }[];
  comments: { code: string; name: string; stars: number; text: string | null }[];
}

/** The week's worklist (DueView of src/handlers/admin/dashboard.ts). */
export interface DueTablesView {
  today: string;
  dueUntil: string;
  overdue: ComplaintRow[];
  overdueTotal: number;
  dueThisWeek: ComplaintRow[];
  dueTotal: number;
  points: { row: { id: number; institutionName: string }; what: string; due: string; overdue: boolean }[];
  daysLeft: (row: ComplaintRow) => string;
  /** 好差评 follow-ups due in the window or overdue. */
  followUps: FollowUpRowView[];
  /** 待录入省平台 (seed 000: 办公室于3日内在省平台记分). */
  provincial?: { row: { id: number; institutionName: string; approvedOn: string | null; foundOn: string }; due: string; overdue: boolean }[];
}

/** An institution the chooser of a new-record form offers (InstitutionPicker, NewRecordLayout). */
export interface PickableInstitution {
  id: number;
  name: string;
  code: string;
  regionName: string | null;
}

/** What every screen of the area gets from `screen()`: the frame its layout shows. */
export interface ScreenView {
  frame: AdminFrame;
}

/** A screen with actions: the refusals and the result of the last one (Messages). */
export interface MessagesView extends ScreenView {
  errors: string[];
  done: string | null;
}

/** A record screen whose actions take a date: today is the dates' default and maximum. */
export interface ActionScreenView extends MessagesView {
  today: string;
}

/** What every "new record about one institution" screen shows: the chooser, the chosen institution, the form's errors and values. */
export interface NewRecordView extends ScreenView {
  q: string;
  matches: PickableInstitution[];
  institution: PickableInstitution | null;
  errors: string[];
  values: Record<string, string>;
  today: string;
}
