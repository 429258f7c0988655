import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

describe('units API scope', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client, memberA: Client, adminA1: Client;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
    memberA = await login(t().app, d.users.memberA.username, d.users.memberA.password);
    adminA1 = await login(t().app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
  });

  it('bureau staff see every school of the district', async () => {
    const res = await staff.get('/api/units?kind=school');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(4);
  });

  it('a team member sees exactly the schools assigned to its team', async () => {
    const body = (await memberA.get('/api/units?kind=school')).json();
    expect(body.items.map((u: { id: string }) => u.id).sort()).toEqual([d.schoolA1.id, d.schoolA2.id].sort());
  });

  it('a school admin sees its school and its campus, nothing else', async () => {
    const body = (await adminA1.get('/api/units?pageSize=100')).json();
    expect(body.items.map((u: { id: string }) => u.id).sort()).toEqual([d.schoolA1.id, d.campusA1.id].sort());
  });

  it('answers 404 for a unit outside the scope, exactly as for a missing one', async () => {
    const out = await adminA1.get(`/api/units/${d.schoolB1.id}`);
    const missing = await adminA1.get('/api/units/999999999');
    expect(out.statusCode).toBe(404);
    expect(out.json().error.code).toBe('NOT_FOUND');
    expect(out.json()).toEqual(missing.json());
  });

  it('rejects a stale version with 409 and changes nothing', async () => {
    const unit = (await staff.get(`/api/units/${d.schoolB2.id}`)).json();
    const ok = await staff.patch(`/api/units/${d.schoolB2.id}`, { version: unit.version, address: '新地址' });
    expect(ok.statusCode).toBe(200);
    const stale = await staff.patch(`/api/units/${d.schoolB2.id}`, { version: unit.version, address: '旧版本写入' });
    expect(stale.statusCode).toBe(409);
    expect((await staff.get(`/api/units/${d.schoolB2.id}`)).json().address).toBe('新地址');
  });
});

describe('units API filters and exact bodies', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client;
  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
  });

  it('filters schools by kind and by area', async () => {
    const kg = (await staff.get('/api/units?kind=school&schoolKind=kindergarten')).json();
    expect(kg.items.map((u: { id: string }) => u.id)).toEqual([d.schoolA2.id]);
    const area2 = (await staff.get(`/api/units?kind=school&areaId=${d.area2.id}`)).json();
    expect(area2.items.map((u: { id: string }) => u.id).sort()).toEqual([d.schoolB1.id, d.schoolB2.id].sort());
  });

  it('keeps a null in a JSON body as null (clearing enrolment does not store 0)', async () => {
    const u = (await staff.get(`/api/units/${d.schoolB1.id}`)).json();
    const set = (await staff.patch(`/api/units/${d.schoolB1.id}`, { version: u.version, enrolment: 1200 })).json();
    expect(set.enrolment).toBe(1200);
    const cleared = await staff.patch(`/api/units/${d.schoolB1.id}`, { version: set.version, enrolment: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().enrolment).toBeNull();
  });

  it('does not coerce a string into a number in a JSON body', async () => {
    const u = (await staff.get(`/api/units/${d.schoolB1.id}`)).json();
    const res = await staff.patch(`/api/units/${d.schoolB1.id}`, { version: u.version, enrolment: '12abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('enrolment');
  });
});
