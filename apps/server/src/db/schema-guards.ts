import type { ColumnType, Generated } from 'kysely';
import type { GuardCheckResult, GuardEmployment, GuardPost, GuardStatus } from '@xiaoan/domain';
import type { DateCol, GeneratedId, Id, Timestamp } from './schema.js';

/**
 * The tables of the guards feature (migration 0020, see features/guards/README.md), merged
 * into `Database` in schema.ts.
 */
export type GuardTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: ColumnType<string, string, string>;
  name: string;
  id_number: string;
  phone: ColumnType<string, string | undefined, string>;
  employment: GuardEmployment;
  post: GuardPost;
  certificate_no: string;
  certificate_issued_on: ColumnType<string | null, string | null | undefined, string | null>;
  certificate_expires_on: DateCol;
  background_check_on: ColumnType<string | null, string | null | undefined, string | null>;
  background_check_result: GuardCheckResult;
  annual_review_year: ColumnType<number | null, number | null | undefined, number | null>;
  annual_review_result: GuardCheckResult;
  status: ColumnType<GuardStatus, GuardStatus | undefined, GuardStatus>;
  note: ColumnType<string, string | undefined, string>;
  created_by: ColumnType<string | null, string | number | null | undefined, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SchoolSecurityProfileTable = {
  unit_id: Id;
  unit_path: ColumnType<string, string, string>;
  required_guards: number;
  closed_campus: boolean;
  alarm_linked: boolean;
  video_linked: boolean;
  escort_posts_required: number;
  escort_posts_staffed: number;
  note: ColumnType<string, string | undefined, string>;
  updated_by: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type GuardTables = { guard: GuardTable; school_security_profile: SchoolSecurityProfileTable };
