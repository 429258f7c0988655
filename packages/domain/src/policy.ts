import type { Role } from './roles.js';

/**
 * Every action a route can perform, and the roles that may perform it.
 * Scope (which objects) is a separate, data-layer check: this table only says
 * whether the role may attempt the action at all. Every registered route names
 * exactly one action from this table (a test fails when one does not).
 */
export const POLICY = {
  /** Any signed-in user: own profile, own password, home page. */
  'session.self': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'unit.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'unit.create': ['system_admin', 'bureau_staff', 'school_admin'],
  'unit.update': ['system_admin', 'bureau_staff', 'school_admin'],
  'unit.import': ['system_admin', 'bureau_staff'],
  'user.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'user.create': ['system_admin', 'bureau_staff', 'school_admin'],
  'user.update': ['system_admin', 'bureau_staff', 'school_admin'],
  'department.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'department.manage': ['system_admin', 'bureau_staff'],
  'edu_group.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'edu_group.manage': ['system_admin', 'bureau_staff'],
  'supervision_team.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'supervision_team.manage': ['system_admin', 'bureau_staff'],
  'audit.read': ['system_admin', 'bureau_leader'],
  /** Hazard ledger: who may open it. Which transition a role may take is the hazard state machine's rule. */
  'hazard.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'hazard.report': ['system_admin', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'hazard.act': ['system_admin', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'hazard.export': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'hazard.import': ['system_admin', 'bureau_staff', 'school_admin'],
  'file.upload': ['system_admin', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'file.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'notification.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  /** Inspections (排查): checklists, points, checks, supervision visits, 回头看. Scope decides which school. */
  'checklist.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  /** Bureau staff edit the district library; a school admin adds its own school's checklists and items. */
  'checklist.manage': ['system_admin', 'bureau_staff', 'school_admin'],
  'inspection_point.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'inspection_point.manage': ['system_admin', 'bureau_staff', 'school_admin'],
  'inspection.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'inspection.submit': ['system_admin', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  /** Turning a failed item into a ledger hazard (the hazard rules then apply as for any report). */
  'inspection.raise_hazard': ['system_admin', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'supervision_visit.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin'],
  'supervision_visit.manage': ['system_admin', 'bureau_staff', 'team_member'],
  /** Campaigns (专项整治) and their task lists. */
  'campaign.read': ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'],
  'campaign.manage': ['system_admin', 'bureau_staff'],
  'campaign.import': ['system_admin', 'bureau_staff'],
  /** Progress on a task: its lead department's staff for bureau tasks, the school admin for its own copy (一校一策). */
  'task.update': ['system_admin', 'bureau_staff', 'school_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof POLICY;

export const ACTIONS = Object.keys(POLICY) as Action[];

/** May a user of this role attempt this action? */
export function can(role: Role, action: Action): boolean {
  return (POLICY[action] as readonly Role[]).includes(role);
}

/**
 * Which roles an actor may give to an account it creates or edits. A school admin
 * manages only its own school's people; nobody but a system admin makes a system admin.
 */
export function assignableRoles(actor: Role): readonly Role[] {
  switch (actor) {
    case 'system_admin':
      return ['system_admin', 'bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'];
    case 'bureau_staff':
      return ['bureau_leader', 'bureau_staff', 'team_member', 'school_admin', 'school_staff'];
    case 'school_admin':
      return ['school_admin', 'school_staff'];
    case 'bureau_leader':
    case 'team_member':
    case 'school_staff':
      return [];
    default: {
      const never: never = actor;
      return never;
    }
  }
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
