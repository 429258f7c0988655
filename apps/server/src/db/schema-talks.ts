import type { ColumnType, Generated } from 'kysely';
import type { DateCol, GeneratedId, Id, Json, Timestamp } from './schema.js';

/**
 * The tables of the talks feature (migration 0011, see features/talks/README.md), merged into
 * `Database` in schema.ts. Kept apart so that each feature's tables are read in one place.
 */
export type TalkPersonRow = { name: string; post: string };
export type TalkLinkRow = { kind: 'hazard' | 'report_submission' | 'report_period' | 'notice'; id: string; label: string };

export type TalkTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  unit_id: Id | null;
  department_id: Id | null;
  unit_path: ColumnType<string, string, string>;
  held_on: DateCol;
  status: 'planned' | 'held' | 'followed_up';
  reason: string;
  interviewees: Json<TalkPersonRow[]>;
  interviewers: Json<TalkPersonRow[]>;
  commitments: Json<string[]>;
  notes: Generated<string>;
  links: ColumnType<TalkLinkRow[], string | undefined, string>;
  follow_up_due: ColumnType<string | null, string | null | undefined, string | null>;
  follow_up_result: 'done' | 'not_done' | null;
  follow_up_note: Generated<string>;
  followed_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  followed_up_by: Id | null;
  created_by: Id;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type TalkTables = { talk: TalkTable };
