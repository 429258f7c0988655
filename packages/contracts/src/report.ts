import { Type, type Static } from 'typebox';
import { AUTO_SECTION_SOURCES, REPORT_PERIOD_KINDS, REPORT_STATES, REPORT_SUBMITTER_KINDS, STORED_REPORT_STATES } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';
import { FileRef } from './hazard.js';

/**
 * Reporting upward (上报): report types with due rules, each unit's expected submission per
 * period, completeness and timeliness, review and return. Issue 13's "Contract" names the
 * routes and fields the checks outside the repository read: `GET /api/report-types`,
 * `GET /api/report-types/{id}/completeness?period=P`, `GET /api/report-submissions[/{id}]`.
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

// One vocabulary: the domain's (packages/domain/src/reporting).
export { REPORT_PERIOD_KINDS, REPORT_SUBMITTER_KINDS, REPORT_STATES, STORED_REPORT_STATES, AUTO_SECTION_SOURCES, REPORT_STATE_LABELS } from '@xiaoan/domain';
export type { ReportPeriodKind, ReportSubmitterKind, ReportState } from '@xiaoan/domain';
export const REPORT_REVIEWERS = ['bureau', 'team'] as const;

/** Due-day rule of a report type (the calendar's DueRule). "X日前" is by the end of day X, Beijing time. */
export const ReportDueRule = Type.Union([
  Type.Object({ kind: Type.Literal('period_end') }, { additionalProperties: false, description: '本期最后一天前' }),
  Type.Object({ kind: Type.Literal('after_end'), days: Type.Integer({ minimum: 0, maximum: 366 }) }, { additionalProperties: false, description: '本期（阶段）结束后 N 天内' }),
  Type.Object({ kind: Type.Literal('day_of_next_month'), day: Type.Integer({ minimum: 1, maximum: 31 }) }, { additionalProperties: false, description: '次月 D 日前（月份没有 D 日时为该月最后一天）' }),
  Type.Object({ kind: Type.Literal('day_of_last_month'), day: Type.Integer({ minimum: 1, maximum: 31 }) }, { additionalProperties: false, description: '本期最后一个月的 D 日前（季度末月15日前）' }),
  Type.Object(
    { kind: Type.Literal('month_day'), month: Type.Integer({ minimum: 1, maximum: 12 }), day: Type.Integer({ minimum: 1, maximum: 31 }) },
    { additionalProperties: false, description: '每年 M 月 D 日前' },
  ),
  Type.Object({ kind: Type.Literal('on'), date: CalendarDate }, { additionalProperties: false, description: '指定日期前（一次性报送）' }),
]);
export type ReportDueRule = Static<typeof ReportDueRule>;

/** One section of a report's content template. */
export const ReportSection = Type.Union([
  Type.Object(
    {
      key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
      kind: Type.Literal('auto'),
      label: Type.String({ minLength: 1, maxLength: 50 }),
      source: lit(AUTO_SECTION_SOURCES),
    },
    { additionalProperties: false, description: '自动汇总表（报送时固定）：hazard_month 本月隐患清单、week_checks 本周自查、summary_counts 隐患/检查/督查数、visit_round 督查情况' },
  ),
  Type.Object(
    {
      key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
      kind: Type.Literal('narrative'),
      label: Type.String({ minLength: 1, maxLength: 50 }),
      required: Type.Boolean(),
      maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })),
      /** Pre-filled from this section of the previous period's submission (上阶段计划落实情况 ← 下阶段目标). */
      prefillFrom: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    },
    { additionalProperties: false, description: '文字栏目' },
  ),
]);
export type ReportSection = Static<typeof ReportSection>;

export const ReportType = Type.Object({
  id: Type.String(),
  code: Type.String({ description: '报表代码，如 monthly-hazard-list' }),
  name: Type.String(),
  periodKind: lit(REPORT_PERIOD_KINDS),
  dueRule: ReportDueRule,
  periodNumbers: Type.Array(Type.Integer(), { description: '只报这些期（季度报 [1,2,3] 即一至三季度）；空为每期都报' }),
  submitterKind: lit(REPORT_SUBMITTER_KINDS),
  reviewer: lit(REPORT_REVIEWERS),
  campaignId: Nullable(Type.String()),
  stageIds: Type.Array(Type.String()),
  template: Type.Array(ReportSection),
  lateAccepted: Type.Boolean({ description: 'true：逾期仍可报送（记为逾期）；false：截止后锁定，局端可为单个单位重新开放' }),
  startsOn: Type.String({ format: 'date' }),
  endsOn: Nullable(Type.String({ format: 'date' })),
  ruleText: Type.String({ description: '报送要求的中文说明（含月末不足天数时的处理）' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('archived')]),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  allowedActions: Type.Array(Type.String(), { description: '当前用户可执行的操作（update、reopen、start）' }),
});
export type ReportType = Static<typeof ReportType>;

