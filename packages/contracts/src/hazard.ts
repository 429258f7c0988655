import { Type, type Static, type TSchema } from 'typebox';
import { LEDGER_COLUMN_FIELDS, LEDGER_FIELDS, MONEY_DECIMALS, MONEY_MAX_YUAN, type Hazard as DomainHazard } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v))) as unknown as TSchema;

export const HAZARD_DOMAIN_CODES = ['fire', 'lab_chemicals', 'security', 'traffic_bus', 'food', 'buildings', 'gas', 'ebike', 'internship', 'mental_health', 'stability', 'natural_disaster', 'network', 'other'] as const;
export const HAZARD_SOURCE_CODES = ['self', 'special', 'spot', 'mutual', 'supervision', 'joint', 'external', 'unannounced', 'follow_up', 'public_report', 'other'] as const;
export const HAZARD_STATE_CODES = ['reported', 'registered', 'rejected', 'rectifying', 'pending_verification', 'closed'] as const;

export const HazardDomainSchema = lit(HAZARD_DOMAIN_CODES);
export const HazardSourceSchema = lit(HAZARD_SOURCE_CODES);
export const HazardStateSchema = lit(HAZARD_STATE_CODES);
export const HazardGradeSchema = Type.Union([Type.Literal('general'), Type.Literal('major')]);

/**
 * Money in 元 as sent by forms and sheets: a number or a decimal string, ≥ 0, at most
 * 2 decimals. `maxDecimals` (a keyword of the server's validators) refuses 0.001 rather
 * than letting it round to 0 fen; the string's pattern only gives its shape.
 */
export const Funds = Type.Union(
  [
    Type.Number({ minimum: 0, maximum: MONEY_MAX_YUAN, maxDecimals: MONEY_DECIMALS }),
    Type.String({ pattern: '^[0-9]{1,10}(\\.[0-9]{1,20})?$', maxDecimals: MONEY_DECIMALS }),
  ],
  { description: `整改资金（元），可为 0，最多两位小数，不超过 ${MONEY_MAX_YUAN} 元` },
);

/** One row of the ledger table. */
export const HazardSummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  state: HazardStateSchema,
  unit: Type.Object({ id: Type.String(), name: Type.String() }),
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  areaName: Nullable(Type.String()),
  domain: HazardDomainSchema,
  grade: HazardGradeSchema,
  source: HazardSourceSchema,
  title: Type.String(),
  location: Type.String(),
  owner: Nullable(Type.String()),
  foundAt: Type.String(),
  dueDate: Nullable(Type.String()),
  fundsFen: Nullable(Type.Integer()),
  listed: Type.Boolean(),
  escalated: Type.Boolean(),
  fixedOnSpot: Type.Boolean(),
  overdue: Type.Boolean({ description: '已过整改时限且未销号（按北京时间日历日计算）' }),
  daysUntilDue: Nullable(Type.Integer({ description: '距整改时限天数：0 为当天，负数为已逾期天数' })),
  reportedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type HazardSummary = Static<typeof HazardSummary>;

export const HazardListQuery = Type.Object(
  {
    ...Paging,
    state: Type.Optional(Type.Array(HazardStateSchema, { maxItems: 6 })),
    domain: Type.Optional(Type.Array(HazardDomainSchema, { maxItems: 14 })),
    grade: Type.Optional(HazardGradeSchema),
    source: Type.Optional(Type.Array(HazardSourceSchema, { maxItems: 11 })),
    overdue: Type.Optional(Type.Boolean()),
    listed: Type.Optional(Type.Boolean()),
    schoolId: Type.Optional(IdString),
    areaId: Type.Optional(IdString),
    teamId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '督查小组：该组负责的学校' })),
    owner: Type.Optional(Type.String({ maxLength: 50 })),
    foundFrom: Type.Optional(CalendarDate),
    foundTo: Type.Optional(CalendarDate),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '全文搜索（标题、描述、位置），至少 2 个字' })),
    sort: Type.Optional(Type.Union([Type.Literal('foundAt'), Type.Literal('dueDate'), Type.Literal('reportedAt'), Type.Literal('id')])),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: false },
);
export type HazardListQuery = Static<typeof HazardListQuery>;

export const FileRef = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('photo'), Type.Literal('document')]),
  mime: Type.String(),
  originalName: Type.String(),
  sizeBytes: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  hasThumbnail: Type.Boolean(),
  uploadedAt: Type.String({ format: 'date-time' }),
});
export type FileRef = Static<typeof FileRef>;

