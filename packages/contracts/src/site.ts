import { Type, type Static } from 'typebox';
import { BUILDING_STRUCTURES, BUILDING_USES, CANTEEN_POSTS, DRILL_KINDS, DRILL_RATINGS, PLAN_KINDS, SITE_LIMITS, STAFF_STATUSES } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

/**
 * The site registries (features/site): buildings (校舍), emergency plans (应急预案), drills
 * (演练) and canteen staff (食堂从业人员) under /api/registries/{kind}, and the coverage
 * figures under /api/indicators/coverage.
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const Day = Type.String({ format: 'date' });

export const BuildingUseSchema = lit(BUILDING_USES, 'teaching 教学楼、dormitory 宿舍楼、canteen 食堂、office 行政办公楼、library 图书馆、lab 实验楼、gym 体育馆、other 其他');
export const BuildingStructureSchema = lit(BUILDING_STRUCTURES, 'frame 框架、brick_concrete 砖混、steel 钢结构、brick_wood 砖木、other 其他');
export const PlanKindSchema = lit(PLAN_KINDS);
export const DrillKindSchema = lit(DRILL_KINDS);
export const DrillRatingSchema = lit(DRILL_RATINGS, 'excellent 优秀、good 良好、fair 合格、poor 不合格');
export const CanteenPostSchema = lit(CANTEEN_POSTS);
export const StaffStatusSchema = lit(STAFF_STATUSES, 'active 在岗、left 已离岗');
export const SiteDueStatusSchema = lit(['ok', 'due_soon', 'overdue'] as const, 'ok 正常、due_soon 30 天内到期、overdue 已过期');

const listQuery = {
  ...Paging,
  unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校或片区（含其学校）' })),
  schoolId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校（同 unitId）' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索名称、学校' })),
};

/** A hazard a registry record opened (its detail lists them). */
export const SiteRecordHazard = Type.Object({ hazardId: Type.String(), cause: Type.String(), title: Type.String(), state: Type.String() });
export type SiteRecordHazard = Static<typeof SiteRecordHazard>;
const Actions = Type.Array(lit(['edit'] as const));

// ------------------------------------------------------------------ buildings

const buildingFields = {
  name: Text(SITE_LIMITS.name + 20, '校舍名称（本校内唯一）'),
  use: BuildingUseSchema,
  floors: Type.Integer({ minimum: -1000, maximum: 1000, description: '层数 1–60' }),
  builtYear: Type.Integer({ minimum: 0, maximum: 9999, description: '建成年份' }),
  structure: BuildingStructureSchema,
  areaM2: Type.Optional(Nullable(Type.Number({ minimum: -1e9, maximum: 1e9, maxDecimals: 2, description: '建筑面积（平方米）' }))),
  grade: Type.String({ maxLength: 10, description: '鉴定等级 A、B、C、D（其他值以中文说明拒绝）' }),
  appraisedOn: CalendarDate,
  reportNo: Type.Optional(Text(SITE_LIMITS.text, '鉴定报告编号')),
  inUse: Type.Boolean({ description: '是否在用；D 级在用即开重大隐患并挂牌督办' }),
  note: Type.Optional(Text(SITE_LIMITS.note)),
};
export const CreateBuildingBody = Type.Object({ schoolId: Type.Optional(IdString), ...buildingFields }, { additionalProperties: false });
export type CreateBuildingBody = Static<typeof CreateBuildingBody>;
export const UpdateBuildingBody = Type.Object({ version: Version(), ...buildingFields }, { additionalProperties: false });
export type UpdateBuildingBody = Static<typeof UpdateBuildingBody>;

export const BuildingListQuery = Type.Object(
  {
    ...listQuery,
    grade: Type.Optional(lit(['A', 'B', 'C', 'D'] as const)),
    status: Type.Optional(lit(['in_use', 'idle', 'dangerous'] as const, 'in_use 在用、idle 停用、dangerous D 级仍在用')),
  },
  { additionalProperties: false },
);
export type BuildingListQuery = Static<typeof BuildingListQuery>;

export const BuildingSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  use: BuildingUseSchema,
  floors: Type.Integer(),
  builtYear: Type.Integer(),
  structure: BuildingStructureSchema,
  areaM2: Nullable(Type.Number()),
  grade: lit(['A', 'B', 'C', 'D'] as const),
  appraisedOn: Day,
  reportNo: Type.String(),
  inUse: Type.Boolean(),
  dangerous: Type.Boolean({ description: 'D 级仍在用' }),
  note: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type BuildingSummary = Static<typeof BuildingSummary>;
