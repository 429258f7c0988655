/** The six account roles of the platform (issue: foundation). */
export const ROLES = [
  'system_admin',
  'bureau_leader',
  'bureau_staff',
  'team_member',
  'school_admin',
  'school_staff',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: '系统管理员',
  bureau_leader: '局领导',
  bureau_staff: '局科室人员',
  team_member: '督查组成员',
  school_admin: '学校安全管理员',
  school_staff: '教职工',
};

/** Roles whose unit must be the bureau (or an area); the others belong to a school or campus. */
export const BUREAU_ROLES: readonly Role[] = ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member'];
export const SCHOOL_ROLES: readonly Role[] = ['school_admin', 'school_staff'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
