import type { ColumnType, Generated } from 'kysely';
import type { GeneratedId, Id, IdArray, Json, Timestamp } from './schema.js';
import type { NoticeAnswerState, NoticeQueryKind, NoticeState } from '@xiaoan/domain';

/**
 * The tables of the notices feature (see features/notices/README.md, migration 0010), merged
 * into `Database` in schema.ts. Kept apart so that each feature's tables are read in one place.
 */

type DateOrNull = ColumnType<string | null, string | null | undefined, string | null>;

export type NoticeTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  bureau_unit_path: ColumnType<string, string, never>;
  kind: NoticeQueryKind;
  status: Generated<NoticeState>;
  title: string;
  doc_number: string;
  recipients: Generated<string>;
  body: Generated<string>;
  query_params: Json<Record<string, unknown>>;
  orders_rectification: Generated<boolean>;
  answer_due_date: DateOrNull;
  issue_date: DateOrNull;
  issued_at: Timestamp | null;
  issued_by: Id | null;
  created_by: Id | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type NoticeUnitTable = {
  notice_id: Id;
  unit_id: Id;
  unit_path: ColumnType<string, string, never>;
  unit_name: string;
  position: number;
  summary: Generated<string>;
  /** Default '[]'. */
  facts: ColumnType<unknown[], string | undefined, string>;
  answer_state: NoticeAnswerState | null;
  answer_text: string | null;
  answer_file_ids: IdArray;
  answer_submitted_at: Timestamp | null;
  answer_submitted_by: Id | null;
  answer_reviewed_at: Timestamp | null;
  answer_reviewed_by: Id | null;
  answer_review_comment: string | null;
};

export type NoticeTables = {
  notice: NoticeTable;
  notice_unit: NoticeUnitTable;
};
