import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, ROLES, ROLE_RANK } from './roles.js';
import { ACTIONS, POLICY, assignableRoles, can, mayManageAccount } from './policy.js';
import { HAZARD_ACTION_ROLES } from './hazard/hazard.table.js';

describe('policy table', () => {
  it('the bureau leader is read-only: every action it may take is a read', () => {
    const leaderActions = ACTIONS.filter((a) => can('bureau_leader', a));
    expect(leaderActions.every((a) => a.endsWith('.read') || a.endsWith('.export') || a.startsWith('session.'))).toBe(true);
  });
  it('school staff can read their own scope but change nothing in the organisation', () => {
    const org = /^(unit|user|department|edu_group|supervision_team)\./;
    const writes = ACTIONS.filter((a) => org.test(a) && can('school_staff', a) && !a.endsWith('.read'));
    expect(writes).toEqual([]);
  });
  it('lists only known roles', () => {
    for (const roles of Object.values(POLICY)) for (const r of roles) expect(ROLES).toContain(r);
  });
});

describe('三员分立: the three administrators', () => {
  it('only the security admin and a school admin (its own staff) manage accounts', () => {
    const managers = ROLES.filter((r) => can(r, 'user.create') || can(r, 'user.update'));
    expect(managers.sort()).toEqual(['school_admin', 'security_admin']);
  });
  it('only the audit admin reads, exports and verifies the audit trail', () => {
    for (const a of ['audit.read', 'audit.export', 'audit.verify'] as const) expect(POLICY[a]).toEqual(['audit_admin']);
  });
  it('the audit admin changes nothing: every action it may take is a read, an export or a verification', () => {
    const writes = ACTIONS.filter((a) => can('audit_admin', a) && !/\.(read|export|verify)$/.test(a) && !a.startsWith('session.'));
    expect(writes).toEqual([]);
  });
  it('the system admin manages units and settings but no accounts and no audit trail', () => {
    expect(can('system_admin', 'unit.create')).toBe(true);
    expect(can('system_admin', 'unit.import')).toBe(true);
    for (const a of ['user.create', 'user.update', 'audit.read', 'audit.verify'] as const) expect(can('system_admin', a)).toBe(false);
  });
  it('no administrator acts on hazards, inspections or campaigns', () => {
    const business = ACTIONS.filter((a) => /^(hazard|inspection|supervision_visit|campaign|task)\./.test(a) && !a.endsWith('.read'));
    for (const r of ADMIN_ROLES) for (const a of business) expect(can(r, a), `${r} ${a}`).toBe(false);
    for (const roles of Object.values(HAZARD_ACTION_ROLES)) for (const r of ADMIN_ROLES) expect(roles).not.toContain(r);
  });
});

describe('nobody grants or acts above their own role', () => {
  it('every assignable role is strictly below the actor', () => {
    for (const actor of ROLES) for (const r of assignableRoles(actor)) expect(ROLE_RANK[r]).toBeLessThan(ROLE_RANK[actor]);
  });
  it('nobody can make a security admin, and only the security admin makes the other administrators', () => {
    for (const r of ROLES) {
      expect(assignableRoles(r)).not.toContain('security_admin');
      expect(assignableRoles(r).includes('system_admin')).toBe(r === 'security_admin');
      expect(assignableRoles(r).includes('audit_admin')).toBe(r === 'security_admin');
    }
  });
  it('bureau staff give no role at all (the climb to 局领导 is closed)', () => {
    expect(assignableRoles('bureau_staff')).toEqual([]);
    expect(assignableRoles('bureau_leader')).toEqual([]);
  });
  it('a school admin can only give 教职工', () => {
    expect(assignableRoles('school_admin')).toEqual(['school_staff']);
  });
  it('an actor manages exactly the accounts of roles it may assign, never its own, never a peer', () => {
    for (const actor of ROLES) {
      for (const target of ROLES) {
        const expected = assignableRoles(actor).includes(target);
        expect(mayManageAccount({ role: actor, userId: 'a' }, { role: target, id: 'b' }), `${actor} → ${target}`).toBe(expected);
        expect(mayManageAccount({ role: actor, userId: 'a' }, { role: target, id: 'a' })).toBe(false);
      }
    }
    expect(mayManageAccount({ role: 'security_admin', userId: 'a' }, { role: 'security_admin', id: 'b' })).toBe(false);
  });
});
