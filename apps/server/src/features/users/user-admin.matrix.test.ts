import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, SCHOOL_ROLES, assignableRoles, can, mayManageAccount, type Role } from '@xiaoan/domain';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { ACCOUNT_OF_ROLE, buildDistrict, buildUser, type District } from '../../../test/factories.js';

/**
 * User administration, every role × every target role × every field: a change
 * goes through exactly when the actor may manage accounts, the target's role is
 * strictly below the actor's (mayManageAccount), and a new role is one the actor
 * may give; every other attempt is refused (403, or 404 outside the scope) and
 * changes nothing. Creating accounts likewise for every role to create.
 */

const STRONG = 'Matrix#Pass2026';
const FIELDS = ['displayName', 'title', 'phone', 'role', 'unitId', 'departmentId', 'status', 'username', 'password', 'resetSecondFactor'] as const;
type Field = (typeof FIELDS)[number];

const ACTOR = ACCOUNT_OF_ROLE;

const isSchoolRole = (r: Role) => SCHOOL_ROLES.includes(r);
/** A different role of the same side of the tree, so that only the rank rule can refuse it. */
const otherRole = (r: Role): Role => (isSchoolRole(r) ? (r === 'school_staff' ? 'school_admin' : 'school_staff') : r === 'bureau_staff' ? 'team_member' : 'bureau_staff');

describe('user administration matrix: role × target role × field', () => {
  const t = useTestApp();
  let d: District;
  const clients = new Map<Role, Client>();

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    for (const r of ROLES) clients.set(r, await login(t().app, d.users[ACTOR[r]].username, d.users[ACTOR[r]].password));
  });

  const valueOf = (field: Field, target: Role): unknown => {
    switch (field) {
      case 'displayName':
        return '改名';
      case 'title':
        return '新职务';
      case 'phone':
        return '0519-88001234';
      case 'role':
        return otherRole(target);
      case 'unitId':
        return isSchoolRole(target) ? d.campusA1.id : d.area1.id;
      case 'departmentId':
        return isSchoolRole(target) ? null : d.department.id;
      case 'status':
        return 'disabled';
      case 'username':
        return `m_${crypto.randomBytes(4).toString('hex')}`;
      case 'password':
        return STRONG;
      case 'resetSecondFactor':
        return true;
    }
  };

  it('lets exactly the permitted changes through and changes nothing otherwise', async () => {
    const db = t().tdb.db;
    const outcomes: string[] = [];
    let allowed = 0;
    let refused = 0;
    for (const actor of ROLES) {
      const c = clients.get(actor)!;
      const actorId = d.users[ACTOR[actor]].id;
      // One shared target per role for the refused attempts; a fresh one for each change that goes through.
      const shared = new Map<Role, { id: string }>();
      for (const target of ROLES) {
        const unitId = isSchoolRole(target) ? d.schoolA1.id : d.bureau.id;
        for (const field of FIELDS) {
          const value = valueOf(field, target);
          const expected =
            can(actor, 'user.update') &&
            mayManageAccount({ role: actor, userId: actorId }, { role: target, id: 'other' }) &&
            (field !== 'role' || assignableRoles(actor).includes(value as Role));
          const u = expected ? await buildUser(db, { role: target, unitId }) : (shared.get(target) ?? (await buildUser(db, { role: target, unitId })));
          if (!expected) shared.set(target, u);
          const before = await db.selectFrom('app_user').select(['version', 'role', 'status', 'password_hash', 'totp_secret', 'display_name']).where('id', '=', u.id).executeTakeFirstOrThrow();
          const res = await c.patch(`/api/users/${u.id}`, { version: before.version, [field]: value });
          const after = await db.selectFrom('app_user').select(['version', 'role', 'status', 'password_hash', 'totp_secret', 'display_name']).where('id', '=', u.id).executeTakeFirstOrThrow();
          const cell = `${actor} → ${target}.${field}: ${res.statusCode}`;
          if (expected) {
            allowed++;
            if (res.statusCode !== 200) outcomes.push(`${cell} (expected 200) ${res.body}`);
            if (after.version !== before.version + 1) outcomes.push(`${cell} (version not bumped)`);
          } else {
            refused++;
            if (![403, 404].includes(res.statusCode)) outcomes.push(`${cell} (expected 403/404) ${res.body}`);
            if (JSON.stringify(after) !== JSON.stringify(before)) outcomes.push(`${cell} (changed although refused)`);
          }
        }
      }
    }
    expect(outcomes).toEqual([]);
    // The security admin manages 7 roles × 10 fields; a school admin its staff, every field but a role above staff.
    expect(allowed).toBe(7 * FIELDS.length + (FIELDS.length - 1));
    expect(refused).toBe(ROLES.length * ROLES.length * FIELDS.length - allowed);
  });

  it('creates exactly the accounts each role may give, and no other', async () => {
    const db = t().tdb.db;
    const outcomes: string[] = [];
    for (const actor of ROLES) {
      const c = clients.get(actor)!;
      for (const role of ROLES) {
        const unitId = isSchoolRole(role) ? d.schoolA1.id : d.bureau.id;
        const username = `n_${crypto.randomBytes(4).toString('hex')}`;
        const res = await c.post('/api/users', { username, displayName: '新人', role, unitId, password: STRONG });
        const expected = can(actor, 'user.create') && assignableRoles(actor).includes(role);
        const row = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
        if (expected && (res.statusCode !== 201 || !row)) outcomes.push(`${actor} creates ${role}: ${res.statusCode} ${res.body}`);
        if (!expected && (![403, 404].includes(res.statusCode) || row)) outcomes.push(`${actor} creates ${role}: ${res.statusCode} (should be refused)`);
      }
    }
    expect(outcomes).toEqual([]);
  });
});
