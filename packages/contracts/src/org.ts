import { Type, type Static } from 'typebox';
import { Nullable, Paging, Version } from './common.js';
import { RoleSchema } from './auth.js';

export const UnitKindSchema = Type.Union([
  Type.Literal('bureau'),
  Type.Literal('area'),
  Type.Literal('school'),
  Type.Literal('campus'),
]);
export const SchoolKindSchema = Type.Union([
  Type.Literal('kindergarten'),
  Type.Literal('primary'),
  Type.Literal('middle'),
  Type.Literal('high'),
  Type.Literal('nine_year'),
  Type.Literal('vocational'),
  Type.Literal('special'),
  Type.Literal('training'),
]);
const StatusSchema = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

export const Unit = Type.Object({
  id: Type.String(),
  kind: UnitKindSchema,
  parentId: Nullable(Type.String()),
  name: Type.String(),
  schoolKind: Nullable(SchoolKindSchema),
  eduGroup: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  address: Nullable(Type.String()),
  principal: Nullable(Type.String()),
  safetyOfficer: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  enrolment: Nullable(Type.Integer()),
  status: StatusSchema,
  version: Type.Integer(),
  areaName: Nullable(Type.String()),
  teams: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export type Unit = Static<typeof Unit>;

export const UnitListQuery = Type.Object(
  {
    ...Paging,
    kind: Type.Optional(UnitKindSchema),
    parentId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    status: Type.Optional(StatusSchema),
    teamId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    schoolKind: Type.Optional(SchoolKindSchema),
    areaId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '片区：该片区下的所有单位' })),
  },
  { additionalProperties: false },
);

const UnitFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  schoolKind: Type.Optional(Nullable(SchoolKindSchema)),
  eduGroupId: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{1,18}$' }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  principal: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  safetyOfficer: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  enrolment: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100000 }))),
};

export const CreateUnitBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('area'), Type.Literal('school'), Type.Literal('campus')]),
    parentId: Type.String({ pattern: '^[0-9]{1,18}$' }),
    ...UnitFields,
  },
  { additionalProperties: false },
);
export type CreateUnitBody = Static<typeof CreateUnitBody>;

export const UpdateUnitBody = Type.Object(
  {
    version: Version(),
    name: Type.Optional(UnitFields.name),
    parentId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    schoolKind: UnitFields.schoolKind,
    eduGroupId: UnitFields.eduGroupId,
    address: UnitFields.address,
    principal: UnitFields.principal,
    safetyOfficer: UnitFields.safetyOfficer,
    phone: UnitFields.phone,
    enrolment: UnitFields.enrolment,
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);
export type UpdateUnitBody = Static<typeof UpdateUnitBody>;

export const User = Type.Object({
  id: Type.String(),
  username: Nullable(Type.String()),
  displayName: Type.String(),
  title: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  role: RoleSchema,
  unit: Type.Object({ id: Type.String(), name: Type.String(), kind: UnitKindSchema }),
  department: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  status: StatusSchema,
  hasLogin: Type.Boolean(),
  lockedUntil: Nullable(Type.String({ format: 'date-time' })),
  mustChangePassword: Type.Boolean({ description: '下次登录须修改密码' }),
  secondFactorEnabled: Type.Boolean({ description: '已绑定动态验证码' }),
  version: Type.Integer(),
});
export type User = Static<typeof User>;

export const UserListQuery = Type.Object(
  {
    ...Paging,
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    role: Type.Optional(RoleSchema),
    departmentId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object(
  {
    username: Type.Optional(Nullable(Type.String({ pattern: '^[a-z0-9_.-]{3,40}$' }))),
    displayName: Type.String({ minLength: 1, maxLength: 50 }),
    title: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }))),
    role: RoleSchema,
    unitId: Type.String({ pattern: '^[0-9]{1,18}$' }),
    departmentId: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{1,18}$' }))),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    version: Version(),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    title: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }))),
    role: Type.Optional(RoleSchema),
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    departmentId: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{1,18}$' }))),
    status: Type.Optional(StatusSchema),
    username: Type.Optional(Nullable(Type.String({ pattern: '^[a-z0-9_.-]{3,40}$' }))),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '重置密码：本人下次登录时须修改' })),
    resetSecondFactor: Type.Optional(Type.Literal(true, { description: '解除动态验证码绑定（手机丢失时）：本人下次登录时重新绑定' })),
  },
  { additionalProperties: false },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const Department = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: StatusSchema,
  memberCount: Type.Integer(),
});
export const CreateDepartmentBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const UpdateDepartmentBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), status: Type.Optional(StatusSchema) },
  { additionalProperties: false },
);

export const EduGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  schools: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export const CreateEduGroupBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const PositionSchema = Type.Union([Type.Literal('leader'), Type.Literal('deputy'), Type.Literal('member')]);

export const SupervisionTeam = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: StatusSchema,
  version: Type.Integer(),
  members: Type.Array(
    Type.Object({
      userId: Type.String(),
      displayName: Type.String(),
      title: Nullable(Type.String()),
      position: PositionSchema,
      hasLogin: Type.Boolean(),
    }),
  ),
  schools: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      schoolKind: Nullable(SchoolKindSchema),
      otherTeams: Type.Array(Type.String({ description: '同一学校还分配给的其他督查小组' })),
    }),
  ),
});
export type SupervisionTeam = Static<typeof SupervisionTeam>;

