import { Type, type Static } from 'typebox';
import { CalendarDate, DateTime, Nullable, Paging, Version } from './common.js';
import { HAZARD_DOMAIN_CODES, HazardGradeSchema, RegisterFieldsObject } from './hazard.js';

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const INSPECTION_KIND_CODES = ['self', 'special', 'spot', 'mutual', 'supervision', 'joint', 'external', 'unannounced', 'follow_up'] as const;
export const POINT_TYPE_CODES = [
  'gate', 'perimeter', 'teaching_block', 'dormitory', 'canteen', 'lab', 'chemical_store', 'library', 'high_rise', 'warehouse',
  'distribution_room', 'sports_ground', 'school_bus', 'gas_room', 'ebike_shed', 'construction_site', 'internship_site', 'counseling_room', 'other',
] as const;
export const FREQUENCY_CODES = ['daily', 'weekly', 'monthly', 'term'] as const;
export const SCHOOL_KIND_CODES = ['kindergarten', 'primary', 'middle', 'high', 'nine_year', 'vocational', 'special', 'training'] as const;
export const VISIT_KIND_CODES = ['supervision', 'spot', 'unannounced'] as const;

const DomainCode = lit(HAZARD_DOMAIN_CODES);

export const InspectionKindSchema = lit(INSPECTION_KIND_CODES);
export const PointTypeSchema = lit(POINT_TYPE_CODES);
export const FrequencySchema = lit(FREQUENCY_CODES);
export const AnswerSchema = Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('na')]);
export const VisitKindSchema = lit(VISIT_KIND_CODES);

export const ChecklistItemSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 30, pattern: '^[A-Za-z0-9_-]+$' }),
    text: Type.String({ minLength: 1, maxLength: 300 }),
    standard: Type.String({ maxLength: 1000 }),
    basis: Type.String({ maxLength: 500 }),
    schoolKinds: Type.Array(lit(SCHOOL_KIND_CODES), { maxItems: 8 }),
    pointTypes: Type.Array(PointTypeSchema, { maxItems: 19 }),
    weight: Type.Integer({ minimum: 1, maximum: 10 }),
  },
  { additionalProperties: false },
);
export type ChecklistItemDto = Static<typeof ChecklistItemSchema>;

export const ChecklistSummary = Type.Object({
  id: Type.String(),
  code: Nullable(Type.String()),
  owner: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  domain: DomainCode,
  title: Type.String(),
  description: Type.String(),
  pointTypes: Type.Array(Type.String()),
  basedOnId: Nullable(Type.String()),
  currentVersionId: Type.String(),
  versionNo: Type.Integer(),
  itemCount: Type.Integer(),
  status: Type.String(),
  version: Type.Integer(),
  canEdit: Type.Boolean({ description: '当前用户能否修改（只能改本单位的检查表）' }),
});
export type ChecklistSummary = Static<typeof ChecklistSummary>;

export const ChecklistDetail = Type.Object({ checklist: ChecklistSummary, items: Type.Array(ChecklistItemSchema) });
export type ChecklistDetail = Static<typeof ChecklistDetail>;