export const HazardTimelineEvent = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  actorRole: Nullable(Type.String()),
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  comment: Nullable(Type.String()),
  changedFields: Type.Array(Type.String()),
  fileIds: Type.Array(Type.String()),
});
export type HazardTimelineEvent = Static<typeof HazardTimelineEvent>;

/** The whole domain record (nested plan, listings, extensions …), shaped as the domain's `Hazard` type. */
export const HazardRecord = Type.Unsafe<DomainHazard>(Type.Object({}, { additionalProperties: true, description: '领域模型中的完整隐患记录（见 packages/domain/src/hazard/hazard.types.ts）' }));

export const HazardDetail = Type.Object({
  hazard: HazardSummary,
  record: HazardRecord,
  timeline: Type.Array(HazardTimelineEvent),
  files: Type.Array(FileRef, { description: '记录中引用的全部文件的元数据' }),
  users: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() }), { description: '记录中出现的用户' }),
  allowedActions: Type.Array(Type.String(), { description: '当前用户此刻可执行的操作' }),
  overdueExplanationRequired: Type.Boolean(),
  origin: Type.Object(
    {
      inspection: Nullable(
        Type.Object({
          id: Type.String(),
          kind: Type.String(),
          inspectedOn: Type.String(),
          pointName: Nullable(Type.String()),
          checklistVersionId: Nullable(Type.String()),
          itemCode: Nullable(Type.String()),
          itemText: Nullable(Type.String()),
        }),
      ),
      visit: Nullable(Type.Object({ id: Type.String(), teamName: Type.String(), kind: Type.String(), visitedOn: Nullable(Type.String()) })),
      recurrenceOf: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
      recurrences: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), state: Type.String() })),
      followUps: Type.Array(Type.Object({ id: Type.String(), checkedOn: Type.String(), outcome: Type.String(), note: Type.String() })),
      registry: Type.Optional(
        Nullable(
          Type.Object(
            { kind: Type.String({ description: '台账类别，如 vehicle、chemical-store、building' }), recordId: Type.String(), label: Type.String(), cause: Type.String() },
            { description: '由安全台账自动发现：哪条台账记录、什么原因（如证照过期、盘点不符）' },
          ),
        ),
      ),
    },
    { description: '来源：由哪次检查的哪一项、哪次督查登记，哪条已销号隐患的复发（回头看），或哪条安全台账记录' },
  ),
  nextStep: Type.Object(
    {
      role: Nullable(Type.String({ description: '下一步由哪个角色操作；无需操作时为 null' })),
      unitName: Nullable(Type.String({ description: '下一步操作的单位（学校、督查组、教育局）' })),
      userName: Nullable(Type.String({ description: '只有一人可操作时的姓名' })),
      text: Type.String({ description: '如“下一步：由 张三（学校安全管理员） 提交验收”“等待 第一督查组 验收”“已销号，无需操作”' }),
    },
    { description: '谁下一步操作（领域 nextActor 计算）' },
  ),
});
export type HazardDetail = Static<typeof HazardDetail>;

const Milestone = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), dueDate: CalendarDate }, { additionalProperties: false });
const FileIds = Type.Array(IdString, { maxItems: 20 });

const ReportFields = {
  unitId: IdString,
  domain: HazardDomainSchema,
  grade: HazardGradeSchema,
  source: HazardSourceSchema,
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 4000 }),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  photoIds: Type.Optional(FileIds),
  foundAt: CalendarDate,
  foundBy: Type.String({ minLength: 1, maxLength: 100 }),
};

const RegisterFields = {
  owner: Type.String({ minLength: 1, maxLength: 100 }),
  measures: Type.String({ minLength: 1, maxLength: 4000 }),
  funds: Funds,
  dueDate: CalendarDate,
  contingencyPlan: Type.String({ minLength: 1, maxLength: 4000 }),
  interimControls: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  watcher: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  plan: Type.Optional(Type.Array(Milestone, { maxItems: 50 })),
};

/** 整改五落实 as a nested object (used where a hazard is registered as it is created). */
export const RegisterFieldsObject = Type.Object(RegisterFields, { additionalProperties: false, description: '同时登记（整改五落实）' });

export const RegisterBody = Type.Object({ version: Version(), ...RegisterFields }, { additionalProperties: false });