export const ReportTypeListQuery = Type.Object(
  {
    ...Paging,
    campaignId: Type.Optional(IdString),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
    submitterKind: Type.Optional(lit(REPORT_SUBMITTER_KINDS)),
  },
  { additionalProperties: false },
);
export type ReportTypeListQuery = Static<typeof ReportTypeListQuery>;

export const CreateReportTypeBody = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: '报表代码：小写字母、数字、连字符' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    periodKind: lit(REPORT_PERIOD_KINDS),
    dueRule: ReportDueRule,
    periodNumbers: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 53 }), { maxItems: 53 })),
    submitterKind: lit(REPORT_SUBMITTER_KINDS),
    reviewer: Type.Optional(lit(REPORT_REVIEWERS)),
    campaignId: Type.Optional(Nullable(IdString)),
    stageIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })),
    template: Type.Array(ReportSection, { maxItems: 30 }),
    lateAccepted: Type.Optional(Type.Boolean()),
    startsOn: Type.Optional(CalendarDate),
    endsOn: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);
export type CreateReportTypeBody = Static<typeof CreateReportTypeBody>;

export const UpdateReportTypeBody = Type.Object(
  {
    version: Version(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    template: Type.Optional(Type.Array(ReportSection, { maxItems: 30 })),
    lateAccepted: Type.Optional(Type.Boolean()),
    reviewer: Type.Optional(lit(REPORT_REVIEWERS)),
    endsOn: Type.Optional(Nullable(CalendarDate)),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
  },
  { additionalProperties: false },
);
export type UpdateReportTypeBody = Static<typeof UpdateReportTypeBody>;

/** One period of a report type with its due date. */
export const ReportPeriod = Type.Object({
  key: Type.String({ description: '期次：2026-11、2026-Q3、2026-W47、2026-H2、2026；阶段 stage-<id>；一次性 once' }),
  label: Type.String(),
  start: Type.String({ format: 'date' }),
  end: Type.String({ format: 'date' }),
  dueDate: Type.String({ format: 'date', description: '截止日（当日 24 时前，北京时间）' }),
  dueAt: Type.String({ format: 'date-time', description: '逾期时刻：截止日次日 0 时（北京时间）' }),
});
export type ReportPeriod = Static<typeof ReportPeriod>;

export const ReportPeriodsQuery = Type.Object(
  { from: Type.Optional(CalendarDate), to: Type.Optional(CalendarDate) },
  { additionalProperties: false },
);
export type ReportPeriodsQuery = Static<typeof ReportPeriodsQuery>;

const PeriodKey = Type.String({ minLength: 1, maxLength: 40, description: '期次，如 2026-11、2026-Q3、2026-W47、2026-H2、2026' });

export const CompletenessQuery = Type.Object(
  { period: Type.Optional(PeriodKey), areaId: Type.Optional(IdString), teamId: Type.Optional(IdString) },
  { additionalProperties: false, description: 'period 缺省为当前一期（已开始的最近一期）' },
);
export type CompletenessQuery = Static<typeof CompletenessQuery>;

export const CompletenessItem = Type.Object({
  unitId: Type.String({ description: '报送单位：学校的单位 id；督查组报表为督查组 id；科室报表为科室 id' }),
  unitName: Type.String(),
  state: lit(REPORT_STATES),
  submittedAt: Nullable(Type.String({ format: 'date-time', description: '首次报送时间（及时性以此判断）' })),
  submissionId: Nullable(Type.String()),
  areaId: Nullable(Type.String()),
  areaName: Nullable(Type.String()),
  onTime: Nullable(Type.Boolean({ description: '按时报送；未报送为 null' })),
  safetyOfficer: Nullable(Type.String({ description: '安全管理员（学校）' })),
  phone: Nullable(Type.String()),
});
export type CompletenessItem = Static<typeof CompletenessItem>;

const StateCounts = Type.Object({
  not_started: Type.Integer(),
  draft: Type.Integer(),
  submitted: Type.Integer(),
  late: Type.Integer(),
  returned: Type.Integer(),
  approved: Type.Integer(),
  missing: Type.Integer(),
});

export const AreaRate = Type.Object({
  areaId: Nullable(Type.String()),
  areaName: Type.String(),
  expected: Type.Integer(),
  submitted: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  missing: Type.Integer(),
  submittedRate: Nullable(Type.Number({ description: '报送率 = 已报送 ÷ 应报送（0–1）；应报送为 0 时为 null' })),
  onTimeRate: Nullable(Type.Number({ description: '及时率 = 按时报送 ÷ 应报送（0–1）' })),
});
export type AreaRate = Static<typeof AreaRate>;

export const MissingUnit = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  areaName: Nullable(Type.String()),
  safetyOfficer: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

/**
 * Completeness and timeliness of one period. Counts: every expected item has exactly one
 * `state`, and `counts` by state sums to `expected` (= items.length). `submitted` counts the
 * items that reached the reviewer at least once (states submitted, late, returned, approved),
 * split by their first submission into `onTime` + `late`; `missing` the past-due items with
 * nothing submitted; `pending` the rest (not_started, draft before the deadline). So
 * expected = submitted + missing + pending and submitted = onTime + late.
 */
export const Completeness = Type.Object({
  reportTypeId: Type.String(),
  period: Type.String(),
  periodStart: Type.String({ format: 'date' }),
  periodEnd: Type.String({ format: 'date' }),
  dueDate: Type.String({ format: 'date' }),
  dueAt: Type.String({ format: 'date-time', description: '逾期时刻（截止日次日 0 时，北京时间）' }),
  expected: Type.Integer(),
  submitted: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  missing: Type.Integer(),
  pending: Type.Integer({ description: '未到截止日、尚未报送（未开始、草稿）' }),
  counts: StateCounts,
  submittedRate: Nullable(Type.Number()),
  onTimeRate: Nullable(Type.Number()),
  areas: Type.Array(AreaRate),
  missingUnits: Type.Array(MissingUnit),
  items: Type.Array(CompletenessItem),
});
export type Completeness = Static<typeof Completeness>;

export const MatrixQuery = Type.Object(
  { from: Type.Optional(PeriodKey), to: Type.Optional(PeriodKey), areaId: Type.Optional(IdString), teamId: Type.Optional(IdString) },
  { additionalProperties: false, description: 'to 缺省为当前一期，from 缺省为一年前起' },
);
export type MatrixQuery = Static<typeof MatrixQuery>;

export const CompletenessMatrix = Type.Object({
  reportTypeId: Type.String(),
  periods: Type.Array(ReportPeriod),
  rows: Type.Array(
    Type.Object({
      unitId: Type.String(),
      unitName: Type.String(),
      areaId: Nullable(Type.String()),
      areaName: Nullable(Type.String()),
      cells: Type.Array(
        Type.Object({
          period: Type.String(),
          state: Nullable(lit(REPORT_STATES)),
          submissionId: Nullable(Type.String()),
        }),
        { description: '与 periods 一一对应；该单位本期不在应报范围时 state 为 null' },
      ),
    }),
  ),
  totals: Type.Array(
    Type.Object({
      period: Type.String(),
      expected: Type.Integer(),
      submitted: Type.Integer(),
      onTime: Type.Integer(),
      late: Type.Integer(),
      missing: Type.Integer(),
      submittedRate: Nullable(Type.Number()),
      onTimeRate: Nullable(Type.Number()),
    }),
  ),
});
export type CompletenessMatrix = Static<typeof CompletenessMatrix>;

/** Attachments are stored files (POST /api/files), as hazards attach them. */
const ReportFile = FileRef;

export const ReportSubmissionSummary = Type.Object({
  id: Type.String(),
  reportTypeId: Type.String(),
  reportTypeCode: Type.String(),
  reportTypeName: Type.String(),
  periodKey: Type.String(),
  submitterKind: lit(REPORT_SUBMITTER_KINDS),
  unitId: Type.String({ description: '报送单位 id（学校；督查组报表为督查组 id；科室报表为科室 id）' }),
  unitName: Type.String(),
  state: lit(REPORT_STATES),
  storedState: lit(STORED_REPORT_STATES),
  dueDate: Type.String({ format: 'date' }),
  currentVersion: Type.Integer({ description: '已报送的版本数；0 为尚未报送' }),
  firstSubmittedAt: Nullable(Type.String({ format: 'date-time' })),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  onTime: Nullable(Type.Boolean()),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ReportSubmissionSummary = Static<typeof ReportSubmissionSummary>;

export const ReportSubmissionListQuery = Type.Object(
  {
    ...Paging,
    reportTypeId: Type.Optional(IdString),
    period: Type.Optional(PeriodKey),
    state: Type.Optional(lit(STORED_REPORT_STATES)),
    unitId: Type.Optional(IdString),
  },
  { additionalProperties: false },
);
export type ReportSubmissionListQuery = Static<typeof ReportSubmissionListQuery>;

const Person = Type.Object({ id: Type.String(), name: Type.String() });

export const ReportVersion = Type.Object({
  versionNo: Type.Integer(),
  content: Type.Record(Type.String(), Type.Unknown(), { description: '自动汇总表（报送时固定），按栏目 key' }),
  narrative: Type.Record(Type.String(), Type.String(), { description: '文字栏目，按栏目 key' }),
  files: Type.Array(ReportFile),
  submittedBy: Person,
  submittedAt: Type.String({ format: 'date-time' }),
  late: Type.Boolean(),
});
export type ReportVersion = Static<typeof ReportVersion>;

export const ReportReview = Type.Object({
  id: Type.String(),
  versionNo: Type.Integer(),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
  comment: Type.String(),
  reviewer: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }),
  at: Type.String({ format: 'date-time' }),
});
export type ReportReview = Static<typeof ReportReview>;

export const ReportChange = Type.Object({
  key: Type.String(),
  label: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type ReportChange = Static<typeof ReportChange>;

export const ReportSubmissionDetail = Type.Object({
  submission: ReportSubmissionSummary,
  reportType: ReportType,
  period: ReportPeriod,
  draft: Type.Object({
    narrative: Type.Record(Type.String(), Type.String()),
    files: Type.Array(ReportFile),
    savedAt: Nullable(Type.String({ format: 'date-time' })),
  }),
  /** The auto-filled sections as they would be frozen now (while not yet submitted or returned); null otherwise. */
  preview: Nullable(Type.Record(Type.String(), Type.Unknown())),
  versions: Type.Array(ReportVersion, { description: '已报送的各版本，旧版本保留可查' }),
  reviews: Type.Array(ReportReview),
  changes: Type.Array(ReportChange, { description: '最新版本与上一版本相比的变化（审核时查看）' }),
  reopens: Type.Array(Type.Object({ until: Type.String({ format: 'date' }), reason: Type.String(), by: Person, at: Type.String({ format: 'date-time' }) })),
  locked: Type.Boolean({ description: '截止后已锁定（不接受逾期报送且未重新开放）' }),
  allowedActions: Type.Array(Type.String(), { description: '当前用户此刻可执行的操作（save_draft、submit、approve、return）' }),
});
export type ReportSubmissionDetail = Static<typeof ReportSubmissionDetail>;

export const StartSubmissionBody = Type.Object(
  {
    reportTypeId: IdString,
    period: PeriodKey,
    unitId: Type.Optional(IdString),
  },
  { additionalProperties: false, description: '开始填报（已有则返回已有的）；unitId 为报送单位，默认本人所在学校' },
);
export type StartSubmissionBody = Static<typeof StartSubmissionBody>;

const Narrative = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.String({ maxLength: 20000 }), { maxProperties: 30 });

export const SaveDraftBody = Type.Object(
  { version: Version(), narrative: Type.Optional(Narrative), attachmentIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })) },
  { additionalProperties: false },
);
export type SaveDraftBody = Static<typeof SaveDraftBody>;