export const ChecklistVersionDetail = Type.Object({
  id: Type.String(),
  checklistId: Type.String(),
  title: Type.String(),
  domain: DomainCode,
  versionNo: Type.Integer(),
  items: Type.Array(ChecklistItemSchema),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ChecklistVersionDetail = Static<typeof ChecklistVersionDetail>;

export const ChecklistListQuery = Type.Object(
  { domain: Type.Optional(DomainCode), pointType: Type.Optional(PointTypeSchema), includeArchived: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const CreateChecklistBody = Type.Object(
  {
    domain: DomainCode,
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    pointTypes: Type.Optional(Type.Array(PointTypeSchema, { maxItems: 19 })),
    items: Type.Array(ChecklistItemSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type CreateChecklistBody = Static<typeof CreateChecklistBody>;

export const UpdateChecklistBody = Type.Object(
  {
    version: Version(),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    pointTypes: Type.Optional(Type.Array(PointTypeSchema, { maxItems: 19 })),
    items: Type.Optional(Type.Array(ChecklistItemSchema, { minItems: 1, maxItems: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
  },
  { additionalProperties: false },
);
export type UpdateChecklistBody = Static<typeof UpdateChecklistBody>;

export const PointSummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  unit: Type.Object({ id: Type.String(), name: Type.String() }),
  school: Type.Object({ id: Type.String(), name: Type.String(), schoolKind: Nullable(Type.String()) }),
  name: Type.String(),
  pointType: PointTypeSchema,
  location: Type.String(),
  responsibleUserId: Nullable(Type.String()),
  responsibleName: Type.String(),
  frequency: FrequencySchema,
  checklists: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), domain: Type.String(), currentVersionId: Type.String() })),
  qrPath: Type.String({ description: '二维码指向的地址（/p/令牌）' }),
  activeFrom: Type.String(),
  retiredOn: Nullable(Type.String()),
});
export type PointSummary = Static<typeof PointSummary>;

export const PointListQuery = Type.Object(
  { ...Paging, schoolId: Type.Optional(IdString), includeRetired: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const PointFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  pointType: PointTypeSchema,
  location: Type.Optional(Type.String({ maxLength: 200 })),
  responsibleUserId: Type.Optional(Nullable(IdString)),
  responsibleName: Type.Optional(Type.String({ maxLength: 50 })),
  frequency: FrequencySchema,
  checklistIds: Type.Array(IdString, { minItems: 1, maxItems: 10 }),
};
export const CreatePointBody = Type.Object({ unitId: IdString, ...PointFields }, { additionalProperties: false });
export type CreatePointBody = Static<typeof CreatePointBody>;
export const UpdatePointBody = Type.Object(
  {
    version: Version(),
    ...Type.Partial(Type.Object(PointFields)).properties,
    retired: Type.Optional(Type.Boolean({ description: '停用点位（今后不再生成检查任务）' })),
  },
  { additionalProperties: false },
);
export type UpdatePointBody = Static<typeof UpdatePointBody>;

/** What the phone's check screen needs for one point: the point and the items that apply to it. */
export const PointCheckForm = Type.Object({
  point: PointSummary,
  period: Type.Object({ key: Type.String(), start: Type.String(), end: Type.String() }),
  doneInPeriod: Nullable(Type.Object({ inspectionId: Type.String(), inspectedOn: Type.String() })),
  checklists: Type.Array(ChecklistVersionDetail, { description: '每张检查表只含适用于该点位和学校类型的检查项' }),
});
export type PointCheckForm = Static<typeof PointCheckForm>;

export const DueCheck = Type.Object({
  point: Type.Object({ id: Type.String(), name: Type.String(), pointType: Type.String(), location: Type.String(), frequency: FrequencySchema }),
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  period: Type.Object({ key: Type.String(), start: Type.String(), end: Type.String() }),
  status: Type.Union([Type.Literal('due'), Type.Literal('done'), Type.Literal('missed')]),
  inspectionId: Nullable(Type.String()),
});
export type DueCheck = Static<typeof DueCheck>;

export const ScheduleQuery = Type.Object(
  {
    schoolId: Type.Optional(IdString),
    date: Type.Optional(CalendarDate),
    status: Type.Optional(Type.Union([Type.Literal('due'), Type.Literal('done'), Type.Literal('missed')])),
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);

export const CompletionRow = Type.Object({
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  owed: Type.Integer(),
  done: Type.Integer(),
  due: Type.Integer(),
  missed: Type.Integer(),
  rate: Nullable(Type.Number({ description: '完成率 0–1；无应查任务为 null' })),
});
export const CompletionReport = Type.Object({
  window: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
  from: Type.String(),
  to: Type.String(),
  today: Type.String(),
  total: Type.Object({ owed: Type.Integer(), done: Type.Integer(), due: Type.Integer(), missed: Type.Integer(), rate: Nullable(Type.Number()) }),
  schools: Type.Array(CompletionRow),
});
export type CompletionReport = Static<typeof CompletionReport>;
export const CompletionQuery = Type.Object(
  { window: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')])), date: Type.Optional(CalendarDate), schoolId: Type.Optional(IdString) },
  { additionalProperties: false },
);

export const WeeklyRollup = Type.Object({
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  week: Type.Object({ key: Type.String(), start: Type.String(), end: Type.String() }),
  owed: Type.Integer(),
  done: Type.Integer(),
  missed: Type.Integer(),
  rate: Nullable(Type.Number()),
  inspections: Type.Integer(),
  failedItems: Type.Integer(),
  hazardsRaised: Type.Integer(),
  byDomain: Type.Array(Type.Object({ domain: Type.String(), failedItems: Type.Integer() })),
  missedChecks: Type.Array(Type.Object({ pointName: Type.String(), periodKey: Type.String() })),
  failures: Type.Array(Type.Object({ inspectionId: Type.String(), inspectedOn: Type.String(), pointName: Nullable(Type.String()), itemText: Type.String(), note: Type.String(), hazardId: Nullable(Type.String()) })),
});
export type WeeklyRollup = Static<typeof WeeklyRollup>;
export const WeeklyRollupQuery = Type.Object({ schoolId: IdString, date: Type.Optional(CalendarDate) }, { additionalProperties: false });

const AnswerBody = Type.Object(
  {
    checklistVersionId: IdString,
    itemCode: Type.String({ minLength: 1, maxLength: 30 }),
    answer: AnswerSchema,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    photoIds: Type.Optional(Type.Array(IdString, { maxItems: 6 })),
  },
  { additionalProperties: false },
);

export const CreateInspectionBody = Type.Object(
  {
    kind: InspectionKindSchema,
    unitId: Type.Optional(IdString),
    pointId: Type.Optional(IdString),
    qrToken: Type.Optional(Type.String({ minLength: 10, maxLength: 64, description: '从点位二维码进入时带上，用于记录“在点位现场开始检查”' })),
    startedAt: Type.Optional(DateTime),
    inspectedOn: Type.Optional(CalendarDate),
    checklistVersionIds: Type.Array(IdString, { minItems: 1, maxItems: 10 }),
    coInspectors: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 10 })),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    answers: Type.Array(AnswerBody, { minItems: 1, maxItems: 500 }),
    correctsId: Type.Optional(IdString),
    visitId: Type.Optional(IdString),
  },
  { additionalProperties: false },
);
export type CreateInspectionBody = Static<typeof CreateInspectionBody>;

export const InspectionSummary = Type.Object({
  id: Type.String(),
  kind: InspectionKindSchema,
  unit: Type.Object({ id: Type.String(), name: Type.String() }),
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  point: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  periodKey: Nullable(Type.String()),
  inspectedOn: Type.String(),
  startedVia: Type.Union([Type.Literal('qr'), Type.Literal('app')]),
  inspector: Type.Object({ id: Type.String(), displayName: Type.String() }),
  passCount: Type.Integer(),
  failCount: Type.Integer(),
  naCount: Type.Integer(),
  score: Nullable(Type.Number()),
  correctsId: Nullable(Type.String()),
  visitId: Nullable(Type.String()),
  submittedAt: Type.String({ format: 'date-time' }),
});
export type InspectionSummary = Static<typeof InspectionSummary>;

export const InspectionResultDto = Type.Object({
  checklistVersionId: Type.String(),
  itemCode: Type.String(),
  itemText: Type.String(),
  standard: Type.String(),
  basis: Type.String(),
  answer: AnswerSchema,
  note: Type.String(),
  photoIds: Type.Array(Type.String()),
  hazard: Nullable(Type.Object({ id: Type.String(), title: Type.String(), state: Type.String() })),
});

export const InspectionDetail = Type.Object({
  inspection: InspectionSummary,
  coInspectors: Type.Array(Type.String()),
  summary: Type.String(),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  checklists: Type.Array(Type.Object({ versionId: Type.String(), checklistId: Type.String(), title: Type.String(), domain: Type.String(), versionNo: Type.Integer() })),
  results: Type.Array(InspectionResultDto),
  correctedBy: Type.Array(Type.Object({ id: Type.String(), submittedAt: Type.String() })),
  canRaiseHazard: Type.Boolean(),
});
export type InspectionDetail = Static<typeof InspectionDetail>;

export const InspectionListQuery = Type.Object(
  {
    ...Paging,
    schoolId: Type.Optional(IdString),
    pointId: Type.Optional(IdString),
    kind: Type.Optional(InspectionKindSchema),
    from: Type.Optional(CalendarDate),
    to: Type.Optional(CalendarDate),
    withFailures: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RaiseHazardBody = Type.Object(
  {
    checklistVersionId: IdString,
    itemCode: Type.String({ minLength: 1, maxLength: 30 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    location: Type.Optional(Type.String({ maxLength: 200 })),
    domain: Type.Optional(DomainCode),
    grade: Type.Optional(HazardGradeSchema),
    register: Type.Optional(RegisterFieldsObject),
  },
  { additionalProperties: false },
);
export type RaiseHazardBody = Static<typeof RaiseHazardBody>;

export const VisitSummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  team: Type.Object({ id: Type.String(), name: Type.String() }),
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  kind: VisitKindSchema,
  plannedOn: Type.String(),
  visitedOn: Nullable(Type.String()),
  status: Type.Union([Type.Literal('planned'), Type.Literal('done'), Type.Literal('cancelled')]),
  note: Type.String(),
  summary: Type.String(),
  findingCount: Type.Integer(),
  inspectionCount: Type.Integer(),
  feedbackIssuedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type VisitSummary = Static<typeof VisitSummary>;

export const VisitDetail = Type.Object({
  visit: VisitSummary,
  inspections: Type.Array(InspectionSummary),
  findings: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), state: Type.String(), dueDate: Type.String({ description: '督查组给出的整改期限' }), grade: Type.String() })),
  canManage: Type.Boolean(),
});
export type VisitDetail = Static<typeof VisitDetail>;

export const VisitListQuery = Type.Object(
  { ...Paging, teamId: Type.Optional(IdString), schoolId: Type.Optional(IdString), status: Type.Optional(Type.Union([Type.Literal('planned'), Type.Literal('done'), Type.Literal('cancelled')])) },
  { additionalProperties: false },
);
export const CreateVisitBody = Type.Object(
  { teamId: IdString, schoolId: IdString, kind: VisitKindSchema, plannedOn: CalendarDate, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type CreateVisitBody = Static<typeof CreateVisitBody>;
export const RecordVisitBody = Type.Object(
  {
    version: Version(),
    status: Type.Union([Type.Literal('done'), Type.Literal('cancelled')]),
    visitedOn: Type.Optional(CalendarDate),
    summary: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export const VisitFindingBody = Type.Object(
  {
    domain: DomainCode,
    grade: HazardGradeSchema,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 4000 }),
    location: Type.Optional(Type.String({ maxLength: 200 })),
    photoIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })),
    dueDate: CalendarDate,
  },
  { additionalProperties: false },
);
export type VisitFindingBody = Static<typeof VisitFindingBody>;

export const TeamCoverage = Type.Object({
  team: Type.Object({ id: Type.String(), name: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  schools: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      visitsInWindow: Type.Integer(),
      lastVisitedOn: Nullable(Type.String()),
      nextPlannedOn: Nullable(Type.String()),
      openFindings: Type.Integer(),
    }),
  ),
  visited: Type.Integer(),
  neverVisited: Type.Integer(),
});
export type TeamCoverage = Static<typeof TeamCoverage>;
export const CoverageQuery = Type.Object({ from: Type.Optional(CalendarDate), to: Type.Optional(CalendarDate) }, { additionalProperties: false });

export const FollowUpCandidate = Type.Object({
  hazard: Type.Object({ id: Type.String(), title: Type.String(), domain: Type.String(), location: Type.String(), closedAt: Type.String() }),
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  followUps: Type.Integer(),
  lastOutcome: Nullable(Type.Union([Type.Literal('holds'), Type.Literal('recurred')])),
});
export const FollowUpQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })), schoolId: Type.Optional(IdString), includeChecked: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const CreateFollowUpBody = Type.Object(
  {
    hazardId: IdString,
    outcome: Type.Union([Type.Literal('holds'), Type.Literal('recurred')]),
    note: Type.String({ maxLength: 2000 }),
    photoIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })),
    checkedOn: Type.Optional(CalendarDate),
  },
  { additionalProperties: false },
);
export type CreateFollowUpBody = Static<typeof CreateFollowUpBody>;
export const FollowUpResult = Type.Object({
  id: Type.String(),
  hazardId: Type.String(),
  outcome: Type.Union([Type.Literal('holds'), Type.Literal('recurred')]),
  checkedOn: Type.String(),
  newHazardId: Nullable(Type.String()),
});
