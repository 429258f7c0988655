import type { ColumnType, Generated } from 'kysely';
import type { BuildingGrade, BuildingStructure, BuildingUse, CanteenPost, DrillKind, DrillRating, PlanKind, StaffStatus } from '@xiaoan/domain';
import type { DateCol, GeneratedId, Id, Timestamp } from './schema.js';

/**
 * The tables of the site registries (migration 0021, see features/site/README.md), merged into
 * `Database` in schema.ts.
 */
type Path = ColumnType<string, string, string>;
type Text = ColumnType<string, string | undefined, string>;
type NullableId = ColumnType<string | null, string | null | undefined, string | null>;

export type BuildingTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  name: string;
  use: BuildingUse;
  floors: number;
  built_year: number;
  structure: BuildingStructure;
  area_m2: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  grade: BuildingGrade;
  appraised_on: DateCol;
  report_no: Text;
  report_file_id: NullableId;
  in_use: boolean;
  note: Text;
  created_by: NullableId;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type EmergencyPlanTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  title: string;
  kind: PlanKind;
  version_label: string;
  issued_on: DateCol;
  revised_on: DateCol;
  revision_months: ColumnType<number, number | undefined, number>;
  revision_due_on: DateCol;
  owner_name: string;
  document_file_id: NullableId;
  status: ColumnType<'active' | 'abolished', 'active' | 'abolished' | undefined, 'active' | 'abolished'>;
  note: Text;
  created_by: NullableId;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type DrillTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  plan_id: NullableId;
  title: string;
  kind: DrillKind;
  held_on: DateCol;
  participants: number;
  duration_minutes: number;
  rating: DrillRating;
  evaluation: string;
  photo_file_ids: ColumnType<string[], string[] | undefined, string[]>;
  recorded_by: NullableId;
  created_at: Timestamp;
};

export type CanteenStaffTable = {
  id: GeneratedId;
  school_id: Id;
  unit_path: Path;
  name: string;
  id_number: string;
  post: CanteenPost;
  phone: Text;
  cert_no: string;
  cert_issued_on: DateCol;
  cert_expires_on: DateCol;
  status: ColumnType<StaffStatus, StaffStatus | undefined, StaffStatus>;
  created_by: NullableId;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CanteenProfileTable = {
  school_id: Id;
  unit_path: Path;
  has_canteen: boolean;
  bright_kitchen: ColumnType<boolean, boolean | undefined, boolean>;
  bright_kitchen_since: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  updated_at: Timestamp;
};

export type SiteTables = { building: BuildingTable; emergency_plan: EmergencyPlanTable; drill: DrillTable; canteen_staff: CanteenStaffTable; canteen_profile: CanteenProfileTable };
