import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ReportReopenTable, ReportReviewTable, ReportSubmissionTable, ReportSubmissionVersionTable, ReportTypeTable } from './schema-reports.js';
import type { DashboardTables } from './schema-dashboard.js';
import type { NoticeTables } from './schema-notices.js';
import type { TalkTables } from './schema-talks.js';
import type { MeasureTables } from './schema-measures.js';
import type { AssessmentTables } from './schema-assessment.js';
import type { RiskTables } from './schema-risks.js';
import type { RegistryTables } from './schema-registries.js';
import type { ChemicalTables } from './schema-chemicals.js';
import type { FleetTables } from './schema-fleet.js';
import type { SiteTables } from './schema-site.js';
import type { GuardTables } from './schema-guards.js';
import type { Answer, ChecklistItem, Frequency, Hazard, HazardState, InspectionKind, Role, SchoolKind, UnitKind } from '@xiaoan/domain';

/** bigint columns come back from pg as strings; ids are exposed as strings everywhere. */
export type Id = ColumnType<string, string | number | bigint, string | number | bigint>;
export type GeneratedId = ColumnType<string, never, never>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
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
  /** Reporting (0007): the first day the unit owes reports; the day it was disabled. */
  reporting_from: ColumnType<string, string | undefined, string>;
  disabled_on: ColumnType<string | null, string | null | undefined, string | null>;
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
  reporting_from: ColumnType<string, string | undefined, string>;
  disabled_on: ColumnType<string | null, string | null | undefined, string | null>;
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
  last_login_at: Timestamp | null;
  must_change_password: Generated<boolean>;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: string | null;
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
  stage: Generated<SessionStage>;
  reauth_at: Timestamp;
};

/** A session is full only after the second factor; until then it may only finish signing in. */
export type SessionStage = 'full' | 'second_factor' | 'enrol_second_factor';

export type UserRecoveryCodeTable = {
  id: GeneratedId;
  user_id: Id;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
};

export type LoginThrottleTable = {
  key: string;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  next_attempt_at: Timestamp | null;
  last_failure_at: Timestamp | null;
};

export type UserLoginAddressTable = {
  user_id: Id;
  ip: string;
  last_success_at: Timestamp;
};

export type AuditChainHeadTable = {
  id: number;
  seq: string;
  hash: string;
  at: Timestamp;
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
  reporting_from: ColumnType<string, string | undefined, string>;
  disabled_on: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Chain fields, set by the database at commit (never by the application). */
  seq: Generated<string | null>;
  prev_hash: Generated<string | null>;
  row_hash: Generated<string | null>;
};

export type FileObjectTable = {
  id: GeneratedId;
  sha256: string;
  kind: 'photo' | 'document';
  mime: string;
  size_bytes: ColumnType<string, number | string, never>;
  original_name: string;
  width: number | null;
  height: number | null;
  thumb_sha256: string | null;
  unit_id: Id;
  unit_path: ColumnType<string, string, never>;
  uploaded_by: Id;
  uploaded_at: Timestamp;
};

