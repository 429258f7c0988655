import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

type Event = { id: string; at: string; actor: { id: string; displayName: string } | null; action: string; objectId: string | null; ip: string | null; details: unknown; seq: number | null; rowHash: string | null };

describe('audit events API (audit administrator)', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let auditor: Client, admin: Client, sec: Client, leader: Client, staff: Client, adminA1: Client, otherAuditor: Client, otherStaff: Client;
  let deptId: string;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    other = await buildDistrict(t().tdb.db);
    const app = t().app;
    auditor = await login(app, d.users.auditor.username, d.users.auditor.password);
    admin = await login(app, d.users.admin.username, d.users.admin.password);
    sec = await login(app, d.users.secAdmin.username, d.users.secAdmin.password);
    leader = await login(app, d.users.leader.username, d.users.leader.password);
    staff = await login(app, d.users.staff.username, d.users.staff.password);
    adminA1 = await login(app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
    otherAuditor = await login(app, other.users.auditor.username, other.users.auditor.password);
    otherStaff = await login(app, other.users.staff.username, other.users.staff.password);
    // A write by the other district too, and a failed login with no actor at all.
    deptId = (await staff.post('/api/departments', { name: `审计科-${d.tag}` })).json().id;
    await otherStaff.post('/api/departments', { name: `外区科-${other.tag}` });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `nobody_${d.tag}`, password: 'x' } });
  });

  const all = async (c: Client, query = '') => (await c.get(`/api/audit-events?pageSize=500${query}`)).json() as { items: Event[]; total: number };

  it('lists the events of actors inside the scope, newest first, each sealed into the chain', async () => {
    const body = await all(auditor);
    expect(body.total).toBe(body.items.length);
    const actors = new Set(body.items.map((e) => e.actor?.id));
    expect(actors).toContain(d.users.staff.id);
    expect(actors).toContain(d.users.schoolAdminA1.id);
    expect(actors).not.toContain(other.users.staff.id);
    const ids = body.items.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const create = body.items.find((e) => e.action === 'department.create' && e.objectId === deptId)!;
    expect(create).toMatchObject({ actor: { id: d.users.staff.id }, details: { name: `审计科-${d.tag}` } });
    expect(create.seq).toBeGreaterThan(0);
    expect(create.rowHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows the district auditor failed logins for unknown usernames (no unit), which no school ever sees', async () => {
    const body = await all(auditor, '&action=auth.login_failed');
    const unknown = body.items.find((e) => (e.details as { username?: string }).username === `nobody_${d.tag}`);
    expect(unknown).toMatchObject({ actor: null, details: { reason: 'unknown_user' } });
  });

  it("another district's auditor sees none of this district's events", async () => {
    const body = await all(otherAuditor);
    expect(body.items.some((e) => e.actor?.id === d.users.staff.id)).toBe(false);
    expect(body.items.some((e) => e.action === 'department.create' && e.actor?.id === other.users.staff.id)).toBe(true);
    expect((await all(otherAuditor, `&actorUserId=${d.users.staff.id}`)).total).toBe(0);
  });

  it('filters by action prefix, by actor and by date', async () => {
    const logins = await all(auditor, '&action=auth.');
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((e) => e.action.startsWith('auth.'))).toBe(true);
    const both = await all(auditor, `&actorUserId=${d.users.staff.id}&action=department`);
    expect(both.items.map((e) => e.objectId)).toEqual([deptId]);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect((await all(auditor, `&actorUserId=${d.users.staff.id}&from=${today}&to=${today}`)).total).toBeGreaterThan(0);
    expect((await all(auditor, `&actorUserId=${d.users.staff.id}&to=2020-01-01`)).total).toBe(0);
  });

  it('records every read of the log, with its filter', async () => {
    await auditor.get(`/api/audit-events?action=department&pageSize=7`);
    const reads = await t()
      .tdb.db.selectFrom('audit_event')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'audit.read')
      .where('actor_user_id', '=', d.users.auditor.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(reads.details).toMatchObject({ filter: { action: 'department' } });
  });

  it('exports the log as CSV (UTF-8 with BOM), formula-safe, and records the export', async () => {
    const res = await auditor.get(`/api/audit-events/export?actorUserId=${d.users.staff.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('\uFEFF"序号","链序号"')).toBe(true);
    expect(lines.some((l) => l.includes(`审计科-${d.tag}`))).toBe(true);
    const rec = await t().tdb.db.selectFrom('audit_event').select('id').where('action', '=', 'audit.export').where('actor_user_id', '=', d.users.auditor.id).execute();
    expect(rec.length).toBe(1);
  });

  it('verifies the chain (intact here)', async () => {
    const res = await auditor.get('/api/audit-events/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBroken: null });
    expect(res.json().checked).toBe(res.json().headSeq);
  });

  it('records refused attempts (403) with who tried what', async () => {
    await staff.get('/api/audit-events');
    const row = await t()
      .tdb.db.selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'access.denied')
      .where('actor_user_id', '=', d.users.staff.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.details).toMatchObject({ method: 'GET', route: '/api/audit-events', code: 'FORBIDDEN' });
  });

  it('nobody but the audit admin reads, exports or verifies the log: not the system admin, the security admin or the director', async () => {
    for (const c of [admin, sec, leader, staff, adminA1]) {
      for (const url of ['/api/audit-events', '/api/audit-events/export', '/api/audit-events/verify']) {
        const res = await c.get(url);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
  });

  it('refuses bad query values with Chinese messages (400)', async () => {
    const big = await auditor.get('/api/audit-events?pageSize=100000');
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toContain('不能大于 500');
    const badActor = await auditor.get('/api/audit-events?actorUserId=abc');
    expect(badActor.statusCode).toBe(400);
    expect(badActor.json().error.message).toContain('格式不正确');
  });
});
