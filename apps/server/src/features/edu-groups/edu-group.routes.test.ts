import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

describe('edu groups API', () => {
  const t = useTestApp();
  let d: District;
  let other: District;
  let groupId: string;
  let otherGroupId: string;
  let staff: Client, leader: Client, adminA1: Client, memberB: Client;

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    // One group spanning both areas (A1, B1), and one in the other district.
    groupId = (await db.insertInto('edu_group').values({ bureau_unit_id: d.bureau.id, name: `实验集团-${d.tag}` }).returning('id').executeTakeFirstOrThrow()).id;
    otherGroupId = (await db.insertInto('edu_group').values({ bureau_unit_id: other.bureau.id, name: `实验集团-${other.tag}` }).returning('id').executeTakeFirstOrThrow()).id;
    await db.updateTable('unit').set({ edu_group_id: groupId }).where('id', 'in', [d.schoolA1.id, d.schoolB1.id]).execute();
    await db.updateTable('unit').set({ edu_group_id: otherGroupId }).where('id', '=', other.schoolA1.id).execute();
    const app = t().app;
    staff = await login(app, d.users.staff.username, d.users.staff.password);
    leader = await login(app, d.users.leader.username, d.users.leader.password);
    adminA1 = await login(app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
    memberB = await login(app, d.users.memberB.username, d.users.memberB.password);
  });

  const groupIn = (list: { id: string }[], id: string) => list.find((g) => g.id === id) as { schools: { id: string }[] } | undefined;

  it('bureau roles see the groups of their district with all their schools', async () => {
    const res = await leader.get('/api/edu-groups');
    expect(res.statusCode).toBe(200);
    expect(groupIn(res.json().items, otherGroupId)).toBeUndefined();
    expect(groupIn(res.json().items, groupId)!.schools.map((s) => s.id).sort()).toEqual([d.schoolA1.id, d.schoolB1.id].sort());
  });

  it('a school admin sees the group but only its own school in it', async () => {
    const list = (await adminA1.get('/api/edu-groups')).json().items;
    expect(groupIn(list, groupId)!.schools.map((s) => s.id)).toEqual([d.schoolA1.id]);
    expect(groupIn(list, otherGroupId)).toBeUndefined();
  });

  it('a team member sees only the group schools its team covers', async () => {
    const list = (await memberB.get('/api/edu-groups')).json().items;
    expect(groupIn(list, groupId)!.schools.map((s) => s.id)).toEqual([d.schoolB1.id]);
  });

  it('creates a group, empty, and refuses its name a second time with 409', async () => {
    const name = `新集团-${d.tag}`;
    const res = await staff.post('/api/edu-groups', { name });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name, schools: [] });
    expect(groupIn((await adminA1.get('/api/edu-groups')).json().items, res.json().id)).toBeTruthy();
    const dup = await staff.post('/api/edu-groups', { name: ` ${name} ` });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe(`教育集团“${name}”已存在`);
    const audit = await t().tdb.db.selectFrom('audit_event').select('action').where('object_type', '=', 'edu_group').where('object_id', '=', res.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['edu_group.create']);
  });

  it('refuses a blank or too long name (400, Chinese)', async () => {
    const blank = await staff.post('/api/edu-groups', { name: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toBe('教育集团名称不能为空');
    const long = await staff.post('/api/edu-groups', { name: '集'.repeat(101) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('长度不能超过 100');
  });

  it('refuses roles without edu_group.manage (403)', async () => {
    for (const c of [leader, adminA1, memberB]) {
      const res = await c.post('/api/edu-groups', { name: `越权集团-${d.tag}` });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });
});