export const BuildingDetail = Type.Object({ item: BuildingSummary, hazards: Type.Array(SiteRecordHazard), allowedActions: Actions });
export type BuildingDetail = Static<typeof BuildingDetail>;

// ------------------------------------------------------------------ emergency plans

const planFields = {
  title: Text(SITE_LIMITS.name + 20, '预案名称'),
  kind: PlanKindSchema,
  versionLabel: Text(40, '版本号，如 V3 或 2026 版'),
  issuedOn: CalendarDate,
  revisedOn: CalendarDate,
  revisionMonths: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000, description: '修订周期（月），缺省 12' })),
  ownerName: Text(70, '责任人'),
  note: Type.Optional(Text(SITE_LIMITS.note)),
};
export const CreatePlanBody = Type.Object({ schoolId: Type.Optional(IdString), ...planFields }, { additionalProperties: false });
export type CreatePlanBody = Static<typeof CreatePlanBody>;
export const UpdatePlanBody = Type.Object({ version: Version(), ...planFields, status: Type.Optional(lit(['active', 'abolished'] as const)) }, { additionalProperties: false });
export type UpdatePlanBody = Static<typeof UpdatePlanBody>;

export const PlanListQuery = Type.Object(
  { ...listQuery, kind: Type.Optional(PlanKindSchema), status: Type.Optional(SiteDueStatusSchema) },
  { additionalProperties: false },
);
export type PlanListQuery = Static<typeof PlanListQuery>;

export const PlanSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  title: Type.String(),
  kind: PlanKindSchema,
  versionLabel: Type.String(),
  issuedOn: Day,
  revisedOn: Day,
  revisionMonths: Type.Integer(),
  revisionDueOn: Day,
  revisionStatus: Nullable(SiteDueStatusSchema),
  ownerName: Type.String(),
  status: lit(['active', 'abolished'] as const),
  note: Type.String(),
  drills: Type.Integer({ description: '按此预案开展的演练次数' }),
  lastDrillOn: Nullable(Day),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type PlanSummary = Static<typeof PlanSummary>;
export const PlanDetail = Type.Object({ item: PlanSummary, hazards: Type.Array(SiteRecordHazard), allowedActions: Actions });
export type PlanDetail = Static<typeof PlanDetail>;

// ------------------------------------------------------------------ drills

export const CreateDrillBody = Type.Object(
  {
    schoolId: Type.Optional(IdString),
    planId: Type.Optional(Nullable(IdString)),
    title: Text(SITE_LIMITS.name + 20, '演练名称'),
    kind: DrillKindSchema,
    heldOn: CalendarDate,
    participants: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
    durationMinutes: Type.Integer({ minimum: -100_000, maximum: 100_000 }),
    rating: DrillRatingSchema,
    evaluation: Text(SITE_LIMITS.evaluation, '评估与改进'),
    photoFileIds: Type.Optional(Type.Array(IdString, { maxItems: 20, description: '现场照片（先经 POST /api/files 上传，最多 9 张）' })),
  },
  { additionalProperties: false },
);
export type CreateDrillBody = Static<typeof CreateDrillBody>;

export const DrillListQuery = Type.Object(
  { ...listQuery, kind: Type.Optional(DrillKindSchema), from: Type.Optional(CalendarDate), to: Type.Optional(CalendarDate), planId: Type.Optional(IdString) },
  { additionalProperties: false },
);
export type DrillListQuery = Static<typeof DrillListQuery>;

export const DrillSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  planId: Nullable(Type.String()),
  planTitle: Nullable(Type.String()),
  title: Type.String(),
  kind: DrillKindSchema,
  heldOn: Day,
  semester: Type.String({ description: '所在学期' }),
  participants: Type.Integer(),
  durationMinutes: Type.Integer(),
  rating: DrillRatingSchema,
  evaluation: Type.String(),
  photos: Type.Array(Type.Object({ fileId: Type.String(), name: Type.String() })),
  recordedBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type DrillSummary = Static<typeof DrillSummary>;
export const DrillDetail = Type.Object({ item: DrillSummary, hazards: Type.Array(SiteRecordHazard), allowedActions: Type.Array(Type.String()) });
export type DrillDetail = Static<typeof DrillDetail>;

// ------------------------------------------------------------------ canteen staff

