import { Type, type Static } from 'typebox';
import { HAZARD_DOMAINS, RISK_COLOURS, RISK_LEVELS, RISK_LIMITS, RISK_STATUSES, RISK_TIERS } from '@xiaoan/domain';
import { CalendarDate, Nullable, Paging, Version } from './common.js';

/** Risk register (风险分级管控): the shapes of /api/risks and /api/risk-matrix (features/risks). */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const RiskLevelSchema = lit(RISK_LEVELS, 'major 重大风险（红）、significant 较大风险（橙）、general 一般风险（黄）、low 低风险（蓝）');
export const RiskColourSchema = lit(RISK_COLOURS, 'red 红、orange 橙、yellow 黄、blue 蓝');
export const RiskTierSchema = lit(RISK_TIERS, '管控层级：school 学校级、department 部门级、team 班组级、post 岗位级');
export const RiskStatusSchema = lit(RISK_STATUSES, 'active 在管、retired 已销号');
export const RiskDomainSchema = lit(HAZARD_DOMAINS, '风险类别（与隐患类别相同）');
/** L or S as sent: any integer, so that 0 or 6 reach the domain's Chinese message (not a schema error). */
const Factor = (description: string) => Type.Integer({ minimum: -1000, maximum: 1000, description: `${description}，1–5` });

export const RiskMeasureInput = Type.Object(
  {
    description: Type.String({ maxLength: 1000, description: '管控措施（化解措施）' }),
    tier: Type.String({ maxLength: 20, description: '管控层级 school、department、team、post' }),
    department: Type.String({ maxLength: 100, description: '责任部门' }),
    person: Type.String({ maxLength: 50, description: '责任人员' }),
  },
  { additionalProperties: false },
);
export type RiskMeasureInput = Static<typeof RiskMeasureInput>;

export const RiskEmergencyPlan = Type.Object(
  { title: Type.String({ maxLength: 200, description: '应急预案名称' }), fileId: Nullable(IdString) },
  { additionalProperties: false },
);
export type RiskEmergencyPlan = Static<typeof RiskEmergencyPlan>;

const fields = {
  pointId: Nullable(IdString),
  name: Type.String({ maxLength: RISK_LIMITS.name, description: '风险名称' }),
  description: Type.String({ maxLength: RISK_LIMITS.text, description: '风险表述' }),
  domain: RiskDomainSchema,
  consequences: Type.String({ maxLength: RISK_LIMITS.text, description: '可能导致的后果' }),
  likelihood: Factor('可能性 L'),
  severity: Factor('严重性 S'),
  residualLikelihood: Nullable(Factor('落实管控措施后的可能性')),
  residualSeverity: Nullable(Factor('落实管控措施后的严重性')),
  measures: Type.Array(RiskMeasureInput, { maxItems: RISK_LIMITS.measures }),
  responsePlan: Type.String({ maxLength: RISK_LIMITS.plan, description: '管控方案（一风险一方案）' }),
  emergencyPlan: Nullable(RiskEmergencyPlan),
  reviewOn: Nullable(CalendarDate),
};

export const CreateRiskBody = Type.Object(
  { schoolId: Type.Optional(IdString), ...fields },
  { additionalProperties: false, description: 'schoolId 缺省为本人学校' },
);
export type CreateRiskBody = Static<typeof CreateRiskBody>;

/** An edit replaces the risk's fields (its school stays); a changed L or S writes a history row. */
export const UpdateRiskBody = Type.Object({ version: Version(), reason: Type.Optional(Type.String({ maxLength: 500 })), ...fields }, { additionalProperties: false });
export type UpdateRiskBody = Static<typeof UpdateRiskBody>;

export const ReassessRiskBody = Type.Object(
  {
    version: Version(),
    likelihood: Factor('可能性 L'),
    severity: Factor('严重性 S'),
    residualLikelihood: Nullable(Factor('残余可能性')),
    residualSeverity: Nullable(Factor('残余严重性')),
    reason: Type.String({ maxLength: 500, description: '重新评估的原因（必填）' }),
    reviewOn: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);
export type ReassessRiskBody = Static<typeof ReassessRiskBody>;

export const RetireRiskBody = Type.Object({ version: Version(), reason: Type.String({ maxLength: 500, description: '销号原因（必填）' }) }, { additionalProperties: false });
export type RetireRiskBody = Static<typeof RetireRiskBody>;

export const RiskListQuery = Type.Object(
  {
    ...Paging,
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '学校或片区 id（片区含其学校）' })),
    pointId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '检查点位 id' })),
    hazardId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '该隐患关联的风险' })),
    level: Type.Optional(RiskLevelSchema),
    domain: Type.Optional(RiskDomainSchema),
    status: Type.Optional(RiskStatusSchema),
    reviewDue: Type.Optional(Type.Boolean({ description: 'true 只看复评已到期' })),
    flagged: Type.Optional(Type.Boolean({ description: 'true 只看建议重新评估' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '搜索风险名称、表述、学校、点位' })),
  },
  { additionalProperties: false },
);
export type RiskListQuery = Static<typeof RiskListQuery>;

