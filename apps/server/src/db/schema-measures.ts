import type { ColumnType, Generated } from 'kysely';
import type { MeasureKind, MeasureOriginKind, MeasureStatus } from '@xiaoan/domain';
import type { DateCol, GeneratedId, Id, Json, Timestamp } from './schema.js';

/**
 * The tables of the measures feature (migration 0014, see features/measures/README.md), merged
 * into `Database` in schema.ts.
 */
export type MeasureTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: ColumnType<string, string, string>;
  title: string;
  kind: MeasureKind;
  description: ColumnType<string, string | undefined, string>;
  owner_name: string;
  owner_department: ColumnType<string, string | undefined, string>;
  due_on: DateCol;
  status: ColumnType<MeasureStatus, MeasureStatus | undefined, MeasureStatus>;
  adopted_on: ColumnType<string | null, string | null | undefined, string | null>;
  document_file_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: Id;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type MeasureOriginTable = { measure_id: Id; hazard_id: Id; kind: MeasureOriginKind; label: string; added_at: Timestamp; removed_at: Timestamp | null };

export type MeasureEventTable = {
  id: GeneratedId;
  measure_id: Id;
  at: Timestamp;
  actor_user_id: Id | null;
  action: 'create' | 'update' | 'move';
  from_status: MeasureStatus | null;
  to_status: MeasureStatus;
  note: ColumnType<string, string | undefined, never>;
  changed_fields: Json<string[]>;
  document_file_id: ColumnType<string | null, string | null | undefined, never>;
};

export type MeasureTables = { measure: MeasureTable; measure_origin: MeasureOriginTable; measure_event: MeasureEventTable };
