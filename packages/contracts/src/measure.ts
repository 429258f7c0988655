import { Type, type Static } from 'typebox';
import { MEASURE_KINDS, MEASURE_LIMITS, MEASURE_ORIGIN_KINDS, MEASURE_STATUSES } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

/** The measure list (制度措施清单) and the two lists' overview: the shapes of /api/measures (features/measures). */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const MeasureStatusSchema = lit(MEASURE_STATUSES, 'planned 计划制定、in_progress 制定中、established 已建立、revised 已修订');
export const MeasureKindSchema = lit(MEASURE_KINDS, 'rule 制度、system 机制、long_term 长效措施');
export const MeasureOriginKindSchema = lit(MEASURE_ORIGIN_KINDS, 'hazard 隐患、finding 督查反馈（督查走访登记的隐患，id 为隐患 id）');

const fields = {
  title: Type.Optional(Type.String({ maxLength: MEASURE_LIMITS.title + 50, description: '制度措施名称（必填；由隐患提出时缺省为隐患标题加“举一反三”）' })),
  kind: Type.Optional(MeasureKindSchema),
  description: Type.Optional(Type.String({ maxLength: MEASURE_LIMITS.description, description: '内容与要求' })),
  ownerName: Type.Optional(Type.String({ maxLength: MEASURE_LIMITS.ownerName + 20, description: '责任人（必填）' })),
  ownerDepartment: Type.Optional(Type.String({ maxLength: MEASURE_LIMITS.ownerDepartment, description: '责任部门' })),
  dueOn: Type.Optional(Nullable(CalendarDate)),
};

export const CreateMeasureBody = Type.Object(
  {
    schoolId: Type.Optional(IdString),
    ...fields,
    fromHazardId: Type.Optional(Type.Union([IdString, Type.Null()], { description: '举一反三：由本校已销号的隐患提出，名称、来源、责任人缺省取自该隐患' })),
    originHazardIds: Type.Optional(Type.Array(IdString, { maxItems: MEASURE_LIMITS.origins, description: '促成该制度措施的隐患或督查反馈（本校的隐患 id）' })),
  },
  { additionalProperties: false },
);
export type CreateMeasureBody = Static<typeof CreateMeasureBody>;

export const UpdateMeasureBody = Type.Object(
  { version: Version(), ...fields, originHazardIds: Type.Optional(Type.Array(IdString, { maxItems: MEASURE_LIMITS.origins })) },
  { additionalProperties: false },
);
export type UpdateMeasureBody = Static<typeof UpdateMeasureBody>;

export const MoveMeasureBody = Type.Object(
  {
    version: Version(),
    to: MeasureStatusSchema,
    adoptedOn: Type.Optional(Nullable(CalendarDate)),
    documentFileId: Type.Optional(Nullable(IdString)),
    note: Type.Optional(Type.String({ maxLength: MEASURE_LIMITS.note })),
  },
  { additionalProperties: false },
);
export type MoveMeasureBody = Static<typeof MoveMeasureBody>;

export const MeasureListQuery = Type.Object(
  {
    ...Paging,
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校或片区（含其学校）' })),
    status: Type.Optional(MeasureStatusSchema),
    overdue: Type.Optional(Type.Boolean({ description: 'true 只看逾期（完成时限已过、未建立）' })),
    kind: Type.Optional(MeasureKindSchema),
    hazardId: Type.Optional(IdString),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索名称、责任人、学校' })),
  },
  { additionalProperties: false },
);
export type MeasureListQuery = Static<typeof MeasureListQuery>;

export const MeasureOrigin = Type.Object({ kind: MeasureOriginKindSchema, id: Type.String(), label: Type.String() });
export type MeasureOrigin = Static<typeof MeasureOrigin>;

export const MeasureSummary = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  title: Type.String(),
  kind: MeasureKindSchema,
  description: Type.String(),
  ownerName: Type.String(),
  ownerDepartment: Type.String(),
  dueOn: Type.String({ format: 'date' }),
  status: MeasureStatusSchema,
  overdue: Type.Boolean(),
  adoptedOn: Nullable(Type.String({ format: 'date' })),
  document: Nullable(Type.Object({ fileId: Type.String(), name: Type.String() })),
  origins: Type.Array(MeasureOrigin),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type MeasureSummary = Static<typeof MeasureSummary>;

export const MeasureHistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  actorName: Type.String(),
  action: lit(['create', 'update', 'move'] as const),
  fromStatus: Nullable(MeasureStatusSchema),
  toStatus: MeasureStatusSchema,
  note: Type.String(),
  changedFields: Type.Array(Type.String()),
  document: Nullable(Type.Object({ fileId: Type.String(), name: Type.String() })),
});
export type MeasureHistoryEntry = Static<typeof MeasureHistoryEntry>;

export const MeasureDetail = Type.Object({
  measure: MeasureSummary,
  allowedActions: Type.Array(lit(['edit', 'move'] as const)),
  moves: Type.Array(MeasureStatusSchema, { description: '当前状态可以改为的状态' }),
  history: Type.Array(MeasureHistoryEntry),
});
export type MeasureDetail = Static<typeof MeasureDetail>;

export const MeasureOverviewQuery = Type.Object(
  { unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '片区或学校；缺省为调用者范围内的全部学校' })) },
  { additionalProperties: false },
);
export type MeasureOverviewQuery = Static<typeof MeasureOverviewQuery>;

export const MeasureOverviewRow = Type.Object({
  schoolId: Type.String(),
  schoolName: Type.String(),
  areaName: Type.String(),
  hazardsOpen: Type.Integer({ description: '未销号的隐患（不含已否决）' }),
  hazardsClosed: Type.Integer(),
  hazardsOverdue: Type.Integer(),
  measures: Type.Object({ planned: Type.Integer(), in_progress: Type.Integer(), established: Type.Integer(), revised: Type.Integer() }),
  measuresTotal: Type.Integer(),
  measuresOverdue: Type.Integer(),
});
export type MeasureOverviewRow = Static<typeof MeasureOverviewRow>;

export const MeasureOverview = Type.Object({ items: Type.Array(MeasureOverviewRow), total: Type.Integer() });
export type MeasureOverview = Static<typeof MeasureOverview>;

export const MeasureExportQuery = Type.Object(
  { schoolId: Type.Optional(IdString) },
  { additionalProperties: false },
);
export type MeasureExportQuery = Static<typeof MeasureExportQuery>;