export type HazardTable = {
  id: GeneratedId;
  version: Generated<number>;
  doc: ColumnType<Hazard, string, string>;
  unit_id: Id;
  unit_path: ColumnType<string, string, string>;
  school_id: Id;
  state: HazardState;
  domain: string;
  grade: 'general' | 'major';
  source: string;
  title: string;
  description: string;
  location: string;
  owner: string | null;
  found_at: ColumnType<string, string, string>;
  due_date: ColumnType<string | null, string | null, string | null>;
  funds_fen: ColumnType<string | null, number | null, number | null>;
  listed: boolean;
  escalated: boolean;
  fixed_on_spot: boolean;
  reported_by: Id;
  reported_at: Timestamp;
  closed_at: Timestamp | null;
  inspection_id: ColumnType<string | null, string | null | undefined, never>;
  checklist_version_id: ColumnType<string | null, string | null | undefined, never>;
  inspection_item_code: ColumnType<string | null, string | null | undefined, never>;
  supervision_visit_id: ColumnType<string | null, string | null | undefined, never>;
  recurrence_of_id: ColumnType<string | null, string | null | undefined, never>;
  /** The risk this hazard realises (migration 0013, set by features/risks). */
  risk_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  search_text: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type HazardEventTable = {
  id: GeneratedId;
  hazard_id: Id;
  at: Timestamp;
  actor_user_id: Id | null;
  actor_role: string | null;
  action: string;
  from_state: string | null;
  to_state: string;
  comment: string | null;
  changed_fields: ColumnType<string[], string[] | undefined, never>;
  file_ids: ColumnType<string[], string[] | undefined, never>;
  details: ColumnType<unknown, string | null | undefined, never>;
};

export type NotificationTable = {
  id: GeneratedId;
  user_id: Id;
  kind: string;
  hazard_id: Id | null;
  title: string;
  body: Generated<string>;
  /** A web path the notification opens when it is not a hazard's (a registry record), migration 0015. */
  link: ColumnType<string | null, string | null | undefined, string | null>;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
};

export type IdempotencyKeyTable = {
  user_id: Id;
  key: string;
  route: string;
  request_hash: string;
  status_code: number;
  response: ColumnType<unknown, string, never>;
  created_at: Timestamp;
};

export type JobRunTable = {
  id: GeneratedId;
  job: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  details: unknown;
};

export type DateCol = ColumnType<string, string, string>;
export type IdArray = ColumnType<string[], string[] | undefined, string[]>;

export type ChecklistTable = {
  id: GeneratedId;
  code: string | null;
  owner_unit_id: Id;
  owner_unit_path: ColumnType<string, string, string>;
  domain: string;
  title: string;
  description: Generated<string>;
  point_types: ColumnType<string[], string[] | undefined, string[]>;
  based_on_id: Id | null;
  current_version_id: Id | null;
  status: Generated<'active' | 'archived'>;
  version: Generated<number>;
  created_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type ChecklistVersionTable = {
  id: GeneratedId;
  checklist_id: Id;
  version_no: number;
  items: ColumnType<ChecklistItem[], string, never>;
  created_by: Id | null;
  created_at: Timestamp;
};

export type InspectionPointTable = {
  id: GeneratedId;
  unit_id: Id;
  unit_path: ColumnType<string, string, string>;
  school_id: Id;
  name: string;
  point_type: string;
  location: Generated<string>;
  responsible_user_id: Id | null;
  responsible_name: Generated<string>;
  frequency: Frequency;
  qr_token: string;
  active_from: DateCol;
  retired_on: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type InspectionPointChecklistTable = {
  point_id: Id;
  checklist_id: Id;
  sort_order: Generated<number>;
};

export type SupervisionVisitTable = {
  id: GeneratedId;
  team_id: Id;
  school_id: Id;
  school_path: ColumnType<string, string, string>;
  kind: 'supervision' | 'spot' | 'unannounced';
  planned_on: DateCol;
  visited_on: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<'planned' | 'done' | 'cancelled'>;
  note: Generated<string>;
  summary: Generated<string>;
  feedback_issued_at: Timestamp | null;
  feedback_issued_by: Id | null;
  created_by: Id;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type InspectionTable = {
  id: GeneratedId;
  kind: InspectionKind;
  unit_id: Id;
  unit_path: ColumnType<string, string, never>;
  school_id: Id;
  point_id: Id | null;
  period_key: string | null;
  period_end: ColumnType<string | null, string | null, never>;
  inspected_on: ColumnType<string, string, never>;
  started_via: Generated<'qr' | 'app'>;
  started_at: Timestamp | null;
  inspector_user_id: Id;
  co_inspectors: ColumnType<string[], string[] | undefined, never>;
  checklist_version_ids: ColumnType<string[], string[], never>;
  summary: Generated<string>;
  pass_count: number;
  fail_count: number;
  na_count: number;
  score: ColumnType<string | null, number | null, never>;
  corrects_id: Id | null;
  visit_id: Id | null;
  submitted_at: Timestamp;
};

export type InspectionResultTable = {
  inspection_id: Id;
  checklist_version_id: Id;
  item_code: string;
  answer: Answer;
  note: Generated<string>;
  photo_ids: ColumnType<string[], string[] | undefined, never>;
  hazard_id: Id | null;
};

export type HazardFollowUpTable = {
  id: GeneratedId;
  hazard_id: Id;
  school_path: ColumnType<string, string, never>;
  checked_on: ColumnType<string, string, never>;
  outcome: 'holds' | 'recurred';
  note: Generated<string>;
  photo_ids: IdArray;
  new_hazard_id: Id | null;
  inspector_user_id: Id;
  created_at: Timestamp;
};

export type VisitFindingTable = {
  visit_id: Id;
  hazard_id: Id;
  due_date: DateCol;
  created_at: Timestamp;
};

export type CampaignScopeJson = { all: boolean; schoolKinds: string[]; areaIds: string[]; schoolIds: string[] };
export type Json<T> = ColumnType<T, string, string>;

export type CampaignTable = {
  id: GeneratedId;
  bureau_unit_id: Id;
  bureau_unit_path: ColumnType<string, string, never>;
  title: string;
  doc_number: string | null;
  issuer: string | null;
  issued_on: ColumnType<string | null, string | null | undefined, string | null>;
  period_start: DateCol;
  period_end: DateCol;
  scope: Json<CampaignScopeJson>;
  focus_domains: ColumnType<string[], string[] | undefined, string[]>;
  leading_group: Json<{ name: string; role: string }[]>;
  office: ColumnType<{ name: string; director: string | null; phone: string | null } | null, string | null, string | null>;
  plan_file_id: Id | null;
  copied_from_id: Id | null;
  version: Generated<number>;
  created_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CampaignStageTable = {
  id: GeneratedId;
  campaign_id: Id;
  sort_order: Generated<number>;
  name: string;
  start_on: DateCol;
  end_on: DateCol;
  goals: Generated<string>;
};

export type CampaignTeamTable = {
  id: GeneratedId;
  campaign_id: Id;
  source_team_id: Id | null;
  sort_order: Generated<number>;
  name: string;
  leader: string | null;
  members: ColumnType<string[], string[] | undefined, string[]>;
};

export type CampaignTeamSchoolTable = {
  campaign_team_id: Id;
  school_unit_id: Id;
  school_name: string;
};

export type CampaignIndicatorTable = {
  id: GeneratedId;
  campaign_id: Id;
  sort_order: Generated<number>;
  name: string;
  target: ColumnType<string, number, number>;
  unit: Generated<string>;
};

export type CampaignReportingRuleTable = {
  id: GeneratedId;
  campaign_id: Id;
  sort_order: Generated<number>;
  text: string;
  kind: 'once' | 'yearly' | 'monthly' | 'weekly' | 'quarterly' | 'termly';
  due_date: ColumnType<string | null, string | null | undefined, string | null>;
  day_of_month: number | null;
  month: number | null;
};

export type TaskStatus = 'not_started' | 'in_progress' | 'done';

export type CampaignTaskTable = {
  id: GeneratedId;
  campaign_id: Id;
  stage_id: Id | null;
  sort_order: Generated<number>;
  title: string;
  description: Generated<string>;
  domain: string | null;
  lead_department_ids: ColumnType<string[], string[], string[]>;
  cooperating_department_ids: IdArray;
  cooperating_note: Generated<string>;
  deadline: ColumnType<string | null, string | null | undefined, string | null>;
  recurrence: string | null;
  status: Generated<TaskStatus>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CampaignTaskSchoolTable = {
  id: GeneratedId;
  task_id: Id;
  school_unit_id: Id;
  school_path: ColumnType<string, string, never>;
  status: Generated<TaskStatus>;
  version: Generated<number>;
  updated_at: Timestamp;
};

export type TaskProgressTable = {
  id: GeneratedId;
  task_id: Id;
  task_school_id: Id | null;
  text: string;
  file_ids: IdArray;
  status_after: TaskStatus | null;
  author_user_id: Id;
  created_at: Timestamp;
};

export type InspectionPeriodDoneTable = { point_id: Id; period_key: string };
export type InspectionDoneDayTable = { unit_id: Id; period_end: DateCol; school_id: Id; done: number };

export type Database = {
  unit: UnitTable;
  edu_group: EduGroupTable;
  department: DepartmentTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  user_recovery_code: UserRecoveryCodeTable;
  login_throttle: LoginThrottleTable;
  user_login_address: UserLoginAddressTable;
  audit_chain_head: AuditChainHeadTable;
  leading_group_member: LeadingGroupMemberTable;
  supervision_team: SupervisionTeamTable;
  supervision_team_member: SupervisionTeamMemberTable;
  supervision_team_school: SupervisionTeamSchoolTable;
  audit_event: AuditEventTable;
  file_object: FileObjectTable;
  hazard: HazardTable;
  hazard_event: HazardEventTable;
  notification: NotificationTable;
  idempotency_key: IdempotencyKeyTable;
  job_run: JobRunTable;
  checklist: ChecklistTable;
  checklist_version: ChecklistVersionTable;
  inspection_point: InspectionPointTable;
  inspection_point_checklist: InspectionPointChecklistTable;
  supervision_visit: SupervisionVisitTable;
  inspection: InspectionTable;
  inspection_result: InspectionResultTable;
  hazard_follow_up: HazardFollowUpTable;
  visit_finding: VisitFindingTable;
  inspection_period_done: InspectionPeriodDoneTable;
  inspection_done_day: InspectionDoneDayTable;
  campaign: CampaignTable;
  campaign_stage: CampaignStageTable;
  campaign_team: CampaignTeamTable;
  campaign_team_school: CampaignTeamSchoolTable;
  campaign_indicator: CampaignIndicatorTable;
  campaign_reporting_rule: CampaignReportingRuleTable;
  campaign_task: CampaignTaskTable;
  campaign_task_school: CampaignTaskSchoolTable;
  task_progress: TaskProgressTable;
  report_type: ReportTypeTable;
  report_submission: ReportSubmissionTable;
  report_submission_version: ReportSubmissionVersionTable;
  report_review: ReportReviewTable;
  report_reopen: ReportReopenTable;
  import_layout: ImportLayoutTable;
} & DashboardTables & NoticeTables & TalkTables & AssessmentTables & MeasureTables & RiskTables & RegistryTables & ChemicalTables & FleetTables & GuardTables & SiteTables;

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type AppUserRow = Selectable<AppUserTable>;

export type ImportLayoutTable = {
  id: GeneratedId;
  bureau_id: Id;
  kind: 'hazard_ledger' | 'checklist';
  fingerprint: string;
  headers: ColumnType<string[], string[], string[]>;
  mapping: Json<Record<string, string | null>>;
  uses: Generated<number>;
  updated_by: Id;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};
