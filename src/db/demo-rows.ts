/**
 * The rows the demo-data loader writes, with the database's column names (src/demo/factory.ts
 * builds them, src/db/demo-write.ts streams them with COPY). Declared here, in the db layer,
 * because they describe tables: the factory imports them, the writer never imports the factory.
 */
import type { CreditLevel } from '../domain/credit-level';
import type { IsoDate } from '../domain/working-days';
import type { InstitutionType } from '../schemas/import-institutions';

export interface RegionRow {
  code: string;
  name: string;
  level: 1 | 2 | 3 | 4 | 5;
  parent_code: string | null;
}

export type InstitutionStatus = '执业' | '歇业' | '注销' | '吊销';

export interface InstitutionRow {
  code: string;
  registration_no: string;
  uscc: string | null;
  name: string;
  type: InstitutionType;
  hospital_grade: string | null;
  ownership: string | null;
  address: string;
  region_code: string;
  legal_representative: string | null;
  principal: string | null;
  departments: string[];
  license_valid_from: IsoDate;
  license_valid_to: IsoDate;
  status: InstitutionStatus;
  risk_grade: '高' | '中' | '低';
  supervising_unit: string;
  complaint_phone: string;
  poster_version: number;
}

export type Profession = '医师' | '助理医师' | '乡村医生' | '护士' | '药师' | '技师' | '其他';

export interface StaffRow {
  id: number;
  institution_id: number;
  name: string;
  profession: Profession;
  practice_category: string | null;
  practice_scope: string | null;
  certificate_no: string | null;
  title: string | null;
  active: boolean;
}

export interface CommitmentRow {
  id: number;
  institution_id: number;
  year: number;
  signed_on: IsoDate;
  signatory: string | null;
  body: string;
}

export interface PenaltyRow {
  id: number;
  institution_id: number;
  staff_id: number | null;
  decision_no: string;
  decided_on: IsoDate;
  violation: string;
  basis: string;
  penalty: string;
  fine_yuan: number | null;
  shown_until: IsoDate;
}

export interface EvaluationRow {
  id: number;
  institution_id: number;
  year: number;
  jurisdiction_code: string;
  actual_score: number;
  reasonable_missing: number;
  double_star_not_met: number;
  single_star_not_met: number;
  penalties_count: number;
  conduct_violation: boolean;
  serious_violation: boolean;
  establishment_noncompliant: boolean;
  validation_suspended: boolean;
  major_accident: boolean;
  safety_accident: boolean;
  public_health_score: number | null;
  standardized_score: number;
  score_level: CreditLevel;
  level: CreditLevel;
  reasons: string[];
  evaluated_on: IsoDate;
  review_status: '无' | '复核中' | '已复核';
}

export interface DowngradeRow {
  id: number;
  evaluation_id: number;
  decided_on: IsoDate;
  notice_no: string;
  from_level: CreditLevel;
  to_level: '合格' | '差';
  new_score: number;
  reason: string;
}

export interface PointRecordRow {
  id: number;
  institution_id: number;
  staff_id: number | null;
  behaviour: string;
  points: number;
  source: '监督检查' | '校验' | '质控' | '投诉举报' | '行政处罚' | '其他';
  source_complaint_id: number | null;
  department: string;
  recorded_by: number | null;
  found_on: IsoDate;
  /** 分管领导审批 (migration 0002): the 3-day notice period counts from it. */
  approved_on: IsoDate | null;
  notice_served_on: IsoDate | null;
  notice_received_on: IsoDate | null;
  status: '有效' | '申诉中' | '已撤销';
  voided_on: IsoDate | null;
  void_reason: string | null;
}

export interface PointAppealRow {
  id: number;
  point_record_id: number;
  received_on: IsoDate;
  accepted_on: IsoDate | null;
  decision_due: IsoDate | null;
  decided_on: IsoDate | null;
  decision: '维持' | '撤销' | null;
  reason: string | null;
}

export interface SelfInspectionRow {
  id: number;
  institution_id: number;
  inspected_on: IsoDate;
  result: '合格' | '基本合格' | '不合格';
  findings: string | null;
  rectified: boolean | null;
}

export interface RatingRow {
  id: number;
  institution_id: number;
  stars: number;
  comment: string | null;
  comment_public: string | null;
  comment_status: '无' | '待审核' | '已公开' | '已隐藏';
  moderation_reason: string | null;
  moderated_by: number | null;
  /** When the comment was published or hidden (migration 0002). */
  moderated_at: string | null;
  device_hash: string;
  created_at: string;
}

export interface SeriousDishonestyRow {
  id: number;
  institution_id: number;
  listed_on: IsoDate;
  decision_no: string;
  reason: string;
  removed_on: IsoDate | null;
}

export type ComplaintStatus = '待受理' | '不予受理' | '已受理' | '调查中' | '已办结';

export type ComplaintOutcome = '查实' | '部分查实' | '不属实' | '非本辖区' | '重复';

export interface ComplaintRow {
  id: number;
  tracking_no: string;
  query_code_hash: string;
  channel: 'web' | 'api' | '12345' | 'other';
  institution_id: number | null;
  unlisted_name: string | null;
  unlisted_address: string | null;
  region_code: string | null;
  category: string;
  subcategory: string | null;
  description: string;
  occurred_on: IsoDate | null;
  anonymous: boolean;
  complainant_name_enc: Uint8Array | null;
  complainant_phone_enc: Uint8Array | null;
  status: ComplaintStatus;
  assigned_to: number | null;
  outcome: ComplaintOutcome | null;
  duplicate_of: number | null;
  findings: string | null;
  feedback: string | null;
  reject_reason: string | null;
  received_at: string;
  accept_due: IsoDate;
  close_due: IsoDate;
  accepted_at: string | null;
  closed_at: string | null;
  pii_purged_at: string | null;
}

export interface ComplaintEventRow {
  id: number;
  complaint_id: number;
  at: string;
  actor_id: number | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

/** Next ids per table; the loader starts them after the existing rows. */
export interface IdCounters {
  institution: number;
  staff: number;
  commitment: number;
  evaluation: number;
  penalty: number;
  point: number;
  appeal: number;
  selfInspection: number;
  rating: number;
  downgrade: number;
  dishonesty: number;
  complaint: number;
  event: number;
}
