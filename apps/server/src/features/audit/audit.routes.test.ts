import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

type Event = { id: string; at: string; actor: { id: string; displayName: string } | null; action: string; objectId: string | null; ip: string | null; details: unknown };

describe('audit events API', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let admin: Client, leader: Client, staff: Client, adminA1: Client, otherAdmin: Client;
  let deptId: string;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    other = await buildDistrict(t().tdb.db);
    const app = t().app;
    admin = await login(app, d.users.admin.username, d.users.admin.password);
    leader = await login(app, d.users.leader.username, d.users.leader.password);
    staff = await login(app, d.users.staff.username, d.users.staff.password);
    adminA1 = await login(app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
    otherAdmin = await login(app, other.users.admin.username, other.users.admin.password);
    // A write by the other district too, and a failed login with no actor at all.
    deptId = (await staff.post('/api/departments', { name: `审计科-${d.tag}` })).json().id;
    await otherAdmin.post('/api/departments', { name: `外区科-${other.tag}` });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody_here', password: 'x' } });
  });

  const all = async (c: Client, query = '') => (await c.get(`/api/audit-events?pageSize=500${query}`)).json() as { items: Event[]; total: number };

  it('lists the events of actors inside the scope, newest first', async () => {
    const body = await all(leader);
    expect(body.total).toBe(body.items.length);
    const actors = new Set(body.items.map((e) => e.actor?.id));
    expect(actors).toContain(d.users.staff.id);
    expect(actors).toContain(d.users.schoolAdminA1.id);
    expect(actors).not.toContain(other.users.admin.id);
    expect(body.items.some((e) => e.actor === null)).toBe(false);
    const times = body.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(body.items[0]!.action).toBe('department.create');
    const create = body.items.find((e) => e.action === 'department.create' && e.objectId === deptId)!;
    expect(create).toMatchObject({ actor: { id: d.users.staff.id }, details: { name: `审计科-${d.tag}` } });
  });

  it("another district's admin sees none of this district's events", async () => {
    const body = await all(otherAdmin);
    expect(body.items.some((e) => e.actor?.id === d.users.staff.id)).toBe(false);
    expect(body.items.some((e) => e.action === 'department.create' && e.actor?.id === other.users.admin.id)).toBe(true);
    expect((await all(otherAdmin, `&actorUserId=${d.users.staff.id}`)).total).toBe(0);
  });

  it('filters by action prefix and by actor', async () => {
    const logins = await all(admin, '&action=auth.');
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e) => e.action.startsWith('auth.'))).toBe(true);
    const byStaff = await all(admin, `&actorUserId=${d.users.staff.id}`);
    expect(new Set(byStaff.items.map((e) => e.action))).toEqual(new Set(['auth.login', 'department.create']));
    const both = await all(admin, `&actorUserId=${d.users.staff.id}&action=department`);
    expect(both.items.map((e) => e.objectId)).toEqual([deptId]);
  });

  it('pages without overlap', async () => {
    const total = (await all(admin)).total;
    const p1 = (await admin.get('/api/audit-events?pageSize=2&page=1')).json();
    const p2 = (await admin.get('/api/audit-events?pageSize=2&page=2')).json();
    expect(p1.total).toBe(total);
    expect(p1.items).toHaveLength(2);
    expect(p2.items.map((e: Event) => e.id)).not.toContain(p1.items[0].id);
    expect(p2.items.map((e: Event) => e.id)).not.toContain(p1.items[1].id);
  });

  it('refuses roles without audit.read (403)', async () => {
    for (const c of [staff, adminA1]) {
      const res = await c.get('/api/audit-events');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses bad query values with Chinese messages (400)', async () => {
    const big = await admin.get('/api/audit-events?pageSize=100000');
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toContain('不能大于 500');
    const badActor = await admin.get('/api/audit-events?actorUserId=abc');
    expect(badActor.statusCode).toBe(400);
    expect(badActor.json().error.message).toContain('格式不正确');
  });
});
