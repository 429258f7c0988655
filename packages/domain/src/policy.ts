import { ROLE_RANK, ROLES, type Role } from './roles.js';

const ALL = ROLES;
/**
 * Who may read the district's safety work. The security and audit administrators
 * do not: they administer accounts and the audit trail, not hazards.
 */
const BUSINESS_READERS = ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'] as const;

/**
 * Every action a route can perform, and the roles that may perform it.
 * Scope (which objects) is a separate, data-layer check: this table only says
 * whether the role may attempt the action at all. Every registered route names
 * exactly one action from this table (a test fails when one does not).
 */
export const POLICY = {
  /** Any signed-in user with a full session: own profile, own second factor, home page. */
  'session.self': ALL,
  /**
   * Finishing a sign-in: who am I, the second factor and its first enrolment, signing
   * out. The only routes open to a session that has not passed its second factor.
   */
  'session.pending': ALL,
  /** Changing one's own password: the only route open while a reset password must be changed. */
  'session.credentials': ALL,
  'unit.read': ALL,
  'unit.create': ['system_admin', 'bureau_staff', 'school_admin'],
  'unit.update': ['system_admin', 'bureau_staff', 'school_admin'],
  'unit.import': ['system_admin', 'bureau_staff'],
  'user.read': ['system_admin', 'security_admin', 'audit_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  /**
   * Accounts, roles and password resets: the security administrator, and a school
   * admin for its own school's staff. Which accounts and roles is `mayManageAccount`.
   */
  'user.create': ['security_admin', 'school_admin'],
  'user.update': ['security_admin', 'school_admin'],
  'department.read': ALL,
  'department.manage': ['system_admin', 'bureau_staff'],
  'edu_group.read': ALL,
  'edu_group.manage': ['system_admin', 'bureau_staff'],
  'supervision_team.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'supervision_team.manage': ['system_admin', 'bureau_staff'],
  /** The audit trail belongs to the audit administrator alone: it reads, exports and verifies, and changes nothing. */
  'audit.read': ['audit_admin'],
  'audit.export': ['audit_admin'],
  'audit.verify': ['audit_admin'],
  /** Hazard ledger: who may open it. Which transition a role may take is the hazard state machine's rule. */
  'hazard.read': BUSINESS_READERS,
  'hazard.report': ['bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'hazard.act': ['bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'hazard.export': ['bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'hazard.import': ['bureau_staff', 'school_admin'],
  'file.upload': ['bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'file.read': BUSINESS_READERS,
  'notification.read': ALL,
  /** Inspections (排查): checklists, points, checks, supervision visits, 回头看. Scope decides which school. */
  'checklist.read': BUSINESS_READERS,
  /** Bureau staff edit the district library; a school admin adds its own school's checklists and items. */
  'checklist.manage': ['system_admin', 'bureau_staff', 'school_admin'],
  'inspection_point.read': BUSINESS_READERS,
  'inspection_point.manage': ['system_admin', 'bureau_staff', 'school_admin'],
  'inspection.read': BUSINESS_READERS,
  'inspection.submit': ['bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  /** Turning a failed item into a ledger hazard (the hazard rules then apply as for any report). */
  'inspection.raise_hazard': ['bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'supervision_visit.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'supervision_visit.manage': ['bureau_staff', 'team_member'],
  /** Campaigns (专项整治) and their task lists. */
  'campaign.read': BUSINESS_READERS,
  'campaign.manage': ['bureau_staff'],
  'campaign.import': ['bureau_staff'],
  /** Progress on a task: its lead department's staff for bureau tasks, the school admin for its own copy (一校一策). */
  'task.update': ['bureau_staff', 'school_admin'],
  /**
   * Reporting upward (上报). Which submitter and which review is the domain's rule
   * (reporting/submission.ts: maySubmitAs, mayReview); scope decides which units.
   */
  'report.read': BUSINESS_READERS,
  'report_type.manage': ['system_admin', 'bureau_staff'],
  /** Keeping a draft: a school's staff may prepare it; submitting is the school admin's (or the team's, the department's). */
  'report.draft': ['bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'report.submit': ['bureau_staff', 'team_member', 'school_admin'],
  /** The bureau leader reads (the policy keeps it read-only); bureau staff and the covering team review. */
  'report.review': ['bureau_staff', 'team_member'],
  /** Reopening a locked period for one unit. */
  'report.reopen': ['bureau_staff'],
  /**
   * A period's roll-up documents (the district's .xlsx hazard list, the Word summary of
   * completeness and timeliness): the bureau and the teams over their schools. A school
   * downloads its own submission as Word under report.read.
   */
  'report.export': ['bureau_leader', 'bureau_staff', 'team_member'],
  /** The bureau's picture (驾驶舱): every business reader, each over its own scope. */
  'dashboard.read': BUSINESS_READERS,
  /**
   * Notices (通报): bureau staff draft and issue them; a named school reads its own and its
   * admin answers one that orders rectification (整改报告).
   */
  'notice.read': BUSINESS_READERS,
  'notice.manage': ['bureau_staff'],
  'notice.answer': ['school_admin'],
  /** Admonition talks (约谈): recorded by bureau staff; the unit talked to reads its own. */
  'talk.read': BUSINESS_READERS,
  'talk.manage': ['bureau_staff'],
  /** The measure list (制度措施清单, one of the school's 两个清单): its own admin keeps it; the bureau and teams read. */
  'measure.read': BUSINESS_READERS,
  'measure.manage': ['school_admin'],
  /**
   * The registries (安全台账: chemicals, buses, guards, buildings, plans and drills, canteens …):
   * everyone in the business reads within scope; the school admin keeps its school's records;
   * day-to-day entries (a chemical issued to a lesson, a drill, a canteen sample, a gas check)
   * are recorded by the school's staff too.
   */
  'registry.read': BUSINESS_READERS,
  'registry.manage': ['school_admin'],
  'registry.record': ['school_admin', 'school_staff'],
  /**
   * Annual assessment (年度综合考核): the bureau configures the scheme, scores and reviews;
   * a school fills in its standardisation self-assessment (标准化创建) against it.
   */
  'assessment.read': BUSINESS_READERS,
  'assessment.manage': ['bureau_staff'],
  'assessment.self': ['school_admin'],
  /**
   * Risk register (风险分级管控): a school's admin identifies and assesses its own risks and links
   * its hazards to them; the bureau and the teams read; bureau staff set the L×S matrix.
   */
  'risk.read': BUSINESS_READERS,
  'risk.manage': ['school_admin'],
  'risk.matrix': ['bureau_staff'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof POLICY;

export const ACTIONS = Object.keys(POLICY) as Action[];

/** May a user of this role attempt this action? */
export function can(role: Role, action: Action): boolean {
  return (POLICY[action] as readonly Role[]).includes(role);
}

/**
 * Which roles an actor may give to an account it creates or edits: only those
 * strictly below its own (ROLE_RANK), and only if it manages accounts at all. A
 * school admin gives 教职工 only; the security administrator every role but its own.
 */
export function assignableRoles(actor: Role): readonly Role[] {
  if (!can(actor, 'user.create')) return [];
  const below = ROLES.filter((r) => ROLE_RANK[r] < ROLE_RANK[actor]);
  return actor === 'school_admin' ? below.filter((r) => r === 'school_staff') : below;
}

/**
 * May the actor act on (edit, disable, reset the password or second factor of)
 * an existing account of this role? Only on accounts it could also have created:
 * strictly below its own role. Never on its own account (that goes through the
 * self-service routes, which ask for the current password).
 */
export function mayManageAccount(actor: { role: Role; userId: string }, target: { role: Role; id: string }): boolean {
  if (actor.userId === target.id) return false;
  return can(actor.role, 'user.update') && assignableRoles(actor.role).includes(target.role);
}

/** Unit kinds an actor may create (the parent must also be in its scope). */
export function creatableUnitKinds(actor: Role): readonly ('area' | 'school' | 'campus')[] {
  switch (actor) {
    case 'system_admin':
    case 'bureau_staff':
      return ['area', 'school', 'campus'];
    case 'school_admin':
      return ['campus'];
    default:
      return [];
  }
}
