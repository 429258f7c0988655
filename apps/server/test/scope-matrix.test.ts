import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { POLICY, ROLES, can, type Action, type Role } from '@xiaoan/domain';
import { login, useTestApp, type Client } from './app.js';
import { ACCOUNT_OF_ROLE, buildDistrict, type District } from './factories.js';
import { postParts } from './multipart.js';
import { photo } from './images.js';
import { SCOPE_FEATURES } from './scope-features/index.js';

/**
 * Every registered route × every role × (an in-scope and an out-of-scope object for
 * routes that name one). A role the policy table refuses gets 403; an allowed role
 * asking for an object outside its scope gets 404, exactly as for a missing one; an
 * allowed role on an in-scope object is let through. A route missing from the policy
 * table fails the test.
 */

type Resource = string;
/** Objects that belong to one user (notifications): each role's own, and one of another district's user. */
const ownNotifications = new Map<Role, string>();
let foreignNotification = '';
const LOGIN_OF = ACCOUNT_OF_ROLE;

const uniq = () => crypto.randomBytes(3).toString('hex');

/** A body each allowed role can send (harmless, valid), per route. */
function sampleBody(method: string, url: string, d: District): unknown {
  const key = `${method} ${url}`;
  const bodies: Record<string, () => unknown> = {
    'POST /api/units': () => ({ kind: 'campus', parentId: d.schoolA1.id, name: `校区-${uniq()}` }),
    'PATCH /api/units/:id': () => ({ version: 1, phone: '0519-88000000' }),
    'POST /api/users': () => ({ displayName: `教师${uniq()}`, role: 'school_staff', unitId: d.schoolA1.id }),
    'PATCH /api/users/:id': () => ({ version: 1, title: '教师' }),
    'POST /api/departments': () => ({ name: `科室-${uniq()}` }),
    'PATCH /api/departments/:id': () => ({ status: 'active' }),
    'POST /api/edu-groups': () => ({ name: `集团-${uniq()}` }),
    'POST /api/supervision-teams': () => ({ name: `督查组-${uniq()}` }),
    'PATCH /api/supervision-teams/:id': () => ({ version: 1, status: 'active' }),
    'POST /api/auth/password': () => ({ currentPassword: 'not-the-password', newPassword: 'Another#Pass1' }),
    'POST /api/auth/second-factor': () => ({ code: '123456' }),
    'POST /api/auth/totp/setup': () => ({}),
    'POST /api/auth/totp/enable': () => ({ code: '123456' }),
    'POST /api/auth/totp/disable': () => ({ password: 'not-the-password', code: '123456' }),
    'POST /api/auth/recovery-codes': () => ({ code: '123456' }),
    'POST /api/auth/reauth': () => ({ password: 'not-the-password' }),
    'POST /api/auth/logout': () => ({}),
    'POST /api/notifications/:id/read': () => ({}),
    'POST /api/notifications/read-all': () => ({}),
  };
  const hazardBodies: Record<string, () => unknown> = {
    'POST /api/hazards': () => ({ unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: `矩阵-${uniq()}`, description: '矩阵测试', foundAt: '2026-01-05', foundBy: '测试' }),
    'POST /api/hazards/:id/register': () => ({ version: 1, owner: '甲', measures: '乙', funds: 0, dueDate: '2030-01-01', contingencyPlan: '丙' }),
    'POST /api/hazards/:id/reject': () => ({ version: 1, reason: 'duplicate', text: '重复' }),
    'POST /api/hazards/:id/start-rectification': () => ({ version: 1 }),
    'POST /api/hazards/:id/request-verification': () => ({ version: 1, evidenceIds: [], note: '已整改' }),
    'POST /api/hazards/:id/close': () => ({ version: 1 }),
    'POST /api/hazards/:id/return': () => ({ version: 1, reason: '不合格' }),
    'POST /api/hazards/:id/edit': () => ({ version: 1, location: '一楼' }),
    'POST /api/hazards/:id/list': () => ({ version: 1, reason: '督办' }),
    'POST /api/hazards/:id/delist': () => ({ version: 1, reason: '撤销' }),
    'POST /api/hazards/:id/escalate': () => ({ version: 1, note: '报请政府' }),
    'POST /api/hazards/:id/overdue-explanation': () => ({ version: 1, reason: '资金未到位' }),
    'POST /api/hazards/:id/extension-request': () => ({ version: 1, requestedDueDate: '2030-02-01', reason: '施工期长' }),
    'POST /api/hazards/:id/extension-approve': () => ({ version: 1 }),
    'POST /api/hazards/:id/extension-reject': () => ({ version: 1, reason: '不同意' }),
    'POST /api/hazards/:id/progress': () => ({ version: 1, milestoneIndex: 0, note: '进展' }),
  };
  const featureBody = SCOPE_FEATURES.map((f) => f.bodies?.[key]).find(Boolean);
  const make = bodies[key] ?? hazardBodies[key];
  if (make) return make();
  if (featureBody) return featureBody(d);
  if (SCOPE_FEATURES.some((f) => f.multipartPrefixes?.some((p) => url.startsWith(p)))) return undefined;
  // Multipart upload routes: the policy and scope checks happen before the body is read.
  if (url.startsWith('/api/imports/') || url === '/api/files' || url.startsWith('/api/hazards/import/')) return undefined;
  throw new Error(`scope matrix: add a sample body for ${key}`);
}

