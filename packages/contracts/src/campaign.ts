import { Type, type Static } from 'typebox';
import { CalendarDate, Nullable, Version } from './common.js';
import { HAZARD_DOMAIN_CODES } from './hazard.js';

/** Campaigns (专项整治), their task lists (任务清单) and plan import (实施方案导入). */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const TASK_STATUS_CODES = ['not_started', 'in_progress', 'done'] as const;
export const REPORTING_KIND_CODES = ['once', 'yearly', 'monthly', 'weekly', 'quarterly', 'termly'] as const;
export const TaskStatusSchema = lit(TASK_STATUS_CODES);
export type TaskStatus = Static<typeof TaskStatusSchema>;
const DomainCode = lit(HAZARD_DOMAIN_CODES);

export const CampaignScope = Type.Object(
  {
    all: Type.Boolean({ description: '全区所有学校' }),
    schoolKinds: Type.Array(Type.String({ maxLength: 30 }), { maxItems: 10, description: '学校类别（幼儿园、小学…）' }),
    areaIds: Type.Array(IdString, { maxItems: 100, description: '片区' }),
    schoolIds: Type.Array(IdString, { maxItems: 2000, description: '指定学校' }),
  },
  { additionalProperties: false },
);
export type CampaignScope = Static<typeof CampaignScope>;

export const CampaignLeadingGroupMember = Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), role: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
export const CampaignOffice = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), director: Nullable(Type.String({ maxLength: 50 })), phone: Nullable(Type.String({ maxLength: 50 })) },
  { additionalProperties: false },
);

export const StageInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), start: CalendarDate, end: CalendarDate, goals: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const IndicatorInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), target: Type.Number({ minimum: 0, maximum: 1000000 }), unit: Type.Optional(Type.String({ maxLength: 10 })) },
  { additionalProperties: false },
);
export const ReportingRuleInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500 }),
    kind: lit(REPORTING_KIND_CODES),
    dueDate: Type.Optional(Nullable(CalendarDate)),
    dayOfMonth: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 31 }))),
    month: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 12 }))),
  },
  { additionalProperties: false },
);
export const TaskInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    domain: Type.Optional(Nullable(DomainCode)),
    leadDepartmentIds: Type.Array(IdString, { maxItems: 20, description: '牵头科室（至少一个）' }),
    cooperatingDepartmentIds: Type.Optional(Type.Array(IdString, { maxItems: 50 })),
    cooperatingNote: Type.Optional(Type.String({ maxLength: 200, description: '配合单位的原文（如“各相关科室按职责分工负责”）' })),
    deadline: Type.Optional(Nullable(CalendarDate)),
    recurrence: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    /** Index into the campaign's stages (when creating a campaign). */
    stageIndex: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 50 }))),
  },
  { additionalProperties: false },
);
export type TaskInput = Static<typeof TaskInput>;

export const CreateCampaignBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    docNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Nullable(CalendarDate)),
    periodStart: CalendarDate,
    periodEnd: CalendarDate,
    scope: Type.Optional(CampaignScope),
    focusDomains: Type.Optional(Type.Array(DomainCode, { maxItems: 14 })),
    leadingGroup: Type.Optional(Type.Array(CampaignLeadingGroupMember, { maxItems: 100 })),
    office: Type.Optional(Nullable(CampaignOffice)),
    stages: Type.Optional(Type.Array(StageInput, { maxItems: 20 })),
    indicators: Type.Optional(Type.Array(IndicatorInput, { maxItems: 100 })),
    reportingRules: Type.Optional(Type.Array(ReportingRuleInput, { maxItems: 100 })),
    /** Existing supervision teams to copy into the campaign (name, people, schools as of now). */
    teamIds: Type.Optional(Type.Array(IdString, { maxItems: 50 })),
    tasks: Type.Optional(Type.Array(TaskInput, { maxItems: 300 })),
    /** The plan document uploaded through POST /api/campaign-imports. */
    planFileId: Type.Optional(Nullable(IdString)),
    /** From a plan import: each lead name the plan writes that matched no department, and the bureau department the user chose for it (kept in the import's audit record). */
    leadMappings: Type.Optional(
      Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), departmentId: IdString }, { additionalProperties: false }), {
        maxItems: 100,
        description: '导入方案时，方案中没有对应科室的牵头单位名称与用户为它选择的本局科室',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateCampaignBody = Static<typeof CreateCampaignBody>;

export const UpdateCampaignBody = Type.Object(
  {
    version: Version(),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    docNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuer: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    issuedOn: Type.Optional(Nullable(CalendarDate)),
    periodStart: Type.Optional(CalendarDate),
    periodEnd: Type.Optional(CalendarDate),
    scope: Type.Optional(CampaignScope),
    focusDomains: Type.Optional(Type.Array(DomainCode, { maxItems: 14 })),
    /** Replaces the stages (tasks keep theirs by position). */
    stages: Type.Optional(Type.Array(StageInput, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type UpdateCampaignBody = Static<typeof UpdateCampaignBody>;

export const CopyCampaignBody = Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false });

export const UpdateTaskBody = Type.Object(
  {
    version: Version(),
    status: Type.Optional(TaskStatusSchema),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    leadDepartmentIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })),
    cooperatingDepartmentIds: Type.Optional(Type.Array(IdString, { maxItems: 50 })),
    deadline: Type.Optional(Nullable(CalendarDate)),
    stageId: Type.Optional(Nullable(IdString)),
  },
  { additionalProperties: false, description: '学校账号只能修改本校副本（一校一策）的状态；version 为本校副本的版本' },
);
export type UpdateTaskBody = Static<typeof UpdateTaskBody>;

