import type { ColumnType, Generated } from 'kysely';
import type { SchemeIndicator, SelfAssessmentState } from '@xiaoan/domain';

/**
 * The tables of the assessment feature (see features/assessment/README.md), merged into `Database`
 * in schema.ts. Kept apart so that each feature's tables are read in one place.
 */
type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
type GeneratedId = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns come back as strings. */
type Numeric = ColumnType<string, number | string, number | string>;
type Json<T> = ColumnType<T, string, string>;

export type SelfAssessmentItem = { indicatorKey: string; selfScore: number; note: string };

export type AssessmentSchemeTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  bureau_unit_path: ColumnType<string, string, never>;
  year: number;
  name: string;
  total_points: ColumnType<string, number | string | undefined, number | string>;
  indicators: Json<SchemeIndicator[]>;
  version: Generated<number>;
  created_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type AssessmentManualScoreTable = {
  scheme_id: Id;
  school_id: Id;
  school_path: ColumnType<string, string, string>;
  indicator_key: string;
  points: Numeric;
  reason: string;
  evidence: Generated<string>;
  file_ids: ColumnType<string[], string[] | undefined, string[]>;
  entered_by: Id;
  entered_at: Timestamp;
};

export type SelfAssessmentTable = {
  id: GeneratedId;
  scheme_id: Id;
  school_id: Id;
  school_path: ColumnType<string, string, never>;
  state: Generated<SelfAssessmentState>;
  items: Json<SelfAssessmentItem[]>;
  saved_by: Id | null;
  submitted_at: Timestamp | null;
  submitted_by: Id | null;
  reviewed_at: Timestamp | null;
  reviewed_by: Id | null;
  review_comment: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type AssessmentTables = {
  assessment_scheme: AssessmentSchemeTable;
  assessment_manual_score: AssessmentManualScoreTable;
  self_assessment: SelfAssessmentTable;
};