export const SubmitReportBody = Type.Object(
  { version: Version(), narrative: Type.Optional(Narrative), attachmentIds: Type.Optional(Type.Array(IdString, { maxItems: 20 })) },
  { additionalProperties: false },
);
export type SubmitReportBody = Static<typeof SubmitReportBody>;

export const ApproveReportBody = Type.Object({ version: Version(), comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type ApproveReportBody = Static<typeof ApproveReportBody>;
export const ReturnReportBody = Type.Object({ version: Version(), comment: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
export type ReturnReportBody = Static<typeof ReturnReportBody>;

export const ReopenReportBody = Type.Object(
  {
    period: PeriodKey,
    unitId: IdString,
    until: Type.Optional(CalendarDate),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false, description: '为一个单位重新开放已锁定的期次（until 默认 3 天后）' },
);
export type ReopenReportBody = Static<typeof ReopenReportBody>;

/** The campaign's stored reporting rules, confirmed one by one, become report types. */
export const CampaignReportTypesBody = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          ruleId: IdString,
          code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
          name: Type.String({ minLength: 1, maxLength: 100 }),
          submitterKind: lit(REPORT_SUBMITTER_KINDS),
          reviewer: Type.Optional(lit(REPORT_REVIEWERS)),
          lateAccepted: Type.Optional(Type.Boolean()),
          /** summary: the stage/quarterly narrative (思想意识…下阶段目标); list: the month's hazard list; plain: one narrative field. */
          template: Type.Optional(Type.Union([Type.Literal('summary'), Type.Literal('list'), Type.Literal('plain')])),
          /** Report once per campaign stage instead, N days after each stage ends (阶段总结). */
          stageAfterDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 366 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type CampaignReportTypesBody = Static<typeof CampaignReportTypesBody>;
