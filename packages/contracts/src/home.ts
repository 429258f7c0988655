import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';
import { RoleSchema } from './auth.js';
import { HazardDomainSchema } from './hazard.js';

/**
 * GET /api/home/summary: every number a home page shows, in one answer and within the
 * caller's scope, instead of one count request per figure. A part the caller's role may
 * not read is null (the security and audit administrators see no hazards; only roles
 * that read accounts get the account figures).
 */

const Count = (description?: string) => Type.Integer({ minimum: 0, description });

/** Schools counted under one area (id null: schools directly under the bureau) or one team. */
const CountRow = Type.Object({ id: Nullable(Type.String()), name: Type.String(), count: Count('学校数') });

export const HomeHazardCounts = Type.Object({
  total: Count('隐患总数'),
  open: Count('未销号（已上报、已登记、整改中、待验收）'),
  overdue: Count('逾期未销号：整改时限已过（北京时间）'),
  listed: Count('挂牌督办中的未销号隐患'),
  byState: Type.Object({
    reported: Count('待登记'),
    registered: Count('已登记待整改'),
    rejected: Count('不予登记'),
    rectifying: Count('整改中'),
    pending_verification: Count('待验收'),
    closed: Count('已销号'),
  }),
  openByDomain: Type.Array(Type.Object({ domain: HazardDomainSchema, count: Count() }), { description: '各类别未销号隐患数，只列非零，多者在前' }),
});

export const HomeOrgCounts = Type.Object({
  schools: Count('学校数（含停用）'),
  areas: Count('片区数'),
  campuses: Count('校区数'),
  teams: Count('有效督查小组数（可查看督查小组的角色）'),
  unassignedSchools: Count('未分配有效督查小组的学校数'),
  perArea: Type.Array(CountRow, { description: '各片区学校数；id 为 null 的一行是未分片区的直属学校' }),
  perTeam: Type.Array(CountRow, { description: '各有效督查小组负责的（范围内的）学校数' }),
});

export const HomeAccountCounts = Type.Object({
  total: Count('登录账号数'),
  disabled: Count('已停用的登录账号'),
  locked: Count('登录锁定中的有效账号'),
  mustChangePassword: Count('待本人修改密码的有效账号'),
  withSecondFactor: Count('已绑定动态验证码的有效账号'),
  missingSecondFactor: Count('角色须用动态验证码而尚未绑定的有效账号'),
  /** The first ten of them, for the security administrator to follow up. */
  missingSecondFactorUsers: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), username: Nullable(Type.String()), role: RoleSchema }), { maxItems: 10 }),
  perRole: Type.Array(Type.Object({ role: RoleSchema, count: Count() }), { description: '各角色的有效登录账号数，只列非零' }),
});

export const HomeSummary = Type.Object({
  hazards: Nullable(HomeHazardCounts),
  org: HomeOrgCounts,
  accounts: Nullable(HomeAccountCounts),
});
export type HomeSummary = Static<typeof HomeSummary>;
export type HomeHazardCounts = Static<typeof HomeHazardCounts>;
export type HomeOrgCounts = Static<typeof HomeOrgCounts>;
export type HomeAccountCounts = Static<typeof HomeAccountCounts>;
