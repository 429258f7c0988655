import { describe, expect, it } from 'vitest';
import { ROLES } from './roles.js';
import { ACTIONS, POLICY, assignableRoles, can } from './policy.js';

describe('policy table', () => {
  it('the bureau leader is read-only: every action it may take is a read', () => {
    const leaderActions = ACTIONS.filter((a) => can('bureau_leader', a));
    expect(leaderActions.every((a) => a.endsWith('.read') || a.endsWith('.export') || a === 'session.self')).toBe(true);
  });
  it('school staff can read their own scope but change nothing in the organisation', () => {
    const org = /^(unit|user|department|edu_group|supervision_team)\./;
    const writes = ACTIONS.filter((a) => org.test(a) && can('school_staff', a) && !a.endsWith('.read'));
    expect(writes).toEqual([]);
  });
  it('lists only known roles', () => {
    for (const roles of Object.values(POLICY)) for (const r of roles) expect(ROLES).toContain(r);
  });
  it('nobody but a system admin can make a system admin', () => {
    for (const r of ROLES) expect(assignableRoles(r).includes('system_admin')).toBe(r === 'system_admin');
  });
  it('a school admin can only give school roles', () => {
    expect(assignableRoles('school_admin')).toEqual(['school_admin', 'school_staff']);
  });
});