const staffFields = {
  name: Text(70, '姓名'),
  idNumber: Text(30, '身份证号（18 位，校验位须正确；本校内不得重复）'),
  post: CanteenPostSchema,
  phone: Type.Optional(Text(30)),
  certNo: Text(70, '健康证编号'),
  certIssuedOn: CalendarDate,
  certExpiresOn: CalendarDate,
};
export const CreateCanteenStaffBody = Type.Object({ schoolId: Type.Optional(IdString), ...staffFields }, { additionalProperties: false });
export type CreateCanteenStaffBody = Static<typeof CreateCanteenStaffBody>;
export const UpdateCanteenStaffBody = Type.Object({ version: Version(), ...staffFields, status: Type.Optional(StaffStatusSchema) }, { additionalProperties: false });
export type UpdateCanteenStaffBody = Static<typeof UpdateCanteenStaffBody>;

export const CanteenStaffListQuery = Type.Object(
  { ...listQuery, post: Type.Optional(CanteenPostSchema), status: Type.Optional(lit(['ok', 'due_soon', 'overdue', 'left'] as const, '健康证：ok 有效、due_soon 30 天内到期、overdue 已过期；left 已离岗')) },
  { additionalProperties: false },
);
export type CanteenStaffListQuery = Static<typeof CanteenStaffListQuery>;

export const CanteenStaffSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  name: Type.String(),
  idNumber: Type.String({ description: '身份证号：本校管理员看完整号码，其他人看脱敏号码' }),
  post: CanteenPostSchema,
  phone: Type.String(),
  certNo: Type.String(),
  certIssuedOn: Day,
  certExpiresOn: Day,
  certStatus: Nullable(SiteDueStatusSchema),
  status: StaffStatusSchema,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CanteenStaffSummary = Static<typeof CanteenStaffSummary>;
export const CanteenStaffDetail = Type.Object({ item: CanteenStaffSummary, hazards: Type.Array(SiteRecordHazard), allowedActions: Actions });
export type CanteenStaffDetail = Static<typeof CanteenStaffDetail>;

// ------------------------------------------------------------------ coverage

export const SiteCoverageQuery = Type.Object({ unitId: Type.Optional(IdString) }, { additionalProperties: false });
export type SiteCoverageQuery = Static<typeof SiteCoverageQuery>;

export const SiteCoverageRow = Type.Object({
  unitId: Type.String(),
  name: Type.String(),
  kind: Type.String({ description: 'district 区、area 片区、school 学校' }),
  schools: Type.Integer(),
  canteens: Type.Integer({ description: '有食堂的学校' }),
  brightKitchens: Type.Integer({ description: '其中阳光食堂（明厨亮灶）' }),
  brightKitchenRate: Nullable(Type.Number({ description: '阳光食堂覆盖率 = 阳光食堂 ÷ 有食堂的学校' })),
  drills: Type.Integer({ description: '本学期演练次数' }),
  schoolsWithDrill: Type.Integer({ description: '本学期至少演练一次的学校' }),
  drillRate: Nullable(Type.Number({ description: '本学期演练覆盖率' })),
});
export type SiteCoverageRow = Static<typeof SiteCoverageRow>;

export const SiteCoverage = Type.Object({
  unit: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
  semester: Type.Object({ key: Type.String(), label: Type.String(), from: Day, to: Day }),
  total: SiteCoverageRow,
  children: Type.Array(SiteCoverageRow, { description: '下一级（片区或学校）' }),
  withoutDrill: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String() }), { description: '本学期尚未演练的学校' }),
  withoutBrightKitchen: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String() }), { description: '有食堂但未建成阳光食堂的学校' }),
});
export type SiteCoverage = Static<typeof SiteCoverage>;

// ------------------------------------------------------------------ canteen profile (阳光食堂)

export const CanteenProfileQuery = Type.Object({ schoolId: Type.Optional(IdString) }, { additionalProperties: false });
export type CanteenProfileQuery = Static<typeof CanteenProfileQuery>;

export const PutCanteenProfileBody = Type.Object(
  {
    schoolId: Type.Optional(IdString),
    hasCanteen: Type.Boolean(),
    brightKitchen: Type.Boolean({ description: '是否建成阳光食堂（明厨亮灶）；须有食堂' }),
    brightKitchenSince: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);
export type PutCanteenProfileBody = Static<typeof PutCanteenProfileBody>;

export const CanteenProfile = Type.Object({
  schoolId: Type.String(),
  schoolName: Type.String(),
  filled: Type.Boolean({ description: '学校是否已填报' }),
  hasCanteen: Type.Boolean(),
  brightKitchen: Type.Boolean(),
  brightKitchenSince: Nullable(Day),
  mayEdit: Type.Boolean(),
});
export type CanteenProfile = Static<typeof CanteenProfile>;
