import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';
import { RiskColourSchema, RiskDomainSchema, RiskLevelSchema, RiskTierSchema } from './risk.js';

/*
 * The shapes of the risk notice cards (风险告知卡, GET /api/risk-cards) and the district's risk
 * picture (风险分布, GET /api/risk-distribution): the server's routes validate with them
 * (features/risks/risk-picture.routes.ts) and the web reads their types (api/risk-picture.ts).
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });

export const RiskCardsQuery = Type.Object(
  {
    schoolId: Type.Optional(IdString),
    pointId: Type.Optional(IdString),
  },
  { additionalProperties: false, description: 'pointId：一个点位的告知卡；schoolId：该校全部点位的告知卡；学校用户缺省为本校' },
);
export type RiskCardsQuery = Static<typeof RiskCardsQuery>;

export const RiskCardMeasure = Type.Object({
  description: Type.String(),
  tier: RiskTierSchema,
  department: Type.String(),
  person: Type.String(),
});

export const RiskCardRisk = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  domain: RiskDomainSchema,
  score: Type.Integer(),
  level: RiskLevelSchema,
  colour: RiskColourSchema,
  residualLevel: Nullable(RiskLevelSchema),
  measures: Type.Array(RiskCardMeasure, { description: '主要管控措施（按录入顺序，最多 6 条）' }),
  measureCount: Type.Integer({ description: '该风险的管控措施总数' }),
});
export type RiskCardRisk = Static<typeof RiskCardRisk>;

export const RiskCardContact = Type.Object({
  name: Type.String(),
  phone: Nullable(Type.String()),
  source: Type.Unsafe<'school' | 'admin'>({ type: 'string', enum: ['school', 'admin'], description: 'school：学校登记的安全管理员与电话；admin：学校管理员账号的姓名与电话' }),
});

export const RiskCard = Type.Object({
  point: Type.Object({
    id: Type.String(),
    name: Type.String(),
    pointType: Type.String(),
    location: Type.String(),
    unitName: Type.String({ description: '点位所在的学校或校区' }),
  }),
  risks: Type.Array(RiskCardRisk, { description: '该点位在管的风险，等级高的在前' }),
  worst: Nullable(RiskLevelSchema),
  responsible: Type.String({ description: '责任人：点位责任人，其次为管控措施的责任人员' }),
  qrUrl: Type.String({ description: '二维码指向的地址：与点位二维码相同（扫码开始该点位检查）' }),
  qrSvg: Type.String({ description: '二维码图像（SVG），与点位二维码打印页生成方式相同' }),
});
export type RiskCard = Static<typeof RiskCard>;

export const RiskCards = Type.Object({
  school: Type.Object({ id: Type.String(), name: Type.String() }),
  emergency: Nullable(RiskCardContact),
  cards: Type.Array(RiskCard),
});
export type RiskCards = Static<typeof RiskCards>;

export const RiskDistributionQuery = Type.Object(
  {
    unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '片区或学校 id；缺省为调用者的全部范围（教育局全区、督查组本组学校、学校本校）' })),
    domain: Type.Optional(RiskDomainSchema),
  },
  { additionalProperties: false },
);
export type RiskDistributionQuery = Static<typeof RiskDistributionQuery>;

const Counts = Type.Object({ major: Type.Integer(), significant: Type.Integer(), general: Type.Integer(), low: Type.Integer() });

export const RiskHeatCellSchema = Type.Object({
  counts: Counts,
  total: Type.Integer(),
  worst: Nullable(RiskLevelSchema),
});
export type RiskHeatCell = Static<typeof RiskHeatCellSchema>;

const UnitKind = Type.Unsafe<'bureau' | 'area' | 'school' | 'team'>({ type: 'string', enum: ['bureau', 'area', 'school', 'team'] });
const UnitRef = Type.Object({ id: Type.String(), name: Type.String(), kind: UnitKind });

export const RiskDistribution = Type.Object({
  unit: UnitRef,
  trail: Type.Array(UnitRef, { description: '从调用者的范围到本单位' }),
  domain: Nullable(RiskDomainSchema),
  domains: Type.Array(RiskDomainSchema, { description: '热力表的列：有在管风险的类别（按类别顺序）' }),
  all: RiskHeatCellSchema,
  byDomain: Type.Array(Type.Object({ domain: RiskDomainSchema, cell: RiskHeatCellSchema })),
  rowKind: Type.Unsafe<'area' | 'school'>({ type: 'string', enum: ['area', 'school'], description: 'area：行为片区（点开看其学校）；school：行为学校（点开看该校风险清单）' }),
  rows: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: Type.Unsafe<'area' | 'school'>({ type: 'string', enum: ['area', 'school'] }),
      schoolCount: Type.Integer(),
      all: RiskHeatCellSchema,
      cells: Type.Array(Type.Object({ domain: RiskDomainSchema, cell: RiskHeatCellSchema })),
    }),
  ),
  schools: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), areaId: Nullable(Type.String()), areaName: Nullable(Type.String()), all: RiskHeatCellSchema }),
    { description: '范围内每所学校的在管风险数（按等级）' },
  ),
  majorSchools: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      areaName: Nullable(Type.String()),
      major: Type.Integer(),
      risks: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), domain: RiskDomainSchema, pointName: Nullable(Type.String()) })),
    }),
    { description: '有重大（红色）风险的学校' },
  ),
});
export type RiskDistribution = Static<typeof RiskDistribution>;