export const CreateTeamBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 50 }) },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    version: Version(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    status: Type.Optional(StatusSchema),
    members: Type.Optional(
      Type.Array(
        Type.Object({ userId: Type.String({ pattern: '^[0-9]{1,18}$' }), position: PositionSchema }, { additionalProperties: false }),
        { maxItems: 100 },
      ),
    ),
    schoolIds: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,18}$' }), { maxItems: 2000 })),
  },
  { additionalProperties: false },
);

export const TeamUpdateResult = Type.Object({
  team: SupervisionTeam,
  warnings: Type.Array(Type.String({ description: '中文提示，例如某学校同时分配给两个督查小组' })),
});

export const ImportRowError = Type.Object({
  row: Type.Integer({ description: 'Excel 行号（含表头，从 1 起）' }),
  column: Nullable(Type.String()),
  message: Type.String(),
});

export type ImportRowError = Static<typeof ImportRowError>;

export const SchoolImportPreview = Type.Object({
  sheetName: Type.String(),
  headerRow: Type.Optional(Type.Integer({ description: '表头所在的 Excel 行号' })),
  columns: Type.Array(
    Type.Object({
      header: Type.String({ description: '表格中的列名' }),
      field: Nullable(Type.String({ description: '识别为的字段（name、schoolKind、areaName、teamNames、address、principal、safetyOfficer、phone、enrolment、eduGroupName），null 表示忽略' })),
    }),
  ),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      name: Type.String(),
      schoolKind: Nullable(SchoolKindSchema),
      areaName: Nullable(Type.String()),
      teamNames: Type.Array(Type.String()),
      action: Type.Union([Type.Literal('create'), Type.Literal('update')]),
      changes: Type.Optional(Type.Array(Type.String({ description: '将要修改的项目（中文），例如“地址”“片区”“新增督查小组”' }))),
    }),
  ),
  errors: Type.Array(ImportRowError),
  warnings: Type.Array(Type.String()),
  summary: Type.Object({
    create: Type.Integer(),
    update: Type.Integer(),
    newAreas: Type.Array(Type.String()),
    assignments: Type.Optional(Type.Integer({ description: '将新增的学校—督查小组分配数' })),
  }),
});
export type SchoolImportPreview = Static<typeof SchoolImportPreview>;

/** `details` of a 422 IMPORT_INVALID answer to a commit. */
export const ImportInvalidDetails = Type.Object({ errors: Type.Array(ImportRowError) });

export const SchoolImportResult = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  areasCreated: Type.Integer(),
  assignments: Type.Integer({ description: '新增的学校—督查小组分配数' }),
});
export type SchoolImportResult = Static<typeof SchoolImportResult>;

export const AuditEvent = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  actorRole: Nullable(Type.String()),
  action: Type.String(),
  actionLabel: Type.String({ description: '操作的中文名称（未知的旧操作代码原样显示）' }),
  objectType: Nullable(Type.String()),
  objectId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  details: Type.Unknown(),
  seq: Nullable(Type.Integer({ description: '审计链序号' })),
  rowHash: Nullable(Type.String({ description: '本条记录的哈希（SHA-256）' })),
});

export type Department = Static<typeof Department>;
export type CreateDepartmentBody = Static<typeof CreateDepartmentBody>;
export type UpdateDepartmentBody = Static<typeof UpdateDepartmentBody>;
export type EduGroup = Static<typeof EduGroup>;
export type CreateEduGroupBody = Static<typeof CreateEduGroupBody>;
export type CreateTeamBody = Static<typeof CreateTeamBody>;
export type UpdateTeamBody = Static<typeof UpdateTeamBody>;
export type TeamUpdateResult = Static<typeof TeamUpdateResult>;
export type AuditEvent = Static<typeof AuditEvent>;

export const TeamListQuery = Type.Object(
  {
    ...Paging,
    status: Type.Optional(StatusSchema),
    q: Type.Optional(Type.String({ maxLength: 50, description: '按小组名称筛选' })),
  },
  { additionalProperties: false },
);
export type TeamListQuery = Static<typeof TeamListQuery>;

/** 领导小组成员: the bureau's leading group for the safety campaign. */
export const LeadingGroupMember = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  title: Nullable(Type.String({ description: '在领导小组中的职务，未填写时为本人职务' })),
  position: PositionSchema,
});
export type LeadingGroupMember = Static<typeof LeadingGroupMember>;

export const AuditEventListQuery = Type.Object(
  {
    ...Paging,
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: '按操作前缀筛选，例如 user. 或 auth.login' })),
    actorUserId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    from: Type.Optional(Type.String({ format: 'date', description: '起始日期（含，北京时间）' })),
    to: Type.Optional(Type.String({ format: 'date', description: '截止日期（含，北京时间）' })),
  },
  { additionalProperties: false },
);
export type AuditEventListQuery = Static<typeof AuditEventListQuery>;

export const AuditExportQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    actorUserId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;

/** The result of walking the audit chain (and its anchors) from the first row to the head. */
export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: '核验的记录数' }),
  headSeq: Type.Integer({ description: '链头序号' }),
  anchorsChecked: Type.Integer({ description: '核对的锚点数' }),
  lastAnchorAt: Nullable(Type.String({ format: 'date-time' })),
  firstBroken: Nullable(
    Type.Object({
      seq: Nullable(Type.Integer()),
      id: Nullable(Type.String()),
      reason: Type.String({ description: '中文说明：哪一条、怎么坏的' }),
    }),
  ),
  verifiedAt: Type.String({ format: 'date-time' }),
});
export type AuditVerification = Static<typeof AuditVerification>;
export type UserListQuery = Static<typeof UserListQuery>;