export const Risk = Type.Object({
  id: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  pointId: Nullable(Type.String()),
  pointName: Nullable(Type.String()),
  name: Type.String(),
  description: Type.String(),
  domain: RiskDomainSchema,
  consequences: Type.String(),
  likelihood: Type.Integer(),
  severity: Type.Integer(),
  score: Type.Integer(),
  level: RiskLevelSchema,
  colour: RiskColourSchema,
  residualLikelihood: Nullable(Type.Integer()),
  residualSeverity: Nullable(Type.Integer()),
  residualScore: Nullable(Type.Integer()),
  residualLevel: Nullable(RiskLevelSchema),
  residualColour: Nullable(RiskColourSchema),
  reviewOn: Nullable(Type.String({ format: 'date' })),
  reviewDue: Type.Boolean(),
  reassessmentFlag: Type.Boolean({ description: '近 90 天该风险关联或其点位发现的隐患 ≥ 3 条，建议重新评估' }),
  hazardCount: Type.Integer({ description: '关联到该风险的隐患数' }),
  status: RiskStatusSchema,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Risk = Static<typeof Risk>;

export const RiskMeasure = Type.Object({
  id: Type.String(),
  description: Type.String(),
  tier: RiskTierSchema,
  department: Type.String(),
  person: Type.String(),
});
export type RiskMeasure = Static<typeof RiskMeasure>;

export const RiskAssessment = Type.Object({
  id: Type.String(),
  likelihood: Type.Integer(),
  severity: Type.Integer(),
  score: Type.Integer(),
  level: RiskLevelSchema,
  colour: RiskColourSchema,
  residualLikelihood: Nullable(Type.Integer()),
  residualSeverity: Nullable(Type.Integer()),
  residualScore: Nullable(Type.Integer()),
  residualLevel: Nullable(RiskLevelSchema),
  reason: Type.String(),
  by: Type.String({ description: '评估人姓名（阈值调整为调整人）' }),
  at: Type.String({ format: 'date-time' }),
});
export type RiskAssessment = Static<typeof RiskAssessment>;

export const RiskHazard = Type.Object({ id: Type.String(), code: Type.String(), title: Type.String(), state: Type.String() });
export type RiskHazard = Static<typeof RiskHazard>;

export const RiskActionSchema = lit(['edit', 'reassess', 'retire', 'link_hazard'] as const);

/** The detail: the list item's fields at the top level, plus measures, plans, history and hazards. */
export const RiskDetail = Type.Object({
  ...Risk.properties,
  ...{
    measures: Type.Array(RiskMeasure),
    responsePlan: Type.String(),
    emergencyPlan: Nullable(Type.Object({ title: Type.String(), fileId: Nullable(Type.String()) })),
    assessments: Type.Array(RiskAssessment, { description: '评估记录，最新在前' }),
    hazards: Type.Array(RiskHazard, { description: '关联隐患（调用者范围内）' }),
    createdBy: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    allowedActions: Type.Array(RiskActionSchema),
  },
});
export type RiskDetail = Static<typeof RiskDetail>;

export const RiskRange = Type.Object(
  { level: Type.String({ maxLength: 20 }), min: Type.Integer({ minimum: -1000, maximum: 1000 }), max: Type.Integer({ minimum: -1000, maximum: 1000 }) },
  { additionalProperties: false },
);

export const RiskMatrix = Type.Object({
  bureauId: Type.String(),
  ranges: Type.Array(Type.Object({ level: RiskLevelSchema, min: Type.Integer(), max: Type.Integer() })),
  version: Type.Integer({ description: '0 表示尚未保存（使用默认阈值）' }),
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type RiskMatrix = Static<typeof RiskMatrix>;

export const PutRiskMatrixBody = Type.Object(
  { version: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: '读到的 version（未保存过为 0）' }), ranges: Type.Array(RiskRange, { maxItems: 10 }) },
  { additionalProperties: false },
);
export type PutRiskMatrixBody = Static<typeof PutRiskMatrixBody>;

export const RiskMatrixResult = Type.Object({
  ...RiskMatrix.properties,
  relevelled: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), from: RiskLevelSchema, to: RiskLevelSchema, reason: Type.String() })),
});
export type RiskMatrixResult = Static<typeof RiskMatrixResult>;

export const LinkHazardRiskBody = Type.Object(
  { riskId: Nullable(IdString), version: Type.Optional(Version('隐患的 version（可选）')) },
  { additionalProperties: false },
);
export type LinkHazardRiskBody = Static<typeof LinkHazardRiskBody>;

export const HazardRiskLink = Type.Object({
  hazardId: Type.String(),
  risk: Nullable(Type.Object({ id: Type.String(), name: Type.String(), level: RiskLevelSchema, colour: RiskColourSchema })),
});
export type HazardRiskLink = Static<typeof HazardRiskLink>;