describe('scope matrix: routes × roles × in/out-of-scope objects', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  const clients = new Map<Role, Client>();
  const objects: Record<Resource, { inside: string; outside: string }> = {};

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    const group = async (x: District) =>
      (await db.insertInto('edu_group').values({ bureau_unit_id: x.bureau.id, name: `集团-${x.tag}` }).returning('id').executeTakeFirstOrThrow()).id;
    const [gIn, gOut] = [await group(d), await group(other)];
    await db.updateTable('unit').set({ edu_group_id: gIn }).where('id', '=', d.schoolA1.id).execute();
    await db.updateTable('unit').set({ edu_group_id: gOut }).where('id', '=', other.schoolA1.id).execute();
    const hazardIn = async (x: District) => {
      const c = await login(t().app, x.users.schoolStaffA1.username, x.users.schoolStaffA1.password);
      const res = await c.post('/api/hazards', { unitId: x.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '矩阵隐患', description: '矩阵测试', foundAt: '2026-01-05', foundBy: '测试' });
      return (res.json() as { hazard: { id: string } }).hazard.id;
    };
    const [hIn, hOut] = [await hazardIn(d), await hazardIn(other)];
    const fileIn = async (x: District) => {
      const c = await login(t().app, x.users.schoolStaffA1.username, x.users.schoolStaffA1.password);
      const res = await postParts(t().app, c, '/api/files', [
        { name: 'unitId', data: x.schoolA1.id },
        { name: 'file', data: await photo('jpeg', 64, 48), filename: '现场.jpg', contentType: 'image/jpeg' },
      ]);
      if (res.statusCode !== 201) throw new Error(`upload failed: ${res.body}`);
      return (res.json() as { id: string }).id;
    };
    const [fIn, fOut] = [await fileIn(d), await fileIn(other)];
    Object.assign(objects, {
      hazard: { inside: hIn, outside: hOut },
      file: { inside: fIn, outside: fOut },
      unit: { inside: d.schoolA1.id, outside: other.schoolA1.id },
      user: { inside: d.users.schoolStaffA1.id, outside: other.users.schoolStaffA1.id },
      department: { inside: d.department.id, outside: other.department.id },
      edu_group: { inside: gIn, outside: gOut },
      supervision_team: { inside: d.teamA.id, outside: other.teamA.id },
    });
    for (const f of SCOPE_FEATURES) {
      for (const [kind, build] of Object.entries(f.resources ?? {})) objects[kind] = await build({ app: t().app, db, d, other });
    }
    for (const role of ROLES) {
      const u = d.users[LOGIN_OF[role]];
      clients.set(role, await login(t().app, u.username, u.password));
      const n = await db.insertInto('notification').values({ user_id: u.id, kind: 'test', title: '测试', dedupe_key: `m-${role}` }).returning('id').executeTakeFirstOrThrow();
      ownNotifications.set(role, n.id);
    }
    foreignNotification = (
      await db.insertInto('notification').values({ user_id: other.users.staff.id, kind: 'test', title: '测试', dedupe_key: 'm-foreign' }).returning('id').executeTakeFirstOrThrow()
    ).id;
  });

  const objectsOf = (resource: string) => {
    const o = objects[resource];
    if (!o) throw new Error(`scope matrix: no objects for resource ${resource}; add a builder in scope-features/`);
    return o;
  };

  it('every route names a policy action (or is public) and every :id route names its resource', () => {
    const problems: string[] = [];
    for (const r of t().app.routeList) {
      if (r.action === undefined) problems.push(`${r.method} ${r.url}: no action`);
      else if (r.action !== 'public' && !(r.action in POLICY)) problems.push(`${r.method} ${r.url}: action ${r.action} not in the policy table`);
      if (r.url.includes(':id') && r.action !== 'public' && !r.resource) problems.push(`${r.method} ${r.url}: no resource`);
    }
    expect(problems).toEqual([]);
  });

  it('answers every cell as the policy table and the scope say', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    const routes = t().app.routeList.filter((r) => r.action && r.action !== 'public');
    for (const r of routes) {
      const action = r.action as Action;
      const casesFor = (role: Role): { label: 'in' | 'out' | 'none'; id?: string }[] =>
        r.resource === 'notification'
          ? [
              { label: 'in', id: ownNotifications.get(role)! },
              { label: 'out', id: foreignNotification },
            ]
          : r.resource
            ? [
                { label: 'in', id: objectsOf(r.resource).inside },
                { label: 'out', id: objectsOf(r.resource).outside },
              ]
            : [{ label: 'none' }];
      for (const role of ROLES) {
        for (const c of casesFor(role)) {
          cells++;
          const url = c.id ? r.url.replace(':id', c.id) : r.url;
          let client = clients.get(role)!;
          if (r.url === '/api/auth/logout') {
            const u = d.users[LOGIN_OF[role]];
            client = await login(t().app, u.username, u.password);
          }
          const body = r.method === 'GET' ? undefined : sampleBody(r.method, r.url, d);
          const res = await client.request(r.method, url, body);
          const code = res.statusCode;
          let ok: boolean;
          let expected: string;
          if (!can(role, action)) {
            ok = code === 403;
            expected = '403';
          } else if (c.label === 'out') {
            ok = code === 404;
            expected = '404';
          } else {
            // A refusal by the hazard state machine (wrong state, role for this transition) is
            // an answer about the object, given only after the scope let the caller see it.
            const domainRefusal = code === 403 && res.json()?.error?.details?.domainCode !== undefined;
            ok = (![401, 403, 404].includes(code) || domainRefusal) && code < 500;
            expected = 'allowed (not 401/403/404/5xx)';
          }
          if (!ok) mismatches.push(`${role} ${r.method} ${r.url} [${c.label}] → ${code} (expected ${expected}) ${res.body.slice(0, 160)}`);
        }
      }
    }
    console.log(`scope matrix: ${routes.length} routes × ${ROLES.length} roles, ${cells} cells, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  }, 180_000); // about 1,500 requests, one after another
});
