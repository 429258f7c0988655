import type { ColumnType, Generated } from 'kysely';
import type { DateCol, GeneratedId, Id, IdArray, Json, Timestamp } from './schema.js';

/* The reporting tables' types (migration 0007), kept apart so that schema.ts stays readable. */

/** Reporting upward (migration 0007). */
export type ReportTypeTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  bureau_unit_path: ColumnType<string, string, never>;
  code: string;
  name: string;
  period_kind: string;
  due_rule: Json<Record<string, unknown>>;
  period_numbers: ColumnType<number[], number[] | undefined, number[]>;
  submitter_kind: 'school' | 'team' | 'department';
  reviewer: Generated<'bureau' | 'team'>;
  campaign_id: Id | null;
  stage_ids: IdArray;
  campaign_rule_id: Id | null;
  template: Json<unknown[]>;
  late_accepted: Generated<boolean>;
  starts_on: DateCol;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  rule_text: Generated<string>;
  status: Generated<'active' | 'archived'>;
  version: Generated<number>;
  created_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ReportSubmissionTable = {
  id: GeneratedId;
  report_type_id: Id;
  period_key: string;
  submitter_kind: 'school' | 'team' | 'department';
  unit_id: Id | null;
  team_id: Id | null;
  department_id: Id | null;
  submitter_id: ColumnType<string, never, never>;
  unit_path: ColumnType<string, string, never>;
  state: Generated<'draft' | 'submitted' | 'late' | 'returned' | 'approved'>;
  due_date: DateCol;
  draft_narrative: ColumnType<Record<string, string>, string | undefined, string>;
  draft_file_ids: IdArray;
  draft_saved_at: Timestamp | null;
  draft_saved_by: Id | null;
  current_version: Generated<number>;
  first_submitted_at: Timestamp | null;
  on_time: boolean | null;
  submitted_at: Timestamp | null;
  reviewed_at: Timestamp | null;
  reviewed_by: Id | null;
  reopened_until: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ReportSubmissionVersionTable = {
  submission_id: Id;
  version_no: number;
  content: Json<Record<string, unknown>>;
  narrative: Json<Record<string, string>>;
  file_ids: IdArray;
  submitted_by: Id;
  submitted_at: Timestamp;
  late: boolean;
};

export type ReportReviewTable = {
  id: GeneratedId;
  submission_id: Id;
  version_no: number;
  decision: 'approve' | 'return';
  comment: Generated<string>;
  reviewer_user_id: Id;
  reviewer_role: string;
  at: Timestamp;
};

export type ReportReopenTable = {
  id: GeneratedId;
  submission_id: Id;
  until: DateCol;
  reason: string;
  by_user_id: Id;
  at: Timestamp;
};

/** Remembered import layouts (migration 0008): a bureau's column mapping per header fingerprint. */
