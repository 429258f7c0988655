/**
 * The account roles of the platform. The three administrators are separated
 * (三员分立, GB/T 22239-2019 level 3): the system administrator runs the system
 * (units, settings, imports), the security administrator runs accounts, roles and
 * policies, the audit administrator reads and verifies the audit trail. None of
 * them acts on hazards, and none can do another's work.
 */
export const ROLES = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'bureau_leader',
  'bureau_staff',
  'team_member',
  'school_admin',
  'school_staff',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  bureau_leader: '局领导',
  bureau_staff: '局科室人员',
  team_member: '督查组成员',
  school_admin: '学校安全管理员',
  school_staff: '教职工',
};

/** The three separated administrators. */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** Roles whose unit must be the bureau (or an area); the others belong to a school or campus. */
export const BUREAU_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin', 'bureau_leader', 'bureau_staff', 'team_member'];
export const SCHOOL_ROLES: readonly Role[] = ['school_admin', 'school_staff'];

/**
 * How far up an account stands, for "nobody grants a role above their own or
 * acts on an account above their own". An actor may manage only accounts strictly
 * below it, so two holders of one role can never lock each other out. The
 * security administrator stands highest because resetting any account, the bureau
 * director's included, is its job; the system and audit administrators are peers.
 */
export const ROLE_RANK: Record<Role, number> = {
  security_admin: 100,
  system_admin: 80,
  audit_admin: 80,
  bureau_leader: 70,
  bureau_staff: 60,
  team_member: 50,
  school_admin: 40,
  school_staff: 10,
};

/** Roles that must sign in with a second factor (TOTP): the three administrators and the bureau's leaders. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin', 'bureau_leader'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