export const TaskProgressBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    fileIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })),
    status: Type.Optional(TaskStatusSchema),
  },
  { additionalProperties: false },
);
export type TaskProgressBody = Static<typeof TaskProgressBody>;

export const BreakDownBody = Type.Object(
  { schoolIds: Type.Optional(Type.Array(IdString, { maxItems: 2000, description: '不填则为专项整治范围内的全部学校' })) },
  { additionalProperties: false },
);

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const TaskProgressEntry = Type.Object({
  id: Type.String(),
  text: Type.String(),
  fileIds: Type.Array(Type.String()),
  statusAfter: Nullable(TaskStatusSchema),
  school: Nullable(Ref),
  author: Type.String(),
  createdAt: Type.String(),
});

export const TaskSchoolCopy = Type.Object({
  id: Type.String(),
  school: Ref,
  status: TaskStatusSchema,
  overdue: Type.Boolean(),
  version: Type.Integer(),
});
export type TaskSchoolCopy = Static<typeof TaskSchoolCopy>;

export const CampaignTask = Type.Object({
  id: Type.String(),
  campaignId: Type.String(),
  campaignTitle: Type.String(),
  stageId: Nullable(Type.String()),
  stageName: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  domain: Nullable(Type.String()),
  leads: Type.Array(Ref),
  cooperating: Type.Array(Ref),
  cooperatingNote: Type.String(),
  deadline: Nullable(Type.String()),
  recurrence: Nullable(Type.String()),
  status: TaskStatusSchema,
  overdue: Type.Boolean({ description: '未完成且已过期限（北京时间，期限当天内不算逾期）' }),
  schoolTally: Nullable(
    Type.Object({ total: Type.Integer(), done: Type.Integer(), inProgress: Type.Integer() }, { description: '一校一策：全部学校副本的完成情况（如 5/14）；分解后任务状态由它汇总' }),
  ),
  version: Type.Integer(),
  schools: Type.Array(TaskSchoolCopy, { description: '一校一策：各校副本（学校账号只看到本校的）' }),
  progress: Type.Array(TaskProgressEntry),
  allowedActions: Type.Array(Type.String(), { description: '当前用户此刻可对该任务执行的操作（update、update_status、add_progress、break_down）' }),
});
export type CampaignTask = Static<typeof CampaignTask>;

export const CampaignSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  docNumber: Nullable(Type.String()),
  issuer: Nullable(Type.String()),
  issuedOn: Nullable(Type.String()),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  focusDomains: Type.Array(Type.String()),
  taskCount: Type.Integer(),
  doneCount: Type.Integer(),
  overdueCount: Type.Integer(),
  copiedFromId: Nullable(Type.String()),
  version: Type.Integer(),
});
export type CampaignSummary = Static<typeof CampaignSummary>;

export const CampaignStage = Type.Object({ id: Type.String(), name: Type.String(), start: Type.String(), end: Type.String(), goals: Type.String() });
export type CampaignStage = Static<typeof CampaignStage>;

export const CampaignDetail = Type.Object({
  campaign: CampaignSummary,
  scope: CampaignScope,
  leadingGroup: Type.Array(CampaignLeadingGroupMember),
  office: Nullable(CampaignOffice),
  planFileId: Nullable(Type.String()),
  stages: Type.Array(CampaignStage),
  indicators: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), target: Type.Number(), unit: Type.String() })),
  reportingRules: Type.Array(
    Type.Object({ id: Type.String(), text: Type.String(), kind: Type.String(), dueDate: Nullable(Type.String()), dayOfMonth: Nullable(Type.Integer()), month: Nullable(Type.Integer()) }),
  ),
  teams: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), leader: Nullable(Type.String()), members: Type.Array(Type.String()), schools: Type.Array(Ref) })),
  tasks: Type.Array(CampaignTask),
  today: Type.String(),
  canManage: Type.Boolean(),
  allowedActions: Type.Array(Type.String(), { description: '当前用户此刻可对该专项整治执行的操作（update、copy、add_task）' }),
});
export type CampaignDetail = Static<typeof CampaignDetail>;

