import { beforeAll, describe, expect, it } from 'vitest';
import { login, loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

describe('departments API', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let staff: Client, leader: Client, adminA1: Client, staffA1: Client, memberA: Client;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    other = await buildDistrict(t().tdb.db);
    const app = t().app;
    ({ staff, leader, schoolAdminA1: adminA1, schoolStaffA1: staffA1, memberA } = await loginEach(app, d.users, ['staff', 'leader', 'schoolAdminA1', 'schoolStaffA1', 'memberA']));
  });

  it('lists the departments of the caller district only, with their active member count', async () => {
    const res = await staff.get('/api/departments');
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain(d.department.id);
    expect(ids).not.toContain(other.department.id);
    expect(res.json().items.find((x: { id: string }) => x.id === d.department.id)).toMatchObject({ status: 'active', memberCount: 1 });
  });

  it('is readable by school and team roles too (the whole district, departments are bureau-wide)', async () => {
    for (const c of [staffA1, memberA, adminA1]) {
      const res = await c.get('/api/departments');
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((x: { id: string }) => x.id)).toContain(d.department.id);
    }
  });

  it('creates a department at the end of the list', async () => {
    const name = `督导科-${d.tag}`;
    const res = await staff.post('/api/departments', { name: `  ${name} ` });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name, status: 'active', memberCount: 0 });
    const list = (await staff.get('/api/departments')).json().items;
    expect(list.at(-1).name).toBe(name);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('object_type', '=', 'department').where('object_id', '=', res.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['department.create']);
  });

  it('refuses a duplicate name in the same bureau with 409, but allows it in another district', async () => {
    const name = (await staff.get('/api/departments')).json().items[0].name;
    const dup = await staff.post('/api/departments', { name });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'CONFLICT', message: `科室“${name}”已存在` });
    const otherStaff = await login(t().app, other.users.staff.username, other.users.staff.password);
    expect((await otherStaff.post('/api/departments', { name: `督导科-${d.tag}` })).statusCode).toBe(201);
  });

  it('refuses a blank name or unknown fields (400, Chinese)', async () => {
    const blank = await staff.post('/api/departments', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toBe('科室名称不能为空');
    const extra = await staff.post('/api/departments', { name: '某科', unitId: other.bureau.id });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toContain('不允许的字段 unitId');
  });

  it('refuses roles without department.manage (403)', async () => {
    expect((await leader.post('/api/departments', { name: '领导建的科' })).statusCode).toBe(403);
    expect((await adminA1.patch(`/api/departments/${d.department.id}`, { status: 'disabled' })).statusCode).toBe(403);
  });

  it('renames and disables a department', async () => {
    const created = (await staff.post('/api/departments', { name: `临时科-${d.tag}` })).json();
    const renamed = await staff.patch(`/api/departments/${created.id}`, { name: `改名科-${d.tag}` });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe(`改名科-${d.tag}`);
    const disabled = await staff.patch(`/api/departments/${created.id}`, { status: 'disabled' });
    expect(disabled.json()).toMatchObject({ name: `改名科-${d.tag}`, status: 'disabled' });
  });

  it('a rename onto an existing name answers 409 and changes nothing', async () => {
    const a = (await staff.post('/api/departments', { name: `甲科-${d.tag}` })).json();
    await staff.post('/api/departments', { name: `乙科-${d.tag}` });
    const res = await staff.patch(`/api/departments/${a.id}`, { name: `乙科-${d.tag}`, status: 'disabled' });
    expect(res.statusCode).toBe(409);
    const now = (await staff.get('/api/departments')).json().items.find((x: { id: string }) => x.id === a.id);
    expect(now).toMatchObject({ name: `甲科-${d.tag}`, status: 'active' });
  });

  it("answers 404 for another district's department, exactly as for a missing one", async () => {
    const out = await staff.patch(`/api/departments/${other.department.id}`, { status: 'disabled' });
    const missing = await staff.patch('/api/departments/999999999', { status: 'disabled' });
    expect(out.statusCode).toBe(404);
    expect(out.json()).toEqual(missing.json());
    const row = await t().tdb.db.selectFrom('department').select('status').where('id', '=', other.department.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
