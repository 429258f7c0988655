import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';
import { HazardDomainSchema } from './hazard.js';

/**
 * GET /api/dashboard: the bureau's picture (驾驶舱). The fields named in the issue's contract
 * (unit, figures' eight fields, children) are fixed; the rest is built around them.
 *
 * Counts in `figures` are sums over the unit's schools, so a unit's count is the sum of its
 * children's. Rates carry their numerator and denominator beside them (`…Num`, `…Den`) so a
 * parent's rate is the children's numerators over their denominators, never an average of rates;
 * a rate with a zero denominator is null (nothing was due).
 */

const IdString = Type.String({ pattern: '^[0-9]{1,18}$' });
const CalendarDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Count = (description?: string) => Type.Integer({ minimum: 0, description });
const Rate = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description }));

export const DashboardQuery = Type.Object(
  {
    unitId: Type.Optional(IdString),
    /** A supervision team's picture (its schools); a team is not a unit, so it has its own key. */
    teamId: Type.Optional(IdString),
    by: Type.Optional(Type.Union([Type.Literal('area'), Type.Literal('team')], { description: '区县按片区或按督查小组分解；默认按片区' })),
    campaignId: Type.Optional(IdString),
    /** The period of the rates and trends (found/closed, checks due, reports due); default: this year to today. */
    from: Type.Optional(CalendarDay),
    to: Type.Optional(CalendarDay),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

export const DashboardUnitKind = Type.Union([
  Type.Literal('bureau'),
  Type.Literal('area'),
  Type.Literal('team'),
  Type.Literal('school'),
  /** The schools of a district that no area (or no active team) holds: one child, so the children still partition. */
  Type.Literal('unassigned'),
]);

export const DashboardUnit = Type.Object({
  id: Type.String({ description: '单位 id；督查小组为小组 id；unassigned 为所属区县 id' }),
  name: Type.String(),
  kind: DashboardUnitKind,
});
export type DashboardUnit = Static<typeof DashboardUnit>;

export const DashboardFigures = Type.Object({
  schools: Count('学校数'),
  openHazards: Count('未销号隐患'),
  overdueHazards: Count('逾期未销号（整改时限已过，北京时间），与台账 overdue=true 的 total 相同'),
  majorHazards: Count('未销号的重大隐患'),
  listedHazards: Count('挂牌督办中的未销号隐患'),
  rectificationRate: Rate('整改率：期间内发现的隐患中已销号的比例'),
  rectificationNum: Count('期间内发现且已销号'),
  rectificationDen: Count('期间内发现（不含不予登记）'),
  dailyCheckCompletion: Rate('日常检查完成率：期间内应查点次中已查的比例'),
  checksDone: Count('已查点次'),
  checksDue: Count('应查点次'),
  reportingOnTimeRate: Rate('按时报送率：期间内截止的应报中按时报送的比例'),
  reportsOnTime: Count('按时报送'),
  reportsDue: Count('应报'),
  overdueTasks: Count('逾期未完成的专项整治任务（学校任务副本）'),
  /** Open overdue hazards by how long past their due date. */
  overdueAge: Type.Object({ d1to7: Count(), d8to30: Count(), d31to90: Count(), over90: Count() }),
  oldestOverdueDays: Nullable(Type.Integer({ minimum: 0, description: '最久逾期天数' })),
  supervisedSchools: Count('期间内督查到的学校数（督查覆盖）'),
});
export type DashboardFigures = Static<typeof DashboardFigures>;

export const DashboardChild = Type.Object({ unit: DashboardUnit, figures: DashboardFigures });
export type DashboardChild = Static<typeof DashboardChild>;

export const Dashboard = Type.Object({
  unit: DashboardUnit,
  /** The path from the caller's whole scope down to this unit, for the breadcrumb of a drill-down. */
  trail: Type.Array(DashboardUnit),
  by: Nullable(Type.Union([Type.Literal('area'), Type.Literal('team')])),
  period: Type.Object({ from: CalendarDay, to: CalendarDay }),
  figures: DashboardFigures,
  children: Type.Array(DashboardChild),
  /** Month by month over the period: found, closed (of any found date), open at the month's end. */
  trend: Type.Array(Type.Object({ month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), found: Count(), closed: Count() })),
  openByDomain: Type.Array(Type.Object({ domain: HazardDomainSchema, open: Count(), overdue: Count() })),
  /** The unit's schools, worst first (most overdue, then open major, then lowest rectification rate); at most 10. */
  ranking: Type.Array(DashboardChild),
  /** When the roll-ups behind these figures were last brought up to date (they follow every write; this is for the footer). */
  asOf: Type.String({ format: 'date-time' }),
});
export type Dashboard = Static<typeof Dashboard>;