const Tally = Type.Object({ total: Type.Integer(), notStarted: Type.Integer(), inProgress: Type.Integer(), done: Type.Integer(), overdue: Type.Integer() });

export const CampaignOverview = Type.Object({
  today: Type.String(),
  timeline: Type.Object({
    start: Type.String(),
    end: Type.String(),
    todayInPeriod: Type.Boolean(),
    currentStageId: Nullable(Type.String()),
    stages: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), start: Type.String(), end: Type.String(), state: Type.Union([Type.Literal('past'), Type.Literal('current'), Type.Literal('future')]) })),
  }),
  byDepartment: Type.Array(Type.Intersect([Type.Object({ department: Ref }), Tally])),
  byStage: Type.Array(Type.Intersect([Type.Object({ stage: Nullable(Ref) }), Tally])),
  overdueTasks: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), deadline: Type.String(), leads: Type.Array(Type.String()), daysOverdue: Type.Integer() })),
  schools: Type.Array(
    Type.Object({ school: Ref, taskCopies: Type.Integer(), done: Type.Integer(), overdue: Type.Integer(), hazards: Type.Integer(), inspections: Type.Integer() }),
  ),
  schoolCount: Type.Integer(),
  attribution: Type.Object({
    hazards: Type.Integer({ description: '专项整治期间、范围内学校登记的隐患数' }),
    hazardsClosed: Type.Integer(),
    inspections: Type.Integer({ description: '专项整治期间、范围内学校的检查记录数' }),
  }),
});
export type CampaignOverview = Static<typeof CampaignOverview>;

/* ---------- plan import ---------- */

const Evidence = Type.Object({ text: Type.String(), start: Type.Integer(), end: Type.Integer() });
const Proposed = <T extends Parameters<typeof Type.Object>[0]>(value: T) => Type.Object({ value: Type.Object(value), evidence: Evidence });
const ProposedString = Type.Object({ value: Type.String(), evidence: Evidence });

export const PlanProposalSchema = Type.Object({
  title: Nullable(ProposedString),
  docNumber: Nullable(ProposedString),
  issuer: Nullable(ProposedString),
  issuedOn: Nullable(ProposedString),
  period: Nullable(Proposed({ start: Type.String(), end: Type.String() })),
  stages: Type.Array(Proposed({ name: Type.String(), start: Nullable(Type.String()), end: Nullable(Type.String()), goals: Type.String() })),
  focusDomains: Type.Array(ProposedString),
  tasks: Type.Array(
    Proposed({
      title: Type.String(),
      description: Type.String(),
      leads: Type.Array(Type.String()),
      cooperating: Type.Array(Type.String()),
      deadline: Nullable(Type.String()),
      stageIndex: Nullable(Type.Integer()),
      domain: Nullable(Type.String()),
    }),
  ),
  reportingRules: Type.Array(
    Proposed({ text: Type.String(), kind: lit(REPORTING_KIND_CODES), dueDate: Nullable(Type.String()), dayOfMonth: Nullable(Type.Integer()), month: Nullable(Type.Integer()) }),
  ),
  indicators: Type.Array(Proposed({ name: Type.String(), target: Type.Number(), unit: Type.String() })),
  teams: Type.Array(Proposed({ name: Type.String(), leader: Nullable(Type.String()), members: Type.Array(Type.String()), schools: Type.Array(Type.String()) })),
  missing: Type.Array(Type.String()),
});

export const PlanImportTextBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 300000 }) }, { additionalProperties: false });

export const PlanImportResult = Type.Object({
  proposal: PlanProposalSchema,
  /** The stored plan document (upload only); pass it as planFileId when creating the campaign. */
  fileId: Nullable(Type.String()),
  token: Type.String({ description: '本次识别的标识（用于审计），创建专项整治前不写入任何数据' }),
  text: Type.String({ description: '从文件读出的纯文本（证据的偏移量以此为准）' }),
  /** Suggestions: proposed lead/cooperating names → existing departments; proposed team names → existing teams. */
  departmentMatches: Type.Array(Type.Object({ name: Type.String(), departmentId: Nullable(Type.String()) })),
  teamMatches: Type.Array(Type.Object({ name: Type.String(), teamId: Nullable(Type.String()) })),
});
export type PlanImportResult = Static<typeof PlanImportResult>;

export const MyTask = Type.Object({
  task: CampaignTask,
  /** For school accounts: the school's own copy. */
  copy: Nullable(TaskSchoolCopy),
});
export type MyTask = Static<typeof MyTask>;