export const CreateHazardBody = Type.Object(
  {
    ...ReportFields,
    register: Type.Optional(Type.Object(RegisterFields, { additionalProperties: false, description: '同时登记（整改五落实）' })),
    fixedOnSpot: Type.Optional(
      Type.Object(
        { fixPhotoIds: FileIds, fixNote: Type.Optional(Type.String({ maxLength: 2000 })) },
        { additionalProperties: false, description: '立行立改：整改后照片' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateHazardBody = Static<typeof CreateHazardBody>;

const v = { version: Version('读取时的版本号；过期则返回 409，不做任何修改') };
const body = <P extends Record<string, TSchema>>(props: P) => Type.Object({ ...v, ...props }, { additionalProperties: false });

/** The request body of every transition route, by domain action name. */
export const HazardActionBodies = {
  register: RegisterBody,
  reject: body({ reason: Type.Union([Type.Literal('duplicate'), Type.Literal('not_a_hazard')]), text: Type.String({ minLength: 1, maxLength: 2000 }) }),
  start_rectification: body({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }),
  request_verification: body({ evidenceIds: FileIds, note: Type.String({ minLength: 1, maxLength: 4000 }) }),
  close: body({ comment: Type.Optional(Type.String({ maxLength: 2000 })), fileIds: Type.Optional(FileIds) }),
  return: body({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
  edit: body({
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    location: Type.Optional(Type.String({ maxLength: 200 })),
    domain: Type.Optional(HazardDomainSchema),
    grade: Type.Optional(HazardGradeSchema),
    source: Type.Optional(HazardSourceSchema),
    foundAt: Type.Optional(CalendarDate),
    foundBy: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    addPhotoIds: Type.Optional(FileIds),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    measures: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    funds: Type.Optional(Funds),
    contingencyPlan: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    interimControls: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    watcher: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    addMilestones: Type.Optional(Type.Array(Milestone, { maxItems: 50 })),
  }),
  list: body({ supervisingUnitId: Type.Optional(IdString), reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
  delist: body({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
  escalate: body({ note: Type.String({ minLength: 1, maxLength: 4000 }) }),
  file_overdue_explanation: body({ reason: Type.String({ minLength: 1, maxLength: 4000 }), plan: Type.Optional(Type.Array(Milestone, { maxItems: 50 })) }),
  request_extension: body({ requestedDueDate: CalendarDate, reason: Type.String({ minLength: 1, maxLength: 4000 }) }),
  approve_extension: body({ newDueDate: Type.Optional(CalendarDate), comment: Type.Optional(Type.String({ maxLength: 2000 })) }),
  reject_extension: body({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
  add_progress: body({ milestoneIndex: Type.Integer({ minimum: 0, maximum: 49 }), note: Type.String({ minLength: 1, maxLength: 4000 }), done: Type.Optional(Type.Boolean()), fileIds: Type.Optional(FileIds) }),
} as const;

/** The URL path segment of each transition route: POST /api/hazards/{id}/{segment}. */
export const HAZARD_ACTION_PATHS: Record<keyof typeof HazardActionBodies, string> = {
  register: 'register',
  reject: 'reject',
  start_rectification: 'start-rectification',
  request_verification: 'request-verification',
  close: 'close',
  return: 'return',
  edit: 'edit',
  list: 'list',
  delist: 'delist',
  escalate: 'escalate',
  file_overdue_explanation: 'overdue-explanation',
  request_extension: 'extension-request',
  approve_extension: 'extension-approve',
  reject_extension: 'extension-reject',
  add_progress: 'progress',
};

// ---------------------------------------------------------------------------
// 隐患台账 Excel 导出与导入

/** The filters of GET /api/hazards/export.xlsx: those of the ledger list, without paging. */
export const HazardExportQuery = Type.Omit(HazardListQuery, ['page', 'pageSize'], { additionalProperties: false });
export type HazardExportQuery = Static<typeof HazardExportQuery>;

/** The fields a ledger column can fill, as a mapping names them: the domain's list itself. */
export const HAZARD_LEDGER_FIELD_CODES = LEDGER_FIELDS;
/** Every field a mapping may name: the above and the closure columns (整改状态, 整改完成时间, 验收人, 验收时间, 验收意见). */
export const HAZARD_LEDGER_COLUMN_FIELD_CODES = LEDGER_COLUMN_FIELDS;

const LedgerRowError = Type.Object({
  row: Type.Integer({ description: 'Excel 行号（含标题行和表头，从 1 起）' }),
  column: Nullable(Type.String({ description: '表格中的列名；整行的问题为 null' })),
  message: Type.String(),
});

export const HazardImportPreview = Type.Object({
  sheetName: Type.String(),
  headerRow: Type.Integer({ description: '表头所在的 Excel 行号' }),
  columns: Type.Array(
    Type.Object({
      header: Type.String({ description: '表格中的列名' }),
      field: Nullable(Type.String({ description: `识别为的字段（${HAZARD_LEDGER_COLUMN_FIELD_CODES.join('、')}），null 表示忽略` })),
    }),
  ),
  columnMatches: Type.Optional(
    Type.Array(
      Type.Object({
        header: Type.String({ description: '表格中的列名（两级表头时为 上级+下级，如“验收时间”）' }),
        field: Nullable(Type.String({ description: '识别为的字段，null 表示不导入' })),
        basis: Type.Union([Type.Literal('user'), Type.Literal('remembered'), Type.Literal('standard'), Type.Literal('synonym'), Type.Literal('keyword'), Type.Literal('none')], {
          description: 'user：按请求中的 mapping；remembered：按本局上次导入同一格式台账时确认的列对应；standard：标准列名；synonym：常见别名；keyword：按列名中的关键词推测；none：未识别',
        }),
        confidence: Type.Number({ minimum: 0, maximum: 1, description: '把握程度：1 确定，0.9 常见别名，0.6 推测（请用户确认），0 未识别' }),
        reason: Type.String({ description: '识别依据（中文），供列对应步骤显示' }),
      }),
      { description: '与 columns 一一对应：每列识别为什么字段、把握程度与依据' },
    ),
  ),
  layout: Type.Optional(
    Type.Object({
      fingerprint: Type.String({ description: '表头格式的指纹（规范化表头行的 SHA-256）' }),
      remembered: Type.Boolean({ description: '是否使用了本局为该格式记住的列对应' }),
    }),
  ),
  fields: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), label: Type.String() }), { description: '列可对应的全部字段及其中文名（供列对应下拉框）' }),
  ),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      school: Nullable(Type.String({ description: '学校或校区：已识别时为系统中的名称，否则为表格中的文字' })),
      schoolId: Nullable(Type.String()),
      title: Type.String(),
      domain: Nullable(HazardDomainSchema),
      grade: Nullable(HazardGradeSchema),
      source: Nullable(HazardSourceSchema),
      foundAt: Nullable(Type.String()),
      foundBy: Nullable(Type.String()),
      owner: Nullable(Type.String()),
      dueDate: Nullable(Type.String()),
      fundsFen: Nullable(Type.Integer()),
      state: Nullable(
        Type.Union([Type.Literal('reported'), Type.Literal('registered'), Type.Literal('pending_verification'), Type.Literal('closed')], {
          description: '导入后的状态；已整改待验收的行为 pending_verification，已验收销号的行为 closed（连同整改、验收记录）；有错误的行为 null',
        }),
      ),
      closedAt: Type.Optional(Nullable(Type.String({ description: '销号（验收）日期 YYYY-MM-DD' }))),
      verifier: Type.Optional(Nullable(Type.String({ description: '台账中的验收人' }))),
      notRecorded: Type.Optional(Type.Array(Type.String(), { description: '原台账未填写、以“原台账未填写”记录的整改五落实项' })),
    }),
  ),
  errors: Type.Array(LedgerRowError),
  warnings: Type.Array(Type.String()),
  summary: Type.Object({
    rows: Type.Integer({ description: '数据行数' }),
    errors: Type.Integer({ description: '错误条数' }),
    errorRows: Type.Integer({ description: '有错误的行数' }),
    reported: Type.Integer({ description: '将以“已上报”导入的行数' }),
    registered: Type.Integer({ description: '整改五落实齐全、将以“已登记”导入的行数' }),
    pendingVerification: Type.Optional(Type.Integer({ description: '已整改待验收、将以“待验收”导入的行数（有时才出现）' })),
    closed: Type.Optional(Type.Integer({ description: '已验收销号、将连同历史导入为“已销号”的行数（有时才出现）' })),
  }),
});
export type HazardImportPreview = Static<typeof HazardImportPreview>;

export const HazardImportResult = Type.Object({
  created: Type.Integer(),
  reported: Type.Integer({ description: '以“已上报”导入的隐患数' }),
  registered: Type.Integer({ description: '以“已登记”导入的隐患数' }),
  pendingVerification: Type.Optional(Type.Integer({ description: '以“待验收”导入的隐患数（有时才出现）' })),
  closed: Type.Optional(Type.Integer({ description: '连同整改、验收历史以“已销号”导入的隐患数（有时才出现）' })),
});
export type HazardImportResult = Static<typeof HazardImportResult>;
