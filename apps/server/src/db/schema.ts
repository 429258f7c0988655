import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role, SchoolKind, UnitKind } from '@xiaoan/domain';

/** bigint columns come back from pg as strings; ids are exposed as strings everywhere. */
type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
type GeneratedId = ColumnType<string, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Status = 'active' | 'disabled';
type Position = 'leader' | 'deputy' | 'member';

export type UnitTable = {
  id: GeneratedId;
  kind: UnitKind;
  parent_id: Id | null;
  path: ColumnType<string, never, never>;
  name: string;
  school_kind: SchoolKind | null;
  edu_group_id: Id | null;
  address: string | null;
  principal: string | null;
  safety_officer: string | null;
  phone: string | null;
  enrolment: number | null;
  status: Generated<Status>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type EduGroupTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  name: string;
  created_at: Timestamp;
};

export type DepartmentTable = {
  id: GeneratedId;
  unit_id: Id;
  name: string;
  status: Generated<Status>;
  sort_order: Generated<number>;
  created_at: Timestamp;
};

export type AppUserTable = {
  id: GeneratedId;
  username: string | null;
  display_name: string;
  title: string | null;
  phone: string | null;
  role: Role;
  unit_id: Id;
  department_id: Id | null;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  status: Generated<Status>;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type UserSessionTable = {
  id: string;
  user_id: Id;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
};

export type LeadingGroupMemberTable = {
  id: GeneratedId;
  unit_id: Id;
  user_id: Id;
  position: Position;
  title: string | null;
  sort_order: Generated<number>;
};

export type SupervisionTeamTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  name: string;
  sort_order: Generated<number>;
  status: Generated<Status>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SupervisionTeamMemberTable = {
  team_id: Id;
  user_id: Id;
  position: Position;
  sort_order: Generated<number>;
};

export type SupervisionTeamSchoolTable = {
  team_id: Id;
  school_unit_id: Id;
};

export type AuditEventTable = {
  id: GeneratedId;
  at: Timestamp;
  actor_user_id: Id | null;
  actor_role: string | null;
  actor_unit_id: Id | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: unknown;
};

export type Database = {
  unit: UnitTable;
  edu_group: EduGroupTable;
  department: DepartmentTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  leading_group_member: LeadingGroupMemberTable;
  supervision_team: SupervisionTeamTable;
  supervision_team_member: SupervisionTeamMemberTable;
  supervision_team_school: SupervisionTeamSchoolTable;
  audit_event: AuditEventTable;
};

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type AppUserRow = Selectable<AppUserTable>;
